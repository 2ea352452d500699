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
	pthread_mutex_init(&fe->lock, NULL);
	pthread_cond_init(&fe->board_schema_ready, NULL);
	diag_list_init(&fe->board_schema_dl);
	handoff_init(&fe->side);
}

void frontend_free(struct frontend *fe)
{
	input_free(&fe->board_in);
	input_free(&fe->scenario_in);
	upgrade_table_free(&fe->upgrades);
	arena_free(&fe->arena);
	diag_list_free(&fe->board_schema_dl);
	handoff_free(&fe->side);
	pthread_cond_destroy(&fe->board_schema_ready);
	pthread_mutex_destroy(&fe->lock);
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
	if (schema_validate(schemas, kind, &in->src, &in->dl, &in->broken, &fe->side) != 0)
		return;
	unsigned errors =
	    kind == INPUT_BOARD
		? board_build(&fe->board, &in->src, &in->arena, &in->dl, &in->broken)
		: scenario_build(&fe->scenario, &in->src, &in->arena, &in->dl, &in->broken);
	in->modelled = errors == 0;
}

/*
 * After an input has loaded: a schema that did not compile hides the input's errors (only
 * say why); otherwise the stages after loading. schema_dl holds what compiling said.
 */
static void after_load(struct frontend *fe, struct schema_set *schemas, enum input_kind kind,
		       enum xml_load_result r, int schema_status, struct diag_list *schema_dl)
{
	struct frontend_input *in = input_of(fe, kind);
	if (schema_status != 0) {
		diag_list_free(&in->dl);
		diag_list_init(&in->dl);
		r = XML_LOAD_IO_ERROR;
	}
	diag_list_move(&in->dl, schema_dl);
	in->io_error = r == XML_LOAD_IO_ERROR;
	if (r == XML_LOAD_OK)
		model_stage(fe, schemas, kind);
}

void frontend_helper_half(struct frontend *fe, struct schema_set *schemas, const char *board_path,
			  const char *scenario_path)
{
	if (board_path) {
		struct diag_list dl;
		diag_list_init(&dl);
		int status = schema_set_compile(schemas, INPUT_BOARD, &dl);
		pthread_mutex_lock(&fe->lock);
		fe->board_schema_status = status;
		diag_list_move(&fe->board_schema_dl, &dl);
		fe->board_schema_done = true;
		pthread_cond_broadcast(&fe->board_schema_ready);
		pthread_mutex_unlock(&fe->lock);
	}
	if (scenario_path) {
		struct diag_list dl;
		diag_list_init(&dl);
		int status = schema_set_compile(schemas, INPUT_SCENARIO, &dl);
		struct frontend_input *in = &fe->scenario_in;
		enum xml_load_result r = xml_source_load(&in->src, scenario_path, &in->dl);
		after_load(fe, schemas, INPUT_SCENARIO, r, status, &dl);
	}
}

static bool board_schema_done(const void *arg)
{
	const struct frontend *fe = arg;
	return fe->board_schema_done;
}

void frontend_board_half(struct frontend *fe, struct schema_set *schemas, const char *board_path)
{
	if (!board_path)
		return;
	struct frontend_input *in = &fe->board_in;
	enum xml_load_result r = xml_source_load(&in->src, board_path, &in->dl);
	pthread_mutex_lock(&fe->lock);
	handoff_wait(&fe->board_schema_ready, &fe->lock, board_schema_done, fe);
	pthread_mutex_unlock(&fe->lock);
	after_load(fe, schemas, INPUT_BOARD, r, fe->board_schema_status, &fe->board_schema_dl);
}

void frontend_collect(struct frontend *fe, struct diag_list *dl)
{
	diag_list_move(dl, &fe->board_in.dl);
	diag_list_move(dl, &fe->scenario_in.dl);
}

struct halves {
	struct frontend *fe;
	struct schema_set *schemas;
	const char *board_path, *scenario_path;
};

static void *helper_half(void *arg)
{
	struct halves *h = arg;
	frontend_helper_half(h->fe, h->schemas, h->board_path, h->scenario_path);
	handoff_serve(&h->fe->side);
	return NULL;
}

void frontend_run(struct frontend *fe, struct schema_set *schemas, const char *board_path,
		  const char *scenario_path, struct diag_list *dl)
{
	struct halves h = {fe, schemas, board_path, scenario_path};
	pthread_t thread;
	bool threaded = pthread_create(&thread, NULL, helper_half, &h) == 0;
	if (!threaded) {
		handoff_close(&fe->side); /* no second thread: the board half keeps its work */
		helper_half(&h);
	}
	frontend_board_half(fe, schemas, board_path);
	handoff_close(&fe->side);
	if (threaded)
		pthread_join(thread, NULL);
	frontend_collect(fe, dl);
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
