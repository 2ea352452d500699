/* Small helpers shared by every stage: checked allocation and string formatting. */
#ifndef ACRN_CFGC_UTIL_H
#define ACRN_CFGC_UTIL_H

#include <stdarg.h>
#include <stddef.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* These abort with a message on exhaustion: there is no useful recovery in a compiler run. */
void *xmalloc(size_t size) __attribute__((returns_nonnull));
void *xcalloc(size_t n, size_t size) __attribute__((returns_nonnull));
void *xrealloc(void *p, size_t size) __attribute__((returns_nonnull));
char *xstrdup(const char *s) __attribute__((returns_nonnull));
char *xvasprintf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Edits between a and b; SIZE_MAX when either is 63 bytes or longer. */
size_t edit_distance(const char *a, const char *b);
/*
 * A suggestion for a misspelt word: keeps candidate in *best when it is nearer to word than
 * *best (first of equals wins) and within *best_dist edits; start with *best NULL and
 * *best_dist the most edits a suggestion may need.
 */
void keep_nearer(const char *word, const char *candidate, const char **best, size_t *best_dist);

#endif
