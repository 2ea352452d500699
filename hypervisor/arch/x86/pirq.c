/*
 * The board's I/O APIC, owned by the hypervisor, for the Service VM's devices (issue 15). Each pin
 * the Service VM may have follows its virtual I/O APIC's entry for the same pin: unmasked when the
 * guest unmasks it, with the guest's polarity and trigger mode, to vector PIRQ_VECTOR + pin on the
 * pCPU of the Service VM's vCPU0. There the interrupt exits, is ended at once, and raises the
 * virtual pin: an edge-triggered pin is pulsed; a level-triggered one stays asserted, its physical
 * pin masked, until the guest's EOI of the vector, which deasserts it and unmasks the physical pin
 * (a device that still asserts its line interrupts again). Not forwarded, and kept masked: the pin
 * of the hypervisor's console, the pins of pre-launched VMs' devices, and those the Service VM's
 * emulated devices drive (its vUARTs', the PIT's pin 2, the RTC's pin 8; pin 0, the PIC's).
 */
#include "x86.h"
#include "vdev.h"
#include "mm.h"
#include "pcpu.h"
#include "spinlock.h"
#include "vm.h"

#define IOREGSEL    0x00U
#define IOWIN	    0x10U
#define REG_RTE	    0x10U
#define RTE_MASKED  0x10000UL
#define RTE_LEVEL   0x8000UL
#define RTE_POL_LOW 0x2000UL
#define PIRQ_PINS   VIOAPIC_PINS

static volatile uint32_t *phys;
static unsigned pin_count;
static uint64_t forwarded;	/* a bit per pin the Service VM has */
static uint64_t eoi_wait;	/* level-triggered pins masked until the guest's EOI */
static uint64_t rte[PIRQ_PINS]; /* what each forwarded pin is programmed with, unmasked */

static void rte_write(unsigned pin, uint64_t v)
{
	static struct spinlock lock; /* IOREGSEL and IOWIN are one register pair */

	spin_lock(&lock);
	phys[IOREGSEL / 4U] = REG_RTE + (2U * pin) + 1U;
	phys[IOWIN / 4U] = (uint32_t)(v >> 32);
	phys[IOREGSEL / 4U] = REG_RTE + (2U * pin);
	phys[IOWIN / 4U] = (uint32_t)v;
	spin_unlock(&lock);
}

static bool is_forwarded(unsigned pin)
{
	return (pin < pin_count) && (((forwarded >> pin) & 1U) != 0U);
}

/* A pin that is not the Service VM's: the PIC's, the PIT's, the RTC's, the console's, one of an
 * emulated vUART of it, one of a pre-launched VM's device. */
static bool pin_kept(const struct vm *vm, unsigned pin)
{
	bool kept = (pin == 0U) || (pin == 2U) || (pin == 8U) || (pin == acfg_board.console.irq) ||
		    (pin == vm->console.irq);

	for (unsigned i = 0U; i < vm->link_count; i++) {
		kept = kept || (pin == vm->links[i].irq);
	}
	for (uint32_t k = 0U; k < acfg_vms.vm_count; k++) {
		const struct acfg_vm *c = &acfg_vms.vms[k];

		for (uint32_t j = 0U;
		     (c->load_order == ACFG_LOAD_PRE_LAUNCHED) && (j < c->ptdev_count); j++) {
			kept = kept || (c->ptdevs[j].pgsi == pin);
		}
	}
	return kept;
}

void pirq_init(const struct vm *vm)
{
	const struct acfg_ioapic *io = &acfg_board.ioapics[0];

	if ((acfg_board.ioapic_count == 0U) || (io->gsi_base != 0U) ||
	    (io->address >= MM_HPA_LIMIT)) {
		return;
	}
	/* cppcheck-suppress misra-c2012-11.5 ; the I/O APIC's registers, identity mapped */
	phys = mm_hva(io->address);
	pin_count = (io->gsi_count < PIRQ_PINS) ? io->gsi_count : PIRQ_PINS;
	for (unsigned pin = 0U; pin < pin_count; pin++) {
		rte_write(pin, RTE_MASKED);
		if (!pin_kept(vm, pin)) {
			forwarded |= 1UL << pin;
		}
	}
}

void pirq_rte_changed(const struct vm *vm, unsigned pin, uint64_t vrte)
{
	uint64_t v;

	if ((vm != vm_service()) || !is_forwarded(pin)) {
		return;
	}
	v = (PIRQ_VECTOR + pin) | (vrte & (RTE_POL_LOW | RTE_LEVEL | RTE_MASKED)) |
	    ((uint64_t)pcpu_table[vm->vcpus[0].pcpu].hw_id << 56);
	rte[pin] = v & ~RTE_MASKED;
	if (((eoi_wait >> pin) & 1U) != 0U) {
		v |= RTE_MASKED; /* until the guest's EOI */
	}
	rte_write(pin, v);
}

bool pirq_interrupt(const struct vcpu *v, unsigned vector)
{
	unsigned pin = vector - PIRQ_VECTOR;
	struct vm *vm = v->vm;
	bool level;

	if ((vector < PIRQ_VECTOR) || !is_forwarded(pin) || (vm != vm_service())) {
		return false;
	}
	level = (rte[pin] & RTE_LEVEL) != 0U;
	if (level) {
		__atomic_or_fetch(&eoi_wait, 1UL << pin, __ATOMIC_ACQ_REL);
		rte_write(pin, rte[pin] | RTE_MASKED);
	}
	spin_lock(&vm->io_lock);
	vioapic_set_pin(vm, pin, true);
	if (!level) {
		vioapic_set_pin(vm, pin, false);
	}
	spin_unlock(&vm->io_lock);
	return true;
}

bool pirq_eoi(const struct vm *vm, unsigned pin)
{
	if ((vm != vm_service()) || !is_forwarded(pin) || (((eoi_wait >> pin) & 1U) == 0U)) {
		return false;
	}
	__atomic_and_fetch(&eoi_wait, ~(1UL << pin), __ATOMIC_ACQ_REL);
	rte_write(pin, rte[pin]);
	return true;
}
