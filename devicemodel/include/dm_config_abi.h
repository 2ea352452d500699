/*
 * The device model's configuration ABI: the const table of post-launched VMs that acrn-cfgc
 * emits (dm_vms.c) and acrn-dm links in. acrn-dm does not link the hypervisor's tables, so
 * this header stands alone; its VM indices are the hypervisor's (scenario order), which is
 * what the hypercalls and vUART peers use.
 *
 * Conventions as in the hypervisor's config_abi.h: fixed-width fields, counts before arrays,
 * indices instead of pointers between tables, DMCFG_NONE for absent values, every count and
 * length computed by acrn-cfgc. Check the header (dmcfg_header_ok) before using the table;
 * change anything here and DMCFG_REVISION changes with acrn-cfgc/emit_dm.c, which writes it
 * (EMIT_DM_ABI_REVISION).
 */
#ifndef ACRN_DM_CONFIG_ABI_H
#define ACRN_DM_CONFIG_ABI_H

#include <stdint.h>

#define DMCFG_SIGNATURE	  0x47464341U /* "ACFG", as in the hypervisor's tables */
#define DMCFG_ARCH_X86_64 1U
#define DMCFG_REVISION	  1U
#define DMCFG_TABLE_VMS	  0x100U /* apart from the hypervisor's table kinds */

#define DMCFG_NONE   0xffffffffU
#define DMCFG_NO_BDF 0xffffU

#define DMCFG_BDF(bus, dev, fn) ((uint16_t)(((bus) << 8) | ((dev) << 3) | (fn)))

#define DMCFG_VM_NAME_LEN      16
#define DMCFG_IVSHMEM_NAME_LEN 32

struct dmcfg_header {
	uint32_t signature;
	uint16_t arch;
	uint16_t revision;
	uint32_t kind;
	uint32_t size;
};

#define DMCFG_VM_STANDARD 0U
#define DMCFG_VM_RTVM	  1U
#define DMCFG_VM_TEE	  2U
#define DMCFG_VM_REE	  3U

/* dmcfg_vm.flags */
#define DMCFG_VM_LAPIC_PASSTHROUGH     (1U << 0)
#define DMCFG_VM_REAL_TIME	       (1U << 2)
#define DMCFG_VM_IO_COMPLETION_POLLING (1U << 3)
#define DMCFG_VM_NESTED_VIRT	       (1U << 4)
#define DMCFG_VM_VCAT		       (1U << 5)

/* Guest RAM the device model backs with Service VM memory. */
struct dmcfg_region {
	uint64_t gpa;
	uint64_t size;
};

#define DMCFG_VUART_NONE   0U
#define DMCFG_VUART_LEGACY 1U
#define DMCFG_VUART_PCI	   2U

struct dmcfg_vuart {
	uint32_t type;
	uint32_t irq;	  /* legacy; else DMCFG_NONE */
	uint16_t io_port; /* legacy; else 0 */
	uint16_t vbdf;	  /* pci; else DMCFG_NO_BDF */
};

struct dmcfg_vuart_conn {
	struct dmcfg_vuart vuart;
	uint32_t peer_vm;   /* the hypervisor's VM index */
	uint32_t peer_conn; /* index into that VM's vUART connections */
};

/* A passthrough device: the device model assigns it and routes its INTx itself. */
struct dmcfg_ptdev {
	uint32_t pgsi; /* DMCFG_NONE: no INTx */
	uint16_t pbdf;
	uint16_t vbdf;
};

#define DMCFG_IVSHMEM_BY_HV 0U
#define DMCFG_IVSHMEM_BY_DM 1U

struct dmcfg_ivshmem_dev {
	char name[DMCFG_IVSHMEM_NAME_LEN];
	uint64_t size;
	uint64_t bar0;
	uint64_t bar2;
	uint32_t provider; /* by the device model: it allocates the shared memory */
	uint16_t vbdf;
};

#define DMCFG_VIRTIO_CONSOLE 1U
#define DMCFG_VIRTIO_NETWORK 2U
#define DMCFG_VIRTIO_INPUT   3U
#define DMCFG_VIRTIO_BLOCK   4U
#define DMCFG_VIRTIO_GPU     5U
#define DMCFG_VIRTIO_VSOCK   6U

struct dmcfg_virtio {
	uint32_t kind;
	uint32_t value_len;
	const char *value; /* backend: interface name, image path, ... ("" when none) */
	uint16_t vbdf;
};

struct dmcfg_vm {
	uint32_t vm_index; /* in the hypervisor's VM table */
	uint32_t id;
	char name[DMCFG_VM_NAME_LEN];
	uint32_t vm_type;
	uint32_t flags;
	uint64_t memory_size; /* the sum of the regions */
	struct dmcfg_vuart console;
	uint32_t pcpu_count;
	uint32_t region_count;
	uint32_t vuart_count;
	uint32_t ptdev_count;
	uint32_t ivshmem_count;
	uint32_t virtio_count;
	const uint32_t *pcpu_ids; /* physical CPU ids, as the create hypercall takes them */
	const struct dmcfg_region *regions;
	const struct dmcfg_vuart_conn *vuarts;
	const struct dmcfg_ptdev *ptdevs;
	const struct dmcfg_ivshmem_dev *ivshmem;
	const struct dmcfg_virtio *virtio;
};

struct dmcfg_vms {
	struct dmcfg_header header;
	uint32_t vm_count;
	const struct dmcfg_vm *vms; /* the post-launched VMs, in scenario order */
};

extern const struct dmcfg_vms dmcfg_vms;

static inline int dmcfg_header_ok(const struct dmcfg_header *h, uint32_t size)
{
	return h->signature == DMCFG_SIGNATURE && h->arch == DMCFG_ARCH_X86_64 &&
	       h->revision == DMCFG_REVISION && h->kind == DMCFG_TABLE_VMS && h->size == size;
}

#endif
