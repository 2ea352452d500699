/* The boot pCPU's path from the arch's early init to the VMs, and the path every pCPU takes. */
#include "boot.h"
#include "config_abi.h"
#include "console.h"
#include "lib.h"
#include "pcpu.h"
#include "vm.h"

#define HV_VERSION "0.1"

struct pcpu pcpus[PCPU_MAX];
static unsigned pcpus_idle;

unsigned pcpu_online_count(void)
{
	unsigned n = 0;

	for (unsigned i = 0; i < PCPU_MAX; i++)
		n += __atomic_load_n(&pcpus[i].online, __ATOMIC_ACQUIRE);
	return n;
}

/* Deliberate faults, so that the boot tests see the exception report work. */
static void selftest(void)
{
	if (boot_option("selftest=pagefault"))
		*(volatile uint64_t *)0x7ff000000000UL = 1;
}

/* The generated tables must have been written for this hypervisor's config_abi.h. */
static void config_check_table(const struct acfg_header *h, uint32_t kind, uint32_t size,
			       const char *what)
{
	if (!acfg_header_ok(h, kind, size))
		panic("configuration table %s does not match this hypervisor: signature 0x%x, "
		      "arch %u, revision %u, kind %u, size %u (expected 0x%x, %u, %u, %u, %u)",
		      what, h->signature, h->arch, h->revision, h->kind, h->size, ACFG_SIGNATURE,
		      ACFG_ARCH_X86_64, ACFG_REVISION, kind, size);
}

static void config_check(void)
{
	config_check_table(&acfg_board.header, ACFG_TABLE_BOARD, sizeof(acfg_board), "acfg_board");
	config_check_table(&acfg_hv.header, ACFG_TABLE_HV, sizeof(acfg_hv), "acfg_hv");
	config_check_table(&acfg_vms.header, ACFG_TABLE_VMS, sizeof(acfg_vms), "acfg_vms");
	if (!acfg_board.pcpu_count || acfg_board.pcpu_count > PCPU_MAX)
		panic("%u pCPUs configured, 1 to %u supported", acfg_board.pcpu_count, PCPU_MAX);
	for (unsigned i = 0; i < acfg_board.pcpu_count; i++)
		if (acfg_board.pcpus[i].id != i)
			panic("pCPU%u of the board tables has id %u", i, acfg_board.pcpus[i].id);
}

/* Every configured pCPU but the boot one, started by its APIC id from the board tables. */
static void pcpus_start(void)
{
	for (unsigned i = 1; i < acfg_board.pcpu_count; i++) {
		uint32_t hw_id = acfg_board.pcpus[i].apic_id;

		pcpus[i].id = i;
		pcpus[i].hw_id = hw_id;
		if (pcpu_arch_start(i, hw_id))
			panic("pCPU%u (hardware id %u) did not start", i, hw_id);
	}
}

void hv_main(void)
{
	__atomic_store_n(&pcpus[0].online, true, __ATOMIC_RELEASE);
	config_check();
	pcpus[0].hw_id = acfg_board.pcpus[0].apic_id;
	console_printf("hv: acrn-hv %s, %u pCPUs configured, %u VMs, board %s\n", HV_VERSION,
		       acfg_board.pcpu_count, acfg_vms.vm_count, acfg_board.name);
	boot_print();
	selftest();
	vm_init_all();
	pcpus_start();
	pcpu_main();
}

void pcpu_main(void)
{
	unsigned id = pcpu_arch_id();
	char desc[80];

	__atomic_store_n(&pcpus[id].online, true, __ATOMIC_RELEASE);
	pcpu_arch_describe(desc, sizeof(desc));
	console_printf("hv: pCPU%u: up, hardware id %u (%s)\n", id, pcpu_arch_hw_id(), desc);
	if (pcpu_arch_hw_id() != pcpus[id].hw_id)
		panic("pCPU%u is configured as hardware id %u", id, pcpus[id].hw_id);
	if (pcpu_arch_enable_virt())
		panic("cannot enable hardware virtualisation");
	pcpus[id].vcpu = vm_vcpu_of_pcpu(id);
	if (pcpus[id].vcpu)
		vcpu_run(pcpus[id].vcpu);
	pcpu_idle();
}

/* The last pCPU to go idle ends the run when the command line says "poweroff". */
void pcpu_idle(void)
{
	unsigned id = pcpu_arch_id();
	unsigned idle = __atomic_add_fetch(&pcpus_idle, 1, __ATOMIC_SEQ_CST);

	console_printf("hv: pCPU%u: idle\n", id);
	if (idle == pcpu_online_count()) {
		console_printf("hv: all pCPUs idle\n");
		if (boot_option("poweroff"))
			platform_arch_poweroff();
	}
	pcpu_arch_halt();
}
