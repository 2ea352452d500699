/*
 * report-driver: board + scenario -> HTML report, as `acrn-cfgc report` does it (check,
 * resolve, report_write), for tests/report/run-report until the command line has it.
 *
 *   report-driver -b BOARD.xml -s SCENARIO.xml -o REPORT.html
 *   report-driver -r RESOLVED.xml -o REPORT.html      (a resolved document, as written)
 *
 * Schemas, rules and xforms/ come from $ACRN_CFGC_SCHEMA_DIR, else the source tree.
 * Exit status as acrn-cfgc's: 0 written, 1 configuration errors, 2 usage or I/O error.
 */
#include <getopt.h>
#include <libxml/parser.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "diag.h"
#include "frontend.h"
#include "report.h"
#include "resolve.h"
#include "resolved_xml.h"
#include "rules.h"
#include "util.h"
#include "validate.h"
#include "xmlload.h"

static int usage(void)
{
	fputs("usage: report-driver -b BOARD -s SCENARIO -o OUT.html\n"
	      "       report-driver -r RESOLVED.xml -o OUT.html\n",
	      stderr);
	return 2;
}

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t cap = 1 << 16, n = 0, got;
	char *buf = xmalloc(cap);
	while ((got = fread(buf + n, 1, cap - n, f)) > 0) {
		n += got;
		if (n == cap)
			buf = xrealloc(buf, cap *= 2);
	}
	int bad = ferror(f);
	fclose(f);
	if (bad) {
		free(buf);
		return NULL;
	}
	*len = n;
	return buf;
}

/* check + resolve, as `acrn-cfgc resolve` does; the document or NULL (diagnostics in dl). */
static char *resolve_pair(const char *dir, const char *board, const char *scenario, size_t *len,
			  int *status, struct diag_list *dl)
{
	char *doc = NULL;
	char *rules_dir = xasprintf("%s/rules", dir);
	struct schema_set *schemas = schema_set_open(dir, dl);
	struct rule_set rules;
	rule_set_init(&rules);
	*status = 2;
	if (!schemas || rules_load_dir(&rules, rules_dir, dl) != 0)
		goto out;
	struct frontend fe;
	frontend_init(&fe);
	frontend_run(&fe, schemas, board, scenario, dl);
	*status = frontend_io_error(&fe) ? 2 : 1;
	if (!frontend_io_error(&fe) && fe.board_in.modelled && fe.scenario_in.modelled) {
		struct check_input in = {
		    &fe.board_in.src, &fe.scenario_in.src, &fe.board, &fe.scenario, NULL, NULL};
		struct check_options opt = {NULL, 0, false, false};
		struct resolution r;
		check_run(&rules, &in, &opt, dl);
		if (!dl->errors &&
		    resolve_config(&r, &fe.board, &fe.scenario, &fe.arena, dl) == 0) {
			doc = resolved_render(&r, &fe.board, &fe.scenario, len);
			*status = doc ? 0 : 2;
		}
	}
	frontend_free(&fe);
out:
	rule_set_free(&rules);
	schema_set_free(schemas);
	free(rules_dir);
	return doc;
}

int main(int argc, char **argv)
{
	const char *board = NULL, *scenario = NULL, *resolved = NULL, *out = NULL;
	int c;
	while ((c = getopt(argc, argv, "b:s:r:o:")) != -1) {
		switch (c) {
		case 'b':
			board = optarg;
			break;
		case 's':
			scenario = optarg;
			break;
		case 'r':
			resolved = optarg;
			break;
		case 'o':
			out = optarg;
			break;
		default:
			return usage();
		}
	}
	if (optind != argc || !out || (resolved ? board || scenario : !board || !scenario))
		return usage();

	const char *env = getenv("ACRN_CFGC_SCHEMA_DIR");
	const char *dir = env && *env ? env : SOURCE_SCHEMA_DIR;
	char *xforms = xasprintf("%s/xforms", dir);
	struct diag_list dl;
	diag_list_init(&dl);
	xml_loader_init();

	int status = 0;
	size_t len = 0;
	char *doc = NULL;
	if (resolved) {
		doc = read_file(resolved, &len);
		if (!doc) {
			fprintf(stderr, "report-driver: cannot read %s\n", resolved);
			status = 2;
		}
	} else {
		doc = resolve_pair(dir, board, scenario, &len, &status, &dl);
	}
	if (doc && report_write(doc, len, xforms, out, &dl) != 0)
		status = 2;

	diag_list_sort(&dl);
	diag_list_print(&dl, DIAG_FORMAT_TEXT, stderr);
	diag_list_free(&dl);
	free(doc);
	free(xforms);
	xmlCleanupParser();
	return status;
}
