/*
 * Diagnostics: counting, sorting, and the three output formats (GCC-style text, JSON, SARIF),
 * each printed to memory and checked exactly or parsed back with jansson.
 */
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "tests.h"

static struct srcpos at(const char *file, unsigned line, unsigned col)
{
	struct srcpos pos = {file, line, col};
	return pos;
}

/* Prints dl in fmt to a malloc'd string. */
static char *print_to_string(const struct diag_list *dl, enum diag_format fmt)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	CU_ASSERT_EQUAL(diag_list_print(dl, fmt, f), 0);
	fclose(f);
	return buf;
}

static json_t *print_to_json(const struct diag_list *dl, enum diag_format fmt)
{
	char *text = print_to_string(dl, fmt);
	json_error_t err;
	json_t *doc = json_loads(text, 0, &err);
	free(text);
	CU_ASSERT_PTR_NOT_NULL(doc);
	return doc;
}

/* Lookup by a path of object keys, e.g. get(o, "a", "b", NULL). */
static json_t *get(json_t *o, ...)
{
	va_list ap;
	va_start(ap, o);
	for (const char *k = va_arg(ap, const char *); k && o; k = va_arg(ap, const char *))
		o = json_object_get(o, k);
	va_end(ap);
	return o;
}

static const char *get_str(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static json_int_t get_int(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	CU_ASSERT_TRUE(json_is_integer(v));
	return json_integer_value(v);
}

/* ---- collection ---- */

static void test_counts(void)
{
	struct diag_list dl;
	diag_list_init(&dl);
	CU_ASSERT_EQUAL(dl.count, 0);
	diag_error(&dl, at("a.xml", 1, 1), "r1", "first %d", 1);
	diag_warning(&dl, at("a.xml", 2, 1), "r2", "second");
	diag_report(&dl, DIAG_NOTE, at("a.xml", 3, 1), "r3", "third");
	diag_error(&dl, at("b.xml", 0, 0), "r1", "fourth");
	CU_ASSERT_EQUAL(dl.count, 4);
	CU_ASSERT_EQUAL(dl.errors, 2);
	CU_ASSERT_EQUAL(dl.warnings, 1);
	ASSERT_STR_EQ(dl.items[0].message, "first 1");
	ASSERT_STR_EQ(dl.items[1].rule, "r2");
	CU_ASSERT_EQUAL(dl.items[2].severity, DIAG_NOTE);
	diag_list_free(&dl);
	CU_ASSERT_EQUAL(dl.count, 0);
	CU_ASSERT_EQUAL(dl.errors, 0);
	CU_ASSERT_EQUAL(dl.warnings, 0);
}

/* More reports than the initial capacity: every one kept, in order. */
static void test_many(void)
{
	struct diag_list dl;
	diag_list_init(&dl);
	for (unsigned i = 0; i < 100; i++)
		diag_error(&dl, at("a.xml", i + 1, 1), "r", "m%u", i);
	CU_ASSERT_EQUAL(dl.count, 100);
	CU_ASSERT_EQUAL(dl.errors, 100);
	ASSERT_STR_EQ(dl.items[99].message, "m99");
	CU_ASSERT_EQUAL(dl.items[99].pos.line, 100);
	CU_ASSERT_EQUAL(dl.items[57].seq, 57);
	diag_list_free(&dl);
}

static void test_copies_file_name(void)
{
	struct diag_list dl;
	char name[16] = "tmp.xml";
	diag_list_init(&dl);
	struct diag *d = diag_error(&dl, at(name, 4, 2), "r", "x");
	diag_add_note(d, at(name, 1, 1), "note %s", "one");
	strcpy(name, "CHANGED");
	ASSERT_STR_EQ(dl.items[0].pos.file, "tmp.xml");
	CU_ASSERT_EQUAL(dl.items[0].note_count, 1);
	ASSERT_STR_EQ(dl.items[0].notes[0].pos.file, "tmp.xml");
	ASSERT_STR_EQ(dl.items[0].notes[0].message, "note one");
	diag_list_free(&dl);
}

static void test_sort(void)
{
	struct diag_list dl;
	diag_list_init(&dl);
	diag_error(&dl, at("b.xml", 5, 1), "r", "b5");
	diag_error(&dl, at("a.xml", 1, 1), "r", "a1-first");
	diag_error(&dl, at("b.xml", 2, 7), "r", "b2c7");
	diag_error(&dl, at("b.xml", 2, 3), "r", "b2c3");
	diag_error(&dl, at("a.xml", 1, 1), "r", "a1-second");
	diag_error(&dl, at(NULL, 0, 0), "r", "tool");
	diag_error(&dl, at("b.xml", 0, 0), "r", "b-file");
	diag_list_sort(&dl);
	static const char *const want[] = {"tool", "b-file",   "b2c3",	   "b2c7",
					   "b5",   "a1-first", "a1-second"};
	CU_ASSERT_EQUAL_FATAL(dl.count, 7);
	for (size_t i = 0; i < dl.count; i++) {
		ASSERT_STR_EQ(dl.items[i].message, want[i]);
		CU_ASSERT_EQUAL(dl.items[i].seq, i);
	}
	diag_list_free(&dl);
}

/* Equal positions keep report order even where qsort alone would not. */
static void test_sort_stable(void)
{
	struct diag_list dl;
	char want[16];
	diag_list_init(&dl);
	for (unsigned i = 0; i < 50; i++)
		diag_error(&dl, at(i % 2 ? "y.xml" : "x.xml", 3, 3), "r", "m%u", i);
	diag_list_sort(&dl);
	for (unsigned i = 0; i < 50; i++) {
		unsigned orig = i < 25 ? 2 * i : 2 * (i - 25) + 1;
		snprintf(want, sizeof(want), "m%u", orig);
		ASSERT_STR_EQ(dl.items[i].message, want);
	}
	diag_list_free(&dl);
}

/* ---- text ---- */

static void fill_sample(struct diag_list *dl)
{
	diag_list_init(dl);
	struct diag *d =
	    diag_error(dl, at("dir/s.xml", 12, 5), "schema-unique", "duplicate <name> '%s'", "VM0");
	diag_add_note(d, at("dir/s.xml", 4, 11), "'VM0' is first used here");
	diag_warning(dl, at("b.xml", 0, 0), "io", "whole file");
	diag_error(dl, at("c.xml", 7, 0), "value-number", "no column");
	diag_report(dl, DIAG_NOTE, at(NULL, 0, 0), "cli", "from the tool");
}

static void test_text(void)
{
	struct diag_list dl;
	fill_sample(&dl);
	char *text = print_to_string(&dl, DIAG_FORMAT_TEXT);
	ASSERT_STR_EQ(text, "dir/s.xml:12:5: error: duplicate <name> 'VM0' [schema-unique]\n"
			    "dir/s.xml:4:11: note: 'VM0' is first used here\n"
			    "b.xml: warning: whole file [io]\n"
			    "c.xml:7:0: error: no column [value-number]\n"
			    "acrn-cfgc: note: from the tool [cli]\n");
	free(text);
	diag_list_free(&dl);
}

static void test_text_empty(void)
{
	struct diag_list dl;
	diag_list_init(&dl);
	char *text = print_to_string(&dl, DIAG_FORMAT_TEXT);
	ASSERT_STR_EQ(text, "");
	free(text);
}

/* ---- JSON ---- */

static void check_json_item(json_t *o, const char *sev, const char *file, json_int_t line,
			    json_int_t col, const char *rule)
{
	ASSERT_STR_EQ(get_str(o, "severity"), sev);
	if (file)
		ASSERT_STR_EQ(get_str(o, "file"), file);
	else
		CU_ASSERT_TRUE(json_is_null(json_object_get(o, "file")));
	CU_ASSERT_EQUAL(get_int(o, "line"), line);
	CU_ASSERT_EQUAL(get_int(o, "column"), col);
	ASSERT_STR_EQ(get_str(o, "rule"), rule);
	CU_ASSERT_TRUE(json_is_array(json_object_get(o, "notes")));
}

static void test_json(void)
{
	struct diag_list dl;
	fill_sample(&dl);
	json_t *doc = print_to_json(&dl, DIAG_FORMAT_JSON);
	CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
	CU_ASSERT_EQUAL(get_int(doc, "errors"), 2);
	CU_ASSERT_EQUAL(get_int(doc, "warnings"), 1);
	json_t *arr = json_object_get(doc, "diagnostics");
	CU_ASSERT_EQUAL(json_array_size(arr), 4);
	json_t *first = json_array_get(arr, 0);
	check_json_item(first, "error", "dir/s.xml", 12, 5, "schema-unique");
	ASSERT_STR_EQ(get_str(first, "message"), "duplicate <name> 'VM0'");
	json_t *note = json_array_get(json_object_get(first, "notes"), 0);
	ASSERT_STR_EQ(get_str(note, "file"), "dir/s.xml");
	CU_ASSERT_EQUAL(get_int(note, "line"), 4);
	CU_ASSERT_EQUAL(get_int(note, "column"), 11);
	ASSERT_STR_EQ(get_str(note, "message"), "'VM0' is first used here");
	check_json_item(json_array_get(arr, 1), "warning", "b.xml", 0, 0, "io");
	check_json_item(json_array_get(arr, 2), "error", "c.xml", 7, 0, "value-number");
	check_json_item(json_array_get(arr, 3), "note", NULL, 0, 0, "cli");
	CU_ASSERT_EQUAL(json_array_size(get(json_array_get(arr, 1), "notes", NULL)), 0);
	json_decref(doc);
	diag_list_free(&dl);
}

/* Quotes, backslashes and control characters in messages survive the JSON encoding. */
static void test_json_escaping(void)
{
	struct diag_list dl;
	diag_list_init(&dl);
	diag_error(&dl, at("q\"uote.xml", 1, 1), "r", "a \"b\" \\ c\td\n");
	json_t *doc = print_to_json(&dl, DIAG_FORMAT_JSON);
	CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
	json_t *o = json_array_get(json_object_get(doc, "diagnostics"), 0);
	ASSERT_STR_EQ(get_str(o, "message"), "a \"b\" \\ c\td\n");
	ASSERT_STR_EQ(get_str(o, "file"), "q\"uote.xml");
	json_decref(doc);
	diag_list_free(&dl);
}

/* ---- SARIF ---- */

static json_t *sarif_results(json_t *doc)
{
	return get(json_array_get(json_object_get(doc, "runs"), 0), "results", NULL);
}

static json_t *sarif_rules(json_t *doc)
{
	return get(json_array_get(json_object_get(doc, "runs"), 0), "tool", "driver", "rules",
		   NULL);
}

static void test_sarif_envelope(void)
{
	struct diag_list dl;
	fill_sample(&dl);
	json_t *doc = print_to_json(&dl, DIAG_FORMAT_SARIF);
	CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
	ASSERT_STR_EQ(get_str(doc, "version"), "2.1.0");
	CU_ASSERT_EQUAL(json_array_size(json_object_get(doc, "runs")), 1);
	json_t *driver =
	    get(json_array_get(json_object_get(doc, "runs"), 0), "tool", "driver", NULL);
	ASSERT_STR_EQ(get_str(driver, "name"), "acrn-cfgc");
	CU_ASSERT_EQUAL(json_array_size(sarif_results(doc)), 4);
	/* four distinct rules, each listed once */
	CU_ASSERT_EQUAL(json_array_size(sarif_rules(doc)), 4);
	json_decref(doc);
	diag_list_free(&dl);
}

static void test_sarif_results(void)
{
	struct diag_list dl;
	fill_sample(&dl);
	json_t *doc = print_to_json(&dl, DIAG_FORMAT_SARIF);
	CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
	json_t *r0 = json_array_get(sarif_results(doc), 0);
	ASSERT_STR_EQ(get_str(r0, "ruleId"), "schema-unique");
	ASSERT_STR_EQ(get_str(r0, "level"), "error");
	ASSERT_STR_EQ(get_str(get(r0, "message", NULL), "text"), "duplicate <name> 'VM0'");
	json_t *phys =
	    get(json_array_get(json_object_get(r0, "locations"), 0), "physicalLocation", NULL);
	ASSERT_STR_EQ(get_str(get(phys, "artifactLocation", NULL), "uri"), "dir/s.xml");
	CU_ASSERT_EQUAL(get_int(get(phys, "region", NULL), "startLine"), 12);
	CU_ASSERT_EQUAL(get_int(get(phys, "region", NULL), "startColumn"), 5);
	ASSERT_STR_EQ(get_str(json_array_get(sarif_results(doc), 1), "level"), "warning");
	ASSERT_STR_EQ(get_str(json_array_get(sarif_results(doc), 3), "level"), "note");
	json_decref(doc);
	diag_list_free(&dl);
}

static json_t *first_region(json_t *result)
{
	return get(json_array_get(json_object_get(result, "locations"), 0), "physicalLocation",
		   "region", NULL);
}

static void test_sarif_regions(void)
{
	struct diag_list dl;
	fill_sample(&dl);
	json_t *doc = print_to_json(&dl, DIAG_FORMAT_SARIF);
	CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
	/* line 0: no region at all */
	CU_ASSERT_PTR_NULL(first_region(json_array_get(sarif_results(doc), 1)));
	/* column 0: a region with a line but no column */
	json_t *region = first_region(json_array_get(sarif_results(doc), 2));
	CU_ASSERT_PTR_NOT_NULL_FATAL(region);
	CU_ASSERT_EQUAL(get_int(region, "startLine"), 7);
	CU_ASSERT_PTR_NULL(json_object_get(region, "startColumn"));
	json_decref(doc);
	diag_list_free(&dl);
}

static void test_sarif_related(void)
{
	struct diag_list dl;
	fill_sample(&dl);
	json_t *doc = print_to_json(&dl, DIAG_FORMAT_SARIF);
	CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
	json_t *rel = json_object_get(json_array_get(sarif_results(doc), 0), "relatedLocations");
	CU_ASSERT_EQUAL_FATAL(json_array_size(rel), 1);
	json_t *loc = json_array_get(rel, 0);
	ASSERT_STR_EQ(get_str(get(loc, "message", NULL), "text"), "'VM0' is first used here");
	json_t *phys = get(loc, "physicalLocation", NULL);
	ASSERT_STR_EQ(get_str(get(phys, "artifactLocation", NULL), "uri"), "dir/s.xml");
	CU_ASSERT_EQUAL(get_int(get(phys, "region", NULL), "startLine"), 4);
	CU_ASSERT_EQUAL(get_int(get(phys, "region", NULL), "startColumn"), 11);
	/* results without notes carry no relatedLocations */
	CU_ASSERT_PTR_NULL(
	    json_object_get(json_array_get(sarif_results(doc), 1), "relatedLocations"));
	json_decref(doc);
	diag_list_free(&dl);
}

static void test_sarif_rule_index(void)
{
	struct diag_list dl;
	diag_list_init(&dl);
	diag_error(&dl, at("a.xml", 1, 1), "alpha", "1");
	diag_error(&dl, at("a.xml", 2, 1), "beta", "2");
	diag_error(&dl, at("a.xml", 3, 1), "alpha", "3");
	json_t *doc = print_to_json(&dl, DIAG_FORMAT_SARIF);
	CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
	json_t *rules = sarif_rules(doc), *results = sarif_results(doc);
	CU_ASSERT_EQUAL(json_array_size(rules), 2);
	static const json_int_t want[] = {0, 1, 0};
	for (size_t i = 0; i < 3; i++) {
		json_t *r = json_array_get(results, i);
		json_int_t idx = get_int(r, "ruleIndex");
		CU_ASSERT_EQUAL(idx, want[i]);
		ASSERT_STR_EQ(get_str(json_array_get(rules, (size_t)idx), "id"),
			      get_str(r, "ruleId"));
	}
	json_decref(doc);
	diag_list_free(&dl);
}

static const char *first_uri(json_t *doc)
{
	json_t *r = json_array_get(sarif_results(doc), 0);
	return get_str(get(json_array_get(json_object_get(r, "locations"), 0), "physicalLocation",
			   "artifactLocation", NULL),
		       "uri");
}

static void test_sarif_uri(void)
{
	struct diag_list dl;
	diag_list_init(&dl);
	diag_error(&dl, at("/tmp/my dir/a_b-c~d.xml", 1, 1), "r", "x");
	json_t *doc = print_to_json(&dl, DIAG_FORMAT_SARIF);
	CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
	ASSERT_STR_EQ(first_uri(doc), "file:///tmp/my%20dir/a_b-c~d.xml");
	json_decref(doc);
	diag_list_free(&dl);

	diag_list_init(&dl);
	diag_error(&dl, at("/srv/\xc3\xbc%.xml", 1, 1), "r", "x");
	doc = print_to_json(&dl, DIAG_FORMAT_SARIF);
	CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
	ASSERT_STR_EQ(first_uri(doc), "file:///srv/%C3%BC%25.xml");
	json_decref(doc);
	diag_list_free(&dl);
}

static void test_parse_format(void)
{
	enum diag_format f = DIAG_FORMAT_SARIF;
	CU_ASSERT_EQUAL(diag_parse_format("text", &f), 0);
	CU_ASSERT_EQUAL(f, DIAG_FORMAT_TEXT);
	CU_ASSERT_EQUAL(diag_parse_format("json", &f), 0);
	CU_ASSERT_EQUAL(f, DIAG_FORMAT_JSON);
	CU_ASSERT_EQUAL(diag_parse_format("sarif", &f), 0);
	CU_ASSERT_EQUAL(f, DIAG_FORMAT_SARIF);
	CU_ASSERT_EQUAL(diag_parse_format("JSON", &f), -1);
	CU_ASSERT_EQUAL(diag_parse_format("", &f), -1);
	CU_ASSERT_EQUAL(diag_parse_format("xml", &f), -1);
	CU_ASSERT_EQUAL(f, DIAG_FORMAT_SARIF); /* untouched on error */
	ASSERT_STR_EQ(diag_severity_name(DIAG_ERROR), "error");
	ASSERT_STR_EQ(diag_severity_name(DIAG_WARNING), "warning");
	ASSERT_STR_EQ(diag_severity_name(DIAG_NOTE), "note");
}

void register_diag_tests(void)
{
	static const struct test_case cases[] = {
	    {"counts", test_counts},
	    {"grows past initial capacity", test_many},
	    {"file names are copied", test_copies_file_name},
	    {"sort: file of first appearance, line, column", test_sort},
	    {"sort is stable", test_sort_stable},
	    {"text output", test_text},
	    {"text output of no diagnostics", test_text_empty},
	    {"json output", test_json},
	    {"json escaping", test_json_escaping},
	    {"sarif envelope", test_sarif_envelope},
	    {"sarif results", test_sarif_results},
	    {"sarif regions", test_sarif_regions},
	    {"sarif related locations", test_sarif_related},
	    {"sarif rule index", test_sarif_rule_index},
	    {"sarif file uri", test_sarif_uri},
	    {"diag_parse_format", test_parse_format},
	};
	ADD_SUITE("diag", NULL, NULL, cases);
}
