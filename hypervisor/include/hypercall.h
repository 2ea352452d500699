/*
 * The Service VM's hypercalls, numbered and laid out as ACRN 3.x has them (the ABI of Linux's
 * acrn_hsm driver): IDs, the negative errno values they return, and what core/hypercall.c gives
 * each handler.
 */
#ifndef HV_HYPERCALL_H
#define HV_HYPERCALL_H

#include "types.h"
#include "vm.h"

#define HC_GET_API_VERSION	 0x80000000UL
#define HC_SOS_REMOVE_CPU	 0x80000001UL
#define HC_CREATE_VM		 0x80000010UL
#define HC_DESTROY_VM		 0x80000011UL
#define HC_START_VM		 0x80000012UL
#define HC_PAUSE_VM		 0x80000013UL
#define HC_RESET_VM		 0x80000015UL
#define HC_SET_VCPU_REGS	 0x80000016UL
#define HC_INJECT_MSI		 0x80000023UL
#define HC_VM_INTR_MONITOR	 0x80000024UL
#define HC_SET_IRQLINE		 0x80000025UL
#define HC_SET_IOREQ_BUFFER	 0x80000030UL
#define HC_NOTIFY_REQUEST_FINISH 0x80000031UL
#define HC_VM_SET_MEMORY_REGIONS 0x80000042UL
#define HC_SET_PTDEV_INTR	 0x80000053UL
#define HC_RESET_PTDEV_INTR	 0x80000054UL
#define HC_ASSIGN_PCIDEV	 0x80000055UL
#define HC_DEASSIGN_PCIDEV	 0x80000056UL
#define HC_ASSIGN_MMIODEV	 0x80000057UL
#define HC_DEASSIGN_MMIODEV	 0x80000058UL
#define HC_CREATE_VDEV		 0x80000059UL
#define HC_DESTROY_VDEV		 0x8000005aUL
#define HC_PM_GET_CPU_STATE	 0x80000080UL

/* Linux's errno values; a hypercall returns one negated. ACRN's "-1" is -HC_EPERM. */
#define HC_EPERM  1
#define HC_ENOMEM 12
#define HC_ENODEV 19
#define HC_EINVAL 22
#define HC_ENOTTY 25

/*
 * A hypercall's handler: caller is the Service VM's vCPU that made it; target is the
 * post-launched VM that arg1 names for the hypercalls that take a vmid there (a VM created and
 * not destroyed: never the Service VM or a pre-launched VM), else NULL. It returns 0 or more, or
 * a negative HC_E* value; hypercalls run one at a time.
 */
typedef int32_t (*hc_handler)(struct vcpu *caller, struct vm *target, uint64_t p1, uint64_t p2);

/* The VMCALL of a vCPU allowed hypercalls (from CPL 0): ID, arg1, arg2; the value for RAX. */
int64_t hypercall(struct vcpu *v, uint64_t id, uint64_t p1, uint64_t p2);

/* The Service VM's guest-physical [gpa, gpa + size) in host memory when all of it is mapped to
 * the Service VM now (pages moved to a post-launched VM are not), else NULL. Structures are
 * copied in and out only at 8-byte aligned addresses; -HC_EINVAL otherwise, or when unmapped. */
void *hc_gpa_to_hva(struct vm *svm, uint64_t gpa, uint64_t size);
int32_t hc_copy_from(struct vm *svm, void *dst, uint64_t gpa, uint64_t size);
int32_t hc_copy_to(struct vm *svm, uint64_t gpa, const void *src, uint64_t size);
/* A post-launched VM by the vmid the Service VM knows it by (ACRN's relative vmid), or NULL. */
struct vm *uvm_find(const struct vm *svm, uint64_t vmid);

/* Post-launched VMs (core/uvm.c) */
int32_t uvm_hc_create(struct vcpu *caller, struct vm *target, uint64_t p1, uint64_t p2);
int32_t uvm_hc_destroy(struct vcpu *caller, struct vm *target, uint64_t p1, uint64_t p2);
int32_t uvm_hc_start(struct vcpu *caller, struct vm *target, uint64_t p1, uint64_t p2);
int32_t uvm_hc_pause(struct vcpu *caller, struct vm *target, uint64_t p1, uint64_t p2);
int32_t uvm_hc_reset(struct vcpu *caller, struct vm *target, uint64_t p1, uint64_t p2);
int32_t uvm_hc_set_regs(struct vcpu *caller, struct vm *target, uint64_t p1, uint64_t p2);
int32_t uvm_hc_set_memory(struct vcpu *caller, struct vm *target, uint64_t p1, uint64_t p2);

#endif
