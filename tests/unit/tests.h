/* Unit test suites of acrn-cfgc: one registration function per file, and shared helpers. */
#ifndef ACRN_CFGC_TESTS_H
#define ACRN_CFGC_TESTS_H

#include <CUnit/CUnit.h>
#include <stdbool.h>
#include <stddef.h>

#include "diag.h"

void register_value_tests(void);
void register_diag_tests(void);
void register_xmlload_tests(void);
void register_model_tests(void);
void register_rules_tests(void);
void register_rules_table_tests(void);
void register_resolve_tests(void);
void register_emit_tests(void);
void register_pipeline_tests(void);
void register_upgrade_tests(void);
void register_acpi_tests(void);
void register_share_tests(void);

/*
 * Adds a suite and its tests; aborts the run if CUnit cannot (a test bug, not a failure).
 * A suite that needs the ACRN corpus is left out, its tests counted as skipped, when
 * $SHARED_DIR/acrn-compat is absent.
 */
struct test_case {
	const char *name;
	CU_TestFunc fn;
};
void add_suite(const char *name, CU_InitializeFunc init, CU_CleanupFunc cleanup,
	       const struct test_case *cases, size_t count, bool needs_corpus);
#define ADD_SUITE(name, init, cleanup, cases)                                                      \
	add_suite((name), (init), (cleanup), (cases), sizeof(cases) / sizeof((cases)[0]), false)
#define ADD_CORPUS_SUITE(name, init, cleanup, cases)                                               \
	add_suite((name), (init), (cleanup), (cases), sizeof(cases) / sizeof((cases)[0]), true)

/*
 * Path of a file of the ACRN sample corpus, relative to $SHARED_DIR/acrn-compat (malloc'd).
 * Only tests of corpus suites call it. They run only when $SHARED_DIR/acrn-compat exists; a
 * missing file in a corpus that is there fails the calling test loudly.
 */
char *corpus_path(const char *rel);

/*
 * Suite set-up and clean-up of the schemas: *set gets the source tree's schemas of the kinds
 * (a mask of SCHEMA_KIND bits, validate.h); 0, or -1 with what went wrong on stderr.
 */
struct schema_set;
int test_schemas_load(struct schema_set **set, unsigned kinds);
int test_schemas_free(struct schema_set **set);

/* dl sorted, one "LINE:COL RULE MESSAGE" line per diagnostic (malloc'd), to compare runs. */
char *diag_lines(struct diag_list *dl);

/* The first diagnostic with the given rule, or NULL; and how many there are. */
const struct diag *find_rule(const struct diag_list *dl, const char *rule);
size_t count_rule(const struct diag_list *dl, const char *rule);

/* String equality that fails (instead of crashing) on NULL. */
#define ASSERT_STR_EQ(actual, expected)                                                            \
	do {                                                                                       \
		const char *actual_ = (actual);                                                    \
		CU_ASSERT_PTR_NOT_NULL(actual_);                                                   \
		if (actual_)                                                                       \
			CU_ASSERT_STRING_EQUAL(actual_, (expected));                               \
	} while (0)

#endif
