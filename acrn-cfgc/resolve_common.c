/*
 * What every allocator of the resolver uses (resolve_int.h): located values, a VM's index by
 * name, the board's PCI function at a BDF.
 */
#include <string.h>

#include "resolve_int.h"

struct res_u64 res_value(uint64_t value, bool allocated, struct srcpos pos)
{
	struct res_u64 v = {true, allocated, value, pos};
	return v;
}

struct res_bdf res_bdf_value(struct bdf bdf, bool allocated, struct srcpos pos)
{
	struct res_bdf v = {true, allocated, bdf, pos};
	return v;
}

size_t resolve_vm_index(const struct resolution *r, const char *name)
{
	for (size_t i = 0; name && i < r->vm_count; i++)
		if (strcmp(r->vms[i].vm->name, name) == 0)
			return i;
	return RES_NONE;
}

const struct board_pci_dev *board_pci_find(const struct board *b, struct bdf bdf)
{
	for (size_t i = 0; i < b->pci_count; i++)
		if (bdf_id(b->pci[i].bdf) == bdf_id(bdf))
			return &b->pci[i];
	return NULL;
}
