/*
 * A guest's control registers and XCR0. The guest owns every CR0 and CR4 bit it may change on
 * its own: the hardware does those writes without an exit, and their checks (#GP for reserved
 * or inconsistent bits, paging-mode switches) are the hardware's. The hypervisor owns, through
 * the guest/host masks, the bits VMX fixes whatever the guest wants: CR0.NE (VMX needs it set;
 * the guest reads and writes its own copy in the read shadow) and CR4.VMXE (set, read as
 * clear); CR4.SMXE, which must stay clear; and CR0.CD and NW, which the guest reads as it wrote
 * them but which never reach the CPU: turning the caches off would slow the buses and caches the
 * other VMs share (guest memory stays write-back: ept.c). A write that changes an owned bit exits
 * and is done here the way the CPU would do all of it. CR8 reads and writes exit (CR8-load and
 * -store exiting), so a guest's task priority is its vLAPIC's TPR and never the physical LAPIC's.
 * XSETBV always exits: XCR0 is checked against what CPUID offers and then loaded, on the
 * guest's own pCPU (the hypervisor uses no extended state; xstate.c keeps it per vCPU).
 */
#include "x86.h"
#include "vmx.h"
#include "vlapic.h"
#include "lib.h"
#include "vm.h"

#define CR0_OWNED    (CR0_NE | CR0_CD | CR0_NW)
#define CR0_SHADOWED (CR0_CD | CR0_NW) /* in the read shadow only, never in the CPU */
#define CR4_OWNED    (CR4_VMXE | CR4_SMXE)
#define CR4_NEVER    (CR4_VMXE | CR4_SMXE) /* VMX and SMX are not offered: #GP */
#define CR0_DEFINED  0xe005003fUL	   /* PE MP EM TS ET NE WP AM NW CD PG */
#define AR_L	     0x2000UL		   /* 64-bit code segment */
#define VEC_UD	     6U
#define VEC_GP	     13U

/* The CR access exit qualification. */
#define CRQ_REG(q)  ((unsigned)(q)&0xfU)
#define CRQ_TYPE(q) ((unsigned)((q) >> 4) & 3U)
#define CRQ_GPR(q)  ((unsigned)((q) >> 8) & 0xfU)
#define CRQ_TO_CR   0U
#define CRQ_FROM_CR 1U
#define XCR0_X87    0x1UL
#define XCR0_SSE    0x2UL
#define XCR0_AVX    0x4UL
#define XCR0_BND    0x18UL    /* BNDREGS, BNDCSR: together */
#define XCR0_AVX512 0xe0UL    /* opmask, ZMM_Hi256, Hi16_ZMM: together, with AVX */
#define XCR0_AMX    0x60000UL /* TILECFG, TILEDATA: together */

void vcr_init(uint64_t cr0, uint64_t cr4)
{
	vmwrite(CR0_MASK, CR0_OWNED);
	vmwrite(CR0_SHADOW, cr0);
	vmwrite(CR4_MASK, CR4_OWNED);
	vmwrite(CR4_SHADOW, cr4);
}

/* CR0 as the guest sees it: its own bits from the VMCS, the owned ones from the shadow. */
static uint64_t guest_cr0(void)
{
	return (vmread(GUEST_CR0) & ~CR0_OWNED) | (vmread(CR0_SHADOW) & CR0_OWNED);
}

static bool in_64bit_code(void)
{
	return ((vmread(GUEST_EFER) & EFER_LMA) != 0U) && ((vmread(GUEST_CS_AR) & AR_L) != 0U);
}

static void set_ia32e(bool on)
{
	uint64_t efer = vmread(GUEST_EFER) & ~EFER_LMA;
	uint64_t entry = vmread(ENTRY_CONTROLS) & ~(uint64_t)ENTRY_IA32E;

	if (on) {
		efer |= EFER_LMA;
		entry |= ENTRY_IA32E;
	}
	vmwrite(GUEST_EFER, efer);
	vmwrite(ENTRY_CONTROLS, entry);
}

/* PAE paging outside IA-32e mode takes its four PDPTEs from the VMCS: load them from the
 * guest's CR3 as the CPU does when paging starts; false for one the CPU would refuse. */
static bool load_pdptes(struct vm *vm)
{
	const void *table = vm_gpa_to_hva(vm, vmread(GUEST_CR3) & 0xffffffe0UL, 32U);
	uint64_t pdpte[4];

	if (table == NULL) {
		return false;
	}
	(void)memcpy(pdpte, table, sizeof(pdpte));
	for (unsigned i = 0U; i < 4U; i++) {
		if (((pdpte[i] & 1U) != 0U) && ((pdpte[i] & 0xfff00000000001e6UL) != 0U)) {
			return false;
		}
	}
	for (unsigned i = 0U; i < 4U; i++) {
		vmwrite(GUEST_PDPTE0 + (2U * i), pdpte[i]);
	}
	return true;
}

/* Paging turned on or off by this write: IA-32e mode follows EFER.LME, as in the CPU; false
 * where the CPU raises #GP. */
static bool cr0_paging(struct vm *vm, uint64_t old, uint64_t val)
{
	uint64_t cr4 = vmread(GUEST_CR4);
	bool lme = (vmread(GUEST_EFER) & EFER_LME) != 0U;
	bool ok = true;

	if (((old & CR0_PG) == 0U) && ((val & CR0_PG) != 0U) && lme) {
		ok = ((cr4 & CR4_PAE) != 0U) && ((vmread(GUEST_CS_AR) & AR_L) == 0U);
		if (ok) {
			set_ia32e(true);
		}
	} else if (((old & CR0_PG) != 0U) && ((val & CR0_PG) == 0U)) {
		ok = !in_64bit_code() && ((cr4 & CR4_PCIDE) == 0U);
		if (ok) {
			set_ia32e(false);
		}
	} else {
		/* paging stays as it is */
	}
	if (ok && ((val & CR0_PG) != 0U) && !lme && ((cr4 & CR4_PAE) != 0U) &&
	    (((old ^ val) & (CR0_PG | CR0_CD | CR0_NW)) != 0U)) {
		ok = load_pdptes(vm);
	}
	return ok;
}

/* The first time a VM turns caching off (CR0.CD), once: Linux does at each MTRR update. */
static void cd_report(struct vm *vm)
{
	static bool reported[VM_MAX];

	if (!reported[vm->id]) {
		reported[vm->id] = true;
		vm_report(
		    vm,
		    "cr0.CD set at RIP 0x%lx: it reads CD, the CPU keeps caching on (CR0 0x%lx)",
		    vmread(GUEST_RIP), vmread(GUEST_CR0));
	}
}

/* MOV to CR0 that changes NE, CD or NW: the whole write, with the CPU's checks. */
static bool guest_write_cr0(struct vm *vm, uint64_t value)
{
	uint64_t val = (value & CR0_DEFINED) | CR0_ET; /* reserved low bits are ignored */
	uint64_t old = guest_cr0();

	if (((value >> 32) != 0U) || (((val & CR0_PG) != 0U) && ((val & CR0_PE) == 0U)) ||
	    (((val & CR0_NW) != 0U) && ((val & CR0_CD) == 0U)) || !cr0_paging(vm, old, val)) {
		return false;
	}
	vmwrite(GUEST_CR0, (val & ~CR0_SHADOWED) | CR0_NE);
	vmwrite(CR0_SHADOW, val);
	if (((val & ~old) & CR0_CD) != 0U) {
		cd_report(vm);
	}
	return true;
}

/* MOV to CR4 exits only when it would set an owned bit: VMXE or SMXE, neither offered. */
static bool guest_write_cr4(uint64_t value)
{
	return (value & CR4_NEVER) == 0U;
}

static bool cr_write(struct vcpu *v, unsigned cr, uint64_t value)
{
	bool ok = false;

	if (cr == 0U) {
		ok = guest_write_cr0(v->vm, value);
	} else if (cr == 4U) {
		ok = guest_write_cr4(value);
	} else if ((cr == 8U) && (value <= 0xfU)) {
		vlapic_set_cr8(v, value); /* TPR bits 7:4, in either APIC mode */
		ok = true;
	} else {
		/* CR8 above 15: #GP */
	}
	return ok;
}

void exit_cr_access(struct vcpu *v, struct guest_regs *r)
{
	uint64_t q = vmread(EXIT_QUALIFICATION);
	unsigned cr = CRQ_REG(q);

	if ((CRQ_TYPE(q) == CRQ_FROM_CR) && (cr == 8U)) {
		guest_set_gpr(r, CRQ_GPR(q), vlapic_get_cr8(v));
	} else if (CRQ_TYPE(q) != CRQ_TO_CR) {
		/* CLTS and LMSW touch no owned bit, and only CR8 reads exit */
		vm_stop(v->vm, "unexpected control-register exit, qualification 0x%lx (RIP 0x%lx)",
			q, vmread(GUEST_RIP));
		return;
	} else if (!cr_write(v, cr, guest_gpr(r, CRQ_GPR(q)))) {
		vm_report(v->vm, "mov 0x%lx to cr%u at RIP 0x%lx is refused: #GP",
			  guest_gpr(r, CRQ_GPR(q)), cr, vmread(GUEST_RIP));
		vmx_inject_exception(VEC_GP);
		return;
	} else {
		/* written */
	}
	vmx_skip_instruction();
}

/* What XCR0 may hold: x87 always, only components CPUID.(0xD,0) offers and a vCPU's save area
 * holds (xstate.c), AVX with SSE, and the components that go together all or none. */
static bool xcr0_valid(uint64_t x)
{
	uint64_t offered = xstate_components();

	return ((x & XCR0_X87) != 0U) && ((x & ~offered) == 0U) &&
	       (((x & XCR0_AVX) == 0U) || ((x & XCR0_SSE) != 0U)) &&
	       (((x & XCR0_BND) == 0U) || ((x & XCR0_BND) == XCR0_BND)) &&
	       (((x & XCR0_AMX) == 0U) || ((x & XCR0_AMX) == XCR0_AMX)) &&
	       (((x & XCR0_AVX512) == 0U) ||
		(((x & XCR0_AVX512) == XCR0_AVX512) && ((x & XCR0_AVX) != 0U)));
}

void exit_xsetbv(struct vcpu *v, struct guest_regs *r)
{
	uint64_t x =
	    ((guest_gpr(r, GPR_RDX) & 0xffffffffUL) << 32) | (guest_gpr(r, GPR_RAX) & 0xffffffffUL);
	uint32_t xcr = (uint32_t)guest_gpr(r, GPR_RCX);
	unsigned cpl = (unsigned)(vmread(GUEST_SS_AR) >> 5) & 3U;

	if ((vmread(GUEST_CR4) & CR4_OSXSAVE) == 0U) {
		vmx_inject_exception(VEC_UD);
	} else if ((cpl != 0U) || (xcr != 0U) || !xcr0_valid(x)) {
		vm_report(v->vm, "xsetbv of XCR%u = 0x%lx at RIP 0x%lx is refused: #GP", xcr, x,
			  vmread(GUEST_RIP));
		vmx_inject_exception(VEC_GP);
	} else {
		xsetbv(0U, x);
		vmx_skip_instruction();
	}
}
