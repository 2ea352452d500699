/*
 * Virtual PCI: passthrough devices and their INTx routes, then one virtual BDF per virtual
 * device of each VM on its bus 0, and the guest addresses of the ivshmem BARs.
 *
 * Device numbers are handed out lowest first in a fixed order: 00:00.0 is the virtual host
 * bridge; vBDFs the user wrote come next (they cannot move); then passthrough devices, ivshmem
 * members, PCI vUARTs and emulated (virtio) devices, each in scenario order. The Service VM
 * sees the board's own devices at their physical BDFs, so it also loses those device numbers.
 */
#include <stdio.h>
#include <string.h>

#include "rangeset.h"
#include "resolve_int.h"

#define SLOT_FIRST 1
#define SLOT_LAST  31
/* The device model keeps 00:01, 00:02 and 00:1f of a post-launched VM for its own devices. */
#define DM_RESERVED_SLOTS ((UINT32_C(1) << 1) | (UINT32_C(1) << 2) | (UINT32_C(1) << 31))

/* ---- passthrough devices ---- */

static void resolve_intx(struct res_vm *v, struct res_ptdev *p)
{
	const struct board_pci_dev *d = p->board_dev;
	if (!d || !d->int_pin || !d->int_source.set || d->int_source.value > UINT32_MAX)
		return;
	p->has_intx = true;
	p->pgsi = (uint32_t)d->int_source.value;
	/* the device model routes post-launched VMs' lines at run time */
	if (v->vm->load_order != LOAD_POST_LAUNCHED)
		p->vgsi = res_value(p->pgsi, true, p->dev->pos);
}

void resolve_ptdevs(struct resolver *rs)
{
	for (size_t i = 0; i < rs->r->vm_count; i++) {
		struct res_vm *v = &rs->r->vms[i];
		v->ptdevs = RES_ARRAY(rs, v->vm->pci_dev_count, struct res_ptdev);
		v->ptdev_count = v->vm->pci_dev_count;
		for (size_t d = 0; d < v->ptdev_count; d++) {
			struct res_ptdev *p = &v->ptdevs[d];
			p->dev = &v->vm->pci_devs[d];
			p->board_dev = board_pci_find(rs->b, p->dev->bdf);
			resolve_intx(v, p);
		}
	}
}

/* ---- device numbers of one VM's bus 0 ---- */

struct slots {
	struct resolver *rs;
	struct res_vm *v;
	uint32_t used;
	bool failed; /* reported once per VM: the rest would only repeat it */
};

static void reserve(struct slots *sl, const struct res_bdf *b)
{
	if (b->set && b->bdf.bus == 0)
		sl->used |= UINT32_C(1) << b->bdf.dev;
}

static bool take_slot(struct slots *sl, struct srcpos pos, const char *what, unsigned *dev)
{
	int d = sl->failed ? -1 : bits_first_free(sl->used, SLOT_FIRST, SLOT_LAST);
	if (d >= 0) {
		sl->used |= UINT32_C(1) << d;
		*dev = (unsigned)d;
		return true;
	}
	if (!sl->failed)
		diag_error(sl->rs->dl, pos, "alloc-vbdf",
			   "VM '%s' has no free virtual PCI device number for %s: all device "
			   "numbers of its bus 00 are taken; pass through fewer devices or remove "
			   "virtio devices, ivshmem regions or PCI vUARTs",
			   sl->v->vm->name, what);
	sl->failed = true;
	return false;
}

/* A new device at function fn of the next free device number. */
static void alloc_bdf(struct slots *sl, struct res_bdf *out, struct srcpos pos, const char *what,
		      unsigned fn)
{
	unsigned dev;
	if (out->set || !take_slot(sl, pos, what, &dev))
		return;
	struct bdf b = {0, (uint8_t)dev, (uint8_t)fn};
	*out = res_bdf_value(b, true, pos);
}

static bool passed_to_pre_launched(const struct scenario *s, struct bdf bdf)
{
	for (size_t i = 0; i < s->vm_count; i++)
		for (size_t d = 0;
		     s->vms[i].load_order == LOAD_PRE_LAUNCHED && d < s->vms[i].pci_dev_count; d++)
			if (bdf_id(s->vms[i].pci_devs[d].bdf) == bdf_id(bdf))
				return true;
	return false;
}

/* The Service VM owns the board's devices (but pre-launched VMs' ones) at their own BDFs. */
static void reserve_service(struct slots *sl)
{
	const struct board *b = sl->rs->b;
	for (size_t i = 0; i < b->pci_count; i++)
		if (b->pci[i].bdf.bus == 0 && !passed_to_pre_launched(sl->rs->s, b->pci[i].bdf))
			sl->used |= UINT32_C(1) << b->pci[i].bdf.dev;
	for (size_t d = 0; d < sl->v->ptdev_count; d++) {
		struct res_ptdev *p = &sl->v->ptdevs[d];
		p->vbdf = res_bdf_value(p->dev->bdf, false, p->dev->pos);
		reserve(sl, &p->vbdf);
	}
}

static void reserve_given(struct slots *sl)
{
	struct res_vm *v = sl->v;
	sl->used |= 1; /* 00:00.0, the virtual host bridge */
	if (v->vm->load_order == LOAD_SERVICE)
		reserve_service(sl);
	for (size_t i = 0; i < v->ivshmem_count; i++)
		reserve(sl, &v->ivshmem[i].vbdf);
	for (size_t i = 0; i < v->link_count; i++)
		reserve(sl, &v->links[i].vuart.vbdf);
}

static bool same_slot(struct bdf a, struct bdf b)
{
	return a.bus == b.bus && a.dev == b.dev;
}

/*
 * Functions of one physical device passed to the same VM stay one device and keep their
 * function numbers (drivers of multi-function devices expect their siblings there); a lone
 * function becomes function 0 so that the guest's bus scan finds it.
 */
static void alloc_ptdev(struct slots *sl, size_t first)
{
	struct res_ptdev *pt = sl->v->ptdevs;
	size_t siblings = 0;
	for (size_t j = first; j < sl->v->ptdev_count; j++)
		siblings += same_slot(pt[j].dev->bdf, pt[first].dev->bdf);
	char what[64];
	struct bdf p = pt[first].dev->bdf;
	snprintf(what, sizeof(what), "passthrough device %02x:%02x.%x", p.bus, p.dev, p.fn);
	unsigned dev;
	if (!take_slot(sl, pt[first].dev->pos, what, &dev))
		return;
	for (size_t j = first; j < sl->v->ptdev_count; j++) {
		if (!same_slot(pt[j].dev->bdf, p))
			continue;
		struct bdf vb = {0, (uint8_t)dev, (uint8_t)(siblings > 1 ? pt[j].dev->bdf.fn : 0)};
		pt[j].vbdf = res_bdf_value(vb, true, pt[j].dev->pos);
	}
}

static void alloc_ptdevs(struct slots *sl)
{
	for (size_t i = 0; i < sl->v->ptdev_count; i++)
		if (!sl->v->ptdevs[i].vbdf.set)
			alloc_ptdev(sl, i);
}

static void alloc_ivshmem(struct slots *sl)
{
	for (size_t i = 0; i < sl->v->ivshmem_count; i++) {
		struct res_ivshmem_ep *ep = &sl->v->ivshmem[i];
		const char *name = sl->rs->r->ivshmem[ep->region].region->name;
		char what[96];
		snprintf(what, sizeof(what), "ivshmem region '%s'", name ? name : "");
		alloc_bdf(sl, &ep->vbdf, ep->pos, what, 0);
	}
}

static void alloc_pci_vuarts(struct slots *sl)
{
	struct res_vm *v = sl->v;
	if (v->console.kind == RES_VUART_PCI)
		alloc_bdf(sl, &v->console.vbdf, v->console.pos, "its PCI console vUART", 0);
	for (size_t i = 0; i < v->link_count; i++) {
		struct res_vuart_link *l = &v->links[i];
		char what[96];
		snprintf(what, sizeof(what), "PCI vUART connection '%s'",
			 l->conn->name ? l->conn->name : "");
		if (l->vuart.kind == RES_VUART_PCI)
			alloc_bdf(sl, &l->vuart.vbdf, l->vuart.pos, what, 0);
	}
}

static void alloc_virtio(struct slots *sl)
{
	struct res_vm *v = sl->v;
	v->virtio = RES_ARRAY(sl->rs, v->vm->virtio_count, struct res_virtio);
	v->virtio_count = v->vm->virtio_count;
	for (size_t i = 0; i < v->virtio_count; i++) {
		v->virtio[i].dev = &v->vm->virtio[i];
		char what[64];
		snprintf(what, sizeof(what), "virtio %s device", v->virtio[i].dev->kind);
		alloc_bdf(sl, &v->virtio[i].vbdf, v->virtio[i].dev->pos, what, 0);
	}
}

/* ---- ivshmem BARs ---- */

struct windows {
	struct spanset bar32;
	struct spanset bar64;
};

static void occupy(struct windows *w, uint64_t start, uint64_t end)
{
	spanset_remove(&w->bar32, start, end);
	spanset_remove(&w->bar64, start, end);
}

/* What the Service VM sees at physical addresses: RAM, firmware ranges and device BARs. */
static void occupy_physical(struct windows *w, const struct board *b)
{
	for (size_t i = 0; i < b->ram_count; i++)
		occupy(w, b->ram[i].start, span_end(b->ram[i].end));
	for (size_t i = 0; i < b->iomem_count; i++)
		if (strncmp(b->iomem[i].name, "PCI Bus", 7) != 0)
			occupy(w, b->iomem[i].start, span_end(b->iomem[i].end));
	for (size_t i = 0; i < b->pci_count; i++)
		for (size_t k = 0; k < b->pci[i].bar_count; k++)
			if (!b->pci[i].bars[k].io && b->pci[i].bars[k].size)
				occupy(w, b->pci[i].bars[k].base,
				       span_after(b->pci[i].bars[k].base, b->pci[i].bars[k].size));
}

/* The guest-physical windows, less the VM's RAM and its passthrough BARs (mapped 1:1). */
static void windows_init(struct windows *w, const struct resolver *rs, const struct res_vm *v)
{
	spanset_init(&w->bar32);
	spanset_init(&w->bar64);
	spanset_add(&w->bar32, RES_BAR32_START, RES_BAR32_END);
	spanset_add(&w->bar64, RES_BAR64_START, RES_BAR64_END);
	if (v->vm->load_order == LOAD_SERVICE)
		occupy_physical(w, rs->b);
	for (size_t i = 0; i < v->region_count; i++)
		if (v->regions[i].has_hpa)
			occupy(w, v->regions[i].gpa,
			       span_after(v->regions[i].gpa, v->regions[i].size));
	for (size_t i = 0; i < v->ptdev_count; i++)
		for (size_t k = 0; v->ptdevs[i].board_dev && k < v->ptdevs[i].board_dev->bar_count;
		     k++) {
			const struct pci_bar *bar = &v->ptdevs[i].board_dev->bars[k];
			if (!bar->io && bar->size)
				occupy(w, bar->base, span_after(bar->base, bar->size));
		}
}

static void alloc_bar(struct resolver *rs, struct spanset *win, struct res_u64 *out, uint64_t size,
		      uint64_t align, const struct res_ivshmem_ep *ep, const struct res_vm *v,
		      const char *which)
{
	uint64_t gpa;
	if (spanset_take(win, size, align, &gpa) == 0) {
		*out = res_value(gpa, true, ep->pos);
		return;
	}
	const char *name = rs->r->ivshmem[ep->region].region->name;
	diag_error(rs->dl, ep->pos, "alloc-ivshmem",
		   "no guest address is free for %s of ivshmem region '%s' in VM '%s': its MMIO "
		   "window is full; use fewer or smaller ivshmem regions in this VM",
		   which, name ? name : "", v->vm->name);
}

/* BAR0 holds the registers (4 KiB aligned: traps stay per device); BAR2, the shared memory. */
static void alloc_ivshmem_bars(struct resolver *rs, struct res_vm *v)
{
	if (v->ivshmem_count == 0)
		return;
	struct windows w;
	windows_init(&w, rs, v);
	for (size_t i = 0; i < v->ivshmem_count; i++) {
		struct res_ivshmem_ep *ep = &v->ivshmem[i];
		uint64_t size = rs->r->ivshmem[ep->region].size;
		alloc_bar(rs, &w.bar32, &ep->bar0, RES_IVSHMEM_BAR0, 0x1000, ep, v, "BAR0");
		alloc_bar(rs, &w.bar64, &ep->bar2, size, size, ep, v, "BAR2");
	}
	spanset_free(&w.bar32);
	spanset_free(&w.bar64);
}

void resolve_vbdfs(struct resolver *rs)
{
	for (size_t i = 0; i < rs->r->vm_count; i++) {
		struct slots sl = {rs, &rs->r->vms[i], 0, false};
		if (sl.v->vm->load_order == LOAD_POST_LAUNCHED)
			sl.used = DM_RESERVED_SLOTS;
		reserve_given(&sl);
		alloc_ptdevs(&sl);
		alloc_ivshmem(&sl);
		alloc_pci_vuarts(&sl);
		alloc_virtio(&sl);
		alloc_ivshmem_bars(rs, sl.v);
	}
}
