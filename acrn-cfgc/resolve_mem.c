/*
 * Host memory. Pre-launched VMs keep their hpa_regions and get memory/size on top, first fit
 * from board RAM; then the hypervisor's ivshmem regions get host memory; the Service VM gets an
 * identity map of every RAM byte left. Post-launched VMs only record their size: the device
 * model takes it from the Service VM at run time. The boot area (the hypervisor image and the
 * boot modules) is out of board RAM before anything is taken, so no VM ever gets it.
 */
#include <string.h>

#include "rangeset.h"
#include "resolve_int.h"

#define MIB (UINT64_C(1) << 20)

struct mem_state {
	struct spanset ram;  /* RAM nobody owns yet: what the Service VM will get */
	struct spanset pool; /* the part allocations may take: ram above 1 MiB */
};

/*
 * Top-level /proc/iomem ranges other than System RAM are firmware's (ACPI, reserved, MMIO).
 * Inside System RAM, only "Reserved" marks memory the kernel could not use; "Kernel code" and
 * the like are the capture host's own and free for us.
 */
bool resolve_iomem_reserved(const struct iomem_entry *e)
{
	if (strcmp(e->name, "System RAM") == 0)
		return false;
	return e->depth == 0 || strcmp(e->name, "Reserved") == 0;
}

static void mem_init(struct resolver *rs, struct mem_state *m)
{
	const struct board *b = rs->b;
	spanset_init(&m->ram);
	for (size_t i = 0; i < b->ram_count; i++)
		if (b->ram[i].end >= b->ram[i].start)
			spanset_add(&m->ram, b->ram[i].start, span_end(b->ram[i].end));
	for (size_t i = 0; i < b->iomem_count; i++)
		if (resolve_iomem_reserved(&b->iomem[i]))
			spanset_remove(&m->ram, b->iomem[i].start, span_end(b->iomem[i].end));
	spanset_remove(&m->ram, RES_BOOT_AREA_START, RES_BOOT_AREA_END);
	uint64_t hv = rs->r->hv_start.value;
	spanset_remove(&m->ram, hv, span_after(hv, rs->r->hv_size.value));
	for (size_t i = 0; i < rs->s->vm_count; i++) {
		const struct vm *vm = &rs->s->vms[i];
		for (size_t h = 0; h < vm->hpa_region_count; h++)
			spanset_remove(
			    &m->ram, vm->hpa_regions[h].start,
			    span_after(vm->hpa_regions[h].start, vm->hpa_regions[h].size_mb * MIB));
	}
	spanset_copy(&m->pool, &m->ram);
	spanset_remove(&m->pool, 0, RES_LOW_MEMORY);
}

static void mem_free(struct mem_state *m)
{
	spanset_free(&m->ram);
	spanset_free(&m->pool);
}

/* First fit from the pool; the Service VM loses what is taken. */
static int mem_take(struct mem_state *m, uint64_t size, uint64_t align, uint64_t *hpa)
{
	if (spanset_take(&m->pool, size, align, hpa) != 0)
		return -1;
	spanset_remove(&m->ram, *hpa, *hpa + size);
	return 0;
}

/* Appends guest memory at *gpa; guest RAM steps over the 32-bit MMIO hole below 4 GiB. */
static void add_guest_region(struct res_vm *v, uint64_t *gpa, uint64_t hpa, uint64_t size,
			     bool allocated, struct srcpos pos)
{
	while (size) {
		if (*gpa >= RES_GUEST_HOLE_START && *gpa < RES_GUEST_HOLE_END)
			*gpa = RES_GUEST_HOLE_END;
		uint64_t chunk = size;
		if (*gpa < RES_GUEST_HOLE_START && size > RES_GUEST_HOLE_START - *gpa)
			chunk = RES_GUEST_HOLE_START - *gpa;
		struct res_region *reg = &v->regions[v->region_count++];
		*reg = (struct res_region){*gpa, hpa, chunk, true, allocated, pos};
		*gpa += chunk;
		hpa += chunk;
		size -= chunk;
	}
}

static void memory_error(struct resolver *rs, const struct mem_state *m, const struct vm *vm,
			 uint64_t size_mb)
{
	diag_error(
	    rs->dl, vm->memory_pos, "alloc-memory",
	    "no free host memory for the %llu MiB of VM '%s': the largest free 2 MiB-aligned "
	    "block of board RAM is %llu MiB (the boot area up to %llu MiB, the hypervisor, "
	    "reserved ranges, hpa_regions and earlier VMs hold the rest); lower <size> or free "
	    "memory elsewhere",
	    (unsigned long long)size_mb, vm->name,
	    (unsigned long long)(spanset_largest(&m->pool, RES_VM_MEM_ALIGN) / MIB),
	    (unsigned long long)(RES_BOOT_AREA_END / MIB));
}

static void pre_launched_memory(struct resolver *rs, struct mem_state *m, struct res_vm *v)
{
	const struct vm *vm = v->vm;
	/* the hole splits one region at most */
	v->regions = RES_ARRAY(rs, vm->hpa_region_count + 2, struct res_region);
	uint64_t gpa = 0;
	for (size_t h = 0; h < vm->hpa_region_count; h++)
		add_guest_region(v, &gpa, vm->hpa_regions[h].start,
				 vm->hpa_regions[h].size_mb * MIB, false, vm->hpa_regions[h].pos);
	uint64_t mb = vm->memory_size_mb.set ? vm->memory_size_mb.value : 0;
	uint64_t hpa;
	if (mb == 0)
		return;
	if (mb > UINT64_MAX / MIB || mem_take(m, mb * MIB, RES_VM_MEM_ALIGN, &hpa) != 0) {
		memory_error(rs, m, vm, mb);
		return;
	}
	add_guest_region(v, &gpa, hpa, mb * MIB, true, vm->memory_pos);
}

/* Shared memory the hypervisor provides, aligned to its size so it maps with large pages. */
static void ivshmem_memory(struct resolver *rs, struct mem_state *m)
{
	for (size_t i = 0; i < rs->r->ivshmem_count; i++) {
		struct res_ivshmem *ri = &rs->r->ivshmem[i];
		uint64_t hpa;
		if (!ri->usable || !ri->by_hypervisor)
			continue;
		if (mem_take(m, ri->size, ri->size, &hpa) == 0) {
			ri->hpa = res_value(hpa, true, ri->region->pos);
			continue;
		}
		diag_error(
		    rs->dl, ri->region->pos, "alloc-ivshmem",
		    "no free host memory for the %llu MiB of ivshmem region '%s': the largest "
		    "free block aligned to its size is %llu MiB; make the region smaller or "
		    "give the VMs less memory",
		    (unsigned long long)(ri->size / MIB), ri->region->name ? ri->region->name : "",
		    (unsigned long long)(spanset_largest(&m->pool, ri->size) / MIB));
	}
}

/* The first Service VM gets the rest; a second one is the checks' business. */
static void service_memory(struct resolver *rs, struct mem_state *m)
{
	struct res_vm *v = NULL;
	for (size_t i = 0; !v && i < rs->r->vm_count; i++)
		if (rs->r->vms[i].vm->load_order == LOAD_SERVICE)
			v = &rs->r->vms[i];
	if (!v)
		return;
	v->regions = RES_ARRAY(rs, m->ram.count, struct res_region);
	for (size_t i = 0; i < m->ram.count; i++) {
		const struct span *sp = &m->ram.v[i];
		v->regions[v->region_count++] = (struct res_region){
		    sp->start, sp->start, sp->end - sp->start, true, true, v->vm->pos};
	}
	if (v->region_count == 0)
		diag_error(
		    rs->dl, v->vm->pos, "alloc-memory",
		    "no RAM is left for Service VM '%s': the boot area up to %llu MiB, the "
		    "hypervisor, the pre-launched VMs and ivshmem regions take all of the board's "
		    "RAM; give the pre-launched VMs less memory",
		    v->vm->name, (unsigned long long)(RES_BOOT_AREA_END / MIB));
}

static void post_launched_memory(struct resolver *rs, struct res_vm *v)
{
	const struct vm *vm = v->vm;
	if (!vm->memory_size_mb.set || vm->memory_size_mb.value > UINT64_MAX / MIB)
		return;
	v->regions = RES_ARRAY(rs, 1, struct res_region);
	v->regions[0] =
	    (struct res_region){0, 0, vm->memory_size_mb.value * MIB, false, false, vm->memory_pos};
	v->region_count = 1;
}

void resolve_memory(struct resolver *rs)
{
	struct mem_state m;
	mem_init(rs, &m);
	for (size_t i = 0; i < rs->r->vm_count; i++)
		if (rs->r->vms[i].vm->load_order == LOAD_PRE_LAUNCHED)
			pre_launched_memory(rs, &m, &rs->r->vms[i]);
	ivshmem_memory(rs, &m);
	service_memory(rs, &m);
	for (size_t i = 0; i < rs->r->vm_count; i++)
		if (rs->r->vms[i].vm->load_order == LOAD_POST_LAUNCHED)
			post_launched_memory(rs, &rs->r->vms[i]);
	mem_free(&m);
}
