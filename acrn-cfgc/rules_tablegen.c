/*
 * rules-tablegen OUT.c FILE.rules...: parses the shipped rule files with the compiler's own
 * parser when acrn-cfgc is built, and writes them as the C table of rules_table.h (the rules of
 * each file, with every position, and the file's text, which a run compares with the file it
 * finds). A rule file with an error stops the build with the error, located.
 */
#include <errno.h>
#include <libxml/parser.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules.h"
#include "tablegen.h"
#include "util.h"

static void put_text(FILE *out, const char *s)
{
	if (s)
		tablegen_put_string(out, s, strlen(s));
	else
		fputs("NULL", out);
}

static void put_expr(FILE *out, const struct rule_expr *e)
{
	fprintf(out, "{%u, %u, ", e->text ? e->pos.line : 0, e->text ? e->pos.col : 0);
	put_text(out, e->text);
	fputs("}", out);
}

/* The parts array of a template, named NAME; its initializer refers to it. */
static void put_parts(FILE *out, const char *name, const struct rule_template *t)
{
	if (!t->part_count)
		return;
	fprintf(out, "static const struct rt_part %s[] = {\n", name);
	for (size_t i = 0; i < t->part_count; i++) {
		fputs("\t{", out);
		put_text(out, t->parts[i].literal);
		fputs(", ", out);
		put_expr(out, &t->parts[i].expr);
		fputs("},\n", out);
	}
	fputs("};\n", out);
}

static void put_template(FILE *out, const char *parts, const struct rule_template *t)
{
	fprintf(out, "{%u, %u, ", t->pos.line, t->pos.col);
	put_text(out, t->text);
	fprintf(out, ", %s, %zu}", t->part_count ? parts : "NULL", t->part_count);
}

/* The arrays one rule refers to, named after it (P: its prefix). */
static void put_rule_arrays(FILE *out, const char *p, const struct rule *r)
{
	if (r->require_count) {
		fprintf(out, "static const char *const %s_requires[] = {", p);
		for (size_t i = 0; i < r->require_count; i++) {
			put_text(out, r->requires[i]);
			fputs(", ", out);
		}
		fputs("};\n", out);
	}
	if (r->binding_count) {
		fprintf(out, "static const struct rt_binding %s_bindings[] = {\n", p);
		for (size_t i = 0; i < r->binding_count; i++) {
			fputs("\t{", out);
			put_text(out, r->bindings[i].var);
			fputs(", ", out);
			put_expr(out, &r->bindings[i].expr);
			fputs("},\n", out);
		}
		fputs("};\n", out);
	}
	if (r->where_count) {
		fprintf(out, "static const struct rt_expr %s_wheres[] = {\n", p);
		for (size_t i = 0; i < r->where_count; i++) {
			fputs("\t", out);
			put_expr(out, &r->wheres[i]);
			fputs(",\n", out);
		}
		fputs("};\n", out);
	}
}

static void put_notes(FILE *out, const char *p, const struct rule *r)
{
	if (!r->note_count)
		return;
	for (size_t i = 0; i < r->note_count; i++) {
		char *name = xasprintf("%s_note%zu_parts", p, i);
		put_parts(out, name, &r->notes[i].text);
		free(name);
	}
	fprintf(out, "static const struct rt_note %s_notes[] = {\n", p);
	for (size_t i = 0; i < r->note_count; i++) {
		char *name = xasprintf("%s_note%zu_parts", p, i);
		fputs("\t{", out);
		put_expr(out, &r->notes[i].at);
		fputs(", ", out);
		put_template(out, name, &r->notes[i].text);
		fputs("},\n", out);
		free(name);
	}
	fputs("};\n", out);
}

static const char *level_name(enum rule_level level)
{
	return level == RULE_ERROR     ? "RULE_ERROR"
	       : level == RULE_WARNING ? "RULE_WARNING"
	       : level == RULE_BUILD   ? "RULE_BUILD"
				       : "RULE_OFF";
}

static void put_array_ref(FILE *out, const char *p, const char *what, size_t count)
{
	if (count)
		fprintf(out, "%s_%s, %zu, ", p, what, count);
	else
		fputs("NULL, 0, ", out);
}

static void put_rule(FILE *out, const char *p, const struct rule *r)
{
	fprintf(out, "\t{%u, %u, ", r->pos.line, r->pos.col);
	put_text(out, r->id);
	fprintf(out, ", %s, ", level_name(r->level));
	put_text(out, r->doc);
	fputs(",\n\t ", out);
	put_array_ref(out, p, "requires", r->require_count);
	put_array_ref(out, p, "bindings", r->binding_count);
	put_array_ref(out, p, "wheres", r->where_count);
	fputs("\n\t ", out);
	put_expr(out, &r->assertion);
	fputs(", ", out);
	put_expr(out, &r->at);
	fputs(",\n\t ", out);
	put_array_ref(out, p, "notes", r->note_count);
	fputs("\n\t ", out);
	char *parts = xasprintf("%s_message_parts", p);
	put_template(out, parts, &r->message);
	free(parts);
	fputs("},\n", out);
}

/* Everything of file f (index k): its rules' arrays, its rules, its text. */
static void put_file(FILE *out, size_t k, const struct rule *rules, size_t count, const char *text,
		     size_t len)
{
	for (size_t i = 0; i < count; i++) {
		char *p = xasprintf("f%zu_r%zu", k, i);
		char *parts = xasprintf("%s_message_parts", p);
		put_rule_arrays(out, p, &rules[i]);
		put_notes(out, p, &rules[i]);
		put_parts(out, parts, &rules[i].message);
		free(parts);
		free(p);
	}
	if (count) {
		fprintf(out, "static const struct rt_rule f%zu_rules[] = {\n", k);
		for (size_t i = 0; i < count; i++) {
			char *p = xasprintf("f%zu_r%zu", k, i);
			put_rule(out, p, &rules[i]);
			free(p);
		}
		fputs("};\n", out);
	} else {
		fprintf(out, "#define f%zu_rules NULL\n", k);
	}
	fprintf(out, "static const char f%zu_text[] =\n\t", k);
	tablegen_put_string(out, text, len);
	fputs(";\n\n", out);
}

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fputs("usage: rules-tablegen OUT.c FILE.rules...\n", stderr);
		return 2;
	}
	FILE *out = fopen(argv[1], "w");
	if (!out) {
		fprintf(stderr, "rules-tablegen: %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	fputs("/* The shipped rule files, parsed: written by rules-tablegen, do not edit. */\n"
	      "#include \"rules_table.h\"\n\n",
	      out);
	struct rule_set set;
	struct diag_list dl;
	rule_set_init(&set);
	diag_list_init(&dl);
	size_t *first = xcalloc((size_t)argc, sizeof(*first));
	for (int i = 2; i < argc; i++) {
		size_t len;
		char *text = tablegen_read("rules-tablegen", argv[i], &len);
		first[i] = set.count;
		rules_load_buffer(&set, argv[i], text, len, &dl);
		put_file(out, (size_t)i - 2, set.rules + first[i], set.count - first[i], text, len);
		free(text);
	}
	fputs("static const struct rt_file files[] = {\n", out);
	for (int i = 2; i < argc; i++) {
		size_t next = i + 1 < argc ? first[i + 1] : set.count;
		fprintf(out, "\t{\"%s\", f%d_text, sizeof(f%d_text) - 1, f%d_rules, %zu},\n",
			base_name(argv[i]), i - 2, i - 2, i - 2, next - first[i]);
	}
	fprintf(out, "};\n\nconst struct rules_table rules_shipped = {files, %d};\n", argc - 2);
	int status = dl.count ? 1 : 0;
	diag_list_sort(&dl);
	diag_list_print(&dl, DIAG_FORMAT_TEXT, stderr);
	if (fclose(out) != 0)
		status = 1;
	if (status)
		remove(argv[1]);
	free(first);
	rule_set_free(&set);
	diag_list_free(&dl);
	xmlCleanupParser();
	return status;
}
