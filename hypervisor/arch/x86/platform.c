/* PC platform odds and ends: PIT-timed delays, the TSC rate, and ACPI power-off. */
#include "x86.h"
#include "config_abi.h"
#include "console.h"
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

#define PM1_SLP_EN (1U << 13)

/* S5: SLP_TYP of the S5 package with SLP_EN to the PM1a control register the board tables
 * name (from the board file's PM_INFO and S5_INFO). */
void platform_arch_poweroff(void)
{
	const struct acfg_poweroff *p = &acfg_board.poweroff;
	uint16_t val = (uint16_t)((p->slp_typ & 7) << 10 | PM1_SLP_EN);

	if (p->space == ACFG_PM_NONE) {
		console_printf(
		    "hv: cannot power off: the board file gives no PM1a control register\n");
		return;
	}
	console_printf("hv: powering off: 0x%x to PM1a control at %s 0x%lx\n", val,
		       p->space == ACFG_PM_PORTIO ? "port" : "address", p->pm1a_cnt);
	serial_flush();
	if (p->space == ACFG_PM_PORTIO)
		outw((uint16_t)p->pm1a_cnt, val);
	else if (p->pm1a_cnt < 0x100000000UL) /* the hypervisor maps the low 4 GiB */
		*(volatile uint16_t *)p->pm1a_cnt = val;
}
