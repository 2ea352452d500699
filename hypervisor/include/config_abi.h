/*
 * The configuration ABI: the const tables acrn-cfgc emits (config_board.c, config_hv.c,
 * config_vms.c, config_acpi.c) and the hypervisor links in. Nothing here is parsed at run
 * time, but the tables and this header are built from different sources, so every table
 * starts with a header the hypervisor checks (acfg_header_ok) before it trusts a single field.
 *
 * Conventions: fixed-width fields only; every array comes with its count, and the counts
 * come before the arrays; one table refers into another by index, never by pointer (a VM's
 * pCPUs are indices into acfg_board.pcpus), so a table means the same wherever it is linked.
 * ACFG_NONE marks an absent index, IRQ or GSI. Strings the hypervisor only compares or copies
 * (module tags, boot arguments) are pointer + length; names are fixed, NUL-padded arrays.
 * acrn-cfgc computes every count, index and length; nobody edits the generated files.
 *
 * Change any structure or constant below and ACFG_REVISION must change with the stylesheets
 * in schemas/xforms/, which write the revision they were written for as a literal.
 */
#ifndef ACRN_CONFIG_ABI_H
#define ACRN_CONFIG_ABI_H

#include <stdint.h>

#define ACFG_SIGNATURE	 0x47464341U /* "ACFG" in memory order on a little-endian CPU */
#define ACFG_ARCH_X86_64 1U
#define ACFG_REVISION	 4U

/* acfg_header.kind: a table linked in the wrong place fails the check, not the guest. */
#define ACFG_TABLE_BOARD 1U
#define ACFG_TABLE_HV	 2U
#define ACFG_TABLE_VMS	 3U
#define ACFG_TABLE_ACPI	 4U

#define ACFG_NONE   0xffffffffU /* no index, IRQ or GSI */
#define ACFG_NO_BDF 0xffffU

/* A PCI bus:device.function as the config space address has it. */
#define ACFG_BDF(bus, dev, fn)                                                                     \
	((uint16_t)((((uint32_t)(bus)) << 8U) | (((uint32_t)(dev)) << 3U) | ((uint32_t)(fn))))

struct acfg_header {
	uint32_t signature; /* ACFG_SIGNATURE */
	uint16_t arch;	    /* ACFG_ARCH_X86_64 */
	uint16_t revision;  /* ACFG_REVISION of the stylesheets that wrote the table */
	uint32_t kind;	    /* ACFG_TABLE_* */
	uint32_t size;	    /* sizeof the table this header starts, as the generated code saw it */
};

/* ---- the board (config_board.c) ---- */

#define ACFG_BOARD_NAME_LEN 64

struct acfg_pcpu {
	uint32_t id; /* the logical CPU id the scenario's pcpu_id means */
	uint32_t apic_id;
};

struct acfg_mem_range {
	uint64_t base;
	uint64_t size;
};

struct acfg_ioapic {
	uint64_t address;
	uint32_t id;
	uint32_t gsi_base;
	uint32_t gsi_count;
};

/* acfg_pci_bar.type; ACFG_BAR_NONE also marks the upper half of a 64-bit BAR. */
#define ACFG_BAR_NONE  0U
#define ACFG_BAR_MEM32 1U
#define ACFG_BAR_MEM64 2U
#define ACFG_BAR_IO    3U

#define ACFG_BAR_PREFETCHABLE 0x1U

struct acfg_pci_bar {
	uint64_t base;
	uint64_t size;
	uint8_t type;  /* ACFG_BAR_* */
	uint8_t flags; /* ACFG_BAR_PREFETCHABLE */
};

/* acfg_pci_dev.flags */
#define ACFG_PCI_BRIDGE	     0x1U
#define ACFG_PCI_HOST_BRIDGE 0x2U

#define ACFG_PCI_BARS 6U

struct acfg_pci_dev {
	uint32_t class_code; /* base class << 16 | subclass << 8 | programming interface */
	uint32_t gsi;	     /* where its INTx pin is routed; ACFG_NONE when unknown or no pin */
	uint16_t bdf;	     /* ACFG_BDF */
	uint16_t vendor;
	uint16_t device;
	uint8_t int_pin; /* 0 none, 1..4 INTA#..INTD# (the config space encoding) */
	uint8_t flags;	 /* ACFG_PCI_* */
	struct acfg_pci_bar bars[ACFG_PCI_BARS]; /* by BAR number, as the board found them */
};

#define ACFG_SERIAL_NONE   0U
#define ACFG_SERIAL_PORTIO 1U
#define ACFG_SERIAL_MMIO   2U

struct acfg_serial {
	uint64_t base; /* I/O port or MMIO address */
	uint32_t irq;  /* ACFG_NONE: poll */
	uint32_t type; /* ACFG_SERIAL_* */
};

/* Cache allocation (Intel CAT); level 0 means the board has none. */
struct acfg_cat {
	uint32_t level;
	uint32_t cbm_length; /* capacity bitmask bits: the cache's ways */
	uint32_t clos_count; /* classes of service the hardware offers */
	uint32_t cdp;	     /* 1: code and data masks can be split */
};

/* Powering the board off: write SLP_TYP << 10 | SLP_EN to the PM1a control register. */
#define ACFG_PM_NONE   0U /* the board file does not say */
#define ACFG_PM_PORTIO 1U
#define ACFG_PM_MMIO   2U

struct acfg_poweroff {
	uint64_t pm1a_cnt; /* I/O port or MMIO address */
	uint32_t space;	   /* ACFG_PM_* */
	uint32_t slp_typ;  /* the S5 package's PM1a value */
};

struct acfg_board {
	struct acfg_header header;
	char name[ACFG_BOARD_NAME_LEN];
	struct acfg_serial console; /* the port hv SERIAL_CONSOLE names; type NONE: none */
	struct acfg_cat cat;
	struct acfg_poweroff poweroff;
	uint32_t pcpu_count;
	uint32_t ram_count;
	uint32_t reserved_count;
	uint32_t ioapic_count;
	uint32_t pci_dev_count;
	const struct acfg_pcpu *pcpus; /* by id: VMs refer to pCPUs by index into this */
	const struct acfg_mem_range *ram;
	const struct acfg_mem_range *reserved; /* firmware and MMIO: never guest RAM */
	const struct acfg_ioapic *ioapics;
	const struct acfg_pci_dev *pci_devs; /* passthrough devices refer by index into this */
};

/* ---- hypervisor settings (config_hv.c) ---- */

/* acfg_hv.features: the scenario's y/n switches */
#define ACFG_HV_DEBUG_BUILD	     0x1U
#define ACFG_HV_RELOC		     0x2U
#define ACFG_HV_MULTIBOOT2	     0x4U
#define ACFG_HV_SPLIT_LOCK_DETECTION 0x8U
#define ACFG_HV_UC_LOCK_DETECTION    0x10U
#define ACFG_HV_SECURITY_VM_FIXUP    0x20U
#define ACFG_HV_KEEP_IRQ_DISABLED    0x40U
#define ACFG_HV_HYPERV		     0x80U
#define ACFG_HV_IOMMU_ENFORCE_SNP    0x100U
#define ACFG_HV_ACPI_PARSE	     0x200U
#define ACFG_HV_L1D_VMENTRY	     0x400U
#define ACFG_HV_MCE_ON_PSC	     0x800U
#define ACFG_HV_RDT		     0x1000U
#define ACFG_HV_CDP		     0x2000U
#define ACFG_HV_VCAT		     0x4000U
#define ACFG_HV_SSRAM		     0x8000U

#define ACFG_SCHED_NOOP 0U
#define ACFG_SCHED_IORR 1U
#define ACFG_SCHED_BVT	2U
#define ACFG_SCHED_PRIO 3U

/* Limits the scenario sets; 0 where it leaves the hypervisor's default. */
struct acfg_capacities {
	uint32_t max_vm_num;
	uint32_t max_ioapic_num;
	uint32_t max_pci_dev_num;
	uint32_t max_ioapic_lines;
	uint32_t max_pt_irq_entries;
	uint32_t max_msix_table_num;
	uint32_t max_emulated_mmio;
};

struct acfg_hv {
	struct acfg_header header;
	uint64_t ram_start; /* the hypervisor's own memory: never mapped into a guest */
	uint64_t ram_size;
	/* the boot area: the image and every boot module must lie in it; no guest memory does */
	struct acfg_mem_range boot_area;
	uint64_t stack_size;
	uint32_t features; /* ACFG_HV_* */
	uint32_t scheduler;
	uint32_t console_loglevel;
	uint32_t mem_loglevel;
	uint32_t npk_loglevel;
	uint32_t gpu_sbdf; /* ACFG_NONE when not set */
	/* the cache CLOS masks divide, when RDT is on (level 0: off); cdp: CDP in use */
	struct acfg_cat clos_cache;
	struct acfg_capacities capacities;
};

/* ---- VMs (config_vms.c) ---- */

#define ACFG_VM_NAME_LEN      16 /* the scenario allows 15 characters */
#define ACFG_IVSHMEM_NAME_LEN 32 /* the scenario allows 27 */

#define ACFG_LOAD_PRE_LAUNCHED	0U
#define ACFG_LOAD_SERVICE	1U
#define ACFG_LOAD_POST_LAUNCHED 2U

#define ACFG_VM_STANDARD 0U
#define ACFG_VM_RTVM	 1U
#define ACFG_VM_TEE	 2U
#define ACFG_VM_REE	 3U

/* acfg_vm.flags */
#define ACFG_VM_LAPIC_PASSTHROUGH     0x1U
#define ACFG_VM_HYPERCALLS	      0x2U /* the hypercall interface: the Service VM only */
#define ACFG_VM_REAL_TIME	      0x4U
#define ACFG_VM_IO_COMPLETION_POLLING 0x8U
#define ACFG_VM_NESTED_VIRT	      0x10U
#define ACFG_VM_VCAT		      0x20U

#define ACFG_PRIO_LOW  0U
#define ACFG_PRIO_HIGH 1U

/* acfg_mem_region.attr */
#define ACFG_MEM_RAM	 0x1U /* guest RAM, write-back */
#define ACFG_MEM_IVSHMEM 0x2U /* shared with other VMs: an ivshmem BAR2 */
#define ACFG_MEM_DM	 0x4U /* host memory the device model supplies at run time */

struct acfg_mem_region {
	uint64_t gpa;
	uint64_t hpa; /* 0 with ACFG_MEM_DM */
	uint64_t size;
	uint32_t attr;
};

#define ACFG_VUART_NONE	  0U
#define ACFG_VUART_LEGACY 1U
#define ACFG_VUART_PCI	  2U

struct acfg_vuart {
	uint32_t type;	  /* ACFG_VUART_* */
	uint32_t irq;	  /* legacy: the virtual IRQ; else ACFG_NONE */
	uint16_t io_port; /* legacy: the base port; else 0 */
	uint16_t vbdf;	  /* pci: the virtual BDF; else ACFG_NO_BDF */
};

/* One end of a vUART connection; the other end is peer_conn of VM peer_vm. */
struct acfg_vuart_conn {
	struct acfg_vuart vuart;
	uint32_t peer_vm;   /* index into acfg_vms.vms */
	uint32_t peer_conn; /* index into that VM's vuarts */
};

struct acfg_ptdev {
	uint32_t board_dev; /* index into acfg_board.pci_devs */
	uint32_t pgsi;	    /* physical GSI of its INTx; ACFG_NONE: none */
	uint32_t vgsi;	    /* virtual GSI; ACFG_NONE: none, or the device model routes it */
	uint16_t vbdf;
};

#define ACFG_IVSHMEM_BY_HV 0U
#define ACFG_IVSHMEM_BY_DM 1U

struct acfg_ivshmem_region {
	char name[ACFG_IVSHMEM_NAME_LEN];
	uint64_t size;
	uint64_t hpa; /* by the hypervisor: its host memory; by the device model: 0 */
	uint32_t provider;
};

struct acfg_ivshmem_dev {
	uint64_t bar0;	 /* guest address of the register BAR */
	uint64_t bar2;	 /* guest address of the shared memory BAR */
	uint32_t region; /* index into acfg_vms.ivshmem */
	uint16_t vbdf;
};

/* CLOS id ACFG_NONE: no cache partition. */
struct acfg_clos {
	uint64_t mask;
	uint32_t id;
};

#define ACFG_KERN_NONE	   0U
#define ACFG_KERN_BZIMAGE  1U
#define ACFG_KERN_RAWIMAGE 2U
#define ACFG_KERN_ELF	   3U

/* acfg_kernel.flags: which addresses the scenario gives (else the image decides) */
#define ACFG_KERN_LOAD_ADDR  0x1U
#define ACFG_KERN_ENTRY_ADDR 0x2U

struct acfg_kernel {
	uint64_t load_addr;
	uint64_t entry_addr;
	uint32_t type; /* ACFG_KERN_*: the boot protocol */
	uint32_t flags;
	uint32_t mod_tag_len; /* lengths without the terminating NUL */
	uint32_t ramdisk_tag_len;
	uint32_t bootargs_len;
	const char *mod_tag; /* the multiboot module tags; "" when none */
	const char *ramdisk_tag;
	const char *bootargs;
};

struct acfg_vm {
	uint32_t id;
	char name[ACFG_VM_NAME_LEN];
	uint32_t load_order; /* ACFG_LOAD_* */
	uint32_t vm_type;    /* ACFG_VM_* */
	uint32_t flags;	     /* ACFG_VM_* flags */
	uint32_t priority;   /* ACFG_PRIO_* */
	struct acfg_clos clos;
	struct acfg_kernel kernel;
	struct acfg_vuart console;
	uint32_t pcpu_count;
	uint32_t region_count;
	uint32_t vuart_count;
	uint32_t ptdev_count;
	uint32_t ivshmem_count;
	/* vCPU i runs on acfg_board.pcpus[pcpus[i]] */
	const uint32_t *pcpus;
	/* RAM in guest address order, then the ivshmem memory the hypervisor provides */
	const struct acfg_mem_region *regions;
	const struct acfg_vuart_conn *vuarts;
	const struct acfg_ptdev *ptdevs;
	const struct acfg_ivshmem_dev *ivshmem;
};

/* Every VM in scenario order (the order they start in): post-launched VMs too, so the
 * hypervisor holds the device model to their pCPUs, devices and vUARTs. */
struct acfg_vms {
	struct acfg_header header;
	uint32_t vm_count;
	uint32_t ivshmem_count;
	const struct acfg_ivshmem_region *ivshmem;
	const struct acfg_vm *vms;
};

/* ---- the virtual platform of a pre-launched VM, and its ACPI tables (config_acpi.c) ---- */

/*
 * acrn-cfgc describes each pre-launched VM's platform to its guest in ACPI tables (RSDP, XSDT,
 * FADT, FACS, DSDT, MADT, MCFG), and the hypervisor emulates what they describe. Both take
 * every address, port and value below from here (acrn-cfgc compiles this header in), so the
 * two cannot disagree. The Service VM and post-launched VMs get no tables from here.
 *
 * Placement: before the VM's first vCPU runs, the hypervisor copies each table's length bytes
 * to its guest-physical address (acfg_acpi_table.gpa), and tells the guest where the RSDP is:
 * ACFG_VACPI_RSDP, in a bzImage's boot_params.acpi_rsdp_addr (it is also where a guest that
 * scans the BIOS area from 0xE0000 finds it). Every table lies in [ACFG_VACPI_RSDP,
 * ACFG_VACPI_END), inside the VM's RAM (which starts at guest address 0); the VM's e820 must
 * not offer that range as usable RAM (a PC's reserves 0xA0000 up to 1 MiB), and no image may
 * be loaded over it. The tables are input like a guest image: the boot
 * pCPU checks every VM's tables (vacpi_check_vm, core/vacpi.c: places, lengths, checksums)
 * before any VM starts, and stops with the reason if one is wrong; after that they may be
 * copied as they are.
 */
#define ACFG_VACPI_RSDP	      0x000f2400U /* the RSDP, 16-byte aligned in the BIOS area, as ACRN's */
#define ACFG_VACPI_END	      0x00100000U /* every table ends at or below */
#define ACFG_VACPI_TABLES_MAX 16U	  /* tables per VM, the RSDP included */

/*
 * Power: the FADT gives a PM1a event block (PM1_STS at ACFG_VACPI_PM1A_EVT, PM1_EN 2 bytes
 * above it) and a PM1a control block (PM1_CNT) at these I/O ports, as ACRN's VMs have them; no
 * PM1b, PM timer, GPE blocks, reset register or SMI command port: the VM is in ACPI mode from
 * the start, so PM1_CNT reads with SCI_EN set. A 16-bit write to PM1_CNT with SLP_EN set and
 * SLP_TYP = ACFG_VACPI_S5_SLP_TYP (the DSDT's \_S5 package holds this value) powers off that
 * VM alone; other SLP_TYP values with SLP_EN (S1..S4, which the DSDT does not offer) may be
 * refused and reported. PM1_EN keeps what is written to it (ACPICA checks that an enable bit
 * sticks); PM1_STS reads 0 (no event ever happens) and ignores writes. The SCI is ISA IRQ
 * ACFG_VACPI_SCI_IRQ, GSI ACFG_VACPI_SCI_IRQ of the virtual I/O APIC, level-triggered and
 * active low (ACPI's SCI default: the MADT has no override for it); it is never raised.
 */
#define ACFG_VACPI_PM1A_EVT	 0x400U
#define ACFG_VACPI_PM1A_EVT_LEN	 4U
#define ACFG_VACPI_PM1A_CNT	 0x404U
#define ACFG_VACPI_PM1A_CNT_LEN	 2U
#define ACFG_VACPI_SCI_EN	 0x0001U /* PM1_CNT bits */
#define ACFG_VACPI_SLP_TYP_SHIFT 10U
#define ACFG_VACPI_SLP_TYP_MASK	 0x1c00U
#define ACFG_VACPI_SLP_EN	 0x2000U
#define ACFG_VACPI_S5_SLP_TYP	 5U /* ACRN's value for its VMs */
#define ACFG_VACPI_SCI_IRQ	 9U

/*
 * Interrupt controllers, as the MADT gives them: vCPU i's local APIC has APIC id i and ACPI
 * processor UID i (ids 0..n-1), except in a VM with ACFG_VM_LAPIC_PASSTHROUGH, whose vCPUs
 * see their pCPUs' physical APIC ids (acfg_board.pcpus[].apic_id; ids of 255 and above are
 * given as x2APIC entries). Local APICs at ACFG_VLAPIC_BASE; LINT1 of every one is NMI. One
 * virtual I/O APIC at ACFG_VIOAPIC_BASE, as ACRN's for VMs other than the Service VM: GSIs
 * 0..ACFG_VIOAPIC_PINS-1, its ID register reading ACFG_VIOAPIC_ID. ISA IRQ 0 (the PIT) is GSI
 * 2, every other ISA IRQ its own GSI, edge-triggered active high (the ISA default); the MADT
 * says the VM has the legacy PIC pair (PCAT_COMPAT).
 */
#define ACFG_VLAPIC_BASE  0xfee00000U
#define ACFG_VIOAPIC_BASE 0xfec00000U
#define ACFG_VIOAPIC_ID	  0U
#define ACFG_VIOAPIC_PINS 48U

/*
 * PCI: every pre-launched VM has PCI segment 0 (hence an MCFG in every VM's tables): bus 0
 * only, its host bridge at 00:00.0 (the DSDT's \_SB.PCI0, PNP0A08); configuration space
 * through ports 0xCF8/0xCFC and through ECAM at ACFG_VPCI_ECAM_BASE (ACRN's address), 1 MiB
 * per bus from bus 0 to ACFG_VPCI_BUS_LAST (the DSDT reserves the window as \_SB.ECAM,
 * PNP0C02). The host bridge's _CRS offers the windows acrn-cfgc allocates ivshmem BARs from:
 * [0xC0000000, 0xE0000000) and [0x4000000000, 0x8000000000), and I/O ports 0-0xCF7 and
 * 0xD00-0xFFFF.
 */
#define ACFG_VPCI_ECAM_BASE 0xe0000000U
#define ACFG_VPCI_BUS_LAST  0U

/* One table: length bytes at bytes, copied to guest-physical gpa. */
struct acfg_acpi_table {
	uint64_t gpa;
	uint32_t length;
	const uint8_t *bytes; /* the table as the guest reads it, checksum included */
};

/* A VM's tables in address order, the RSDP first; none for a VM that is not pre-launched. */
struct acfg_acpi_vm {
	uint32_t table_count;
	const struct acfg_acpi_table *tables;
};

struct acfg_acpi {
	struct acfg_header header;
	uint32_t vm_count;		/* acfg_vms.vm_count */
	const struct acfg_acpi_vm *vms; /* vms[i]: the tables of acfg_vms.vms[i] */
};

extern const struct acfg_board acfg_board;
extern const struct acfg_hv acfg_hv;
extern const struct acfg_vms acfg_vms;
extern const struct acfg_acpi acfg_acpi;

/* Whether a table was written for this header: check before using any other field. */
static inline int acfg_header_ok(const struct acfg_header *h, uint32_t kind, uint32_t size)
{
	return (h->signature == ACFG_SIGNATURE) && (h->arch == ACFG_ARCH_X86_64) &&
	       (h->revision == ACFG_REVISION) && (h->kind == kind) && (h->size == size);
}

#endif
