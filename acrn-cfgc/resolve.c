/*
 * The resolver's driver: sets up one record per VM and per ivshmem region, gives the Service
 * VM its pCPUs, then runs the allocators in the order their dependencies need: memory, then
 * passthrough devices (their INTx lines occupy guest IRQs), vUARTs, virtual BDFs, cache ways.
 */
#include <stdlib.h>
#include <string.h>

#include "rangeset.h"
#include "resolve_int.h"

/* ---- pCPUs ---- */

static void copy_pcpus(struct resolver *rs, struct res_vm *v)
{
	v->pcpus = RES_ARRAY(rs, v->vm->pcpu_count, struct res_pcpu);
	for (size_t i = 0; i < v->vm->pcpu_count; i++) {
		v->pcpus[i].id = v->vm->pcpus[i].id;
		v->pcpus[i].pos = v->vm->pcpus[i].pos;
	}
	v->pcpu_count = v->vm->pcpu_count;
}

static int by_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

/* The board's logical CPU ids, ascending and unique (threads first, the legacy list if none). */
static size_t board_cpus(const struct board *b, uint32_t *out)
{
	size_t n = 0;
	for (size_t i = 0; i < b->thread_count; i++)
		out[n++] = b->threads[i].cpu_id;
	for (size_t i = 0; b->thread_count == 0 && i < b->cpu_id_count; i++)
		out[n++] = b->cpu_ids[i];
	qsort(out, n, sizeof(*out), by_u32);
	size_t u = 0;
	for (size_t i = 0; i < n; i++)
		if (u == 0 || out[u - 1] != out[i])
			out[u++] = out[i];
	return u;
}

static bool owned_by_pre_launched(const struct scenario *s, uint32_t cpu)
{
	for (size_t i = 0; i < s->vm_count; i++)
		for (size_t p = 0;
		     s->vms[i].load_order == LOAD_PRE_LAUNCHED && p < s->vms[i].pcpu_count; p++)
			if (s->vms[i].pcpus[p].id == cpu)
				return true;
	return false;
}

/* A Service VM that lists no pCPU runs on every pCPU no pre-launched VM owns. */
static void service_pcpus(struct resolver *rs, struct res_vm *v)
{
	uint32_t *cpus = RES_ARRAY(rs, rs->b->thread_count + rs->b->cpu_id_count, uint32_t);
	size_t n = board_cpus(rs->b, cpus);
	v->pcpus = RES_ARRAY(rs, n, struct res_pcpu);
	for (size_t i = 0; i < n; i++) {
		if (owned_by_pre_launched(rs->s, cpus[i]))
			continue;
		struct res_pcpu *p = &v->pcpus[v->pcpu_count++];
		p->id = cpus[i];
		p->allocated = true;
		p->pos = v->vm->pos;
	}
	if (v->pcpu_count == 0)
		diag_error(rs->dl, v->vm->pos, "alloc-pcpu",
			   "no pCPU is left for Service VM '%s': the pre-launched VMs own all %zu "
			   "pCPUs of the board; give one back or list the Service VM's pCPUs",
			   v->vm->name, n);
}

static void resolve_pcpus(struct resolver *rs)
{
	for (size_t i = 0; i < rs->r->vm_count; i++) {
		struct res_vm *v = &rs->r->vms[i];
		if (v->vm->pcpu_count == 0 && v->vm->load_order == LOAD_SERVICE)
			service_pcpus(rs, v);
		else
			copy_pcpus(rs, v);
	}
}

/* ---- ivshmem regions and their members ---- */

static void setup_ivshmem(struct resolver *rs)
{
	const struct hv_settings *hv = &rs->s->hv;
	rs->r->ivshmem = RES_ARRAY(rs, hv->ivshmem_count, struct res_ivshmem);
	rs->r->ivshmem_count = hv->ivshmem_count;
	for (size_t i = 0; i < hv->ivshmem_count; i++) {
		const struct ivshmem_region *reg = &hv->ivshmem[i];
		struct res_ivshmem *ri = &rs->r->ivshmem[i];
		ri->region = reg;
		/* sizes that are not a power of two MB are the checks' business */
		ri->usable = is_pow2(reg->size_mb) && reg->size_mb <= (UINT64_MAX >> 21);
		ri->by_hypervisor = !reg->provided_by || !*reg->provided_by ||
				    strcmp(reg->provided_by, "Hypervisor") == 0;
		ri->size = ri->usable ? reg->size_mb << 20 : 0;
	}
}

/* Calls fn for every member of a usable region that names an existing VM, in document order. */
static void for_each_member(struct resolver *rs,
			    void (*fn)(struct resolver *rs, size_t region,
				       const struct ivshmem_member *m, struct res_vm *v))
{
	for (size_t i = 0; i < rs->r->ivshmem_count; i++) {
		const struct ivshmem_region *reg = rs->r->ivshmem[i].region;
		for (size_t m = 0; rs->r->ivshmem[i].usable && m < reg->member_count; m++) {
			size_t vi = resolve_vm_index(rs->r, reg->members[m].vm_name);
			if (vi != RES_NONE)
				fn(rs, i, &reg->members[m], &rs->r->vms[vi]);
		}
	}
}

static void count_member(struct resolver *rs, size_t region, const struct ivshmem_member *m,
			 struct res_vm *v)
{
	(void)rs, (void)region, (void)m;
	v->ivshmem_count++;
}

static void add_member(struct resolver *rs, size_t region, const struct ivshmem_member *m,
		       struct res_vm *v)
{
	(void)rs;
	struct res_ivshmem_ep *ep = &v->ivshmem[v->ivshmem_count++];
	ep->region = region;
	ep->pos = m->pos;
	if (m->has_vbdf)
		ep->vbdf = res_bdf_value(m->vbdf, false, m->pos);
}

static void setup_ivshmem_members(struct resolver *rs)
{
	for_each_member(rs, count_member);
	for (size_t i = 0; i < rs->r->vm_count; i++) {
		struct res_vm *v = &rs->r->vms[i];
		v->ivshmem = RES_ARRAY(rs, v->ivshmem_count, struct res_ivshmem_ep);
		v->ivshmem_count = 0;
	}
	for_each_member(rs, add_member);
}

/* ---- the driver ---- */

static void setup(struct resolver *rs)
{
	const struct scenario *s = rs->s;
	struct resolution *r = rs->r;
	memset(r, 0, sizeof(*r));
	r->vms = RES_ARRAY(rs, s->vm_count, struct res_vm);
	r->vm_count = s->vm_count;
	for (size_t i = 0; i < s->vm_count; i++)
		r->vms[i].vm = &s->vms[i];
	const struct hv_settings *hv = &s->hv;
	struct srcpos pos = hv->pos.line ? hv->pos : s->pos;
	r->hv_start = hv->hv_ram_start.set ? res_value(hv->hv_ram_start.value, false, pos)
					   : res_value(RES_HV_RAM_START, true, pos);
	r->hv_size = hv->hv_ram_size.set ? res_value(hv->hv_ram_size.value, false, pos)
					 : res_value(RES_HV_RAM_SIZE, true, pos);
	setup_ivshmem(rs);
	setup_ivshmem_members(rs);
}

unsigned resolve_config(struct resolution *r, const struct board *b, const struct scenario *s,
			struct arena *a, struct diag_list *dl)
{
	struct resolver rs = {r, b, s, a, dl};
	unsigned before = dl->errors;
	setup(&rs);
	resolve_pcpus(&rs);
	resolve_memory(&rs);
	resolve_ptdevs(&rs);
	resolve_vuarts(&rs);
	resolve_vbdfs(&rs);
	resolve_clos(&rs);
	return dl->errors - before;
}
