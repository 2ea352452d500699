/*
 * CPUID values per CPU: read live (the instruction, pinned to each CPU) or from a capture's
 * cpuid.txt, one line per "CPU LEAF SUBLEAF EAX EBX ECX EDX".
 */
#ifndef INSPECTOR_CPUID_H
#define INSPECTOR_CPUID_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util.h"

enum { EAX, EBX, ECX, EDX };

struct cpuid_leaf {
	uint32_t leaf, sub;
	uint32_t r[4];
	size_t line; /* in cpuid.txt; 0 when read live */
};

/* The leaves of one CPU, sorted by (leaf, sub). */
struct cpuid_cpu {
	unsigned cpu;
	struct cpuid_leaf *v;
	size_t n, cap;
};

/* Every CPU's leaves, sorted by CPU number. */
struct cpuid_dump {
	struct cpuid_cpu *cpus;
	size_t n, cap;
};

/* Asks one CPU for one leaf; false when it cannot be asked. */
typedef bool (*cpuid_query)(void *ctx, uint32_t leaf, uint32_t sub, uint32_t r[4]);

/* All basic and extended leaves, and the subleaves of 4, 7, 0xB, 0xD, 0x10, 0x1F, 0x8000001D. */
void cpuid_enumerate(cpuid_query q, void *ctx, struct cpuid_cpu *out);
/* Reads CPU cpu of this host; 0 or a negative errno. */
int cpuid_read_live(unsigned cpu, struct cpuid_cpu *out);
/* Call once after the live reads: puts the thread back on the CPUs it was allowed before. */
void cpuid_live_done(void);

/* Adds the lines of a cpuid.txt (where names it in warnings) to d. */
void cpuid_parse(const char *text, size_t len, const char *where, struct cpuid_dump *d);
void cpuid_format(const struct cpuid_dump *d, struct buf *out);
/* The CPU's entry, created (empty) when add is set. */
struct cpuid_cpu *cpuid_cpu(struct cpuid_dump *d, unsigned cpu, bool add);
bool cpuid_get(const struct cpuid_cpu *c, uint32_t leaf, uint32_t sub, uint32_t r[4]);
/* Sorts a CPU's leaves after they were added in any order; duplicates keep the first. */
void cpuid_sort(struct cpuid_cpu *c, const char *where);
void cpuid_dump_free(struct cpuid_dump *d);

#endif
