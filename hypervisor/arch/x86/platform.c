/* PC platform odds and ends: PIT-timed delays, the TSC rate, and ACPI power-off. */
#include "x86.h"
#include "config_abi.h"
#include "console.h"
#include "pcpu.h"
#include "mm.h"

#define PIT_HZ	       1193182UL
#define PIT_CHUNK_US   50000U /* the longest wait one 16-bit count holds */
#define PORT_PIT2_DATA 0x42U
#define PORT_PIT_MODE  0x43U
#define PORT_SYS_CTRL  0x61U
#define SYS_PIT2_GATE  0x01U
#define SYS_SPEAKER    0x02U
#define SYS_PIT2_OUT   0x20U
#define PIT2_MODE0     0xb0U /* channel 2, low then high byte, mode 0 */

/* Busy-wait on PIT channel 2 (mode 0, its output is bit 5 of port 0x61). Boot pCPU only. */
void pit_delay_us(unsigned us)
{
	unsigned left = us;

	while (left != 0U) {
		unsigned chunk = (left > PIT_CHUNK_US) ? PIT_CHUNK_US : left;
		uint16_t ticks = (uint16_t)((chunk * PIT_HZ) / 1000000U);
		uint8_t ctrl = inb(PORT_SYS_CTRL);

		outb(PORT_SYS_CTRL, (uint8_t)((ctrl & ~SYS_SPEAKER) | SYS_PIT2_GATE));
		outb(PORT_PIT_MODE, PIT2_MODE0);
		outb(PORT_PIT2_DATA, (uint8_t)(ticks & 0xffU));
		outb(PORT_PIT2_DATA, (uint8_t)(ticks >> 8));
		while ((inb(PORT_SYS_CTRL) & SYS_PIT2_OUT) == 0U) {
			pcpu_arch_relax();
		}
		left -= chunk;
	}
}

uint64_t tsc_per_10ms;

/* Counted against the PIT on the boot pCPU before the others start; the TSC is invariant. */
void tsc_calibrate(void)
{
	uint64_t t0 = rdtsc();

	pit_delay_us(10000U);
	tsc_per_10ms = rdtsc() - t0;
}

/*
 * Mask every line of both 8259 PICs: their interrupts (the BIOS's PIT tick on IRQ 0) would reach
 * the BSP through LINT0 and, with external-interrupt exiting, end every guest entry at once.
 */
void pic_mask_all(void)
{
	outb(0x21U, 0xffU);
	outb(0xa1U, 0xffU);
}

#define PM1_SLP_EN 0x2000U

/* S5: SLP_TYP of the S5 package with SLP_EN to the PM1a control register the board tables
 * name (from the board file's PM_INFO and S5_INFO). */
void platform_arch_poweroff(void)
{
	const struct acfg_poweroff *p = &acfg_board.poweroff;
	uint16_t val = (uint16_t)(((p->slp_typ & 7U) << 10) | PM1_SLP_EN);

	if (p->space == ACFG_PM_NONE) {
		console_printf(
		    "hv: cannot power off: the board file gives no PM1a control register\n");
		return;
	}
	console_printf("hv: powering off: 0x%x to PM1a control at %s 0x%lx\n", val,
		       (p->space == ACFG_PM_PORTIO) ? "port" : "address", p->pm1a_cnt);
	serial_flush();
	if (p->space == ACFG_PM_PORTIO) {
		outw((uint16_t)p->pm1a_cnt, val);
	} else if (p->pm1a_cnt < 0x100000000UL) { /* the hypervisor maps the low 4 GiB */
		/* cppcheck-suppress misra-c2012-11.5 ; PM1a control is a 16-bit MMIO register */
		volatile uint16_t *reg = mm_hva(p->pm1a_cnt);

		*reg = val;
	} else {
		console_printf("hv: cannot power off: PM1a control is above 4 GiB\n");
	}
}
