/*
 * Resolution: every resource a scenario leaves open, decided. The resolver reads the board and
 * scenario models and fills a struct resolution (in the caller's arena) with each VM's pCPUs,
 * memory map, vUARTs, virtual PCI devices, ivshmem BARs, INTx routes and cache partition.
 * Values the user gave are kept; values the resolver chose are marked allocated. Either way
 * they carry the position of the scenario element they serve, so a later error points at the
 * user's input. Deterministic: it depends on the models only, in document order.
 */
#ifndef ACRN_CFGC_RESOLVE_H
#define ACRN_CFGC_RESOLVE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "diag.h"
#include "model.h"

#define RES_NONE SIZE_MAX /* no such VM */

/* Where the resolver looks when the scenario does not say. */
#define RES_LOW_MEMORY	     UINT64_C(0x100000)	  /* below 1 MiB: real-mode and BIOS data */
#define RES_VM_MEM_ALIGN     UINT64_C(0x200000)	  /* 2 MiB: one large EPT page */
#define RES_GUEST_HOLE_START UINT64_C(0xc0000000) /* guest RAM skips the 32-bit MMIO hole */
#define RES_GUEST_HOLE_END   UINT64_C(0x100000000)
#define RES_BAR32_START	     UINT64_C(0xc0000000)
/*
 * The boot area, [1 MiB, 64 MiB): the hypervisor image, which GRUB loads at its link address,
 * and the multiboot2 modules, which GRUB's relocator puts at the lowest free addresses, right
 * above the image. Never guest memory: the memory allocator takes it out of board RAM before
 * anything is allocated, rule memory.region-boot-area refuses hpa_regions in it, and the
 * tables carry it (acfg_hv.boot_area) so that the hypervisor stops at boot if a module lies
 * elsewhere. The one place these numbers are written.
 */
#define RES_BOOT_AREA_START UINT64_C(0x100000)
#define RES_BOOT_AREA_END   UINT64_C(0x4000000)
/*
 * Where the hypervisor lives: HV_RAM_START, by default the start of the boot area (1 MiB), and
 * HV_RAM_SIZE bytes from it. The image is linked there (hypervisor/arch/x86/hv.ld.in reads the
 * resolved value from config_gen.h, as acfg_hv.ram_start holds it), so acrn-cfgc, the tables
 * and the image agree by construction; the hypervisor checks it at boot.
 */
#define RES_HV_RAM_START RES_BOOT_AREA_START
#define RES_HV_RAM_SIZE	 UINT64_C(0x1000000)
#define RES_BAR32_END	 UINT64_C(0xe0000000)
#define RES_BAR64_START	 UINT64_C(0x4000000000)
#define RES_BAR64_END	 UINT64_C(0x8000000000)
#define RES_IVSHMEM_BAR0 UINT64_C(0x100) /* ivshmem register space */

/* A number that was given or allocated, and the scenario element it serves. */
struct res_u64 {
	bool set;
	bool allocated;
	uint64_t value;
	struct srcpos pos;
};

struct res_bdf {
	bool set;
	bool allocated;
	struct bdf bdf;
	struct srcpos pos;
};

struct res_pcpu {
	uint32_t id;
	bool allocated; /* the Service VM's share when the scenario lists none */
	struct srcpos pos;
};

/* One piece of guest memory. has_hpa is false for post-launched VMs (the device model maps). */
struct res_region {
	uint64_t gpa;
	uint64_t hpa;
	uint64_t size;
	bool has_hpa;
	bool allocated;
	struct srcpos pos;
};

enum res_vuart_kind { RES_VUART_NONE, RES_VUART_LEGACY, RES_VUART_PCI };

/* A console vUART or one endpoint of a vUART connection. */
struct res_vuart {
	enum res_vuart_kind kind;
	struct res_u64 io_port; /* legacy */
	struct res_u64 irq;	/* legacy */
	struct res_bdf vbdf;	/* pci */
	struct srcpos pos;
};

/* One VM's end of a vUART connection. */
struct res_vuart_link {
	const struct vuart_connection *conn;
	size_t endpoint;  /* index into conn->endpoints */
	size_t peer_vm;	  /* index into resolution.vms, RES_NONE when the peer is missing */
	size_t peer_link; /* index into the peer's links */
	struct res_vuart vuart;
};

struct res_ptdev {
	const struct vm_pci_dev *dev;
	const struct board_pci_dev *board_dev; /* NULL when the board does not have it */
	struct res_bdf vbdf;
	bool has_intx;	     /* it has an INTx pin routed to a known GSI */
	uint32_t pgsi;	     /* physical GSI */
	struct res_u64 vgsi; /* unset when the device model chooses (post-launched VMs) */
};

/* A VM's membership in an ivshmem region. */
struct res_ivshmem_ep {
	size_t region; /* index into resolution.ivshmem */
	struct res_bdf vbdf;
	struct res_u64 bar0; /* guest address of the register BAR */
	struct res_u64 bar2; /* guest address of the shared memory BAR */
	struct srcpos pos;
};

struct res_virtio {
	const struct vm_virtio_dev *dev;
	struct res_bdf vbdf;
};

struct res_clos {
	bool present;
	bool allocated;
	uint32_t id;
	uint64_t mask;
	struct srcpos pos;
};

struct res_vm {
	const struct vm *vm;
	struct res_pcpu *pcpus;
	size_t pcpu_count;
	struct res_region *regions;
	size_t region_count;
	struct res_vuart console;
	struct res_vuart_link *links;
	size_t link_count;
	struct res_ptdev *ptdevs;
	size_t ptdev_count;
	struct res_ivshmem_ep *ivshmem;
	size_t ivshmem_count;
	struct res_virtio *virtio;
	size_t virtio_count;
	struct res_clos clos;
};

struct res_ivshmem {
	const struct ivshmem_region *region;
	bool usable; /* false when its size is not a power of two MB: the checks report that */
	bool by_hypervisor;
	uint64_t size;	    /* bytes */
	struct res_u64 hpa; /* host memory, for regions the hypervisor provides */
};

/* The cache whose ways the CLOS masks divide, when cache allocation is on. */
struct res_cat {
	bool present;
	uint32_t level;
	uint32_t ways; /* capacity bitmask length */
	uint32_t clos_count;
	struct srcpos pos;
};

struct resolution {
	struct res_vm *vms; /* in scenario order */
	size_t vm_count;
	struct res_ivshmem *ivshmem; /* in scenario order */
	size_t ivshmem_count;
	struct res_u64 hv_start;
	struct res_u64 hv_size;
	struct res_cat cat;
};

/* Resolves everything; all memory comes from a. Returns the number of errors it reported. */
unsigned resolve_config(struct resolution *r, const struct board *b, const struct scenario *s,
			struct arena *a, struct diag_list *dl);

/*
 * Board facts the allocators go by, shared with the resolved document: a /proc/iomem range no VM
 * may get as RAM (top-level ranges other than System RAM, "Reserved" ones inside RAM); the cache
 * whose ways CLOS masks divide (the highest level with CAT; false when none has it).
 */
bool resolve_iomem_reserved(const struct iomem_entry *e);
bool resolve_pick_cat(const struct board *b, struct res_cat *cat);

/* The index of the first VM with that name, or RES_NONE. */
size_t resolve_vm_index(const struct resolution *r, const char *name);

#endif
