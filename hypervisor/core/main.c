/* The boot pCPU's path from the arch's early init to the VMs, and the path every pCPU takes. */
#include "boot.h"
#include "config_abi.h"
#include "console.h"
#include "lib.h"
#include "mm.h"
#include "pcpu.h"
#include "vacpi.h"
#include "vm.h"

#define HV_VERSION "0.1"

struct pcpu pcpu_table[PCPU_MAX];

static unsigned pcpu_online_count(void)
{
	unsigned n = 0U;

	for (unsigned i = 0U; i < PCPU_MAX; i++) {
		bool online = __atomic_load_n(&pcpu_table[i].online, __ATOMIC_ACQUIRE);

		if (online) {
			n++;
		}
	}
	return n;
}

/* Deliberate faults, so that the boot tests see the exception report work. */
static void selftest(void)
{
	if (boot_option("selftest=pagefault")) {
		/* cppcheck-suppress misra-c2012-11.5 ; an address nothing maps, written to fault */
		volatile uint64_t *unmapped = mm_hva(0x7ff000000000UL);

		*unmapped = 1U;
	}
}

/* The generated tables must have been written for this hypervisor's config_abi.h. */
static void config_check_table(const struct acfg_header *h, uint32_t kind, uint32_t size,
			       const char *what)
{
	if (!acfg_header_ok(h, kind, size)) {
		panic("configuration table %s does not match this hypervisor: signature 0x%x, "
		      "arch %u, revision %u, kind %u, size %u (expected 0x%x, %u, %u, %u, %u)",
		      what, h->signature, h->arch, h->revision, h->kind, h->size, ACFG_SIGNATURE,
		      ACFG_ARCH_X86_64, ACFG_REVISION, kind, size);
	}
}

/* Each VM's ACPI tables, before anything copies them into its memory (vacpi.h). */
static void config_check_acpi(void)
{
	char why[120];

	config_check_table(&acfg_acpi.header, ACFG_TABLE_ACPI, sizeof(acfg_acpi), "acfg_acpi");
	if ((acfg_acpi.vm_count != acfg_vms.vm_count) ||
	    ((acfg_acpi.vms == NULL) && (acfg_acpi.vm_count != 0U))) {
		panic("acfg_acpi has tables for %u VMs, acfg_vms has %u VMs", acfg_acpi.vm_count,
		      acfg_vms.vm_count);
	}
	for (uint32_t i = 0U; i < acfg_acpi.vm_count; i++) {
		const struct acfg_vm *c = &acfg_vms.vms[i];

		if (vacpi_check_vm(&acfg_acpi.vms[i], c->load_order == ACFG_LOAD_PRE_LAUNCHED, why,
				   sizeof(why)) != 0) {
			panic("VM %u (%s): its ACPI tables cannot be used: %s", i, vm_cfg_name(c),
			      why);
		}
	}
}

static void config_check(void)
{
	config_check_table(&acfg_board.header, ACFG_TABLE_BOARD, sizeof(acfg_board), "acfg_board");
	config_check_table(&acfg_hv.header, ACFG_TABLE_HV, sizeof(acfg_hv), "acfg_hv");
	config_check_table(&acfg_vms.header, ACFG_TABLE_VMS, sizeof(acfg_vms), "acfg_vms");
	config_check_acpi();
	if ((acfg_board.pcpu_count == 0U) || (acfg_board.pcpu_count > PCPU_MAX)) {
		panic("%u pCPUs configured, 1 to %u supported", acfg_board.pcpu_count, PCPU_MAX);
	}
	for (unsigned i = 0U; i < acfg_board.pcpu_count; i++) {
		if (acfg_board.pcpus[i].id != i) {
			panic("pCPU%u of the board tables has id %u", i, acfg_board.pcpus[i].id);
		}
	}
}

/* Every configured pCPU but the boot one, started by its APIC id from the board tables. */
static void pcpus_start(void)
{
	for (unsigned i = 1U; i < acfg_board.pcpu_count; i++) {
		uint32_t hw_id = acfg_board.pcpus[i].apic_id;

		pcpu_table[i].id = i;
		pcpu_table[i].hw_id = hw_id;
		if (pcpu_arch_start(i, hw_id) != 0) {
			panic("pCPU%u (hardware id %u) did not start", i, hw_id);
		}
	}
}

void hv_main(void)
{
	__atomic_store_n(&pcpu_table[0].online, true, __ATOMIC_RELEASE);
	config_check();
	pcpu_table[0].hw_id = acfg_board.pcpus[0].apic_id;
	console_printf("hv: acrn-hv %s, %u pCPUs configured, %u VMs, board %s (TSC %lu)\n",
		       HV_VERSION, acfg_board.pcpu_count, acfg_vms.vm_count, acfg_board.name,
		       pcpu_arch_cycles());
	boot_print();
	boot_check_area();
	selftest();
	vm_init_all();
	pcpus_start();
	pcpu_main();
}

/* The last pCPU to go idle ends the run when the command line says "poweroff". */
static NORETURN void pcpu_idle(void)
{
	unsigned id = pcpu_arch_id();
	static unsigned pcpus_idle;
	unsigned idle = __atomic_add_fetch(&pcpus_idle, 1U, __ATOMIC_SEQ_CST);

	console_printf("hv: pCPU%u: idle\n", id);
	if (idle == pcpu_online_count()) {
		console_printf("hv: all pCPUs idle\n");
		if (boot_option("poweroff")) {
			platform_arch_poweroff();
		}
	}
	pcpu_arch_halt();
}

void pcpu_main(void)
{
	unsigned id = pcpu_arch_id();
	char desc[80];

	__atomic_store_n(&pcpu_table[id].online, true, __ATOMIC_RELEASE);
	pcpu_arch_describe(desc, sizeof(desc));
	console_printf("hv: pCPU%u: up, hardware id %u (%s)\n", id, pcpu_arch_hw_id(), desc);
	if (pcpu_arch_hw_id() != pcpu_table[id].hw_id) {
		panic("pCPU%u is configured as hardware id %u", id, pcpu_table[id].hw_id);
	}
	if (pcpu_arch_enable_virt() != 0) {
		panic("cannot enable hardware virtualisation");
	}
	pcpu_table[id].vcpu = vm_vcpu_of_pcpu(id);
	if (sched_shared(id)) {
		sched_run(id);
	} else if (pcpu_table[id].vcpu != NULL) {
		vcpu_run(pcpu_table[id].vcpu);
	} else {
		/* no VM uses this pCPU */
	}
	pcpu_idle();
}
