/*
 * A whole run through pipeline_run, then pipeline_free. The command-line program never frees
 * what a run built (main.c), so these tests are where the freeing is exercised: under the
 * sanitizer build, LeakSanitizer fails the suite if pipeline_free leaves anything behind.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "emit.h"
#include "emit_acpi.h"
#include "frontend.h"
#include "pipeline.h"
#include "report.h"
#include "upgrade.h"
#include "tests.h"
#include "util.h"

#define BOCHS_BOARD    TOP_SRCDIR "/boards/bochs-pc.xml"
#define BOCHS_SCENARIO TOP_SRCDIR "/scenarios/bochs-pc/partitioned.xml"

static struct pipeline_request request(enum command command, const char *output)
{
	struct pipeline_request req = {
	    .command = command,
	    .board = BOCHS_BOARD,
	    .scenario = BOCHS_SCENARIO,
	    .output = output,
	    .data_dir = SOURCE_SCHEMA_DIR,
	};
	return req;
}

static void test_check_then_free(void)
{
	struct pipeline_request req = request(CMD_CHECK, NULL);
	struct pipeline *run = NULL;
	CU_ASSERT_EQUAL(pipeline_run(&req, &run), EXIT_VALID);
	CU_ASSERT_PTR_NOT_NULL(run); /* a run with inputs keeps what it built */
	pipeline_free(run);
}

/* config_acpi.c and the table files of the Bochs pair's two pre-launched VMs. */
static void remove_acpi_outputs(const char *out)
{
	static const char *const vms[] = {"VM0_COUNTER", "VM1_COUNTER"};
	for (size_t v = 0; v < sizeof(vms) / sizeof(vms[0]); v++) {
		for (size_t i = 0; i < emit_acpi_output_count; i++) {
			const char *name = emit_acpi_outputs[i];
			if (strncmp(name, OUTDIR_IN_SUBDIRS, strlen(OUTDIR_IN_SUBDIRS)) != 0)
				continue;
			char *file =
			    xasprintf("%s/%s/%s", out, vms[v], name + strlen(OUTDIR_IN_SUBDIRS));
			CU_ASSERT_EQUAL(unlink(file), 0);
			free(file);
		}
		char *dir = xasprintf("%s/%s", out, vms[v]);
		CU_ASSERT_EQUAL(rmdir(dir), 0);
		free(dir);
	}
	char *file = xasprintf("%s/config_acpi.c", out);
	CU_ASSERT_EQUAL(unlink(file), 0);
	free(file);
}

/* What emit wrote for the Bochs pair into out, and out itself. */
static void remove_emit_output(const char *out)
{
	for (size_t i = 0; i < emit_output_count; i++) {
		char *file = xasprintf("%s/%s", out, emit_outputs[i]);
		CU_ASSERT_EQUAL(unlink(file), 0);
		free(file);
	}
	remove_acpi_outputs(out);
	CU_ASSERT_EQUAL(rmdir(out), 0);
}

/* Every back end's allocations hang off the run too: resolve, then emit. */
static void test_emit_then_free(void)
{
	char tmpl[] = "/tmp/test-pipeline.XXXXXX";
	char *dir = mkdtemp(tmpl);
	CU_ASSERT_PTR_NOT_NULL_FATAL(dir);
	char *resolved = xasprintf("%s/resolved.xml", dir), *out = xasprintf("%s/gen", dir);
	struct pipeline_request req = request(CMD_RESOLVE, resolved);
	struct pipeline *run = NULL;
	CU_ASSERT_EQUAL(pipeline_run(&req, &run), EXIT_VALID);
	pipeline_free(run);
	req = request(CMD_EMIT, out);
	CU_ASSERT_EQUAL(pipeline_run(&req, &run), EXIT_VALID);
	pipeline_free(run);
	remove_emit_output(out);
	CU_ASSERT_EQUAL(unlink(resolved), 0);
	CU_ASSERT_EQUAL(rmdir(dir), 0);
	free(resolved);
	free(out);
}

static char *read_all(const char *path)
{
	FILE *f = fopen(path, "rb");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	char *text = xstrdup("");
	char buf[4096];
	size_t n, len = 0;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0) {
		text = xrealloc(text, len + n + 1);
		memcpy(text + len, buf, n);
		len += n;
		text[len] = '\0';
	}
	fclose(f);
	return text;
}

static size_t entries(const char *dir)
{
	char *cmd = xasprintf("ls -A '%s' | wc -l", dir);
	FILE *p = popen(cmd, "r");
	free(cmd);
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	size_t n = 0;
	CU_ASSERT_EQUAL(fscanf(p, "%zu", &n), 1);
	pclose(p);
	return n;
}

/*
 * emit runs the checks and the back end side by side (check_and_emit): a rule that fails must
 * still leave the earlier output as it was and nothing beside it, and say nothing of the back
 * end; with the rule's error gone the same run replaces the output.
 */
static void test_emit_with_failing_rule(void)
{
	char tmpl[] = "/tmp/test-pipeline.XXXXXX";
	char *dir = mkdtemp(tmpl);
	CU_ASSERT_PTR_NOT_NULL_FATAL(dir);
	char *out = xasprintf("%s/gen", dir), *rules = xasprintf("%s/fail.rules", dir);
	char *vms = xasprintf("%s/config_vms.c", out);
	struct pipeline_request req = request(CMD_EMIT, out);
	struct pipeline *run = NULL;
	CU_ASSERT_EQUAL(pipeline_run(&req, &run), EXIT_VALID);
	pipeline_free(run);
	char *first = read_all(vms);
	CU_ASSERT_EQUAL(unlink(vms), 0); /* an output a rerun would change */
	FILE *f = fopen(rules, "w");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	fputs("rule test.always error\n  doc \"fails on every scenario\"\n"
	      "  for $vm in { $scenario/vm[1] }\n  assert { false() }\n"
	      "  message \"VM {$vm/name} fails this test rule\";\n",
	      f);
	fclose(f);
	const char *rule_files[] = {rules};
	req.rule_files = rule_files;
	req.rule_file_count = 1;
	req.format = DIAG_FORMAT_JSON; /* on stdout, where the test log keeps it apart */
	CU_ASSERT_EQUAL(pipeline_run(&req, &run), EXIT_CONFIG_ERROR);
	pipeline_free(run);
	CU_ASSERT_EQUAL(access(vms, F_OK), -1); /* the old output, not replaced */
	CU_ASSERT_EQUAL(entries(dir), 2);	/* gen and the rule file: no temporary left */
	req.rule_file_count = 0;
	CU_ASSERT_EQUAL(pipeline_run(&req, &run), EXIT_VALID);
	pipeline_free(run);
	char *again = read_all(vms);
	ASSERT_STR_EQ(again, first);
	CU_ASSERT_EQUAL(entries(dir), 2);
	remove_emit_output(out);
	CU_ASSERT_EQUAL(unlink(rules), 0);
	CU_ASSERT_EQUAL(rmdir(dir), 0);
	free(first);
	free(again);
	free(vms);
	free(rules);
	free(out);
}

/* An input that does not parse: the run stops early and still frees cleanly. */
static void test_broken_input_then_free(void)
{
	char path[] = "/tmp/test-pipeline-XXXXXX.xml";
	int fd = mkstemps(path, 4);
	CU_ASSERT_FATAL(fd >= 0);
	CU_ASSERT_EQUAL(write(fd, "<acrn-config>", 13), 13);
	close(fd);
	struct pipeline_request req = request(CMD_CHECK, NULL);
	req.scenario = path;
	req.format = DIAG_FORMAT_JSON; /* on stdout, where the test log keeps it apart */
	struct pipeline *run = NULL;
	CU_ASSERT_EQUAL(pipeline_run(&req, &run), EXIT_CONFIG_ERROR);
	pipeline_free(run);
	unlink(path);
}

/* --list-rules alone keeps nothing, and pipeline_free takes NULL. */
static void test_list_only_keeps_nothing(void)
{
	struct pipeline_request req = {.command = CMD_CHECK, .data_dir = SOURCE_SCHEMA_DIR};
	struct pipeline *run = (struct pipeline *)&req; /* anything but NULL */
	req.list_rules = true;
	fflush(stdout); /* the list goes to /dev/null, not into the test log */
	int saved = dup(STDOUT_FILENO), null = open("/dev/null", O_WRONLY);
	CU_ASSERT_FATAL(saved >= 0 && null >= 0 && dup2(null, STDOUT_FILENO) >= 0);
	CU_ASSERT_EQUAL(pipeline_run(&req, &run), EXIT_VALID);
	fflush(stdout);
	dup2(saved, STDOUT_FILENO);
	close(saved);
	close(null);
	CU_ASSERT_PTR_NULL(run);
	pipeline_free(run);
}

/*
 * A program without libxslt (the static acrn-cfgc, which hands report and upgrade to
 * acrn-cfgc-xslt before it builds a request) refuses them, writing nothing; one with the
 * stylesheet commands runs them.
 */
static void test_stylesheets_needed(void)
{
	static const struct stylesheet_commands linked = {report_write, upgrade_file};
	char tmpl[] = "/tmp/test-pipeline.XXXXXX";
	char *dir = mkdtemp(tmpl);
	CU_ASSERT_PTR_NOT_NULL_FATAL(dir);
	char *html = xasprintf("%s/report.html", dir), *upgraded = xasprintf("%s/new.xml", dir);
	struct pipeline_request report = request(CMD_REPORT, html);
	struct pipeline_request upgrade = request(CMD_UPGRADE, upgraded);
	upgrade.board = NULL;
	struct pipeline *run = (struct pipeline *)&report; /* anything but NULL */
	CU_ASSERT_EQUAL(pipeline_run(&report, &run), EXIT_USAGE);
	CU_ASSERT_PTR_NULL(run);
	CU_ASSERT_EQUAL(pipeline_run(&upgrade, &run), EXIT_USAGE);
	CU_ASSERT(access(html, F_OK) != 0 && access(upgraded, F_OK) != 0);
	report.stylesheets = upgrade.stylesheets = &linked;
	CU_ASSERT_EQUAL(pipeline_run(&report, &run), EXIT_VALID);
	pipeline_free(run);
	CU_ASSERT_EQUAL(pipeline_run(&upgrade, &run), EXIT_VALID);
	pipeline_free(run);
	CU_ASSERT(access(html, F_OK) == 0 && access(upgraded, F_OK) == 0);
	unlink(html);
	unlink(upgraded);
	rmdir(dir);
	free(html);
	free(upgraded);
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	fputs(text, f);
	fclose(f);
}

/*
 * The front end compiles an input's schema while it reads the input (frontend.c): when the
 * schema does not compile, the run says so and nothing about the input, as when it compiled
 * the schema first.
 */
static void test_schema_failure_hides_input(void)
{
	char tmpl[] = "/tmp/test-pipeline.XXXXXX";
	char *dir = mkdtemp(tmpl);
	CU_ASSERT_PTR_NOT_NULL_FATAL(dir);
	char *xsd = xasprintf("%s/board.xsd", dir), *input = xasprintf("%s/board.xml", dir);
	write_file(xsd, "<xs:schema xmlns:xs='http://www.w3.org/2001/XMLSchema'><xs:bogus/>");
	write_file(input, "<acrn-config><unclosed>");
	struct diag_list dl;
	diag_list_init(&dl);
	struct schema_set *schemas = schema_set_open(dir, &dl);
	struct frontend fe;
	frontend_init(&fe);
	frontend_run(&fe, schemas, input, NULL, &dl);
	CU_ASSERT(count_rule(&dl, "schema-load") > 0);
	CU_ASSERT_EQUAL(count_rule(&dl, "xml-syntax"), 0);
	CU_ASSERT(frontend_io_error(&fe));
	frontend_free(&fe);
	schema_set_free(schemas);
	diag_list_free(&dl);
	unlink(xsd);
	unlink(input);
	rmdir(dir);
	free(xsd);
	free(input);
}

void register_pipeline_tests(void)
{
	static const struct test_case cases[] = {
	    {"pipeline: check, then free", test_check_then_free},
	    {"pipeline: resolve and emit, then free", test_emit_then_free},
	    {"pipeline: emit with a failing rule keeps the old output",
	     test_emit_with_failing_rule},
	    {"pipeline: a broken input, then free", test_broken_input_then_free},
	    {"pipeline: --list-rules alone keeps nothing", test_list_only_keeps_nothing},
	    {"pipeline: report and upgrade need the stylesheet commands", test_stylesheets_needed},
	    {"frontend: a schema that does not compile hides its input's errors",
	     test_schema_failure_hides_input},
	};
	ADD_SUITE("pipeline", NULL, NULL, cases);
}
