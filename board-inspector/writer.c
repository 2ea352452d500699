/* The board document and its structured sections. */
#include "writer.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "devices.h"
#include "cpufeat.h"
#include "host.h"
#include "legacy.h"
#include "xml.h"

#ifndef PACKAGE_VERSION
#define PACKAGE_VERSION "dev"
#endif

/* ---- processors ---- */

static void capability(void *ctx, const char *name)
{
	struct xw *w = ctx;
	xw_begin(w, "capability");
	xw_attr(w, "id", "%s", name);
	xw_close_empty(w);
}

static bool same_model(const struct cpu *a, const struct cpu *b)
{
	return a->family == b->family && a->model == b->model &&
	       a->has_core_type == b->has_core_type && a->core_type == b->core_type &&
	       a->native_model == b->native_model;
}

static void native_model(struct xw *w, const struct cpu *cpu)
{
	if (cpu->has_core_type)
		xw_text(w, "native_model_id", "0x%x", cpu->native_model);
	else
		xw_text(w, "native_model_id", "%s", "");
}

static void attributes(struct xw *w, const struct cpu *cpu)
{
	uint32_t r[4], max[4];
	if (!cpu->cpuid)
		return;
	cpuid_get(cpu->cpuid, 0, 0, r);
	xw_text_id(w, "attribute", "cpuid_level", "0x%x", r[EAX]);
	cpuid_get(cpu->cpuid, 0x80000000u, 0, max);
	if (max[EAX] < 0x80000008u || !cpuid_get(cpu->cpuid, 0x80000008u, 0, r))
		return;
	xw_text_id(w, "attribute", "physical_address_bits", "%u", r[EAX] & 0xff);
	xw_text_id(w, "attribute", "linear_address_bits", "%u", (r[EAX] >> 8) & 0xff);
}

static void model(struct xw *w, const struct host *h, const struct cpu *cpu)
{
	xw_begin(w, "model");
	if (h->cpus.brand)
		xw_attr(w, "description", "%s", h->cpus.brand);
	xw_close(w);
	xw_text(w, "family_id", "0x%x", cpu->family);
	xw_text(w, "model_id", "0x%x", cpu->model);
	xw_text(w, "core_type", "%s", topology_core_type(cpu));
	native_model(w, cpu);
	if (!features_vmx_known(&h->cpus.msr, cpu->id))
		xw_comment(w,
			   "no MSR values: VMX capabilities, fast_string and HWP are not listed");
	features_list(cpu->cpuid, &h->cpus.msr, cpu->id, capability, w);
	attributes(w, cpu);
	xw_end(w, "model");
}

static void models(struct xw *w, const struct host *h)
{
	for (size_t i = 0; i < h->cpus.n; i++) {
		bool seen = false;
		for (size_t k = 0; k < i && !seen; k++)
			seen = same_model(&h->cpus.v[k], &h->cpus.v[i]);
		if (!seen)
			model(w, h, &h->cpus.v[i]);
	}
}

static void thread(struct xw *w, const struct cpu *cpu)
{
	xw_begin(w, "thread");
	xw_attr(w, "id", "0x%x", cpu->x2apic_id);
	xw_close(w);
	xw_text(w, "cpu_id", "%u", cpu->id);
	xw_text(w, "apic_id", "0x%x", cpu->apic_id);
	xw_text(w, "x2apic_id", "0x%x", cpu->x2apic_id);
	xw_text(w, "family_id", "0x%x", cpu->family);
	xw_text(w, "model_id", "0x%x", cpu->model);
	xw_text(w, "stepping_id", "0x%x", cpu->stepping);
	xw_text(w, "core_type", "%s", topology_core_type(cpu));
	native_model(w, cpu);
	if (cpu->has_hwp) {
		xw_text(w, "highest_performance_lvl", "%u", cpu->hwp_highest);
		xw_text(w, "guaranteed_performance_lvl", "%u", cpu->hwp_guaranteed);
		xw_text(w, "lowest_performance_lvl", "%u", cpu->hwp_lowest);
	}
	if (cpu->freqdomain)
		xw_text(w, "freqdomain_cpus", "%s", cpu->freqdomain);
	xw_end(w, "thread");
}

/* The nesting keys of a CPU, outermost first; absent levels are -1. */
static void keys(const struct cpu *c, int64_t k[5])
{
	k[0] = c->die_id;
	k[1] = c->has_tile ? (int64_t)c->tile_id : -1;
	k[2] = c->has_module ? (int64_t)c->module_id : -1;
	k[3] = c->core_id;
	k[4] = c->x2apic_id;
}

static int cpucmp(const void *a, const void *b)
{
	int64_t x[5], y[5];
	keys(*(const struct cpu *const *)a, x);
	keys(*(const struct cpu *const *)b, y);
	for (int i = 0; i < 5; i++)
		if (x[i] != y[i])
			return x[i] < y[i] ? -1 : 1;
	return 0;
}

static const char *const level_names[] = {"die", "tile", "module", "core"};

/* Closes the levels from depth `from` down, opens those of cpu from `from`. */
static void change_levels(struct xw *w, const int64_t k[5], int from, int *open, int depth_open)
{
	for (int l = depth_open - 1; l >= from; l--)
		if (open[l])
			xw_end(w, level_names[l]);
	for (int l = from; l < 4; l++) {
		open[l] = k[l] >= 0;
		if (!open[l])
			continue;
		xw_begin(w, level_names[l]);
		xw_attr(w, "id", "0x%llx", (unsigned long long)k[l]);
		xw_close(w);
	}
}

static void dies(struct xw *w, const struct host *h)
{
	const struct cpu **order = xcalloc(h->cpus.n, sizeof(*order));
	int open[4] = {0};
	int64_t prev[5] = {-2, -2, -2, -2, -2};
	for (size_t i = 0; i < h->cpus.n; i++)
		order[i] = &h->cpus.v[i];
	qsort(order, h->cpus.n, sizeof(*order), cpucmp);
	for (size_t i = 0; i < h->cpus.n; i++) {
		int64_t k[5];
		int from = 0;
		keys(order[i], k);
		while (from < 4 && k[from] == prev[from])
			from++;
		if (from < 4)
			change_levels(w, k, from, open, i ? 4 : 0);
		memcpy(prev, k, sizeof(prev));
		thread(w, order[i]);
	}
	for (int l = 3; h->cpus.n && l >= 0; l--)
		if (open[l])
			xw_end(w, level_names[l]);
	free(order);
}

static void processors(struct xw *w, const struct host *h)
{
	xw_begin(w, "processors");
	xw_close(w);
	if (!h->cpus.n)
		xw_comment(w, "no CPU could be described: neither CPUID values nor /proc/cpuinfo");
	models(w, h);
	dies(w, h);
	xw_end(w, "processors");
}

/* ---- caches, memory, ioapics ---- */

static void cat(struct xw *w, const struct cache *c)
{
	if (!c->cat)
		return;
	xw_begin(w, "capability");
	xw_attr(w, "id", "CAT");
	xw_close(w);
	xw_text(w, "capacity_mask_length", "%u", c->cbm_len);
	xw_text(w, "clos_number", "%u", c->clos);
	xw_end(w, "capability");
	if (c->cdp) {
		xw_begin(w, "capability");
		xw_attr(w, "id", "CDP");
		xw_close_empty(w);
	}
}

static void cache(struct xw *w, const struct cache *c)
{
	xw_begin(w, "cache");
	xw_attr(w, "level", "%u", c->level);
	xw_attr(w, "id", "0x%x", c->id);
	xw_attr(w, "type", "%u", c->type);
	xw_close(w);
	xw_text(w, "cache_size", "%llu", (unsigned long long)c->size);
	xw_text(w, "line_size", "%u", c->line);
	xw_text(w, "ways", "%u", c->ways);
	xw_text(w, "sets", "%u", c->sets);
	xw_text(w, "partitions", "%u", c->partitions);
	xw_text(w, "self_initializing", "%d", c->self_init);
	xw_text(w, "fully_associative", "%d", c->fully_assoc);
	xw_text(w, "write_back_invalidate", "%d", c->wbinvd);
	xw_text(w, "cache_inclusiveness", "%d", c->inclusive);
	xw_text(w, "complex_cache_indexing", "%d", c->complex);
	xw_begin(w, "processors");
	xw_close(w);
	for (size_t i = 0; i < c->apics.n; i++)
		xw_text(w, "processor", "0x%x", c->apics.v[i]);
	xw_end(w, "processors");
	cat(w, c);
	xw_end(w, "cache");
}

static void caches(struct xw *w, const struct host *h)
{
	xw_begin(w, "caches");
	xw_close(w);
	if (!h->caches.n)
		xw_comment(w, "no cache descriptors: no CPUID leaf 4 (or 0x8000001D) and no sysfs "
			      "cache directories");
	else if (strcmp(h->caches.from, "sysfs") == 0)
		xw_comment(w, "caches from sysfs (no CPUID cache leaves): no CAT details");
	for (size_t i = 0; i < h->caches.n; i++)
		cache(w, &h->caches.v[i]);
	xw_end(w, "caches");
}

static void memory(struct xw *w, const struct host *h)
{
	const struct memmap *m = &h->mem;
	xw_begin(w, "memory");
	xw_close(w);
	if (!m->nram)
		xw_comment(w, "no RAM ranges: /sys/firmware/memmap %s, /proc/iomem %s",
			   m->memmap_status ? strerror(-m->memmap_status) : "has no System RAM",
			   m->iomem_status ? strerror(-m->iomem_status)
			   : m->iomem_zero ? "shows zeros (not root)"
					   : "has no System RAM");
	for (size_t i = 0; i < m->nram; i++) {
		xw_begin(w, "range");
		xw_attr(w, "start", "0x%016llx", (unsigned long long)m->ram[i].start);
		xw_attr(w, "end", "0x%016llx", (unsigned long long)m->ram[i].end);
		xw_attr(w, "size", "%llu",
			(unsigned long long)(m->ram[i].end - m->ram[i].start + 1));
		xw_close_empty(w);
	}
	xw_end(w, "memory");
}

static void ioapics(struct xw *w, const struct host *h)
{
	const struct acpi *a = &h->acpi;
	xw_begin(w, "ioapics");
	xw_close(w);
	if (!a->nioapics)
		xw_comment(w, "no IOAPIC: the MADT (APIC table) %s%s",
			   a->status[ACPI_APIC] ? "cannot be read: " : "has no IOAPIC entries",
			   a->status[ACPI_APIC] ? strerror(-a->status[ACPI_APIC]) : "");
	for (size_t i = 0; i < a->nioapics; i++) {
		const struct acpi_ioapic *io = &a->ioapics[i];
		if (io->count_guessed)
			xw_comment(w, "IOAPIC %u: 24 pins assumed, the kernel log did not say",
				   io->id);
		xw_begin(w, "ioapic");
		xw_attr(w, "id", "0x%x", io->id);
		xw_close(w);
		xw_text(w, "address", "0x%x", io->address);
		xw_text(w, "gsi_base", "0x%x", io->gsi_base);
		xw_text(w, "gsi_number", "%u", io->gsi_count);
		xw_end(w, "ioapic");
	}
	xw_end(w, "ioapics");
}

static void device_classes(struct xw *w, const struct host *h)
{
	if (!h->ttys.n)
		return;
	xw_begin(w, "device-classes");
	xw_close(w);
	xw_begin(w, "ttys");
	xw_close(w);
	for (size_t i = 0; i < h->ttys.n; i++) {
		xw_begin(w, "serial");
		xw_close(w);
		xw_text(w, "dev_path", "/dev/ttyS%u", h->ttys.v[i].index);
		xw_text(w, "type", "%u", h->ttys.v[i].type);
		xw_end(w, "serial");
	}
	xw_end(w, "ttys");
	xw_end(w, "device-classes");
}

void writer_board(const struct host *h, struct buf *out)
{
	struct xw w = {.out = out};
	/* ACRN's tools find the board name by scanning for board= on the first line. */
	xw_begin(&w, "acrn-config");
	xw_attr(&w, "board", "%s", h->board_name);
	xw_close(&w);
	xw_comment(&w,
		   "Written by board-inspector %s, which only reads (see "
		   "docs/board-inspector.md). Empty sections say why before them.",
		   PACKAGE_VERSION);
	legacy_write(&w, h);
	processors(&w, h);
	caches(&w, h);
	memory(&w, h);
	ioapics(&w, h);
	devices_write(&w, h);
	device_classes(&w, h);
	xw_end(&w, "acrn-config");
}
