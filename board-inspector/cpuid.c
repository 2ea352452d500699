/*
 * CPUID: enumeration of the leaves worth keeping, the live reads, and the cpuid.txt dump.
 * The live read runs the instruction itself while the thread is pinned to the CPU; when
 * pinning is refused it tries /dev/cpu/N/cpuid. It never changes anything on the CPU.
 */

#include "cpuid.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Bounds on what one CPU may report, so a broken CPUID (or dump) cannot make us loop. */
#define MAX_BASIC 0xffu
#define MAX_EXT	  0x800000ffu
#define MAX_SUB	  64u

static void add_leaf(struct cpuid_cpu *c, uint32_t leaf, uint32_t sub, const uint32_t r[4])
{
	GROW(c->v, c->n, c->cap);
	struct cpuid_leaf *l = &c->v[c->n++];
	l->leaf = leaf;
	l->sub = sub;
	l->line = 0;
	memcpy(l->r, r, sizeof(l->r));
}

/* Cache descriptors (4, 0x8000001D): until the null type. */
static void sub_caches(cpuid_query q, void *ctx, uint32_t leaf, struct cpuid_cpu *out)
{
	uint32_t r[4];
	for (uint32_t sub = 1; sub < MAX_SUB && q(ctx, leaf, sub, r) && (r[EAX] & 0x1f); sub++)
		add_leaf(out, leaf, sub, r);
}

/* Topology levels (0xB, 0x1F): until the invalid level, which is kept as the terminator. */
static void sub_levels(cpuid_query q, void *ctx, uint32_t leaf, struct cpuid_cpu *out)
{
	uint32_t r[4];
	for (uint32_t sub = 1; sub < MAX_SUB && q(ctx, leaf, sub, r); sub++) {
		add_leaf(out, leaf, sub, r);
		if (((r[ECX] >> 8) & 0xff) == 0)
			break;
	}
}

/* Subleaves named by a bit mask (0xD: XSAVE components, 0x10: RDT resources). */
static void sub_mask(cpuid_query q, void *ctx, uint32_t leaf, uint32_t first, uint64_t mask,
		     struct cpuid_cpu *out)
{
	uint32_t r[4];
	for (uint32_t sub = first; sub < MAX_SUB; sub++)
		if ((mask >> sub & 1) && q(ctx, leaf, sub, r))
			add_leaf(out, leaf, sub, r);
}

static void subleaves(cpuid_query q, void *ctx, uint32_t leaf, const uint32_t r0[4],
		      struct cpuid_cpu *out)
{
	uint32_t r1[4];
	switch (leaf) {
	case 0x4:
	case 0x8000001d:
		if (r0[EAX] & 0x1f)
			sub_caches(q, ctx, leaf, out);
		break;
	case 0x7:
		sub_mask(q, ctx, leaf, 1, (2ull << (r0[EAX] < 31 ? r0[EAX] : 31)) - 1, out);
		break;
	case 0xb:
	case 0x1f:
		if ((r0[ECX] >> 8) & 0xff)
			sub_levels(q, ctx, leaf, out);
		break;
	case 0xd:
		if (!q(ctx, leaf, 1, r1))
			break;
		add_leaf(out, leaf, 1, r1);
		sub_mask(q, ctx, leaf, 2, (r0[EAX] | r1[ECX]) | (uint64_t)(r0[EDX] | r1[EDX]) << 32,
			 out);
		break;
	case 0x10:
		sub_mask(q, ctx, leaf, 1, r0[EBX], out);
		break;
	default:
		break;
	}
}

static void enumerate_range(cpuid_query q, void *ctx, uint32_t first, uint32_t last,
			    struct cpuid_cpu *out)
{
	uint32_t r[4];
	for (uint32_t leaf = first; leaf <= last; leaf++) {
		if (!q(ctx, leaf, 0, r))
			continue;
		add_leaf(out, leaf, 0, r);
		subleaves(q, ctx, leaf, r, out);
	}
}

void cpuid_enumerate(cpuid_query q, void *ctx, struct cpuid_cpu *out)
{
	uint32_t r[4];
	if (!q(ctx, 0, 0, r))
		return;
	enumerate_range(q, ctx, 0, r[EAX] < MAX_BASIC ? r[EAX] : MAX_BASIC, out);
	if (q(ctx, 0x80000000u, 0, r) && r[EAX] >= 0x80000000u)
		enumerate_range(q, ctx, 0x80000000u, r[EAX] < MAX_EXT ? r[EAX] : MAX_EXT, out);
	cpuid_sort(out, NULL);
}

/* ---- live reads ---- */

#if defined(__x86_64__) || defined(__i386__)
static bool query_insn(void *ctx, uint32_t leaf, uint32_t sub, uint32_t r[4])
{
	(void)ctx;
	__asm__ volatile("cpuid"
			 : "=a"(r[EAX]), "=b"(r[EBX]), "=c"(r[ECX]), "=d"(r[EDX])
			 : "a"(leaf), "c"(sub));
	return true;
}
#else
static bool query_insn(void *ctx, uint32_t leaf, uint32_t sub, uint32_t r[4])
{
	(void)ctx, (void)leaf, (void)sub, (void)r;
	return false;
}
#endif

/* /dev/cpu/N/cpuid: 16 bytes at offset (subleaf << 32 | leaf). */
static bool query_dev(void *ctx, uint32_t leaf, uint32_t sub, uint32_t r[4])
{
	int fd = *(int *)ctx;
	uint32_t v[4];
	if (pread(fd, v, sizeof(v), (off_t)((uint64_t)sub << 32 | leaf)) != (ssize_t)sizeof(v))
		return false;
	memcpy(r, v, sizeof(v));
	return true;
}

static struct {
	cpu_set_t *saved;
	size_t size;
} pin;

static int pin_to(unsigned cpu)
{
	if (!pin.saved) {
		pin.size = CPU_ALLOC_SIZE(IDLIST_MAX);
		pin.saved = CPU_ALLOC(IDLIST_MAX);
		if (!pin.saved || sched_getaffinity(0, pin.size, pin.saved) != 0)
			return -errno;
	}
	cpu_set_t *set = CPU_ALLOC(IDLIST_MAX);
	if (!set)
		return -ENOMEM;
	CPU_ZERO_S(pin.size, set);
	CPU_SET_S(cpu, pin.size, set);
	int rc = sched_setaffinity(0, pin.size, set) == 0 ? 0 : -errno;
	CPU_FREE(set);
	/* The scheduler moves us at the next switch; yield so the instruction runs there. */
	if (rc == 0)
		sched_yield();
	return rc;
}

void cpuid_live_done(void)
{
	if (pin.saved) {
		sched_setaffinity(0, pin.size, pin.saved);
		CPU_FREE(pin.saved);
		pin.saved = NULL;
	}
}

static bool on_cpu(unsigned cpu)
{
	int now = sched_getcpu();
	return now >= 0 && (unsigned)now == cpu;
}

int cpuid_read_live(unsigned cpu, struct cpuid_cpu *out)
{
	out->cpu = cpu;
	if (cpu < IDLIST_MAX && query_insn(NULL, 0, 0, (uint32_t[4]){0}) && pin_to(cpu) == 0 &&
	    on_cpu(cpu)) {
		cpuid_enumerate(query_insn, NULL, out);
		return 0;
	}
	char path[64];
	snprintf(path, sizeof(path), "/dev/cpu/%u/cpuid", cpu);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	cpuid_enumerate(query_dev, &fd, out);
	close(fd);
	return out->n ? 0 : -EIO;
}

/* ---- the dump ---- */

static int leafcmp(const void *a, const void *b)
{
	const struct cpuid_leaf *x = a, *y = b;
	if (x->leaf != y->leaf)
		return x->leaf < y->leaf ? -1 : 1;
	return x->sub < y->sub ? -1 : x->sub > y->sub;
}

/* By leaf and subleaf, then line: qsort is not stable, and the first line must win. */
static int sortcmp(const void *a, const void *b)
{
	const struct cpuid_leaf *x = a, *y = b;
	int c = leafcmp(a, b);
	return c ? c : x->line < y->line ? -1 : x->line > y->line;
}

void cpuid_sort(struct cpuid_cpu *c, const char *where)
{
	size_t k = 0;
	if (c->n > 1)
		qsort(c->v, c->n, sizeof(*c->v), sortcmp);
	for (size_t i = 0; i < c->n; i++) {
		if (k && leafcmp(&c->v[k - 1], &c->v[i]) == 0) {
			if (where)
				warn_line(where, c->v[i].line,
					  "CPU %u leaf 0x%x subleaf 0x%x is given again; the first "
					  "is used",
					  c->cpu, c->v[i].leaf, c->v[i].sub);
			continue;
		}
		c->v[k++] = c->v[i];
	}
	c->n = k;
}

struct cpuid_cpu *cpuid_cpu(struct cpuid_dump *d, unsigned cpu, bool add)
{
	size_t lo = 0, hi = d->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (d->cpus[mid].cpu == cpu)
			return &d->cpus[mid];
		if (d->cpus[mid].cpu < cpu)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (!add)
		return NULL;
	GROW(d->cpus, d->n, d->cap);
	memmove(d->cpus + lo + 1, d->cpus + lo, (d->n - lo) * sizeof(*d->cpus));
	memset(&d->cpus[lo], 0, sizeof(d->cpus[lo]));
	d->cpus[lo].cpu = cpu;
	d->n++;
	return &d->cpus[lo];
}

bool cpuid_get(const struct cpuid_cpu *c, uint32_t leaf, uint32_t sub, uint32_t r[4])
{
	struct cpuid_leaf key = {.leaf = leaf, .sub = sub};
	const struct cpuid_leaf *l =
	    c && c->n ? bsearch(&key, c->v, c->n, sizeof(*c->v), leafcmp) : NULL;
	if (l)
		memcpy(r, l->r, sizeof(l->r));
	else
		memset(r, 0, 4 * sizeof(*r));
	return l != NULL;
}

/* One line: seven numbers, decimal or 0x hex. */
static int parse_fields(char *line, uint64_t f[7])
{
	char *save = NULL, *tok = strtok_r(line, " \t", &save);
	size_t k = 0;
	for (; tok && k < 7; tok = strtok_r(NULL, " \t", &save))
		if (parse_u64(tok, &f[k++]) != 0)
			return -1;
	if (tok || k != 7 || f[0] >= IDLIST_MAX)
		return -1;
	for (size_t i = 1; i < 7; i++)
		if (f[i] > UINT32_MAX)
			return -1;
	return 0;
}

static void parse_line(char *line, const char *where, size_t lineno, struct cpuid_dump *d)
{
	uint64_t f[7];
	char *hash = strchr(line, '#');
	if (hash)
		*hash = '\0';
	if (*trim(line) == '\0')
		return;
	if (parse_fields(line, f) != 0) {
		warn_line(
		    where, lineno,
		    "expected 'CPU LEAF SUBLEAF EAX EBX ECX EDX' (numbers, 32-bit registers); "
		    "line ignored");
		return;
	}
	uint32_t r[4] = {(uint32_t)f[3], (uint32_t)f[4], (uint32_t)f[5], (uint32_t)f[6]};
	struct cpuid_cpu *c = cpuid_cpu(d, (unsigned)f[0], true);
	add_leaf(c, (uint32_t)f[1], (uint32_t)f[2], r);
	c->v[c->n - 1].line = lineno;
}

void cpuid_parse(const char *text, size_t len, const char *where, struct cpuid_dump *d)
{
	size_t lineno = 0;
	for (size_t pos = 0; pos < len;) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - (text + pos)) : len - pos;
		char *line = xstrndup(text + pos, n);
		parse_line(line, where, ++lineno, d);
		free(line);
		pos += n + 1;
	}
	for (size_t i = 0; i < d->n; i++)
		cpuid_sort(&d->cpus[i], where);
}

void cpuid_format(const struct cpuid_dump *d, struct buf *out)
{
	buf_puts(out, "# CPU LEAF SUBLEAF EAX EBX ECX EDX\n");
	for (size_t i = 0; i < d->n; i++)
		for (size_t j = 0; j < d->cpus[i].n; j++) {
			const struct cpuid_leaf *l = &d->cpus[i].v[j];
			buf_printf(out, "%u 0x%08x 0x%x 0x%08x 0x%08x 0x%08x 0x%08x\n",
				   d->cpus[i].cpu, l->leaf, l->sub, l->r[EAX], l->r[EBX], l->r[ECX],
				   l->r[EDX]);
		}
}

void cpuid_dump_free(struct cpuid_dump *d)
{
	for (size_t i = 0; i < d->n; i++)
		free(d->cpus[i].v);
	free(d->cpus);
	memset(d, 0, sizeof(*d));
}
