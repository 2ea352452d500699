/* libFuzzer target for the rule language front end: any byte string is parsed as a rules file. */
#include <stdint.h>
#include <stdio.h>

#include "diag.h"
#include "rules.h"
#include "xmlload.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *sink;
	if (!sink) {
		xml_loader_init();
		sink = fopen("/dev/null", "w");
	}
	struct diag_list dl;
	struct rule_set set;
	diag_list_init(&dl);
	rule_set_init(&set);
	rules_load_buffer(&set, "fuzz.rules", (const char *)data, size, &dl);
	diag_list_print(&dl, DIAG_FORMAT_TEXT, sink);
	rule_set_free(&set);
	diag_list_free(&dl);
	return 0;
}
