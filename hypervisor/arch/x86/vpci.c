/*
 * The PCI bus of a pre-launched VM: segment 0, bus 0, with one device, a host bridge at 00:00.0,
 * so that Linux finds a PCI bus to enumerate (passthrough devices come later). Its configuration
 * space is reached, as on a PC, through configuration mechanism #1 (the address at port 0xCF8,
 * the data at 0xCFC-0xCFF) and through the ECAM window the VM's MCFG names (1 MiB for bus 0).
 * The bridge has no BARs, capabilities or interrupt and ignores writes; a function that does not
 * exist reads all ones, as a master abort does. The Service VM's data port reaches the board's bus
 * instead (svmdev.c).
 */
#include "vmx.h"
#include "vdev.h"
#include "lib.h"
#include "vm.h"
#include "ioreq.h"

#define PCI_ADDR_PORT 0xcf8U
#define PCI_DATA_PORT 0xcfcU
#define PCI_ENABLE    0x80000000U
#define CFG_SPACE     4096U /* bytes of one function's configuration space through ECAM */

/* size bytes of bus:dev.fn's configuration space from reg on, in one dword. */
static uint32_t cfg_read(uint32_t bus, uint32_t devfn, uint32_t reg, unsigned size)
{
	/* The header of 00:00.0: vendor Intel, device 0x5af0 (the host bridge ACRN shows its VMs),
	 * class 06/00/00 (host bridge), header type 0; the rest of the space reads zero. */
	static const uint8_t host_bridge[16] = {
	    0x86U, 0x80U, 0xf0U, 0x5aU, /* vendor, device */
	    0x00U, 0x00U, 0x00U, 0x00U, /* command, status */
	    0x00U, 0x00U, 0x00U, 0x06U, /* revision, programming interface, subclass, class */
	    0x00U, 0x00U, 0x00U, 0x00U, /* cache line, latency, header type, BIST */
	};
	uint32_t v = 0U;

	for (unsigned i = 0U; i < size; i++) {
		uint32_t b = 0xffU;

		if ((bus == 0U) && (devfn == 0U)) {
			b = ((reg + i) < sizeof(host_bridge)) ? host_bridge[reg + i] : 0U;
		}
		v |= b << (8U * i);
	}
	return v;
}

/* Ports 0xCF8 (a dword: the address, kept as written) and 0xCFC-0xCFF (the data of the
 * dword it selects); false: another port, or 0xCF8 by bytes (which a PC does not decode as
 * the address). */
bool vpci_pio_in(struct vm *vm, uint16_t port, unsigned size, uint32_t *val)
{
	uint32_t addr = __atomic_load_n(&vm->pci_addr, __ATOMIC_ACQUIRE);
	uint32_t reg = (addr & 0xfcU) + ((uint32_t)port - PCI_DATA_PORT);

	if ((port == PCI_ADDR_PORT) && (size == 4U)) {
		*val = addr;
	} else if ((port >= PCI_DATA_PORT) && (port <= (PCI_DATA_PORT + 3U))) {
		if (!svmdev_pci_read(vm, addr + ((uint32_t)port - PCI_DATA_PORT), size, val)) {
			*val = ((addr & PCI_ENABLE) == 0U)
				   ? 0xffffffffU
				   : cfg_read((addr >> 16) & 0xffU, (addr >> 8) & 0xffU, reg, size);
		}
	} else {
		return false;
	}
	return true;
}

bool vpci_pio_out(struct vm *vm, uint16_t port, unsigned size, uint32_t val)
{
	if ((port == PCI_ADDR_PORT) && (size == 4U)) {
		__atomic_store_n(&vm->pci_addr, val & 0x80fffffcU, __ATOMIC_RELEASE);
		return true;
	}
	if ((port < PCI_DATA_PORT) || (port > (PCI_DATA_PORT + 3U))) {
		return false;
	}
	(void)svmdev_pci_write(
	    vm, __atomic_load_n(&vm->pci_addr, __ATOMIC_ACQUIRE) + ((uint32_t)port - PCI_DATA_PORT),
	    size, val); /* the Service VM's bus; the others ignore writes */
	return true;
}

/* A post-launched VM's PCI bus is its device model's (ioreq), ECAM window included; the Service
 * VM's configuration space is the board's, through 0xCF8/0xCFC. */
bool vpci_ecam_owns(const struct vcpu *v, uint64_t gpa)
{
	return !ioreq_routes(v->vm) && (v->vm != vm_service()) && (gpa >= ACFG_VPCI_ECAM_BASE) &&
	       ((gpa - ACFG_VPCI_ECAM_BASE) < VPCI_ECAM_SIZE);
}

/* Writes are ignored; a read across a dword is no configuration access and gets all ones. */
void vpci_ecam(struct vcpu *v, struct vmmio *a)
{
	uint64_t off = a->gpa - ACFG_VPCI_ECAM_BASE;
	uint32_t reg = (uint32_t)(off & (CFG_SPACE - 1U));

	(void)v;
	if (a->write) {
		return;
	}
	if ((a->size > 4U) || (((reg & 3U) + a->size) > 4U)) {
		a->val = ~0UL;
		return;
	}
	a->val = cfg_read((uint32_t)(off >> 20), (uint32_t)(off >> 12) & 0xffU, reg, a->size);
}
