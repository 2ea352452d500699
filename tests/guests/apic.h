/*
 * The local APIC as the test guests program it: its x2APIC MSRs (the mode a vCPU starts in), the
 * ICR's fields, and the few steps every interrupt-taking guest repeats. Include after guest.h.
 */
#ifndef GUEST_APIC_H
#define GUEST_APIC_H

#define MSR_APIC_BASE	 0x1b
#define MSR_TSC_DEADLINE 0x6e0
#define X2APIC_ID	 0x802
#define X2APIC_VERSION	 0x803
#define X2APIC_TPR	 0x808
#define X2APIC_PPR	 0x80a
#define X2APIC_EOI	 0x80b
#define X2APIC_LDR	 0x80d
#define X2APIC_SVR	 0x80f
#define X2APIC_ISR0	 0x810 /* ISR, TMR and IRR: eight MSRs of 32 vectors each */
#define X2APIC_TMR0	 0x818
#define X2APIC_IRR0	 0x820
#define X2APIC_ESR	 0x828
#define X2APIC_ICR	 0x830
#define X2APIC_LVT_TMR	 0x832
#define X2APIC_LVT_LINT0 0x835
#define X2APIC_LVT_ERR	 0x837
#define X2APIC_TMICT	 0x838
#define X2APIC_TMCCT	 0x839
#define X2APIC_TDCR	 0x83e
#define X2APIC_SELF_IPI	 0x83f

#define SVR_ON		 0x1ff /* software-enabled, spurious vector 0xff */
#define LVT_MASKED	 (1U << 16)
#define LVT_PERIODIC	 (1U << 17)
#define LVT_DEADLINE	 (2U << 17)
#define LVT_EXTINT	 (7U << 8)
#define ICR_FIXED	 0x4000 /* level assert, fixed, vector in bits 7:0 */
#define ICR_LOWEST	 0x4100
#define ICR_SMI		 0x4200
#define ICR_NMI		 0x4400
#define ICR_INIT	 0x4500
#define ICR_STARTUP	 0x4600
#define ICR_LOGICAL	 0x800
#define ICR_TO_SELF	 (1U << 18)
#define ICR_TO_ALL	 (2U << 18)
#define ICR_TO_OTHERS	 (3U << 18)
#define ESR_SEND_ILLEGAL 0x20

static inline void apic_eoi(void)
{
	wrmsr(X2APIC_EOI, 0);
}

/* A fixed or other IPI to a physical x2APIC destination. */
static inline void apic_ipi(uint32_t dest, uint32_t icr)
{
	wrmsr(X2APIC_ICR, (uint64_t)dest << 32 | icr);
}

/* Whether vector is set in one of the 256-bit registers starting at MSR first. */
static inline int apic_vector_set(uint32_t first, uint32_t vector)
{
	return (int)(rdmsr(first + vector / 32) >> (vector % 32)) & 1;
}

/* Interrupts on for the length of one instruction: what is pending and deliverable is taken. */
static inline void take_interrupts(void)
{
	__asm__ volatile("sti; nop; cli" ::: "memory");
}

#endif
