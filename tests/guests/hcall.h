/* ACRN's hypercall IDs (in R8) and the errno values its negative returns use, as Linux's HSM
 * driver has them: written here apart from the hypervisor's include/hypercall.h, so that the
 * Service VM test guests check the ABI and not the hypervisor against itself. */
#ifndef GUEST_HCALL_H
#define GUEST_HCALL_H

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

#define EPERM  1
#define ENODEV 19
#define EINVAL 22
#define ENOTTY 25

#endif
