/*
 * The ACPI fixed hardware a VM's FADT describes (config_abi.h, ACFG_VACPI_*): the PM1a event
 * block (PM1_STS, PM1_EN: two bytes each) and the PM1a control block (PM1_CNT). The VM is in ACPI
 * mode from the start (SCI_EN reads set: there is no SMI command port), no fixed event ever
 * happens (PM1_STS reads 0), PM1_EN keeps what is written, and a write to PM1_CNT with SLP_EN and
 * the SLP_TYP of the DSDT's \_S5 powers off that VM alone: it stops, the other VMs run on. No
 * other sleep state is offered (the DSDT has only \_S5): SLP_EN with another type is reported
 * and changes nothing. The Service VM has the board's PM blocks instead (its FADT is the
 * firmware's; svmdev.c).
 */
#include "vmx.h"
#include "spinlock.h"
#include "vm.h"

#define PM1_BASE  ACFG_VACPI_PM1A_EVT
#define PM1_BYTES (ACFG_VACPI_PM1A_EVT_LEN + ACFG_VACPI_PM1A_CNT_LEN) /* STS, EN, CNT */
#define PM1_EN	  2U /* byte offsets from PM1_BASE */
#define PM1_CNT	  4U

/* The byte at offset off of the three registers, as the guest reads it. */
static uint32_t pm1_byte(const struct vm *vm, uint32_t off)
{
	uint32_t shift = (8U * off) & 8U; /* the low or high byte of its register */
	uint32_t v = 0U;		  /* PM1_STS */

	if (off >= PM1_CNT) {
		v = ((uint32_t)vm->pm1_cnt | ACFG_VACPI_SCI_EN) >> shift;
	} else if (off >= PM1_EN) {
		v = (uint32_t)vm->pm1_en >> shift;
	} else {
		/* nothing happened */
	}
	return v & 0xffU;
}

static void pm1_set_byte(struct vm *vm, uint32_t off, uint32_t b)
{
	uint32_t shift = (8U * off) & 8U; /* the low or high byte of its register */
	uint32_t keep = 0xff00U;	  /* the other byte */

	if (shift != 0U) {
		keep = 0x00ffU;
	}
	if (off >= PM1_CNT) {
		vm->pm1_cnt = (uint16_t)(((uint32_t)vm->pm1_cnt & keep) | (b << shift));
	} else if (off >= PM1_EN) {
		vm->pm1_en = (uint16_t)(((uint32_t)vm->pm1_en & keep) | (b << shift));
	} else {
		/* PM1_STS: write 1 to clear, and nothing is set */
	}
}

bool vpm_pio_in(struct vm *vm, uint16_t port, unsigned size, uint32_t *val)
{
	uint32_t off = (uint32_t)port - PM1_BASE;
	uint32_t v = 0U;

	if ((port < PM1_BASE) || (off >= PM1_BYTES) || (vm == vm_service())) {
		return false;
	}
	spin_lock(&vm->io_lock);
	for (unsigned i = 0U; i < size; i++) {
		uint32_t b = ((off + i) < PM1_BYTES) ? pm1_byte(vm, off + i) : 0xffU;

		v |= b << (8U * i);
	}
	spin_unlock(&vm->io_lock);
	*val = v;
	return true;
}

/* SLP_EN written: S5 stops the VM; SLP_EN itself reads 0 again. */
bool vpm_pio_out(struct vm *vm, uint16_t port, unsigned size, uint32_t val)
{
	uint32_t off = (uint32_t)port - PM1_BASE;
	uint32_t sleep = 0U;

	if ((port < PM1_BASE) || (off >= PM1_BYTES) || (vm == vm_service())) {
		return false;
	}
	spin_lock(&vm->io_lock);
	for (unsigned i = 0U; (i < size) && ((off + i) < PM1_BYTES); i++) {
		pm1_set_byte(vm, off + i, (val >> (8U * i)) & 0xffU);
	}
	if ((vm->pm1_cnt & ACFG_VACPI_SLP_EN) != 0U) {
		sleep = (uint32_t)vm->pm1_cnt | ACFG_VACPI_SLP_EN;
		vm->pm1_cnt = (uint16_t)(vm->pm1_cnt & ~ACFG_VACPI_SLP_EN);
	}
	spin_unlock(&vm->io_lock);
	if (sleep == 0U) {
		return true;
	}
	sleep = (sleep & ACFG_VACPI_SLP_TYP_MASK) >> ACFG_VACPI_SLP_TYP_SHIFT;
	if (sleep == ACFG_VACPI_S5_SLP_TYP) {
		vm_stop(vm, "powered off (S5 through its PM1a control)");
	} else {
		vm_report(vm, "sleep type %u through PM1a control is not offered: ignored", sleep);
	}
	return true;
}
