/* PC platform odds and ends: PIT-timed delays, the TSC rate, and ACPI power-off. */
#include "x86.h"
#include "pcpu.h"

#define PIT_HZ 1193182UL

/* Busy-wait on PIT channel 2 (mode 0, its output is bit 5 of port 0x61). Boot pCPU only. */
void pit_delay_us(unsigned us)
{
	while (us) {
		unsigned chunk = us > 50000 ? 50000 : us;
		uint16_t ticks = (uint16_t)(chunk * PIT_HZ / 1000000);

		outb(0x61, (inb(0x61) & ~0x02) | 0x01);
		outb(0x43, 0xb0);
		outb(0x42, ticks & 0xff);
		outb(0x42, ticks >> 8);
		while (!(inb(0x61) & 0x20))
			pcpu_arch_relax();
		us -= chunk;
	}
}

uint64_t tsc_per_10ms;

/* Counted against the PIT on the boot pCPU before the others start; the TSC is invariant. */
void tsc_calibrate(void)
{
	uint64_t t0 = rdtsc();

	pit_delay_us(10000);
	tsc_per_10ms = rdtsc() - t0;
}

/*
 * Mask every line of both 8259 PICs: their interrupts (the BIOS's PIT tick on IRQ 0) would reach
 * the BSP through LINT0 and, with external-interrupt exiting, end every guest entry at once.
 */
void pic_mask_all(void)
{
	outb(0x21, 0xff);
	outb(0xa1, 0xff);
}

/*
 * SLP_EN with SLP_TYP 0 (S5) to PM1a_CNT: port 0xb004 is where the Bochs BIOS puts the PIIX4 PM
 * block; other boards give it in the FADT (the generated tables will carry it).
 */
void platform_arch_poweroff(void)
{
	serial_flush();
	outw(0xb004, 0x2000);
}
