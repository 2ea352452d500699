/*
 * The PC devices each VM has beside its local APICs: the I/O APIC (vioapic.c), the 8259 PIC
 * pair with its ELCR (vpic.c) and the CMOS RTC (vrtc.c). Their state is the VM's and lives
 * under its io_lock: functions marked "locked" expect the caller to hold it, the others take
 * it themselves.
 */
#ifndef X86_VDEV_H
#define X86_VDEV_H

#include "types.h"

struct vm;
struct vcpu;
struct guest_regs;

/* One emulated MMIO access (vmmio.c): size bytes at gpa; val is what a store writes, or what
 * the device gives a load. */
struct vmmio {
	uint64_t gpa;
	uint64_t val;
	unsigned size;
	bool write;
};

/* An EPT violation at gpa: true when an emulated device owns the address (the access done, or
 * the VM stopped for an instruction it cannot emulate), false when none does. */
bool vmmio_emulate(struct vcpu *v, struct guest_regs *r, uint64_t gpa);
/* A load the Service VM answered for a post-launched VM: the value into its register. */
void vmmio_load_done(struct vcpu *v, struct guest_regs *r, uint64_t val);

/* The ECAM window of the VM's PCI bus 0 (vpci.c), where its MCFG says, and an access in it. */
#define VPCI_ECAM_SIZE 0x100000UL
bool vpci_ecam_owns(const struct vcpu *v, uint64_t gpa);
void vpci_ecam(struct vcpu *v, struct vmmio *a);

/* Where the VM's I/O APIC is and how many pins it has: the MADT acrn-cfgc writes says so. */
#define VIOAPIC_BASE 0xfec00000UL
#define VIOAPIC_PINS 48U

void vioapic_reset(struct vm *vm);
/* Pin asserted or not (locked). */
void vioapic_set_pin(struct vm *vm, unsigned pin, bool asserted);
/* Its page, and an access in it: IOREGSEL and IOWIN, 32 bits wide; others reported, ignored. */
bool vioapic_mmio_owns(const struct vcpu *v, uint64_t gpa);
void vioapic_mmio(struct vcpu *v, struct vmmio *a);
/* A level-triggered vector ended by a local APIC's EOI: remote IRR clear, the line again. */
void vioapic_eoi(struct vm *vm, unsigned vector);
/* Any pin unmasked: a device could still interrupt. */
bool vioapic_unmasked(struct vm *vm);

void vpic_reset(struct vm *vm);
/* Input irq of the pair asserted or not (locked). */
void vpic_set_irq(struct vm *vm, unsigned irq, bool asserted);
/* Ports 0x20/0x21, 0xa0/0xa1 and the ELCR at 0x4d0/0x4d1 (locked); false: not its port. */
bool vpic_pio_in(struct vm *vm, uint16_t port, uint32_t *val);
bool vpic_pio_out(struct vm *vm, uint16_t port, uint32_t val);
/* The master's INT output: an interrupt for LINT0 (ExtINT); vpic_ack is its acknowledge
 * cycle and returns the vector. */
bool vpic_pending(struct vm *vm);
unsigned vpic_ack(struct vm *vm);
bool vpic_unmasked(struct vm *vm);

/* The Service VM's platform (svmdev.c, svmacpi.c): its vCPU's I/O bitmap; the ports it watches
 * (false: not one of them, or not the Service VM); its PCI configuration access at the address
 * latched in 0xCF8 (false: not the Service VM); the firmware's ACPI tables made its own, their
 * RSDP's address (0: none). */
void svmdev_vcpu_init(const struct vcpu *v);
bool svmdev_pio_in(struct vm *vm, uint16_t port, unsigned size, uint32_t *val);
bool svmdev_pio_out(struct vm *vm, uint16_t port, unsigned size, uint32_t val);
bool svmdev_pci_read(struct vm *vm, uint32_t addr, unsigned size, uint32_t *val);
bool svmdev_pci_write(struct vm *vm, uint32_t addr, unsigned size, uint32_t val);
uint64_t svm_acpi_init(struct vm *vm);
/* The FADT's SMI command port (0: none) and the values that switch ACPI mode on and off. */
struct svm_smi {
	uint32_t port;
	uint8_t acpi_on;
	uint8_t acpi_off;
};
extern struct svm_smi svm_smi;

/* The board's I/O APIC for the Service VM (pirq.c): its pins masked and the Service VM's chosen;
 * a virtual entry written (locked); a physical interrupt of vector PIRQ_VECTOR + pin on its pCPU
 * raised on the virtual pin (false: not such a vector); the guest's EOI of a level-triggered pin
 * (locked; true: the virtual pin is to be deasserted). */
#define PIRQ_VECTOR 0x40U
void pirq_init(const struct vm *vm);
void pirq_rte_changed(const struct vm *vm, unsigned pin, uint64_t vrte);
bool pirq_interrupt(const struct vcpu *v, unsigned vector);
bool pirq_eoi(const struct vm *vm, unsigned pin);

/* The CMOS RTC at ports 0x70/0x71 (locked); false: not its port. */
void vrtc_init(void);
bool vrtc_pio_in(struct vm *vm, uint16_t port, uint32_t *val);
bool vrtc_pio_out(struct vm *vm, uint16_t port, uint32_t val);

#endif
