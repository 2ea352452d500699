/* acrn-cfgc command line: parses options, runs the stages in order, prints, sets the exit status.
 */
#include <getopt.h>
#include <jansson.h>
#include <libxml/parser.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "diag.h"
#include "dump.h"
#include "frontend.h"
#include "resolve.h"
#include "emit.h"
#include "report.h"
#include "resolved.h"
#include "rules.h"
#include "util.h"
#include "validate.h"
#include "xmlload.h"

enum exit_status { EXIT_VALID = 0, EXIT_CONFIG_ERROR = 1, EXIT_USAGE = 2 };

struct options {
	const char *command;
	const char *board;
	const char *scenario;
	const char *schema_dir;
	const char *format_name;
	const char *output;
	enum diag_format format;
	const char **rule_files; /* --rules, in order */
	size_t rule_file_count;
	struct rule_override *overrides; /* -W, in order */
	size_t override_count;
	bool werror;
	bool list_rules;
};

static const char usage_text[] =
    "Usage: acrn-cfgc COMMAND --board BOARD.xml --scenario SCENARIO.xml [OPTIONS]\n"
    "       acrn-cfgc --list-rules [--rules FILE] [-W ...]\n"
    "\n"
    "Commands:\n"
    "  check   validate the board and scenario; print every problem found\n"
    "  dump    print the typed model of the inputs as JSON on standard output\n"
    "\n"
    "Options:\n"
    "  -b, --board FILE        board XML (as written by a board inspector)\n"
    "  -s, --scenario FILE     scenario XML\n"
    "  -f, --format FORMAT     diagnostics as text (default, on stderr), json or sarif\n"
    "                          (on stdout); for dump, the model format: json\n"
    "      --rules FILE        also check the rules in FILE (site policy); repeatable\n"
    "  -W no-RULE, -W RULE     switch a rule off or on\n"
    "  -W error, -Werror       report warnings as errors\n"
    "      --list-rules        list every rule with its level and what it checks\n"
    "      --schema-dir DIR    where board.xsd and scenario.xsd are (default: installed)\n"
    "  -h, --help              show this help and exit\n"
    "  -V, --version           show the version and exit\n"
    "\n"
    "Either input may be given alone. Exit status: 0 valid (warnings allowed),\n"
    "1 the configuration has errors, 2 usage or I/O error.\n";

static int usage_error(const char *fmt, const char *arg)
{
	fputs("acrn-cfgc: error: ", stderr);
	fprintf(stderr, fmt, arg);
	fputs("\nTry 'acrn-cfgc --help' for more information.\n", stderr);
	return EXIT_USAGE;
}

static bool has_schemas(const char *dir)
{
	char *path = xasprintf("%s/board.xsd", dir);
	struct stat st;
	bool ok = stat(path, &st) == 0;
	free(path);
	return ok;
}

/* --schema-dir, then $ACRN_CFGC_SCHEMA_DIR, then the installed copy, then the source tree. */
static const char *schema_dir(const struct options *o)
{
	if (o->schema_dir)
		return o->schema_dir;
	const char *env = getenv("ACRN_CFGC_SCHEMA_DIR");
	if (env && *env)
		return env;
	if (has_schemas(SCHEMA_DIR))
		return SCHEMA_DIR;
	return SOURCE_SCHEMA_DIR;
}

/* The commands that resolve and write a file: resolve and its back ends. */
static bool writes_output(const struct options *o)
{
	return strcmp(o->command, "resolve") == 0 || strcmp(o->command, "emit") == 0 ||
	       strcmp(o->command, "report") == 0;
}

/* -W error, -W no-RULE, -W RULE; rule names are checked once the rules are loaded. */
static void add_warning_option(struct options *o, const char *arg)
{
	if (strcmp(arg, "error") == 0) {
		o->werror = true;
		return;
	}
	bool off = strncmp(arg, "no-", 3) == 0;
	o->overrides = xrealloc(o->overrides, (o->override_count + 1) * sizeof(*o->overrides));
	o->overrides[o->override_count].id = off ? arg + 3 : arg;
	/* RULE_WARNING marks "on"; the rule's own level is restored when rules are known */
	o->overrides[o->override_count++].level = off ? RULE_OFF : RULE_WARNING;
}

static int parse_options(int argc, char **argv, struct options *o)
{
	static const struct option longopts[] = {
	    {"board", required_argument, NULL, 'b'},	  {"output", required_argument, NULL, 'o'},
	    {"scenario", required_argument, NULL, 's'},	  {"format", required_argument, NULL, 'f'},
	    {"schema-dir", required_argument, NULL, 'S'}, {"rules", required_argument, NULL, 'R'},
	    {"list-rules", no_argument, NULL, 'L'},	  {"help", no_argument, NULL, 'h'},
	    {"version", no_argument, NULL, 'V'},	  {NULL, 0, NULL, 0},
	};
	int c;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":b:s:f:o:W:hV", longopts, NULL)) != -1) {
		switch (c) {
		case 'b':
			o->board = optarg;
			break;
		case 's':
			o->scenario = optarg;
			break;
		case 'o':
			o->output = optarg;
			break;
		case 'f':
			o->format_name = optarg;
			break;
		case 'S':
			o->schema_dir = optarg;
			break;
		case 'R':
			o->rule_files = xrealloc(o->rule_files,
						 (o->rule_file_count + 1) * sizeof(*o->rule_files));
			o->rule_files[o->rule_file_count++] = optarg;
			break;
		case 'W':
			add_warning_option(o, optarg);
			break;
		case 'L':
			o->list_rules = true;
			break;
		case 'h':
			fputs(usage_text, stdout);
			exit(EXIT_VALID);
		case 'V':
			printf("acrn-cfgc %s\n", PACKAGE_VERSION);
			exit(EXIT_VALID);
		case ':':
			return usage_error("option '%s' needs an argument", argv[optind - 1]);
		default:
			return usage_error("unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return usage_error("unexpected argument '%s'", argv[optind]);
	if (!o->board && !o->scenario && !o->list_rules)
		return usage_error("%s needs --board FILE and/or --scenario FILE", o->command);
	if (writes_output(o) && (!o->board || !o->scenario || !o->output))
		return usage_error("%s needs --board FILE, --scenario FILE and -o FILE",
				   o->command);
	if (!writes_output(o) && o->output)
		return usage_error("-o is for resolve, emit and report, not %s", o->command);
	if (o->format_name && diag_parse_format(o->format_name, &o->format) != 0)
		return usage_error("unknown format '%s': use text, json or sarif", o->format_name);
	if (strcmp(o->command, "dump") == 0 && o->format_name &&
	    strcmp(o->format_name, "json") != 0)
		return usage_error("dump writes json only, not '%s'", o->format_name);
	return 0;
}

static int exit_status(const struct diag_list *dl, bool io_error)
{
	if (io_error)
		return EXIT_USAGE;
	return dl->errors ? EXIT_CONFIG_ERROR : EXIT_VALID;
}

static void print_diagnostics(struct diag_list *dl, enum diag_format fmt)
{
	diag_list_sort(dl);
	if (fmt == DIAG_FORMAT_TEXT)
		diag_list_print(dl, fmt, stderr);
	else
		diag_list_print(dl, fmt, stdout);
}

static int print_model(const struct frontend *fe, const struct options *o)
{
	json_t *doc = json_object();
	if (o->board)
		json_object_set_new(doc, "board", dump_board(&fe->board));
	if (o->scenario)
		json_object_set_new(doc, "scenario", dump_scenario(&fe->scenario));
	int rc = json_dumpf(doc, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(doc);
	putchar('\n');
	return rc == 0 && fflush(stdout) == 0 ? 0 : -1;
}

/* Shipped rules (schemas/rules/), then the user's; errors in them are usage errors. */
static int load_rules(struct options *o, const char *dir, struct rule_set *rules,
		      struct diag_list *dl)
{
	char *rules_dir = xasprintf("%s/rules", dir);
	unsigned errors = rules_load_dir(rules, rules_dir, dl);
	free(rules_dir);
	for (size_t i = 0; i < o->rule_file_count; i++)
		errors += rules_load_file(rules, o->rule_files[i], dl);
	for (size_t i = 0; i < o->override_count && !errors; i++) {
		struct rule_override *ov = &o->overrides[i];
		const struct rule *r = rule_set_find(rules, ov->id);
		if (!r)
			return usage_error("-W %s: no such rule; see --list-rules", ov->id);
		if (ov->level != RULE_OFF && r->level != RULE_OFF)
			ov->level = r->level;
	}
	return errors ? EXIT_USAGE : 0;
}

static void list_rules(const struct rule_set *rules, const struct options *o)
{
	struct check_options copt = {o->overrides, o->override_count, o->werror};
	for (size_t i = 0; i < rules->count; i++) {
		const struct rule *r = &rules->rules[i];
		printf("%-36s %-8s %s\n", r->id, rule_level_name(check_effective_level(r, &copt)),
		       r->doc ? r->doc : "");
	}
}

static void run_checks(const struct frontend *fe, const struct rule_set *rules,
		       const struct options *o, struct diag_list *dl)
{
	bool board_ok = !o->board || fe->board_in.modelled;
	bool scenario_ok = !o->scenario || fe->scenario_in.modelled;
	if (!board_ok || !scenario_ok)
		return; /* the rules would only repeat what the front end already said */
	struct check_input in = {
	    o->board ? &fe->board_in.src : NULL,
	    o->scenario ? &fe->scenario_in.src : NULL,
	    o->board ? &fe->board : NULL,
	    o->scenario ? &fe->scenario : NULL,
	};
	struct check_options copt = {o->overrides, o->override_count, o->werror};
	check_run(rules, &in, &copt, dl);
}

/* What a back end makes of the resolution: the resolved document itself, or a report of it. */
static int write_output(const struct options *o, const char *dir, const struct resolution *r,
			const struct frontend *fe, struct diag_list *dl)
{
	if (strcmp(o->command, "resolve") == 0)
		return resolved_write(r, &fe->board, &fe->scenario, o->output, dl);
	size_t len;
	char *doc = resolved_render(r, &fe->board, &fe->scenario, &len);
	char *xforms = xasprintf("%s/xforms", dir);
	int rc = !doc				   ? -1
		 : strcmp(o->command, "emit") == 0 ? emit_tables(doc, len, xforms, o->output, dl)
						   : report_write(doc, len, xforms, o->output, dl);
	free(xforms);
	free(doc);
	return rc;
}

/* Only a configuration without errors is allocated and written. */
static int resolve_and_write(struct frontend *fe, const struct options *o, const char *dir,
			     struct diag_list *dl)
{
	if (dl->errors)
		return EXIT_CONFIG_ERROR;
	struct resolution r;
	if (resolve_config(&r, &fe->board, &fe->scenario, &fe->arena, dl) != 0)
		return EXIT_CONFIG_ERROR;
	size_t before = dl->count;
	if (write_output(o, dir, &r, fe, dl) == 0)
		return EXIT_VALID;
	/* a configuration the tables cannot hold is the user's to fix; anything else is I/O */
	for (size_t i = before; i < dl->count; i++)
		if (strcmp(dl->items[i].rule, "emit") == 0)
			return EXIT_CONFIG_ERROR;
	return EXIT_USAGE;
}

/* Loading the rules is a tenth of a run: it overlaps with the front end, in a thread of its own. */
struct rules_job {
	struct options *o;
	const char *dir;
	struct rule_set rules;
	struct diag_list dl;
	int status;
};

static void *rules_job_run(void *arg)
{
	struct rules_job *j = arg;
	j->status = load_rules(j->o, j->dir, &j->rules, &j->dl);
	return NULL;
}

/* Front end and rules loading side by side, then the checks and the back end if any. */
static int process_inputs(struct options *o, const char *dir, struct schema_set *schemas,
			  struct rules_job *job, struct diag_list *dl)
{
	struct frontend fe;
	frontend_init(&fe);
	pthread_t thread;
	bool threaded = pthread_create(&thread, NULL, rules_job_run, job) == 0;
	if (!threaded)
		rules_job_run(job);
	frontend_run(&fe, schemas, o->board, o->scenario, dl);
	if (threaded)
		pthread_join(thread, NULL);
	diag_list_move(dl, &job->dl);
	int status = job->status;
	if (status == 0) {
		if (o->list_rules)
			list_rules(&job->rules, o);
		run_checks(&fe, &job->rules, o, dl);
		status = exit_status(dl, frontend_io_error(&fe));
		if (status == EXIT_VALID && writes_output(o))
			status = resolve_and_write(&fe, o, dir, dl);
	}
	bool dump = strcmp(o->command, "dump") == 0;
	print_diagnostics(dl, dump ? DIAG_FORMAT_TEXT : o->format);
	if (dump && status == EXIT_VALID && print_model(&fe, o) != 0) {
		fputs("acrn-cfgc: error: cannot write the model to standard output\n", stderr);
		status = EXIT_USAGE;
	}
	frontend_free(&fe);
	return status;
}

static int run(struct options *o)
{
	struct diag_list dl;
	diag_list_init(&dl);
	xml_loader_init();
	const char *dir = schema_dir(o);
	struct rules_job job = {.o = o, .dir = dir};
	rule_set_init(&job.rules);
	diag_list_init(&job.dl);
	int status;
	if (!o->board && !o->scenario) { /* --list-rules alone */
		status = load_rules(o, dir, &job.rules, &dl);
		if (status == 0)
			list_rules(&job.rules, o);
		print_diagnostics(&dl, o->format);
		rule_set_free(&job.rules);
		diag_list_free(&dl);
		return status;
	}
	struct schema_set *schemas = schema_set_open(dir, &dl);
	if (schemas) {
		status = process_inputs(o, dir, schemas, &job, &dl);
	} else {
		print_diagnostics(&dl, o->format);
		status = EXIT_USAGE;
	}
	rule_set_free(&job.rules);
	diag_list_free(&job.dl);
	schema_set_free(schemas);
	diag_list_free(&dl);
	xmlCleanupParser();
	return status;
}

int main(int argc, char **argv)
{
	struct options o = {0};
	if (argc < 2)
		return usage_error("%s",
				   "no command given: use check, dump, resolve, emit or report");
	if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
		fputs(usage_text, stdout);
		return EXIT_VALID;
	}
	if (strcmp(argv[1], "-V") == 0 || strcmp(argv[1], "--version") == 0) {
		printf("acrn-cfgc %s\n", PACKAGE_VERSION);
		return EXIT_VALID;
	}
	o.command = argv[1];
	if (strcmp(o.command, "--list-rules") == 0) {
		/* acrn-cfgc --list-rules [OPTIONS]: list, check nothing (argv[1] is getopt's
		 * argv[0]) */
		o.command = "check";
		o.list_rules = true;
	}
	if (strcmp(o.command, "check") != 0 && strcmp(o.command, "dump") != 0 && !writes_output(&o))
		return usage_error("unknown command '%s': use check, dump, resolve, emit or report",
				   o.command);
	int rc = parse_options(argc - 1, argv + 1, &o);
	if (rc == 0)
		rc = run(&o);
	free(o.rule_files);
	free(o.overrides);
	return rc;
}
