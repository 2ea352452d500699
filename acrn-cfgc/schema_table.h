/*
 * The shipped board and scenario schemas, prepared when acrn-cfgc is built (schema-tablegen
 * writes schemas_shipped.c from schemas/). A validator reads neither comments nor annotations,
 * nor the types the other input uses; each schema with types.xsd inlined and all that left out
 * is a third of the text and compiles in 5.3M instructions instead of 8.4M for both. The schema
 * directory stays what the schemas are: the prepared text is used only while board.xsd (or
 * scenario.xsd) and types.xsd hold exactly the bytes it was prepared from; otherwise the files
 * are compiled as they are, with their errors located in them.
 */
#ifndef ACRN_CFGC_SCHEMA_TABLE_H
#define ACRN_CFGC_SCHEMA_TABLE_H

#include <libxml/xmlschemas.h>
#include <stdbool.h>
#include <stddef.h>

#include "validate.h"

struct schema_text {
	const char *name; /* file name in the schema directory */
	const char *text;
	size_t len;
};

/* A child an element must have once (key) or may have at most once (unique). */
struct schema_occurrence {
	const char *element, *child;
	const char *constraint; /* the schema's name for it: the reports name it */
	bool key;
};

struct schema_prepared {
	const struct schema_text *sources; /* the files it was prepared from, as shipped */
	size_t source_count;
	const char *text; /* one schema: no include, comment, annotation or unused type */
	size_t len;
	/* the identity constraints that only count a child, taken out of text (schema-tablegen),
	 * checked by occurrence.c; then the declared elements whose content is not validated.
	 * Both end with a NULL entry. */
	const struct schema_occurrence *occurrences;
	const char *const *leaves;
};

/* Indexed by enum input_kind. */
extern const struct schema_prepared schemas_shipped[2];

/*
 * The prepared schema of kind, compiled, when the directory's files are those it was prepared
 * from; NULL otherwise (the caller compiles the files).
 */
xmlSchemaPtr schema_table_compile(const char *dir, enum input_kind kind);

#endif
