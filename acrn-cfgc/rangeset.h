/*
 * Generic allocators for the resolver: sets of free address ranges (host RAM, guest BAR windows)
 * and small bitmaps (PCI device numbers, IRQs, cache ways). Pure bookkeeping: no policy, no
 * diagnostics, and every answer depends only on the calls made, so results are deterministic.
 */
#ifndef ACRN_CFGC_RANGESET_H
#define ACRN_CFGC_RANGESET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A half-open range [start, end); addresses at the very top of the space are clamped. */
struct span {
	uint64_t start;
	uint64_t end;
};

/* Sorted, disjoint, non-adjacent spans. */
struct spanset {
	struct span *v;
	size_t count;
	size_t cap;
};

void spanset_init(struct spanset *s);
void spanset_free(struct spanset *s);
void spanset_copy(struct spanset *dst, const struct spanset *src);

/* Union and difference with [start, end); empty or inverted ranges are ignored. */
void spanset_add(struct spanset *s, uint64_t start, uint64_t end);
void spanset_remove(struct spanset *s, uint64_t start, uint64_t end);

/*
 * First fit: the lowest address that is a multiple of align (a power of two, or 0/1 for none)
 * with [addr, addr + size) free. Takes it out of the set and returns 0; -1 when nothing fits.
 */
int spanset_take(struct spanset *s, uint64_t size, uint64_t align, uint64_t *addr);

/* The largest size spanset_take could still satisfy with this alignment (for messages). */
uint64_t spanset_largest(const struct spanset *s, uint64_t align);
uint64_t spanset_total(const struct spanset *s);

/* An inclusive end as a half-open one, and start + size, clamped at the top of the space. */
uint64_t span_end(uint64_t last);
uint64_t span_after(uint64_t start, uint64_t size);

/* Lowest clear bit of used in [lo, hi]; -1 when all are set. */
int bits_first_free(uint64_t used, unsigned lo, unsigned hi);
/* count consecutive bits starting at bit lo. */
uint64_t bits_mask(unsigned lo, unsigned count);
bool is_pow2(uint64_t v);

#endif
