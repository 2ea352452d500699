/* Bump allocation in chained blocks; large requests get a block of their own. */
#include "arena.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#define ARENA_BLOCK_SIZE (64 * 1024)

struct arena_block {
	struct arena_block *next;
	size_t used;
	size_t cap;
	max_align_t data[];
};

void arena_init(struct arena *a)
{
	a->head = NULL;
	a->total = 0;
}

void arena_free(struct arena *a)
{
	while (a->head) {
		struct arena_block *next = a->head->next;
		free(a->head);
		a->head = next;
	}
	a->total = 0;
}

void *arena_alloc(struct arena *a, size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size / 2)
		abort();
	size_t bytes = n * size;
	size_t align = sizeof(max_align_t);
	bytes = (bytes + align - 1) / align * align;
	if (bytes == 0)
		bytes = align;
	struct arena_block *b = a->head;
	if (!b || b->cap - b->used < bytes) {
		size_t cap = bytes > ARENA_BLOCK_SIZE ? bytes : ARENA_BLOCK_SIZE;
		b = xmalloc(sizeof(*b) + cap);
		b->used = 0;
		b->cap = cap;
		if (a->head && bytes > ARENA_BLOCK_SIZE) {
			/* keep the current block open for small requests */
			b->next = a->head->next;
			a->head->next = b;
		} else {
			b->next = a->head;
			a->head = b;
		}
	}
	void *p = (char *)b->data + b->used;
	b->used += bytes;
	a->total += bytes;
	memset(p, 0, bytes);
	return p;
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *d = arena_alloc(a, n + 1, 1);
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

char *arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}
