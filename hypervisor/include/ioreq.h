/*
 * The I/O request path between a post-launched VM and the Service VM's device model (core/ioreq.c),
 * and the hypercalls of the Service VM that serve it and interrupt a post-launched VM.
 */
#ifndef HV_IOREQ_H
#define HV_IOREQ_H

#include "types.h"

struct vm;
struct vcpu;

/* Kinds of request, as ACRN's shared page numbers them (the Service VM's HSM turns port I/O at
 * 0xCFC-0xCFF into its own kind 2, PCI configuration, and answers it at the same place). */
#define IOREQ_PIO  0U
#define IOREQ_MMIO 1U

/* The VM's accesses that the hypervisor does not emulate go to the Service VM (post-launched
 * VMs only). */
bool ioreq_routes(const struct vm *vm);
/* No buffer and no request: at HC_CREATE_VM (vm_flag: HC_CREATE_VM's; its I/O completion polling
 * bit, or the scenario's, makes the hypervisor poll). */
void ioreq_vm_init(struct vm *vm, uint64_t vm_flag);
/* The access of v (addr, size bytes; a write's value) to the Service VM, v blocked until it is
 * answered; without a buffer, or with its slot not free, it is done at once as an access to
 * nothing (a read gives all ones) and reported. */
void ioreq_send(struct vcpu *v, uint32_t type, bool write, uint64_t addr, unsigned size,
		uint64_t value);
/* Before each entry of v (its pCPU, its state loaded): an answered request is finished, its
 * value in the guest's operand, its slot free again; false: v still waits (not to be entered). */
bool ioreq_before_entry(struct vcpu *v);
/* For the scheduler: a blocked v of a polling VM whose slot the Service VM completed (v is
 * then woken); false otherwise. */
bool ioreq_poll(struct vcpu *v);

/* HC_RESET_VM, HC_DESTROY_VM: no request outstanding, every slot free; the buffer and the
 * polling choice stay (as ACRN's reset_vm_ioreqs). */
void ioreq_vm_reset(struct vm *vm);

/* The Service VM's hypercalls of the path (hypercall.c's table; target resolved from p1). */
int32_t ioreq_hc_set_buffer(struct vcpu *caller, struct vm *vm, uint64_t p1, uint64_t p2);
int32_t ioreq_hc_notify_finish(struct vcpu *caller, struct vm *vm, uint64_t p1, uint64_t p2);
int32_t ioreq_hc_inject_msi(struct vcpu *caller, struct vm *vm, uint64_t p1, uint64_t p2);
int32_t ioreq_hc_set_irqline(struct vcpu *caller, struct vm *vm, uint64_t p1, uint64_t p2);
int32_t ioreq_hc_intr_monitor(struct vcpu *caller, struct vm *vm, uint64_t p1, uint64_t p2);

#endif
