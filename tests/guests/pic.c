/*
 * The legacy PC devices of a VM: the 8259 pair found and initialised as Linux does it, its
 * interrupts through LINT0 in ExtINT mode (COM1's "transmitter empty" interrupt on IRQ 4: its
 * vector, its in-service bit, the EOI, the mask holding it in IRR), the ELCR's fixed edge
 * inputs; then the CMOS RTC: a valid BCD date in 24-hour mode, a second as long as the TSC says
 * (Bochs' TSC runs at 4 MHz), and a write to it refused.
 */
#include <stdbool.h>

#include "guest.h"
#include "apic.h"
#include "pic.h"

#define ELCR	  0x4d0
#define BASE_M	  0x30 /* Linux's ISA_IRQ_VECTOR(0) */
#define COM1_IRQ  4
#define UART_IER  1
#define UART_IIR  2
#define UART_MCR  4
#define IER_THRE  0x02
#define MCR_OUT2  0x08
#define TSC_HZ	  4000000U
#define RTC_INDEX 0x70
#define RTC_DATA  0x71

static volatile uint32_t taken_vector, taken_isr, taken_iir, taken;
static volatile bool specific_eoi;

void guest_interrupt(uint32_t vector)
{
	taken_vector = vector;
	outb(PIC_M, OCW3_ISR);
	taken_isr = inb(PIC_M);
	taken_iir = inb(COM1 + UART_IIR); /* reading IIR ends the THRE interrupt */
	outb(COM1 + UART_IER, 0);
	outb(PIC_M, specific_eoi ? 0x60 | COM1_IRQ : PIC_EOI);
	taken++;
}

static void init_pics(void)
{
	outb(PIC_S + 1, 0xff); /* Linux's probe: the master's mask reads back */
	outb(PIC_M + 1, 0xfb);
	puts_(inb(PIC_M + 1) == 0xfb ? "PIC found\n" : "PIC NOT found\n");
	pic_init(BASE_M);
	puts_(inb(PIC_M + 1) == 0xff && inb(PIC_S + 1) == 0xff ? "PICs initialised, masked\n"
							       : "PIC masks wrong\n");
}

static uint8_t pic_irr(void)
{
	outb(PIC_M, OCW3_IRR);
	return inb(PIC_M);
}

/* COM1 asks for its "transmitter empty" interrupt, which its line raises at once. */
static void raise_com1(void)
{
	outb(COM1 + UART_MCR, inb(COM1 + UART_MCR) | MCR_OUT2);
	outb(COM1 + UART_IER, IER_THRE);
}

static void extint(void)
{
	pic_through_lint0();
	outb(PIC_M + 1, (uint8_t) ~(1U << COM1_IRQ));
	raise_com1();
	puts_(pic_irr() & (1U << COM1_IRQ) ? "IRQ 4 requested\n" : "IRQ 4 NOT requested\n");
	take_interrupts();
	puts_(taken == 1 && taken_vector == BASE_M + COM1_IRQ ? "IRQ 4 taken on vector 0x34\n"
							      : "IRQ 4 NOT taken as vector 0x34\n");
	puts_(taken_isr == 1U << COM1_IRQ ? "in service in its handler\n" : "ISR wrong\n");
	puts_((taken_iir & 0x0f) == 0x02 ? "IIR named the THRE interrupt\n" : "IIR wrong\n");
	outb(PIC_M, OCW3_ISR);
	puts_(inb(PIC_M) == 0 ? "EOI ended it\n" : "EOI did NOT end it\n");
}

static void masked(void)
{
	outb(PIC_M + 1, 0xff);
	raise_com1();
	take_interrupts();
	puts_(taken == 1 && (pic_irr() & (1U << COM1_IRQ)) ? "masked IRQ 4 waits in IRR\n"
							   : "masked IRQ 4 NOT held\n");
	specific_eoi = true;
	outb(PIC_M + 1, (uint8_t) ~(1U << COM1_IRQ));
	take_interrupts();
	outb(PIC_M, OCW3_ISR);
	puts_(taken == 2 && inb(PIC_M) == 0 ? "unmasked: taken, ended by a specific EOI\n"
					    : "unmasked: NOT taken and ended\n");
	outb(PIC_M + 1, 0xff);
	wrmsr(X2APIC_LVT_LINT0, LVT_MASKED | LVT_EXTINT);
}

static void elcr(void)
{
	outb(ELCR, 0xff);
	outb(ELCR + 1, 0xff);
	puts_(inb(ELCR) == 0xf8 && inb(ELCR + 1) == 0xde ? "ELCR: IRQ 0-2, 8, 13 stay edge\n"
							 : "ELCR wrong\n");
	outb(ELCR, 0);
	outb(ELCR + 1, 0);
}

static uint8_t cmos(uint8_t reg)
{
	outb(RTC_INDEX, reg);
	return inb(RTC_DATA);
}

static bool bcd(uint8_t v, unsigned max)
{
	return (v & 0xfU) <= 9 && (v >> 4) <= 9 && (v >> 4) * 10U + (v & 0xfU) <= max;
}

static void rtc_date(void)
{
	uint8_t s = cmos(0), m = cmos(2), h = cmos(4), d = cmos(7), mo = cmos(8), y = cmos(9);
	uint8_t c = cmos(0x32);

	puts_((cmos(0xa) & 0x80) == 0 && cmos(0xb) == 0x02 && cmos(0xd) == 0x80
		  ? "RTC: no update in progress, 24-hour BCD, valid\n"
		  : "RTC status wrong\n");
	puts_(bcd(s, 59) && bcd(m, 59) && bcd(h, 23) && bcd(d, 31) && d != 0 && bcd(mo, 12) &&
		      mo != 0 && bcd(y, 99) && bcd(c, 99) && c >= 0x19
		  ? "RTC: a valid BCD date\n"
		  : "RTC date NOT valid BCD\n");
}

/* The TSC between two changes of the seconds register. */
static void rtc_second(void)
{
	uint8_t s0 = cmos(0), s1;
	uint64_t t0, t1, limit = rdtsc() + 3ULL * TSC_HZ;
	uint32_t len;

	while (cmos(0) == s0 && rdtsc() < limit)
		;
	t0 = rdtsc();
	s1 = cmos(0);
	while (cmos(0) == s1 && rdtsc() < limit)
		;
	t1 = rdtsc();
	len = (uint32_t)(t1 - t0);
	puts_("RTC second: ");
	putdec(len);
	puts_(len > TSC_HZ - TSC_HZ / 100 && len < TSC_HZ + TSC_HZ / 100
		  ? " TSC cycles, as long as the TSC's\n"
		  : " TSC cycles, NOT as long as the TSC's\n");
	outb(RTC_INDEX, 0x0f);
	outb(RTC_DATA, 0x0a); /* the shutdown status byte, as Linux writes it: not the clock */
	outb(RTC_INDEX, 8);
	outb(RTC_DATA, 0x13); /* month 13 */
	puts_(bcd(cmos(8), 12) ? "RTC write ignored\n" : "RTC write went through\n");
}

void guest_main(void)
{
	__asm__ volatile("cli");
	puts_("hello from guest\n");
	init_pics();
	extint();
	masked();
	elcr();
	rtc_date();
	rtc_second();
}
