/* Range sets and bitmaps the resolver allocates from (see rangeset.h). */
#include "rangeset.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

void spanset_init(struct spanset *s)
{
	memset(s, 0, sizeof(*s));
}

void spanset_free(struct spanset *s)
{
	free(s->v);
	spanset_init(s);
}

static void reserve(struct spanset *s, size_t n)
{
	if (n <= s->cap)
		return;
	s->cap = n > 2 * s->cap ? n : 2 * s->cap;
	s->v = xrealloc(s->v, s->cap * sizeof(*s->v));
}

void spanset_copy(struct spanset *dst, const struct spanset *src)
{
	size_t count = src->count;
	spanset_init(dst);
	if (count) {
		dst->v = xmalloc(count * sizeof(*src->v));
		dst->cap = count;
		memcpy(dst->v, src->v, count * sizeof(*src->v));
	}
	dst->count = count;
}

static int by_start(const void *a, const void *b)
{
	const struct span *x = a, *y = b;
	return x->start < y->start ? -1 : x->start > y->start;
}

/* Restores the invariant after an append: sorted, overlapping or touching spans merged. */
static void normalise(struct spanset *s)
{
	qsort(s->v, s->count, sizeof(*s->v), by_start);
	size_t out = 0;
	for (size_t i = 0; i < s->count; i++) {
		if (out && s->v[i].start <= s->v[out - 1].end) {
			if (s->v[i].end > s->v[out - 1].end)
				s->v[out - 1].end = s->v[i].end;
			continue;
		}
		s->v[out++] = s->v[i];
	}
	s->count = out;
}

void spanset_add(struct spanset *s, uint64_t start, uint64_t end)
{
	if (start >= end)
		return;
	reserve(s, s->count + 1);
	s->v[s->count].start = start;
	s->v[s->count].end = end;
	s->count++;
	normalise(s);
}

void spanset_remove(struct spanset *s, uint64_t start, uint64_t end)
{
	if (start >= end)
		return;
	/* a cut inside one span splits it in two: one more span at most */
	struct span *out = xmalloc((s->count + 1) * sizeof(*out));
	size_t n = 0;
	for (size_t i = 0; i < s->count; i++) {
		struct span sp = s->v[i];
		if (sp.end <= start || sp.start >= end) {
			out[n++] = sp;
			continue;
		}
		if (sp.start < start)
			out[n++] = (struct span){sp.start, start};
		if (end < sp.end)
			out[n++] = (struct span){end, sp.end};
	}
	free(s->v);
	s->v = out;
	s->count = n;
	s->cap = s->count + 1;
}

/* The first multiple of align at or above v; false when it would not fit in 64 bits. */
static bool align_up(uint64_t v, uint64_t align, uint64_t *out)
{
	if (align <= 1) {
		*out = v;
		return true;
	}
	uint64_t up = (v + align - 1) & ~(align - 1);
	*out = up;
	return up >= v;
}

int spanset_take(struct spanset *s, uint64_t size, uint64_t align, uint64_t *addr)
{
	if (size == 0)
		return -1;
	for (size_t i = 0; i < s->count; i++) {
		uint64_t a;
		if (!align_up(s->v[i].start, align, &a) || a >= s->v[i].end ||
		    s->v[i].end - a < size)
			continue;
		*addr = a;
		spanset_remove(s, a, a + size);
		return 0;
	}
	return -1;
}

uint64_t spanset_largest(const struct spanset *s, uint64_t align)
{
	uint64_t best = 0;
	for (size_t i = 0; i < s->count; i++) {
		uint64_t a;
		if (align_up(s->v[i].start, align, &a) && a < s->v[i].end && s->v[i].end - a > best)
			best = s->v[i].end - a;
	}
	return best;
}

uint64_t spanset_total(const struct spanset *s)
{
	uint64_t total = 0;
	for (size_t i = 0; i < s->count; i++)
		total += s->v[i].end - s->v[i].start;
	return total;
}

uint64_t span_end(uint64_t last)
{
	return last == UINT64_MAX ? UINT64_MAX : last + 1;
}

uint64_t span_after(uint64_t start, uint64_t size)
{
	return size > UINT64_MAX - start ? UINT64_MAX : start + size;
}

int bits_first_free(uint64_t used, unsigned lo, unsigned hi)
{
	for (unsigned i = lo; i <= hi && i < 64; i++)
		if (!(used >> i & 1))
			return (int)i;
	return -1;
}

uint64_t bits_mask(unsigned lo, unsigned count)
{
	if (count == 0 || lo >= 64)
		return 0;
	uint64_t m = count >= 64 ? UINT64_MAX : (UINT64_C(1) << count) - 1;
	return m << lo;
}

bool is_pow2(uint64_t v)
{
	return v && !(v & (v - 1));
}
