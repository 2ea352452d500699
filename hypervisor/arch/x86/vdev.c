/*
 * A VM's PC platform devices as the core sees them: their reset, their I/O ports (a table of
 * devices, each answering for its own ports) and the ISA interrupt lines, which reach both the
 * PIC pair and the I/O APIC, as on a PC (ISA IRQ 0 is I/O APIC pin 2, the others their own).
 */
#include "vdev.h"
#include "vlapic.h"
#include "vm.h"

typedef bool (*pio_in_fn)(struct vm *vm, uint16_t port, uint32_t *val);
typedef bool (*pio_out_fn)(struct vm *vm, uint16_t port, uint32_t val);

struct pio_dev {
	pio_in_fn in;
	pio_out_fn out;
};

#define PORT_POST 0x80U

/* Port 0x80, where a PC's firmware writes its POST codes and Linux writes to wait a moment
 * between PIC commands: nothing behind it, writes dropped, reads all ones, nothing reported. */
static bool post_pio_in(struct vm *vm, uint16_t port, uint32_t *val)
{
	(void)vm;
	*val = 0xffU;
	return port == PORT_POST;
}

static bool post_pio_out(struct vm *vm, uint16_t port, uint32_t val)
{
	(void)vm;
	(void)val;
	return port == PORT_POST;
}

static const struct pio_dev pio_devs[] = {
    {vpic_pio_in, vpic_pio_out},
    {vrtc_pio_in, vrtc_pio_out},
    {post_pio_in, post_pio_out},
};

#define PIO_DEVS (sizeof(pio_devs) / sizeof(pio_devs[0]))

void vm_arch_devices_init(struct vm *vm)
{
	vpic_reset(vm);
	vioapic_reset(vm);
}

/* The devices are byte-wide: a wider access reaches the byte at the port, as ISA decodes it. */
bool vm_arch_pio_in(struct vm *vm, uint16_t port, unsigned size, uint32_t *val)
{
	uint32_t byte = 0U;

	for (unsigned i = 0U; i < PIO_DEVS; i++) {
		if (pio_devs[i].in(vm, port, &byte)) {
			*val = byte | ((size == 1U) ? 0U : 0xffffff00U); /* nothing above it */
			return true;
		}
	}
	return false;
}

bool vm_arch_pio_out(struct vm *vm, uint16_t port, unsigned size, uint32_t val)
{
	(void)size;
	for (unsigned i = 0U; i < PIO_DEVS; i++) {
		if (pio_devs[i].out(vm, port, val & 0xffU)) {
			return true;
		}
	}
	return false;
}

void vm_arch_set_irq(struct vm *vm, unsigned irq, bool asserted)
{
	if (irq < 16U) {
		vpic_set_irq(vm, irq, asserted);
	}
	if (irq < VIOAPIC_PINS) {
		vioapic_set_pin(vm, (irq == 0U) ? 2U : irq, asserted);
	}
}

unsigned vm_arch_gsi_count(void)
{
	return VIOAPIC_PINS;
}

/* As ACRN wires a GSI: I/O APIC pin gsi, and below 16 the PIC's IRQ (the timer's GSI 2 is its
 * IRQ 0). */
void vm_arch_set_gsi(struct vm *vm, uint32_t gsi, bool asserted)
{
	if (gsi < 16U) {
		vpic_set_irq(vm, (gsi == 2U) ? 0U : gsi, asserted);
	}
	if (gsi < VIOAPIC_PINS) {
		vioapic_set_pin(vm, gsi, asserted);
	}
}

#define MSI_ADDR_MASK	  0xfff00000UL
#define MSI_ADDR_BASE	  0xfee00000UL
#define MSI_ADDR_LOGICAL  0x4UL
#define MSI_DATA_LEVEL	  0x8000UL
#define MSI_DATA_ASSERTED 0x4000UL

/* An MSI as a PCI device would write it: address in 0xFEE00000-0xFEEFFFFF (destination in bits
 * 19:12, logical destination mode in bit 2), data (vector, delivery mode in bits 10:8); fixed and
 * lowest-priority only, vectors 16 and up. A level-triggered one that de-asserts sends nothing. */
int vm_arch_inject_msi(struct vm *vm, uint64_t addr, uint64_t data)
{
	struct vlapic_msg m = {
	    .dest = (uint32_t)((addr >> 12) & 0xffU),
	    .vector = (unsigned)(data & 0xffU),
	    .mode = (unsigned)((data >> 8) & 7U),
	    .logical = (addr & MSI_ADDR_LOGICAL) != 0U,
	    .level = false,
	    .wide = false,
	};

	if (((addr & MSI_ADDR_MASK) != MSI_ADDR_BASE) ||
	    ((m.mode != VLAPIC_FIXED) && (m.mode != VLAPIC_LOWEST)) || (m.vector < 16U)) {
		return -1;
	}
	if (((data & MSI_DATA_LEVEL) != 0U) && ((data & MSI_DATA_ASSERTED) == 0U)) {
		return 0;
	}
	if (vlapic_deliver(vm, &m) == 0U) {
		vm_report(vm, "MSI vector 0x%x to APIC id 0x%x, which is no vCPU of it: dropped",
			  m.vector, m.dest);
	}
	return 0;
}
