/*
 * Guest RDMSR and WRMSR: every access exits (but those of a few MSRs the CPU can leave to the
 * guest, vmsr_bitmap_init), and only the MSRs below are allowed. An MSR not
 * listed, a write to a read-only one, or a value the hardware would refuse gets #GP (the caller
 * injects it and reports the access). The guest's value lives where the hardware keeps it for
 * the guest: a VMCS guest-state field, or the pCPU's own MSR, which only this vCPU uses (a pCPU
 * runs one vCPU, and the hypervisor uses none of those MSRs itself); or it is a constant (what
 * Linux reads at boot: MISC_ENABLE, the microcode revision, the MTRR capabilities), or the
 * vCPU's own copy (the MTRR default type, which changes nothing under EPT: the EPT memory type
 * and the guest's PAT decide). The features whose MSRs are missing here are hidden from CPUID
 * (vcpuid.c), so a guest that believes CPUID never meets the #GP. Where the CPU has them, the
 * speculation controls are the guest's own, in the pCPU's MSRs: IA32_SPEC_CTRL (the bits CPUID
 * offers: IBRS, STIBP, SSBD), IA32_PRED_CMD (IBPB) and IA32_FLUSH_CMD (L1D flush), so that it
 * can protect itself (the hypervisor uses retpolines, not IBRS, and sets none of them).
 */
#include "x86.h"
#include "vmx.h"
#include "lib.h"
#include "mm.h"

#define MSR_TSC		   0x10U
#define MSR_UCODE_REV	   0x8bU
#define MSR_MTRR_CAP	   0xfeU
#define MSR_MISC_ENABLE	   0x1a0U
#define MSR_MTRR_DEF_TYPE  0x2ffU
#define MSR_STAR	   0xc0000081U
#define MSR_LSTAR	   0xc0000082U
#define MSR_CSTAR	   0xc0000083U
#define MSR_FMASK	   0xc0000084U
#define MSR_KERNEL_GS_BASE 0xc0000102U
#define MSR_TSC_AUX	   0xc0000103U
#define MSR_SPEC_CTRL	   0x48U
#define MSR_PRED_CMD	   0x49U
#define MSR_FLUSH_CMD	   0x10bU
#define L7_EDX_IBRS	   0x4000000U /* IBRS and IBPB */
#define L7_EDX_STIBP	   0x8000000U
#define L7_EDX_L1D_FLUSH   0x10000000U
#define L7_EDX_SSBD	   0x80000000U

#define FEATURE_CONTROL_LOCKED 0x1UL /* locked with VMX off: no nested VMX */
/* fast strings; branch trace store and PEBS unavailable (no debug store); no MONITOR/MWAIT */
#define MISC_ENABLE_VALUE 0x1801UL
#define EFER_SCE	  0x1UL
#define MTRR_DEF_ENABLE	  0x800UL
#define MTRR_TYPE_WB	  6UL

/* guest_msr.home: where the guest's value lives */
#define HOME_VMCS  0U /* field: the VMCS guest-state field */
#define HOME_PCPU  1U /* the pCPU's MSR itself */
#define HOME_CONST 2U /* reads as value; written only as check allows */
#define HOME_TSC   3U /* the time-stamp counter, read only */
#define HOME_VCPU  4U /* the vCPU's copy: the MTRR default type */

/* guest_msr.check: what a write may hold */
#define ANY	  0U /* any 64-bit value */
#define LOW32	  1U /* bits 63:32 clear */
#define CANONICAL 2U /* a canonical linear address */
#define PAT	  3U /* eight valid memory types */
#define EFER	  4U /* SCE, LME, NXE; LMA as it is; LME only while paging is off */
#define READONLY  5U /* no write */
#define SAME	  6U /* only the value it holds (a write that changes nothing) */
#define MTRR_DEF  7U /* a valid memory type, fixed-range and MTRR enables */

struct guest_msr {
	uint32_t msr;
	uint8_t home;	/* HOME_* */
	uint8_t check;	/* ANY ... EFER, for writes */
	uint32_t field; /* HOME_VMCS */
	uint64_t value; /* HOME_CONST */
};

static const struct guest_msr guest_msrs[] = {
    {MSR_TSC, HOME_TSC, READONLY, 0, 0},
    {MSR_FEATURE_CONTROL, HOME_CONST, READONLY, 0, FEATURE_CONTROL_LOCKED},
    {MSR_UCODE_REV, HOME_CONST, SAME, 0, 0},	/* Linux writes 0, runs CPUID, reads it */
    {MSR_MTRR_CAP, HOME_CONST, READONLY, 0, 0}, /* no variable or fixed ranges, no WC */
    {MSR_MISC_ENABLE, HOME_CONST, SAME, 0, MISC_ENABLE_VALUE},
    {MSR_MTRR_DEF_TYPE, HOME_VCPU, MTRR_DEF, 0, 0},
    {MSR_SYSENTER_CS, HOME_VMCS, LOW32, GUEST_SYSENTER_CS, 0},
    {MSR_SYSENTER_ESP, HOME_VMCS, CANONICAL, GUEST_SYSENTER_ESP, 0},
    {MSR_SYSENTER_EIP, HOME_VMCS, CANONICAL, GUEST_SYSENTER_EIP, 0},
    {MSR_PAT, HOME_VMCS, PAT, GUEST_PAT, 0},
    {MSR_EFER, HOME_VMCS, EFER, GUEST_EFER, 0},
    {MSR_STAR, HOME_PCPU, ANY, 0, 0},
    {MSR_LSTAR, HOME_PCPU, CANONICAL, 0, 0},
    {MSR_CSTAR, HOME_PCPU, CANONICAL, 0, 0},
    {MSR_FMASK, HOME_PCPU, LOW32, 0, 0},
    {MSR_FS_BASE, HOME_VMCS, CANONICAL, GUEST_FS_BASE, 0},
    {MSR_GS_BASE, HOME_VMCS, CANONICAL, GUEST_GS_BASE, 0},
    {MSR_KERNEL_GS_BASE, HOME_PCPU, CANONICAL, 0, 0},
    {MSR_TSC_AUX, HOME_PCPU, LOW32, 0, 0},
};

#define GUEST_MSR_COUNT (sizeof(guest_msrs) / sizeof(guest_msrs[0]))
_Static_assert(GUEST_MSR_COUNT <= VMSR_PCPU_MAX, "vcpu_arch.pcpu_msrs holds every guest MSR");

static const struct guest_msr *guest_msr(uint32_t msr)
{
	for (unsigned i = 0U; i < GUEST_MSR_COUNT; i++) {
		if (guest_msrs[i].msr == msr) {
			return &guest_msrs[i];
		}
	}
	return NULL;
}

static bool pat_valid(uint64_t v)
{
	bool valid = true;

	for (unsigned i = 0U; i < 8U; i++) {
		unsigned shift = 8U * i;
		unsigned type = (unsigned)((v >> shift) & 0xffUL);

		if ((type == 2U) || (type == 3U) || (type > 7U)) {
			valid = false;
		}
	}
	return valid;
}

/* A memory type MTRRs may hold: UC, WC, WT, WP, WB. */
static bool mtrr_def_valid(uint64_t v)
{
	uint64_t type = v & 0xffUL;

	return ((v & ~0xcffUL) == 0U) && (type != 2U) && (type != 3U) && (type <= 6U);
}

/* EFER: defined bits only, and LME changes only while paging is off (else #GP, as the CPU
 * does: a VM entry with LME unlike LMA under paging would fail). */
static bool efer_valid(uint64_t v)
{
	bool lme_change = ((v ^ vmread(GUEST_EFER)) & EFER_LME) != 0U;

	return ((v & ~(EFER_SCE | EFER_LME | EFER_LMA | EFER_NXE)) == 0U) &&
	       !(lme_change && ((vmread(GUEST_CR0) & CR0_PG) != 0U));
}

/* Bits 63:47 all equal: what a 48-bit linear address sign-extends to. */
static bool canonical(uint64_t v)
{
	uint64_t top = v >> 47;

	return (top == 0U) || (top == 0x1ffffU);
}

static bool value_valid(const struct guest_msr *m, uint64_t v)
{
	bool valid;

	switch (m->check) {
	case LOW32:
		valid = (v >> 32) == 0U;
		break;
	case CANONICAL:
		valid = canonical(v);
		break;
	case PAT:
		valid = pat_valid(v);
		break;
	case EFER:
		valid = efer_valid(v);
		break;
	case READONLY:
		valid = false;
		break;
	case SAME:
		valid = v == m->value;
		break;
	case MTRR_DEF:
		valid = mtrr_def_valid(v);
		break;
	default:
		valid = true;
		break;
	}
	return valid;
}

static uint32_t leaf7_edx(void)
{
	uint32_t r[4];

	cpuid(7U, 0U, r);
	return r[3];
}

/* The IA32_SPEC_CTRL bits the CPU has (0: no such MSR). */
static uint64_t spec_ctrl_bits(void)
{
	uint32_t edx = leaf7_edx();

	return (((edx & L7_EDX_IBRS) != 0U) ? 1UL : 0UL) |
	       (((edx & L7_EDX_STIBP) != 0U) ? 2UL : 0UL) |
	       (((edx & L7_EDX_SSBD) != 0U) ? 4UL : 0UL);
}

/* A write to a command MSR the CPU has: 1 runs the command, 0 nothing; false: #GP. */
static bool spec_command(uint32_t msr, uint64_t value)
{
	uint32_t need = (msr == MSR_PRED_CMD) ? L7_EDX_IBRS : L7_EDX_L1D_FLUSH;
	bool ok = ((leaf7_edx() & need) != 0U) && (value <= 1U);

	if (ok && (value == 1U)) {
		wrmsr(msr, 1U);
	}
	return ok;
}

#define BITMAP_WRITES 256U /* words: reads of low and high MSRs, then writes, 1 KiB each */
#define BITMAP_HIGH   128U /* words to the MSRs 0xc0000000-0xc0001fff */

/* The MSR's bit in the read or write half (words from first) cleared: no exit for it. */
static void bitmap_pass(uint64_t *bitmap, unsigned first, uint32_t msr)
{
	unsigned word =
	    first + (((msr & 0xc0000000U) != 0U) ? BITMAP_HIGH : 0U) + ((msr & 0x1fffU) >> 6);

	bitmap[word] &= ~(1UL << (msr & 0x3fU));
}

/*
 * MSRs the guest reads and writes without an exit, through the VMCS's MSR bitmap: the bases of
 * FS and GS (guest state the VMCS switches), KERNEL_GS_BASE and the SYSCALL targets STAR, LSTAR
 * and CSTAR (the pCPU's own MSRs, which only this vCPU uses and the hypervisor never does), whose
 * values the CPU checks as the allow-list above would (a non-canonical address raises #GP on the
 * CPU itself); and reads of the TSC, which the guest reads unchanged anyway. Linux writes them on
 * context switches and at each CPU's start. Every other MSR exits.
 */
static void vmsr_bitmap_init(void)
{
	static const uint32_t direct_msrs[] = {MSR_FS_BASE, MSR_GS_BASE, MSR_KERNEL_GS_BASE,
					       MSR_STAR,    MSR_LSTAR,	 MSR_CSTAR};
	uint32_t may = (uint32_t)(rdmsr(MSR_VMX_PROCBASED) >> 32);
	uint64_t *bitmap;

	if ((may & PROC_MSR_BITMAP) == 0U) {
		return; /* every MSR exits */
	}
	bitmap = page_alloc();
	(void)memset(bitmap, 0xff, PAGE_SIZE);
	for (unsigned i = 0U; i < (sizeof(direct_msrs) / sizeof(direct_msrs[0])); i++) {
		bitmap_pass(bitmap, 0U, direct_msrs[i]);
		bitmap_pass(bitmap, BITMAP_WRITES, direct_msrs[i]);
	}
	bitmap_pass(bitmap, 0U, MSR_TSC);
	vmwrite(MSR_BITMAP_ADDR, mm_hpa(bitmap));
	vmwrite(PROC_CONTROLS, vmread(PROC_CONTROLS) | PROC_MSR_BITMAP);
}

/* The pCPU's MSRs start clear for its vCPU: nothing of the firmware's values shows through.
 * The MTRRs read as a firmware leaves them: enabled, write-back by default. */
void vmsr_init(struct vcpu_arch *a)
{
	a->mtrr_def_type = MTRR_DEF_ENABLE | MTRR_TYPE_WB;
	if (spec_ctrl_bits() != 0U) {
		wrmsr(MSR_SPEC_CTRL, 0U);
	}
	for (unsigned i = 0U; i < GUEST_MSR_COUNT; i++) {
		if (guest_msrs[i].home == HOME_PCPU) {
			wrmsr(guest_msrs[i].msr, 0U);
		}
	}
	vmsr_bitmap_init();
}

/*
 * A pCPU the Service VM shares with post-launched vCPUs: the MSRs the guest owns on the pCPU
 * (HOME_PCPU, SPEC_CTRL) and CR2, which no VMCS holds, go with the vCPU that leaves and come back
 * with the one that returns, so one guest never sees or changes another's (a zeroed LSTAR sent
 * the Service VM's next SYSCALL to address 0).
 */
void vmsr_save(struct vcpu_arch *a)
{
	for (unsigned i = 0U; i < GUEST_MSR_COUNT; i++) {
		if (guest_msrs[i].home == HOME_PCPU) {
			a->pcpu_msrs[i] = rdmsr(guest_msrs[i].msr);
		}
	}
	if (spec_ctrl_bits() != 0U) {
		a->spec_ctrl = rdmsr(MSR_SPEC_CTRL);
	}
	a->cr2 = read_cr2();
}

void vmsr_restore(const struct vcpu_arch *a)
{
	for (unsigned i = 0U; i < GUEST_MSR_COUNT; i++) {
		if (guest_msrs[i].home == HOME_PCPU) {
			wrmsr(guest_msrs[i].msr, a->pcpu_msrs[i]);
		}
	}
	if (spec_ctrl_bits() != 0U) {
		wrmsr(MSR_SPEC_CTRL, a->spec_ctrl);
	}
	write_cr2(a->cr2);
}

bool vmsr_read(const struct vcpu_arch *a, uint32_t msr, uint64_t *value)
{
	const struct guest_msr *m = guest_msr(msr);

	if ((msr == MSR_SPEC_CTRL) && (spec_ctrl_bits() != 0U)) {
		*value = rdmsr(msr);
		return true;
	}
	if (m == NULL) {
		return false;
	}
	switch (m->home) {
	case HOME_VMCS:
		*value = vmread(m->field);
		break;
	case HOME_PCPU:
		*value = rdmsr(msr);
		break;
	case HOME_CONST:
		*value = m->value;
		break;
	case HOME_VCPU:
		*value = a->mtrr_def_type;
		break;
	default:
		*value = rdtsc();
		break;
	}
	return true;
}

bool vmsr_write(struct vcpu_arch *a, uint32_t msr, uint64_t value)
{
	const struct guest_msr *m = guest_msr(msr);
	uint64_t v = value;
	uint64_t spec = spec_ctrl_bits();

	if ((msr == MSR_SPEC_CTRL) && (spec != 0U) && ((v & ~spec) == 0U)) {
		wrmsr(msr, v);
		return true;
	}
	if ((msr == MSR_PRED_CMD) || (msr == MSR_FLUSH_CMD)) {
		return spec_command(msr, v);
	}
	if ((m == NULL) || !value_valid(m, v)) {
		return false;
	}
	if (m->home == HOME_VMCS) {
		if (m->check == EFER) {
			v = (v & ~EFER_LMA) | (vmread(GUEST_EFER) & EFER_LMA);
		}
		vmwrite(m->field, v);
	} else if (m->home == HOME_PCPU) {
		wrmsr(msr, v);
	} else if (m->home == HOME_VCPU) {
		a->mtrr_def_type = v;
	} else {
		/* a constant: the write changes nothing (value_valid allowed only its value) */
	}
	return true;
}
