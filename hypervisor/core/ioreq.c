/*
 * The I/O request path (ACRN's ioreq): an access of a post-launched VM that the hypervisor does not
 * emulate (port I/O, MMIO outside its RAM) goes to the Service VM's device model through a page of
 * 16 slots of 256 bytes, one per vCPU, that the Service VM names with HC_SET_IOREQ_BUFFER. A slot
 * goes FREE -> PENDING (the hypervisor: request filled, then the state) -> PROCESSING -> COMPLETE
 * (the Service VM) -> FREE (the hypervisor, after taking the value); the vCPU is blocked from
 * PENDING until the Service VM calls HC_NOTIFY_REQUEST_FINISH, or, for a VM that polls, until the
 * scheduler sees COMPLETE. Vector 0xF3 tells the Service VM's vCPU 0 that a slot is PENDING.
 *
 * Everything in the page is the Service VM's to change at any time: each field is read once into
 * a local and checked; the page is found through the Service VM's EPT (vm_gpa_to_hva) at every
 * use, never kept as a pointer, so a page it no longer owns is never touched.
 */
#include "ioreq.h"
#include "vm.h"
#include "lib.h"
#include "hypercall.h"

#define SLOTS		 16U /* ACRN_IO_REQUEST_MAX */
#define PAGE		 4096UL
#define ST_PENDING	 0U
#define ST_COMPLETE	 1U
#define ST_PROCESSING	 2U
#define ST_FREE		 3U
#define HSM_VECTOR	 0xf3UL
#define MSI_TO_VCPU0	 0xfee00000UL /* fixed, physical destination APIC id 0 */
#define FLAG_IO_POLLING	 0x4UL /* acrn_vm_creation.vm_flag: GUEST_FLAG_IO_COMPLETION_POLLING */
#define GSI_SET_HIGH	 0U    /* HC_SET_IRQLINE operations (1: GSI_SET_LOW) */
#define GSI_RAISING	 2U
#define GSI_FALLING	 3U
#define INTR_GET_DATA	 0U /* HC_VM_INTR_MONITOR commands */
#define INTR_DELAY	 1U
#define INTR_MONITOR_MAX 48U /* its buffer: two words for each of 24 passthrough devices */

/* One slot, as struct acrn_io_request lays it out (the request at 64, its state at 136). */
struct slot {
	uint32_t type;
	uint32_t completion_polling;
	uint32_t reserved0[14];
	uint32_t direction; /* 0 read, 1 write */
	uint32_t reserved1;
	uint64_t address;
	uint64_t size;
	uint64_t value;	 /* 32 bits for port I/O and PCI, which keep bus, device, ... above */
	uint64_t pci[4]; /* PCI: bus, device, function, register (the Service VM's to fill) */
	uint32_t reserved2;
	uint32_t kernel_handled;
	uint32_t processed; /* ST_* */
	uint32_t reserved3[29];
};
_Static_assert(sizeof(struct slot) == 256UL, "ACRN's slot is 256 bytes");

struct intr_monitor {
	uint32_t cmd;
	uint32_t buf_cnt;
};

bool ioreq_routes(const struct vm *vm)
{
	return vm->cfg->load_order == ACFG_LOAD_POST_LAUNCHED;
}

/* Slot i of the VM's page, or NULL when it has none or the Service VM no longer owns it. */
static struct slot *slot_of(struct vm *vm, unsigned i)
{
	uint64_t gpa = __atomic_load_n(&vm->ioreq_gpa, __ATOMIC_ACQUIRE);
	struct vm *svm = vm_service();
	struct slot *page;

	if ((gpa == 0U) || (i >= SLOTS) || (svm == NULL)) {
		return NULL;
	}
	/* cppcheck-suppress misra-c2012-11.5 ; the Service VM's page, as ACRN lays it out */
	page = hc_gpa_to_hva(svm, gpa, PAGE);
	return (page == NULL) ? NULL : &page[i];
}

static uint32_t slot_state(const struct slot *s)
{
	return __atomic_load_n(&s->processed, __ATOMIC_ACQUIRE);
}

void ioreq_vm_init(struct vm *vm, uint64_t vm_flag)
{
	vm->ioreq_polling = ((vm_flag & FLAG_IO_POLLING) != 0U) ||
			    ((vm->cfg->flags & ACFG_VM_IO_COMPLETION_POLLING) != 0U);
	__atomic_store_n(&vm->ioreq_gpa, 0UL, __ATOMIC_RELEASE);
	for (unsigned i = 0U; i < VCPU_MAX; i++) {
		__atomic_store_n(&vm->vcpus[i].io.state, VCPU_IO_NONE, __ATOMIC_RELEASE);
	}
}

void ioreq_vm_reset(struct vm *vm)
{
	for (unsigned i = 0U; i < VCPU_MAX; i++) {
		__atomic_store_n(&vm->vcpus[i].io.state, VCPU_IO_NONE, __ATOMIC_RELEASE);
	}
	for (unsigned i = 0U; i < SLOTS; i++) {
		struct slot *s = slot_of(vm, i);

		if (s != NULL) {
			__atomic_store_n(&s->processed, ST_FREE, __ATOMIC_RELEASE);
		}
	}
}

/* The access done at once, as to nothing: a read gives all ones. */
static void answer_now(struct vcpu *v)
{
	v->io.sent = false;
	v->io.value = ~0UL;
	__atomic_store_n(&v->io.state, VCPU_IO_DONE, __ATOMIC_RELEASE);
}

/* The request into the slot, then PENDING: the release store keeps the Service VM from seeing
 * the state before the request (x86 keeps stores in order; the compiler is told too). */
static void fill(struct slot *s, const struct vcpu *v)
{
	s->type = v->io.type;
	s->completion_polling = v->vm->ioreq_polling ? 1U : 0U;
	s->kernel_handled = 0U;
	s->direction = v->io.write ? 1U : 0U;
	s->address = v->io.addr;
	s->size = v->io.size;
	s->value = v->io.write ? v->io.value : 0UL;
	__atomic_store_n(&s->processed, ST_PENDING, __ATOMIC_RELEASE);
}

void ioreq_send(struct vcpu *v, uint32_t type, bool write, uint64_t addr, unsigned size,
		uint64_t value)
{
	struct slot *s = slot_of(v->vm, v->id);
	uint32_t st;

	v->io.type = type;
	v->io.write = write;
	v->io.addr = addr;
	v->io.size = size;
	v->io.value = value;
	if (s == NULL) {
		vm_report(v->vm, "%s 0x%lx: no I/O request buffer: done as an access to nothing",
			  (type == IOREQ_PIO) ? "port" : "MMIO", addr);
		answer_now(v);
		return;
	}
	st = slot_state(s);
	if (st != ST_FREE) {
		vm_report(v->vm,
			  "vCPU%u: its I/O request slot is in state %u, not free: the Service VM "
			  "broke the protocol; 0x%lx done as an access to nothing",
			  v->id, st, addr);
		answer_now(v);
		return;
	}
	v->io.sent = true;
	/* blocked before the request can be seen: its answer may come at once */
	__atomic_store_n(&v->io.state, VCPU_IO_WAIT, __ATOMIC_RELEASE);
	vcpu_block(v);
	fill(s, v);
	(void)vm_arch_inject_msi(vm_service(), MSI_TO_VCPU0, HSM_VECTOR);
}

bool ioreq_poll(struct vcpu *v)
{
	int wait = VCPU_IO_WAIT;
	const struct slot *s;

	if (!v->vm->ioreq_polling || (__atomic_load_n(&v->io.state, __ATOMIC_ACQUIRE) != wait)) {
		return false;
	}
	s = slot_of(v->vm, v->id);
	if ((s != NULL) && (slot_state(s) != ST_COMPLETE)) {
		return false; /* a page that went away ends the wait: the read gets all ones */
	}
	return __atomic_compare_exchange_n(&v->io.state, &wait, VCPU_IO_DONE, false,
					   __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE);
}

bool ioreq_before_entry(struct vcpu *v)
{
	struct slot *s;
	uint64_t value = ~0UL;
	int st = __atomic_load_n(&v->io.state, __ATOMIC_ACQUIRE);

	if ((st == VCPU_IO_WAIT) && !ioreq_poll(v)) {
		return false;
	}
	if (st == VCPU_IO_NONE) {
		return true;
	}
	s = v->io.sent ? slot_of(v->vm, v->id) : NULL;
	if (s != NULL) {
		value = __atomic_load_n(&s->value, __ATOMIC_RELAXED);
		__atomic_store_n(&s->processed, ST_FREE, __ATOMIC_RELEASE);
	} else if (v->io.sent) {
		vm_report(v->vm, "vCPU%u: the I/O request buffer went away: 0x%lx reads all ones",
			  v->id, v->io.addr);
	} else {
		value = v->io.value; /* answered at once */
	}
	if (!v->io.write) {
		vcpu_arch_io_done(v, value);
	}
	__atomic_store_n(&v->io.state, VCPU_IO_NONE, __ATOMIC_RELEASE);
	return true;
}

/* ---- the Service VM's hypercalls ---- */

static bool any_waiting(const struct vm *vm)
{
	for (unsigned i = 0U; i < vm->vcpu_count; i++) {
		if (__atomic_load_n(&vm->vcpus[i].io.state, __ATOMIC_ACQUIRE) != VCPU_IO_NONE) {
			return true;
		}
	}
	return false;
}

/* The page must be one of the Service VM's own now (never the hypervisor's, a pre-launched VM's
 * or a page it gave a post-launched VM): hc_gpa_to_hva checks its EPT. */
int32_t ioreq_hc_set_buffer(struct vcpu *caller, struct vm *vm, uint64_t p1, uint64_t p2)
{
	uint64_t page;
	struct slot *slots;

	(void)p1;
	if (hc_copy_from(caller->vm, &page, p2, sizeof(page)) != 0) {
		return -HC_EINVAL;
	}
	slots = ((page & (PAGE - 1U)) == 0U) ? hc_gpa_to_hva(caller->vm, page, PAGE) : NULL;
	if (slots == NULL) {
		vm_report(caller->vm,
			  "HC_SET_IOREQ_BUFFER: GPA 0x%lx is not a page of its memory: refused",
			  page);
		return -HC_EINVAL;
	}
	if (any_waiting(vm)) {
		return -HC_EINVAL; /* a request in the old page is outstanding */
	}
	for (unsigned i = 0U; i < SLOTS; i++) {
		__atomic_store_n(&slots[i].processed, ST_FREE, __ATOMIC_RELEASE);
	}
	__atomic_store_n(&vm->ioreq_gpa, page, __ATOMIC_RELEASE);
	return 0;
}

/* The Service VM answered vCPU p2's request: refused unless the vCPU waits for one and its slot
 * says PROCESSING or COMPLETE. A polling VM needs no call (ACRN: 0, nothing done). */
int32_t ioreq_hc_notify_finish(struct vcpu *caller, struct vm *vm, uint64_t p1, uint64_t p2)
{
	int wait = VCPU_IO_WAIT;
	struct vcpu *v;
	const struct slot *s;
	uint32_t st;

	(void)p1;
	if (p2 >= vm->vcpu_count) {
		return -HC_EINVAL;
	}
	if (vm->ioreq_polling) {
		return 0;
	}
	v = &vm->vcpus[p2];
	s = slot_of(vm, v->id);
	st = (s == NULL) ? ST_FREE : slot_state(s);
	if ((st != ST_COMPLETE) && (st != ST_PROCESSING)) {
		vm_report(caller->vm, "HC_NOTIFY_REQUEST_FINISH: %s vCPU%u: slot state %u: refused",
			  vm_name(vm), v->id, st);
		return -HC_EINVAL;
	}
	if (!__atomic_compare_exchange_n(&v->io.state, &wait, VCPU_IO_DONE, false, __ATOMIC_ACQ_REL,
					 __ATOMIC_ACQUIRE)) {
		vm_report(caller->vm,
			  "HC_NOTIFY_REQUEST_FINISH: %s vCPU%u waits for no request: refused",
			  vm_name(vm), v->id);
		return -HC_EINVAL;
	}
	vcpu_wake(v);
	return 0;
}

/* p2: struct acrn_msi_entry, the address and data a device would write. */
int32_t ioreq_hc_inject_msi(struct vcpu *caller, struct vm *vm, uint64_t p1, uint64_t p2)
{
	uint64_t msi[2];

	(void)p1;
	if (hc_copy_from(caller->vm, msi, p2, sizeof(msi)) != 0) {
		return -HC_EINVAL;
	}
	if (vm_arch_inject_msi(vm, msi[0], msi[1]) != 0) {
		vm_report(caller->vm,
			  "HC_INJECT_MSI: address 0x%lx data 0x%lx: not an MSI: refused", msi[0],
			  msi[1]);
		return -HC_EINVAL;
	}
	return 0;
}

/* p2 is struct acrn_irqline_ops by value: the GSI in bits 31:0, the operation above. */
int32_t ioreq_hc_set_irqline(struct vcpu *caller, struct vm *vm, uint64_t p1, uint64_t p2)
{
	uint32_t gsi = (uint32_t)p2;
	uint32_t op = (uint32_t)(p2 >> 32);
	bool first = (op == GSI_SET_HIGH) || (op == GSI_RAISING);

	(void)p1;
	if ((op > GSI_FALLING) || (gsi >= vm_arch_gsi_count())) {
		vm_report(caller->vm, "HC_SET_IRQLINE: %s GSI %u operation %u: refused",
			  vm_name(vm), gsi, op);
		return -HC_EINVAL;
	}
	spin_lock(&vm->io_lock);
	vm_arch_set_gsi(vm, gsi, first);
	if (op >= GSI_RAISING) { /* a pulse */
		vm_arch_set_gsi(vm, gsi, !first);
	}
	spin_unlock(&vm->io_lock);
	return 0;
}

/* The interrupt counts are those of the VM's passthrough devices' interrupts, and this
 * hypervisor gives post-launched VMs none: GET_DATA fills no entry (buf_cnt 0); DELAY_INT has
 * nothing to delay and is accepted, as ACRN accepts it; another command, or a buffer larger than
 * ACRN's, is refused as ACRN refuses it. */
int32_t ioreq_hc_intr_monitor(struct vcpu *caller, struct vm *vm, uint64_t p1, uint64_t p2)
{
	struct intr_monitor *m =
	    ((p2 & (PAGE - 1U)) == 0U) ? hc_gpa_to_hva(caller->vm, p2, PAGE) : NULL;
	uint32_t cmd;

	(void)vm;
	(void)p1;
	if (m == NULL) {
		return -HC_EINVAL;
	}
	cmd = __atomic_load_n(&m->cmd, __ATOMIC_RELAXED);
	if ((__atomic_load_n(&m->buf_cnt, __ATOMIC_RELAXED) > INTR_MONITOR_MAX) ||
	    ((cmd != INTR_GET_DATA) && (cmd != INTR_DELAY))) {
		return -HC_EINVAL;
	}
	if (cmd == INTR_GET_DATA) {
		__atomic_store_n(&m->buf_cnt, 0U, __ATOMIC_RELAXED);
	}
	return 0;
}
