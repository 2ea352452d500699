/*
 * A VM's I/O APIC (version 0x11, as the 82093AA and Bochs have it): IOREGSEL and IOWIN in the
 * page at VIOAPIC_BASE, the redirection table of VIOAPIC_PINS entries. An edge-triggered pin
 * sends its message when its line is asserted; a level-triggered one while it stays asserted,
 * once per remote IRR (set on delivery, cleared by the local APIC's EOI of its vector). The
 * messages go to the VM's own local APICs only: a destination that is none of its vCPUs, a
 * vector below 16 or a delivery mode it does not emulate is dropped and reported.
 */
#include "x86.h"
#include "vlapic.h"
#include "vdev.h"
#include "vm.h"

#define IOREGSEL	0x00U
#define IOWIN		0x10U
#define REG_ID		0x00U
#define REG_VERSION	0x01U
#define REG_ARB		0x02U
#define REG_RTE		0x10U
#define VIOAPIC_VERSION 0x11U

#define RTE_VECTOR  0xffUL
#define RTE_LOGICAL 0x800UL
#define RTE_REMOTE  0x4000UL
#define RTE_LEVEL   0x8000UL
#define RTE_MASKED  0x10000UL
#define RTE_LO_BITS 0x1afffUL /* vector, mode, destination mode, polarity, trigger, mask */
#define RTE_HI_BITS 0xff000000UL
#define RTE_MODE(r) ((unsigned)((r) >> 8) & 7U)

struct vioapic {
	uint32_t sel;
	uint64_t rte[VIOAPIC_PINS];
	uint64_t asserted; /* a bit per pin */
};

static struct vioapic *ioapic_of(const struct vm *vm)
{
	static struct vioapic vioapics[VM_MAX];

	return &vioapics[vm->id];
}

void vioapic_reset(struct vm *vm)
{
	struct vioapic *io = ioapic_of(vm);

	io->sel = 0U;
	io->asserted = 0U;
	for (unsigned i = 0U; i < VIOAPIC_PINS; i++) {
		io->rte[i] = RTE_MASKED;
	}
}

bool vioapic_mmio_owns(const struct vcpu *v, uint64_t gpa)
{
	(void)v;
	return (gpa & ~(PAGE_SIZE - 1U)) == VIOAPIC_BASE;
}

static bool pin_asserted(const struct vioapic *io, unsigned pin)
{
	return ((io->asserted >> pin) & 1U) != 0U;
}

/* The pin's message to the VM's local APICs; false if nobody took it (reported). */
static bool send(struct vm *vm, unsigned pin, uint64_t rte)
{
	struct vlapic_msg m = {
	    .dest = (uint32_t)(rte >> 56),
	    .vector = (unsigned)(rte & RTE_VECTOR),
	    .mode = RTE_MODE(rte),
	    .logical = (rte & RTE_LOGICAL) != 0U,
	    .level = (rte & RTE_LEVEL) != 0U,
	    .wide = false,
	};
	bool fixed = (m.mode == VLAPIC_FIXED) || (m.mode == VLAPIC_LOWEST);

	if ((fixed && (m.vector < 16U)) || (!fixed && (m.mode != VLAPIC_NMI))) {
		vm_report(vm, "I/O APIC pin %u: vector 0x%x, delivery mode %u: not delivered", pin,
			  m.vector, m.mode);
		return false;
	}
	if (vlapic_deliver(vm, &m) == 0U) {
		vm_report(vm, "I/O APIC pin %u to %s 0x%x, which is no vCPU of it: dropped", pin,
			  m.logical ? "logical destination" : "APIC id", m.dest);
		return false;
	}
	return true;
}

/* A level-triggered pin that is asserted, unmasked and not waiting for its EOI sends again. */
static void level_check(struct vm *vm, struct vioapic *io, unsigned pin)
{
	uint64_t rte = io->rte[pin];

	if (((rte & (RTE_LEVEL | RTE_MASKED | RTE_REMOTE)) == RTE_LEVEL) && pin_asserted(io, pin) &&
	    send(vm, pin, rte)) {
		io->rte[pin] |= RTE_REMOTE;
	}
}

void vioapic_set_pin(struct vm *vm, unsigned pin, bool asserted)
{
	struct vioapic *io = ioapic_of(vm);
	bool was = pin_asserted(io, pin);
	uint64_t rte = io->rte[pin];

	io->asserted = (io->asserted & ~(1UL << pin)) | ((asserted ? 1UL : 0UL) << pin);
	if ((rte & RTE_LEVEL) != 0U) {
		level_check(vm, io, pin);
	} else if (asserted && !was && ((rte & RTE_MASKED) == 0U)) {
		(void)send(vm, pin, rte);
	} else {
		/* an edge-triggered pin sends on its rising edge only */
	}
}

static uint32_t ioapic_reg_read(const struct vioapic *io, uint32_t reg)
{
	uint32_t val = 0U;

	if ((reg == REG_ID) || (reg == REG_ARB)) {
		val = 0U; /* ID 0, as the MADT says */
	} else if (reg == REG_VERSION) {
		val = VIOAPIC_VERSION | (((uint32_t)VIOAPIC_PINS - 1U) << 16);
	} else if ((reg >= REG_RTE) && (reg < (REG_RTE + (2U * VIOAPIC_PINS)))) {
		uint64_t rte = io->rte[(reg - REG_RTE) / 2U];

		val = ((reg & 1U) != 0U) ? (uint32_t)(rte >> 32) : (uint32_t)rte;
	} else {
		/* no register: reads 0 */
	}
	return val;
}

static void ioapic_reg_write(struct vm *vm, struct vioapic *io, uint32_t reg, uint32_t val)
{
	unsigned pin = (reg - REG_RTE) / 2U;
	uint64_t rte;

	if ((reg < REG_RTE) || (reg >= (REG_RTE + (2U * VIOAPIC_PINS)))) {
		return; /* the ID, version and arbitration registers stay as they are */
	}
	rte = io->rte[pin];
	if ((reg & 1U) != 0U) {
		rte = (rte & 0xffffffffUL) | (((uint64_t)val << 32) & (RTE_HI_BITS << 32));
	} else {
		rte = (rte & ~RTE_LO_BITS) | (val & RTE_LO_BITS);
		if ((rte & RTE_LEVEL) == 0U) {
			rte &= ~RTE_REMOTE; /* remote IRR means nothing for an edge */
		}
	}
	io->rte[pin] = rte;
	pirq_rte_changed(vm, pin, rte); /* the Service VM's physical pin follows */
	level_check(vm, io, pin);	/* unmasking an asserted level-triggered pin sends */
}

void vioapic_mmio(struct vcpu *v, struct vmmio *a)
{
	struct vioapic *io = ioapic_of(v->vm);
	unsigned offset = (unsigned)a->gpa & (PAGE_SIZE - 1U);
	uint32_t val = (uint32_t)a->val;

	if ((a->size != 4U) || ((offset != IOREGSEL) && (offset != IOWIN))) {
		vm_report(v->vm, "I/O APIC %u-byte %s at offset 0x%x: no register, ignored",
			  a->size, a->write ? "write" : "read", offset);
		a->val = 0U;
		return;
	}
	spin_lock(&v->vm->io_lock);
	if (!a->write) {
		val = (offset == IOREGSEL) ? io->sel : ioapic_reg_read(io, io->sel);
	} else if (offset == IOREGSEL) {
		io->sel = val & 0xffU;
	} else {
		ioapic_reg_write(v->vm, io, io->sel, val);
	}
	spin_unlock(&v->vm->io_lock);
	a->val = val;
}

void vioapic_eoi(struct vm *vm, unsigned vector)
{
	struct vioapic *io = ioapic_of(vm);

	spin_lock(&vm->io_lock);
	for (unsigned pin = 0U; pin < VIOAPIC_PINS; pin++) {
		if (((io->rte[pin] & RTE_REMOTE) != 0U) &&
		    ((io->rte[pin] & RTE_VECTOR) == vector)) {
			io->rte[pin] &= ~RTE_REMOTE;
			if (pirq_eoi(vm, pin)) {
				io->asserted &=
				    ~(1UL << pin); /* until the device interrupts again */
			}
			level_check(vm, io, pin);
		}
	}
	spin_unlock(&vm->io_lock);
}

bool vioapic_unmasked(struct vm *vm)
{
	const struct vioapic *io = ioapic_of(vm);
	bool any = false;

	spin_lock(&vm->io_lock);
	for (unsigned pin = 0U; pin < VIOAPIC_PINS; pin++) {
		any = any || ((io->rte[pin] & RTE_MASKED) == 0U);
	}
	spin_unlock(&vm->io_lock);
	return any;
}
