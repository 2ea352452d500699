/*
 * Both ends of a vUART connection, interrupt driven as Linux's 8250 driver is: COM2 raises IRQ 3
 * (with MCR's OUT2) through the PIC and LINT0; its handler reads IIR until no interrupt is
 * pending, takes the received bytes ("received data available") and sends the next queued byte
 * ("transmitter holding register empty"), asking for THRE interrupts only while bytes wait. The
 * main loop queues three lines and sleeps in HLT until the peer's three lines have arrived.
 */
#include <stdbool.h>

#include "guest.h"
#include "apic.h"
#include "pic.h"

#define BASE	 0x30
#define COM2_IRQ 3
#define UART_IER 1
#define UART_IIR 2
#define UART_MCR 4
#define UART_LSR 5
#define IER_RDA	 0x01
#define IER_THRE 0x02
#define IIR_NONE 0x01
#define IIR_ID	 0x0e
#define IIR_THRE 0x02
#define IIR_RDA	 0x04
#define LSR_DATA 0x01
#define MCR_OUT2 0x08
#define LINES	 3
#define BUF	 128

static char rx[BUF], tx[BUF];
static volatile uint32_t rx_len, rx_lines, tx_head, tx_tail;
static volatile uint32_t rda_irqs, thre_irqs;

static void tx_next(void)
{
	if (tx_tail == tx_head) {
		outb(COM2 + UART_IER, IER_RDA); /* nothing waits: no more THRE interrupts */
		return;
	}
	outb(COM2, (uint8_t)tx[tx_tail % BUF]);
	tx_tail++;
}

static void rx_take(void)
{
	while (inb(COM2 + UART_LSR) & LSR_DATA) {
		char c = (char)inb(COM2);

		if (rx_len < BUF - 1)
			rx[rx_len++] = c;
		if (c == '\n')
			rx_lines++;
	}
}

void guest_interrupt(uint32_t vector)
{
	uint8_t iir;

	if (vector != BASE + COM2_IRQ) {
		guest_unexpected_interrupt(vector);
		return;
	}
	while (!((iir = inb(COM2 + UART_IIR)) & IIR_NONE)) {
		if ((iir & IIR_ID) == IIR_RDA) {
			rda_irqs++;
			rx_take();
		} else if ((iir & IIR_ID) == IIR_THRE) {
			thre_irqs++;
			tx_next();
		}
	}
	outb(PIC_M, PIC_EOI);
}

/* Queues a line; turning THRE interrupts on raises one at once when the register is empty. */
static void send_line(const char *s)
{
	__asm__ volatile("cli");
	for (; *s; s++)
		tx[tx_head++ % BUF] = *s;
	tx[tx_head++ % BUF] = '\n';
	outb(COM2 + UART_IER, IER_RDA | IER_THRE);
	__asm__ volatile("sti");
}

void guest_main(void)
{
	char line[] = "line N";
	uint32_t shown = 0;

	__asm__ volatile("cli");
	puts_("hello from guest\n");
	pic_init(BASE);
	pic_through_lint0();
	outb(PIC_M + 1, (uint8_t) ~(1U << COM2_IRQ));
	outb(COM2 + UART_MCR, MCR_OUT2);
	outb(COM2 + UART_IER, IER_RDA);
	for (uint32_t n = 1; n <= LINES; n++) {
		line[5] = (char)('0' + n);
		send_line(line);
	}
	__asm__ volatile("cli");
	while (rx_lines < LINES)
		__asm__ volatile("sti; hlt; cli" ::: "memory");
	rx[rx_len] = 0;
	for (uint32_t i = 0; i < rx_len; i++) {
		if (rx[i] != '\n')
			continue;
		rx[i] = 0;
		puts_("received: ");
		puts_(&rx[shown]);
		puts_(" (interrupt driven)\n");
		shown = i + 1;
	}
	while (tx_tail != tx_head)
		__asm__ volatile("sti; hlt; cli" ::: "memory");
	puts_(rda_irqs > 0 && thre_irqs > 0 ? "RX and TX interrupts taken\n"
					    : "RX or TX interrupts NOT taken\n");
	puts_("done\n");
}
