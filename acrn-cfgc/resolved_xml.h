/*
 * The resolved document: a resolution written as XML (<acrn-resolved>, schemas/resolved.xsd),
 * the input of the emitters. Byte-for-byte deterministic, and written atomically.
 */
#ifndef ACRN_CFGC_RESOLVED_XML_H
#define ACRN_CFGC_RESOLVED_XML_H

#include <stddef.h>

#include "resolve.h"

/*
 * Writes the document to path through a temporary file in the same directory, which is synced
 * and renamed over path only when complete. On failure reports an "io" error, leaves path as
 * it was and removes the temporary file; returns 0 on success, -1 on failure.
 */
int resolved_write(const struct resolution *r, const struct board *b, const struct scenario *s,
		   const char *path, struct diag_list *dl);

/* The document as a malloc'd string (*len bytes, NUL-terminated); NULL if libxml2 failed. */
char *resolved_render(const struct resolution *r, const struct board *b, const struct scenario *s,
		      size_t *len);

#endif
