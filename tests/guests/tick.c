/*
 * Its local APIC's timer and priorities (x2APIC MSRs): the APIC enabled through SVR, then
 * periodic ticks on vector 0x20 woken from HLT, each ended by EOI, their spacing measured with
 * the TSC; one one-shot expiry; a TSC-deadline expiry (CPUID offers the mode); TPR holding back
 * a due interrupt (it waits in IRR, PPR as TPR) until TPR drops; a self-IPI; self-IPIs taken
 * highest first, and nested by priority class; then a HLT with the timer stopped, which nothing
 * can wake.
 */
#include "guest.h"
#include "apic.h"

#define X2APIC_IRR1  0x821 /* vectors 0x20..0x3f */
#define TIMER_VECTOR 0x20
#define PERIOD	     40000 /* TSC cycles / divide 1: 10 ms at Bochs' 4 MHz TSC */
#define TICKS	     50

static volatile uint32_t ticks;
static volatile uint64_t tick_tsc;
static volatile uint32_t seen[8], nseen; /* the other vectors, in the order taken */
static volatile int isr_in_handler;

/* In the 0x30 handler, with 0x30 in service: a higher class interrupts it, its own class waits. */
static void nest(void)
{
	isr_in_handler = apic_vector_set(X2APIC_ISR0, 0x30);
	wrmsr(X2APIC_SELF_IPI, 0x31);
	wrmsr(X2APIC_SELF_IPI, 0x60);
	take_interrupts();
}

void guest_interrupt(uint32_t vector)
{
	if (vector == TIMER_VECTOR) {
		tick_tsc = rdtsc();
		ticks++;
	} else if (nseen < 8) {
		seen[nseen++] = vector;
		if (vector == 0x30 && nseen == 1)
			nest();
	}
	apic_eoi();
}

static void sleep_until(uint32_t n)
{
	while (ticks < n)
		__asm__ volatile("sti; hlt; cli" ::: "memory");
}

static void say(const char *what, uint32_t n)
{
	puts_(what);
	putdec(n);
	putc_('\n');
}

static void periodic(void)
{
	uint64_t t0, t1;
	uint32_t apart;

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
	say("one-shot: tick ", ticks);
}

static void deadline(void)
{
	uint64_t due;

	wrmsr(X2APIC_LVT_TMR, LVT_DEADLINE | TIMER_VECTOR);
	due = rdtsc() + PERIOD;
	wrmsr(MSR_TSC_DEADLINE, due);
	puts_(rdmsr(MSR_TSC_DEADLINE) == due ? "TSC deadline armed\n" : "TSC deadline lost\n");
	sleep_until(TICKS + 2);
	puts_(tick_tsc >= due ? "TSC deadline: tick at or after the deadline"
			      : "TSC deadline: tick EARLY");
	puts_(rdmsr(MSR_TSC_DEADLINE) == 0 ? ", disarmed\n" : ", still armed\n");
}

static void show_seen(const char *what)
{
	puts_(what);
	for (uint32_t i = 0; i < nseen; i++) {
		putc_(' ');
		puthex_digits(seen[i], 8);
	}
	putc_('\n');
	nseen = 0;
}

/* Requested together, the highest vector is taken first; one in service holds back its own
 * class and those below it (PPR), not a higher one, until its EOI. */
static void order(void)
{
	wrmsr(X2APIC_SELF_IPI, 0x41);
	wrmsr(X2APIC_SELF_IPI, 0x50);
	wrmsr(X2APIC_SELF_IPI, 0x3f);
	puts_(apic_vector_set(X2APIC_IRR0, 0x41) && apic_vector_set(X2APIC_IRR0, 0x50)
		  ? "three vectors requested\n"
		  : "vectors NOT in IRR\n");
	take_interrupts();
	show_seen("taken in the order");
	wrmsr(X2APIC_SELF_IPI, 0x30);
	take_interrupts();
	take_interrupts();
	show_seen("nested: taken in the order");
	puts_(isr_in_handler ? "0x30 was in ISR in its handler\n" : "0x30 NOT in ISR\n");
	puts_(rdmsr(X2APIC_ISR0 + 1) == 0 && rdmsr(X2APIC_PPR) == 0 ? "ISR empty after the EOIs\n"
								    : "ISR NOT empty\n");
}

/* TPR class 2 holds back vector 0x20 (class 2): due, it waits in IRR until TPR drops. */
static void priority(void)
{
	uint64_t due;

	wrmsr(X2APIC_TPR, 0x20);
	wrmsr(X2APIC_LVT_TMR, TIMER_VECTOR);
	wrmsr(X2APIC_TMICT, PERIOD);
	due = rdtsc() + 2 * PERIOD;
	__asm__ volatile("sti");
	while (rdtsc() < due)
		;
	__asm__ volatile("cli");
	say("TPR 0x20: ticks ", ticks);
	puts_(rdmsr(X2APIC_IRR1) & 1 ? "vector 0x20 waits in IRR" : "vector 0x20 NOT in IRR");
	puts_(rdmsr(X2APIC_PPR) == 0x20 ? ", PPR 0x20\n" : ", PPR wrong\n");
	wrmsr(X2APIC_TPR, 0);
	__asm__ volatile("sti; nop; cli");
	say("TPR 0: ticks ", ticks);
	wrmsr(X2APIC_SELF_IPI, TIMER_VECTOR);
	__asm__ volatile("sti; nop; cli");
	say("self-IPI: ticks ", ticks);
}

void guest_main(void)
{
	uint32_t r[4];

	puts_("hello from guest\n");
	__asm__ volatile("cli");
	cpuid(1, r);
	puts_(r[2] & (1U << 24) ? "TSC-deadline timer offered\n" : "TSC-deadline timer hidden\n");
	wrmsr(X2APIC_SVR, SVR_ON);
	periodic();
	deadline();
	priority();
	order();
	wrmsr(X2APIC_LVT_TMR, LVT_MASKED | TIMER_VECTOR);
	wrmsr(X2APIC_TMICT, 0);
	puts_("timer stopped, halting with interrupts on\n");
	__asm__ volatile("sti; hlt");
	puts_("woke up\n");
}
