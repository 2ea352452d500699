/*
 * The Service VM's hypercalls: the dispatch table, the copies in and out of the Service VM's
 * memory, and the hypercalls that concern no post-launched VM's life (core/uvm.c has those).
 * Every argument is checked; a refusal is ACRN's negative errno value, never a fault.
 */
#include "hypercall.h"
#include "ioreq.h"
#include "console.h"
#include "lib.h"
#include "mm.h"
#include "spinlock.h"

#define HC_COUNT     0x81U /* table entries: IDs 0x80000000 to 0x80000080 */
#define HC_VMID	     0x1U  /* arg1 is a vmid: target is that post-launched VM */
#define API_MAJOR    1U	   /* ACRN's hypercall API version */
#define API_MINOR    0U
#define PM_CX_CNT    2U	  /* HC_PM_GET_CPU_STATE's command (low byte) for the C-state count */
#define PCIDEV_SIZE  36U  /* struct acrn_pcidev */
#define MMIODEV_SIZE 104U /* struct acrn_mmiodev: name[8], then 3 of {gpa, hpa, size, reserved} */
#define PTIRQ_SIZE   20U  /* struct acrn_ptdev_irq */
#define VDEV_SIZE    192U /* struct acrn_vdev */
#define ALIGN_ARG    8U	  /* every structure starts 8-byte aligned (kmalloc's, at least) */

struct hc_entry {
	hc_handler fn;
	uint32_t flags;
};

void *hc_gpa_to_hva(struct vm *svm, uint64_t gpa, uint64_t size)
{
	if (size == 0U) {
		return NULL;
	}
	return vm_gpa_to_hva(svm, gpa, size);
}

int32_t hc_copy_from(struct vm *svm, void *dst, uint64_t gpa, uint64_t size)
{
	const void *src = ((gpa % ALIGN_ARG) == 0U) ? hc_gpa_to_hva(svm, gpa, size) : NULL;

	if (src == NULL) {
		return -HC_EINVAL;
	}
	(void)memcpy(dst, src, size);
	return 0;
}

int32_t hc_copy_to(struct vm *svm, uint64_t gpa, const void *src, uint64_t size)
{
	void *dst = ((gpa % ALIGN_ARG) == 0U) ? hc_gpa_to_hva(svm, gpa, size) : NULL;

	if (dst == NULL) {
		return -HC_EINVAL;
	}
	(void)memcpy(dst, src, size);
	return 0;
}

static int32_t hc_api_version(struct vcpu *caller, struct vm *target, uint64_t p1, uint64_t p2)
{
	uint32_t version[2] = {API_MAJOR, API_MINOR};

	(void)target;
	(void)p2;
	return hc_copy_to(caller->vm, p1, version, sizeof(version));
}

/* The Service VM's vCPU whose (virtual) APIC id is p1 stops for good, as ACRN's does after
 * Linux offlined it: never vCPU 0 (-EPERM, ACRN's -1). */
static int32_t hc_remove_cpu(struct vcpu *caller, struct vm *target, uint64_t p1, uint64_t p2)
{
	struct vcpu *v = (p1 < VCPU_MAX) ? vm_vcpu(caller->vm, (unsigned)p1) : NULL;

	(void)target;
	(void)p2;
	if (v == NULL) {
		return -HC_EINVAL;
	}
	if (v->id == 0U) {
		return -HC_EPERM;
	}
	__atomic_store_n(&v->offline, true, __ATOMIC_RELEASE);
	vcpu_kick(v);
	pcpu_arch_kick(v->pcpu);
	return 0;
}

/* The tables give no P-state or C-state data for any VM: as ACRN with none, the counts and
 * data of P-states and the C-state data are refused (-1), the C-state count is 0: one byte, as
 * ACRN writes it and Linux's HSM allocates it. */
static int32_t hc_pm_cpu_state(struct vcpu *caller, struct vm *target, uint64_t p1, uint64_t p2)
{
	struct vm *vm = ((p1 >> 32) == 0U) ? uvm_find(caller->vm, (p1 >> 24) & 0xffU) : NULL;
	uint8_t none = 0U;
	int state;

	(void)target;
	if ((p1 >> 32) != 0U) {
		return -HC_EINVAL;
	}
	if (vm == NULL) {
		return -HC_ENOTTY;
	}
	state = __atomic_load_n(&vm->state, __ATOMIC_ACQUIRE);
	if (((state != VM_CREATED) && (state != VM_PAUSED)) || ((p1 & 0xffU) != PM_CX_CNT)) {
		return -HC_EPERM;
	}
	return hc_copy_to(caller->vm, p2, &none, sizeof(none));
}

/* A device structure the Service VM gives: readable, of a VM in a state that may change its
 * devices (created; deassigning also paused), as ACRN checks first. */
static int32_t dev_arg(struct vcpu *caller, const struct vm *target, uint64_t gpa, void *buf,
		       uint64_t size, bool paused_too)
{
	int state = __atomic_load_n(&target->state, __ATOMIC_ACQUIRE);

	if ((state != VM_CREATED) && (!paused_too || (state != VM_PAUSED))) {
		return -HC_EINVAL;
	}
	return hc_copy_from(caller->vm, buf, gpa, size);
}

/* No device passes through to a post-launched VM yet (there is no VT-d, so its DMA could not be
 * confined): a PCI device on the board is refused as one not available to assign (ACRN's
 * -ENODEV), as is one the board does not have; deassigning finds none assigned (-ENODEV). */
static int32_t hc_pcidev(struct vcpu *caller, struct vm *target, uint64_t p2, bool assign)
{
	uint8_t d[PCIDEV_SIZE];
	int32_t r = dev_arg(caller, target, p2, d, sizeof(d), !assign);
	uint16_t phys;

	if (r != 0) {
		return r;
	}
	phys = (uint16_t)(d[6] | ((uint16_t)d[7] << 8));
	vm_report(caller->vm, "%s: PCI device %02x:%02x.%u: no passthrough without VT-d: -ENODEV",
		  vm_name(target), (unsigned)phys >> 8, ((unsigned)phys >> 3) & 0x1fU,
		  (unsigned)phys & 7U);
	return -HC_ENODEV;
}

static int32_t hc_assign_pcidev(struct vcpu *caller, struct vm *target, uint64_t p1, uint64_t p2)
{
	(void)p1;
	return hc_pcidev(caller, target, p2, true);
}

static int32_t hc_deassign_pcidev(struct vcpu *caller, struct vm *target, uint64_t p1, uint64_t p2)
{
	(void)p1;
	return hc_pcidev(caller, target, p2, false);
}

static uint64_t get_u64(const uint8_t *b)
{
	uint64_t v = 0U;

	for (unsigned i = 8U; i > 0U; i--) {
		v = (v << 8) | b[i - 1U];
	}
	return v;
}

/* An MMIO device (TPM2, P2SB: ACRN moves its ranges from the Service VM) is refused after its
 * ranges are checked: page-aligned, not wrapping, reserved 0 (-EINVAL), its name NUL-ended. */
static int32_t hc_mmiodev(struct vcpu *caller, struct vm *target, uint64_t p2, bool assign)
{
	uint8_t d[MMIODEV_SIZE];
	int32_t r = dev_arg(caller, target, p2, d, sizeof(d), !assign);

	if (r != 0) {
		return r;
	}
	if ((d[0] == 0U) || (d[7] != 0U)) {
		return -HC_EINVAL; /* a name, NUL-ended within its 8 bytes */
	}
	for (unsigned i = 0U; i < 3U; i++) {
		const uint8_t *res = &d[8U + (32U * i)];
		uint64_t size = get_u64(&res[16]);

		if ((((get_u64(res) | get_u64(&res[8]) | size) & (PAGE_SIZE - 1U)) != 0U) ||
		    (get_u64(&res[24]) != 0U) ||
		    ((size != 0U) &&
		     (!mm_range_ok(get_u64(res), size) || !mm_range_ok(get_u64(&res[8]), size)))) {
			return -HC_EINVAL;
		}
	}
	vm_report(caller->vm, "%s: MMIO device %s: MMIO passthrough is not supported: -ENODEV",
		  vm_name(target), (const char *)d);
	return -HC_ENODEV;
}

static int32_t hc_assign_mmiodev(struct vcpu *caller, struct vm *target, uint64_t p1, uint64_t p2)
{
	(void)p1;
	return hc_mmiodev(caller, target, p2, true);
}

static int32_t hc_deassign_mmiodev(struct vcpu *caller, struct vm *target, uint64_t p1, uint64_t p2)
{
	(void)p1;
	return hc_mmiodev(caller, target, p2, false);
}

/* A passthrough device's INTx: only type INTX (0) exists, its virtual pin within the VM's
 * I/O APIC (or PIC) (-EINVAL); no passthrough device exists to route it for (-ENODEV). */
static int32_t hc_ptdev_intr(struct vcpu *caller, struct vm *target, uint64_t p2, bool set)
{
	uint8_t d[PTIRQ_SIZE + 4U]; /* 20 bytes, read as 24 within the 8-byte aligned buffer */
	int32_t r = dev_arg(caller, target, p2, d, PTIRQ_SIZE, !set);
	uint32_t type;
	uint32_t vpin;
	uint8_t pic;

	if (r != 0) {
		return r;
	}
	type = (uint32_t)d[0] | ((uint32_t)d[1] << 8) | ((uint32_t)d[2] << 16) |
	       ((uint32_t)d[3] << 24);
	vpin = (uint32_t)d[8] | ((uint32_t)d[9] << 8) | ((uint32_t)d[10] << 16) |
	       ((uint32_t)d[11] << 24);
	pic = d[16];
	if ((type != 0U) || ((d[17] | d[18] | d[19]) != 0U) || (pic > 1U) ||
	    (vpin >= ((pic != 0U) ? 16U : ACFG_VIOAPIC_PINS))) {
		return -HC_EINVAL;
	}
	return -HC_ENODEV;
}

static int32_t hc_set_ptdev_intr(struct vcpu *caller, struct vm *target, uint64_t p1, uint64_t p2)
{
	(void)p1;
	return hc_ptdev_intr(caller, target, p2, true);
}

static int32_t hc_reset_ptdev_intr(struct vcpu *caller, struct vm *target, uint64_t p1, uint64_t p2)
{
	(void)p1;
	return hc_ptdev_intr(caller, target, p2, false);
}

/* Devices the hypervisor would emulate for a post-launched VM (ivshmem, a PCI vUART, a virtual
 * root port): none is, so each is refused as ACRN refuses one it has no emulation for. */
static int32_t hc_vdev(struct vcpu *caller, struct vm *target, uint64_t p2, bool create)
{
	uint8_t d[VDEV_SIZE];
	int32_t r = dev_arg(caller, target, p2, d, sizeof(d), !create);

	if (r != 0) {
		return r;
	}
	vm_report(caller->vm, "%s: virtual device %02x%02x:%02x%02x: not emulated: -EINVAL",
		  vm_name(target), d[1], d[0], d[3], d[2]);
	return -HC_EINVAL;
}

static int32_t hc_create_vdev(struct vcpu *caller, struct vm *target, uint64_t p1, uint64_t p2)
{
	(void)p1;
	return hc_vdev(caller, target, p2, true);
}

static int32_t hc_destroy_vdev(struct vcpu *caller, struct vm *target, uint64_t p1, uint64_t p2)
{
	(void)p1;
	return hc_vdev(caller, target, p2, false);
}

static const struct hc_entry *hc_entry_of(uint64_t id)
{
	static const struct hc_entry table[HC_COUNT] = {
	    [HC_GET_API_VERSION & 0xffU] = {hc_api_version, 0U},
	    [HC_SOS_REMOVE_CPU & 0xffU] = {hc_remove_cpu, 0U},
	    [HC_CREATE_VM & 0xffU] = {uvm_hc_create, 0U},
	    [HC_DESTROY_VM & 0xffU] = {uvm_hc_destroy, HC_VMID},
	    [HC_START_VM & 0xffU] = {uvm_hc_start, HC_VMID},
	    [HC_PAUSE_VM & 0xffU] = {uvm_hc_pause, HC_VMID},
	    [HC_RESET_VM & 0xffU] = {uvm_hc_reset, HC_VMID},
	    [HC_SET_VCPU_REGS & 0xffU] = {uvm_hc_set_regs, HC_VMID},
	    [HC_INJECT_MSI & 0xffU] = {ioreq_hc_inject_msi, HC_VMID},
	    [HC_VM_INTR_MONITOR & 0xffU] = {ioreq_hc_intr_monitor, HC_VMID},
	    [HC_SET_IRQLINE & 0xffU] = {ioreq_hc_set_irqline, HC_VMID},
	    [HC_SET_IOREQ_BUFFER & 0xffU] = {ioreq_hc_set_buffer, HC_VMID},
	    [HC_NOTIFY_REQUEST_FINISH & 0xffU] = {ioreq_hc_notify_finish, HC_VMID},
	    [HC_VM_SET_MEMORY_REGIONS & 0xffU] = {uvm_hc_set_memory, 0U},
	    [HC_SET_PTDEV_INTR & 0xffU] = {hc_set_ptdev_intr, HC_VMID},
	    [HC_RESET_PTDEV_INTR & 0xffU] = {hc_reset_ptdev_intr, HC_VMID},
	    [HC_ASSIGN_PCIDEV & 0xffU] = {hc_assign_pcidev, HC_VMID},
	    [HC_DEASSIGN_PCIDEV & 0xffU] = {hc_deassign_pcidev, HC_VMID},
	    [HC_ASSIGN_MMIODEV & 0xffU] = {hc_assign_mmiodev, HC_VMID},
	    [HC_DEASSIGN_MMIODEV & 0xffU] = {hc_deassign_mmiodev, HC_VMID},
	    [HC_CREATE_VDEV & 0xffU] = {hc_create_vdev, HC_VMID},
	    [HC_DESTROY_VDEV & 0xffU] = {hc_destroy_vdev, HC_VMID},
	    [HC_PM_GET_CPU_STATE & 0xffU] = {hc_pm_cpu_state, 0U},
	};
	const struct hc_entry *e = NULL;

	if (((id & ~0xffUL) == HC_GET_API_VERSION) && ((id & 0xffUL) < HC_COUNT)) {
		e = &table[id & 0xffUL];
	}
	return ((e != NULL) && (e->fn != NULL)) ? e : NULL;
}

/*
 * One hypercall at a time, as ACRN takes its VM lock: the Service VM's vCPUs may make them at
 * once. An unknown ID, or a vmid that names no post-launched VM there is, is -ENOTTY (ACRN's
 * dispatch). The caller's step no longer counts as one that may enter the guest (on_cpu): a
 * change of the Service VM's map waits only for steps that may (core/sched.c).
 */
int64_t hypercall(struct vcpu *v, uint64_t id, uint64_t p1, uint64_t p2)
{
	static struct spinlock hc_lock;
	const struct hc_entry *e = hc_entry_of(id);
	struct vm *target = NULL;
	int32_t r = -HC_ENOTTY;

	__atomic_store_n(&v->on_cpu, false, __ATOMIC_SEQ_CST);
	if (e == NULL) {
		return r;
	}
	spin_lock(&hc_lock);
	if ((e->flags & HC_VMID) != 0U) {
		target = uvm_find(v->vm, p1);
	}
	if (((e->flags & HC_VMID) == 0U) || (target != NULL)) {
		r = e->fn(v, target, p1, p2);
	}
	spin_unlock(&hc_lock);
	return r;
}
