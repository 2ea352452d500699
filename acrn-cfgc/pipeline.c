/*
 * The stages of one run, in order (pipeline.h). The rules load in a second thread while the
 * front end reads the inputs; the checks need both; only a configuration without errors is
 * resolved and written.
 */
#include "pipeline.h"

#include <jansson.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dump.h"
#include "emit.h"
#include "frontend.h"
#include "frontend_checks.h"
#include "outdir.h"
#include "resolve.h"
#include "resolved_xml.h"
#include "rules.h"
#include "rules_table.h"
#include "util.h"
#include "validate.h"
#include "xmlload.h"

bool command_writes_output(enum command command)
{
	return command == CMD_RESOLVE || command == CMD_EMIT || command == CMD_REPORT ||
	       command == CMD_UPGRADE;
}

bool command_runs_stylesheet(enum command command)
{
	return command == CMD_REPORT || command == CMD_UPGRADE;
}

static struct check_options check_options_of(const struct pipeline_request *req)
{
	struct check_options copt = {req->overrides, req->override_count, req->werror, req->build};
	return copt;
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
	diag_list_print(dl, fmt, fmt == DIAG_FORMAT_TEXT ? stderr : stdout);
}

static int print_model(const struct frontend *fe, const struct pipeline_request *req)
{
	json_t *doc = json_object();
	if (req->board)
		json_object_set_new(doc, "board", dump_board(&fe->board));
	if (req->scenario)
		json_object_set_new(doc, "scenario", dump_scenario(&fe->scenario));
	int rc = json_dumpf(doc, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(doc);
	putchar('\n');
	return rc == 0 && fflush(stdout) == 0 ? 0 : -1;
}

/* The rule or front-end check id nearest to a misspelt one, or NULL when none is close. */
static const char *nearest_rule(const struct rule_set *rules, const char *id)
{
	const char *best = NULL;
	size_t best_dist = strlen(id) / 3 + 1;
	for (size_t i = 0; i < rules->count; i++)
		keep_nearer(id, rules->rules[i].id, &best, &best_dist);
	for (size_t i = 0; i < frontend_check_count; i++)
		keep_nearer(id, frontend_checks[i].id, &best, &best_dist);
	return best;
}

/*
 * Every -W names a rule or a front-end check (frontend_checks.h); a rule switched on runs at its
 * own level (warning unless error; a build rule as an error, as in the image build), a
 * front-end check switched on reports warnings.
 */
static int apply_overrides(struct pipeline_request *req, const struct rule_set *rules)
{
	for (size_t i = 0; i < req->override_count; i++) {
		struct rule_override *ov = &req->overrides[i];
		const struct rule *r = rule_set_find(rules, ov->id);
		if (!r && frontend_check_find(ov->id))
			continue;
		if (!r) {
			const char *near = nearest_rule(rules, ov->id);
			fprintf(stderr, "acrn-cfgc: error: -W %s%s: no such rule",
				ov->level ? "" : "no-", ov->id);
			if (near)
				fprintf(stderr, "; did you mean '%s'?", near);
			fputs("\nacrn-cfgc --list-rules lists them all.\n", stderr);
			return EXIT_USAGE;
		}
		if (ov->level != RULE_OFF && r->level != RULE_OFF)
			ov->level = r->level == RULE_BUILD ? RULE_ERROR : r->level;
	}
	return 0;
}

/* Shipped rules (DATA_DIR/rules/), then the user's; errors in them are usage errors. */
static int load_rules(struct pipeline_request *req, struct rule_set *rules, struct diag_list *dl)
{
	char *rules_dir = xasprintf("%s/rules", req->data_dir);
	unsigned errors = rules_load_dir_table(rules, rules_dir, &rules_shipped, dl);
	free(rules_dir);
	for (size_t i = 0; i < req->rule_file_count; i++)
		errors += rules_load_file(rules, req->rule_files[i], dl);
	return errors ? EXIT_USAGE : apply_overrides(req, rules);
}

static void list_rules(const struct rule_set *rules, const struct pipeline_request *req)
{
	struct check_options copt = check_options_of(req);
	for (size_t i = 0; i < rules->count; i++) {
		const struct rule *r = &rules->rules[i];
		if (req->list_level && strcmp(rule_level_name(r->level), req->list_level) != 0)
			continue;
		printf("%-36s %-8s %s\n", r->id, rule_level_name(check_effective_level(r, &copt)),
		       r->doc ? r->doc : "");
	}
	for (size_t i = 0; i < frontend_check_count; i++) {
		const struct frontend_check *c = &frontend_checks[i];
		if (req->list_level && strcmp(rule_level_name(c->level), req->list_level) != 0)
			continue;
		printf("%-36s %-8s front end: %s\n", c->id,
		       rule_level_name(frontend_check_level(c, &copt)), c->doc);
	}
}

/* A document the rules may read: it loaded, and it is the kind of file it was given as. */
static const struct xml_source *readable(const struct frontend_input *in, const char *path)
{
	return path && in->loaded && !in->broken.whole ? &in->src : NULL;
}

/*
 * The rules run on whatever the front end could read, even beside schema errors: each rule
 * that reads a broken name, or needs a model that could not be built, is skipped (check.c).
 */
static void run_checks(const struct frontend *fe, const struct rule_set *rules,
		       const struct pipeline_request *req, struct diag_list *dl)
{
	struct check_input in = {
	    readable(&fe->board_in, req->board),
	    readable(&fe->scenario_in, req->scenario),
	    req->board && fe->board_in.modelled ? &fe->board : NULL,
	    req->scenario && fe->scenario_in.modelled ? &fe->scenario : NULL,
	    &fe->board_in.broken,
	    &fe->scenario_in.broken,
	};
	struct check_options copt = check_options_of(req);
	check_run(rules, &in, &copt, dl);
}

/*
 * What a back end makes of the resolution: the resolved document itself, or C, or a report.
 * staged (emit only, else NULL): the C goes into its temporary directory, not yet in place.
 */
static int write_output(const struct pipeline_request *req, const struct resolution *r,
			const struct frontend *fe, struct outdir *staged, struct diag_list *dl)
{
	if (req->command == CMD_RESOLVE)
		return resolved_write(r, &fe->board, &fe->scenario, req->output, dl);
	size_t len;
	char *doc = resolved_render(r, &fe->board, &fe->scenario, &len);
	char *xforms = xasprintf("%s/xforms", req->data_dir);
	int rc = -1;
	if (doc && req->command == CMD_EMIT)
		rc = staged ? emit_tables_staged(doc, len, req->output, staged, dl)
			    : emit_tables(doc, len, req->output, dl);
	else if (doc)
		rc = req->stylesheets->report(doc, len, xforms, req->output, dl);
	free(xforms);
	free(doc);
	return rc;
}

/* Only a configuration without errors is allocated and written. */
static int resolve_and_write(struct frontend *fe, const struct pipeline_request *req,
			     struct outdir *staged, struct diag_list *dl)
{
	if (dl->errors)
		return EXIT_CONFIG_ERROR;
	struct resolution r = {0};
	if (resolve_config(&r, &fe->board, &fe->scenario, &fe->arena, dl) != 0)
		return EXIT_CONFIG_ERROR;
	size_t before = dl->count;
	if (write_output(req, &r, fe, staged, dl) == 0)
		return EXIT_VALID;
	/* a configuration the tables cannot hold is the user's to fix; anything else is I/O */
	for (size_t i = before; i < dl->count; i++)
		if (strcmp(dl->items[i].rule, "emit") == 0)
			return EXIT_CONFIG_ERROR;
	return EXIT_USAGE;
}

/* The rules, loaded by the helper thread once its share of the front end is done. */
struct rules_job {
	struct pipeline_request *req;
	struct rule_set rules;
	struct diag_list dl;
	int status;
};

/* What one run builds, kept until pipeline_free. */
struct pipeline {
	struct diag_list dl;
	struct rules_job job;
	pthread_mutex_t lock;
	pthread_cond_t helped;
	bool helper_done; /* the helper's share of the front end and the rules are there */
	struct schema_set *schemas;
	struct frontend fe;
	bool placed;   /* the helper was started on another CPU than this thread's */
	bool threaded; /* the helper runs in a thread of its own, joined by pipeline_free */
	pthread_t helper;
	cpu_set_t allowed; /* the CPUs the run may use */
};

/*
 * A run has two threads, as the machines it runs on have two cores, and no more: each thread
 * more cost a third of a millisecond of the system's time. This thread reads the board
 * (frontend_board_half), the larger input; the helper compiles the schemas, reads the scenario
 * (frontend_helper_half) and loads the rules, says so, then serves the work this thread offers
 * (handoff.h) until the run closes the handoff: half the board's validation
 * (validate_share.c), and for emit the checks (check_and_emit).
 */
static void *helper_run(void *arg)
{
	struct pipeline *p = arg;
	if (p->placed) /* started where it was placed: from now on it may run anywhere */
		pthread_setaffinity_np(pthread_self(), sizeof(p->allowed), &p->allowed);
	struct pipeline_request *req = p->job.req;
	frontend_helper_half(&p->fe, p->schemas, req->board, req->scenario);
	p->job.status = load_rules(req, &p->job.rules, &p->job.dl);
	pthread_mutex_lock(&p->lock);
	p->helper_done = true;
	pthread_cond_signal(&p->helped);
	pthread_mutex_unlock(&p->lock);
	handoff_serve(&p->fe.side);
	return NULL;
}

/* The checks of a run, as a piece of work for either thread (handoff.h). */
struct checks_job {
	const struct frontend *fe;
	const struct rule_set *rules;
	const struct pipeline_request *req;
	struct diag_list dl;
};

static void run_checks_job(void *arg, size_t piece)
{
	(void)piece; /* one piece */
	struct checks_job *job = arg;
	run_checks(job->fe, job->rules, job->req, &job->dl);
}

/*
 * emit, once the front end found no error: the checks (offered to the helper) and the back end
 * side by side, since neither changes what the other reads (the documents and the models). The
 * new output replaces the old one only when the checks find no error either; then the back
 * end's own reports count, as when it runs after the checks. Otherwise its work is dropped,
 * reports and files, as if it had never run.
 */
static int check_and_emit(struct pipeline *p, const struct pipeline_request *req)
{
	struct frontend *fe = &p->fe;
	struct checks_job job = {fe, &p->job.rules, req, {0}};
	diag_list_init(&job.dl);
	handoff_offer(&fe->side, run_checks_job, &job, 1);
	struct diag_list back_dl;
	diag_list_init(&back_dl);
	struct outdir staged;
	int back = resolve_and_write(fe, req, &staged, &back_dl);
	handoff_complete(&fe->side);
	diag_list_move(&p->dl, &job.dl);
	int status = exit_status(&p->dl, frontend_io_error(fe));
	if (back == EXIT_VALID && status != EXIT_VALID)
		outdir_abort(&staged);
	if (back == EXIT_VALID && status == EXIT_VALID && outdir_commit(&staged, &back_dl) != 0)
		back = EXIT_USAGE;
	if (status == EXIT_VALID) {
		diag_list_move(&p->dl, &back_dl);
		status = back;
	}
	diag_list_free(&back_dl);
	return status;
}

static bool helper_done(const void *arg)
{
	const struct pipeline *p = arg;
	return p->helper_done;
}

static void await_helper(struct pipeline *p)
{
	pthread_mutex_lock(&p->lock);
	handoff_wait(&p->helped, &p->lock, helper_done, p);
	pthread_mutex_unlock(&p->lock);
}

/*
 * The helper starts on a CPU other than this thread's, when the run may use one. Left to itself,
 * Linux starts a new thread on its creator's CPU and moves it to an idle one only after
 * milliseconds, as long as a whole run: the two threads then took turns on one CPU (measured
 * on the two-core virtual machines CI runs on: a run's wall time equalled its CPU time). Once
 * running, the helper may move anywhere (helper_run).
 */
static void place_helper(struct pipeline *p, pthread_attr_t *attr)
{
	int here = sched_getcpu();
	if (here < 0 || sched_getaffinity(0, sizeof(p->allowed), &p->allowed) != 0)
		return;
	cpu_set_t elsewhere = p->allowed;
	CPU_CLR(here, &elsewhere);
	p->placed = CPU_COUNT(&elsewhere) > 0 &&
		    pthread_attr_setaffinity_np(attr, sizeof(elsewhere), &elsewhere) == 0;
}

/* Front end and rules loading side by side (helper_run), then the checks and the back end. */
static int process_inputs(struct pipeline_request *req, struct pipeline *p)
{
	struct frontend *fe = &p->fe;
	struct diag_list *dl = &p->dl;
	struct rules_job *job = &p->job;
	pthread_attr_t attr;
	bool threaded = pthread_attr_init(&attr) == 0;
	if (threaded) {
		place_helper(p, &attr);
		threaded = pthread_create(&p->helper, &attr, helper_run, p) == 0;
		pthread_attr_destroy(&attr);
	}
	p->threaded = threaded;
	if (!threaded) {
		p->placed = false;
		handoff_close(&fe->side); /* no second thread: the board half keeps its work */
		helper_run(p);
	}
	frontend_board_half(fe, p->schemas, req->board);
	await_helper(p);
	frontend_collect(fe, dl);
	diag_list_move(dl, &job->dl);
	int status = job->status;
	if (status == 0) {
		if (req->list_rules)
			list_rules(&job->rules, req);
		struct check_options copt = check_options_of(req);
		frontend_checks_run(fe, p->schemas, &copt, dl);
		if (req->command == CMD_EMIT &&
		    exit_status(dl, frontend_io_error(fe)) == EXIT_VALID) {
			status = check_and_emit(p, req);
		} else {
			run_checks(fe, &job->rules, req, dl);
			status = exit_status(dl, frontend_io_error(fe));
			if (status == EXIT_VALID && command_writes_output(req->command))
				status = resolve_and_write(fe, req, NULL, dl);
		}
	}
	/* the helper stops serving and ends; the command-line program exits without waiting for
	 * that (pipeline_free joins it) */
	handoff_close(&fe->side);
	bool dump = req->command == CMD_DUMP;
	print_diagnostics(dl, dump ? DIAG_FORMAT_TEXT : req->format);
	if (dump && status == EXIT_VALID && print_model(fe, req) != 0) {
		fputs("acrn-cfgc: error: cannot write the model to standard output\n", stderr);
		status = EXIT_USAGE;
	}
	return status;
}

/* --list-rules without inputs: load, list, check nothing. */
static int list_only(struct pipeline_request *req)
{
	struct rule_set rules;
	struct diag_list dl;
	rule_set_init(&rules);
	diag_list_init(&dl);
	int status = load_rules(req, &rules, &dl);
	if (status == 0)
		list_rules(&rules, req);
	print_diagnostics(&dl, req->format);
	rule_set_free(&rules);
	diag_list_free(&dl);
	return status;
}

/* acrn-cfgc upgrade: a rewriter of one scenario file, none of the stages above. */
static int upgrade_only(const struct pipeline_request *req)
{
	struct diag_list dl;
	diag_list_init(&dl);
	char *xforms = xasprintf("%s/xforms", req->data_dir);
	int status = req->stylesheets->upgrade(xforms, req->scenario, req->output, &dl);
	print_diagnostics(&dl, req->format);
	free(xforms);
	diag_list_free(&dl);
	return status;
}

int pipeline_run(struct pipeline_request *req, struct pipeline **run)
{
	*run = NULL;
	if (command_runs_stylesheet(req->command) && !req->stylesheets) {
		fputs(
		    "acrn-cfgc: error: this program runs no XSLT stylesheet (it is not linked with "
		    "libxslt), so it cannot report or upgrade\n",
		    stderr);
		return EXIT_USAGE;
	}
	xml_loader_init();
	if (req->command == CMD_UPGRADE)
		return upgrade_only(req);
	if (!req->board && !req->scenario)
		return list_only(req);
	struct pipeline *p = xcalloc(1, sizeof(*p));
	*run = p;
	diag_list_init(&p->dl);
	p->job.req = req;
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->helped, NULL);
	rule_set_init(&p->job.rules);
	diag_list_init(&p->job.dl);
	frontend_init(&p->fe);
	p->fe.data_dir = req->data_dir;
	p->schemas = schema_set_open(req->data_dir, &p->dl);
	if (p->schemas)
		return process_inputs(req, p);
	print_diagnostics(&p->dl, req->format);
	return EXIT_USAGE;
}

void pipeline_free(struct pipeline *p)
{
	if (!p)
		return;
	if (p->threaded)
		pthread_join(p->helper, NULL);
	frontend_free(&p->fe);
	rule_set_free(&p->job.rules);
	diag_list_free(&p->job.dl);
	schema_set_free(p->schemas);
	diag_list_free(&p->dl);
	pthread_cond_destroy(&p->helped);
	pthread_mutex_destroy(&p->lock);
	free(p);
}
