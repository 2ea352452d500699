/* Buffers, allocation that cannot fail silently, located warnings, strict number parsing. */
#include "util.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void out_of_memory(void)
{
	fputs("board-inspector: error: out of memory\n", stderr);
	exit(2);
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		out_of_memory();
	return p;
}

void *xreallocarray(void *p, size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size)
		out_of_memory();
	size_t bytes = n * size;
	void *q = realloc(p, bytes ? bytes : 1);
	if (!q)
		out_of_memory();
	return q;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
	char *p = xcalloc(n + 1, 1);
	memcpy(p, s, n);
	return p;
}

char *xasprintf(const char *fmt, ...)
{
	struct buf b = {0};
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		out_of_memory();
	buf_reserve(&b, (size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(b.data, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return b.data;
}

/* ---- buffers ---- */

void buf_free(struct buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

void buf_reserve(struct buf *b, size_t extra)
{
	if (extra > SIZE_MAX / 2 - b->len)
		out_of_memory();
	if (b->len + extra + 1 <= b->cap)
		return;
	size_t cap = b->cap ? b->cap : 256;
	while (cap < b->len + extra + 1)
		cap *= 2;
	b->data = xreallocarray(b->data, cap, 1);
	b->cap = cap;
	b->data[b->len] = '\0';
}

void buf_append(struct buf *b, const void *p, size_t n)
{
	buf_reserve(b, n);
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void buf_puts(struct buf *b, const char *s)
{
	buf_append(b, s, strlen(s));
}

void buf_vprintf(struct buf *b, const char *fmt, va_list ap)
{
	va_list copy;
	va_copy(copy, ap);
	int n = vsnprintf(NULL, 0, fmt, copy);
	va_end(copy);
	if (n < 0)
		return;
	buf_reserve(b, (size_t)n);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(b, fmt, ap);
	va_end(ap);
}

/* ---- warnings ---- */

#define SEEN_MAX 512

static struct {
	char *seen[SEEN_MAX];
	size_t nseen;
	unsigned count;
	bool quiet;
} warnings;

static bool already_said(const char *msg)
{
	for (size_t i = 0; i < warnings.nseen; i++)
		if (strcmp(warnings.seen[i], msg) == 0)
			return true;
	if (warnings.nseen < SEEN_MAX)
		warnings.seen[warnings.nseen++] = xstrdup(msg);
	return false;
}

static void vwarn_prefixed(const char *prefix, const char *fmt, va_list ap)
{
	struct buf b = {0};
	va_list copy;
	va_copy(copy, ap);
	int n = vsnprintf(NULL, 0, fmt, copy);
	va_end(copy);
	buf_puts(&b, prefix);
	if (n > 0) {
		buf_reserve(&b, (size_t)n);
		vsnprintf(b.data + b.len, (size_t)n + 1, fmt, ap);
		b.len += (size_t)n;
	}
	if (!already_said(b.data)) {
		warnings.count++;
		if (!warnings.quiet)
			fprintf(stderr, "board-inspector: warning: %s\n", b.data);
	}
	buf_free(&b);
}

void warn(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vwarn_prefixed("", fmt, ap);
	va_end(ap);
}

void warn_at(const char *path, size_t offset, const char *fmt, ...)
{
	char *prefix = xasprintf("%s (offset 0x%zx): ", path, offset);
	va_list ap;
	va_start(ap, fmt);
	vwarn_prefixed(prefix, fmt, ap);
	va_end(ap);
	free(prefix);
}

void warn_line(const char *path, size_t line, const char *fmt, ...)
{
	char *prefix = xasprintf("%s (line %zu): ", path, line);
	va_list ap;
	va_start(ap, fmt);
	vwarn_prefixed(prefix, fmt, ap);
	va_end(ap);
	free(prefix);
}

void warn_reset(void)
{
	for (size_t i = 0; i < warnings.nseen; i++)
		free(warnings.seen[i]);
	warnings.nseen = 0;
	warnings.count = 0;
}

bool warn_set_quiet(bool quiet)
{
	bool was = warnings.quiet;
	warnings.quiet = quiet;
	return was;
}

void errmsg(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("board-inspector: error: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

/* ---- numbers and text ---- */

static int digits(const char *s, size_t n, unsigned base, uint64_t *out)
{
	uint64_t v = 0;
	if (n == 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		int c = (unsigned char)s[i];
		unsigned d;
		if (isdigit(c))
			d = (unsigned)(c - '0');
		else if (base == 16 && isxdigit(c))
			d = (unsigned)(tolower(c) - 'a' + 10);
		else
			return -1;
		if (v > (UINT64_MAX - d) / base)
			return -1;
		v = v * base + d;
	}
	*out = v;
	return 0;
}

static void span(const char *s, size_t *start, size_t *end)
{
	size_t n = strlen(s), a = 0;
	while (a < n && isspace((unsigned char)s[a]))
		a++;
	while (n > a && isspace((unsigned char)s[n - 1]))
		n--;
	*start = a;
	*end = n;
}

int parse_u64(const char *s, uint64_t *out)
{
	size_t a, e;
	span(s, &a, &e);
	if (e - a > 2 && s[a] == '0' && (s[a + 1] == 'x' || s[a + 1] == 'X'))
		return digits(s + a + 2, e - a - 2, 16, out);
	return digits(s + a, e - a, 10, out);
}

int parse_hex_n(const char *s, size_t n, uint64_t *out)
{
	if (n > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		return digits(s + 2, n - 2, 16, out);
	return digits(s, n, 16, out);
}

char *trim(char *s)
{
	size_t a, e;
	span(s, &a, &e);
	s[e] = '\0';
	return s + a;
}

uint16_t le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

uint32_t le32(const uint8_t *p)
{
	return (uint32_t)le16(p) | (uint32_t)le16(p + 2) << 16;
}

uint64_t le64(const uint8_t *p)
{
	return (uint64_t)le32(p) | (uint64_t)le32(p + 4) << 32;
}

char *clean_text(const char *s, size_t n)
{
	char *t = xstrndup(s, n);
	for (char *p = t; *p; p++)
		if ((unsigned char)*p < 0x20 || (unsigned char)*p >= 0x7f)
			*p = '?';
	return t;
}

/* ---- id lists ---- */

static int idcmp(const void *a, const void *b)
{
	unsigned x = *(const unsigned *)a, y = *(const unsigned *)b;
	return x < y ? -1 : x > y;
}

/* Sorted insertion: lists come mostly in order, so this is usually an append. */
void idlist_add(struct idlist *l, unsigned id)
{
	size_t lo = 0, hi = l->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (l->v[mid] == id)
			return;
		if (l->v[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	GROW(l->v, l->n, l->cap);
	memmove(l->v + lo + 1, l->v + lo, (l->n - lo) * sizeof(*l->v));
	l->v[lo] = id;
	l->n++;
}

bool idlist_has(const struct idlist *l, unsigned id)
{
	return l->n && bsearch(&id, l->v, l->n, sizeof(*l->v), idcmp);
}

void idlist_free(struct idlist *l)
{
	free(l->v);
	memset(l, 0, sizeof(*l));
}

static int idrange(char *tok, unsigned *lo, unsigned *hi)
{
	char *dash = strchr(tok, '-');
	uint64_t a, b;
	if (dash)
		*dash = '\0';
	if (parse_u64(tok, &a) != 0 || parse_u64(dash ? dash + 1 : tok, &b) != 0 || b < a ||
	    b >= IDLIST_MAX)
		return -1;
	*lo = (unsigned)a;
	*hi = (unsigned)b;
	return 0;
}

/* "0-3,5,8-9": the kernel's CPU list format. */
int idlist_parse(const char *s, struct idlist *out)
{
	char *copy = xstrdup(s), *save = NULL;
	int rc = 0;
	for (char *tok = strtok_r(copy, ",\n", &save); tok; tok = strtok_r(NULL, ",\n", &save)) {
		unsigned lo, hi;
		if (*trim(tok) == '\0')
			continue;
		if (idrange(tok, &lo, &hi) != 0) {
			rc = -1;
			continue;
		}
		for (unsigned i = lo; i <= hi; i++)
			idlist_add(out, i);
	}
	free(copy);
	return rc;
}
