/*
 * Between validate.c (schemas, libxml2's reports restated) and validate_passes.c (validation
 * in passes, repairing what hid later errors): the raw reports and what the schema declares.
 */
#ifndef ACRN_CFGC_VALIDATE_INT_H
#define ACRN_CFGC_VALIDATE_INT_H

#include <libxml/tree.h>
#include <libxml/xmlschemas.h>

#include "schema_table.h"
#include "validate.h"

/* One report of libxml2's validator, as it gave it. */
struct raw_error {
	xmlNodePtr node;
	int code;
	unsigned line;
	char *message;
};

struct repairs;

struct validate_state {
	struct raw_error *errs; /* every report once, in the order first seen */
	size_t count;
	xmlNodePtr *unexpected; /* the elements the current pass did not expect */
	char **expected;	/* what it expected in their place (malloc'd, may be NULL) */
	size_t unexpected_count;
	const struct repairs *repairs; /* reports about repaired stand-ins are dropped */
};

/* Reads the declarations and type documentation on the first error (validate.c). */
void schema_facts_load(struct schema_set *set);
/* A declared child name of node's parent close to node's name, or NULL. */
const char *schema_suggest_child(const struct schema_set *set, const xmlNode *node);
/* Is name declared as a child of parent? Required (not minOccurs 0)? Its declaration order. */
bool schema_declares_child(const struct schema_set *set, const xmlNode *parent, const char *name);
bool schema_requires_child(const struct schema_set *set, const xmlNode *parent, const char *name);
size_t schema_child_rank(const struct schema_set *set, const xmlNode *parent, const char *name);

/* "Expected is ( a, b )" in a report -> "a, b" (malloc'd), or NULL. */
char *report_expected_list(const char *msg);
bool report_is_unexpected(const struct raw_error *r);
bool report_is_missing_child(const struct raw_error *r);

/* libxml2's structured error handler: collects each report once in the validate_state. */
void validity_error_collect(void *state, xmlErrorPtr err);

/*
 * Validates a document (node: the xmlDoc) or a subtree (node: an element board.xsd declares at
 * its top level) in passes (validate_passes.c), collecting every report in st. The document is
 * exactly as before when it returns. Returns libxml2's verdict of the first pass.
 */
int validate_in_passes(struct schema_set *set, xmlSchemaValidCtxtPtr vctxt, xmlNodePtr node,
		       struct validate_state *st);

/*
 * Appends to st the reports libxml2 would give for the identity constraints that the prepared
 * schema p left to acrn-cfgc (occurrence.c), for doc as a whole.
 */
void occurrence_check(const struct schema_prepared *p, xmlDocPtr doc, struct validate_state *st);

/*
 * The parts of a board offered to the other thread (validate_share.c): subtrees of its devices
 * tree, in pieces of about the same size that either thread may validate.
 */
#define SHARE_PIECES 8
struct board_share {
	struct schema_set *set;
	xmlSchemaPtr schema;
	struct place *places; /* the subtrees taken out of the document, in the order taken */
	size_t count;
	size_t pieces; /* piece k: places[start[k]] .. places[start[k + 1] - 1] */
	size_t start[SHARE_PIECES + 1];
	struct validate_state st[SHARE_PIECES]; /* each piece's reports */
	int rc[SHARE_PIECES];			/* libxml2's first verdict that was not 0, or 0 */
};

/* Takes subtrees of about three quarters of the board's elements out of doc, in pieces (none
 * from a small board). */
void board_share_pick(struct board_share *share, struct schema_set *set, xmlSchemaPtr schema,
		      xmlDocPtr doc);
/* Validates one piece (a handoff's work: share is the struct board_share). */
void board_share_validate(void *share, size_t piece);
/* Puts them back where they were. */
void board_share_return(struct board_share *share);

/* Does the report concern a stand-in (an unknown element made to fill a required place)? */
bool repairs_hide(const struct repairs *rp, const xmlNode *node);

#endif
