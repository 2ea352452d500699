/*
 * The VM beside an attacker: its local APIC on, LINT0 taking its PIC's interrupts, all PIC
 * inputs unmasked, interrupts on while it counts; no device of its own asks for an interrupt,
 * so any interrupt or NMI it takes came from outside. It reports how many it took.
 */
#include "guest.h"
#include "apic.h"
#include "pic.h"

#define ROUNDS 10
#define SPIN   500000

static volatile uint32_t taken;

void guest_interrupt(uint32_t vector)
{
	taken++;
	if (vector != 2)
		apic_eoi();
}

void guest_main(void)
{
	puts_("hello from guest\n");
	pic_init(0x30);
	pic_through_lint0();
	outb(PIC_M + 1, 0);
	outb(PIC_S + 1, 0);
	__asm__ volatile("sti");
	for (uint32_t n = 1; n <= ROUNDS; n++) {
		for (volatile uint32_t i = 0; i < SPIN; i++)
			;
		puts_("progress ");
		putdec(n);
		putc_('\n');
	}
	__asm__ volatile("cli");
	if (taken == 0) {
		puts_("no interrupt came from outside\n");
	} else {
		puts_("took ");
		putdec(taken);
		puts_(" interrupts sent by others\n");
	}
}
