/*
 * The typed model: what the board offers and what the scenario asks for, built from validated
 * documents. Every object carries the position of the element it came from. All memory of a
 * model lives in its arena and goes away with it.
 */
#ifndef ACRN_CFGC_MODEL_H
#define ACRN_CFGC_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "broken.h"
#include "diag.h"
#include "value.h"
#include "xmlload.h"

/* A number the file may leave out or empty. */
struct opt_u64 {
	bool set;
	uint64_t value;
};

/* ---- board ---- */

struct board_thread {
	struct srcpos pos;
	uint32_t cpu_id;
	uint32_t apic_id;
	uint32_t x2apic_id;
	uint32_t die_id;
	uint32_t core_id;
	uint32_t family;
	uint32_t model;
	uint32_t stepping;
	const char *core_type;
};

struct board_cache {
	struct srcpos pos;
	uint32_t level;
	uint32_t id;
	uint32_t type; /* CPUID leaf 4: 1 data, 2 instruction, 3 unified */
	uint64_t size;
	uint32_t ways;
	uint32_t line_size;
	uint32_t sets;
	uint32_t *processors; /* APIC ids of the threads sharing it */
	size_t processor_count;
	bool cat;
	bool cdp;
	uint32_t cbm_length; /* capacity bitmask length, when cat */
	uint32_t clos_count;
};

struct mem_range {
	struct srcpos pos;
	uint64_t start;
	uint64_t end; /* inclusive */
};

struct iomem_entry {
	struct srcpos pos;
	uint64_t start;
	uint64_t end;	/* inclusive */
	uint32_t depth; /* nesting in /proc/iomem: 0 for top-level ranges */
	const char *name;
};

struct pci_bar {
	uint32_t index;
	uint64_t base;
	uint64_t size;
	bool io;
	bool is64;
	bool prefetchable;
};

struct board_pci_dev {
	struct srcpos pos;
	struct bdf bdf;
	uint32_t vendor;
	uint32_t device;
	uint32_t class_code; /* base class << 16 | subclass << 8 | prog-if */
	struct opt_u64 subsystem_vendor;
	struct opt_u64 subsystem_device;
	const char *description;
	struct pci_bar bars[6];
	size_t bar_count;
	bool msi;
	uint32_t msi_vectors;
	bool msix;
	uint32_t msix_table_size;
	const char *int_pin;	   /* "INTA#".."INTD#", NULL when it has none */
	struct opt_u64 int_source; /* the GSI its pin routes to, when the board knows it */
	bool is_bridge;
	bool is_host_bridge;
	bool from_legacy_only; /* seen only in PCI_DEVICE, not in the devices tree */
	bool has_upstream;     /* it sits below a PCI bridge of the devices tree: */
	struct bdf upstream;   /* that bridge */
};

/* A DMA remapping unit (VT-d) of DRHD_INFO, the ACPI DMAR table's DRHDs as ACRN writes them. */
struct board_drhd {
	struct srcpos pos; /* its first line */
	uint32_t index;	   /* n of DRHDn_ */
	uint64_t segment;
	bool include_all; /* FLAGS bit 0: every device of its segment that no other unit lists */
	bool ignore;	  /* DRHDn_IGNORE: a unit ACRN leaves alone (the integrated GPU's) */
};

#define DRHD_SCOPE_ENDPOINT 1 /* a PCI function */
#define DRHD_SCOPE_BRIDGE   2 /* a PCI bridge and every device below it */

/* DRHDn_DEVSCOPEm_*: one device scope of a unit, with its start bus and one path entry. */
struct board_drhd_scope {
	struct srcpos pos;
	uint32_t unit; /* n of its unit */
	uint32_t index;
	uint64_t type;	/* DRHD_SCOPE_*, 3 IOAPIC, 4 HPET */
	uint64_t bus;	/* start bus */
	uint64_t path;	/* device << 3 | function */
	unsigned known; /* which of type (1), bus (2) and path (4) the section gave */
};

struct board_ioapic {
	struct srcpos pos;
	uint32_t id;
	uint64_t address;
	uint32_t gsi_base;
	uint32_t gsi_count;
};

struct board_serial {
	struct srcpos pos;
	const char *dev_path;
	bool mmio;
	uint64_t base;
	struct opt_u64 irq;
};

struct board {
	const char *path;
	struct srcpos pos;
	const char *name;
	const char *cpu_brand;
	struct board_thread *threads;
	size_t thread_count;
	struct board_cache *caches;
	size_t cache_count;
	struct mem_range *ram;
	size_t ram_count;
	struct iomem_entry *iomem;
	size_t iomem_count;
	struct board_pci_dev *pci;
	size_t pci_count;
	struct board_ioapic *ioapics;
	size_t ioapic_count;
	struct board_serial *serials;
	size_t serial_count;
	struct board_drhd *drhds; /* DRHD_INFO */
	size_t drhd_count;
	struct board_drhd_scope *drhd_scopes;
	size_t drhd_scope_count;
	uint32_t *cpu_ids; /* CPU_PROCESSOR_INFO */
	size_t cpu_id_count;
	uint32_t *free_irqs; /* AVAILABLE_IRQ_INFO */
	size_t free_irq_count;
	struct opt_u64 mmcfg_base;
	struct opt_u64 total_mem_kb;
	struct opt_u64 max_msix_table_num;
	/* PM_INFO and S5_INFO: where S5 is entered, to power the board off */
	struct opt_u64 pm1a_cnt;    /* PM1A_CNT_ADDRESS */
	const char *pm1a_cnt_space; /* PM1A_CNT_SPACE_ID: SPACE_SYSTEM_IO, SPACE_SYSTEM_MEMORY */
	struct opt_u64 s5_pm1a;	    /* S5_PKG_VAL_PM1A: SLP_TYP for S5 */
};

/* ---- scenario ---- */

enum load_order { LOAD_PRE_LAUNCHED, LOAD_SERVICE, LOAD_POST_LAUNCHED };
enum vm_type { VM_STANDARD, VM_RTVM, VM_TEE, VM_REE };

struct vm_pcpu {
	struct srcpos pos;
	uint32_t id;
	bool real_time;
};

struct vm_hpa_region {
	struct srcpos pos;
	uint64_t start;
	uint64_t size_mb;
};

struct vm_pci_dev {
	struct srcpos pos;
	struct bdf bdf;
	const char *description;
};

struct vm_virtio_dev {
	struct srcpos pos;
	const char *kind;  /* console, network, input, block, gpu, vsock */
	const char *value; /* interface name, image path, ... (may be empty) */
};

struct vm_os_config {
	bool present;
	struct srcpos pos;
	const char *kern_type;
	const char *kern_mod;
	const char *ramdisk_mod;
	const char *bootargs;
	struct opt_u64 kern_load_addr;
	struct opt_u64 kern_entry_addr;
};

struct vm {
	struct srcpos pos;
	uint32_t id;
	const char *name;
	struct srcpos name_pos;
	enum load_order load_order;
	enum vm_type vm_type;
	struct vm_pcpu *pcpus;
	size_t pcpu_count;
	struct opt_u64 memory_size_mb;
	struct srcpos memory_pos;
	struct vm_hpa_region *hpa_regions;
	size_t hpa_region_count;
	struct vm_os_config os;
	const char *console_vuart;
	struct vm_pci_dev *pci_devs;
	size_t pci_dev_count;
	struct vm_virtio_dev *virtio;
	size_t virtio_count;
	const char *priority;
	struct opt_u64 companion_vmid;
	bool lapic_passthrough;
	bool io_completion_polling;
	bool nested_virtualization;
	bool virtual_cat;
	bool vuart0;
	bool vbootloader;
	const char *os_type;
};

struct ivshmem_member {
	struct srcpos pos;
	const char *vm_name;
	bool has_vbdf;
	struct bdf vbdf;
};

struct ivshmem_region {
	struct srcpos pos;
	const char *name;
	const char *provided_by;
	uint64_t size_mb;
	struct ivshmem_member *members;
	size_t member_count;
};

struct vuart_endpoint {
	struct srcpos pos;
	const char *vm_name;
	struct opt_u64 io_port;
	bool has_vbdf;
	struct bdf vbdf;
};

struct vuart_connection {
	struct srcpos pos;
	const char *name;
	const char *type; /* legacy or pci */
	struct vuart_endpoint endpoints[2];
	size_t endpoint_count;
};

/* An hv setting kept as written: the y/n feature switches, SCHEDULER and the like. */
struct hv_flag {
	struct srcpos pos;
	const char *name;
	const char *value;
	bool defaulted; /* not in the scenario: ACRN's default (the enclosing element's position) */
};

struct hv_settings {
	struct srcpos pos;
	const char *build_type;
	const char *serial_console;
	struct opt_u64 mem_loglevel;
	struct opt_u64 npk_loglevel;
	struct opt_u64 console_loglevel;
	const char *scheduler;
	struct hv_flag *features; /* every leaf setting under FEATURES (RDT's too), in file order */
	size_t feature_count;
	bool rdt_enabled;
	bool cdp_enabled;
	bool vcat_enabled;
	struct ivshmem_region *ivshmem;
	size_t ivshmem_count;
	struct opt_u64 stack_size;
	struct opt_u64 hv_ram_start;
	struct opt_u64 hv_ram_size;
	struct opt_u64 max_vm_num;
	struct opt_u64 max_ioapic_num;
	struct opt_u64 max_pci_dev_num;
	struct opt_u64 max_ioapic_lines;
	struct opt_u64 max_pt_irq_entries;
	struct opt_u64 max_msix_table_num;
	struct opt_u64 max_emulated_mmio;
	struct opt_u64 gpu_sbdf;
	struct vuart_connection *vuarts;
	size_t vuart_count;
};

struct scenario {
	const char *path;
	struct srcpos pos;
	const char *board_name; /* the acrn-config board attribute, when present */
	struct hv_settings hv;
	struct vm *vms;
	size_t vm_count;
};

/*
 * Build the model from a schema-valid document; returns the number of errors reported and
 * names in broken what they make unusable for the rules.
 */
unsigned board_build(struct board *b, const struct xml_source *src, struct arena *a,
		     struct diag_list *dl, struct broken_names *broken);
unsigned scenario_build(struct scenario *s, const struct xml_source *src, struct arena *a,
			struct diag_list *dl, struct broken_names *broken);

const char *load_order_name(enum load_order lo);
const char *vm_type_name(enum vm_type t);

#endif
