/*
 * One run of acrn-cfgc, stage by stage: rules and front end (side by side), checks, then the
 * back end the command asks for (resolve, emit, report) or the model dump; diagnostics are
 * printed once at the end. main.c only turns the command line into a pipeline_request.
 */
#ifndef ACRN_CFGC_PIPELINE_H
#define ACRN_CFGC_PIPELINE_H

#include <stdbool.h>
#include <stddef.h>

#include "check.h"
#include "diag.h"

enum exit_status { EXIT_VALID = 0, EXIT_CONFIG_ERROR = 1, EXIT_USAGE = 2 };

enum command { CMD_CHECK, CMD_DUMP, CMD_RESOLVE, CMD_EMIT, CMD_REPORT, CMD_UPGRADE };

struct pipeline_request {
	enum command command;
	const char *board;    /* NULL: not given */
	const char *scenario; /* NULL: not given */
	const char *output;   /* -o, for the commands that write one */
	const char *data_dir; /* schemas, rules/ and xforms/ */
	enum diag_format format;
	const char **rule_files; /* --rules, in order */
	size_t rule_file_count;
	struct rule_override *overrides; /* -W, in order */
	size_t override_count;
	bool werror;
	bool build; /* --build: also this project's hypervisor's limits (the build rules) */
	bool list_rules;
	const char *list_level; /* --list-rules=LEVEL: only the rules declared at it; NULL: all */
};

/* Does the command write an output file or directory (-o)? */
bool command_writes_output(enum command command);

/* What a run built: documents, models, schemas, rules, diagnostics. */
struct pipeline;

/*
 * Runs the request and prints its diagnostics; returns the exit status. What the run built stays
 * in *run (NULL when nothing was kept) until pipeline_free, which a process about to exit may
 * skip (main.c does).
 */
int pipeline_run(struct pipeline_request *req, struct pipeline **run);
void pipeline_free(struct pipeline *run);

#endif
