/* The hypervisor console on the 16550 UART at COM1, polled both ways, 115200 8N1. */
#include "x86.h"
#include "console.h"
#include "pcpu.h"

#define COM1	 0x3f8U
#define LSR_DR	 0x01U
#define LSR_THRE 0x20U
#define LSR_TEMT 0x40U

void serial_init(void)
{
	outb(COM1 + 1U, 0x00U); /* no interrupts */
	outb(COM1 + 3U, 0x80U); /* DLAB */
	outb(COM1, 0x01U);	/* divisor 1: 115200 baud */
	outb(COM1 + 1U, 0x00U);
	outb(COM1 + 3U, 0x03U); /* 8N1 */
	outb(COM1 + 2U, 0xc7U); /* FIFOs on and cleared */
	outb(COM1 + 4U, 0x03U); /* DTR, RTS */
}

void console_arch_putc(char c)
{
	while ((inb(COM1 + 5U) & LSR_THRE) == 0U) {
		pcpu_arch_relax();
	}
	outb(COM1, (uint8_t)c);
}

int console_arch_getc(void)
{
	if ((inb(COM1 + 5U) & LSR_DR) == 0U) {
		return -1;
	}
	return (int)inb(COM1);
}

/* Wait until the last byte has left the shift register, e.g. before powering off. */
void serial_flush(void)
{
	while ((inb(COM1 + 5U) & LSR_TEMT) == 0U) {
		pcpu_arch_relax();
	}
}
