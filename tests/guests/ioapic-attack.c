/*
 * Abuses its I/O APIC beside another VM: COM1's pin 4 sends to every 8-bit destination,
 * physical and logical, in each delivery mode, with vectors below 16, which must reach nothing
 * but its own vCPU (APIC id 0, broadcast); writes to the read-only registers and to registers
 * past the last redirection entry; accesses in the page that are no register; and last an
 * instruction the MMIO emulation does not know on the I/O APIC's page, which stops this VM only.
 */
#include "guest.h"
#include "apic.h"

#define IOAPIC	    0xfec00000U
#define PIN	    4
#define UART_IER    1
#define UART_IIR    2
#define UART_MCR    4
#define RTE_MASKED  (1U << 16)
#define RTE_LOGICAL (1U << 11)

static volatile uint32_t *ioapic = (volatile uint32_t *)IOAPIC;
static volatile uint32_t own, nmis;

void guest_interrupt(uint32_t vector)
{
	if (vector == 2) {
		nmis++;
		return;
	}
	own++;
	apic_eoi();
}

static uint32_t io_read(uint32_t reg)
{
	ioapic[0] = reg;
	return ioapic[4];
}

static void io_write(uint32_t reg, uint32_t val)
{
	ioapic[0] = reg;
	ioapic[4] = val;
}

/* One message from pin 4: COM1's line up (THRE interrupt enabled), then down (IIR read). */
static void pulse(uint32_t high, uint32_t low)
{
	io_write(0x10 + 2 * PIN + 1, high);
	io_write(0x10 + 2 * PIN, low);
	outb(COM1 + UART_IER, 0x02);
	(void)inb(COM1 + UART_IIR);
	outb(COM1 + UART_IER, 0);
	take_interrupts();
}

static void destinations(void)
{
	/* fixed, lowest priority, SMI, reserved, NMI, INIT, start-up, ExtINT; vector 5 */
	static const uint32_t modes[] = {0x40,	0x140, 0x200, 0x300, 0x400,
					 0x500, 0x610, 0x700, 0x05};
	uint32_t sent = 0;

	outb(COM1 + UART_MCR, inb(COM1 + UART_MCR) | 0x08); /* OUT2 */
	pulse(0x01U << 24, 0x40);			    /* APIC id 1: not in this VM */
	pulse(0, 0x05);					    /* vector 5 */
	pulse(0, 0x200);				    /* SMI */
	for (uint32_t d = 0; d < 256; d++, sent += 3) {
		pulse(d << 24, 0x40);
		pulse(d << 24, RTE_LOGICAL | 0x40);
		pulse(d << 24, 0x400);
	}
	for (unsigned m = 0; m < sizeof(modes) / sizeof(modes[0]); m++, sent += 2) {
		pulse(0xffU << 24, modes[m]);
		pulse(0xffU << 24, RTE_LOGICAL | modes[m]);
	}
	io_write(0x10 + 2 * PIN, RTE_MASKED);
	puts_("pin 4 sent ");
	putdec(sent);
	puts_(" messages; its own vCPU took ");
	putdec(own);
	puts_(" interrupts and ");
	putdec(nmis);
	puts_(" NMIs\n");
}

static void registers(void)
{
	uint32_t version = io_read(1);

	io_write(0, 0xff000000);
	io_write(1, 0xffffffff);
	io_write(2, 0xffffffff);
	io_write(0x70, 0xffffffff); /* past entry 47 */
	io_write(0xff, 0xffffffff);
	puts_(io_read(0) == 0 && io_read(1) == version && io_read(2) == 0 && io_read(0x70) == 0 &&
		      io_read(0xff) == 0
		  ? "read-only and absent registers stay as they are\n"
		  : "a read-only register NOT kept\n");
	ioapic[0x40 / 4] = 0x40; /* the EOI register of later I/O APICs: not this one's */
	ioapic[0xff0 / 4] = 1;
	puts_(ioapic[0x40 / 4] == 0 && ioapic[0xff0 / 4] == 0
		  ? "no register elsewhere in the page\n"
		  : "a register NOT expected\n");
}

void guest_main(void)
{
	__asm__ volatile("cli");
	puts_("hello from guest\n");
	trap_quiet = 1;
	wrmsr(X2APIC_SVR, SVR_ON);
	destinations();
	registers();
	puts_("an OR on the I/O APIC's page\n");
	__asm__ volatile("orl $1, (%0)" ::"r"(ioapic) : "memory");
	puts_("the OR went through\n");
}
