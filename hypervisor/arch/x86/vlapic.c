/*
 * The local APIC a vCPU sees: x2APIC mode from reset (the xAPIC page is never mapped, so its
 * MMIO is an EPT violation), APIC ids 0..n-1 in vCPU order. It keeps TPR, SVR and ICR; of the
 * IPIs it delivers INIT and start-up, only to vCPUs of the same VM: that is how vCPU 0 starts
 * the others; other IPIs are reported and dropped. Its timer (one-shot or periodic, counting
 * TSC cycles / divide) is the one interrupt source a guest has: injected when the guest can
 * take it, one in service at a time, ended by EOI.
 */
#include "x86.h"
#include "vmx.h"
#include "vm.h"

#define APIC_BASE_ADDR 0xfee00000UL
#define APIC_BASE_BSP  (1UL << 8)
#define APIC_BASE_EXTD (1UL << 10) /* x2APIC mode */
#define APIC_BASE_EN   (1UL << 11)

#define X2APIC_ID      0x802U
#define X2APIC_VERSION 0x803U
#define X2APIC_TPR     0x808U
#define X2APIC_PPR     0x80aU
#define X2APIC_EOI     0x80bU
#define X2APIC_LDR     0x80dU
#define X2APIC_SVR     0x80fU
#define X2APIC_ICR     0x830U
#define X2APIC_LVT_TMR 0x832U
#define X2APIC_TMICT   0x838U
#define X2APIC_TMCCT   0x839U
#define X2APIC_TDCR    0x83eU
#define APIC_VERSION   0x50014U /* version 0x14, six LVT entries */

#define ICR_LEVEL_ASSERT (1UL << 14)
#define ICR_VECTOR	 0xffUL
#define MODE_INIT	 5U
#define MODE_STARTUP	 6U
#define DEST_ALL	 0xffffffffU

/* ICR destination shorthands; 0 means the destination field */
#define TO_SELF	  1U
#define TO_ALL	  2U
#define TO_OTHERS 3U

#define LVT_VECTOR   0xffU
#define LVT_MASKED   0x10000U
#define LVT_PERIODIC 0x20000U
#define LVT_TMR_BITS 0x300ffUL /* LVT_VECTOR | LVT_MASKED | LVT_PERIODIC */
#define TDCR_BITS    0xbUL
#define SVR_BITS     0x1fffUL
#define TPR_MAX	     0xffUL

static unsigned icr_mode(uint64_t icr)
{
	return (unsigned)(icr >> 8) & 7U;
}

static unsigned icr_shorthand(uint64_t icr)
{
	return (unsigned)(icr >> 18) & 3U;
}

static uint64_t apic_base(const struct vcpu *v)
{
	uint64_t base = APIC_BASE_ADDR | APIC_BASE_EN | APIC_BASE_EXTD;

	if (v->id == 0U) {
		base |= APIC_BASE_BSP;
	}
	return base;
}

static bool ipi_targets(const struct vcpu *from, uint64_t icr, const struct vcpu *to)
{
	uint32_t dest = (uint32_t)(icr >> 32);
	bool hit;

	switch (icr_shorthand(icr)) {
	case TO_SELF:
		hit = to == from;
		break;
	case TO_ALL:
		hit = true;
		break;
	case TO_OTHERS:
		hit = to != from;
		break;
	default: /* the destination field */
		hit = (dest == DEST_ALL) || (dest == to->id);
		break;
	}
	return hit;
}

static void send_ipi(struct vcpu *v, uint64_t icr)
{
	unsigned mode = icr_mode(icr);
	unsigned hits = 0U;

	for (unsigned i = 0U; i < v->vm->vcpu_count; i++) {
		struct vcpu *t = vm_vcpu(v->vm, i);

		if (!ipi_targets(v, icr, t)) {
			continue;
		}
		hits++;
		if (mode == MODE_STARTUP) {
			if (!vcpu_start(t, (unsigned)(icr & ICR_VECTOR))) {
				vm_report(v->vm,
					  "start-up IPI to vCPU%u, which runs already: dropped",
					  t->id);
			}
		} else if (mode != MODE_INIT) {
			vm_report(v->vm,
				  "IPI mode %u to vCPU%u: only INIT and start-up IPIs are "
				  "delivered, dropped",
				  mode, t->id);
		} else {
			/* INIT: the vCPU waits for its start-up IPI, as it did from the start */
		}
	}
	if (hits == 0U) {
		vm_report(v->vm, "IPI to APIC id 0x%x, which is no vCPU of it: dropped",
			  (unsigned)(icr >> 32));
	}
}

/* TSC cycles per timer count: the divide configuration (1, 2, 4, ... 128). */
static uint64_t timer_divide(uint32_t tdcr)
{
	unsigned code = (tdcr & 3U) | ((tdcr >> 1) & 4U);

	return (code == 7U) ? 1UL : (2UL << code);
}

/* TSC cycles from the initial count to expiry. */
static uint64_t timer_cycles(const struct vcpu_arch *a)
{
	return a->apic_tmict * timer_divide(a->apic_tdcr);
}

static void timer_arm(struct vcpu_arch *a)
{
	uint64_t cycles = timer_cycles(a);

	a->timer_deadline = (cycles != 0U) ? (rdtsc() + cycles) : 0U;
	a->timer_period = ((a->apic_lvt_timer & LVT_PERIODIC) != 0U) ? cycles : 0U;
}

static uint64_t timer_current(const struct vcpu_arch *a)
{
	uint64_t now = rdtsc();

	if ((a->timer_deadline == 0U) || (now >= a->timer_deadline)) {
		return 0U;
	}
	return (a->timer_deadline - now) / timer_divide(a->apic_tdcr);
}

/* Interrupt-window exiting on or off; the VMCS is touched only when that changes. */
static void window_exiting(struct vcpu_arch *a, bool on)
{
	uint64_t procs;

	if (a->window_exiting == on) {
		return;
	}
	procs = vmread(PROC_CONTROLS);
	if (on) {
		procs |= PROC_INTR_WINDOW;
	} else {
		procs &= ~(uint64_t)PROC_INTR_WINDOW;
	}
	vmwrite(PROC_CONTROLS, procs);
	a->window_exiting = on;
}

/* A due expiry makes the timer interrupt pending and sets the next one (periodic mode). */
static void timer_expire(struct vcpu_arch *a, uint64_t now)
{
	a->timer_pending = (a->apic_lvt_timer & LVT_MASKED) == 0U;
	a->timer_deadline = (a->timer_period != 0U) ? (a->timer_deadline + a->timer_period) : 0U;
	if ((a->timer_deadline != 0U) && (a->timer_deadline <= now)) {
		a->timer_deadline = now + a->timer_period; /* expiries missed: skip them */
	}
}

/* The guest takes an external interrupt at the next entry: IF set, no shadow, none queued. */
static bool can_inject(void)
{
	return ((vmread(GUEST_RFLAGS) & RFLAGS_IF) != 0U) &&
	       ((vmread(GUEST_INTERRUPTIBILITY) & 3U) == 0U) &&
	       ((vmread(ENTRY_INTR_INFO) & INTR_INFO_VALID) == 0U);
}

uint64_t vlapic_before_entry(struct vcpu *v)
{
	struct vcpu_arch *a = v->arch;
	uint64_t now = rdtsc();
	bool open;

	if ((a->timer_deadline != 0U) && (now >= a->timer_deadline)) {
		timer_expire(a, now);
	}
	if (!a->timer_pending || a->timer_in_service) {
		window_exiting(a, false);
		return a->timer_deadline;
	}
	open = can_inject();
	if (open) {
		vmwrite(ENTRY_INTR_INFO, (a->apic_lvt_timer & LVT_VECTOR) |
					     ((uint32_t)INTR_TYPE_EXTERNAL << 8) | INTR_INFO_VALID);
		a->timer_pending = false;
		a->timer_in_service = true;
	}
	window_exiting(a, !open);
	return a->timer_deadline;
}

bool vlapic_wait(struct vcpu *v)
{
	struct vcpu_arch *a = v->arch;

	if (a->timer_pending && !a->timer_in_service) {
		return true;
	}
	if ((a->timer_deadline == 0U) || ((a->apic_lvt_timer & LVT_MASKED) != 0U)) {
		return false;
	}
	while ((rdtsc() < a->timer_deadline) && vm_running(v->vm)) {
		pcpu_arch_relax();
	}
	return true;
}

int vlapic_rdmsr(struct vcpu *v, uint32_t msr, uint64_t *value)
{
	const struct vcpu_arch *a = v->arch;
	int done = 1;

	switch (msr) {
	case MSR_APIC_BASE:
		*value = apic_base(v);
		break;
	case X2APIC_ID:
		*value = v->id;
		break;
	case X2APIC_VERSION:
		*value = APIC_VERSION;
		break;
	case X2APIC_TPR:
		*value = a->apic_tpr;
		break;
	case X2APIC_PPR:
		*value = a->apic_tpr & 0xf0U;
		break;
	case X2APIC_LDR: /* cluster id << 16 | the vCPU's bit in its cluster of 16 */
		*value = ((uint64_t)(v->id >> 4) << 16) | (1UL << (v->id & 15U));
		break;
	case X2APIC_SVR:
		*value = a->apic_svr;
		break;
	case X2APIC_ICR:
		*value = a->apic_icr;
		break;
	case X2APIC_LVT_TMR:
		*value = a->apic_lvt_timer;
		break;
	case X2APIC_TMICT:
		*value = a->apic_tmict;
		break;
	case X2APIC_TMCCT:
		*value = timer_current(a);
		break;
	case X2APIC_TDCR:
		*value = a->apic_tdcr;
		break;
	default:
		done = 0;
		break;
	}
	return done;
}

/* The timer registers' writes; -1 for a value the register refuses. */
static int timer_wrmsr(struct vcpu_arch *a, uint32_t msr, uint64_t value)
{
	int done = 1;

	switch (msr) {
	case X2APIC_LVT_TMR: /* one-shot or periodic; TSC-deadline mode is not offered */
		if ((value & ~LVT_TMR_BITS) != 0U) {
			done = -1;
		} else {
			a->apic_lvt_timer = (uint32_t)value;
			if (a->timer_deadline != 0U) {
				a->timer_period =
				    ((value & LVT_PERIODIC) != 0U) ? timer_cycles(a) : 0U;
			}
		}
		break;
	case X2APIC_TMICT:
		if ((value >> 32) != 0U) {
			done = -1;
		} else {
			a->apic_tmict = value;
			timer_arm(a);
		}
		break;
	case X2APIC_TDCR:
		if ((value & ~TDCR_BITS) != 0U) {
			done = -1;
		} else {
			a->apic_tdcr = (uint32_t)value;
		}
		break;
	default:
		done = 0;
		break;
	}
	return done;
}

int vlapic_wrmsr(struct vcpu *v, uint32_t msr, uint64_t value)
{
	struct vcpu_arch *a = v->arch;
	int done = 1;

	switch (msr) {
	case MSR_APIC_BASE: /* it cannot move, nor leave x2APIC mode */
		if (value != apic_base(v)) {
			done = -1;
		}
		break;
	case X2APIC_TPR:
		if (value > TPR_MAX) {
			done = -1;
		} else {
			a->apic_tpr = (uint32_t)value;
		}
		break;
	case X2APIC_EOI:
		if (value != 0U) {
			done = -1;
		} else {
			a->timer_in_service = false;
		}
		break;
	case X2APIC_SVR:
		if ((value & ~SVR_BITS) != 0U) {
			done = -1;
		} else {
			a->apic_svr = (uint32_t)value;
		}
		break;
	case X2APIC_ICR:
		a->apic_icr = value;
		if ((icr_mode(value) != MODE_INIT) || ((value & ICR_LEVEL_ASSERT) != 0U)) {
			send_ipi(v, value);
		}
		break;
	default:
		done = timer_wrmsr(a, msr, value);
		break;
	}
	return done;
}
