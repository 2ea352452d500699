/* Small helpers every reader uses: growable buffers, warnings, strict number parsing. */
#ifndef INSPECTOR_UTIL_H
#define INSPECTOR_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* A byte buffer that grows; data is always NUL-terminated so text readers can use it. */
struct buf {
	char *data;
	size_t len, cap;
};

void buf_free(struct buf *b);
void buf_reserve(struct buf *b, size_t extra);
void buf_append(struct buf *b, const void *p, size_t n);
void buf_puts(struct buf *b, const char *s);
void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vprintf(struct buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));

void *xcalloc(size_t n, size_t size);
void *xreallocarray(void *p, size_t n, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Grows *arr (of *cap elements) so that index n fits. */
#define GROW(arr, n, cap)                                                                          \
	do {                                                                                       \
		if ((n) >= (cap)) {                                                                \
			(cap) = (cap) ? (cap)*2 : 8;                                               \
			(arr) = xreallocarray((arr), (cap), sizeof(*(arr)));                       \
		}                                                                                  \
	} while (0)

/*
 * Warnings go to stderr, each once. warn_at names a binary file and a byte offset,
 * warn_line a text file and a line number: malformed input is always located.
 */
void warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void warn_at(const char *path, size_t offset, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void warn_line(const char *path, size_t line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void warn_reset(void);
/* -q and the fuzzers silence warnings (they still count); returns the previous setting. */
bool warn_set_quiet(bool quiet);
/*
 * What makes the run fail (exit 2), as "board-inspector: error: ...", saying what to do.
 * Never silenced: -q is for warnings only, and a failure without its reason helps nobody.
 */
void errmsg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* "0x1f" is hex, "31" is decimal; surrounding blanks are allowed, nothing else. */
int parse_u64(const char *s, uint64_t *out);
/* n hex digits without a prefix (an optional 0x is accepted), as /proc/iomem writes them. */
int parse_hex_n(const char *s, size_t n, uint64_t *out);
/* Cuts leading and trailing blanks (and newlines) in place. */
char *trim(char *s);

/* Little-endian loads from firmware structures; the caller checks the bounds. */
uint16_t le16(const uint8_t *p);
uint32_t le32(const uint8_t *p);
uint64_t le64(const uint8_t *p);

/* Makes a string safe for XML text: control bytes and non-ASCII become '?'. */
char *clean_text(const char *s, size_t n);

/* A sorted set of small unsigned ids (CPUs) parsed from the kernel's "0-3,5" lists. */
struct idlist {
	unsigned *v;
	size_t n, cap;
};
#define IDLIST_MAX 8192
int idlist_parse(const char *s, struct idlist *out);
bool idlist_has(const struct idlist *l, unsigned id);
void idlist_add(struct idlist *l, unsigned id);
void idlist_free(struct idlist *l);

#endif
