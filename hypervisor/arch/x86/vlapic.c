/*
 * The local APIC a vCPU sees, as the SDM describes it and Linux uses it: x2APIC mode from
 * reset (MSRs), the xAPIC page after the guest switches through APIC_BASE, the same registers
 * behind both (indexed by xAPIC offset / 16). IRR, ISR and TMR hold 256 vectors; PPR follows
 * TPR and the highest vector in service; the highest requested vector above it is injected
 * when the guest can take it (interrupt-window exiting until then) and EOI ends the highest in
 * service, telling the vIOAPIC when it was level-triggered. What other pCPUs send (IPIs within
 * the VM, the vIOAPIC's messages) is posted in atomic words, taken into IRR before each entry,
 * and a physical IPI makes the target exit. IPIs reach the VM's own vCPUs and nothing else.
 * The timer counts TSC cycles (one-shot, periodic, TSC-deadline); the VMX-preemption timer
 * wakes the vCPU at its expiry unless its vector is pending already, so a timer faster than
 * the guest leaves one interrupt pending, as on hardware, instead of a stream of exits.
 */
#include "x86.h"
#include "vmx.h"
#include "vlapic.h"
#include "vdev.h"
#include "pcpu.h"
#include "vm.h"
#include "lib.h"
#include "mm.h"

#define APIC_BASE_ADDR	 0xfee00000UL
#define APIC_BASE_BSP	 0x100UL
#define APIC_BASE_EXTD	 0x400UL /* x2APIC mode */
#define APIC_BASE_EN	 0x800UL
#define APIC_BASE_MODE	 (APIC_BASE_EN | APIC_BASE_EXTD)
#define APIC_BASE_PAGE	 0xfffff000UL /* the guest's physical addresses stay below 4 GiB */
#define APIC_VERSION	 0x50014U     /* version 0x14, LVT entries 0..5, no EOI suppression */
#define MSR_TSC_DEADLINE 0x6e0U
#define X2APIC_FIRST	 0x800U
#define X2APIC_LAST	 0x8ffU

/* Registers by xAPIC offset / 16 (x2APIC MSR - 0x800). */
#define REG_ID	     0x02U
#define REG_VERSION  0x03U
#define REG_TPR	     0x08U
#define REG_APR	     0x09U
#define REG_PPR	     0x0aU
#define REG_EOI	     0x0bU
#define REG_RRD	     0x0cU
#define REG_LDR	     0x0dU
#define REG_DFR	     0x0eU
#define REG_SVR	     0x0fU
#define REG_ISR	     0x10U
#define REG_TMR	     0x18U
#define REG_IRR	     0x20U
#define REG_ESR	     0x28U
#define REG_ICR	     0x30U
#define REG_ICR_HI   0x31U
#define REG_LVT	     0x32U /* timer, thermal, performance, LINT0, LINT1, error */
#define REG_TMICT    0x38U
#define REG_TMCCT    0x39U
#define REG_TDCR     0x3eU
#define REG_SELF_IPI 0x3fU

#define LVT_TIMER 0U
#define LVT_LINT0 3U
#define LVT_ERROR 5U
#define LVT_COUNT 6U

#define LVT_VECTOR	  0xffU
#define LVT_MASKED	  0x10000U
#define LVT_TIMER_MODE(l) (((l) >> 17) & 3U)
#define TIMER_PERIODIC	  1U
#define TIMER_DEADLINE	  2U
#define LVT_MODE(l)	  (((l) >> 8) & 7U)
#define SVR_ENABLED	  0x100U
#define SVR_BITS	  0x3ffUL
#define TPR_BITS	  0xffUL
#define TDCR_BITS	  0xbUL
#define DFR_FLAT	  0xffffffffU
#define ESR_SEND_ILLEGAL  0x20U
#define ESR_RECV_ILLEGAL  0x40U
#define ESR_BITS	  0xecU

#define ICR_VECTOR	 0xffUL
#define ICR_LOGICAL	 0x800UL
#define ICR_ASSERT	 0x4000UL
#define ICR_MODE(icr)	 ((unsigned)((icr) >> 8) & 7U)
#define ICR_SHORTHAND(i) ((unsigned)((i) >> 18) & 3U)
#define ICR_BITS	 0xffffffff000ccfffUL /* delivery status (bit 12) always reads 0 */
#define TO_SELF		 1U
#define TO_ALL		 2U
#define BROADCAST_X2	 0xffffffffU
#define BROADCAST_X	 0xffU

/* GUEST_INTERRUPTIBILITY and GUEST_ACTIVITY */
#define BLOCK_STI	0x1UL
#define BLOCK_MOVSS	0x2UL
#define BLOCK_NMI	0x8UL
#define ACTIVITY_ACTIVE 0U
#define ACTIVITY_HLT	1U
#define INTR_TYPE_NMI	2U
#define VEC_WORDS	8U

struct vlapic {
	/* written by any pCPU of the VM, atomically: what arrives for this vCPU */
	uint32_t posted[VEC_WORDS];
	uint32_t posted_level[VEC_WORDS]; /* of those, the level-triggered ones */
	bool posted_nmi;
	/* the rest only by the vCPU's own pCPU (other pCPUs read base, ldr, dfr to route) */
	struct vcpu *vcpu;
	uint64_t base; /* APIC_BASE */
	uint32_t irr[VEC_WORDS];
	uint32_t isr[VEC_WORDS];
	uint32_t tmr[VEC_WORDS];
	uint32_t tpr;
	uint32_t ldr; /* xAPIC */
	uint32_t dfr;
	uint32_t svr;
	uint32_t esr;	   /* what reads give: latched at the last write */
	uint32_t esr_next; /* errors since */
	uint64_t icr;	   /* x2APIC: all 64 bits; xAPIC: the low word */
	uint32_t icr_hi;   /* xAPIC */
	uint32_t lvt[LVT_COUNT];
	uint32_t tmict;
	uint32_t tdcr;
	uint64_t deadline; /* TSC of the timer's next expiry; 0: not armed */
	uint64_t period;   /* TSC cycles between periodic expiries; 0: one-shot or deadline */
	bool nmi_pending;
	bool window;	 /* interrupt-window exiting on */
	bool nmi_window; /* NMI-window exiting on */
};

/* By vCPU (a pCPU may run several by turns): it is there before the vCPU starts. */
static struct vlapic *lapic_of(const struct vcpu *v)
{
	static struct vlapic vlapics[VM_MAX * VCPU_MAX];

	return &vlapics[v->slot];
}

static bool vec_test(const uint32_t r[VEC_WORDS], unsigned vec)
{
	return ((r[vec >> 5] >> (vec & 31U)) & 1U) != 0U;
}

static void vec_set(uint32_t r[VEC_WORDS], unsigned vec)
{
	r[vec >> 5] |= 1U << (vec & 31U);
}

static void vec_clear(uint32_t r[VEC_WORDS], unsigned vec)
{
	r[vec >> 5] &= ~(1U << (vec & 31U));
}

/* The highest vector set, 0 when none (vectors 0..15 are never set). */
static unsigned vec_highest(const uint32_t r[VEC_WORDS])
{
	for (unsigned i = VEC_WORDS; i > 0U; i--) {
		uint32_t w = r[i - 1U];

		if (w != 0U) {
			return ((i - 1U) << 5) | (31U - (unsigned)__builtin_clz(w));
		}
	}
	return 0U;
}

static bool x2apic(const struct vlapic *l)
{
	return (l->base & APIC_BASE_MODE) == APIC_BASE_MODE;
}

static bool xapic(const struct vlapic *l)
{
	return (l->base & APIC_BASE_MODE) == APIC_BASE_EN;
}

static bool sw_enabled(const struct vlapic *l)
{
	return (l->svr & SVR_ENABLED) != 0U;
}

static uint32_t ppr(const struct vlapic *l)
{
	uint32_t isrv = vec_highest(l->isr) & 0xf0U;

	return ((l->tpr & 0xf0U) >= isrv) ? l->tpr : isrv;
}

static void registers_reset(struct vlapic *l)
{
	(void)memset(l->irr, 0, sizeof(l->irr));
	(void)memset(l->isr, 0, sizeof(l->isr));
	(void)memset(l->tmr, 0, sizeof(l->tmr));
	l->tpr = 0U;
	l->ldr = 0U;
	l->dfr = DFR_FLAT;
	l->svr = 0xffU;
	l->esr = 0U;
	l->esr_next = 0U;
	l->icr = 0U;
	l->icr_hi = 0U;
	for (unsigned i = 0U; i < LVT_COUNT; i++) {
		l->lvt[i] = LVT_MASKED;
	}
	l->tmict = 0U;
	l->tdcr = 0U;
	l->deadline = 0U;
	l->period = 0U;
	l->nmi_pending = false;
}

void vlapic_reset(struct vcpu *v)
{
	struct vlapic *l = lapic_of(v);

	registers_reset(l);
	l->vcpu = v;
	l->window = false;
	l->nmi_window = false;
	__atomic_store_n(&l->base,
			 APIC_BASE_ADDR | APIC_BASE_MODE | ((v->id == 0U) ? APIC_BASE_BSP : 0UL),
			 __ATOMIC_RELEASE);
}

/* ---- the timer ---- */

/* TSC cycles per count: the divide configuration (1, 2, 4, ... 128). */
static uint64_t timer_divide(uint32_t tdcr)
{
	unsigned code = (tdcr & 3U) | ((tdcr >> 1) & 4U);

	return (code == 7U) ? 1UL : (2UL << code);
}

static void timer_start(struct vlapic *l)
{
	uint64_t cycles = (uint64_t)l->tmict * timer_divide(l->tdcr);

	l->deadline = (cycles != 0U) ? (rdtsc() + cycles) : 0U;
	l->period = (LVT_TIMER_MODE(l->lvt[LVT_TIMER]) == TIMER_PERIODIC) ? cycles : 0U;
}

static void error(struct vlapic *l, uint32_t bit)
{
	l->esr_next |= bit;
	if ((l->lvt[LVT_ERROR] & LVT_MASKED) == 0U) {
		vec_set(l->irr, l->lvt[LVT_ERROR] & LVT_VECTOR);
		vec_clear(l->tmr, l->lvt[LVT_ERROR] & LVT_VECTOR);
	}
}

/* An interrupt of this APIC's own (timer, error): into IRR, edge-triggered. */
static void local_interrupt(struct vlapic *l, uint32_t lvt)
{
	unsigned vec = lvt & LVT_VECTOR;

	if ((lvt & LVT_MASKED) != 0U) {
		return;
	}
	if (vec < 16U) {
		error(l, ESR_RECV_ILLEGAL);
		return;
	}
	vec_set(l->irr, vec);
	vec_clear(l->tmr, vec);
}

/* A due expiry requests the timer's interrupt and sets the next one (periodic mode). */
static void timer_check(struct vlapic *l, uint64_t now)
{
	if ((l->deadline == 0U) || (now < l->deadline)) {
		return;
	}
	local_interrupt(l, l->lvt[LVT_TIMER]);
	if (l->period == 0U) {
		l->deadline = 0U;
		return;
	}
	l->deadline += l->period;
	if (l->deadline <= now) {
		l->deadline = now + l->period; /* expiries missed while one was pending */
	}
}

static uint64_t timer_current(struct vlapic *l)
{
	uint64_t now = rdtsc();

	timer_check(l, now);
	if ((l->deadline == 0U) || (LVT_TIMER_MODE(l->lvt[LVT_TIMER]) == TIMER_DEADLINE)) {
		return 0U;
	}
	return (l->deadline - now) / timer_divide(l->tdcr);
}

/* Changing to or from TSC-deadline mode disarms the timer, as the SDM says. */
static void timer_lvt(struct vlapic *l, uint32_t lvt)
{
	unsigned was = LVT_TIMER_MODE(l->lvt[LVT_TIMER]);
	unsigned mode = LVT_TIMER_MODE(lvt);

	l->lvt[LVT_TIMER] = lvt;
	if ((was != mode) && ((was == TIMER_DEADLINE) || (mode == TIMER_DEADLINE))) {
		l->deadline = 0U;
		l->period = 0U;
		l->tmict = 0U;
	} else if (l->deadline != 0U) {
		l->period =
		    (mode == TIMER_PERIODIC) ? ((uint64_t)l->tmict * timer_divide(l->tdcr)) : 0U;
	} else {
		/* not armed: the mode applies from the next initial count */
	}
}

/* ---- delivery ---- */

/* Whether a message reaches vCPU t's APIC (its mode as it is now). */
static bool dest_matches(const struct vcpu *t, const struct vlapic_msg *m)
{
	const struct vlapic *l = lapic_of(t);
	uint32_t ldr = __atomic_load_n(&l->ldr, __ATOMIC_RELAXED);
	uint32_t dfr = __atomic_load_n(&l->dfr, __ATOMIC_RELAXED);
	uint64_t base = __atomic_load_n(&l->base, __ATOMIC_ACQUIRE);
	uint32_t all = m->wide ? BROADCAST_X2 : BROADCAST_X;
	bool hit;

	if (m->dest == all) {
		hit = true;
	} else if (!m->logical) {
		hit = m->dest == t->id;
	} else if (m->wide || ((base & APIC_BASE_MODE) == APIC_BASE_MODE)) {
		/* x2APIC clusters of 16: cluster << 16 | bit (an 8-bit destination: cluster 0) */
		hit =
		    ((m->dest >> 16) == (t->id >> 4)) && (((m->dest >> (t->id & 15U)) & 1U) != 0U);
	} else if ((dfr >> 28) == 0xfU) { /* flat: eight bits, one per APIC */
		hit = ((m->dest & (ldr >> 24)) & 0xffU) != 0U;
	} else { /* xAPIC clusters: cluster << 4 | four bits */
		hit = ((m->dest >> 4) == (ldr >> 28)) && (((m->dest & (ldr >> 24)) & 0xfU) != 0U);
	}
	return hit;
}

/* A physical IPI to the pCPU of t, unless it is this one (it takes posts before entry). */
static void notify(const struct vcpu *t)
{
	if (t->pcpu != pcpu_arch_id()) {
		lapic_notify(pcpu_table[t->pcpu].hw_id, VLAPIC_NOTIFY_VECTOR);
	}
}

static bool vcpu_started(const struct vcpu *t)
{
	return (t->id == 0U) || (__atomic_load_n(&t->start_vector, __ATOMIC_ACQUIRE) >= 0);
}

/* INIT and start-up reach a vCPU that waits for them; the rest only a running one whose
 * APIC is on. */
static bool accepting(const struct vcpu *t, unsigned mode)
{
	return (mode == VLAPIC_INIT) || (mode == VLAPIC_STARTUP) ||
	       (vcpu_started(t) &&
		((__atomic_load_n(&lapic_of(t)->base, __ATOMIC_ACQUIRE) & APIC_BASE_EN) != 0U));
}

/* One vCPU accepts a message; false if it could not. */
static bool accept(struct vcpu *t, const struct vlapic_msg *m)
{
	struct vlapic *l = lapic_of(t);
	uint32_t bit = 1U << (m->vector & 31U);
	bool done;

	if (!accepting(t, m->mode)) {
		return false;
	}
	if ((m->mode == VLAPIC_FIXED) || (m->mode == VLAPIC_LOWEST)) {
		if (m->level) {
			(void)__atomic_fetch_or(&l->posted_level[m->vector >> 5], bit,
						__ATOMIC_RELEASE);
		}
		(void)__atomic_fetch_or(&l->posted[m->vector >> 5], bit, __ATOMIC_RELEASE);
	} else if (m->mode == VLAPIC_NMI) {
		__atomic_store_n(&l->posted_nmi, true, __ATOMIC_RELEASE);
	} else if (m->mode == VLAPIC_STARTUP) {
		done = vcpu_start(t, m->vector);
		if (!done) {
			vm_report(t->vm, "start-up IPI to vCPU%u, which runs already: dropped",
				  t->id);
		}
		return done;
	} else if (m->mode == VLAPIC_INIT) {
		return true; /* the vCPU waits for its start-up IPI, as it did from the start */
	} else {
		vm_report(t->vm,
			  "interrupt message of delivery mode %u to vCPU%u: not emulated, dropped",
			  m->mode, t->id);
		return false;
	}
	vcpu_kick(t);
	notify(t);
	return true;
}

/* Lowest priority goes to the first vCPU addressed that accepts it. */
unsigned vlapic_deliver(struct vm *vm, const struct vlapic_msg *m)
{
	unsigned addressed = 0U;
	bool lowest_taken = false;

	for (unsigned i = 0U; i < vm->vcpu_count; i++) {
		struct vcpu *t = &vm->vcpus[i];

		bool took;

		if (!dest_matches(t, m)) {
			continue;
		}
		addressed++;
		if (!lowest_taken) {
			took = accept(t, m);
			lowest_taken = took && (m->mode == VLAPIC_LOWEST);
		}
	}
	return addressed;
}

static void send_ipi(struct vlapic *l, uint64_t icr)
{
	struct vcpu *v = l->vcpu;
	unsigned shorthand = ICR_SHORTHAND(icr);
	struct vlapic_msg m = {
	    .dest = x2apic(l) ? (uint32_t)(icr >> 32) : (l->icr_hi >> 24),
	    .vector = (unsigned)(icr & ICR_VECTOR),
	    .mode = ICR_MODE(icr),
	    .logical = (icr & ICR_LOGICAL) != 0U,
	    .level = false, /* an IPI's EOI goes nowhere */
	    .wide = x2apic(l),
	};
	unsigned hits = 0U;

	if ((m.mode == VLAPIC_INIT) && ((icr & ICR_ASSERT) == 0U)) {
		return; /* INIT level de-assert: nothing to do */
	}
	if (((m.mode == VLAPIC_FIXED) || (m.mode == VLAPIC_LOWEST)) && (m.vector < 16U)) {
		error(l, ESR_SEND_ILLEGAL);
		return;
	}
	if (shorthand == 0U) {
		hits = vlapic_deliver(v->vm, &m);
	} else {
		for (unsigned i = 0U; i < v->vm->vcpu_count; i++) {
			struct vcpu *t = &v->vm->vcpus[i];
			bool to = (shorthand == TO_ALL) || ((t == v) == (shorthand == TO_SELF));

			if (to && accept(t, &m)) {
				hits++;
			}
		}
	}
	if ((hits == 0U) && (shorthand == 0U)) {
		vm_report(v->vm, "IPI to %s 0x%x, which is no vCPU of it: dropped",
			  m.logical ? "logical destination" : "APIC id", m.dest);
	}
}

/* EOI ends the highest vector in service; a level-triggered one goes back to the vIOAPIC. */
static void eoi(struct vlapic *l)
{
	unsigned vec = vec_highest(l->isr);

	if (vec == 0U) {
		vm_report(l->vcpu->vm, "vCPU%u: EOI with no interrupt in service: ignored",
			  l->vcpu->id);
		return;
	}
	vec_clear(l->isr, vec);
	if (vec_test(l->tmr, vec)) {
		vec_clear(l->tmr, vec);
		vioapic_eoi(l->vcpu->vm, vec);
	}
}

/* ---- registers ---- */

static uint32_t ldr_x2(unsigned id)
{
	return ((id >> 4) << 16) | (1U << (id & 15U));
}

/* Reads of the 256-bit registers and the LVT; false: no such register. */
static bool read_array(const struct vlapic *l, unsigned reg, uint64_t *val)
{
	bool ok = true;

	if ((reg >= REG_ISR) && (reg < (REG_ISR + VEC_WORDS))) {
		*val = l->isr[reg - REG_ISR];
	} else if ((reg >= REG_TMR) && (reg < (REG_TMR + VEC_WORDS))) {
		*val = l->tmr[reg - REG_TMR];
	} else if ((reg >= REG_IRR) && (reg < (REG_IRR + VEC_WORDS))) {
		*val = l->irr[reg - REG_IRR];
	} else if ((reg >= REG_LVT) && (reg < (REG_LVT + LVT_COUNT))) {
		*val = l->lvt[reg - REG_LVT];
	} else {
		ok = false;
	}
	return ok;
}

/* Register reg as the guest reads it; false: none, or write-only. */
static bool lapic_reg_read(struct vlapic *l, unsigned reg, uint64_t *val)
{
	unsigned id = l->vcpu->id;
	bool x2 = x2apic(l);
	bool ok = true;

	*val = 0U;
	switch (reg) {
	case REG_ID:
		*val = x2 ? (uint64_t)id : ((uint64_t)id << 24);
		break;
	case REG_VERSION:
		*val = APIC_VERSION;
		break;
	case REG_TPR:
		*val = l->tpr;
		break;
	case REG_APR:
	case REG_RRD:
	case REG_DFR:
	case REG_ICR_HI:
		ok = !x2;
		*val = (reg == REG_DFR) ? l->dfr : ((reg == REG_ICR_HI) ? l->icr_hi : 0U);
		break;
	case REG_PPR:
		*val = ppr(l);
		break;
	case REG_LDR:
		*val = x2 ? ldr_x2(id) : l->ldr;
		break;
	case REG_SVR:
		*val = l->svr;
		break;
	case REG_ESR:
		*val = l->esr;
		break;
	case REG_ICR:
		*val = x2 ? l->icr : (l->icr & 0xffffffffUL);
		break;
	case REG_TMICT:
		*val = l->tmict;
		break;
	case REG_TMCCT:
		*val = timer_current(l);
		break;
	case REG_TDCR:
		*val = l->tdcr;
		break;
	default:
		ok = read_array(l, reg, val);
		break;
	}
	return ok;
}

/* Reserved bits: x2APIC refuses them (#GP), xAPIC drops them. */
static bool reserved_ok(const struct vlapic *l, uint64_t *val, uint64_t bits)
{
	if ((*val & ~bits) == 0U) {
		return true;
	}
	*val &= bits;
	return !x2apic(l);
}

/* The bits a write sets, and beside them the read-only ones (delivery status; remote IRR of
 * LINT0/1), which a write may give and which it leaves as they are: Linux writes them when it
 * gives LINT0 back to the PIC. */
static bool write_lvt(struct vlapic *l, unsigned i, uint64_t value)
{
	static const uint64_t lvt_bits[LVT_COUNT] = {0x700ffUL, 0x107ffUL, 0x107ffUL,
						     0x1a7ffUL, 0x1a7ffUL, 0x100ffUL};
	static const uint64_t lvt_ro[LVT_COUNT] = {0x1000UL, 0x1000UL, 0x1000UL,
						   0x5000UL, 0x5000UL, 0x1000UL};
	uint64_t val = value;

	if (!reserved_ok(l, &val, lvt_bits[i] | lvt_ro[i])) {
		return false;
	}
	val &= lvt_bits[i];
	if ((i == LVT_TIMER) && (LVT_TIMER_MODE(val) == 3U)) {
		return !x2apic(l); /* the reserved timer mode */
	}
	if (!sw_enabled(l)) {
		val |= LVT_MASKED; /* a software-disabled APIC keeps its LVT masked */
	}
	if (i == LVT_TIMER) {
		timer_lvt(l, (uint32_t)val);
	} else {
		l->lvt[i] = (uint32_t)val;
	}
	return true;
}

static bool write_svr(struct vlapic *l, uint64_t value)
{
	uint64_t val = value;

	if (!reserved_ok(l, &val, SVR_BITS)) {
		return false;
	}
	l->svr = (uint32_t)val;
	if (!sw_enabled(l)) {
		for (unsigned i = 0U; i < LVT_COUNT; i++) {
			l->lvt[i] |= LVT_MASKED;
		}
	}
	return true;
}

static bool write_icr(struct vlapic *l, unsigned reg, uint64_t value)
{
	uint64_t val = value;

	if (reg == REG_ICR_HI) {
		l->icr_hi = (uint32_t)value & 0xff000000U;
		return true;
	}
	if (!reserved_ok(l, &val, ICR_BITS)) {
		return false;
	}
	l->icr = x2apic(l) ? val : (val & 0xffffffffUL);
	send_ipi(l, val);
	return true;
}

static bool write_timer(struct vlapic *l, unsigned reg, uint64_t value)
{
	uint64_t val = value;
	bool ok = reserved_ok(l, &val, (reg == REG_TDCR) ? TDCR_BITS : 0xffffffffUL);

	if (!ok) {
		return false;
	}
	if (reg == REG_TDCR) {
		l->tdcr = (uint32_t)val;
	} else if (LVT_TIMER_MODE(l->lvt[LVT_TIMER]) != TIMER_DEADLINE) {
		l->tmict = (uint32_t)val;
		timer_start(l);
	} else {
		/* the initial count is ignored in TSC-deadline mode */
	}
	return true;
}

/* Writes of the registers only xAPIC mode has, and of EOI and ESR; false: refused. */
static bool write_other(struct vlapic *l, unsigned reg, uint64_t value)
{
	bool x2 = x2apic(l);
	bool ok = true;

	if ((reg == REG_EOI) || (reg == REG_ESR)) {
		ok = !x2 || (value == 0U);
		if (ok && (reg == REG_EOI)) {
			eoi(l);
		} else if (ok) {
			l->esr = l->esr_next & ESR_BITS;
			l->esr_next = 0U;
		} else {
			/* x2APIC: a non-zero write is refused */
		}
	} else if ((reg == REG_LDR) && !x2) {
		__atomic_store_n(&l->ldr, (uint32_t)value & 0xff000000U, __ATOMIC_RELAXED);
	} else if ((reg == REG_DFR) && !x2) {
		__atomic_store_n(&l->dfr, (uint32_t)value | 0x0fffffffU, __ATOMIC_RELAXED);
	} else if ((reg == REG_SELF_IPI) && x2 && ((value & ~ICR_VECTOR) == 0U)) {
		send_ipi(l, (value & ICR_VECTOR) | ((uint64_t)TO_SELF << 18));
	} else {
		ok = false; /* read-only, or not in this mode */
	}
	return ok;
}

/* Register reg written; false: the register refuses the value or the write. */
static bool lapic_reg_write(struct vlapic *l, unsigned reg, uint64_t value)
{
	uint64_t val = value;
	bool ok;

	if (reg == REG_TPR) {
		ok = reserved_ok(l, &val, TPR_BITS);
		l->tpr = ok ? (uint32_t)val : l->tpr;
	} else if (reg == REG_SVR) {
		ok = write_svr(l, val);
	} else if ((reg == REG_ICR) || ((reg == REG_ICR_HI) && !x2apic(l))) {
		ok = write_icr(l, reg, val);
	} else if ((reg >= REG_LVT) && (reg < (REG_LVT + LVT_COUNT))) {
		ok = write_lvt(l, reg - REG_LVT, val);
	} else if ((reg == REG_TMICT) || (reg == REG_TDCR)) {
		ok = write_timer(l, reg, val);
	} else {
		ok = write_other(l, reg, val);
	}
	return ok;
}

/* ---- APIC_BASE: moving the page, and the SDM's mode transitions ---- */

/* The mode changes the SDM allows: disabled <-> xAPIC -> x2APIC -> disabled. */
static bool base_transition_ok(uint64_t from, uint64_t to)
{
	uint64_t f = from & APIC_BASE_MODE;
	uint64_t t = to & APIC_BASE_MODE;

	return (f == t) || (t == 0U) || ((f == 0U) && (t == APIC_BASE_EN)) ||
	       ((f == APIC_BASE_EN) && (t == APIC_BASE_MODE));
}

static bool write_base(struct vcpu *v, struct vlapic *l, uint64_t value)
{
	uint64_t keep = APIC_BASE_PAGE | APIC_BASE_MODE | APIC_BASE_BSP;
	uint64_t val = (value & ~APIC_BASE_BSP) | (l->base & APIC_BASE_BSP); /* BSP: read only */

	if (((value & ~keep) != 0U) || !base_transition_ok(l->base, val)) {
		return false;
	}
	if (((val & APIC_BASE_PAGE) != (l->base & APIC_BASE_PAGE)) &&
	    (vm_gpa_to_hva(v->vm, val & APIC_BASE_PAGE, PAGE_SIZE) != NULL)) {
		return false; /* over its RAM the page would never exit */
	}
	if ((val & APIC_BASE_EN) == 0U) {
		registers_reset(l); /* disabling resets the APIC (its id stays) */
	}
	__atomic_store_n(&l->base, val, __ATOMIC_RELEASE);
	return true;
}

int vlapic_rdmsr(struct vcpu *v, uint32_t msr, uint64_t *value)
{
	struct vlapic *l = lapic_of(v);
	int done = 1;

	if (msr == MSR_APIC_BASE) {
		*value = l->base;
	} else if (msr == MSR_TSC_DEADLINE) {
		bool dl = LVT_TIMER_MODE(l->lvt[LVT_TIMER]) == TIMER_DEADLINE;

		timer_check(l, rdtsc());
		*value = dl ? l->deadline : 0U;
	} else if ((msr < X2APIC_FIRST) || (msr > X2APIC_LAST)) {
		done = 0;
	} else if (!x2apic(l) || !lapic_reg_read(l, msr - X2APIC_FIRST, value)) {
		done = -1;
	} else {
		/* read */
	}
	return done;
}

int vlapic_wrmsr(struct vcpu *v, uint32_t msr, uint64_t value)
{
	struct vlapic *l = lapic_of(v);
	int done = 1;

	if (msr == MSR_APIC_BASE) {
		done = write_base(v, l, value) ? 1 : -1;
	} else if (msr == MSR_TSC_DEADLINE) {
		if (LVT_TIMER_MODE(l->lvt[LVT_TIMER]) == TIMER_DEADLINE) {
			l->deadline = value; /* 0 disarms it; one in the past fires at once */
			l->period = 0U;
		}
	} else if ((msr < X2APIC_FIRST) || (msr > X2APIC_LAST)) {
		done = 0;
	} else if (!x2apic(l) || !lapic_reg_write(l, msr - X2APIC_FIRST, value)) {
		done = -1;
	} else {
		/* written */
	}
	return done;
}

uint64_t vlapic_get_cr8(const struct vcpu *v)
{
	return (lapic_of(v)->tpr >> 4) & 0xfU;
}

void vlapic_set_cr8(struct vcpu *v, uint64_t cr8)
{
	lapic_of(v)->tpr = ((uint32_t)cr8 & 0xfU) << 4;
}

bool vlapic_mmio_owns(const struct vcpu *v, uint64_t gpa)
{
	const struct vlapic *l = lapic_of(v);

	return xapic(l) && ((gpa & APIC_BASE_PAGE) == (l->base & APIC_BASE_PAGE));
}

void vlapic_mmio(struct vcpu *v, struct vmmio *a)
{
	struct vlapic *l = lapic_of(v);
	unsigned offset = (unsigned)a->gpa & (PAGE_SIZE - 1U);
	uint64_t val = 0U;
	bool ok = (a->size == 4U) && ((offset & 15U) == 0U);

	if (ok && a->write) {
		ok = lapic_reg_write(l, offset >> 4, a->val);
	} else if (ok) {
		ok = lapic_reg_read(l, offset >> 4, &val);
		a->val = val;
	} else {
		a->val = 0U;
	}
	if (!ok) {
		vm_report(v->vm, "vCPU%u: xAPIC %u-byte %s at offset 0x%x refused: ignored", v->id,
			  a->size, a->write ? "write" : "read", offset);
	}
}

/* ---- injection ---- */

/* Posted interrupts into IRR (and TMR); a posted NMI becomes pending. */
static void take_posted(struct vlapic *l)
{
	bool nmi;

	for (unsigned i = 0U; i < VEC_WORDS; i++) {
		uint32_t p = __atomic_exchange_n(&l->posted[i], 0U, __ATOMIC_ACQUIRE);
		uint32_t lv;

		if (p == 0U) {
			continue;
		}
		lv = __atomic_fetch_and(&l->posted_level[i], ~p, __ATOMIC_ACQUIRE) & p;
		l->irr[i] |= p;
		l->tmr[i] = (l->tmr[i] & ~p) | lv;
	}
	nmi = __atomic_exchange_n(&l->posted_nmi, false, __ATOMIC_ACQUIRE);
	l->nmi_pending = l->nmi_pending || nmi;
}

/* The vector the APIC would give the CPU now, or 0. */
static unsigned deliverable(const struct vlapic *l)
{
	unsigned vec = vec_highest(l->irr);

	if (!sw_enabled(l) || ((l->base & APIC_BASE_EN) == 0U) || (vec == 0U) ||
	    ((vec & 0xf0U) <= (ppr(l) & 0xf0U))) {
		return 0U;
	}
	return vec;
}

/* Interrupt- and NMI-window exiting as wanted; the VMCS is touched only when that changes. */
static void windows(struct vlapic *l, bool intr, bool nmi)
{
	uint64_t procs;

	if ((l->window == intr) && (l->nmi_window == nmi)) {
		return;
	}
	procs = vmread(PROC_CONTROLS) & ~((uint64_t)PROC_INTR_WINDOW | PROC_NMI_WINDOW);
	procs |= (intr ? PROC_INTR_WINDOW : 0U) | (nmi ? PROC_NMI_WINDOW : 0U);
	vmwrite(PROC_CONTROLS, procs);
	l->window = intr;
	l->nmi_window = nmi;
}

static void inject(uint32_t vector, uint32_t type)
{
	vmwrite(ENTRY_INTR_INFO, vector | (type << 8) | INTR_INFO_VALID);
	if (vmread(GUEST_ACTIVITY) == ACTIVITY_HLT) {
		vmwrite(GUEST_ACTIVITY, ACTIVITY_ACTIVE); /* the interrupt ends the HLT */
	}
}

/* LINT0 takes the PIC's interrupts (ExtINT mode, unmasked), as the BSP's does at reset. */
static bool extint_open(const struct vlapic *l)
{
	uint32_t lint0 = l->lvt[LVT_LINT0];

	return ((lint0 & LVT_MASKED) == 0U) && (LVT_MODE(lint0) == VLAPIC_EXTINT);
}

/* 0x100 when the PIC has an interrupt for this vCPU through LINT0, else 0. */
static unsigned extint_vector(struct vlapic *l)
{
	return (extint_open(l) && vpic_pending(l->vcpu->vm)) ? 0x100U : 0U;
}

static void inject_pending(struct vlapic *l)
{
	uint64_t block = vmread(GUEST_INTERRUPTIBILITY);
	bool busy = (vmread(ENTRY_INTR_INFO) & INTR_INFO_VALID) != 0U;
	bool open = ((vmread(GUEST_RFLAGS) & RFLAGS_IF) != 0U) &&
		    ((block & (BLOCK_STI | BLOCK_MOVSS)) == 0U);
	bool nmi_wait = false;
	unsigned vec = extint_vector(l);

	if (l->nmi_pending && !busy && ((block & (BLOCK_STI | BLOCK_MOVSS | BLOCK_NMI)) == 0U)) {
		inject(2U, INTR_TYPE_NMI);
		l->nmi_pending = false;
		busy = true;
	} else {
		nmi_wait = l->nmi_pending;
	}
	if (vec == 0U) {
		vec = deliverable(l);
	}
	if ((vec != 0U) && open && !busy) {
		if (vec == 0x100U) {
			vec = vpic_ack(l->vcpu->vm);
		} else {
			vec_clear(l->irr, vec);
			vec_set(l->isr, vec);
		}
		inject(vec, INTR_TYPE_EXTERNAL);
		vec = 0U;
	}
	windows(l, vec != 0U, nmi_wait);
}

/* The TSC at which the timer's expiry would change something: not while its vector waits. */
static uint64_t timer_aim(const struct vlapic *l)
{
	uint32_t lvt = l->lvt[LVT_TIMER];

	if ((l->deadline == 0U) || ((lvt & LVT_MASKED) != 0U) ||
	    vec_test(l->irr, lvt & LVT_VECTOR)) {
		return 0U;
	}
	return l->deadline;
}

uint64_t vlapic_before_entry(struct vcpu *v)
{
	struct vlapic *l = lapic_of(v);

	take_posted(l);
	timer_check(l, rdtsc());
	inject_pending(l);
	return timer_aim(l);
}

/* Whether anything could still interrupt the vCPU: its timer, another vCPU, a device line. */
static bool can_wake(struct vcpu *v, const struct vlapic *l)
{
	return (timer_aim(l) != 0U) ||
	       (__atomic_load_n(&v->vm->vcpus_running, __ATOMIC_ACQUIRE) > 1U) ||
	       vioapic_unmasked(v->vm) || (extint_open(l) && vpic_unmasked(v->vm));
}

bool vlapic_pending(struct vcpu *v)
{
	struct vlapic *l = lapic_of(v);

	take_posted(l);
	timer_check(l, rdtsc());
	return l->nmi_pending || (deliverable(l) != 0U) || (extint_vector(l) != 0U);
}

bool vlapic_halt(struct vcpu *v)
{
	struct vlapic *l = lapic_of(v);

	take_posted(l);
	timer_check(l, rdtsc());
	if (l->nmi_pending || (deliverable(l) != 0U) || (extint_vector(l) != 0U)) {
		return true; /* the next entry delivers it */
	}
	if (!can_wake(v, l)) {
		return false;
	}
	vmwrite(GUEST_ACTIVITY, ACTIVITY_HLT);
	return true;
}
