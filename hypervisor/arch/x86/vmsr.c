/*
 * Guest RDMSR and WRMSR: every access exits, and only the MSRs below are allowed. An MSR not
 * listed, a write to a read-only one, or a value the hardware would refuse gets #GP (the caller
 * injects it and reports the access). The guest's value lives where the hardware keeps it for
 * the guest: a VMCS guest-state field, or the pCPU's own MSR, which only this vCPU uses (a pCPU
 * runs one vCPU, and the hypervisor uses none of those MSRs itself).
 */
#include "x86.h"
#include "vmx.h"

#define MSR_TSC		   0x10
#define MSR_STAR	   0xc0000081
#define MSR_LSTAR	   0xc0000082
#define MSR_CSTAR	   0xc0000083
#define MSR_FMASK	   0xc0000084
#define MSR_KERNEL_GS_BASE 0xc0000102
#define MSR_TSC_AUX	   0xc0000103

#define FEATURE_CONTROL_LOCKED 0x1UL /* locked with VMX off: no nested VMX */
#define EFER_SCE	       0x1UL
#define EFER_NXE	       0x800UL

enum msr_home {
	HOME_VMCS,  /* field: the VMCS guest-state field */
	HOME_PCPU,  /* the pCPU's MSR itself */
	HOME_CONST, /* reads as value, never written */
	HOME_TSC,   /* the time-stamp counter, read only */
};

enum msr_check {
	ANY,	   /* any 64-bit value */
	LOW32,	   /* bits 63:32 clear */
	CANONICAL, /* a canonical linear address */
	PAT,	   /* eight valid memory types */
	EFER,	   /* SCE, LME, NXE; LMA as it is */
};

struct guest_msr {
	uint32_t msr;
	uint8_t home;	/* enum msr_home */
	uint8_t check;	/* enum msr_check for writes */
	uint32_t field; /* HOME_VMCS */
	uint64_t value; /* HOME_CONST */
};

static const struct guest_msr guest_msrs[] = {
    {MSR_TSC, HOME_TSC, ANY, 0, 0},
    {MSR_FEATURE_CONTROL, HOME_CONST, ANY, 0, FEATURE_CONTROL_LOCKED},
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

static const struct guest_msr *guest_msr(uint32_t msr)
{
	for (unsigned i = 0; i < GUEST_MSR_COUNT; i++)
		if (guest_msrs[i].msr == msr)
			return &guest_msrs[i];
	return NULL;
}

static bool pat_valid(uint64_t v)
{
	for (unsigned i = 0; i < 8; i++) {
		unsigned type = (unsigned)(v >> (8 * i)) & 0xff;

		if (type != 0 && type != 1 && (type < 4 || type > 7))
			return false;
	}
	return true;
}

static bool value_valid(const struct guest_msr *m, uint64_t v)
{
	switch (m->check) {
	case LOW32:
		return v >> 32 == 0;
	case CANONICAL:
		return (uint64_t)((int64_t)(v << 16) >> 16) == v;
	case PAT:
		return pat_valid(v);
	case EFER:
		return !(v & ~(EFER_SCE | EFER_LME | EFER_LMA | EFER_NXE));
	default:
		return true;
	}
}

/* The pCPU's MSRs start clear for its vCPU: nothing of the firmware's values shows through. */
void vmsr_init(void)
{
	for (unsigned i = 0; i < GUEST_MSR_COUNT; i++)
		if (guest_msrs[i].home == HOME_PCPU)
			wrmsr(guest_msrs[i].msr, 0);
}

bool vmsr_read(uint32_t msr, uint64_t *value)
{
	const struct guest_msr *m = guest_msr(msr);

	if (!m)
		return false;
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
	default:
		*value = rdtsc();
	}
	return true;
}

bool vmsr_write(uint32_t msr, uint64_t value)
{
	const struct guest_msr *m = guest_msr(msr);

	if (!m || !value_valid(m, value))
		return false;
	if (m->home == HOME_VMCS) {
		if (m->check == EFER)
			value = (value & ~EFER_LMA) | (vmread(GUEST_EFER) & EFER_LMA);
		vmwrite(m->field, value);
	} else if (m->home == HOME_PCPU) {
		wrmsr(msr, value);
	} else {
		return false;
	}
	return true;
}
