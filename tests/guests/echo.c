/*
 * Reads what is typed on its console, interrupt driven as Linux's 8250 driver is: COM1's
 * "received data available" interrupt on IRQ 4 through the I/O APIC (pin 4, vector 0x44); the
 * handler takes the bytes, the main loop sleeps in HLT until a line is complete and prints it.
 * Two lines, then it stops.
 */
#include "guest.h"
#include "apic.h"

#define IOAPIC	 0xfec00000U
#define VECTOR	 0x44
#define UART_IER 1
#define UART_IIR 2
#define UART_MCR 4
#define UART_LSR 5
#define LINES	 2

static volatile uint32_t *ioapic = (volatile uint32_t *)IOAPIC;
static char buf[128];
static volatile uint32_t len, lines, irqs;

void guest_interrupt(uint32_t vector)
{
	if (vector != VECTOR) {
		guest_unexpected_interrupt(vector);
		return;
	}
	irqs++;
	while (!(inb(COM1 + UART_IIR) & 1)) {
		while (inb(COM1 + UART_LSR) & 1) {
			char c = (char)inb(COM1);

			if (c == '\r')
				continue;
			if (len < sizeof(buf) - 1)
				buf[len++] = c;
			lines += c == '\n';
		}
	}
	apic_eoi();
}

/* Prints the lines complete since byte *shown; how many. */
static uint32_t show_lines(uint32_t *shown)
{
	uint32_t n = 0;

	for (uint32_t i = *shown; i < len; i++) {
		if (buf[i] != '\n')
			continue;
		buf[i] = 0;
		puts_("typed: ");
		puts_(&buf[*shown]);
		puts_(irqs ? " (interrupt driven)\n" : " (NOT by an interrupt)\n");
		*shown = i + 1;
		n++;
	}
	return n;
}

void guest_main(void)
{
	uint32_t shown = 0, printed = 0;

	__asm__ volatile("cli");
	puts_("hello from guest\n");
	wrmsr(X2APIC_SVR, SVR_ON);
	ioapic[0] = 0x10 + 2 * 4 + 1; /* pin 4 to APIC id 0 */
	ioapic[4] = 0;
	ioapic[0] = 0x10 + 2 * 4;
	ioapic[4] = VECTOR;
	outb(COM1 + UART_MCR, inb(COM1 + UART_MCR) | 0x08); /* OUT2 */
	outb(COM1 + UART_IER, 0x01);			    /* received data available */
	puts_("waiting for input\n");
	while (printed < LINES) {
		if (lines == printed)
			__asm__ volatile("sti; hlt; cli" ::: "memory");
		printed += show_lines(&shown);
	}
	puts_("done\n");
}
