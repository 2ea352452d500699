/*
 * Front-end stages in order. Each input goes as far as it can: a file that does not parse is
 * not validated, and a document that breaks the schema is not modelled, so no error is reported
 * twice and nothing downstream works on data already known to be broken.
 */
#include "frontend.h"

#include <string.h>

void frontend_init(struct frontend *fe)
{
	memset(fe, 0, sizeof(*fe));
	arena_init(&fe->arena);
}

void frontend_free(struct frontend *fe)
{
	xml_source_free(&fe->board_in.src);
	xml_source_free(&fe->scenario_in.src);
	arena_free(&fe->arena);
	memset(fe, 0, sizeof(*fe));
}

static struct frontend_input *input_of(struct frontend *fe, enum input_kind kind)
{
	return kind == INPUT_BOARD ? &fe->board_in : &fe->scenario_in;
}

/* Validation and model building, once the document has loaded. */
static void model_stage(struct frontend *fe, struct schema_set *schemas, enum input_kind kind,
			struct diag_list *dl)
{
	struct frontend_input *in = input_of(fe, kind);
	if (schema_validate(schemas, kind, &in->src, dl) != 0)
		return;
	unsigned errors = kind == INPUT_BOARD
			      ? board_build(&fe->board, &in->src, &fe->arena, dl)
			      : scenario_build(&fe->scenario, &in->src, &fe->arena, dl);
	in->modelled = errors == 0;
}

static void run_file(struct frontend *fe, struct schema_set *schemas, enum input_kind kind,
		     const char *path, struct diag_list *dl)
{
	struct frontend_input *in = input_of(fe, kind);
	enum xml_load_result r = xml_source_load(&in->src, path, dl);
	in->io_error = r == XML_LOAD_IO_ERROR;
	if (r == XML_LOAD_OK)
		model_stage(fe, schemas, kind, dl);
}

void frontend_run(struct frontend *fe, struct schema_set *schemas, const char *board_path,
		  const char *scenario_path, struct diag_list *dl)
{
	if (board_path)
		run_file(fe, schemas, INPUT_BOARD, board_path, dl);
	if (scenario_path)
		run_file(fe, schemas, INPUT_SCENARIO, scenario_path, dl);
}

void frontend_run_buffer(struct frontend *fe, struct schema_set *schemas, enum input_kind kind,
			 const char *name, const char *buf, size_t len, struct diag_list *dl)
{
	struct frontend_input *in = input_of(fe, kind);
	if (xml_source_parse(&in->src, name, buf, len, dl) == XML_LOAD_OK)
		model_stage(fe, schemas, kind, dl);
}

bool frontend_io_error(const struct frontend *fe)
{
	return fe->board_in.io_error || fe->scenario_in.io_error;
}
