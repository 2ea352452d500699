/*
 * The VM beside Linux in the Linux boot tests (tests/linux/cases): a clock and a stopwatch.
 * Clock: a line "clock: N s" each TICK_S seconds of the TSC at the rate the hypervisor announces
 * (ACRN's CPUID leaf 0x40000010), woken from HLT by its local APIC timer in TSC-deadline mode,
 * so that it costs Bochs little and its lines show it still runs after the other VM stops.
 * Stopwatch: on its vUART connection (COM2, IRQ 3 through the I/O APIC, interrupt driven), a
 * line "start MS" from the peer starts it, "stop" stops it, and it says how long the peer took
 * by this VM's clock, against the MS it announced: a sleep in the peer measured by another VM.
 */
#include "guest.h"
#include "apic.h"

#define IOAPIC	     0xfec00000U
#define TIMER_VECTOR 0x20
#define COM2_VECTOR  0x43
#define COM2_PIN     3
#define UART_IER     1
#define UART_IIR     2
#define UART_MCR     4
#define UART_LSR     5
#define LINE_MAX     64
#define TICK_S	     10U
/* A sleep may take this much longer than asked (ms, plus an eighth of it): the peer's shell
 * starts the sleep and the "stop" line after the "start" line is through. */
#define SLACK_MS 500U

static volatile uint32_t *ioapic = (volatile uint32_t *)IOAPIC;
static volatile uint32_t timer_due;
static char line[LINE_MAX];
static volatile uint32_t line_len, line_done;
static volatile uint64_t line_tsc;

/* v / d by long division: the guests link without libgcc's 64-bit division. */
static uint64_t udiv64(uint64_t v, uint32_t d)
{
	uint64_t q = 0, r = 0;

	for (int i = 63; i >= 0; i--) {
		r = r << 1 | ((v >> i) & 1);
		if (r >= d) {
			r -= d;
			q |= 1ULL << i;
		}
	}
	return q;
}

static void com2_bytes(void)
{
	while (inb(COM2 + UART_LSR) & 1) {
		char c = (char)inb(COM2);

		if (line_done || c == '\r')
			continue;
		if (c == '\n') {
			line[line_len] = 0;
			line_tsc = rdtsc();
			line_done = 1;
		} else if (line_len < LINE_MAX - 1) {
			line[line_len++] = c;
		}
	}
}

void guest_interrupt(uint32_t vector)
{
	if (vector == TIMER_VECTOR) {
		timer_due = 1;
	} else if (vector == COM2_VECTOR) {
		while (!(inb(COM2 + UART_IIR) & 1))
			com2_bytes();
	} else {
		guest_unexpected_interrupt(vector);
		return;
	}
	apic_eoi();
}

static int starts_with(const char *s, const char *prefix)
{
	while (*prefix)
		if (*s++ != *prefix++)
			return 0;
	return 1;
}

static uint32_t parse_dec(const char *s)
{
	uint32_t v = 0;

	while (*s >= '0' && *s <= '9')
		v = v * 10 + (uint32_t)(*s++ - '0');
	return v;
}

/* A line from the peer: "start MS" or "stop". */
static void stopwatch(uint32_t khz)
{
	static uint64_t start;
	static uint32_t asked;

	if (starts_with(line, "start ")) {
		start = line_tsc;
		asked = parse_dec(line + 6);
		puts_("stopwatch: started for ");
		putdec(asked);
		puts_(" ms\n");
	} else if (starts_with(line, "stop") && start != 0) {
		uint32_t took = (uint32_t)udiv64(line_tsc - start, khz);

		puts_("stopwatch: a sleep of ");
		putdec(asked);
		puts_(" ms took ");
		putdec(took);
		puts_(" ms by this VM's clock: ");
		puts_(took >= asked && took <= asked + asked / 8 + SLACK_MS ? "as long as asked\n"
									    : "NOT as asked\n");
		start = 0;
	} else {
		puts_("stopwatch: unknown line\n");
	}
}

void guest_main(void)
{
	uint32_t r[4], khz, seconds = 0;
	uint64_t next;

	__asm__ volatile("cli");
	cpuid(0x40000010, r);
	khz = r[0];
	puts_("clock: the TSC runs at ");
	putdec(khz);
	puts_(" kHz\n");
	if (khz == 0)
		return;
	wrmsr(X2APIC_SVR, SVR_ON);
	ioapic[0] = 0x10 + 2 * COM2_PIN + 1; /* to APIC id 0 */
	ioapic[4] = 0;
	ioapic[0] = 0x10 + 2 * COM2_PIN;
	ioapic[4] = COM2_VECTOR;
	outb(COM2 + UART_MCR, inb(COM2 + UART_MCR) | 0x08); /* OUT2 */
	outb(COM2 + UART_IER, 0x01);			    /* received data available */
	wrmsr(X2APIC_LVT_TMR, LVT_DEADLINE | TIMER_VECTOR);
	next = rdtsc() + (uint64_t)khz * 1000 * TICK_S;
	wrmsr(MSR_TSC_DEADLINE, next);
	for (;;) {
		__asm__ volatile("sti; hlt; cli" ::: "memory");
		if (timer_due) {
			timer_due = 0;
			next += (uint64_t)khz * 1000 * TICK_S;
			wrmsr(MSR_TSC_DEADLINE, next);
			seconds += TICK_S;
			puts_("clock: ");
			putdec(seconds);
			puts_(" s\n");
		}
		if (line_done) {
			stopwatch(khz);
			line_len = 0;
			line_done = 0;
		}
	}
}
