/*
 * Front-end stages in order. Each input goes as far as it can: a file that does not parse is
 * not validated, and a document that breaks the schema is not modelled, so no error is reported
 * twice and nothing downstream works on data already known to be broken. What validation and
 * modelling rejected is named in the input's broken set, for the rules to step around.
 */
#include "frontend.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

static void input_init(struct frontend_input *in)
{
	memset(in, 0, sizeof(*in));
	arena_init(&in->arena);
	diag_list_init(&in->dl);
}

static void input_free(struct frontend_input *in)
{
	xml_source_free(&in->src);
	broken_free(&in->broken);
	arena_free(&in->arena);
	diag_list_free(&in->dl);
}

void frontend_init(struct frontend *fe)
{
	memset(fe, 0, sizeof(*fe));
	arena_init(&fe->arena);
	input_init(&fe->board_in);
	input_init(&fe->scenario_in);
}

void frontend_free(struct frontend *fe)
{
	input_free(&fe->board_in);
	input_free(&fe->scenario_in);
	upgrade_table_free(&fe->upgrades);
	arena_free(&fe->arena);
	memset(fe, 0, sizeof(*fe));
}

static struct frontend_input *input_of(struct frontend *fe, enum input_kind kind)
{
	return kind == INPUT_BOARD ? &fe->board_in : &fe->scenario_in;
}

/* A scenario of an earlier release is read in its current form (upgrade.c); -1: no table. */
static int upgrade_stage(struct frontend *fe, struct frontend_input *in)
{
	if (!fe->data_dir)
		return 0;
	char *xforms = xasprintf("%s/xforms", fe->data_dir);
	int rc = upgrade_table_load(&fe->upgrades, xforms, &in->dl);
	free(xforms);
	if (rc == 0)
		upgrade_scenario(&fe->upgrades, &in->src, UPGRADE_ACCEPT, &in->dl);
	in->io_error |= rc != 0;
	return rc;
}

/* Validation and model building, once the document has loaded. */
static void model_stage(struct frontend *fe, struct schema_set *schemas, enum input_kind kind)
{
	struct frontend_input *in = input_of(fe, kind);
	if (kind == INPUT_SCENARIO && upgrade_stage(fe, in) != 0)
		return;
	in->loaded = true;
	if (schema_validate(schemas, kind, &in->src, &in->dl, &in->broken) != 0)
		return;
	unsigned errors =
	    kind == INPUT_BOARD
		? board_build(&fe->board, &in->src, &in->arena, &in->dl, &in->broken)
		: scenario_build(&fe->scenario, &in->src, &in->arena, &in->dl, &in->broken);
	in->modelled = errors == 0;
}

/* One input, start to end; touches only its own frontend_input (and its model). */
struct job {
	struct frontend *fe;
	struct schema_set *schemas;
	enum input_kind kind;
	const char *path;
};

/* The input's schema, compiled in a thread of its own while the input is read. */
struct compile_job {
	struct schema_set *schemas;
	enum input_kind kind;
	struct diag_list dl;
	int status;
};

static void *compile_run(void *arg)
{
	struct compile_job *c = arg;
	c->status = schema_set_compile(c->schemas, c->kind, &c->dl);
	return NULL;
}

static void *run_job(void *arg)
{
	const struct job *j = arg;
	struct frontend_input *in = input_of(j->fe, j->kind);
	struct compile_job c = {.schemas = j->schemas, .kind = j->kind};
	diag_list_init(&c.dl);
	pthread_t thread;
	bool threaded = pthread_create(&thread, NULL, compile_run, &c) == 0;
	enum xml_load_result r = xml_source_load(&in->src, j->path, &in->dl);
	if (threaded)
		pthread_join(thread, NULL);
	else
		compile_run(&c);
	if (c.status != 0) { /* without its schema the input is not judged: only say why */
		diag_list_free(&in->dl);
		diag_list_init(&in->dl);
		r = XML_LOAD_IO_ERROR;
	}
	diag_list_move(&in->dl, &c.dl);
	in->io_error = r == XML_LOAD_IO_ERROR;
	if (r == XML_LOAD_OK)
		model_stage(j->fe, j->schemas, j->kind);
	return NULL;
}

void frontend_run(struct frontend *fe, struct schema_set *schemas, const char *board_path,
		  const char *scenario_path, struct diag_list *dl)
{
	struct job board = {fe, schemas, INPUT_BOARD, board_path};
	struct job scenario = {fe, schemas, INPUT_SCENARIO, scenario_path};
	pthread_t thread;
	bool threaded =
	    board_path && scenario_path && pthread_create(&thread, NULL, run_job, &board) == 0;
	if (board_path && !threaded)
		run_job(&board);
	if (scenario_path)
		run_job(&scenario);
	if (threaded)
		pthread_join(thread, NULL);
	diag_list_move(dl, &fe->board_in.dl);
	diag_list_move(dl, &fe->scenario_in.dl);
}

void frontend_run_buffer(struct frontend *fe, struct schema_set *schemas, enum input_kind kind,
			 const char *name, const char *buf, size_t len, struct diag_list *dl)
{
	struct frontend_input *in = input_of(fe, kind);
	if (schema_set_compile(schemas, kind, &in->dl) == 0 &&
	    xml_source_parse(&in->src, name, buf, len, &in->dl) == XML_LOAD_OK)
		model_stage(fe, schemas, kind);
	diag_list_move(dl, &in->dl);
}

bool frontend_io_error(const struct frontend *fe)
{
	return fe->board_in.io_error || fe->scenario_in.io_error;
}
