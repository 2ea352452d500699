/* The counter guest: greets, shows what CPUID says of its hypervisor, then counts and reports. */
#include "guest.h"

#define ROUNDS 8
#define SPIN   500000

void guest_main(void)
{
	uint32_t r[4];
	char sig[13];

	/* Interrupts on: the hypervisor takes every one anyway (Bochs 2.7 only exits for a pCPU
	 * interrupt while the guest's IF is set; tests/boot/cases/interrupt.boot needs that). */
	__asm__ volatile("sti");
	puts_("hello from guest\n");
	cpuid(0x40000000, r);
	for (int i = 0; i < 12; i++)
		sig[i] = (char)(r[1 + i / 4] >> (8 * (i % 4)));
	sig[12] = 0;
	cpuid(1, r);
	puts_("cpuid: hypervisor \"");
	puts_(sig);
	puts_(r[2] & (1U << 5) ? "\", vmx visible\n" : "\", vmx hidden\n");
	for (uint32_t n = 1; n <= ROUNDS; n++) {
		for (volatile uint32_t i = 0; i < SPIN; i++)
			;
		puts_("progress ");
		putdec(n);
		putc_('\n');
	}
	puts_("done\n");
}
