/*
 * The table of front-end checks a user switches by name (frontend_checks.h). A new check is one
 * line here and a function; pipeline.c accepts its name in -W and lists it with the rules.
 */
#include "frontend_checks.h"

#include <string.h>

#include "board_unknown.h"
#include "util.h"

static void run_board_unknown(const struct frontend *fe, struct schema_set *set,
			      enum diag_severity sev, struct diag_list *dl)
{
	board_unknown_report(set, &fe->board_in.src, sev, dl);
}

const struct frontend_check frontend_checks[] = {
    {"board-unknown", RULE_OFF,
     "list the board's elements and attributes that acrn-cfgc does not read (board.xsd)",
     run_board_unknown},
};
const size_t frontend_check_count = ARRAY_SIZE(frontend_checks);

const struct frontend_check *frontend_check_find(const char *id)
{
	for (size_t i = 0; i < frontend_check_count; i++)
		if (strcmp(frontend_checks[i].id, id) == 0)
			return &frontend_checks[i];
	return NULL;
}

enum rule_level frontend_check_level(const struct frontend_check *c,
				     const struct check_options *opt)
{
	enum rule_level level = c->level;
	for (size_t i = 0; opt && i < opt->override_count; i++)
		if (strcmp(opt->overrides[i].id, c->id) == 0)
			level = opt->overrides[i].level;
	return level;
}

void frontend_checks_run(const struct frontend *fe, struct schema_set *set,
			 const struct check_options *opt, struct diag_list *dl)
{
	for (size_t i = 0; i < frontend_check_count; i++) {
		enum rule_level level = frontend_check_level(&frontend_checks[i], opt);
		if (level == RULE_OFF)
			continue;
		bool error = level == RULE_ERROR || (opt && opt->werror);
		frontend_checks[i].run(fe, set, error ? DIAG_ERROR : DIAG_WARNING, dl);
	}
}
