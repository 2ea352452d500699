/* Host memory: the hypervisor identity-maps host physical memory, so a pointer is its HPA. */
#ifndef HV_MM_H
#define HV_MM_H

#include "types.h"

/* A zeroed 4 KiB page from the hypervisor's own pool; panics when the pool is exhausted. */
void *page_alloc(void);

static inline uint64_t mm_hpa(const void *p)
{
	return (uint64_t)(uintptr_t)p;
}

static inline void *mm_hva(uint64_t hpa)
{
	return (void *)(uintptr_t)hpa;
}

#endif
