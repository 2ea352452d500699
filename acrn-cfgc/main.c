/*
 * acrn-cfgc command line: turns the arguments into a pipeline_request (pipeline.h), finds the
 * data directory, and returns the pipeline's exit status. Nothing here reads an input.
 */
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pipeline.h"
#include "util.h"
#ifndef XSLT_PROGRAM
#include "report.h"
#include "upgrade.h"
#endif

static const char usage_text[] =
    "Usage: acrn-cfgc COMMAND --board BOARD.xml --scenario SCENARIO.xml [OPTIONS]\n"
    "       acrn-cfgc upgrade --scenario OLD.xml -o NEW.xml\n"
    "       acrn-cfgc --list-rules[=LEVEL] [--rules FILE] [-W ...] [--build]\n"
    "\n"
    "Commands:\n"
    "  check    validate the board and scenario; print every problem found\n"
    "  dump     print the typed model of the inputs as JSON on standard output\n"
    "  resolve  check, then allocate what the scenario leaves open; write the\n"
    "           complete configuration as XML to -o FILE\n"
    "  emit     check and resolve, then write the C tables for the hypervisor and\n"
    "           the device model, and grub.cfg, into the directory -o DIR\n"
    "  report   check and resolve, then draw the configuration as HTML in -o FILE\n"
    "  upgrade  write a scenario of an earlier ACRN 3.x release in its current\n"
    "           form to -o FILE (check reads old scenarios too, with warnings)\n"
    "\n"
    "Options:\n"
    "  -b, --board FILE        board XML (as written by a board inspector)\n"
    "  -s, --scenario FILE     scenario XML\n"
    "  -o, --output PATH       what resolve, emit, report and upgrade write (replaced\n"
    "                          only when complete)\n"
    "  -f, --format FORMAT     diagnostics as text (default, on stderr), json or sarif\n"
    "                          (on stdout); for dump, the model format: json\n"
    "      --rules FILE        also check the rules in FILE (site policy); repeatable\n"
    "  -W no-RULE, -W RULE     switch a rule off or on\n"
    "  -W board-unknown        warn about each element and attribute of the board\n"
    "                          that acrn-cfgc does not read (off by default)\n"
    "  -W error, -Werror       report warnings as errors\n"
    "      --build             also refuse, as errors, what this project's hypervisor\n"
    "                          does not run yet (the build rules; the image build\n"
    "                          passes this)\n"
    "      --list-rules[=LEVEL]\n"
    "                          list every rule with its level and what it checks;\n"
    "                          with LEVEL (error, warning, off or build) only the\n"
    "                          rules declared at it: =build lists what the\n"
    "                          hypervisor does not run yet\n"
    "      --schema-dir DIR    where the schemas, rules and stylesheets are\n"
    "                          (default: $ACRN_CFGC_SCHEMA_DIR, else installed)\n"
    "  -h, --help              show this help and exit\n"
    "  -V, --version           show the version and exit\n"
    "\n"
    "check and dump take either input alone. Exit status: 0 valid (warnings\n"
    "allowed), 1 the configuration has errors, 2 usage or I/O error.\n"
    "See acrn-cfgc(1).\n";

static const struct {
	const char *name;
	enum command command;
} commands[] = {
    {"check", CMD_CHECK}, {"dump", CMD_DUMP},	  {"resolve", CMD_RESOLVE},
    {"emit", CMD_EMIT},	  {"report", CMD_REPORT}, {"upgrade", CMD_UPGRADE},
};
#define COMMAND_NAMES "check, dump, resolve, emit, report or upgrade"

/* Options as given, before they are checked against each other. */
struct options {
	struct pipeline_request req;
	const char *command_name;
	const char *schema_dir;
	const char *format_name;
};

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

/*
 * --schema-dir, then $ACRN_CFGC_SCHEMA_DIR, then the installed copy, then the source tree (a
 * build that was not installed). NULL, after saying where it looked, when none has them.
 */
static const char *data_dir(const struct options *o)
{
	if (o->schema_dir)
		return o->schema_dir;
	const char *env = getenv("ACRN_CFGC_SCHEMA_DIR");
	if (env && *env)
		return env;
	if (has_schemas(SCHEMA_DIR))
		return SCHEMA_DIR;
	if (has_schemas(SOURCE_SCHEMA_DIR))
		return SOURCE_SCHEMA_DIR;
	fprintf(stderr,
		"acrn-cfgc: error: no schemas in %s (the installed data) nor in %s (the source "
		"tree this binary was built from): reinstall acrn-cfgc, or give the directory "
		"holding board.xsd with --schema-dir or ACRN_CFGC_SCHEMA_DIR\n",
		SCHEMA_DIR, SOURCE_SCHEMA_DIR);
	return NULL;
}

/* -W error, -W no-RULE, -W RULE; rule names are checked once the rules are loaded. */
static void add_warning_option(struct pipeline_request *req, const char *arg)
{
	if (strcmp(arg, "error") == 0) {
		req->werror = true;
		return;
	}
	bool off = strncmp(arg, "no-", 3) == 0;
	req->overrides =
	    xrealloc(req->overrides, (req->override_count + 1) * sizeof(*req->overrides));
	req->overrides[req->override_count].id = off ? arg + 3 : arg;
	/* RULE_WARNING marks "on"; the rule's own level is restored when rules are known */
	req->overrides[req->override_count++].level = off ? RULE_OFF : RULE_WARNING;
}

static void add_rule_file(struct pipeline_request *req, const char *path)
{
	req->rule_files =
	    xrealloc(req->rule_files, (req->rule_file_count + 1) * sizeof(*req->rule_files));
	req->rule_files[req->rule_file_count++] = path;
}

/* getopt over argv (argv[0] is the command); 0, or EXIT_USAGE after saying why. */
static int read_options(int argc, char **argv, struct options *o)
{
	static const struct option longopts[] = {
	    {"board", required_argument, NULL, 'b'},
	    {"output", required_argument, NULL, 'o'},
	    {"scenario", required_argument, NULL, 's'},
	    {"format", required_argument, NULL, 'f'},
	    {"schema-dir", required_argument, NULL, 'S'},
	    {"rules", required_argument, NULL, 'R'},
	    {"list-rules", optional_argument, NULL, 'L'},
	    {"help", no_argument, NULL, 'h'},
	    {"version", no_argument, NULL, 'V'},
	    {"build", no_argument, NULL, 'B'},
	    {NULL, 0, NULL, 0},
	};
	struct pipeline_request *req = &o->req;
	int c;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":b:s:f:o:W:hV", longopts, NULL)) != -1) {
		switch (c) {
		case 'b':
			req->board = optarg;
			break;
		case 's':
			req->scenario = optarg;
			break;
		case 'o':
			req->output = optarg;
			break;
		case 'f':
			o->format_name = optarg;
			break;
		case 'S':
			o->schema_dir = optarg;
			break;
		case 'R':
			add_rule_file(req, optarg);
			break;
		case 'W':
			add_warning_option(req, optarg);
			break;
		case 'L':
			req->list_rules = true;
			req->list_level = optarg;
			break;
		case 'B':
			req->build = true;
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
	return 0;
}

static bool is_level_name(const char *name)
{
	static const char *const levels[] = {"error", "warning", "off", "build"};
	for (size_t i = 0; i < ARRAY_SIZE(levels); i++)
		if (strcmp(name, levels[i]) == 0)
			return true;
	return false;
}

/* upgrade rewrites one scenario: nothing to check it against, no rules to run. */
static int check_upgrade_options(const struct pipeline_request *req)
{
	if (!req->scenario || !req->output || req->board || req->rule_file_count ||
	    req->override_count || req->werror || req->build || req->list_rules)
		return usage_error("%s", "upgrade takes --scenario FILE and -o FILE (and --format, "
					 "--schema-dir), nothing else");
	return 0;
}

/* The options against each other and the command. */
static int check_options(struct options *o)
{
	struct pipeline_request *req = &o->req;
	const char *cmd = o->command_name;
	if (req->command == CMD_UPGRADE && check_upgrade_options(req) != 0)
		return EXIT_USAGE;
	bool writes = command_writes_output(req->command);
	if (!req->board && !req->scenario && !req->list_rules)
		return usage_error("%s needs --board FILE and/or --scenario FILE", cmd);
	bool pair = writes && req->command != CMD_UPGRADE; /* upgrade's needs are checked above */
	if (pair && (!req->board || !req->scenario || !req->output))
		return usage_error("%s needs --board FILE, --scenario FILE and -o PATH", cmd);
	if (!writes && req->output)
		return usage_error("-o is for resolve, emit, report and upgrade, not %s", cmd);
	if (o->format_name && diag_parse_format(o->format_name, &req->format) != 0)
		return usage_error("unknown format '%s': use text, json or sarif", o->format_name);
	if (req->command == CMD_DUMP && o->format_name && strcmp(o->format_name, "json") != 0)
		return usage_error("dump writes json only, not '%s'", o->format_name);
	if (req->list_level && !is_level_name(req->list_level))
		return usage_error(
		    "unknown level '%s': use --list-rules=error, warning, off or build",
		    req->list_level);
	return 0;
}

#define GO_ON (-1)

/* argv[1]: a command, or --help, --version, --list-rules; GO_ON or the run's exit status. */
static int read_command(char **argv, struct options *o)
{
	const char *arg = argv[1];
	if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0) {
		fputs(usage_text, stdout);
		return EXIT_VALID;
	}
	if (strcmp(arg, "-V") == 0 || strcmp(arg, "--version") == 0) {
		printf("acrn-cfgc %s\n", PACKAGE_VERSION);
		return EXIT_VALID;
	}
	if (strcmp(arg, "--list-rules") == 0 || strncmp(arg, "--list-rules=", 13) == 0) {
		/* acrn-cfgc --list-rules[=LEVEL] [OPTIONS]: list, check nothing */
		o->command_name = "check";
		o->req.command = CMD_CHECK;
		o->req.list_rules = true;
		o->req.list_level = arg[12] == '=' ? arg + 13 : NULL;
		return GO_ON;
	}
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++) {
		if (strcmp(arg, commands[i].name) == 0) {
			o->command_name = arg;
			o->req.command = commands[i].command;
			return GO_ON;
		}
	}
	return usage_error("unknown command '%s': use " COMMAND_NAMES, arg);
}

#ifdef XSLT_PROGRAM
/*
 * This acrn-cfgc is linked statically, and libxslt, which Debian ships only as a shared library,
 * is not in it: a dynamically linked program starts a millisecond later, a third of a check.
 * The commands that run a stylesheet (report, upgrade) are left to acrn-cfgc-xslt, the same
 * program linked with the shared libraries: the one beside this program (a build tree), else
 * the installed one (XSLT_PROGRAM). It gets the same arguments and says all there is to say.
 */
static int run_xslt_program(char **argv)
{
	char self[4096];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n > 0) {
		self[n] = '\0';
		char *slash = strrchr(self, '/');
		char *beside =
		    slash ? xasprintf("%.*s/acrn-cfgc-xslt", (int)(slash - self), self) : NULL;
		if (beside && access(beside, X_OK) == 0)
			execv(beside, argv);
		free(beside);
	}
	execv(XSLT_PROGRAM, argv);
	fprintf(stderr,
		"acrn-cfgc: error: cannot run %s, which runs the stylesheets of 'acrn-cfgc %s': "
		"%s; reinstall acrn-cfgc\n",
		XSLT_PROGRAM, argv[1], strerror(errno));
	return EXIT_USAGE;
}
#else
static const struct stylesheet_commands stylesheets = {report_write, upgrade_file};
#endif

/*
 * What the run built is never freed: the process exits right after it, and the system takes the
 * memory back at once, where freeing it piece by piece (documents, schemas, rules, arenas,
 * libxml2's globals) would cost a tenth of the run. Held here, a static, so leak checkers see it
 * as still reachable; pipeline_free is exercised, under ASan's leak check, by the unit tests.
 */
static struct pipeline *run;

int main(int argc, char **argv)
{
	struct options o = {0};
	if (argc < 2)
		return usage_error("%s", "no command given: use " COMMAND_NAMES);
	int status = read_command(argv, &o);
	if (status != GO_ON)
		return status;
#ifdef XSLT_PROGRAM
	if (command_runs_stylesheet(o.req.command))
		return run_xslt_program(argv);
#else
	o.req.stylesheets = &stylesheets;
#endif
	/* argv[1] serves as getopt's program name */
	status = read_options(argc - 1, argv + 1, &o);
	if (status == 0)
		status = check_options(&o);
	if (status == 0) {
		o.req.data_dir = data_dir(&o);
		status = o.req.data_dir ? pipeline_run(&o.req, &run) : EXIT_USAGE;
	}
	/* the run ends here, without teardown (see run above) */
	free(o.req.rule_files);
	free(o.req.overrides);
	return status;
}
