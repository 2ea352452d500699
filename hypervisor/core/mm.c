/* The hypervisor's page pool, for second-level page tables and VMX regions; the tables of a
 * post-launched VM come back when it is destroyed. */
#include "mm.h"
#include "console.h"
#include "lib.h"
#include "spinlock.h"

#define POOL_PAGES 128U

static uint64_t pool[POOL_PAGES][PAGE_SIZE / sizeof(uint64_t)] ALIGNED(PAGE_SIZE);

struct mm_range mm_pool(void)
{
	struct mm_range r = {mm_hpa(pool), sizeof(pool), "the page pool"};

	return r;
}

static struct spinlock pool_lock;
static uint64_t *pool_free; /* freed pages, each holding the next one's address */

uint64_t *page_try_alloc(void)
{
	static unsigned pool_used;
	uint64_t *p = NULL;

	spin_lock(&pool_lock);
	if (pool_free != NULL) {
		p = pool_free;
		/* cppcheck-suppress misra-c2012-11.5 ; a free page holds the next one's address */
		pool_free = mm_hva(p[0]);
	} else if (pool_used < POOL_PAGES) {
		p = pool[pool_used];
		pool_used++;
	} else {
		/* exhausted */
	}
	spin_unlock(&pool_lock);
	if (p != NULL) {
		(void)memset(p, 0, PAGE_SIZE);
	}
	return p;
}

uint64_t *page_alloc(void)
{
	uint64_t *p = page_try_alloc();

	if (p == NULL) {
		panic("page pool exhausted (%u pages)", POOL_PAGES);
	}
	return p;
}

void page_free(uint64_t *p)
{
	spin_lock(&pool_lock);
	p[0] = mm_hpa(pool_free);
	pool_free = p;
	spin_unlock(&pool_lock);
}
