/*
 * Post-launched VMs, made at run time by the Service VM's hypercalls from their entries in the
 * tables (acfg_vms holds them with their pCPUs): create, start, pause, reset, destroy, their
 * vCPU 0's state, and their memory, which comes only from pages the Service VM has now and leaves
 * the Service VM's map while the new VM has it, coming back on DEL or destroy.
 */
#include "hypercall.h"
#include "ioreq.h"
#include "console.h"
#include "lib.h"
#include "mm.h"

#define CREATION_SIZE 48U  /* struct acrn_vm_creation */
#define REGS_SIZE     296U /* struct acrn_vcpu_regs */
#define BATCH_SIZE    24U  /* struct vm_memory_region_batch */
#define OP_SIZE	      32U  /* struct vm_memory_region_op */
#define MR_ADD	      0U
#define MR_DEL	      2U
#define GPA_LIMIT     (1UL << 39) /* guest addresses of post-launched VMs: below 512 GiB */
#define GIVE_BATCH    16U	  /* pages unmapped before one flush */
#define CR0_PE	      0x1UL
#define CR0_PG	      0x80000000UL
#define CR4_PAE	      0x20UL
#define CR4_REFUSED   0xffffffffff806000UL /* VMXE, SMXE and reserved bits */
#define EFER_LME      0x100UL
#define EFER_LMA      0x400UL
#define EFER_ALLOWED  0xd01UL /* SCE, LME, LMA, NXE */
#define MEM_RWX	      0x7U    /* ACRN_MEM_ACCESS_RWX */
#define MEM_WB	      0x40U   /* ACRN_MEM_TYPE_WB */

static bool exists[VM_MAX]; /* by vm->id: created and not destroyed */
static struct vm *made[VM_MAX];

static uint64_t get_le(const uint8_t *b, unsigned off, unsigned n)
{
	uint64_t v = 0U;

	for (unsigned i = n; i > 0U; i--) {
		v = (v << 8) | b[off + i - 1U];
	}
	return v;
}

static void put_le(uint8_t *b, unsigned off, unsigned n, uint64_t v)
{
	uint64_t rest = v;

	for (unsigned i = 0U; i < n; i++) {
		b[off + i] = (uint8_t)rest;
		rest >>= 8U;
	}
}

static bool zero(const uint8_t *b, unsigned off, unsigned n)
{
	uint8_t any = 0U;

	for (unsigned i = 0U; i < n; i++) {
		any |= b[off + i];
	}
	return any == 0U;
}

/* ACRN's relative vmid: the table index counted from the Service VM's (16 bits, wrapping). */
struct vm *uvm_find(const struct vm *svm, uint64_t vmid)
{
	uint64_t index = (svm->cfg_index + vmid) & 0xffffU;

	if (vmid > 0xffffU) {
		return NULL;
	}
	for (unsigned i = 0U; i < VM_MAX; i++) {
		if ((made[i] != NULL) && exists[i] && (made[i]->cfg_index == index)) {
			return made[i];
		}
	}
	return NULL;
}

/* Whether the entry's name is n, which ends within its 16 bytes. */
static bool name_is(const struct acfg_vm *c, const uint8_t *n)
{
	unsigned i = 0U;

	while ((i < (unsigned)ACFG_VM_NAME_LEN) && ((uint8_t)c->name[i] == n[i]) && (n[i] != 0U)) {
		i++;
	}
	return (i < (unsigned)ACFG_VM_NAME_LEN) && ((uint8_t)c->name[i] == n[i]);
}

/* The post-launched entry of the tables named n (16 bytes, NUL-ended), or ACFG_NONE. */
static uint32_t cfg_by_name(const uint8_t *n)
{
	for (uint32_t i = 0U; i < acfg_vms.vm_count; i++) {
		const struct acfg_vm *c = &acfg_vms.vms[i];

		if ((c->load_order == ACFG_LOAD_POST_LAUNCHED) && vm_cfg_name_ok(c) &&
		    name_is(c, n)) {
			return i;
		}
	}
	return ACFG_NONE;
}

/* The pCPUs of the entry as a mask; 0 when one is not a pCPU post-launched VMs may use. */
static uint64_t cfg_pcpus(const struct acfg_vm *c)
{
	uint64_t mask = 0U;

	for (unsigned i = 0U; i < c->pcpu_count; i++) {
		if ((c->pcpus[i] >= 64U) || !sched_shared(c->pcpus[i])) {
			return 0U;
		}
		mask |= 1UL << c->pcpus[i];
	}
	return mask;
}

/* A vCPU on each pCPU of mask, in order, none started. */
static void uvm_vcpus(struct vm *vm, uint64_t mask)
{
	unsigned n = 0U;

	for (unsigned p = 0U; (p < 64U) && (n < VCPU_MAX); p++) {
		struct vcpu *v = &vm->vcpus[n];

		if (((mask >> p) & 1U) == 0U) {
			continue;
		}
		(void)memset(v, 0, sizeof(*v));
		v->vm = vm;
		v->id = n;
		v->slot = (vm->id * VCPU_MAX) + n;
		v->pcpu = p;
		v->start_vector = -1;
		n++;
	}
	vm->vcpu_count = n;
	vm->vcpus_running = 0U;
}

/* The VM's platform as at power-on: its emulated devices, its console vUART (a post-launched
 * VM has no vUART connections here), vCPU 0 at the reset vector until HC_SET_VCPU_REGS. */
static void uvm_power_on(struct vm *vm)
{
	const struct acfg_vm *c = vm->cfg;

	(void)memset(&vm->console, 0, sizeof(vm->console));
	vm->console.irq = ACFG_NONE;
	if (c->console.type == ACFG_VUART_LEGACY) {
		vm->console.base = c->console.io_port;
		vm->console.is_console = true;
		vm->console.irq = c->console.irq;
	}
	vm->link_count = 0U;
	vm->pci_addr = 0U;
	vm->pm1_en = 0U;
	vm->pm1_cnt = 0U;
	vm->start.mode = VM_START_RESET;
	vm_arch_devices_init(vm);
}

/* The pCPUs the Service VM asks for must be among the entry's (ACRN's -1 otherwise); none: all. */
static int32_t create_in(struct vm *svm, uint32_t index, uint64_t affinity, uint8_t *cv)
{
	const struct acfg_vm *c = &acfg_vms.vms[index];
	uint64_t mask = cfg_pcpus(c);
	struct vm *vm;

	if ((mask == 0U) || (c->pcpu_count > VCPU_MAX)) {
		vm_report(svm, "%s: its pCPUs in the tables cannot run a post-launched VM",
			  vm_cfg_name(c));
		return -HC_EINVAL;
	}
	if ((affinity & ~mask) != 0U) {
		return -HC_EPERM;
	}
	vm = vm_slot(index);
	if ((vm == NULL) || exists[vm->id]) {
		return -HC_EPERM; /* created already, or no slot: more VMs than the tables have */
	}
	made[vm->id] = vm;
	uvm_vcpus(vm, (affinity != 0U) ? affinity : mask);
	uvm_power_on(vm);
	ioreq_vm_init(vm, get_le(cv, 24U, 8U)); /* vm_flag: completion polling */
	for (unsigned i = 0U; i < VM_REPORT_KINDS; i++) {
		vm->report_fmt[i] = NULL; /* its reports count afresh */
		vm->report_count[i] = 0U;
	}
	(void)vm_arch_init(vm);
	put_le(cv, 0U, 2U, (uint64_t)(index - svm->cfg_index) & 0xffffU);
	put_le(cv, 4U, 2U, vm->vcpu_count);
	exists[vm->id] = true;
	__atomic_store_n(&vm->state, VM_CREATED, __ATOMIC_RELEASE);
	console_printf("hv: %s: created by the Service VM: vmid %u, %u vCPU(s), vCPU0 on pCPU%u\n",
		       vm_name(vm), (unsigned)get_le(cv, 0U, 2U), vm->vcpu_count,
		       vm->vcpus[0].pcpu);
	return 0;
}

/* HC_CREATE_VM: the entry is found by name (the 16 bytes Linux's uapi calls uuid, as ACRN 3.x);
 * a name of no post-launched VM is -ENOTTY (ACRN's dispatch finds no VM), one created already
 * -EPERM; the vmid and vCPU count are written back. */
int32_t uvm_hc_create(struct vcpu *caller, struct vm *target, uint64_t p1, uint64_t p2)
{
	uint8_t cv[CREATION_SIZE];
	int32_t r = hc_copy_from(caller->vm, cv, p1, sizeof(cv));
	uint32_t index;

	(void)target;
	(void)p2;
	if (r != 0) {
		return r;
	}
	if (!zero(cv, 2U, 2U) || !zero(cv, 6U, 2U)) {
		return -HC_EINVAL;
	}
	index = cfg_by_name(&cv[8]);
	if (index == ACFG_NONE) {
		return -HC_ENOTTY;
	}
	r = create_in(caller->vm, index, get_le(cv, 40U, 8U), cv);
	if (r == 0) {
		r = hc_copy_to(caller->vm, p1, cv, sizeof(cv));
	}
	return r;
}

/* The VM's vCPUs run no more: none is in a step on another pCPU when this returns. */
static void uvm_stop_vcpus(struct vm *vm, int state)
{
	int running = VM_RUNNING;

	(void)__atomic_compare_exchange_n(&vm->state, &running, state, false, __ATOMIC_SEQ_CST,
					  __ATOMIC_SEQ_CST);
	vm_quiesce(vm);
}

/* Off their pCPUs' run lists, each that ran reporting its run time. */
static void uvm_drop_vcpus(struct vm *vm)
{
	for (unsigned i = 0U; i < vm->vcpu_count; i++) {
		struct vcpu *v = &vm->vcpus[i];

		sched_remove(v);
		if (v->begun) {
			vcpu_end(v);
		}
	}
}

int32_t uvm_hc_start(struct vcpu *caller, struct vm *target, uint64_t p1, uint64_t p2)
{
	int created = VM_CREATED;

	(void)caller;
	(void)p1;
	(void)p2;
	if (!__atomic_compare_exchange_n(&target->state, &created, VM_RUNNING, false,
					 __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)) {
		return -HC_EPERM; /* ACRN's -1: only a created VM starts */
	}
	for (unsigned i = 0U; i < target->vcpu_count; i++) {
		sched_add(&target->vcpus[i]);
	}
	return 0;
}

/* A VM that is not running stays as it is (ACRN returns 0 for it too). */
int32_t uvm_hc_pause(struct vcpu *caller, struct vm *target, uint64_t p1, uint64_t p2)
{
	(void)caller;
	(void)p1;
	(void)p2;
	if (target->state == VM_RUNNING) {
		uvm_stop_vcpus(target, VM_PAUSED);
		console_printf("hv: %s: paused by the Service VM\n", vm_name(target));
	}
	return 0;
}

/* A paused (or stopped) VM back to what HC_CREATE_VM made, its memory kept (ACRN: paused only). */
int32_t uvm_hc_reset(struct vcpu *caller, struct vm *target, uint64_t p1, uint64_t p2)
{
	uint64_t mask = 0U;

	(void)caller;
	(void)p1;
	(void)p2;
	if ((target->state != VM_PAUSED) && (target->state != VM_STOPPED)) {
		return -HC_EPERM;
	}
	uvm_drop_vcpus(target);
	for (unsigned i = 0U; i < target->vcpu_count; i++) {
		mask |= 1UL << target->vcpus[i].pcpu;
	}
	uvm_vcpus(target, mask);
	uvm_power_on(target);
	ioreq_vm_reset(target);
	__atomic_store_n(&target->state, VM_CREATED, __ATOMIC_RELEASE);
	console_printf("hv: %s: reset by the Service VM\n", vm_name(target));
	return 0;
}

/* A page (or 2 MiB) of a post-launched VM back into the Service VM's map, where it was. */
void uvm_give_back(struct vm *vm, uint64_t hpa, uint64_t size)
{
	if (svm_map_range(hpa, size, true) != 0) {
		vm_report(vm, "HPA 0x%lx could not go back to the Service VM", hpa);
	}
}

/* Any state but not created (ACRN: paused only): a running VM is paused first, as Linux's HSM
 * destroys the VM of a file it closes. */
int32_t uvm_hc_destroy(struct vcpu *caller, struct vm *target, uint64_t p1, uint64_t p2)
{
	(void)caller;
	(void)p1;
	(void)p2;
	uvm_stop_vcpus(target, VM_PAUSED);
	uvm_drop_vcpus(target);
	ioreq_vm_reset(target);
	vm_arch_clear(target);
	exists[target->id] = false;
	__atomic_store_n(&target->state, VM_STOPPED, __ATOMIC_RELEASE);
	console_printf("hv: %s: destroyed by the Service VM, its memory back in the Service VM\n",
		       vm_name(target));
	return 0;
}

/* What a VM entry would refuse, or the hypervisor keeps to itself: CR0.PG without PE, CR4's
 * VMXE, SMXE and reserved bits, EFER bits other than SCE, LME, LMA, NXE, LMA other than LME
 * with paging, or IA-32e mode without PAE. */
static bool regs_ok(const struct vm_regs *r)
{
	bool lma = (r->efer & EFER_LMA) != 0U;
	bool paging = (r->cr0 & CR0_PG) != 0U;

	return ((r->cr0 >> 32) == 0U) && (!paging || ((r->cr0 & CR0_PE) != 0U)) &&
	       ((r->cr4 & CR4_REFUSED) == 0U) && ((r->efer & ~EFER_ALLOWED) == 0U) &&
	       (lma == (paging && ((r->efer & EFER_LME) != 0U))) &&
	       (!lma || ((r->cr4 & CR4_PAE) != 0U));
}

/* struct acrn_vcpu_regs at b: reserved fields must be 0. */
static bool regs_parse(const uint8_t *b, struct vm_regs *r)
{
	for (unsigned i = 0U; i < 16U; i++) {
		r->gpr[i] = get_le(b, 8U + (8U * i), 8U);
	}
	r->gdt_limit = (uint16_t)get_le(b, 136U, 2U);
	r->gdt_base = get_le(b, 138U, 8U);
	r->idt_limit = (uint16_t)get_le(b, 152U, 2U);
	r->idt_base = get_le(b, 154U, 8U);
	r->rip = get_le(b, 168U, 8U);
	r->cs_base = get_le(b, 176U, 8U);
	r->cr0 = get_le(b, 184U, 8U);
	r->cr4 = get_le(b, 192U, 8U);
	r->cr3 = get_le(b, 200U, 8U);
	r->efer = get_le(b, 208U, 8U);
	r->rflags = get_le(b, 216U, 8U);
	r->cs_ar = (uint32_t)get_le(b, 256U, 4U);
	r->cs_limit = (uint32_t)get_le(b, 260U, 4U);
	for (unsigned i = 0U; i < 8U; i++) {
		r->sel[i] = (uint16_t)get_le(b, 276U + (2U * i), 2U);
	}
	return zero(b, 2U, 6U) && zero(b, 146U, 6U) && zero(b, 162U, 6U) && zero(b, 224U, 32U) &&
	       zero(b, 264U, 12U);
}

/* Before the VM runs (ACRN: not while it runs); an AP's state is checked and kept for nothing:
 * it starts from its start-up IPI, as ACRN's APs do. */
int32_t uvm_hc_set_regs(struct vcpu *caller, struct vm *target, uint64_t p1, uint64_t p2)
{
	uint8_t b[REGS_SIZE];
	struct vm_regs r;
	int32_t res;

	(void)p1;
	if (target->state == VM_RUNNING) {
		return -HC_EPERM;
	}
	res = hc_copy_from(caller->vm, b, p2, sizeof(b));
	if (res != 0) {
		return res;
	}
	if (!regs_parse(b, &r) || (get_le(b, 0U, 2U) >= target->vcpu_count) || !regs_ok(&r)) {
		return -HC_EINVAL;
	}
	if (get_le(b, 0U, 2U) == 0U) {
		target->start.regs = r;
		target->start.mode = VM_START_REGS;
	}
	return 0;
}

/* ADD: RAM only, write-back and RWX, as Linux's HSM gives it (an uncached MMIO range would be a
 * passthrough device's BAR: none exists without VT-d); every page of [spa, +size) RAM of the
 * Service VM now (svm_gpa_to_hva: never the hypervisor's or a pre-launched VM's, which it never
 * has), at guest [upa, +size) where nothing is mapped yet. The pages leave the Service VM's map
 * (and every pCPU's cached translations) before the VM gets them. */
static int32_t mem_add(struct vm *svm, struct vm *vm, uint64_t upa, uint64_t spa, uint64_t size,
		       uint32_t attr)
{
	uint64_t hpa = 0U;
	uint64_t span = 0U;

	if ((attr != (MEM_WB | MEM_RWX)) || (hc_gpa_to_hva(svm, spa, size) == NULL)) {
		return -HC_EINVAL;
	}
	for (uint64_t off = 0U; off < size; off += PAGE_SIZE) {
		if (vm_arch_translate(vm, upa + off, &hpa, &span)) {
			return -HC_EINVAL;
		}
	}
	if (svm_map_range(spa, size, false) != 0) {
		(void)svm_map_range(spa, size, true);
		return -HC_ENOMEM;
	}
	if (vm_arch_map(vm, upa, spa, size) != 0) {
		(void)vm_arch_unmap(vm, upa, size);
		(void)svm_map_range(spa, size, true);
		return -HC_ENOMEM; /* the page pool has no page table left */
	}
	return 0;
}

/* DEL: every page of guest [upa, +size) mapped (ACRN: -EINVAL otherwise); each goes back to
 * the Service VM once no pCPU can reach it through the VM's old translations (vm_arch_unmap). */
static int32_t mem_del(struct vm *vm, uint64_t upa, uint64_t size)
{
	uint64_t hpa[GIVE_BATCH];
	uint64_t span = 0U;
	uint64_t off = 0U;

	for (uint64_t o = 0U; o < size; o += PAGE_SIZE) {
		if (!vm_arch_translate(vm, upa + o, &hpa[0], &span)) {
			return -HC_EINVAL;
		}
	}
	while (off < size) {
		uint64_t from = off;
		unsigned n = 0U;

		for (; (n < GIVE_BATCH) && (off < size); n++) {
			(void)vm_arch_translate(vm, upa + off, &hpa[n], &span);
			off += PAGE_SIZE;
		}
		(void)vm_arch_unmap(vm, upa + from, off - from);
		for (unsigned i = 0U; i < n; i++) {
			uvm_give_back(vm, hpa[i], PAGE_SIZE);
		}
	}
	return 0;
}

/* One struct vm_memory_region_op: sizes and addresses page-aligned, guest addresses below
 * GPA_LIMIT, ADD or DEL. */
static int32_t mem_op(struct vm *svm, struct vm *vm, const uint8_t *op)
{
	uint32_t type = (uint32_t)get_le(op, 0U, 4U);
	uint32_t attr = (uint32_t)get_le(op, 4U, 4U);
	uint64_t upa = get_le(op, 8U, 8U);
	uint64_t spa = get_le(op, 16U, 8U);
	uint64_t size = get_le(op, 24U, 8U);

	if ((size == 0U) || (((upa | spa | size) & (PAGE_SIZE - 1U)) != 0U) || (upa >= GPA_LIMIT) ||
	    (size > (GPA_LIMIT - upa))) {
		return -HC_EINVAL;
	}
	if (type == MR_ADD) {
		return mem_add(svm, vm, upa, spa, size, attr);
	}
	if (type == MR_DEL) {
		return mem_del(vm, upa, size);
	}
	return -HC_EINVAL;
}

/* HC_VM_SET_MEMORY_REGIONS: the batch names the VM; its ops are done in order, the first that
 * fails ending the call with its error (those before it stay done, as in ACRN). */
int32_t uvm_hc_set_memory(struct vcpu *caller, struct vm *target, uint64_t p1, uint64_t p2)
{
	struct vm *svm = caller->vm;
	uint8_t batch[BATCH_SIZE];
	int32_t r = hc_copy_from(svm, batch, p1, sizeof(batch));
	struct vm *vm;
	uint64_t count;
	uint64_t ops;

	(void)target;
	(void)p2;
	if (r != 0) {
		return r;
	}
	vm = uvm_find(svm, get_le(batch, 0U, 2U));
	count = get_le(batch, 8U, 4U);
	ops = get_le(batch, 16U, 8U);
	if (vm == NULL) {
		return -HC_ENOTTY;
	}
	if (!zero(batch, 2U, 6U) || !zero(batch, 12U, 4U) || (count == 0U) ||
	    (count > ((UINT64_MAX - ops) / OP_SIZE))) {
		return -HC_EINVAL;
	}
	for (uint64_t i = 0U; (i < count) && (r == 0); i++) {
		uint8_t op[OP_SIZE];

		r = hc_copy_from(svm, op, ops + (i * OP_SIZE), sizeof(op));
		if (r == 0) {
			r = mem_op(svm, vm, op);
		}
	}
	return r;
}
