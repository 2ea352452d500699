/* The hypervisor console on the 16550 UART at COM1, polled, 115200 8N1. */
#include "x86.h"
#include "console.h"
#include "pcpu.h"

#define COM1	 0x3f8
#define LSR_THRE 0x20
#define LSR_TEMT 0x40

void serial_init(void)
{
	outb(COM1 + 1, 0x00); /* no interrupts */
	outb(COM1 + 3, 0x80); /* DLAB */
	outb(COM1 + 0, 0x01); /* divisor 1: 115200 baud */
	outb(COM1 + 1, 0x00);
	outb(COM1 + 3, 0x03); /* 8N1 */
	outb(COM1 + 2, 0xc7); /* FIFOs on and cleared */
	outb(COM1 + 4, 0x03); /* DTR, RTS */
}

void console_arch_putc(char c)
{
	while (!(inb(COM1 + 5) & LSR_THRE))
		pcpu_arch_relax();
	outb(COM1, (uint8_t)c);
}

/* Wait until the last byte has left the shift register, e.g. before powering off. */
void serial_flush(void)
{
	while (!(inb(COM1 + 5) & LSR_TEMT))
		pcpu_arch_relax();
}
