/* Host memory: the hypervisor identity-maps host physical memory, so a pointer is its HPA. */
#ifndef HV_MM_H
#define HV_MM_H

#include "types.h"

/* A zeroed 4 KiB page (512 words) from the hypervisor's own pool; panics when it is exhausted. */
uint64_t *page_alloc(void);
/* The same, or NULL when the pool is exhausted: for changes made while guests run. */
uint64_t *page_try_alloc(void);
/* A page of page_alloc's back to the pool. */
void page_free(uint64_t *p);

/* Host memory the hypervisor itself uses, named for the report that refuses a VM over it. */
struct mm_range {
	uint64_t base;
	uint64_t size;
	const char *what;
};

/* The page pool's memory. */
struct mm_range mm_pool(void);
/* The arch's own pages (x86: the AP start-up page, the pCPU stacks) into r[0..max); how many. */
unsigned mm_arch_reserved(struct mm_range *r, unsigned max);

/* Whether [a, a + asize) and [b, b + bsize) share a byte: no sum, so nothing wraps. */
static inline bool mm_overlaps(uint64_t a, uint64_t asize, uint64_t b, uint64_t bsize)
{
	return (a <= b) ? ((b - a) < asize) : ((a - b) < bsize);
}

/* Whether [base, base + size) is not empty and ends at or below 2^64. */
static inline bool mm_range_ok(uint64_t base, uint64_t size)
{
	return (size != 0U) && ((size - 1U) <= (UINT64_MAX - base));
}

/* The host memory the identity map covers (the boot page tables map the low 4 GiB). */
#define MM_HPA_LIMIT (4096UL * MIB)

/*
 * The only conversions between pointers and integers in the hypervisor (MISRA rule 11.6):
 * host memory is identity-mapped, so an address the tables, the boot loader or a register give
 * is a pointer, and a pointer is the address the hardware is given.
 */
static inline uint64_t mm_hpa(const volatile void *p)
{
	/* cppcheck-suppress misra-c2012-11.6 ; identity map: the pointer is the address */
	return (uint64_t)(uintptr_t)p;
}

static inline void *mm_hva(uint64_t hpa)
{
	/* cppcheck-suppress misra-c2012-11.6 ; identity map: the address is the pointer */
	return (void *)(uintptr_t)hpa;
}

#endif
