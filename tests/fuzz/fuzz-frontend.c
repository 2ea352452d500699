/*
 * libFuzzer target for the front end: any byte string is loaded, validated and modelled as a
 * board and as a scenario, and the diagnostics are rendered in all three formats. Crashes,
 * sanitizer reports, leaks and hangs are findings; diagnostics are not.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "diag.h"
#include "frontend.h"
#include "validate.h"
#include "xmlload.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct schema_set *schemas;

static void load_schemas_once(void)
{
	if (schemas)
		return;
	const char *dir = getenv("ACRN_CFGC_SCHEMA_DIR");
	struct diag_list dl;
	diag_list_init(&dl);
	xml_loader_init();
	schemas = schema_set_load(dir && *dir ? dir : SOURCE_SCHEMA_DIR, &dl);
	if (!schemas) {
		diag_list_print(&dl, DIAG_FORMAT_TEXT, stderr);
		abort();
	}
	diag_list_free(&dl);
}

static void run_as(enum input_kind kind, const uint8_t *data, size_t size, FILE *sink)
{
	struct diag_list dl;
	struct frontend fe;
	diag_list_init(&dl);
	frontend_init(&fe);
	frontend_run_buffer(&fe, schemas, kind, "fuzz.xml", (const char *)data, size, &dl);
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
