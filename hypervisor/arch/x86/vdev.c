/*
 * A VM's PC platform devices as the core sees them: their reset, their I/O ports (a table of
 * devices, each answering for its own ports) and the ISA interrupt lines, which reach both the
 * PIC pair and the I/O APIC, as on a PC (ISA IRQ 0 is I/O APIC pin 2, the others their own).
 */
#include "vdev.h"
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
