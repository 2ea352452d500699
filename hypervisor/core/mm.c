/* The hypervisor's page pool, for second-level page tables and VMX regions; never freed. */
#include "mm.h"
#include "console.h"
#include "lib.h"
#include "spinlock.h"

#define POOL_PAGES 128

static uint8_t pool[POOL_PAGES][PAGE_SIZE] ALIGNED(PAGE_SIZE);
static unsigned pool_used;
static struct spinlock pool_lock;

void *page_alloc(void)
{
	void *p;

	spin_lock(&pool_lock);
	if (pool_used == POOL_PAGES)
		panic("page pool exhausted (%u pages)", POOL_PAGES);
	p = pool[pool_used++];
	spin_unlock(&pool_lock);
	memset(p, 0, PAGE_SIZE);
	return p;
}
