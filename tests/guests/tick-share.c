/*
 * A guest whose own timer exits more often than the hypervisor ticks: its local APIC timer,
 * periodic every 5 ms of the TSC rate CPUID leaf 0x40000010 gives, wakes it from HLT 200 times,
 * each ended by EOI; then the timer stops and it halts with interrupts off. The hypervisor's
 * tick (every 10 ms) is due between two of its expiries, so each must come with one of the
 * guest's exits and none of its own: the VM's timer exits are the guest's 200 expiries
 * (tests/boot/cases/tick-share.boot).
 */
#include "guest.h"
#include "apic.h"

#define TIMER_VECTOR 0x20
#define TICKS	     200

static volatile uint32_t ticks;

void guest_interrupt(uint32_t vector)
{
	if (vector == TIMER_VECTOR)
		ticks++;
	else
		guest_unexpected_interrupt(vector);
	apic_eoi();
}

void guest_main(void)
{
	uint32_t r[4];

	cpuid(0x40000010, r);
	wrmsr(X2APIC_SVR, SVR_ON);
	wrmsr(X2APIC_TDCR, 0xb); /* divide by 1: the count is in TSC cycles */
	wrmsr(X2APIC_LVT_TMR, LVT_PERIODIC | TIMER_VECTOR);
	wrmsr(X2APIC_TMICT, (uint64_t)r[0] * 5); /* kHz * 5: 5 ms */
	while (ticks < TICKS)
		__asm__ volatile("sti; hlt; cli" ::: "memory");
	wrmsr(X2APIC_TMICT, 0);
	puts_("timer: 200 expiries\n");
}
