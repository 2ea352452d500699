/*
 * Cache partitions (Intel CAT), when RDT is enabled and the board has a cache that supports it.
 * Real-time VMs must not lose their cache lines to noisy neighbours, so each gets ways of its
 * own: an equal share of the cache, from the top, in scenario order. All other VMs share one
 * mask of the remaining (low) ways as CLOS 0. CAT requires contiguous masks; these are.
 */
#include "rangeset.h"
#include "resolve_int.h"

#define MAX_WAYS 64

/* The highest cache level that supports CAT; mixed instances count with their smallest figures. */
bool resolve_pick_cat(const struct board *b, struct res_cat *cat)
{
	*cat = (struct res_cat){0};
	for (size_t i = 0; i < b->cache_count; i++) {
		const struct board_cache *c = &b->caches[i];
		if (!c->cat || c->cbm_length == 0 || c->clos_count == 0)
			continue;
		if (!cat->present || c->level > cat->level) {
			*cat =
			    (struct res_cat){true, c->level, c->cbm_length, c->clos_count, c->pos};
			continue;
		}
		if (c->level == cat->level) {
			cat->ways = c->cbm_length < cat->ways ? c->cbm_length : cat->ways;
			cat->clos_count =
			    c->clos_count < cat->clos_count ? c->clos_count : cat->clos_count;
		}
	}
	if (cat->ways > MAX_WAYS)
		cat->ways = MAX_WAYS;
	return cat->present;
}

struct clos_plan {
	struct resolver *rs;
	unsigned ways;
	unsigned clos;	  /* usable classes of service */
	unsigned shared;  /* 1 when some VM is not real-time: it needs ways too */
	unsigned share;	  /* ways per real-time VM */
	unsigned rt_ways; /* ways given to real-time VMs so far */
};

static bool is_rt(const struct res_vm *v)
{
	return v->vm->vm_type == VM_RTVM;
}

static void rt_error(const struct clos_plan *p, const struct res_vm *v, unsigned id)
{
	const struct res_cat *cat = &p->rs->r->cat;
	if (id >= p->clos)
		diag_error(
		    p->rs->dl, v->vm->pos, "alloc-clos",
		    "no class of service is left for real-time VM '%s': the L%u cache offers "
		    "%u%s and CLOS 0 is shared by the other VMs; use fewer real-time VMs or "
		    "turn CDP off",
		    v->vm->name, cat->level, p->clos,
		    p->rs->s->hv.cdp_enabled ? " with CDP on" : "");
	else
		diag_error(
		    p->rs->dl, v->vm->pos, "alloc-clos",
		    "no cache ways are left for real-time VM '%s': the L%u cache has %u ways, "
		    "each real-time VM needs its own%s; use fewer real-time VMs or turn "
		    "RDT_ENABLED off",
		    v->vm->name, cat->level, p->ways,
		    p->shared ? " and the other VMs need one to share" : "");
}

static void plan_rt(struct clos_plan *p, struct res_vm *v, unsigned id)
{
	if (id >= p->clos || p->rt_ways + p->share > p->ways - p->shared) {
		rt_error(p, v, id);
		return;
	}
	p->rt_ways += p->share;
	v->clos = (struct res_clos){true, true, id, bits_mask(p->ways - p->rt_ways, p->share),
				    v->vm->pos};
}

void resolve_clos(struct resolver *rs)
{
	struct resolution *r = rs->r;
	if (!rs->s->hv.rdt_enabled || !resolve_pick_cat(rs->b, &r->cat))
		return;
	struct clos_plan p = {rs, r->cat.ways, r->cat.clos_count, 0, 0, 0};
	if (rs->s->hv.cdp_enabled)
		p.clos /= 2; /* CDP gives each class a code and a data mask */
	unsigned rt = 0;
	for (size_t i = 0; i < r->vm_count; i++) {
		rt += is_rt(&r->vms[i]);
		p.shared |= !is_rt(&r->vms[i]);
	}
	unsigned groups = rt + p.shared;
	p.share = groups && p.ways / groups ? p.ways / groups : 1;
	unsigned id = 1;
	for (size_t i = 0; i < r->vm_count; i++)
		if (is_rt(&r->vms[i]))
			plan_rt(&p, &r->vms[i], id++);
	uint64_t rest = bits_mask(0, p.ways - p.rt_ways);
	for (size_t i = 0; rest && i < r->vm_count; i++)
		if (!is_rt(&r->vms[i]))
			r->vms[i].clos = (struct res_clos){true, true, 0, rest, r->vms[i].vm->pos};
}
