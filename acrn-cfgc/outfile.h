/* Output files that appear complete or not at all: temp file, fsync, rename. */
#ifndef ACRN_CFGC_OUTFILE_H
#define ACRN_CFGC_OUTFILE_H

#include <stddef.h>

#include "diag.h"

/*
 * Writes len bytes to path atomically: into a new temporary file in path's directory, synced,
 * then renamed over path. On any failure the temporary file is removed, path is untouched, an
 * "io" error naming path is reported, and -1 returned.
 */
int outfile_write(const char *path, const void *data, size_t len, struct diag_list *dl);

#endif
