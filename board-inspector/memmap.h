/*
 * Memory: the firmware's map (/sys/firmware/memmap: RAM and reserved ranges as the firmware
 * gave them), /proc/iomem (what Linux made of it, with MMIO windows; zeros unless root) and
 * MemTotal from /proc/meminfo.
 */
#ifndef INSPECTOR_MEMMAP_H
#define INSPECTOR_MEMMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util.h"

struct source;

struct mem_range {
	uint64_t start, end;
	char *type;
};

struct memmap {
	int memmap_status, iomem_status, meminfo_status;
	struct mem_range *fw; /* the firmware map, sorted by start */
	size_t nfw, capfw;
	struct buf iomem;      /* the readable lines of /proc/iomem */
	bool iomem_zero;       /* every address reads 0: not root */
	struct mem_range *ram; /* System RAM ranges, sorted */
	size_t nram, capram;
	const char *ram_source; /* the file the RAM ranges came from, or NULL */
	bool have_total;
	uint64_t total_kb;
};

void memmap_read(struct source *s, struct memmap *m);
void memmap_free(struct memmap *m);
/* Buffer-level parser of /proc/iomem (the fuzzer calls it). */
void memmap_parse_iomem(const char *text, size_t len, const char *where, struct memmap *m);

#endif
