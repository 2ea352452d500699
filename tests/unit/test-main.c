/*
 * CUnit runner for the acrn-cfgc unit tests. Exit status: 0 all passed, 1 a test failed,
 * 99 the runner itself broke (automake's "hard error"), so a broken harness never looks green.
 */
#include <CUnit/Basic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tests.h"
#include "util.h"
#include "validate.h"
#include "xmlload.h"

#define EXIT_HARD_ERROR 99

static void hard_error(const char *what)
{
	fprintf(stderr, "test-cfgc: %s: %s\n", what, CU_get_error_msg());
	CU_cleanup_registry();
	exit(EXIT_HARD_ERROR);
}

static bool corpus_present;
static unsigned corpus_tests_skipped;

/* The corpus is there when $SHARED_DIR/acrn-compat/README.md is readable. */
static bool find_corpus(void)
{
	const char *dir = getenv("SHARED_DIR");
	if (!dir || !*dir)
		return false;
	char path[4096];
	snprintf(path, sizeof(path), "%s/acrn-compat/README.md", dir);
	return access(path, R_OK) == 0;
}

void add_suite(const char *name, CU_InitializeFunc init, CU_CleanupFunc cleanup,
	       const struct test_case *cases, size_t count, bool needs_corpus)
{
	if (needs_corpus && !corpus_present) {
		corpus_tests_skipped += (unsigned)count;
		return;
	}
	CU_pSuite suite = CU_add_suite(name, init, cleanup);
	if (!suite)
		hard_error(name);
	for (size_t i = 0; i < count; i++)
		if (!CU_add_test(suite, cases[i].name, cases[i].fn))
			hard_error(cases[i].name);
}

int test_schemas_load(struct schema_set **set, unsigned kinds)
{
	struct diag_list dl;
	diag_list_init(&dl);
	*set = schema_set_load_kinds(SOURCE_SCHEMA_DIR, kinds, &dl);
	if (!*set)
		diag_list_print(&dl, DIAG_FORMAT_TEXT, stderr);
	diag_list_free(&dl);
	return *set ? 0 : -1;
}

char *diag_lines(struct diag_list *dl)
{
	diag_list_sort(dl);
	char *all = xstrdup("");
	for (size_t i = 0; i < dl->count; i++) {
		const struct diag *d = &dl->items[i];
		char *next =
		    xasprintf("%s%u:%u %s %s\n", all, d->pos.line, d->pos.col, d->rule, d->message);
		free(all);
		all = next;
	}
	return all;
}

int test_schemas_free(struct schema_set **set)
{
	schema_set_free(*set);
	*set = NULL;
	return 0;
}

char *corpus_path(const char *rel)
{
	const char *dir = getenv("SHARED_DIR");
	CU_ASSERT_FATAL(corpus_present && dir != NULL);
	size_t len = strlen(dir) + strlen("/acrn-compat/") + strlen(rel) + 1;
	char *path = malloc(len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(path);
	snprintf(path, len, "%s/acrn-compat/%s", dir, rel);
	if (access(path, R_OK) != 0) {
		fprintf(stderr, "\ncorpus file %s is missing (is SHARED_DIR right?)\n", path);
		free(path);
		CU_FAIL_FATAL("corpus file missing");
	}
	return path;
}

const struct diag *find_rule(const struct diag_list *dl, const char *rule)
{
	for (size_t i = 0; i < dl->count; i++)
		if (strcmp(dl->items[i].rule, rule) == 0)
			return &dl->items[i];
	return NULL;
}

size_t count_rule(const struct diag_list *dl, const char *rule)
{
	size_t n = 0;
	for (size_t i = 0; i < dl->count; i++)
		n += strcmp(dl->items[i].rule, rule) == 0;
	return n;
}

int main(void)
{
	corpus_present = find_corpus();
	xml_loader_init();
	if (CU_initialize_registry() != CUE_SUCCESS)
		hard_error("CU_initialize_registry");
	register_value_tests();
	register_diag_tests();
	register_xmlload_tests();
	register_model_tests();
	register_rules_tests();
	register_rules_table_tests();
	register_resolve_tests();
	register_emit_tests();
	register_pipeline_tests();
	register_upgrade_tests();
	register_acpi_tests();
	register_share_tests();

	CU_basic_set_mode(CU_BRM_VERBOSE);
	if (CU_basic_run_tests() != CUE_SUCCESS)
		hard_error("CU_basic_run_tests");
	unsigned failures = CU_get_number_of_failures();
	unsigned tests_failed = CU_get_number_of_tests_failed();
	unsigned suites_failed = CU_get_number_of_suites_failed();
	CU_cleanup_registry();
	printf("\n");
	if (corpus_tests_skipped)
		printf("test-cfgc: %u corpus tests skipped: no acrn-compat in SHARED_DIR (%s)\n",
		       corpus_tests_skipped, getenv("SHARED_DIR") ? getenv("SHARED_DIR") : "unset");
	if (suites_failed)
		return EXIT_HARD_ERROR; /* a suite could not even set up */
	return failures || tests_failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
