/*
 * The scenario upgrade stage (upgrade.c): the rename table as schemas/xforms/upgrade.xsl holds
 * it, an ACRN 3.0 scenario read through the front end as its current form (model values, the
 * warnings' positions at the user's own tags, everything freed), unconvertible settings taken
 * out of the tree, and broken tables refused.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "frontend.h"
#include "tests.h"
#include "upgrade.h"

static struct schema_set *schemas;

static int load_schemas(void)
{
	return test_schemas_load(&schemas, SCHEMA_ALL);
}

static int free_schemas(void)
{
	return test_schemas_free(&schemas);
}

static const struct upgrade_rename *find_old(const struct upgrade_table *t, const char *old)
{
	for (size_t i = 0; i < t->count; i++)
		if (strcmp(t->renames[i].old_name, old) == 0)
			return &t->renames[i];
	return NULL;
}

static void test_table(void)
{
	struct upgrade_table t;
	struct diag_list dl;
	diag_list_init(&dl);
	CU_ASSERT_EQUAL_FATAL(upgrade_table_load(&t, SOURCE_SCHEMA_DIR "/xforms", &dl), 0);
	CU_ASSERT_EQUAL(t.count, 3);
	const struct upgrade_rename *ac = find_old(&t, "ENFORCE_TURNOFF_AC");
	const struct upgrade_rename *mce = find_old(&t, "MCE_ON_PSC_DISABLED");
	CU_ASSERT_PTR_NOT_NULL_FATAL(ac);
	CU_ASSERT_PTR_NOT_NULL_FATAL(mce);
	ASSERT_STR_EQ(ac->new_name, "SPLIT_LOCK_DETECTION_ENABLED");
	ASSERT_STR_EQ(ac->parent, "FEATURES");
	CU_ASSERT(ac->invert);
	ASSERT_STR_EQ(ac->left_out, "y");
	CU_ASSERT_PTR_NULL(mce->left_out); /* its 3.0 default means today's default */
	CU_ASSERT_EQUAL(dl.count, 0);
	upgrade_table_free(&t);
	diag_list_free(&dl);
}

#define VM0                                                                                        \
	"  <vm id=\"0\"><load_order>PRE_LAUNCHED_VM</load_order><name>VM0</name>"                  \
	"<vm_type>STANDARD_VM</vm_type><cpu_affinity><pcpu><pcpu_id>0</pcpu_id></pcpu>"            \
	"</cpu_affinity><memory><size>64</size></memory><os_config><kern_type>KERNEL_ELF"          \
	"</kern_type><kern_mod>guest0</kern_mod></os_config></vm>\n"

static const char old_scenario[] =
    "<acrn-config>\n"
    "  <hv>\n"
    "    <FEATURES>\n"
    "      <RELOC_ENABLED>y</RELOC_ENABLED><ENFORCE_TURNOFF_AC>y</ENFORCE_TURNOFF_AC>\n"
    "      <ENFORCE_TURNOFF_GP>n</ENFORCE_TURNOFF_GP>\n"
    "      <MCE_ON_PSC_DISABLED> y </MCE_ON_PSC_DISABLED>\n"
    "    </FEATURES>\n"
    "  </hv>\n" VM0 "</acrn-config>\n";

static const char *feature(const struct scenario *s, const char *name)
{
	for (size_t i = 0; i < s->hv.feature_count; i++)
		if (strcmp(s->hv.features[i].name, name) == 0)
			return s->hv.features[i].value;
	return NULL;
}

static void run_old(struct frontend *fe, struct diag_list *dl, const char *text)
{
	frontend_init(fe);
	fe->data_dir = SOURCE_SCHEMA_DIR;
	diag_list_init(dl);
	frontend_run_buffer(fe, schemas, INPUT_SCENARIO, "s.xml", text, strlen(text), dl);
}

/* The model holds the current names and values; each warning is at the old tag. */
static void test_read_as_current(void)
{
	struct frontend fe;
	struct diag_list dl;
	run_old(&fe, &dl, old_scenario);
	CU_ASSERT(fe.scenario_in.modelled);
	CU_ASSERT_EQUAL(dl.errors, 0);
	CU_ASSERT_EQUAL(count_rule(&dl, RULE_UPGRADE), 3);
	ASSERT_STR_EQ(feature(&fe.scenario, "SPLIT_LOCK_DETECTION_ENABLED"), "n");
	ASSERT_STR_EQ(feature(&fe.scenario, "UC_LOCK_DETECTION_ENABLED"), "y");
	ASSERT_STR_EQ(feature(&fe.scenario, "MCE_ON_PSC_ENABLED"), "n");
	CU_ASSERT_PTR_NULL(feature(&fe.scenario, "ENFORCE_TURNOFF_AC"));
	const struct diag *d = find_rule(&dl, RULE_UPGRADE);
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	CU_ASSERT_EQUAL(d->pos.line, 4);
	CU_ASSERT_EQUAL(d->pos.col, 39); /* the second tag on its line */
	/* the renamed element still maps back to the user's text */
	xmlNodePtr features = xmlDocGetRootElement(fe.scenario_in.src.doc)->children;
	while (features && !xmlStrEqual(features->name, BAD_CAST "hv"))
		features = features->next;
	xmlNodePtr n = features ? features->children : NULL;
	while (n && !xmlStrEqual(n->name, BAD_CAST "FEATURES"))
		n = n->next;
	for (n = n ? n->children : NULL; n; n = n->next)
		if (xmlStrEqual(n->name, BAD_CAST "SPLIT_LOCK_DETECTION_ENABLED"))
			break;
	CU_ASSERT_PTR_NOT_NULL_FATAL(n);
	ASSERT_STR_EQ(xml_written_name(n), "ENFORCE_TURNOFF_AC");
	struct srcpos pos = xml_node_pos(&fe.scenario_in.src, n);
	CU_ASSERT_EQUAL(pos.line, 4);
	CU_ASSERT_EQUAL(pos.col, 39);
	frontend_free(&fe);
	diag_list_free(&dl);
}

/* A value that is not y or n: one error, the element taken out, the schema silent. */
static void test_bad_value_taken_out(void)
{
	static const char text[] = "<acrn-config><hv><FEATURES>"
				   "<ENFORCE_TURNOFF_AC>yes</ENFORCE_TURNOFF_AC>"
				   "<UC_LOCK_DETECTION_ENABLED>n</UC_LOCK_DETECTION_ENABLED>"
				   "</FEATURES></hv>" VM0 "</acrn-config>";
	struct frontend fe;
	struct diag_list dl;
	run_old(&fe, &dl, text);
	CU_ASSERT_EQUAL(count_rule(&dl, RULE_UPGRADE), 1);
	CU_ASSERT_EQUAL(dl.errors, 1); /* the schema does not report it again */
	CU_ASSERT(fe.scenario_in.modelled);
	CU_ASSERT_PTR_NULL(feature(&fe.scenario, "SPLIT_LOCK_DETECTION_ENABLED"));
	frontend_free(&fe);
	diag_list_free(&dl);
}

/* Without a data directory (the unit tests' other suites), old names are schema errors. */
static void test_no_stage_without_data_dir(void)
{
	struct frontend fe;
	struct diag_list dl;
	frontend_init(&fe);
	diag_list_init(&dl);
	frontend_run_buffer(&fe, schemas, INPUT_SCENARIO, "s.xml", old_scenario,
			    strlen(old_scenario), &dl);
	CU_ASSERT_EQUAL(count_rule(&dl, RULE_UPGRADE), 0);
	CU_ASSERT(count_rule(&dl, "schema-element") > 0);
	frontend_free(&fe);
	diag_list_free(&dl);
}

/* A table file in a new directory; returns the directory (malloc'd). */
static char *table_dir(const char *body)
{
	char tmpl[] = "/tmp/test-upgrade.XXXXXX";
	char *dir = mkdtemp(tmpl);
	CU_ASSERT_PTR_NOT_NULL_FATAL(dir);
	char *path = malloc(strlen(dir) + 32);
	sprintf(path, "%s/%s", dir, UPGRADE_STYLESHEET);
	FILE *f = fopen(path, "w");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	fputs(body, f);
	fclose(f);
	free(path);
	return strdup(dir);
}

static void remove_table_dir(char *dir)
{
	char *path = malloc(strlen(dir) + 32);
	sprintf(path, "%s/%s", dir, UPGRADE_STYLESHEET);
	unlink(path);
	rmdir(dir);
	free(path);
	free(dir);
}

static void expect_refused(const char *body, const char *what)
{
	char *dir = table_dir(body);
	struct upgrade_table t;
	struct diag_list dl;
	diag_list_init(&dl);
	CU_ASSERT_EQUAL(upgrade_table_load(&t, dir, &dl), -1);
	CU_ASSERT_EQUAL(t.count, 0);
	const struct diag *d = find_rule(&dl, RULE_UPGRADE);
	CU_ASSERT_PTR_NOT_NULL(d);
	if (d)
		CU_ASSERT_PTR_NOT_NULL(strstr(d->message, what));
	diag_list_free(&dl);
	remove_table_dir(dir);
}

#define STYLESHEET(entries)                                                                        \
	"<xsl:stylesheet version='1.0' xmlns:xsl='http://www.w3.org/1999/XSL/Transform'"           \
	" xmlns:u='urn:acrn-cfgc:upgrade'>" entries "</xsl:stylesheet>"

static void test_broken_tables(void)
{
	expect_refused(STYLESHEET("<u:rename parent='F' old='A' release='3.1' setting='s' "
				  "invert='y'/>"),
		       "'new'");
	expect_refused(STYLESHEET("<u:rename parent='F' old='A' new='B' release='3.1' "
				  "setting='s' invert='maybe'/>"),
		       "'invert'");
	expect_refused(STYLESHEET("<u:rename parent='F' old='A' new='B' release='3.1' "
				  "setting='s' invert='n' left-out='y'/>"),
		       "'left-out'");
	expect_refused(STYLESHEET("<rename parent='F' old='A' new='B'/>"), "no <u:rename>");
}

void register_upgrade_tests(void)
{
	static const struct test_case cases[] = {
	    {"the table in upgrade.xsl", test_table},
	    {"an old scenario read as its current form", test_read_as_current},
	    {"an unconvertible value is taken out", test_bad_value_taken_out},
	    {"no stage without a data directory", test_no_stage_without_data_dir},
	    {"broken tables are refused", test_broken_tables},
	};
	ADD_SUITE("upgrade", load_schemas, free_schemas, cases);
}
