/*
 * Shared pCPUs: the Service VM's vCPUs and those of post-launched VMs take turns on the pCPUs
 * they share, round robin by the hypervisor's tick. A vCPU that halts with interrupts on, or waits
 * for an I/O request (vcpu_block), gives its pCPU to the next at once. A pre-launched VM's pCPU
 * never comes here: it runs its one vCPU alone (vcpu_run), as it always did.
 */
#include "vm.h"
#include "console.h"
#include "pcpu.h"
#include "spinlock.h"
#include "ioreq.h"

#define RUN_MAX	    VM_MAX /* vCPUs on one pCPU: one per VM at most */
#define SLICE_TICKS 1U	   /* a turn: one tick of the vCPU's own time */
#define KICK_EVERY  4096U  /* spins between two kicks of a pCPU that must let go */

struct runq {
	struct spinlock lock; /* v[] and n, which hypercalls change from other pCPUs */
	struct vcpu *v[RUN_MAX];
	unsigned n;
	unsigned cur;	    /* the vCPU whose turn it is */
	uint64_t slice_end; /* its turn ends when its tick count reaches this */
	bool resched;	    /* it gives the pCPU away after this step (set from any pCPU) */
};

static struct runq runqs[PCPU_MAX];

/* Whether a VM of any load order but pre-launched may run a vCPU on pcpu. */
static bool pcpu_listed(unsigned pcpu)
{
	for (unsigned i = 0U; i < acfg_vms.vm_count; i++) {
		const struct acfg_vm *c = &acfg_vms.vms[i];

		for (unsigned j = 0U;
		     (c->load_order != ACFG_LOAD_PRE_LAUNCHED) && (j < c->pcpu_count); j++) {
			if (c->pcpus[j] == pcpu) {
				return true;
			}
		}
	}
	return false;
}

bool sched_shared(unsigned pcpu)
{
	const struct vcpu *v = vm_vcpu_of_pcpu(pcpu);

	if ((pcpu >= PCPU_MAX) ||
	    ((v != NULL) && (v->vm->cfg->load_order == ACFG_LOAD_PRE_LAUNCHED))) {
		return false;
	}
	return (v != NULL) || pcpu_listed(pcpu);
}

/* Started, not halted or blocked, of a VM that runs (or the boot VM that is being set up). */
static bool runnable(const struct vcpu *v)
{
	int state = __atomic_load_n(&v->vm->state, __ATOMIC_ACQUIRE);

	return ((state == 0) || (state == VM_RUNNING)) && !v->halted &&
	       !__atomic_load_n(&v->blocked, __ATOMIC_ACQUIRE) &&
	       ((v->id == 0U) || (__atomic_load_n(&v->start_vector, __ATOMIC_ACQUIRE) >= 0));
}

/* A vCPU that halted may run when something arrived for it, or it can take an interrupt now. */
static bool may_run(struct vcpu *v)
{
	bool kicked;

	if (__atomic_load_n(&v->blocked, __ATOMIC_ACQUIRE) && ioreq_poll(v)) {
		vcpu_wake(v); /* its VM polls: the Service VM completed its I/O request */
	}
	kicked = __atomic_exchange_n(&v->kicked, false, __ATOMIC_ACQ_REL);

	if (!runnable(v)) {
		return false;
	}
	if (v->waiting && (kicked || !vcpu_arch_waiting(v))) {
		v->waiting = false;
	}
	return !v->waiting;
}

/* The next in turn that may run; else the one whose turn it was, or any that can run at all
 * (it halts in the guest until an interrupt, or the hypervisor's timer, brings it back). */
static struct vcpu *turn(struct runq *q)
{
	struct vcpu *fallback = NULL;

	for (unsigned k = 1U; k <= q->n; k++) {
		unsigned i = (q->cur + k) % q->n;
		struct vcpu *v = q->v[i];

		if (may_run(v)) {
			q->cur = i;
			q->slice_end = v->ticks + SLICE_TICKS;
			return v;
		}
		if ((fallback == NULL) && runnable(v)) {
			fallback = v;
		}
	}
	return fallback;
}

static struct vcpu *sched_pick(struct runq *q)
{
	struct vcpu *v = NULL;

	spin_lock(&q->lock);
	if (q->cur < q->n) {
		v = q->v[q->cur];
	}
	if ((v == NULL) || !runnable(v) || v->waiting ||
	    __atomic_exchange_n(&q->resched, false, __ATOMIC_ACQ_REL) ||
	    (v->ticks >= q->slice_end)) {
		v = (q->n != 0U) ? turn(q) : NULL;
	}
	spin_unlock(&q->lock);
	return v;
}

/* A vCPU the Service VM took away stops; one that halted for good, or whose VM stopped, ends. */
static void sched_retire(struct vcpu *v)
{
	if (__atomic_load_n(&v->offline, __ATOMIC_ACQUIRE) && !v->halted) {
		vcpu_halt(v, "taken offline by the Service VM (HC_SOS_REMOVE_CPU)");
	}
	if (v->begun &&
	    (v->halted || (__atomic_load_n(&v->vm->state, __ATOMIC_ACQUIRE) == VM_STOPPED))) {
		vcpu_end(v);
	}
}

/* One entry and exit of v. on_cpu is set before the checks, so a hypercall that stops the VM on
 * another pCPU either sees this step and waits for it, or is seen by it (vm_quiesce). */
static void sched_step(struct runq *q, struct vcpu *v)
{
	__atomic_store_n(&v->on_cpu, true, __ATOMIC_SEQ_CST);
	if (runnable(v) && !__atomic_load_n(&v->offline, __ATOMIC_ACQUIRE) &&
	    (v->begun || vcpu_begin(v))) {
		vcpu_arch_load(v);
		vcpu_arch_run(v);
		if (vcpu_arch_waiting(v)) {
			v->waiting = true;
		}
	}
	sched_retire(v);
	if (!runnable(v)) {
		__atomic_store_n(&q->resched, true, __ATOMIC_RELEASE);
	}
	__atomic_store_n(&v->on_cpu, false, __ATOMIC_SEQ_CST);
}

/* Whether anything may still run here: a vCPU on the list that has not ended, or a Service VM
 * that runs and may start more. */
static bool sched_alive(struct runq *q)
{
	const struct vm *svm = vm_service();
	bool alive =
	    (svm != NULL) && (__atomic_load_n(&svm->state, __ATOMIC_ACQUIRE) != VM_STOPPED);

	spin_lock(&q->lock);
	for (unsigned i = 0U; i < q->n; i++) {
		const struct vcpu *v = q->v[i];

		alive = alive || (!v->halted &&
				  (__atomic_load_n(&v->vm->state, __ATOMIC_ACQUIRE) != VM_STOPPED));
	}
	spin_unlock(&q->lock);
	return alive;
}

void sched_run(unsigned pcpu)
{
	struct runq *q = &runqs[pcpu];
	struct vcpu *boot = vm_vcpu_of_pcpu(pcpu);

	console_printf("hv: pCPU%u: shared by turns (Service VM, post-launched VMs)\n", pcpu);
	if (boot != NULL) {
		sched_add(boot);
	}
	for (;;) {
		struct vcpu *v = sched_pick(q);

		if (v != NULL) {
			sched_step(q, v);
		} else if (sched_alive(q)) {
			pcpu_arch_relax();
		} else {
			break;
		}
	}
}

void sched_add(struct vcpu *v)
{
	struct runq *q = &runqs[v->pcpu];
	bool there = false;

	spin_lock(&q->lock);
	for (unsigned i = 0U; i < q->n; i++) {
		there = there || (q->v[i] == v);
	}
	if (!there && (q->n < RUN_MAX)) {
		q->v[q->n] = v;
		q->n++;
	}
	spin_unlock(&q->lock);
	vcpu_kick(v);
}

void sched_remove(struct vcpu *v)
{
	struct runq *q = &runqs[v->pcpu];
	unsigned j = 0U;

	spin_lock(&q->lock);
	for (unsigned i = 0U; i < q->n; i++) {
		if (q->v[i] != v) {
			q->v[j] = q->v[i];
			j++;
		}
	}
	q->n = j;
	q->cur = 0U;
	q->resched = true;
	spin_unlock(&q->lock);
}

void vcpu_kick(struct vcpu *v)
{
	__atomic_store_n(&v->kicked, true, __ATOMIC_RELEASE);
	__atomic_store_n(&runqs[v->pcpu].resched, true, __ATOMIC_RELEASE);
}

void vcpu_block(struct vcpu *v)
{
	__atomic_store_n(&v->blocked, true, __ATOMIC_RELEASE);
	__atomic_store_n(&runqs[v->pcpu].resched, true, __ATOMIC_RELEASE);
}

void vcpu_wake(struct vcpu *v)
{
	__atomic_store_n(&v->blocked, false, __ATOMIC_RELEASE);
	vcpu_kick(v);
	pcpu_arch_kick(v->pcpu);
}

void vm_quiesce(struct vm *vm)
{
	unsigned self = pcpu_arch_id();

	for (unsigned i = 0U; i < vm->vcpu_count; i++) {
		struct vcpu *t = &vm->vcpus[i];
		unsigned spins = 0U;

		while ((t->pcpu != self) && __atomic_load_n(&t->on_cpu, __ATOMIC_SEQ_CST)) {
			if ((spins % KICK_EVERY) == 0U) {
				pcpu_arch_kick(t->pcpu);
			}
			spins++;
			pcpu_arch_relax();
		}
	}
}
