/* Output files that appear complete or not at all: temp file, rename. */
#ifndef ACRN_CFGC_OUTFILE_H
#define ACRN_CFGC_OUTFILE_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"

/*
 * Writes len bytes to path atomically: into a new temporary file in path's directory, then
 * renamed over path. A file that already holds exactly these bytes is left as it is (its
 * modification time too, so a build that reads it has nothing to redo). On any failure the
 * temporary file is removed, path is untouched, an "io" error naming path is reported, and -1
 * returned.
 */
int outfile_write(const char *path, const void *data, size_t len, struct diag_list *dl);

/* Pieces outdir.c shares. */
/* Is path a regular file (not a symbolic link) holding exactly these len bytes? */
bool file_holds(const char *path, const void *data, size_t len);
/* Writes all of p, retrying short writes and EINTR; -1 with errno on failure. */
int fd_write_all(int fd, const void *p, size_t len);
/* "DIR/.NAME.TAG.XXXXXX" (".NAME.XXXXXX" without tag): a mkstemp/mkdtemp template beside path,
 * in the same directory so a rename cannot cross file systems. */
char *path_sibling_template(const char *path, const char *tag);

#endif
