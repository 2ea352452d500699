/* Cache descriptors and cache allocation (RDT CAT). */
#include "cache.h"

#include <stdlib.h>
#include <string.h>

#include "source.h"
#include "topology.h"

static struct cache *find_or_add(struct caches *out, unsigned level, unsigned type, uint32_t id,
				 bool *added)
{
	for (size_t i = 0; i < out->n; i++)
		if (out->v[i].level == level && out->v[i].type == type && out->v[i].id == id) {
			*added = false;
			return &out->v[i];
		}
	GROW(out->v, out->n, out->cap);
	struct cache *c = &out->v[out->n++];
	memset(c, 0, sizeof(*c));
	c->level = level;
	c->type = type;
	c->id = id;
	*added = true;
	return c;
}

static unsigned log2_ceil(uint32_t n)
{
	unsigned k = 0;
	while (k < 32 && (1ull << k) < n)
		k++;
	return k;
}

/* ---- CPUID ---- */

/* CAT of a level from leaf 0x10: subleaf 1 is L3, 2 is L2. */
static void cat(const struct cpuid_cpu *cc, struct cache *c)
{
	uint32_t r[4], max[4], sub = c->level == 3 ? 1 : c->level == 2 ? 2 : 0;
	cpuid_get(cc, 0, 0, max);
	if (!sub || c->type != 3 || max[EAX] < 0x10 || !cpuid_get(cc, 0x10, 0, r) ||
	    !((r[EBX] >> sub) & 1) || !cpuid_get(cc, 0x10, sub, r))
		return;
	c->cat = true;
	c->cbm_len = (r[EAX] & 0x1f) + 1;
	c->clos = (r[EDX] & 0xffff) + 1;
	c->cdp = (r[ECX] >> 2) & 1;
}

static void fill(struct cache *c, const uint32_t r[4])
{
	c->self_init = (r[EAX] >> 8) & 1;
	c->fully_assoc = (r[EAX] >> 9) & 1;
	c->line = (r[EBX] & 0xfff) + 1;
	c->partitions = ((r[EBX] >> 12) & 0x3ff) + 1;
	c->ways = (r[EBX] >> 22) + 1;
	c->sets = r[ECX] + 1;
	c->wbinvd = r[EDX] & 1;
	c->inclusive = (r[EDX] >> 1) & 1;
	c->complex = (r[EDX] >> 2) & 1;
	c->size = (uint64_t)c->line * c->partitions * c->ways * c->sets;
}

static void cpu_caches(const struct cpu *cpu, uint32_t leaf, struct caches *out)
{
	uint32_t r[4];
	for (uint32_t sub = 0; sub < 64 && cpuid_get(cpu->cpuid, leaf, sub, r); sub++) {
		unsigned type = r[EAX] & 0x1f, level = (r[EAX] >> 5) & 7;
		if (type == 0)
			break;
		if (type > 3 || level == 0)
			continue;
		uint32_t sharing = ((r[EAX] >> 14) & 0xfff) + 1;
		unsigned shift = log2_ceil(sharing);
		bool added;
		struct cache *c = find_or_add(out, level, type,
					      shift >= 32 ? 0 : cpu->x2apic_id >> shift, &added);
		if (added) {
			fill(c, r);
			cat(cpu->cpuid, c);
		}
		idlist_add(&c->apics, cpu->x2apic_id);
	}
}

/* Leaf 4 on Intel; AMD leaves it empty and has the same format at 0x8000001D. */
static uint32_t cache_leaf(const struct cpuid_cpu *cc)
{
	uint32_t r[4];
	if (cpuid_get(cc, 4, 0, r) && (r[EAX] & 0x1f))
		return 4;
	if (cpuid_get(cc, 0x8000001du, 0, r) && (r[EAX] & 0x1f))
		return 0x8000001du;
	return 0;
}

/* ---- sysfs ---- */

static char *read_attr(struct source *s, unsigned cpu, const char *index, const char *file)
{
	struct buf b = {0};
	char *path = xasprintf("/sys/devices/system/cpu/cpu%u/cache/%s/%s", cpu, index, file);
	char *v = source_read(s, path, 4096, 0, &b) == 0 ? xstrdup(trim(b.data)) : NULL;
	free(path);
	buf_free(&b);
	return v;
}

static unsigned attr_num(struct source *s, unsigned cpu, const char *index, const char *file)
{
	char *v = read_attr(s, cpu, index, file);
	uint64_t x = 0;
	if (v) {
		size_t n = strlen(v);
		if (n && v[n - 1] == 'K')
			v[n - 1] = '\0';
		if (parse_u64(v, &x) != 0 || x > UINT32_MAX)
			x = 0;
	}
	free(v);
	return (unsigned)x;
}

static unsigned attr_type(struct source *s, unsigned cpu, const char *index)
{
	char *v = read_attr(s, cpu, index, "type");
	unsigned t = !v				     ? 0
		     : strcmp(v, "Data") == 0	     ? 1
		     : strcmp(v, "Instruction") == 0 ? 2
		     : strcmp(v, "Unified") == 0     ? 3
						     : 0;
	free(v);
	return t;
}

static void sysfs_index(struct source *s, const struct cpu *cpu, const char *index,
			struct caches *out)
{
	unsigned level = attr_num(s, cpu->id, index, "level"), type = attr_type(s, cpu->id, index);
	if (!level || level > 7 || !type)
		return;
	bool added;
	struct cache *c = find_or_add(out, level, type, attr_num(s, cpu->id, index, "id"), &added);
	if (added) {
		c->line = attr_num(s, cpu->id, index, "coherency_line_size");
		c->ways = attr_num(s, cpu->id, index, "ways_of_associativity");
		c->sets = attr_num(s, cpu->id, index, "number_of_sets");
		c->partitions = attr_num(s, cpu->id, index, "physical_line_partition");
		c->size = (uint64_t)attr_num(s, cpu->id, index, "size") * 1024;
	}
	idlist_add(&c->apics, cpu->x2apic_id);
}

static void sysfs_caches(struct source *s, const struct cpu *cpu, struct caches *out)
{
	char *dir = xasprintf("/sys/devices/system/cpu/cpu%u/cache", cpu->id), **names;
	size_t n;
	source_list(s, dir, &names, &n);
	for (size_t i = 0; i < n; i++)
		if (strncmp(names[i], "index", 5) == 0)
			sysfs_index(s, cpu, names[i], out);
	source_free_list(names, n);
	free(dir);
}

/* ---- all CPUs ---- */

static int cachecmp(const void *a, const void *b)
{
	const struct cache *x = a, *y = b;
	if (x->level != y->level)
		return x->level < y->level ? -1 : 1;
	if (x->id != y->id)
		return x->id < y->id ? -1 : 1;
	return x->type < y->type ? -1 : x->type > y->type;
}

void cache_collect(struct source *s, const struct cpus *c, struct caches *out)
{
	for (size_t i = 0; i < c->n; i++) {
		const struct cpu *cpu = &c->v[i];
		uint32_t leaf = cpu->cpuid ? cache_leaf(cpu->cpuid) : 0;
		if (leaf) {
			cpu_caches(cpu, leaf, out);
			out->from = "CPUID";
		} else {
			sysfs_caches(s, cpu, out);
			out->from = out->n ? (out->from ? out->from : "sysfs") : NULL;
		}
	}
	if (out->n > 1)
		qsort(out->v, out->n, sizeof(*out->v), cachecmp);
}

void cache_free(struct caches *out)
{
	for (size_t i = 0; i < out->n; i++)
		idlist_free(&out->v[i].apics);
	free(out->v);
	memset(out, 0, sizeof(*out));
}
