/*
 * What the front end found broken in one input: the names of the elements and attributes
 * whose content a stage rejected (a bad value, an element out of place or missing), or the
 * whole document. check.c skips every rule that reads one of them, so each mistake is
 * reported once, by the stage that found it, while the rules still judge the rest.
 */
#ifndef ACRN_CFGC_BROKEN_H
#define ACRN_CFGC_BROKEN_H

#include <stdbool.h>
#include <stddef.h>

struct broken_names {
	char **names;
	size_t count;
	bool whole; /* the document as a whole is unusable (not loaded, wrong kind) */
};

void broken_add(struct broken_names *b, const char *name);
/* Is the name of len bytes at name (not NUL-terminated) in the set? */
bool broken_has(const struct broken_names *b, const char *name, size_t len);
void broken_free(struct broken_names *b);

#endif
