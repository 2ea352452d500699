/* The boot pCPU's path from the arch's early init to the VMs, and the path every pCPU takes. */
#include "boot.h"
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

void hv_main(void)
{
	pcpus[0].hw_id = pcpu_hw_ids[0];
	__atomic_store_n(&pcpus[0].online, true, __ATOMIC_RELEASE);
	console_printf("hv: acrn-hv %s, %u pCPUs configured\n", HV_VERSION, pcpu_hw_count);
	boot_print();
	selftest();
	if (pcpu_hw_count > PCPU_MAX)
		panic("%u pCPUs configured, at most %u supported", pcpu_hw_count, PCPU_MAX);
	vm_init_all();
	for (unsigned i = 1; i < pcpu_hw_count; i++) {
		pcpus[i].id = i;
		pcpus[i].hw_id = pcpu_hw_ids[i];
		if (pcpu_arch_start(i, pcpu_hw_ids[i]))
			panic("pCPU%u (hardware id %u) did not start", i, pcpu_hw_ids[i]);
	}
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
		if (boot_option("poweroff")) {
			console_printf("hv: powering off\n");
			platform_arch_poweroff();
		}
	}
	pcpu_arch_halt();
}
