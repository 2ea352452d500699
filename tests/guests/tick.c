/*
 * Checks that the TSC-deadline mode is neither offered nor taken, then programs its local APIC
 * timer (x2APIC MSRs) and sleeps with HLT between interrupts: periodic ticks on vector 0x20,
 * each ended by EOI, their spacing measured with the TSC; then one one-shot expiry; then a HLT
 * with the timer stopped, which nothing can wake.
 */
#include "guest.h"

#define X2APIC_EOI     0x80b
#define X2APIC_LVT_TMR 0x832
#define X2APIC_TMICT   0x838
#define X2APIC_TMCCT   0x839
#define X2APIC_TDCR    0x83e
#define LVT_PERIODIC   (1U << 17)
#define LVT_MASKED     (1U << 16)
#define TIMER_VECTOR   0x20
#define PERIOD	       40000 /* TSC cycles / divide 1: 10 ms at Bochs' 4 MHz TSC */
#define TICKS	       50

static volatile uint32_t ticks;

void guest_irq(void);
void guest_irq(void)
{
	ticks++;
	wrmsr(X2APIC_EOI, 0);
}

static void sleep_until(uint32_t n)
{
	while (ticks < n)
		__asm__ volatile("sti; hlt; cli" ::: "memory");
}

void guest_main(void)
{
	uint64_t t0, t1;
	uint32_t apart;

	uint32_t r[4];

	puts_("hello from guest\n");
	__asm__ volatile("cli");
	cpuid(1, r);
	puts_(r[2] & (1U << 24) ? "TSC-deadline timer offered\n" : "TSC-deadline timer hidden\n");
	trap_skip = 2; /* the mode it hides is refused */
	wrmsr(X2APIC_LVT_TMR, 2U << 17 | TIMER_VECTOR);
	puts_(trap_skip ? "TSC-deadline mode taken\n" : "TSC-deadline mode refused\n");
	trap_skip = 0;
	wrmsr(X2APIC_TDCR, 0xb); /* divide by 1 */
	wrmsr(X2APIC_LVT_TMR, LVT_PERIODIC | TIMER_VECTOR);
	wrmsr(X2APIC_TMICT, PERIOD);
	puts_(rdmsr(X2APIC_TMCCT) <= PERIOD ? "timer counting down\n" : "timer count wrong\n");
	sleep_until(10);
	t0 = rdtsc();
	sleep_until(TICKS);
	t1 = rdtsc();
	puts_("periodic: ");
	putdec(ticks);
	puts_(" ticks, ");
	apart = (uint32_t)((t1 - t0) / (TICKS - 10));
	putdec(apart);
	/* within 1%: a tick is taken at the next instruction boundary after its expiry */
	puts_(apart - PERIOD + PERIOD / 100 <= 2 * (PERIOD / 100)
		  ? " TSC cycles apart, as programmed\n"
		  : " TSC cycles apart, NOT as programmed\n");
	wrmsr(X2APIC_LVT_TMR, TIMER_VECTOR); /* one-shot */
	wrmsr(X2APIC_TMICT, PERIOD);
	sleep_until(TICKS + 1);
	puts_("one-shot: tick ");
	putdec(ticks);
	putc_('\n');
	wrmsr(X2APIC_LVT_TMR, LVT_MASKED | TIMER_VECTOR);
	wrmsr(X2APIC_TMICT, 0);
	puts_("timer stopped, halting with interrupts on\n");
	__asm__ volatile("sti; hlt");
	puts_("woke up\n");
}
