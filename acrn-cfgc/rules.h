/*
 * The rule language: named, declarative semantic checks over the board and scenario documents
 * (docs/rules.md). This header holds a parsed rule file; check.c evaluates it.
 */
#ifndef ACRN_CFGC_RULES_H
#define ACRN_CFGC_RULES_H

#include <libxml/xpath.h>
#include <stdbool.h>
#include <stddef.h>

#include "diag.h"

/*
 * RULE_BUILD: a check of what this project's hypervisor runs today, made only for the image
 * build (--build, which the per-scenario build passes): an error there, silent otherwise.
 */
enum rule_level { RULE_OFF, RULE_WARNING, RULE_ERROR, RULE_BUILD };

/*
 * An XPath 1.0 expression as written, compiled once when the file is loaded (comp NULL: one of
 * the shipped rules' that only a report needs, compiled when a report is made; rules_table.h).
 */
struct rule_expr {
	struct srcpos pos;
	char *text;
	xmlXPathCompExprPtr comp;
};

/* A message: literal text with {xpath} parts evaluated as strings. */
struct rule_template {
	struct srcpos pos;
	char *text;
	struct rule_template_part {
		char *literal; /* NULL for an expression part */
		struct rule_expr expr;
	} * parts;
	size_t part_count;
};

struct rule_binding {
	char *var; /* without the '$' */
	struct rule_expr expr;
};

struct rule_note {
	struct rule_expr at;
	struct rule_template text;
};

struct rule {
	struct srcpos pos;
	char *id;
	enum rule_level level;
	char *doc;
	char **requires;
	size_t require_count;
	struct rule_binding *bindings;
	size_t binding_count;
	struct rule_expr *wheres;
	size_t where_count;
	struct rule_expr assertion;
	struct rule_expr at; /* text NULL: the last binding's node */
	struct rule_note *notes;
	size_t note_count;
	struct rule_template message;
};

struct rule_set {
	struct rule *rules;
	size_t count;
	char **files; /* every file read, so srcpos.file stays valid */
	size_t file_count;
};

void rule_set_init(struct rule_set *set);
void rule_set_free(struct rule_set *set);

/* Parses a rules file (or buffer) into set; returns the number of errors reported. */
unsigned rules_load_file(struct rule_set *set, const char *path, struct diag_list *dl);
unsigned rules_load_buffer(struct rule_set *set, const char *name, const char *buf, size_t len,
			   struct diag_list *dl);
/* Loads every *.rules file of dir in name order; a missing dir is an error. */
unsigned rules_load_dir(struct rule_set *set, const char *dir, struct diag_list *dl);

const struct rule *rule_set_find(const struct rule_set *set, const char *id);
const char *rule_level_name(enum rule_level level);

#endif
