/*
 * The shipped rule files, parsed when acrn-cfgc is built (rules-tablegen writes rules_shipped.c
 * from schemas/rules/). Parsing them at every run cost a fifth of a check; from this table a
 * run only copies the rules and compiles the XPath it evaluates in every run. The rule
 * directory stays what the rules are: a file is taken from the table only when it holds exactly
 * the text the table was built from, and parsed otherwise.
 */
#ifndef ACRN_CFGC_RULES_TABLE_H
#define ACRN_CFGC_RULES_TABLE_H

#include <stddef.h>

#include "rules.h"

/* A located expression; text NULL where the rule has none (an absent 'at'). */
struct rt_expr {
	unsigned line, col;
	const char *text;
};

struct rt_part {
	const char *literal; /* NULL for an expression part */
	struct rt_expr expr;
};

struct rt_template {
	unsigned line, col;
	const char *text;
	const struct rt_part *parts;
	size_t part_count;
};

struct rt_binding {
	const char *var;
	struct rt_expr expr;
};

struct rt_note {
	struct rt_expr at;
	struct rt_template text;
};

struct rt_rule {
	unsigned line, col;
	const char *id;
	enum rule_level level;
	const char *doc;
	const char *const *requires;
	size_t require_count;
	const struct rt_binding *bindings;
	size_t binding_count;
	const struct rt_expr *wheres;
	size_t where_count;
	struct rt_expr assertion, at;
	const struct rt_note *notes;
	size_t note_count;
	struct rt_template message;
};

/* One rules file: its name in the directory, the text it was built from, its rules. */
struct rt_file {
	const char *name;
	const char *text;
	size_t len;
	const struct rt_rule *rules;
	size_t rule_count;
};

struct rules_table {
	const struct rt_file *files;
	size_t file_count;
};

/* The table of the rule files acrn-cfgc was built with (generated: rules_shipped.c). */
extern const struct rules_table rules_shipped;

/*
 * Loads every *.rules file of dir in name order, as rules_load_dir does: each file that is,
 * byte for byte, one of table's from the table, any other by parsing it. Returns the number of
 * errors reported.
 */
unsigned rules_load_dir_table(struct rule_set *set, const char *dir,
			      const struct rules_table *table, struct diag_list *dl);

#endif
