/*
 * libFuzzer target for the compiler: any byte string is loaded, validated and modelled as a
 * board and as a scenario (a scenario of an earlier ACRN release upgraded first); a scenario that
 * models is checked by the shipped rules against the Bochs board and, when it checks clean,
 * resolved and rendered as a resolved document; the diagnostics are rendered in all three
 * formats. Crashes, sanitizer reports, leaks and hangs are findings; diagnostics are not.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "check.h"
#include "diag.h"
#include "frontend.h"
#include "resolve.h"
#include "resolved_xml.h"
#include "util.h"
#include "validate.h"
#include "xmlload.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct schema_set *schemas;
static const char *data_dir; /* for the scenario upgrade stage (xforms/upgrade.xsl) */
static struct rule_set rules;
static struct frontend board_fe; /* the Bochs board, checked against every scenario */

static void load_schemas_once(void)
{
	if (schemas)
		return;
	const char *dir = getenv("ACRN_CFGC_SCHEMA_DIR");
	struct diag_list dl;
	diag_list_init(&dl);
	xml_loader_init();
	dir = dir && *dir ? dir : SOURCE_SCHEMA_DIR;
	data_dir = dir;
	schemas = schema_set_load(dir, &dl);
	char *rules_dir = xasprintf("%s/rules", dir);
	rule_set_init(&rules);
	rules_load_dir(&rules, rules_dir, &dl);
	free(rules_dir);
	frontend_init(&board_fe);
	frontend_run(&board_fe, schemas, TOP_SRCDIR "/boards/bochs-pc.xml", NULL, &dl);
	if (!schemas || dl.errors) {
		diag_list_print(&dl, DIAG_FORMAT_TEXT, stderr);
		abort();
	}
	diag_list_free(&dl);
}

static void resolve_and_render(struct frontend *fe, struct diag_list *dl)
{
	struct resolution r;
	if (resolve_config(&r, &board_fe.board, &fe->scenario, &fe->arena, dl) != 0)
		return;
	size_t len;
	free(resolved_render(&r, &board_fe.board, &fe->scenario, &len));
}

static void run_as(enum input_kind kind, const uint8_t *data, size_t size, FILE *sink)
{
	struct diag_list dl;
	struct frontend fe;
	diag_list_init(&dl);
	frontend_init(&fe);
	fe.data_dir = data_dir;
	frontend_run_buffer(&fe, schemas, kind, "fuzz.xml", (const char *)data, size, &dl);
	/* the rules also run beside schema errors, stepping around the broken names */
	if (kind == INPUT_SCENARIO && fe.scenario_in.loaded && !fe.scenario_in.broken.whole) {
		bool modelled = fe.scenario_in.modelled;
		struct check_input in = {&board_fe.board_in.src,    &fe.scenario_in.src,
					 &board_fe.board,	    modelled ? &fe.scenario : NULL,
					 &board_fe.board_in.broken, &fe.scenario_in.broken};
		if (check_run(&rules, &in, NULL, &dl) == 0 && modelled && dl.errors == 0)
			resolve_and_render(&fe, &dl);
	}
	diag_list_sort(&dl);
	diag_list_print(&dl, DIAG_FORMAT_TEXT, sink);
	diag_list_print(&dl, DIAG_FORMAT_JSON, sink);
	diag_list_print(&dl, DIAG_FORMAT_SARIF, sink);
	frontend_free(&fe);
	diag_list_free(&dl);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *sink;
	load_schemas_once();
	if (!sink)
		sink = fopen("/dev/null", "w");
	run_as(INPUT_BOARD, data, size, sink);
	run_as(INPUT_SCENARIO, data, size, sink);
	return 0;
}
