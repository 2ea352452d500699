/* XSD validation of a loaded board or scenario, with messages a user can act on. */
#ifndef ACRN_CFGC_VALIDATE_H
#define ACRN_CFGC_VALIDATE_H

#include <stdbool.h>

#include "broken.h"
#include "diag.h"
#include "handoff.h"
#include "xmlload.h"

enum input_kind { INPUT_BOARD, INPUT_SCENARIO };

struct schema_set;

#define SCHEMA_KIND(kind) (1u << (kind))
#define SCHEMA_ALL	  (SCHEMA_KIND(INPUT_BOARD) | SCHEMA_KIND(INPUT_SCENARIO))

/*
 * Loads board.xsd and/or scenario.xsd (kinds: a mask of SCHEMA_KIND bits) from dir; NULL with
 * diagnostics when they are unusable. Compiling a schema is a large part of a run, so a run
 * that checks one kind of input loads only that schema.
 */
struct schema_set *schema_set_load_kinds(const char *dir, unsigned kinds, struct diag_list *dl);
struct schema_set *schema_set_load(const char *dir, struct diag_list *dl);

/* The same in two steps: open finds the directory; compile loads one kind's schema (once; two
 * threads may compile the two kinds at the same time). compile returns 0 when it is usable. */
struct schema_set *schema_set_open(const char *dir, struct diag_list *dl);
int schema_set_compile(struct schema_set *set, enum input_kind kind, struct diag_list *dl);
/* Was kind's schema compiled from its build-time preparation (schema_table.h)? For tests. */
bool schema_set_prepared(const struct schema_set *set, enum input_kind kind);
void schema_set_free(struct schema_set *set);

/*
 * Validates src as the given kind; returns the number of errors it reported, and adds to broken
 * what those errors make unusable for the rules (broken.h). A board's validation offers about
 * half its work on side, when given, for another thread to take (handoff.h, validate_share.c);
 * the reports are the same either way.
 */
unsigned schema_validate(struct schema_set *set, enum input_kind kind, const struct xml_source *src,
			 struct diag_list *dl, struct broken_names *broken, struct handoff *side);

/*
 * What board.xsd declares, for the report of board content acrn-cfgc ignores (board_unknown.c).
 * board.xsd declares every element it knows at its top level: schema_board_element_type gives
 * that declaration's type (the element's own name when the type is anonymous), or NULL when the
 * schema does not declare the name; schema_board_attribute says whether that type (scope)
 * declares an attribute. The schema documents are read on the first call.
 */
const char *schema_board_element_type(struct schema_set *set, const char *name);
bool schema_board_attribute(struct schema_set *set, const char *scope, const char *attr);

#endif
