/*
 * The Service VM's view of the board (docs/hypervisor.md, "The Service VM"): what it gets of the
 * physical platform beside the devices every VM has emulated (its local APICs, I/O APIC, PIC pair,
 * RTC, console vUART).
 *
 * Ports: an I/O bitmap instead of unconditional I/O exiting. A port exits only when the hypervisor
 * emulates it (the vUARTs, the PICs and ELCR, the RTC, PCI's 0xCF8-0xCFF, port 0x80), keeps it
 * (its console UART; the PIT and port 0x61, which no VM gets; the I/O BARs of pre-launched VMs'
 * devices) or watches it: the keyboard controller's command port 0x64 and the PM1a control block
 * pass through except a reset (0xFE) or a sleep, which stop the Service VM alone, as does a reset
 * through 0xCF9. The FADT's SMI command port never reaches the hardware: an SMI would run the
 * firmware on every pCPU, under every VM; the hypervisor does what the firmware's ACPI_ENABLE and
 * ACPI_DISABLE commands do (SCI_EN in PM1a control) and refuses any other command. Every other
 * port is the hardware's, without an exit.
 *
 * PCI: configuration space through 0xCF8/0xCFC reaches the physical function when the board file
 * lists it and no pre-launched VM has it; any other reads all ones and ignores writes. BARs read
 * as the firmware set them (and their size while the guest sizes them); a write that would move
 * one is refused and reported, so each device stays where its memory BARs are mapped (identity,
 * uncached) in the Service VM's EPT. The expansion ROM BAR reads 0.
 *
 * Firmware memory: the memory map's ACPI and ACPI NVS ranges, its reserved ranges below 640 KiB
 * (the EBDA) and the whole ISA hole [640 KiB, 1 MiB) (VGA memory, option ROMs, the BIOS area with
 * the RSDP: the board's legacy devices, which the Service VM has) are mapped identity, uncached,
 * so that the Service VM reads the firmware's ACPI tables; the MADT among them is rewritten at boot
 * to list the Service VM's vCPUs (APIC ids 0..n-1) instead of the board's CPUs, and a DMAR table is
 * dropped from the RSDT and XSDT (the IOMMU is the hypervisor's).
 */
#include "x86.h"
#include "vmx.h"
#include "vdev.h"
#include "boot.h"
#include "console.h"
#include "lib.h"
#include "mm.h"
#include "spinlock.h"
#include "vm.h"

#define PORTS		0x10000U
#define PCI_ADDR_PORT	0xcf8U
#define PCI_DATA_PORT	0xcfcU
#define PCI_ENABLE	0x80000000U
#define PORT_RESET_CTL	0xcf9U
#define RESET_CTL_RESET 0x4U
#define PORT_KBC_CMD	0x64U
#define KBC_PULSE_RESET 0xfeU
#define CFG_BAR0	0x10U
#define CFG_BAR_END	0x28U
#define CFG_ROM		0x30U
#define CFG_HEADER_TYPE 0x0eU
#define MAX_DEVS	64U
#define ISA_HOLE	0xa0000UL /* to 1 MiB: VGA memory, option ROMs, the BIOS */

struct svm_pci {
	uint8_t sizing[MAX_DEVS]; /* a bit per BAR the guest wrote all ones to */
	struct spinlock lock;	  /* the physical 0xCF8/0xCFC pair */
};

static uint64_t *io_bitmap[2]; /* ports 0-0x7fff, 0x8000-0xffff; a set bit exits */
static struct svm_pci pci;

/* ---- ports ---- */

static void io_trap(uint32_t first, uint32_t count)
{
	for (uint32_t p = first; (p < (first + count)) && (p < PORTS); p++) {
		io_bitmap[p >> 15][(p & 0x7fffU) >> 6] |= 1UL << (p & 63U);
	}
}

/* Whether board device i is a pre-launched VM's. */
static bool pci_dev_taken(uint32_t i)
{
	for (uint32_t k = 0U; k < acfg_vms.vm_count; k++) {
		const struct acfg_vm *c = &acfg_vms.vms[k];

		for (uint32_t j = 0U;
		     (c->load_order == ACFG_LOAD_PRE_LAUNCHED) && (j < c->ptdev_count); j++) {
			if (c->ptdevs[j].board_dev == i) {
				return true;
			}
		}
	}
	return false;
}

static void io_trap_all(const struct vm *vm)
{
	static const uint16_t kept[][2] = {
	    {0x20U, 2U},	{0xa0U, 2U}, /* the PICs */
	    {0x4d0U, 2U},		     /* the ELCR */
	    {0x40U, 4U},	{0x61U, 1U}, /* the PIT and its gate: no VM's */
	    {0x70U, 8U},		     /* the RTC and CMOS */
	    {0x80U, 1U},		     /* POST codes */
	    {0xcf8U, 8U},		     /* PCI configuration, the reset control register */
	    {PORT_KBC_CMD, 1U},		     /* watched for a reset */
	};

	for (unsigned i = 0U; i < (sizeof(kept) / sizeof(kept[0])); i++) {
		io_trap(kept[i][0], kept[i][1]);
	}
	io_trap(vm->console.base, 8U);
	for (unsigned i = 0U; i < vm->link_count; i++) {
		io_trap(vm->links[i].base, 8U);
	}
	if (acfg_board.console.type == ACFG_SERIAL_PORTIO) {
		io_trap((uint32_t)acfg_board.console.base, 8U);
	}
	if (acfg_board.poweroff.space == ACFG_PM_PORTIO) {
		io_trap((uint32_t)acfg_board.poweroff.pm1a_cnt, 2U);
	}
	for (uint32_t i = 0U; i < acfg_board.pci_dev_count; i++) {
		for (unsigned b = 0U; pci_dev_taken(i) && (b < ACFG_PCI_BARS); b++) {
			const struct acfg_pci_bar *bar = &acfg_board.pci_devs[i].bars[b];

			if ((bar->type == ACFG_BAR_IO) && (bar->size <= PORTS)) {
				io_trap((uint32_t)bar->base, (uint32_t)bar->size);
			}
		}
	}
}

void svmdev_vcpu_init(const struct vcpu *v)
{
	if (v->vm != vm_service()) {
		return;
	}
	vmwrite(IO_BITMAP_A, mm_hpa(io_bitmap[0]));
	vmwrite(IO_BITMAP_B, mm_hpa(io_bitmap[1]));
	vmwrite(PROC_CONTROLS, (vmread(PROC_CONTROLS) & ~PROC_UNCOND_IO) | PROC_IO_BITMAP);
}

static uint32_t port_in(uint16_t port, unsigned size)
{
	uint32_t v;

	if (size == 1U) {
		v = inb(port);
	} else if (size == 2U) {
		v = inw(port);
	} else {
		v = inl(port);
	}
	return v;
}

static void port_out(uint16_t port, unsigned size, uint32_t v)
{
	if (size == 1U) {
		outb(port, (uint8_t)v);
	} else if (size == 2U) {
		outw(port, (uint16_t)v);
	} else {
		outl(port, v);
	}
}

/* The watched ports that pass through: the keyboard controller's status, the PM1a control. */
bool svmdev_pio_in(struct vm *vm, uint16_t port, unsigned size, uint32_t *val)
{
	bool pm = (acfg_board.poweroff.space == ACFG_PM_PORTIO) &&
		  (port == (uint16_t)acfg_board.poweroff.pm1a_cnt) && (size == 2U);

	if ((vm != vm_service()) || (svm_smi.port == 0U) || (port != svm_smi.port)) {
		if ((vm != vm_service()) || !(pm || ((port == PORT_KBC_CMD) && (size == 1U)))) {
			return false;
		}
		*val = port_in(port, size);
	} else {
		*val = 0U; /* no SMI command pending */
	}
	return true;
}

/* ACPI mode on or off as the firmware's SMI handler would switch it: SCI_EN in PM1a control. */
static void smi_command(struct vm *vm, uint32_t val)
{
	uint16_t pm1a = (uint16_t)acfg_board.poweroff.pm1a_cnt;
	bool known = acfg_board.poweroff.space == ACFG_PM_PORTIO;

	if (known && (val == svm_smi.acpi_on)) {
		outw(pm1a, (uint16_t)(inw(pm1a) | ACFG_VACPI_SCI_EN));
	} else if (known && (val == svm_smi.acpi_off)) {
		outw(pm1a, (uint16_t)(inw(pm1a) & ~ACFG_VACPI_SCI_EN));
	} else {
		vm_report(vm, "SMI command 0x%x at port 0x%x: refused (no VM raises SMIs)", val,
			  svm_smi.port);
	}
}

/* A sleep through PM1a control: S5 stops the Service VM (the pre-launched VMs run on), any other
 * state is refused; without SLP_EN the write is the hardware's. */
static void pm1a_write(struct vm *vm, uint16_t port, uint32_t val)
{
	uint32_t typ = (val & ACFG_VACPI_SLP_TYP_MASK) >> ACFG_VACPI_SLP_TYP_SHIFT;

	if ((val & ACFG_VACPI_SLP_EN) == 0U) {
		outw(port, (uint16_t)val);
	} else if (typ == acfg_board.poweroff.slp_typ) {
		vm_stop(vm,
			"powered off (S5 through the PM1a control at port 0x%x); the board "
			"runs on",
			port);
	} else {
		vm_report(vm, "sleep type %u through PM1a control: refused", typ);
	}
}

bool svmdev_pio_out(struct vm *vm, uint16_t port, unsigned size, uint32_t val)
{
	bool pm = (acfg_board.poweroff.space == ACFG_PM_PORTIO) &&
		  (port == (uint16_t)acfg_board.poweroff.pm1a_cnt) && (size == 2U);

	if (vm != vm_service()) {
		return false;
	}
	if ((svm_smi.port != 0U) && (port == svm_smi.port)) {
		smi_command(vm, val & 0xffU);
	} else if (pm) {
		pm1a_write(vm, port, val);
	} else if ((port == PORT_KBC_CMD) && (size == 1U) && (val == KBC_PULSE_RESET)) {
		vm_stop(vm,
			"reset through the keyboard controller: the Service VM stops, the board "
			"runs on");
	} else if ((port == PORT_KBC_CMD) && (size == 1U)) {
		outb(port, (uint8_t)val);
	} else if ((port == PORT_RESET_CTL) && (size == 1U) && ((val & RESET_CTL_RESET) != 0U)) {
		vm_stop(vm, "reset through port 0xcf9: the Service VM stops, the board runs on");
	} else {
		return false;
	}
	return true;
}

/* ---- PCI configuration space ---- */

/* The board's index of bus:dev.fn, if the Service VM has it; else -1. */
static int pci_dev_of(uint32_t bdf)
{
	for (uint32_t i = 0U; (i < acfg_board.pci_dev_count) && (i < MAX_DEVS); i++) {
		if ((acfg_board.pci_devs[i].bdf == bdf) && !pci_dev_taken(i)) {
			return (int)i;
		}
	}
	return -1;
}

static uint32_t pci_read32(uint32_t addr)
{
	uint32_t v;

	spin_lock(&pci.lock);
	outl(PCI_ADDR_PORT, addr & ~3U);
	v = inl(PCI_DATA_PORT);
	spin_unlock(&pci.lock);
	return v;
}

static void pci_write(uint32_t addr, unsigned size, uint32_t v)
{
	spin_lock(&pci.lock);
	outl(PCI_ADDR_PORT, addr & ~3U);
	port_out((uint16_t)(PCI_DATA_PORT + (addr & 3U)), size, v);
	spin_unlock(&pci.lock);
}

/* BAR b's dword as the guest reads it: the firmware's value, or its size while being sized. */
static uint32_t bar_read(int dev, unsigned b, uint32_t phys)
{
	const struct acfg_pci_bar *bar = &acfg_board.pci_devs[dev].bars[b];
	uint32_t low = phys & ((bar->type == ACFG_BAR_IO) ? 0x3U : 0xfU);
	uint64_t mask = 0U;

	if ((pci.sizing[dev] & (1U << b)) == 0U) {
		return phys;
	}
	if ((bar->type != ACFG_BAR_NONE) && (bar->size != 0U)) {
		mask = ~(bar->size - 1U);
	} else if ((b > 0U) && (acfg_board.pci_devs[dev].bars[b - 1U].type == ACFG_BAR_MEM64)) {
		mask = ~(acfg_board.pci_devs[dev].bars[b - 1U].size - 1U) >> 32;
		low = 0U;
	} else {
		/* no BAR: sizes to 0 */
	}
	return ((uint32_t)mask & ~0xfU) | low;
}

static uint32_t pt_cfg_read(int dev, uint32_t addr)
{
	uint32_t reg = addr & 0xfcU;
	uint32_t v = pci_read32(addr);
	bool type0 = ((pci_read32((addr & ~0xffU) | CFG_HEADER_TYPE) >> 16) & 0x7fU) == 0U;

	if (type0 && (reg >= CFG_BAR0) && (reg < CFG_BAR_END)) {
		v = bar_read(dev, (reg - CFG_BAR0) / 4U, v);
	} else if (type0 && (reg == CFG_ROM)) {
		v = 0U; /* no option ROM is given */
	} else {
		/* the function's own register */
	}
	return v;
}

/* A write to a BAR: all ones starts sizing, the firmware's value ends it, any other value would
 * move the BAR away from where its memory is mapped: refused. */
static void bar_write(struct vm *vm, int dev, unsigned b, unsigned size, uint32_t val)
{
	uint32_t addr =
	    PCI_ENABLE | ((uint32_t)acfg_board.pci_devs[dev].bdf << 8) | (CFG_BAR0 + (4U * b));
	uint32_t phys = pci_read32(addr);

	if ((size == 4U) && (val == 0xffffffffU)) {
		pci.sizing[dev] |= (uint8_t)(1U << b);
	} else if ((size == 4U) && ((val & ~0xfU) == (phys & ~0xfU))) {
		pci.sizing[dev] &= (uint8_t) ~(1U << b);
	} else {
		vm_report(vm,
			  "PCI %02x:%02x.%u BAR%u: %u-byte write of 0x%x would move it from 0x%x: "
			  "refused",
			  (unsigned)acfg_board.pci_devs[dev].bdf >> 8,
			  ((unsigned)acfg_board.pci_devs[dev].bdf >> 3) & 0x1fU,
			  (unsigned)acfg_board.pci_devs[dev].bdf & 7U, b, size, val, phys);
	}
}

/* The Service VM's configuration access at the address latched in 0xCF8 (bits 0-1: the byte). */
bool svmdev_pci_read(struct vm *vm, uint32_t addr, unsigned size, uint32_t *val)
{
	int dev = pci_dev_of((addr >> 8) & 0xffffU);
	uint32_t shift = 8U * (addr & 3U);

	if (vm != vm_service()) {
		return false;
	}
	*val = 0xffffffffU;
	if (((addr & PCI_ENABLE) != 0U) && (dev >= 0)) {
		*val = pt_cfg_read(dev, addr) >> shift;
	}
	if (size < 4U) {
		static const uint32_t masks[4] = {0U, 0xffU, 0xffffU, 0xffffffU};

		*val &= masks[size];
	}
	return true;
}

bool svmdev_pci_write(struct vm *vm, uint32_t addr, unsigned size, uint32_t val)
{
	int dev = pci_dev_of((addr >> 8) & 0xffffU);
	uint32_t reg = addr & 0xfcU;
	bool type0;

	if (vm != vm_service()) {
		return false;
	}
	if (((addr & PCI_ENABLE) == 0U) || (dev < 0)) {
		return true; /* a function it does not have: ignored */
	}
	type0 = ((pci_read32((addr & ~0xffU) | CFG_HEADER_TYPE) >> 16) & 0x7fU) == 0U;
	if (type0 && (reg >= CFG_BAR0) && (reg < CFG_BAR_END)) {
		bar_write(vm, dev, (reg - CFG_BAR0) / 4U, size, val);
	} else if (!type0 || (reg != CFG_ROM)) {
		pci_write(addr, size, val);
	} else {
		/* the ROM BAR: none given */
	}
	return true;
}

/* ---- memory beside its RAM ---- */

/* Memory BARs of the devices it has, and the firmware's tables, identity and uncached. */
static void map_platform(struct vm *vm)
{
	for (uint32_t i = 0U; (i < acfg_board.pci_dev_count) && (i < MAX_DEVS); i++) {
		for (unsigned b = 0U; !pci_dev_taken(i) && (b < ACFG_PCI_BARS); b++) {
			const struct acfg_pci_bar *bar = &acfg_board.pci_devs[i].bars[b];
			uint64_t base = bar->base & ~(PAGE_SIZE - 1U);
			uint64_t end = (bar->base + bar->size + PAGE_SIZE - 1U) & ~(PAGE_SIZE - 1U);

			if (((bar->type == ACFG_BAR_MEM32) || (bar->type == ACFG_BAR_MEM64)) &&
			    (bar->size != 0U) && (end <= MM_HPA_LIMIT) &&
			    (vm_arch_map_mmio(vm, base, end - base) != 0)) {
				console_printf(
				    "hv: %s: BAR%u of board device %u at 0x%lx not mapped\n",
				    vm_name(vm), b, i, bar->base);
			}
		}
	}
	for (unsigned i = 0U; i < boot_info.nmem; i++) {
		const struct boot_mem *m = &boot_info.mem[i];
		uint64_t base = m->base & ~(PAGE_SIZE - 1U);
		uint64_t end = (m->base + m->size + PAGE_SIZE - 1U) & ~(PAGE_SIZE - 1U);
		bool firmware = (m->type == BOOT_MEM_ACPI) || (m->type == BOOT_MEM_NVS) ||
				((m->type == BOOT_MEM_RESERVED) && (end <= ISA_HOLE));

		if (firmware && (end <= MM_HPA_LIMIT) && (end > base)) {
			(void)vm_arch_map_mmio(vm, base, end - base);
		}
	}
	(void)vm_arch_map_mmio(vm, ISA_HOLE, MIB - ISA_HOLE);
}

void vm_arch_service_init(struct vm *vm)
{
	io_bitmap[0] = page_alloc();
	io_bitmap[1] = page_alloc();
	vm->acpi_rsdp = svm_acpi_init(vm);
	io_trap_all(vm);
	if (svm_smi.port != 0U) {
		io_trap(svm_smi.port, 1U);
	}
	map_platform(vm);
	pirq_init(vm);
}
