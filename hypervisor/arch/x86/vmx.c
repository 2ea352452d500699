/* VMX operation on each pCPU: checks, CR0/CR4 fixed bits, VMXON; controls fitted to the MSRs. */
#include "x86.h"
#include "vmx.h"
#include "console.h"
#include "mm.h"
#include "pcpu.h"

#define FC_LOCKED	 0x1UL
#define FC_VMXON	 0x4UL /* VMXON outside SMX */
#define CPUID1_ECX_VMX	 0x20U
#define CPUID1_ECX_XSAVE 0x4000000U

/*
 * Fits the controls we want to a capability MSR (the TRUE_ one when VMX_BASIC says so): bits the
 * CPU requires are added; a wanted bit it cannot set clears *ok and is reported.
 */
uint32_t vmx_fit(uint32_t want, uint32_t msr, const char *what, bool *ok)
{
	uint32_t cap_msr = msr;
	uint64_t cap;
	uint32_t must;
	uint32_t may;

	if ((msr != MSR_VMX_PROCBASED2) && ((rdmsr(MSR_VMX_BASIC) & VMX_BASIC_TRUE_CTLS) != 0U)) {
		cap_msr += VMX_TRUE_OFFSET;
	}
	cap = rdmsr(cap_msr);
	must = (uint32_t)cap;
	may = (uint32_t)(cap >> 32);
	if ((want & ~may) != 0U) {
		console_printf("hv: pCPU%u: %s controls 0x%x not supported (allowed 0x%x)\n",
			       pcpu_arch_id(), what, want & ~may, may);
		*ok = false;
	}
	return (want | must) & may;
}

/* What the hypervisor needs: EPT with 4-level walks and write-back, and unrestricted guest. */
static int vmx_check_caps(unsigned id)
{
	uint32_t may_proc = (uint32_t)(rdmsr(MSR_VMX_PROCBASED) >> 32);
	uint32_t may_proc2 = (uint32_t)(rdmsr(MSR_VMX_PROCBASED2) >> 32);
	uint32_t need2 = PROC2_EPT | PROC2_UNRESTRICTED;
	uint64_t ept;

	if (((may_proc & PROC_SECONDARY) == 0U) || ((may_proc2 & need2) != need2)) {
		console_printf("hv: pCPU%u: VMX without EPT and unrestricted guest\n", id);
		return -1;
	}
	ept = rdmsr(MSR_VMX_EPT_VPID_CAP);
	if ((ept & (EPT_CAP_WALK4 | EPT_CAP_WB)) != (EPT_CAP_WALK4 | EPT_CAP_WB)) {
		console_printf("hv: pCPU%u: EPT without 4-level walks or write-back (0x%lx)\n", id,
			       ept);
		return -1;
	}
	return 0;
}

/* VMXON needs IA32_FEATURE_CONTROL locked with VMXON outside SMX; lock it if the BIOS did not. */
static int vmx_check_feature_control(unsigned id)
{
	uint64_t fc = rdmsr(MSR_FEATURE_CONTROL);

	if ((fc & FC_LOCKED) == 0U) {
		wrmsr(MSR_FEATURE_CONTROL, fc | FC_VMXON | FC_LOCKED);
		fc = rdmsr(MSR_FEATURE_CONTROL);
	}
	if ((fc & FC_VMXON) == 0U) {
		console_printf("hv: pCPU%u: VMX disabled by the firmware (FEATURE_CONTROL 0x%lx)\n",
			       id, fc);
		return -1;
	}
	return 0;
}

int pcpu_arch_enable_virt(void)
{
	unsigned id = pcpu_arch_id();
	uint32_t r[4];
	uint64_t *region;
	uint64_t basic;

	cpuid(1U, 0U, r);
	if ((r[2] & CPUID1_ECX_VMX) == 0U) {
		console_printf("hv: pCPU%u: no VMX (CPUID.1:ECX bit 5 clear)\n", id);
		return -1;
	}
	if ((vmx_check_feature_control(id) != 0) || (vmx_check_caps(id) != 0)) {
		return -1;
	}
	basic = rdmsr(MSR_VMX_BASIC);
	write_cr0((read_cr0() | rdmsr(MSR_VMX_CR0_FIXED0)) & rdmsr(MSR_VMX_CR0_FIXED1));
	write_cr4((read_cr4() | CR4_VMXE | rdmsr(MSR_VMX_CR4_FIXED0)) & rdmsr(MSR_VMX_CR4_FIXED1));
	if ((r[2] & CPUID1_ECX_XSAVE) != 0U) {
		/* so that XSETBV can load a guest's XCR0 (the hypervisor uses no extended state) */
		write_cr4(read_cr4() | CR4_OSXSAVE);
	}
	xstate_setup();
	region = page_alloc();
	region[0] = basic & 0x7fffffffUL; /* the VMCS revision */
	if (!vmxon(mm_hpa(region))) {
		console_printf("hv: pCPU%u: VMXON failed\n", id);
		return -1;
	}
	console_printf("hv: pCPU%u: VMX on (VMCS revision 0x%x, %s controls, EPT, unrestricted "
		       "guest)\n",
		       id, (unsigned)region[0],
		       ((basic & VMX_BASIC_TRUE_CTLS) != 0U) ? "true" : "default");
	return 0;
}
