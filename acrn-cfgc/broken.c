/* The set of broken names (broken.h): a handful of names at most, so a plain array. */
#include "broken.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

void broken_add(struct broken_names *b, const char *name)
{
	if (!name || broken_has(b, name, strlen(name)))
		return;
	b->names = xrealloc(b->names, (b->count + 1) * sizeof(*b->names));
	b->names[b->count++] = xstrdup(name);
}

bool broken_has(const struct broken_names *b, const char *name, size_t len)
{
	for (size_t i = 0; i < b->count; i++)
		if (strlen(b->names[i]) == len && memcmp(b->names[i], name, len) == 0)
			return true;
	return false;
}

void broken_free(struct broken_names *b)
{
	for (size_t i = 0; i < b->count; i++)
		free(b->names[i]);
	free(b->names);
	memset(b, 0, sizeof(*b));
}
