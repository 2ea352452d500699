/*
 * Caches: one entry per distinct cache (level, type, id) from CPUID leaf 4 (or AMD's
 * 0x8000001D), else sysfs, with the APIC ids of the CPUs sharing it and its CAT (cache
 * allocation) capability from CPUID leaf 0x10.
 */
#ifndef INSPECTOR_CACHE_H
#define INSPECTOR_CACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util.h"

struct cpus;
struct source;

struct cache {
	unsigned level, type; /* type: 1 data, 2 instruction, 3 unified */
	uint32_t id;
	uint64_t size;
	unsigned line, ways, sets, partitions;
	bool self_init, fully_assoc, wbinvd, inclusive, complex;
	struct idlist apics; /* sharing CPUs' APIC ids */
	bool cat, cdp;
	unsigned cbm_len, clos;
};

struct caches {
	struct cache *v;
	size_t n, cap;
	const char *from; /* "CPUID", "sysfs" or NULL */
};

void cache_collect(struct source *s, const struct cpus *c, struct caches *out);
void cache_free(struct caches *out);

#endif
