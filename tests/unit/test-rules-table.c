/*
 * The shipped rules as parsed when acrn-cfgc was built (rules_table.h): loading the rule
 * directory through the table gives exactly the rules parsing it gives (every field and
 * position); a file that differs from the table's text is parsed instead; a rule id repeated
 * between a parsed file and a table file is reported as parsing reports it.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rules_table.h"
#include "tests.h"

static const char *shipped_dir = SOURCE_SCHEMA_DIR "/rules";

static bool same_text(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

static bool same_pos(struct srcpos a, struct srcpos b)
{
	return same_text(a.file, b.file) && a.line == b.line && a.col == b.col;
}

static bool same_expr(const struct rule_expr *a, const struct rule_expr *b)
{
	return same_pos(a->pos, b->pos) && same_text(a->text, b->text);
}

static bool same_template(const struct rule_template *a, const struct rule_template *b)
{
	if (!same_pos(a->pos, b->pos) || !same_text(a->text, b->text) ||
	    a->part_count != b->part_count)
		return false;
	for (size_t i = 0; i < a->part_count; i++)
		if (!same_text(a->parts[i].literal, b->parts[i].literal) ||
		    !same_expr(&a->parts[i].expr, &b->parts[i].expr))
			return false;
	return true;
}

static bool same_lists(const struct rule *a, const struct rule *b)
{
	if (a->require_count != b->require_count || a->binding_count != b->binding_count ||
	    a->where_count != b->where_count || a->note_count != b->note_count)
		return false;
	for (size_t i = 0; i < a->require_count; i++)
		if (!same_text(a->requires[i], b -> requires[i]))
			return false;
	for (size_t i = 0; i < a->binding_count; i++)
		if (!same_text(a->bindings[i].var, b->bindings[i].var) ||
		    !same_expr(&a->bindings[i].expr, &b->bindings[i].expr))
			return false;
	for (size_t i = 0; i < a->where_count; i++)
		if (!same_expr(&a->wheres[i], &b->wheres[i]))
			return false;
	for (size_t i = 0; i < a->note_count; i++)
		if (!same_expr(&a->notes[i].at, &b->notes[i].at) ||
		    !same_template(&a->notes[i].text, &b->notes[i].text))
			return false;
	return true;
}

static bool same_rule(const struct rule *a, const struct rule *b)
{
	return same_pos(a->pos, b->pos) && same_text(a->id, b->id) && a->level == b->level &&
	       same_text(a->doc, b->doc) && same_lists(a, b) &&
	       same_expr(&a->assertion, &b->assertion) && same_expr(&a->at, &b->at) &&
	       same_template(&a->message, &b->message);
}

/* Rules the table gave: what every run evaluates is compiled, the rest only when reported. */
static bool from_table(const struct rule *r)
{
	return r->assertion.comp && (!r->at.text || !r->at.comp) &&
	       (!r->note_count || !r->notes[0].at.comp);
}

static void test_table_equals_parsing(void)
{
	struct rule_set parsed, tabled;
	struct diag_list dl;
	rule_set_init(&parsed);
	rule_set_init(&tabled);
	diag_list_init(&dl);
	CU_ASSERT_EQUAL(rules_load_dir(&parsed, shipped_dir, &dl), 0);
	CU_ASSERT_EQUAL(rules_load_dir_table(&tabled, shipped_dir, &rules_shipped, &dl), 0);
	CU_ASSERT_EQUAL(dl.count, 0);
	CU_ASSERT(parsed.count > 50);
	CU_ASSERT_EQUAL(parsed.count, tabled.count);
	CU_ASSERT_EQUAL(parsed.file_count, rules_shipped.file_count);
	CU_ASSERT_EQUAL(tabled.file_count, parsed.file_count);
	size_t differ = 0, not_tabled = 0, at_rules = 0;
	for (size_t i = 0; i < parsed.count && i < tabled.count; i++) {
		differ += !same_rule(&parsed.rules[i], &tabled.rules[i]);
		not_tabled += !from_table(&tabled.rules[i]);
		at_rules += tabled.rules[i].at.text != NULL;
	}
	CU_ASSERT_EQUAL(differ, 0);
	CU_ASSERT_EQUAL(not_tabled, 0);
	CU_ASSERT(at_rules > 0);
	for (size_t i = 0; i < parsed.file_count && i < tabled.file_count; i++)
		CU_ASSERT_STRING_EQUAL(parsed.files[i], tabled.files[i]);
	rule_set_free(&parsed);
	rule_set_free(&tabled);
	diag_list_free(&dl);
}

/* Copies the shipped directory into a new temporary one; returns its path (malloc'd). */
static char *copy_shipped(void)
{
	const char *tmp = getenv("TMPDIR");
	char *dir = NULL;
	if (asprintf(&dir, "%s/test-rules-table-XXXXXX", tmp && *tmp ? tmp : "/tmp") < 0)
		return NULL;
	CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
	for (size_t i = 0; i < rules_shipped.file_count; i++) {
		const struct rt_file *f = &rules_shipped.files[i];
		char *path = NULL;
		CU_ASSERT_FATAL(asprintf(&path, "%s/%s", dir, f->name) > 0);
		FILE *out = fopen(path, "w");
		CU_ASSERT_PTR_NOT_NULL_FATAL(out);
		fwrite(f->text, 1, f->len, out);
		fclose(out);
		free(path);
	}
	return dir;
}

static void append_to(const char *dir, const char *name, const char *text)
{
	char *path = NULL;
	CU_ASSERT_FATAL(asprintf(&path, "%s/%s", dir, name) > 0);
	FILE *out = fopen(path, "a");
	CU_ASSERT_PTR_NOT_NULL_FATAL(out);
	fputs(text, out);
	fclose(out);
	free(path);
}

static void remove_dir(char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	while (d && (e = readdir(d)))
		if (e->d_name[0] != '.') {
			char *path = NULL;
			if (asprintf(&path, "%s/%s", dir, e->d_name) > 0)
				unlink(path);
			free(path);
		}
	if (d)
		closedir(d);
	CU_ASSERT_EQUAL(rmdir(dir), 0);
	free(dir);
}

static const struct rule *find(const struct rule_set *set, const char *id)
{
	return rule_set_find(set, id);
}

/*
 * vm.rules edited (a rule appended) is parsed: its new rule is there, its old ones are as
 * parsing gives them; "a.rules", parsed first, defines an id that cpu.rules (from the table)
 * defines again: the error is at cpu.rules's rule, the note at a.rules's, as parsing says it.
 */
static void test_edited_files_are_parsed(void)
{
	char *dir = copy_shipped();
	append_to(dir, "vm.rules", "\nrule site.extra warning assert { true() } message \"x\";\n");
	const char *first_cpu_rule = NULL;
	for (size_t i = 0; i < rules_shipped.file_count; i++)
		if (strcmp(rules_shipped.files[i].name, "cpu.rules") == 0)
			first_cpu_rule = rules_shipped.files[i].rules[0].id;
	CU_ASSERT_PTR_NOT_NULL_FATAL(first_cpu_rule);
	char *dup = NULL;
	CU_ASSERT_FATAL(
	    asprintf(&dup, "rule %s error assert { true() } message \"d\";\n", first_cpu_rule) > 0);
	append_to(dir, "a.rules", dup);
	free(dup);

	struct rule_set parsed, tabled;
	struct diag_list pdl, tdl;
	rule_set_init(&parsed);
	rule_set_init(&tabled);
	diag_list_init(&pdl);
	diag_list_init(&tdl);
	unsigned perr = rules_load_dir(&parsed, dir, &pdl);
	unsigned terr = rules_load_dir_table(&tabled, dir, &rules_shipped, &tdl);
	CU_ASSERT_EQUAL(perr, 1);
	CU_ASSERT_EQUAL(terr, 1);
	CU_ASSERT_EQUAL(pdl.count, 1);
	CU_ASSERT_EQUAL(tdl.count, 1);
	if (pdl.count == 1 && tdl.count == 1) {
		const struct diag *p = &pdl.items[0], *t = &tdl.items[0];
		CU_ASSERT_STRING_EQUAL(t->rule, "rules-duplicate");
		CU_ASSERT_STRING_EQUAL(t->message, p->message);
		CU_ASSERT(same_pos(t->pos, p->pos));
		CU_ASSERT(strstr(t->pos.file, "/cpu.rules") != NULL);
		CU_ASSERT_EQUAL(t->note_count, 1);
		CU_ASSERT_EQUAL(p->note_count, 1);
		if (t->note_count == 1 && p->note_count == 1)
			CU_ASSERT(same_pos(t->notes[0].pos, p->notes[0].pos));
	}
	CU_ASSERT_EQUAL(parsed.count, tabled.count);
	size_t differ = 0;
	for (size_t i = 0; i < parsed.count && i < tabled.count; i++)
		differ += !same_rule(&parsed.rules[i], &tabled.rules[i]);
	CU_ASSERT_EQUAL(differ, 0);
	const struct rule *extra = find(&tabled, "site.extra");
	CU_ASSERT_PTR_NOT_NULL(extra);
	if (extra)
		CU_ASSERT_PTR_NOT_NULL(extra->at.text ? extra->at.comp : extra->assertion.comp);
	/* the edited file was parsed (its 'at' compiled), an unedited one came from the table */
	const struct rule *vm_rule = NULL, *pci_rule = NULL;
	for (size_t i = 0; i < tabled.count; i++) {
		const struct rule *r = &tabled.rules[i];
		if (r->at.text && strstr(r->pos.file, "/vm.rules") && !vm_rule)
			vm_rule = r;
		if (r->at.text && strstr(r->pos.file, "/pci.rules") && !pci_rule)
			pci_rule = r;
	}
	CU_ASSERT(vm_rule && vm_rule->at.comp);
	CU_ASSERT(pci_rule && !pci_rule->at.comp);
	rule_set_free(&parsed);
	rule_set_free(&tabled);
	diag_list_free(&pdl);
	diag_list_free(&tdl);
	remove_dir(dir);
}

void register_rules_table_tests(void)
{
	static const struct test_case cases[] = {
	    {"the shipped table gives what parsing gives", test_table_equals_parsing},
	    {"edited files are parsed, duplicates reported", test_edited_files_are_parsed},
	};
	ADD_SUITE("rules table", NULL, NULL, cases);
}
