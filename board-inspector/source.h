/*
 * Where the inspector's files come from: the live host, or a sysroot (a capture or a hand-made
 * fixture) that is read without ever touching the host. Every file read may be copied into a
 * capture. Nothing here writes to the files it reads.
 */
#ifndef INSPECTOR_SOURCE_H
#define INSPECTOR_SOURCE_H

#include <stdbool.h>
#include <stddef.h>

#include "util.h"

struct capture;
struct source;

/* sysroot NULL: the live host. NULL when sysroot is no directory (the error is printed). */
struct source *source_new(const char *sysroot);
void source_free(struct source *s);
void source_set_capture(struct source *s, struct capture *c);
struct capture *source_capture(struct source *s);
bool source_is_live(const struct source *s);

/* Do not copy this file into the capture: the caller stores a reduced copy itself. */
#define SRC_NO_CAPTURE 1u
/* Read a character device record by record until it has no more (the live /dev/kmsg). */
#define SRC_STREAM 2u
/* Only the first max bytes are wanted: read no more (config space reads are slow). */
#define SRC_PREFIX 4u

/*
 * Reads the whole file at the host path (e.g. "/proc/iomem"), at most max bytes (with a
 * warning when there were more). Returns 0, or a negative errno (nothing is warned then:
 * the caller knows what a missing file means).
 */
int source_read(struct source *s, const char *path, size_t max, unsigned flags, struct buf *out);
/*
 * As source_read with SRC_STREAM, stopping early once enough(record, n, ctx) says the records
 * read so far hold what the caller needs.
 */
int source_read_records(struct source *s, const char *path, size_t max,
			bool (*enough)(const char *rec, size_t n, void *ctx), void *ctx,
			struct buf *out);
/* The sorted entry names of a directory, without "." and "..". Returns 0 or a negative errno. */
int source_list(struct source *s, const char *dir, char ***names, size_t *n);
void source_free_list(char **names, size_t n);
/* The file as the user can find it (sysroot prefixed), for messages; the caller frees it. */
char *source_path(const struct source *s, const char *path);

#endif
