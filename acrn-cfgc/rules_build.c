/*
 * Rule files -> struct rule_set. The grammar calls one builder function per clause; we check
 * what the grammar cannot (a rule has an assertion and a message, ids are unique, XPath
 * compiles, templates close their braces) and report every problem with its position.
 */
#include <errno.h>
#include <libxml/xmlerror.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules_grammar.h"
#include "rules_parse.h"
#include "util.h"

int rules_yylex_init_extra(struct rules_parser *extra, void **scanner);
int rules_yylex_destroy(void *scanner);
void *rules_yy_scan_bytes(const char *bytes, int len, void *scanner);
int rules_yyparse(void *scanner, struct rules_parser *p);

#define RULES_MAX_FILE_SIZE (4u * 1024 * 1024)

void rule_set_init(struct rule_set *set)
{
	memset(set, 0, sizeof(*set));
}

static void expr_free(struct rule_expr *e)
{
	free(e->text);
	if (e->comp)
		xmlXPathFreeCompExpr(e->comp);
}

static void template_free(struct rule_template *t)
{
	for (size_t i = 0; i < t->part_count; i++) {
		free(t->parts[i].literal);
		expr_free(&t->parts[i].expr);
	}
	free(t->parts);
	free(t->text);
}

static void rule_free(struct rule *r)
{
	free(r->id);
	free(r->doc);
	for (size_t i = 0; i < r->require_count; i++)
		free(r->requires[i]);
	free(r->requires);
	for (size_t i = 0; i < r->binding_count; i++) {
		free(r->bindings[i].var);
		expr_free(&r->bindings[i].expr);
	}
	free(r->bindings);
	for (size_t i = 0; i < r->where_count; i++)
		expr_free(&r->wheres[i]);
	free(r->wheres);
	expr_free(&r->assertion);
	expr_free(&r->at);
	for (size_t i = 0; i < r->note_count; i++) {
		expr_free(&r->notes[i].at);
		template_free(&r->notes[i].text);
	}
	free(r->notes);
	template_free(&r->message);
}

void rule_set_free(struct rule_set *set)
{
	for (size_t i = 0; i < set->count; i++)
		rule_free(&set->rules[i]);
	free(set->rules);
	for (size_t i = 0; i < set->file_count; i++)
		free(set->files[i]);
	free(set->files);
	rule_set_init(set);
}

const struct rule *rule_set_find(const struct rule_set *set, const char *id)
{
	for (size_t i = 0; i < set->count; i++)
		if (strcmp(set->rules[i].id, id) == 0)
			return &set->rules[i];
	return NULL;
}

const char *rule_level_name(enum rule_level level)
{
	return level == RULE_ERROR     ? "error"
	       : level == RULE_WARNING ? "warning"
	       : level == RULE_BUILD   ? "build"
				       : "off";
}

/* ---- positions and errors ---- */

struct srcpos rules_pos(const struct rules_parser *p, const struct rules_loc *loc)
{
	struct srcpos pos = {p->path, (unsigned)loc->first_line, (unsigned)loc->first_column};
	return pos;
}

static void error_va(struct rules_parser *p, struct srcpos pos, const char *rule, const char *fmt,
		     va_list ap)
{
	char *msg = xvasprintf(fmt, ap);
	diag_error(p->dl, pos, rule, "%s", msg);
	free(msg);
	p->errors++;
}

void rules_error_at(struct rules_parser *p, const struct rules_loc *loc, const char *rule,
		    const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	error_va(p, rules_pos(p, loc), rule, fmt, ap);
	va_end(ap);
}

static void error_pos(struct rules_parser *p, struct srcpos pos, const char *rule, const char *fmt,
		      ...) __attribute__((format(printf, 4, 5)));
static void error_pos(struct rules_parser *p, struct srcpos pos, const char *rule, const char *fmt,
		      ...)
{
	va_list ap;
	va_start(ap, fmt);
	error_va(p, pos, rule, fmt, ap);
	va_end(ap);
}

struct rules_text *rules_text_add(struct rules_text *t, char *raw, const struct rules_loc *loc)
{
	if (!t)
		t = xcalloc(1, sizeof(*t));
	t->pieces = xrealloc(t->pieces, (t->count + 1) * sizeof(*t->pieces));
	t->pieces[t->count].raw = raw;
	t->pieces[t->count++].loc = *loc;
	return t;
}

void rules_text_free(struct rules_text *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->count; i++)
		free(t->pieces[i].raw);
	free(t->pieces);
	free(t);
}

/* Where the character at offset i of a piece is: one column past its opening quote. */
static struct srcpos piece_pos(const struct rules_parser *p, const struct rules_text_piece *piece,
			       size_t i)
{
	struct srcpos pos = {p->path, (unsigned)piece->loc.first_line,
			     (unsigned)piece->loc.first_column + 1 + (unsigned)i};
	return pos;
}

/* A growing string. */
struct buf {
	char *s;
	size_t len;
	size_t cap;
};

static void buf_add(struct buf *b, const char *text, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->s = xrealloc(b->s, b->cap);
	}
	memcpy(b->s + b->len, text, n);
	b->len += n;
	b->s[b->len] = '\0';
}

static char *buf_take(struct buf *b)
{
	char *s = b->s ? b->s : xstrdup("");
	b->s = NULL;
	b->len = b->cap = 0;
	return s;
}

/* The escape \c of a string literal as the character it stands for. */
static char unescape_char(char c)
{
	return c == 'n' ? '\n' : c == 't' ? '\t' : c;
}

/* The pieces joined with escapes resolved (\" \\ \n \t). */
static char *text_join(const struct rules_text *t)
{
	struct buf out = {0};
	for (size_t k = 0; k < t->count; k++)
		for (const char *r = t->pieces[k].raw; *r; r++) {
			char c = *r;
			if (c == '\\' && r[1])
				c = unescape_char(*++r);
			buf_add(&out, &c, 1);
		}
	return buf_take(&out);
}

/* ---- XPath and templates ---- */

static void on_xpath_error(void *data, xmlErrorPtr err)
{
	char **msg = data;
	if (!*msg && err->message) {
		*msg = xstrdup(err->message);
		size_t n = strlen(*msg);
		while (n && ((*msg)[n - 1] == '\n' || (*msg)[n - 1] == ' '))
			(*msg)[--n] = '\0';
	}
}

/* Compiles text (taking ownership) into e; a located error if it is not XPath 1.0. */
static void compile_expr(struct rules_parser *p, struct rule_expr *e, char *text, struct srcpos pos)
{
	e->pos = pos;
	e->text = text;
	char *msg = NULL;
	xmlSetStructuredErrorFunc(&msg, on_xpath_error);
	e->comp = xmlXPathCompile(BAD_CAST text);
	xmlSetStructuredErrorFunc(NULL, NULL);
	if (!e->comp)
		error_pos(p, pos, "rules-xpath", "invalid XPath expression '%s': %s", text,
			  msg ? msg : "does not compile");
	free(msg);
}

/*
 * The {xpath} part starting at raw[0] == '{', as written inside a string literal: escapes are
 * resolved (so \" is a quote), quotes are respected. Returns the raw length consumed and the
 * expression in *expr, or 0 when the brace is never closed.
 */
static size_t template_part(const char *raw, char **expr)
{
	struct buf out = {0};
	char quote = 0;
	for (size_t i = 1; raw[i]; i++) {
		char c = raw[i];
		if (c == '\\' && raw[i + 1])
			c = unescape_char(raw[++i]);
		else if (!quote && c == '}') {
			*expr = buf_take(&out);
			return i + 1;
		}
		if (quote)
			quote = c == quote ? 0 : quote;
		else if (c == '\'' || c == '"')
			quote = c;
		buf_add(&out, &c, 1);
	}
	free(out.s);
	return 0;
}

static struct rule_template_part *add_part(struct rule_template *t)
{
	t->parts = xrealloc(t->parts, (t->part_count + 1) * sizeof(*t->parts));
	struct rule_template_part *part = &t->parts[t->part_count++];
	memset(part, 0, sizeof(*part));
	return part;
}

static void flush_literal(struct rule_template *t, struct buf *lit)
{
	if (lit->len)
		add_part(t)->literal = buf_take(lit);
}

/* One literal: its text goes to lit, each {xpath} becomes a compiled part at its own column. */
static int parse_piece(struct rules_parser *p, struct rule_template *t,
		       const struct rules_text_piece *piece, struct buf *lit)
{
	const char *raw = piece->raw;
	for (size_t i = 0; raw[i]; i++) {
		if (raw[i] == '\\' && raw[i + 1]) {
			char c = unescape_char(raw[++i]);
			buf_add(lit, &c, 1);
			continue;
		}
		if (raw[i] != '{') {
			buf_add(lit, raw + i, 1);
			continue;
		}
		char *expr = NULL;
		size_t len = template_part(raw + i, &expr);
		if (!len) {
			error_pos(
			    p, piece_pos(p, piece, i), "rules-syntax",
			    "'{' in the text is never closed; write {xpath} to insert a value");
			return -1;
		}
		flush_literal(t, lit);
		compile_expr(p, &add_part(t)->expr, expr, piece_pos(p, piece, i));
		i += len - 1;
	}
	return 0;
}

/* Takes text: the template's parts, with every {xpath} located where it is written. */
static void parse_template(struct rules_parser *p, struct rule_template *t, struct rules_text *text)
{
	struct buf lit = {0};
	t->pos = piece_pos(p, &text->pieces[0], 0);
	t->pos.col--; /* at the opening quote */
	t->text = text_join(text);
	for (size_t k = 0; k < text->count; k++)
		if (parse_piece(p, t, &text->pieces[k], &lit) != 0)
			break;
	flush_literal(t, &lit);
	free(lit.s);
	rules_text_free(text);
}

/* ---- builder ---- */

#define APPEND(array, count)                                                                       \
	((array) = xrealloc((array), ((count) + 1) * sizeof(*(array))), &(array)[(count)++])

void rb_rule_begin(struct rules_parser *p, char *id, char *level, const struct rules_loc *id_loc,
		   const struct rules_loc *level_loc)
{
	(void)level_loc;
	p->current = xcalloc(1, sizeof(*p->current));
	p->current->pos = rules_pos(p, id_loc);
	p->current->id = id;
	p->current->level = strcmp(level, "error") == 0	    ? RULE_ERROR
			    : strcmp(level, "warning") == 0 ? RULE_WARNING
			    : strcmp(level, "build") == 0   ? RULE_BUILD
							    : RULE_OFF;
	free(level);
}

void rb_rule_abandon(struct rules_parser *p)
{
	if (p->current) {
		rule_free(p->current);
		free(p->current);
		p->current = NULL;
	}
}

void rb_rule_end(struct rules_parser *p, const struct rules_loc *loc)
{
	struct rule *r = p->current;
	if (!r)
		return;
	if (!r->assertion.text)
		rules_error_at(p, loc, "rules-incomplete", "rule '%s' has no 'assert' clause",
			       r->id);
	if (!r->message.text)
		rules_error_at(p, loc, "rules-incomplete", "rule '%s' has no 'message' clause",
			       r->id);
	const struct rule *twin = rule_set_find(p->set, r->id);
	if (twin) {
		error_pos(p, r->pos, "rules-duplicate", "rule '%s' is defined twice", r->id);
		diag_add_note(&p->dl->items[p->dl->count - 1], twin->pos, "first defined here");
	}
	if (p->errors != p->errors_at_rule) {
		rb_rule_abandon(p);
		return;
	}
	*APPEND(p->set->rules, p->set->count) = *r;
	free(r);
	p->current = NULL;
}

void rb_requires(struct rules_parser *p, char *id)
{
	if (!p->current) {
		free(id);
		return;
	}
	*APPEND(p->current->requires, p->current->require_count) = id;
}

void rb_doc(struct rules_parser *p, struct rules_text *text)
{
	if (p->current) {
		free(p->current->doc);
		p->current->doc = text_join(text);
	}
	rules_text_free(text);
}

void rb_for(struct rules_parser *p, char *var, char *xpath, const struct rules_loc *loc)
{
	if (!p->current) {
		free(var);
		free(xpath);
		return;
	}
	struct rule_binding *b = APPEND(p->current->bindings, p->current->binding_count);
	memset(b, 0, sizeof(*b));
	b->var = var;
	compile_expr(p, &b->expr, xpath, rules_pos(p, loc));
}

void rb_where(struct rules_parser *p, char *xpath, const struct rules_loc *loc)
{
	if (!p->current) {
		free(xpath);
		return;
	}
	struct rule_expr *e = APPEND(p->current->wheres, p->current->where_count);
	memset(e, 0, sizeof(*e));
	compile_expr(p, e, xpath, rules_pos(p, loc));
}

/* assert and at appear once per rule. */
static void set_once(struct rules_parser *p, struct rule_expr *e, const char *clause, char *xpath,
		     const struct rules_loc *loc)
{
	if (!p->current) {
		free(xpath);
		return;
	}
	if (e->text) {
		rules_error_at(p, loc, "rules-syntax", "rule '%s' has a second '%s' clause",
			       p->current->id, clause);
		free(xpath);
		return;
	}
	compile_expr(p, e, xpath, rules_pos(p, loc));
}

void rb_assert(struct rules_parser *p, char *xpath, const struct rules_loc *loc)
{
	set_once(p, p->current ? &p->current->assertion : NULL, "assert", xpath, loc);
}

void rb_at(struct rules_parser *p, char *xpath, const struct rules_loc *loc)
{
	set_once(p, p->current ? &p->current->at : NULL, "at", xpath, loc);
}

void rb_note(struct rules_parser *p, char *xpath, const struct rules_loc *xloc,
	     struct rules_text *text)
{
	if (!p->current) {
		free(xpath);
		rules_text_free(text);
		return;
	}
	struct rule_note *n = APPEND(p->current->notes, p->current->note_count);
	memset(n, 0, sizeof(*n));
	compile_expr(p, &n->at, xpath, rules_pos(p, xloc));
	parse_template(p, &n->text, text);
}

void rb_message(struct rules_parser *p, struct rules_text *text)
{
	if (!p->current) {
		rules_text_free(text);
		return;
	}
	if (p->current->message.text) {
		rules_error_at(p, &text->pieces[0].loc, "rules-syntax",
			       "rule '%s' has a second 'message' clause", p->current->id);
		rules_text_free(text);
		return;
	}
	parse_template(p, &p->current->message, text);
}

/* ---- loading ---- */

unsigned rules_load_buffer(struct rule_set *set, const char *name, const char *buf, size_t len,
			   struct diag_list *dl)
{
	struct rules_parser p = {.set = set, .dl = dl};
	*APPEND(set->files, set->file_count) = xstrdup(name);
	p.path = set->files[set->file_count - 1];
	if (len > RULES_MAX_FILE_SIZE) {
		struct srcpos pos = {p.path, 0, 0};
		diag_error(dl, pos, "rules-syntax", "rules file is larger than %u bytes",
			   RULES_MAX_FILE_SIZE);
		return 1;
	}
	if (rules_yylex_init_extra(&p, &p.scanner) != 0)
		abort();
	rules_yy_scan_bytes(buf, (int)len, p.scanner);
	rules_yyparse(p.scanner, &p);
	rules_yylex_destroy(p.scanner);
	rb_rule_abandon(&p);
	return p.errors;
}

unsigned rules_load_file(struct rule_set *set, const char *path, struct diag_list *dl)
{
	struct srcpos pos = {path, 0, 0};
	FILE *f = fopen(path, "rb");
	if (!f) {
		diag_error(dl, pos, "io", "cannot open rules file: %s", strerror(errno));
		return 1;
	}
	char *buf = xmalloc(RULES_MAX_FILE_SIZE + 1);
	size_t len = fread(buf, 1, RULES_MAX_FILE_SIZE + 1, f);
	int failed = ferror(f);
	fclose(f);
	unsigned errors = 0;
	if (failed) {
		diag_error(dl, pos, "io", "cannot read rules file");
		errors = 1;
	} else {
		errors = rules_load_buffer(set, path, buf, len, dl);
	}
	free(buf);
	return errors;
}
