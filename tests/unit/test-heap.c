/*
 * acrn-cfgc's own malloc (acrn-cfgc/heap.c), linked into this program as into acrn-cfgc: blocks
 * of every size class hold their bytes without overlap, freed blocks are reused, large blocks
 * grow in place, calloc zeroes reused memory, aligned requests are aligned, errors set errno,
 * threads allocate and free each other's blocks, and the memory is advised for transparent huge
 * pages (the point of it). Exit 0 pass, 1 fail.
 */
#include <errno.h>
#include <malloc.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned failures;
/* sizes the compiler cannot see, so it does not refuse the calls that must fail */
static volatile size_t huge_count = SIZE_MAX / 2, too_large = SIZE_MAX - 8;

#define EXPECT(cond)                                                                               \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			fprintf(stderr, "%s:%d: FAIL %s\n", __FILE__, __LINE__, #cond);            \
			failures++;                                                                \
		}                                                                                  \
	} while (0)

/* Fills a block with a pattern that names it, so an overlap with another block shows. */
static void fill(unsigned char *p, size_t n, unsigned seed)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (unsigned char)(seed * 31 + i);
}

static int intact(const unsigned char *p, size_t n, unsigned seed)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != (unsigned char)(seed * 31 + i))
			return 0;
	return 1;
}

#define SWEEP 600

/* Sizes from 0 to past the large threshold, all live at once, each filled to its usable end. */
static void test_sizes_do_not_overlap(void)
{
	static unsigned char *p[SWEEP];
	static size_t size[SWEEP];
	for (unsigned i = 0; i < SWEEP; i++) {
		size[i] = i < 300 ? i : (size_t)(i - 299) * 311;
		p[i] = malloc(size[i]);
		EXPECT(p[i] != NULL);
		EXPECT(((uintptr_t)p[i] & 15) == 0);
		size[i] = malloc_usable_size(p[i]);
		fill(p[i], size[i], i);
	}
	for (unsigned i = 0; i < SWEEP; i++) {
		EXPECT(intact(p[i], size[i], i));
		free(p[i]);
	}
}

/* A freed block serves the next request of its class in the same thread. */
static void test_reuse(void)
{
	for (size_t n = 1; n < 70000; n = n * 3 + 7) {
		void *a = malloc(n);
		uintptr_t was = (uintptr_t)a;
		free(a);
		void *b = malloc(n);
		EXPECT((uintptr_t)b == was);
		free(b);
	}
}

/* A buffer that doubles stays where it is while nothing was allocated after it. */
static void test_large_grows_in_place(void)
{
	unsigned char *p = malloc(100000);
	fill(p, 100000, 7);
	uintptr_t was = (uintptr_t)p;
	unsigned char *q = realloc(p, 1000000);
	EXPECT((uintptr_t)q == was);
	EXPECT(intact(q, 100000, 7));
	unsigned char *other = malloc(200000); /* now q is not the last block: it must move */
	fill(other, 200000, 8);
	unsigned char *r = realloc(q, 3000000);
	EXPECT(r != NULL && (uintptr_t)r != was);
	EXPECT(intact(r, 100000, 7) && intact(other, 200000, 8));
	free(other);
	free(r);
}

static void test_realloc_edges(void)
{
	unsigned char *p = realloc(NULL, 40);
	EXPECT(p != NULL);
	fill(p, 40, 3);
	uintptr_t was = (uintptr_t)p;
	p = realloc(p, 10);
	EXPECT((uintptr_t)p == was); /* shrinking keeps the block */
	unsigned char *q = realloc(p, 5000);
	EXPECT(q != NULL && intact(q, 10, 3));
	errno = 0;
	EXPECT(realloc(q, 0) == NULL);
}

static void test_calloc(void)
{
	unsigned char *p = malloc(3000);
	memset(p, 0xff, 3000);
	uintptr_t was = (uintptr_t)p;
	free(p);
	unsigned char *z = calloc(30, 100);
	EXPECT((uintptr_t)z == was); /* the reused block, so the zeroes are calloc's */
	size_t nonzero = 0;
	for (size_t i = 0; i < 3000; i++)
		nonzero += z[i] != 0;
	EXPECT(nonzero == 0);
	free(z);
	errno = 0;
	EXPECT(calloc(huge_count, 4) == NULL && errno == ENOMEM);
}

static void test_aligned(void)
{
	for (size_t align = 32; align <= 65536; align *= 2) {
		unsigned char *p = memalign(align, 100);
		EXPECT(p && ((uintptr_t)p & (align - 1)) == 0);
		fill(p, 100, 5);
		free(p);
		void *q = aligned_alloc(align, 3 * align);
		EXPECT(q && ((uintptr_t)q & (align - 1)) == 0);
		free(q);
	}
	void *r = NULL;
	EXPECT(posix_memalign(&r, 4096, 10) == 0 && ((uintptr_t)r & 4095) == 0);
	free(r);
	EXPECT(posix_memalign(&r, 24, 10) == EINVAL);
	void *v = valloc(1);
	EXPECT(v && ((uintptr_t)v & 4095) == 0);
	free(v);
}

static void test_too_large(void)
{
	errno = 0;
	EXPECT(malloc(too_large) == NULL && errno == ENOMEM);
	errno = 0;
	EXPECT(malloc((size_t)64 << 30) == NULL && errno == ENOMEM);
	free(NULL);
	EXPECT(malloc_usable_size(NULL) == 0);
}

#define THREADS 4
#define SLOTS	256

/* Each thread frees, checks and replaces random blocks of a table it shares with the others. */
static unsigned char *shared_blocks[THREADS * SLOTS];
static size_t shared_sizes[THREADS * SLOTS];
static unsigned shared_seeds[THREADS * SLOTS];
static pthread_mutex_t shared_lock = PTHREAD_MUTEX_INITIALIZER;

static void *churn(void *arg)
{
	unsigned state = (unsigned)(uintptr_t)arg * 2654435761u + 1;
	for (unsigned round = 0; round < 8000; round++) {
		state = state * 1103515245u + 12345u;
		unsigned slot = (state >> 8) % (THREADS * SLOTS);
		size_t size = (state >> 4) % 9 == 0 ? (state >> 3) % 200000 : (state >> 5) % 700;
		pthread_mutex_lock(&shared_lock);
		unsigned char *old = shared_blocks[slot];
		if (old && !intact(old, shared_sizes[slot], shared_seeds[slot]))
			failures++;
		free(old); /* often a block another thread allocated */
		unsigned char *p = malloc(size);
		fill(p, size, round);
		shared_blocks[slot] = p;
		shared_sizes[slot] = size;
		shared_seeds[slot] = round;
		pthread_mutex_unlock(&shared_lock);
	}
	return NULL;
}

static void test_threads(void)
{
	pthread_t t[THREADS];
	for (uintptr_t i = 0; i < THREADS; i++)
		EXPECT(pthread_create(&t[i], NULL, churn, (void *)i) == 0);
	for (unsigned i = 0; i < THREADS; i++)
		pthread_join(t[i], NULL);
	for (unsigned i = 0; i < THREADS * SLOTS; i++) {
		if (shared_blocks[i])
			EXPECT(intact(shared_blocks[i], shared_sizes[i], shared_seeds[i]));
		free(shared_blocks[i]);
	}
}

/* The mapping that holds a block, from /proc/self/smaps, is advised for huge pages ("hg"). */
static int advised_huge(const void *p)
{
	FILE *f = fopen("/proc/self/smaps", "r");
	if (!f)
		return -1;
	char line[512];
	int inside = 0, found = 0;
	while (fgets(line, sizeof(line), f)) {
		unsigned long lo, hi;
		if (sscanf(line, "%lx-%lx ", &lo, &hi) == 2 &&
		    strchr(line, '-') < strchr(line, ' '))
			inside = (uintptr_t)p >= lo && (uintptr_t)p < hi;
		else if (inside && strncmp(line, "VmFlags:", 8) == 0)
			found = strstr(line, " hg") != NULL;
	}
	fclose(f);
	return found;
}

static void test_huge_pages(void)
{
	FILE *f = fopen("/sys/kernel/mm/transparent_hugepage/enabled", "r");
	char mode[128] = "";
	if (f) {
		if (!fgets(mode, sizeof(mode), f))
			mode[0] = 0;
		fclose(f);
	}
	if (!f || strstr(mode, "[never]")) {
		puts("heap: transparent huge pages are off here; their advice is not checked");
		return;
	}
	void *p = malloc(100);
	EXPECT(advised_huge(p) == 1);
	free(p);
}

int main(void)
{
	test_sizes_do_not_overlap();
	test_reuse();
	test_large_grows_in_place();
	test_realloc_edges();
	test_calloc();
	test_aligned();
	test_too_large();
	test_threads();
	test_huge_pages();
	printf("heap: %s\n", failures ? "FAIL" : "pass");
	return failures ? 1 : 0;
}
