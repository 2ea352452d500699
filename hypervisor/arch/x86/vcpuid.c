/*
 * CPUID as a guest sees it: the CPU's answer, less every feature the guest could not use as the
 * architecture says, plus what the hypervisor adds. Hidden: VMX and SMX (no nested
 * virtualization, no secure launch); MONITOR/MWAIT (they exit and raise #UD, so a vCPU idles
 * with HLT, which the hypervisor sees); the features whose MSRs vmsr.c refuses (thermal and
 * power management with APERF/MPERF, which Linux would otherwise read on every tick, debug
 * store, performance monitoring, machine check, TSC_ADJUST, IA32_ARCH_CAPABILITIES and
 * IA32_CORE_CAPABILITIES, RDT, SGX, processor trace, MPX); XSAVES, which the VMCS does not enable;
 * RDTSCP, RDPID and INVPCID when the CPU cannot enable them for a guest. Added: the hypervisor bit,
 * x2APIC (the vLAPIC's mode), the vCPU's own APIC id, OSXSAVE and OSPKE from the guest's CR4, and
 * ACRN's leaves: 0x40000000 with "ACRNACRNACRN", 0x40000001 with ACRN's "privileged VM" feature
 * (EAX bit 0) for the Service VM alone (Linux's HSM driver starts only where it is set), and
 * 0x40000010 with the TSC frequency in kHz, which Linux takes instead of calibrating against the
 * PIT. The speculation controls the CPU has (IBRS
 * and IBPB, STIBP, L1D flush, SSBD, MD_CLEAR) are offered: their MSRs are the guest's (vmsr.c).
 */
#include "x86.h"
#include "vmx.h"
#include "vlapic.h"
#include "vm.h"

#define ACRN_SIGNATURE	      0x4e524341U /* "ACRN" */
#define LEAF_HV_BASE	      0x40000000U
#define LEAF_HV_FEATURES      0x40000001U /* EAX: ACRN's features */
#define LEAF_HV_TIMING	      0x40000010U /* EAX: the TSC frequency in kHz */
#define HV_FEATURE_PRIVILEGED 0x1U	  /* the Service VM */
#define LEAF_HV_MASK	      0xffffff00U /* the hypervisor leaves 0x400000xx */

/* CPUID.1 */
#define L1_ECX_HIDDEN                                                                              \
	(0x4U /* DTES64 */ | 0x8U /* MONITOR */ | 0x10U /* DS-CPL */ | 0x20U /* VMX */ |           \
	 0x40U /* SMX */ | 0x80U /* EST */ | 0x100U /* TM2 */ | 0x4000U /* xTPR */ |               \
	 0x8000U /* PDCM */ | 0x40000U /* DCA */)
#define L1_ECX_OSXSAVE 0x8000000U
#define L1_ECX_HV      0x80000000U
#define L1_EDX_HIDDEN                                                                              \
	(0x80U /* MCE */ | 0x4000U /* MCA */ | 0x40000U /* PSN */ | 0x200000U /* DS */ |           \
	 0x400000U /* ACPI thermal */ | 0x20000000U /* TM */ | 0x80000000U /* PBE */)

/* CPUID.6: only "the APIC timer always runs" */
#define L6_EAX_ARAT 0x4U

/* CPUID.(7,0) */
#define L7_EBX_HIDDEN                                                                              \
	(0x2U /* TSC_ADJUST */ | 0x4U /* SGX */ | 0x1000U /* RDT monitoring */ |                   \
	 0x4000U /* MPX */ | 0x8000U /* RDT allocation */ | 0x2000000U /* processor trace */)
#define L7_EBX_INVPCID 0x400U
#define L7_ECX_HIDDEN                                                                              \
	(0x20U /* WAITPKG */ | 0x40000000U /* SGX launch control */ | 0x80000000U /* PKS */)
#define L7_ECX_OSPKE 0x10U
#define L7_ECX_RDPID 0x400000U
#define L7_EDX_HIDDEN                                                                              \
	(0x200U /* SRBDS control */ | 0x2000U /* TSX force abort */ | 0x40000U /* PCONFIG */ |     \
	 0x100000U /* CET IBT */ | 0x60000000U /* ARCH_CAPABILITIES, CORE_CAPABILITIES */)

/* CPUID.(0xD,1).EAX: XSAVEOPT, XSAVEC and XGETBV with ECX=1; not XSAVES or XFD */
#define LD1_EAX_KEEP 0x7U

#define LX1_EDX_RDTSCP	  0x8000000U
#define LX7_EDX_INV_TSC	  0x100U /* the TSC runs at a constant rate in every state */
#define CR4_PKE_SHIFT	  22U
#define CR4_OSXSAVE_SHIFT 18U

#define EAX 0U
#define EBX 1U
#define ECX 2U
#define EDX 3U

/* Leaves that describe what a guest has no use for: all zero. */
static bool leaf_hidden(uint32_t leaf)
{
	return (leaf == 0x5U) /* MONITOR/MWAIT */ || (leaf == 0xaU) /* performance monitoring */ ||
	       (leaf == 0xfU) || (leaf == 0x10U) /* RDT */ || (leaf == 0x12U) /* SGX */ ||
	       (leaf == 0x14U) /* processor trace */ || (leaf == 0x1bU) /* PCONFIG */;
}

static bool proc2_has(uint32_t control)
{
	return (vmread(PROC2_CONTROLS) & control) != 0U;
}

static void leaf1(const struct vcpu *v, uint32_t r[4])
{
	uint64_t cr4 = vmread(GUEST_CR4);

	r[EBX] = (r[EBX] & 0x00ffffffU) | (v->id << 24);
	r[ECX] = (r[ECX] & ~(L1_ECX_HIDDEN | L1_ECX_OSXSAVE)) | L1_ECX_HV | VLAPIC_CPUID1_ECX;
	r[ECX] |= (uint32_t)((cr4 & CR4_OSXSAVE) >> CR4_OSXSAVE_SHIFT) << 27;
	r[EDX] &= ~L1_EDX_HIDDEN;
}

static void leaf7(uint32_t sub, uint32_t r[4])
{
	uint64_t cr4 = vmread(GUEST_CR4);

	if (sub != 0U) {
		r[EAX] = 0U;
		r[EBX] = 0U;
		r[ECX] = 0U;
		r[EDX] = 0U;
		return;
	}
	r[EAX] = 0U; /* no subleaf beyond 0 */
	r[EBX] &= ~L7_EBX_HIDDEN;
	r[ECX] &= ~(L7_ECX_HIDDEN | L7_ECX_OSPKE);
	r[ECX] |= (uint32_t)((cr4 & CR4_PKE) >> CR4_PKE_SHIFT) << 4;
	r[EDX] &= ~L7_EDX_HIDDEN;
	if (!proc2_has(PROC2_INVPCID)) {
		r[EBX] &= ~L7_EBX_INVPCID;
	}
	if (!proc2_has(PROC2_RDTSCP)) {
		r[ECX] &= ~L7_ECX_RDPID;
	}
}

/* ACRN's leaves; the others of 0x400000xx are zero. */
static void leaf_hv(const struct vcpu *v, uint32_t leaf, uint32_t r[4])
{
	r[EAX] = 0U;
	r[EBX] = 0U;
	r[ECX] = 0U;
	r[EDX] = 0U;
	if (leaf == LEAF_HV_BASE) {
		r[EAX] = LEAF_HV_TIMING;
		r[EBX] = ACRN_SIGNATURE;
		r[ECX] = ACRN_SIGNATURE;
		r[EDX] = ACRN_SIGNATURE;
	} else if (leaf == LEAF_HV_TIMING) {
		r[EAX] = (uint32_t)(tsc_per_10ms / 10U);
	} else if ((leaf == LEAF_HV_FEATURES) && (v->vm->cfg->load_order == ACFG_LOAD_SERVICE)) {
		r[EAX] = HV_FEATURE_PRIVILEGED;
	} else {
		/* no other ACRN feature */
	}
}

static void leaf_other(uint32_t leaf, uint32_t sub, uint32_t r[4])
{
	if (leaf_hidden(leaf)) {
		r[EAX] = 0U;
		r[EBX] = 0U;
		r[ECX] = 0U;
		r[EDX] = 0U;
	} else if (leaf == 6U) {
		r[EAX] &= L6_EAX_ARAT;
		r[EBX] = 0U;
		r[ECX] = 0U; /* no APERF/MPERF, no energy-performance bias */
		r[EDX] = 0U;
	} else if ((leaf == 0xdU) && (sub == 1U)) {
		r[EAX] &= LD1_EAX_KEEP;
		r[ECX] = 0U; /* no supervisor state in IA32_XSS */
		r[EDX] = 0U;
	} else if (leaf == 0xdU) {
		xstate_cpuid(sub, r);
	} else if ((leaf == 0x80000001U) && !proc2_has(PROC2_RDTSCP)) {
		r[EDX] &= ~LX1_EDX_RDTSCP;
	} else if (leaf == 0x80000007U) {
		r[EAX] = 0U;
		r[EBX] = 0U;
		r[ECX] = 0U;
		r[EDX] &= LX7_EDX_INV_TSC;
	} else {
		/* the CPU's answer */
	}
}

void vcpuid(const struct vcpu *v, uint32_t leaf, uint32_t sub, uint32_t r[4])
{
	if ((leaf & LEAF_HV_MASK) == LEAF_HV_BASE) {
		leaf_hv(v, leaf, r);
		return;
	}
	cpuid(leaf, sub, r);
	if (leaf == 1U) {
		leaf1(v, r);
	} else if (leaf == 7U) {
		leaf7(sub, r);
	} else if ((leaf == 0xbU) || (leaf == 0x1fU)) {
		r[EDX] = v->id; /* the x2APIC id */
	} else {
		leaf_other(leaf, sub, r);
	}
}
