/*
 * The virtual local APIC of each vCPU (vlapic.c): what the exit handlers, the CR8 exits and
 * the other virtual interrupt controllers (vioapic.c, vpic.c) use of it. Every function but
 * vlapic_deliver runs on the vCPU's own pCPU with its VMCS loaded.
 */
#ifndef X86_VLAPIC_H
#define X86_VLAPIC_H

#include "types.h"

struct vm;
struct vcpu;
struct vmmio;

/* The physical IPI a pCPU sends another whose vCPU has an interrupt posted: it makes the
 * target exit (or not enter with stale state); the exit handler ends it silently. */
#define VLAPIC_NOTIFY_VECTOR 0xf2U

/* CPUID.1:ECX bits the vLAPIC provides whatever the CPU has: x2APIC and the TSC-deadline timer. */
#define VLAPIC_CPUID1_ECX 0x1200000U

/* Delivery modes of an interrupt message (ICR, I/O APIC redirection entry, LVT). */
#define VLAPIC_FIXED   0U
#define VLAPIC_LOWEST  1U
#define VLAPIC_NMI     4U
#define VLAPIC_INIT    5U
#define VLAPIC_STARTUP 6U
#define VLAPIC_EXTINT  7U

/* An interrupt message to the local APICs of one VM. */
struct vlapic_msg {
	uint32_t dest;	 /* APIC id, or logical destination */
	unsigned vector; /* 0..255 */
	unsigned mode;	 /* VLAPIC_FIXED ... */
	bool logical;	 /* destination mode */
	bool level;	 /* level-triggered: its EOI goes back to the I/O APIC */
	bool wide;	 /* a 32-bit (x2APIC) destination; else 8 bits, 0xff broadcast */
};

/* The vCPU's local APIC at its power-on state, in x2APIC mode (the vCPU starts). */
void vlapic_reset(struct vcpu *v);
/* x2APIC MSRs, APIC_BASE and TSC_DEADLINE: 1 done, 0 not an APIC MSR, -1 #GP. */
int vlapic_rdmsr(struct vcpu *v, uint32_t msr, uint64_t *value);
int vlapic_wrmsr(struct vcpu *v, uint32_t msr, uint64_t value);
/* CR8: the task-priority class, TPR bits 7:4, in either APIC mode. */
uint64_t vlapic_get_cr8(const struct vcpu *v);
void vlapic_set_cr8(struct vcpu *v, uint64_t cr8);
/* The xAPIC page: whether gpa is in it (xAPIC mode), and an access in it: 32 bits at an offset
 * that is a multiple of 16; another access, or one the register refuses, is reported and ignored
 * (a load gets 0). */
bool vlapic_mmio_owns(const struct vcpu *v, uint64_t gpa);
void vlapic_mmio(struct vcpu *v, struct vmmio *a);
/* Deliver a message to the vCPUs of vm it addresses (any pCPU); how many it addresses. */
unsigned vlapic_deliver(struct vm *vm, const struct vlapic_msg *m);
/* Before each VM entry: posted interrupts taken in, the timer's expiry, the highest pending
 * interrupt injected when the guest can take it (an exit asked for when it can); returns the
 * TSC the hypervisor's timer must wake the vCPU at for its APIC timer (0: no need). */
uint64_t vlapic_before_entry(struct vcpu *v);
/* HLT with interrupts on: true when an interrupt can still come (the vCPU sleeps in the HLT
 * activity state until one does), false when nothing could ever wake it. */
bool vlapic_halt(struct vcpu *v);
/* Whether an interrupt (or NMI) waits that the vCPU would take: its HLT would end. */
bool vlapic_pending(struct vcpu *v);

#endif
