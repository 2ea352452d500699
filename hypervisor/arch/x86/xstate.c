/*
 * A vCPU's extended state (x87, SSE, AVX, AVX-512: what XSAVE keeps) and its XCR0. The
 * hypervisor's own code uses none of it, so while a pCPU runs one vCPU its registers simply stay
 * the guest's. A pCPU shared by turns (sched.c) keeps each vCPU's apart: the state of the vCPU
 * that leaves goes to its vcpu_arch, the next one's comes back, every component each time, so
 * that no register of one guest is ever seen by another, not even in a component the next guest
 * has yet to enable with XSETBV. A new vCPU starts from the architectural initial state. A
 * component that would not fit the save area is not offered (vcr.c refuses it in XCR0).
 */
#include "x86.h"
#include "vmx.h"
#include "lib.h"

#define XCR0_X87	0x1UL
#define XCR0_SSE	0x2UL
#define LEGACY_FCW	0U /* byte offsets in the legacy (FXSAVE) region */
#define LEGACY_MXCSR	24U
#define FCW_INIT	0x37fU
#define MXCSR_INIT	0x1f80U
#define COMPONENT_FIRST 2U /* AVX: the first one outside the legacy region */
#define COMPONENT_LAST	62U
#define LEGACY_AREA	576U /* the legacy region and the XSAVE header */

static bool has_xsave(void)
{
	return (read_cr4() & CR4_OSXSAVE) != 0U; /* vmx.c sets it where the CPU has XSAVE */
}

/* The components a vCPU may have: set by xstate_setup, the same on every pCPU. */
static uint64_t components;

void xstate_setup(void)
{
	uint32_t r[4];
	uint64_t all = XCR0_X87 | XCR0_SSE;

	if (has_xsave()) {
		cpuid(0xdU, 0U, r);
		all = ((uint64_t)r[3] << 32) | r[0];
		for (unsigned i = COMPONENT_FIRST; i <= COMPONENT_LAST; i++) {
			if ((all & (1UL << i)) != 0U) {
				cpuid(0xdU, i, r);
				if (((uint64_t)r[1] + r[0]) > XSTATE_AREA) {
					all &= ~(1UL << i); /* EBX: its offset, EAX: its size */
				}
			}
		}
	}
	__atomic_store_n(&components, all, __ATOMIC_RELEASE);
}

uint64_t xstate_components(void)
{
	return __atomic_load_n(&components, __ATOMIC_ACQUIRE);
}

/* CPUID leaf 0xD as a guest sees it: only the components xstate_components keeps, and the
 * largest area those need (sub-leaf 0: EAX, EDX the components, ECX that size; EBX, the size
 * for the XCR0 in force, is the CPU's, since XCR0 is the guest's own). */
void xstate_cpuid(uint32_t sub, uint32_t r[4])
{
	uint64_t all = xstate_components();
	uint32_t c[4];
	uint32_t size = LEGACY_AREA;

	if (sub == 0U) {
		for (unsigned i = COMPONENT_FIRST; i <= COMPONENT_LAST; i++) {
			if ((all & (1UL << i)) != 0U) {
				cpuid(0xdU, i, c);
				size = ((c[1] + c[0]) > size) ? (c[1] + c[0]) : size;
			}
		}
		r[0] = (uint32_t)all;
		r[2] = size;
		r[3] = (uint32_t)(all >> 32);
	} else if ((sub <= COMPONENT_LAST) && ((all & (1UL << sub)) == 0U)) {
		r[0] = 0U; /* a component not offered */
		r[1] = 0U;
		r[2] = 0U;
		r[3] = 0U;
	} else {
		/* the CPU's answer */
	}
}

void xstate_save(struct vcpu_arch *a)
{
	uint64_t all;

	if (!has_xsave()) {
		fxsave64(a->xstate);
		return;
	}
	all = xstate_components();
	a->xcr0 = xgetbv(0U);
	xsetbv(0U, all);
	xsave64(a->xstate, all);
}

/* Every component is loaded, so none keeps another vCPU's values: those the area never held
 * (its header says so) take their initial state. Then the vCPU's own XCR0. */
void xstate_restore(const struct vcpu_arch *a)
{
	if (!has_xsave()) {
		fxrstor64(a->xstate);
		return;
	}
	xsetbv(0U, xstate_components());
	xrstor64(a->xstate, ~0UL);
	xsetbv(0U, a->xcr0);
}

void xstate_init(struct vcpu_arch *a)
{
	(void)memset(a->xstate, 0, sizeof(a->xstate));
	a->xstate[LEGACY_FCW] = (uint8_t)(FCW_INIT & 0xffU);
	a->xstate[LEGACY_FCW + 1U] = (uint8_t)(FCW_INIT >> 8);
	a->xstate[LEGACY_MXCSR] = (uint8_t)(MXCSR_INIT & 0xffU);
	a->xstate[LEGACY_MXCSR + 1U] = (uint8_t)(MXCSR_INIT >> 8);
	a->xcr0 = XCR0_X87;
	xstate_restore(a);
}
