/*
 * A VM's pair of 8259A PICs (master at 0x20/0x21, slave at 0xa0/0xa1 on the master's IRQ 2)
 * and their edge/level control registers at 0x4d0/0x4d1, as a PC has them: enough for Linux to
 * find them, initialise them and leave them masked when it takes the I/O APIC, and for a guest
 * that uses them to take their interrupts through LINT0 in ExtINT mode. Fully nested mode with
 * fixed priorities (IRQ 0 highest); rotation commands end the interrupt as a plain EOI would;
 * no poll or special mask mode. Initialisation words with a vector base below 0x20 (the CPU's
 * exception vectors) are reported.
 */
#include "vdev.h"
#include "vm.h"
#include "lib.h"

#define PORT_MASTER   0x20U
#define PORT_SLAVE    0xa0U
#define PORT_ELCR     0x4d0U
#define ICW1	      0x10U
#define ICW1_ICW4     0x01U
#define ICW1_SINGLE   0x02U
#define ICW4_AEOI     0x02U
#define OCW3	      0x08U
#define OCW3_READ     0x02U /* with OCW3_ISR: read ISR, without: IRR */
#define OCW3_ISR      0x01U
#define OCW2_EOI      0x20U
#define OCW2_SPECIFIC 0x40U
#define CASCADE_IRQ   2U

struct pic {
	uint8_t irr;
	uint8_t isr;
	uint8_t imr;
	uint8_t elcr;  /* level-triggered inputs */
	uint8_t lines; /* input levels */
	uint8_t base;  /* ICW2: the vector of IRQ 0 of this chip */
	uint8_t step;  /* the initialisation word expected next: 2, 3, 4; 0: initialised */
	bool need_icw4;
	bool single;
	bool auto_eoi;
	bool read_isr;
};

struct vpic {
	struct pic chip[2]; /* master, slave */
};

static struct vpic vpics[VM_MAX];

void vpic_reset(struct vm *vm)
{
	struct vpic *p = &vpics[vm->id];

	(void)memset(p, 0, sizeof(*p));
	p->chip[0].imr = 0xffU;
	p->chip[1].imr = 0xffU;
	p->chip[0].base = 0x08U; /* the BIOS's, in case a guest never initialises them */
	p->chip[1].base = 0x70U;
}

/* The input of the chip to acknowledge next (0..7), or -1: fixed priority, fully nested. */
static int chip_next(const struct pic *c, uint8_t irr)
{
	uint8_t pending = irr & (uint8_t)~c->imr;

	for (unsigned i = 0U; i < 8U; i++) {
		uint8_t bit = (uint8_t)(1U << i);

		if ((c->isr & bit) != 0U) {
			return -1; /* in service: it blocks itself and everything below it */
		}
		if ((pending & bit) != 0U) {
			return (int)i;
		}
	}
	return -1;
}

/* The master's requests, IRQ 2 being the slave's output. */
static uint8_t master_irr(const struct vpic *p)
{
	uint8_t irr = p->chip[0].irr & (uint8_t) ~(1U << CASCADE_IRQ);

	if (chip_next(&p->chip[1], p->chip[1].irr) >= 0) {
		irr |= (uint8_t)(1U << CASCADE_IRQ);
	}
	return irr;
}

void vpic_set_irq(struct vm *vm, unsigned irq, bool asserted)
{
	struct pic *c = &vpics[vm->id].chip[irq >> 3];
	uint8_t bit = (uint8_t)(1U << (irq & 7U));
	bool was = (c->lines & bit) != 0U;

	c->lines = asserted ? (c->lines | bit) : (c->lines & (uint8_t)~bit);
	if ((c->elcr & bit) != 0U) {
		c->irr = asserted ? (c->irr | bit) : (c->irr & (uint8_t)~bit);
	} else if (asserted && !was) {
		c->irr |= bit; /* edge-triggered: the rising edge requests */
	} else {
		/* an edge request stays until it is acknowledged */
	}
}

/* The interrupt a chip gives on its acknowledge cycle: its in-service bit, its vector. */
static unsigned chip_ack(struct pic *c, int irq)
{
	uint8_t bit;

	if (irq < 0) {
		return (unsigned)c->base + 7U; /* the request went away: IRQ 7, spurious */
	}
	bit = (uint8_t)(1U << (unsigned)irq);
	if (!c->auto_eoi) {
		c->isr |= bit;
	}
	if ((c->elcr & bit) == 0U) {
		c->irr &= (uint8_t)~bit;
	}
	return (unsigned)c->base + (unsigned)irq;
}

bool vpic_pending(struct vm *vm)
{
	const struct vpic *p = &vpics[vm->id];
	bool pending;

	spin_lock(&vm->io_lock);
	pending = chip_next(&p->chip[0], master_irr(p)) >= 0;
	spin_unlock(&vm->io_lock);
	return pending;
}

unsigned vpic_ack(struct vm *vm)
{
	struct vpic *p = &vpics[vm->id];
	int irq;
	unsigned vector;

	spin_lock(&vm->io_lock);
	irq = chip_next(&p->chip[0], master_irr(p));
	vector = chip_ack(&p->chip[0], irq);
	if (irq == (int)CASCADE_IRQ) {
		vector = chip_ack(&p->chip[1], chip_next(&p->chip[1], p->chip[1].irr));
	}
	spin_unlock(&vm->io_lock);
	return vector;
}

bool vpic_unmasked(struct vm *vm)
{
	bool any;

	spin_lock(&vm->io_lock);
	any = vpics[vm->id].chip[0].imr != 0xffU;
	spin_unlock(&vm->io_lock);
	return any;
}

/* OCW2: a non-specific EOI ends the highest priority in service, a specific one its level. */
static void chip_eoi(struct pic *c, uint8_t ocw2)
{
	if ((ocw2 & OCW2_SPECIFIC) != 0U) {
		c->isr &= (uint8_t) ~(1U << (ocw2 & 7U));
	} else {
		c->isr &= (uint8_t)(c->isr - 1U); /* the lowest bit set */
	}
}

static void command_write(struct vm *vm, struct pic *c, uint8_t v)
{
	if ((v & ICW1) != 0U) {
		c->step = 2U;
		c->need_icw4 = (v & ICW1_ICW4) != 0U;
		c->single = (v & ICW1_SINGLE) != 0U;
		c->imr = 0U;
		c->isr = 0U;
		c->irr &= c->elcr; /* edge requests are forgotten */
		c->auto_eoi = false;
		c->read_isr = false;
	} else if ((v & OCW3) != 0U) {
		if ((v & OCW3_READ) != 0U) {
			c->read_isr = (v & OCW3_ISR) != 0U;
		}
	} else if ((v & OCW2_EOI) != 0U) {
		chip_eoi(c, v);
	} else if (v != 0U) {
		vm_report(vm, "PIC command 0x%x (priority rotation): ignored", v);
	} else {
		/* OCW2 0: rotation in automatic EOI mode off, which it is */
	}
}

static void data_write(struct vm *vm, struct pic *c, uint8_t v)
{
	if (c->step == 2U) {
		c->base = v & 0xf8U;
		if (c->base < 0x20U) {
			vm_report(vm, "PIC vector base 0x%x: its IRQs arrive on exception vectors",
				  c->base);
		}
		c->step = c->single ? (c->need_icw4 ? 4U : 0U) : 3U;
	} else if (c->step == 3U) {
		c->step = c->need_icw4 ? 4U : 0U; /* ICW3: the cascade is wired as a PC's */
	} else if (c->step == 4U) {
		c->auto_eoi = (v & ICW4_AEOI) != 0U;
		c->step = 0U;
	} else {
		c->imr = v;
	}
}

bool vpic_pio_in(struct vm *vm, uint16_t port, uint32_t *val)
{
	struct vpic *p = &vpics[vm->id];
	bool slave = port >= PORT_SLAVE;
	const struct pic *c = &p->chip[slave ? 1U : 0U];

	if ((port == PORT_ELCR) || (port == (PORT_ELCR + 1U))) {
		*val = p->chip[port - PORT_ELCR].elcr;
	} else if ((port == PORT_MASTER) || (port == PORT_SLAVE)) {
		uint8_t irr = slave ? c->irr : master_irr(p);

		*val = c->read_isr ? c->isr : irr;
	} else if ((port == (PORT_MASTER + 1U)) || (port == (PORT_SLAVE + 1U))) {
		*val = c->imr;
	} else {
		return false;
	}
	return true;
}

bool vpic_pio_out(struct vm *vm, uint16_t port, uint32_t val)
{
	static const uint8_t elcr_bits[2] = {0xf8U, 0xdeU}; /* IRQ 0, 1, 2, 8, 13: edge */
	struct vpic *p = &vpics[vm->id];
	struct pic *c = &p->chip[(port >= PORT_SLAVE) ? 1U : 0U];

	if ((port == PORT_ELCR) || (port == (PORT_ELCR + 1U))) {
		p->chip[port - PORT_ELCR].elcr = (uint8_t)val & elcr_bits[port - PORT_ELCR];
	} else if ((port == PORT_MASTER) || (port == PORT_SLAVE)) {
		command_write(vm, c, (uint8_t)val);
	} else if ((port == (PORT_MASTER + 1U)) || (port == (PORT_SLAVE + 1U))) {
		data_write(vm, c, (uint8_t)val);
	} else {
		return false;
	}
	return true;
}
