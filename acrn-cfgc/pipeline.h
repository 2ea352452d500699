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

/*
 * The commands that run an XSLT stylesheet (report.h, upgrade.h), in a program linked with
 * libxslt; the statically linked acrn-cfgc has none and hands those commands to one that has
 * (main.c).
 */
struct stylesheet_commands {
	int (*report)(const char *resolved_xml, size_t len, const char *xforms_dir,
		      const char *out_html, struct diag_list *dl);
	int (*upgrade)(const char *xforms_dir, const char *in_path, const char *out_path,
		       struct diag_list *dl);
};

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
	const struct stylesheet_commands *stylesheets; /* NULL: report and upgrade are refused */
};

/* Does the command run an XSLT stylesheet (report, upgrade)? */
bool command_runs_stylesheet(enum command command);

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
