/* Between the rule grammar (rules.y), its lexer (rules.l) and the builder (rules.c). */
#ifndef ACRN_CFGC_RULES_PARSE_H
#define ACRN_CFGC_RULES_PARSE_H

#include "rules.h"

struct rules_loc {
	int first_line, first_column, last_line, last_column;
};

/* What the grammar actions build into. */
struct rules_parser {
	struct rule_set *set;
	struct diag_list *dl;
	const char *path;     /* owned by set->files */
	struct rule *current; /* NULL between rules or after an error */
	unsigned errors;
	unsigned errors_at_rule; /* errors before the current rule's 'rule' keyword */
	void *scanner;
};

struct srcpos rules_pos(const struct rules_parser *p, const struct rules_loc *loc);
void rules_error_at(struct rules_parser *p, const struct rules_loc *loc, const char *rule,
		    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Adjacent string literals as written (escapes intact), each with where its quote is. */
struct rules_text {
	struct rules_text_piece {
		char *raw;
		struct rules_loc loc;
	} * pieces;
	size_t count;
};

/* Appends a literal to t (NULL starts a new text); takes raw. */
struct rules_text *rules_text_add(struct rules_text *t, char *raw, const struct rules_loc *loc);
void rules_text_free(struct rules_text *t);

/* Builder calls, one per grammar action. Strings passed in are owned by the builder. */
void rb_rule_begin(struct rules_parser *p, char *id, char *level, const struct rules_loc *id_loc,
		   const struct rules_loc *level_loc);
void rb_rule_end(struct rules_parser *p, const struct rules_loc *loc);
void rb_rule_abandon(struct rules_parser *p);
void rb_requires(struct rules_parser *p, char *id);
void rb_doc(struct rules_parser *p, struct rules_text *text);
void rb_for(struct rules_parser *p, char *var, char *xpath, const struct rules_loc *loc);
void rb_where(struct rules_parser *p, char *xpath, const struct rules_loc *loc);
void rb_assert(struct rules_parser *p, char *xpath, const struct rules_loc *loc);
void rb_at(struct rules_parser *p, char *xpath, const struct rules_loc *loc);
void rb_note(struct rules_parser *p, char *xpath, const struct rules_loc *xloc,
	     struct rules_text *text);
void rb_message(struct rules_parser *p, struct rules_text *text);

#endif
