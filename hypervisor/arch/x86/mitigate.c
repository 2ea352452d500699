/*
 * The defences against what one VM could learn of or do to another through the hardware they
 * share, decided once on the boot pCPU from the CPU and the scenario's switches (acfg_hv.features),
 * and the boot log's "mitigations:" line, which reads each one back from the state it sets.
 */
#include "x86.h"
#include "vmx.h"
#include "console.h"

void mitigations_init(void)
{
	const char *itlb = ept_itlb_multihit_init();

	console_printf("hv: mitigations: machine checks: CR4.MCE %s, %u banks; iTLB multihit: %s\n",
		       ((read_cr4() & CR4_MCE) != 0U) ? "on" : "off", x86_cpus[0].mc_banks, itlb);
}
