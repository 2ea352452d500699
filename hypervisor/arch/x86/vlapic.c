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

#define X2APIC_ID      0x802
#define X2APIC_VERSION 0x803
#define X2APIC_TPR     0x808
#define X2APIC_PPR     0x80a
#define X2APIC_EOI     0x80b
#define X2APIC_LDR     0x80d
#define X2APIC_SVR     0x80f
#define X2APIC_ICR     0x830
#define X2APIC_LVT_TMR 0x832
#define X2APIC_TMICT   0x838
#define X2APIC_TMCCT   0x839
#define X2APIC_TDCR    0x83e
#define APIC_VERSION   0x50014 /* version 0x14, six LVT entries */

#define ICR_MODE(icr)	   (((icr) >> 8) & 7)
#define ICR_SHORTHAND(icr) (((icr) >> 18) & 3)
#define ICR_LEVEL_ASSERT   (1UL << 14)
#define MODE_INIT	   5
#define MODE_STARTUP	   6
#define DEST_ALL	   0xffffffffU

#define LVT_VECTOR   0xffU
#define LVT_MASKED   (1U << 16)
#define LVT_PERIODIC (1U << 17)
#define LVT_TMR_BITS (LVT_VECTOR | LVT_MASKED | LVT_PERIODIC)

enum { TO_DEST, TO_SELF, TO_ALL, TO_OTHERS };

static uint64_t apic_base(const struct vcpu *v)
{
	return APIC_BASE_ADDR | APIC_BASE_EN | APIC_BASE_EXTD | (v->id ? 0 : APIC_BASE_BSP);
}

static bool ipi_targets(const struct vcpu *from, uint64_t icr, const struct vcpu *to)
{
	uint32_t dest = (uint32_t)(icr >> 32);

	switch (ICR_SHORTHAND(icr)) {
	case TO_SELF:
		return to == from;
	case TO_ALL:
		return true;
	case TO_OTHERS:
		return to != from;
	default:
		return dest == DEST_ALL || dest == to->id;
	}
}

static void send_ipi(struct vcpu *v, uint64_t icr)
{
	unsigned mode = ICR_MODE(icr), hits = 0;

	for (unsigned i = 0; i < v->vm->vcpu_count; i++) {
		struct vcpu *t = vm_vcpu(v->vm, i);

		if (!ipi_targets(v, icr, t))
			continue;
		hits++;
		if (mode == MODE_STARTUP && !vcpu_start(t, (unsigned)icr & 0xff))
			vm_report(v->vm, "start-up IPI to vCPU%u, which runs already: dropped",
				  t->id);
		else if (mode != MODE_INIT && mode != MODE_STARTUP)
			vm_report(v->vm,
				  "IPI mode %u to vCPU%u: only INIT and start-up IPIs are "
				  "delivered, dropped",
				  mode, t->id);
	}
	if (!hits)
		vm_report(v->vm, "IPI to APIC id 0x%x, which is no vCPU of it: dropped",
			  (unsigned)(icr >> 32));
}

/* TSC cycles per timer count: the divide configuration (1, 2, 4, ... 128). */
static uint64_t timer_divide(uint32_t tdcr)
{
	unsigned code = (tdcr & 3) | (tdcr >> 1 & 4);

	return code == 7 ? 1 : 2UL << code;
}

/* TSC cycles from the initial count to expiry. */
static uint64_t timer_cycles(const struct vcpu_arch *a)
{
	return a->apic_tmict * timer_divide(a->apic_tdcr);
}

static void timer_arm(struct vcpu_arch *a)
{
	uint64_t cycles = timer_cycles(a);

	a->timer_deadline = cycles ? rdtsc() + cycles : 0;
	a->timer_period = (a->apic_lvt_timer & LVT_PERIODIC) ? cycles : 0;
}

static uint64_t timer_current(const struct vcpu_arch *a)
{
	uint64_t now = rdtsc();

	if (!a->timer_deadline || now >= a->timer_deadline)
		return 0;
	return (a->timer_deadline - now) / timer_divide(a->apic_tdcr);
}

/* Interrupt-window exiting on or off; the VMCS is touched only when that changes. */
static void window_exiting(struct vcpu_arch *a, bool on)
{
	uint64_t procs;

	if (a->window_exiting == on)
		return;
	procs = vmread(PROC_CONTROLS);
	vmwrite(PROC_CONTROLS, on ? procs | PROC_INTR_WINDOW : procs & ~(uint64_t)PROC_INTR_WINDOW);
	a->window_exiting = on;
}

uint64_t vlapic_before_entry(struct vcpu *v)
{
	struct vcpu_arch *a = v->arch;
	uint64_t now = rdtsc();
	bool open;

	if (a->timer_deadline && now >= a->timer_deadline) {
		a->timer_pending = !(a->apic_lvt_timer & LVT_MASKED);
		a->timer_deadline = a->timer_period ? a->timer_deadline + a->timer_period : 0;
		if (a->timer_deadline && a->timer_deadline <= now) /* expiries missed: skip them */
			a->timer_deadline = now + a->timer_period;
	}
	if (!a->timer_pending || a->timer_in_service) {
		window_exiting(a, false);
		return a->timer_deadline;
	}
	open = (vmread(GUEST_RFLAGS) & RFLAGS_IF) && !(vmread(GUEST_INTERRUPTIBILITY) & 3) &&
	       !(vmread(ENTRY_INTR_INFO) & INTR_INFO_VALID);
	if (open) {
		vmwrite(ENTRY_INTR_INFO, (a->apic_lvt_timer & LVT_VECTOR) |
					     INTR_TYPE_EXTERNAL << 8 | INTR_INFO_VALID);
		a->timer_pending = false;
		a->timer_in_service = true;
	}
	window_exiting(a, !open);
	return a->timer_deadline;
}

bool vlapic_wait(struct vcpu *v)
{
	struct vcpu_arch *a = v->arch;

	if (a->timer_pending && !a->timer_in_service)
		return true;
	if (!a->timer_deadline || (a->apic_lvt_timer & LVT_MASKED))
		return false;
	while (rdtsc() < a->timer_deadline && vm_running(v->vm))
		pcpu_arch_relax();
	return true;
}

int vlapic_rdmsr(struct vcpu *v, uint32_t msr, uint64_t *value)
{
	struct vcpu_arch *a = v->arch;

	switch (msr) {
	case MSR_APIC_BASE:
		*value = apic_base(v);
		return 1;
	case X2APIC_ID:
		*value = v->id;
		return 1;
	case X2APIC_VERSION:
		*value = APIC_VERSION;
		return 1;
	case X2APIC_TPR:
		*value = a->apic_tpr;
		return 1;
	case X2APIC_PPR:
		*value = a->apic_tpr & 0xf0;
		return 1;
	case X2APIC_LDR:
		*value = (v->id >> 4) << 16 | 1U << (v->id & 15);
		return 1;
	case X2APIC_SVR:
		*value = a->apic_svr;
		return 1;
	case X2APIC_ICR:
		*value = a->apic_icr;
		return 1;
	case X2APIC_LVT_TMR:
		*value = a->apic_lvt_timer;
		return 1;
	case X2APIC_TMICT:
		*value = a->apic_tmict;
		return 1;
	case X2APIC_TMCCT:
		*value = timer_current(a);
		return 1;
	case X2APIC_TDCR:
		*value = a->apic_tdcr;
		return 1;
	default:
		return 0;
	}
}

int vlapic_wrmsr(struct vcpu *v, uint32_t msr, uint64_t value)
{
	struct vcpu_arch *a = v->arch;

	switch (msr) {
	case MSR_APIC_BASE: /* it cannot move, nor leave x2APIC mode */
		return value == apic_base(v) ? 1 : -1;
	case X2APIC_TPR:
		if (value > 0xff)
			return -1;
		a->apic_tpr = (uint32_t)value;
		return 1;
	case X2APIC_EOI:
		if (value)
			return -1;
		a->timer_in_service = false;
		return 1;
	case X2APIC_SVR:
		if (value >> 13)
			return -1;
		a->apic_svr = (uint32_t)value;
		return 1;
	case X2APIC_ICR:
		a->apic_icr = value;
		if (ICR_MODE(value) != MODE_INIT || (value & ICR_LEVEL_ASSERT))
			send_ipi(v, value);
		return 1;
	case X2APIC_LVT_TMR: /* one-shot or periodic; TSC-deadline mode is not offered */
		if (value & ~(uint64_t)LVT_TMR_BITS)
			return -1;
		a->apic_lvt_timer = (uint32_t)value;
		if (a->timer_deadline)
			a->timer_period = (value & LVT_PERIODIC) ? timer_cycles(a) : 0;
		return 1;
	case X2APIC_TMICT:
		if (value >> 32)
			return -1;
		a->apic_tmict = value;
		timer_arm(a);
		return 1;
	case X2APIC_TDCR:
		if (value & ~0xbUL)
			return -1;
		a->apic_tdcr = (uint32_t)value;
		return 1;
	default:
		return 0;
	}
}
