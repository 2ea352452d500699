/*
 * The command-line program's malloc (linked only into acrn-cfgc itself, not into the library,
 * the unit tests or a sanitizer build; glibc lets a program replace malloc by defining it).
 *
 * A run lasts milliseconds and touches about ten MiB. glibc's heap is made of 4 KiB pages, and
 * the first touch of each is a page fault; under a virtual machine a fault costs 5-15 us, and a
 * check took about a thousand of them: half its time. Here all memory comes from one region of
 * address space reserved at the first call and marked for transparent huge pages, so it is
 * backed 2 MiB at a time: a run takes a handful of faults instead.
 *
 * Each thread carves its blocks from a chunk of its own (no lock, no waiting) and keeps the
 * blocks it frees in lists by size class for its next requests. A block's size class sits in
 * the 16 bytes before it. Large blocks (over 64 KiB) come from the region directly; a freed one
 * is reused by a later large request it fits, and the last one taken grows in place, so a
 * buffer that doubles (libxml2's output, a file read) is not copied each time. What a thread
 * still held when it ended is not reused: a run has few threads and exits soon after. A run
 * that needs more than the region is out of memory, as it would be with glibc's malloc.
 */
#include <errno.h>
#include <malloc.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

/*
 * GCC's -fanalyzer knows malloc and memalign by name: inside the allocator that defines them it
 * takes each block handed out as one of its own that the function leaks. Nothing here is freed
 * before exit by design (see above); the analyzer's leak check stays on in every other file.
 */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wanalyzer-malloc-leak"
#endif

#define HUGE_PAGE  ((size_t)2 << 20)
#define REGION_MAX ((size_t)4 << 30) /* address space only: pages exist once touched */
#define REGION_MIN ((size_t)64 << 20)
#define CHUNK_SIZE ((size_t)256 << 10)
#define HEADER	   16
#define SMALL_MAX  ((size_t)64 << 10)
#define CLASSES	   48
#define KIND_LARGE CLASSES	 /* a block over SMALL_MAX, header holds its size */
#define KIND_KEPT  (CLASSES + 1) /* an over-aligned block: never reused */

struct header {
	size_t size; /* usable bytes */
	size_t kind; /* size class, KIND_LARGE or KIND_KEPT */
};

struct free_block {
	struct free_block *next;
};

static struct {
	atomic_uintptr_t next; /* first byte never handed out */
	uintptr_t start, end;
	atomic_int state; /* 0 not yet tried, 1 being set up, 2 ready, 3 unavailable */
	pthread_mutex_t large_lock;
	struct free_block *large_free; /* freed large blocks, most recent first */
} region = {.large_lock = PTHREAD_MUTEX_INITIALIZER};

static __thread struct {
	char *cur, *end; /* this thread's chunk */
	struct free_block *free[CLASSES];
} local;

/* The largest reservation the system grants (a strict overcommit policy may refuse 4 GiB). */
static bool region_reserve(void)
{
	for (size_t size = REGION_MAX; size >= REGION_MIN; size /= 2) {
		void *p = mmap(NULL, size + HUGE_PAGE, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
		if (p == MAP_FAILED)
			continue;
		region.start = ((uintptr_t)p + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1);
		region.end = region.start + size;
		atomic_store(&region.next, region.start);
		/* without transparent huge pages it still works, page by page */
		(void)madvise((void *)region.start, size, MADV_HUGEPAGE);
		return true;
	}
	return false;
}

/* Reserves the region at the first call; false if the system refuses any. */
static bool region_ready(void)
{
	int state = atomic_load_explicit(&region.state, memory_order_acquire);
	if (state >= 2)
		return state == 2;
	int expected = 0;
	if (!atomic_compare_exchange_strong(&region.state, &expected, 1)) {
		while ((state = atomic_load(&region.state)) == 1)
			; /* another thread's first malloc is reserving it: a few microseconds */
		return state == 2;
	}
	state = region_reserve() ? 2 : 3;
	atomic_store_explicit(&region.state, state, memory_order_release);
	return state == 2;
}

/* size bytes from the region's unused end, or NULL when it is used up. */
static char *region_take(size_t size)
{
	uintptr_t p = atomic_fetch_add(&region.next, size);
	if (p >= region.end || size > region.end - p) {
		atomic_fetch_sub(&region.next, size);
		return NULL;
	}
	return (char *)p;
}

/* Classes step by 16 bytes up to 256, then by a quarter of the power of two below the size. */
static unsigned class_of(size_t size, size_t *block)
{
	if (size <= 256) {
		size_t n = size ? (size + 15) / 16 : 1;
		*block = n * 16;
		return (unsigned)n - 1;
	}
	unsigned e = 63 - (unsigned)__builtin_clzll(size - 1); /* 2^e < size <= 2^(e+1) */
	size_t step = (size_t)1 << (e - 2);
	size_t k = (size - 1 - ((size_t)1 << e)) / step;
	*block = ((size_t)1 << e) + (k + 1) * step;
	return 16 + (e - 8) * 4 + (unsigned)k;
}

static void *block_at(char *p, size_t size, size_t kind)
{
	struct header *h = (struct header *)p;
	h->size = size;
	h->kind = kind;
	return p + HEADER;
}

static struct header *header_of(void *ptr)
{
	return (struct header *)((char *)ptr - HEADER);
}

/* A fresh block of class c (block bytes) from this thread's chunk, refilled as needed. */
static void *small_new(unsigned c, size_t block)
{
	size_t need = block + HEADER;
	if ((size_t)(local.end - local.cur) < need) {
		char *chunk = region_take(CHUNK_SIZE);
		if (!chunk)
			return NULL;
		local.cur = chunk;
		local.end = chunk + CHUNK_SIZE;
	}
	void *p = block_at(local.cur, block, c);
	local.cur += need;
	return p;
}

static void *small_malloc(size_t size)
{
	size_t block;
	unsigned c = class_of(size, &block);
	struct free_block *f = local.free[c];
	if (f) {
		local.free[c] = f->next;
		return f;
	}
	return small_new(c, block);
}

/* A freed large block that fits size without wasting half of it, taken off the list. */
static void *large_reuse(size_t size)
{
	pthread_mutex_lock(&region.large_lock);
	struct free_block **link = &region.large_free;
	void *found = NULL;
	for (; *link; link = &(*link)->next) {
		size_t have = header_of(*link)->size;
		if (have >= size && have / 2 <= size) {
			found = *link;
			*link = (*link)->next;
			break;
		}
	}
	pthread_mutex_unlock(&region.large_lock);
	return found;
}

static size_t page_round(size_t size)
{
	return (size + 4095) & ~(size_t)4095;
}

static void *large_malloc(size_t size)
{
	void *p = large_reuse(size);
	if (p)
		return p;
	size = page_round(size + HEADER) - HEADER;
	char *at = region_take(size + HEADER);
	return at ? block_at(at, size, KIND_LARGE) : NULL;
}

/* malloc itself; calloc and realloc call this, not malloc, which GCC would turn a malloc and
 * memset into calloc: a call to itself. */
static void *heap_alloc(size_t size)
{
	void *p = NULL;
	if (size < (size_t)1 << 40 && region_ready())
		p = size <= SMALL_MAX ? small_malloc(size) : large_malloc(size);
	if (!p)
		errno = ENOMEM;
	return p;
}

void *malloc(size_t size)
{
	return heap_alloc(size);
}

void free(void *ptr)
{
	if (!ptr)
		return;
	struct header *h = header_of(ptr);
	struct free_block *f = ptr;
	if (h->kind < CLASSES) {
		f->next = local.free[h->kind];
		local.free[h->kind] = f;
	} else if (h->kind == KIND_LARGE) {
		pthread_mutex_lock(&region.large_lock);
		f->next = region.large_free;
		region.large_free = f;
		pthread_mutex_unlock(&region.large_lock);
	}
}

void *calloc(size_t count, size_t size)
{
	size_t total;
	if (__builtin_mul_overflow(count, size, &total)) {
		errno = ENOMEM;
		return NULL;
	}
	void *p = heap_alloc(total);
	if (p)
		memset(p, 0, total);
	return p;
}

/* Grows the large block at ptr where it lies if nothing was taken after it; true if done. */
static bool large_grow(void *ptr, size_t size)
{
	struct header *h = header_of(ptr);
	size = page_round(size + HEADER) - HEADER;
	uintptr_t end = (uintptr_t)ptr + h->size;
	if (size > region.end - (uintptr_t)ptr)
		return false;
	if (!atomic_compare_exchange_strong(&region.next, &end, (uintptr_t)ptr + size))
		return false;
	h->size = size;
	return true;
}

void *realloc(void *ptr, size_t size)
{
	if (!ptr)
		return heap_alloc(size);
	if (size == 0) {
		free(ptr);
		return NULL;
	}
	struct header *h = header_of(ptr);
	if (size <= h->size)
		return ptr;
	if (h->kind == KIND_LARGE && large_grow(ptr, size))
		return ptr;
	void *p = heap_alloc(size);
	if (p) {
		memcpy(p, ptr, h->size);
		free(ptr);
	}
	return p;
}

void *memalign(size_t align, size_t size)
{
	if (align <= HEADER)
		return heap_alloc(size);
	char *at = NULL;
	if (!(align & (align - 1)) && size < (size_t)1 << 40 && align < (size_t)1 << 30 &&
	    region_ready())
		at = region_take(page_round(size + align + HEADER));
	if (!at) {
		errno = (align & (align - 1)) ? EINVAL : ENOMEM;
		return NULL;
	}
	uintptr_t p = ((uintptr_t)at + HEADER + align - 1) & ~(uintptr_t)(align - 1);
	return block_at((char *)p - HEADER, size, KIND_KEPT);
}

void *aligned_alloc(size_t align, size_t size)
{
	return memalign(align, size);
}

int posix_memalign(void **out, size_t align, size_t size)
{
	if (align < sizeof(void *) || (align & (align - 1)))
		return EINVAL;
	void *p = memalign(align, size);
	if (!p)
		return ENOMEM;
	*out = p;
	return 0;
}

void *valloc(size_t size)
{
	return memalign(4096, size);
}

void *pvalloc(size_t size)
{
	return memalign(4096, page_round(size));
}

size_t malloc_usable_size(void *ptr)
{
	return ptr ? header_of(ptr)->size : 0;
}
