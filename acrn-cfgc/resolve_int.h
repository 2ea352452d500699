/*
 * The resolver's parts: one file per kind of resource, run in order by resolve.c;
 * resolve_common.c holds the helpers they share.
 */
#ifndef ACRN_CFGC_RESOLVE_INT_H
#define ACRN_CFGC_RESOLVE_INT_H

#include "resolve.h"

struct resolver {
	struct resolution *r;
	const struct board *b;
	const struct scenario *s;
	struct arena *a;
	struct diag_list *dl;
};

#define RES_ARRAY(rs, count, type) ((type *)arena_alloc((rs)->a, (count), sizeof(type)))

/* Host memory: pre-launched VMs, ivshmem host memory, the Service VM's rest (resolve_mem.c). */
void resolve_memory(struct resolver *rs);
/* Passthrough devices and their INTx routes (resolve_pci.c). */
void resolve_ptdevs(struct resolver *rs);
/* Console vUARTs and vUART connections: ports and IRQs (resolve_vuart.c). */
void resolve_vuarts(struct resolver *rs);
/* Virtual BDFs of every virtual PCI device, and the ivshmem BARs (resolve_pci.c). */
void resolve_vbdfs(struct resolver *rs);
/* Cache partitions (resolve_clos.c). */
void resolve_clos(struct resolver *rs);

/* The board's device at bdf, or NULL. */
const struct board_pci_dev *board_pci_find(const struct board *b, struct bdf bdf);

/* A set value: given by the user (allocated false) or chosen by the resolver. */
struct res_u64 res_value(uint64_t value, bool allocated, struct srcpos pos);
struct res_bdf res_bdf_value(struct bdf bdf, bool allocated, struct srcpos pos);

#endif
