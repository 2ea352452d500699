/* The front end: load -> upgrade (scenarios) -> validate -> model, every error reported. */
#ifndef ACRN_CFGC_FRONTEND_H
#define ACRN_CFGC_FRONTEND_H

#include <pthread.h>
#include <stdbool.h>

#include "handoff.h"
#include "model.h"
#include "upgrade.h"
#include "validate.h"

struct frontend_input {
	struct xml_source src;
	struct arena arena;  /* this input's model */
	struct diag_list dl; /* this input's reports, until frontend_collect hands them over */
	bool io_error; /* could not be read, or its schema could not be loaded: exit status 2 */
	bool loaded;   /* parsed: the rules may read the document, except what broken names */
	bool modelled; /* loaded, schema-valid and built into the model without errors */
	struct broken_names broken; /* what the stages rejected (broken.h) */
};

struct frontend {
	struct arena arena; /* for the stages after the front end */
	struct frontend_input board_in;
	struct frontend_input scenario_in;
	struct board board;
	struct scenario scenario;
	/* Set it to run the scenario upgrade stage: the data directory (xforms/upgrade.xsl). */
	const char *data_dir;
	struct upgrade_table upgrades; /* read by the scenario's stage when it runs */
	/* the board's schema, compiled by the helper half while the board half reads the board */
	pthread_mutex_t lock;
	pthread_cond_t board_schema_ready;
	bool board_schema_done;
	int board_schema_status;
	struct diag_list board_schema_dl;
	/* work for the helper once its own is done (half of the board's validation): it serves
	 * this until whoever runs the two halves closes it */
	struct handoff side;
};

void frontend_init(struct frontend *fe);
void frontend_free(struct frontend *fe);

/*
 * The stages on either file (NULL to skip it), in two halves for two threads: later stages
 * skip inputs earlier ones rejected, except that the rules still read a schema-invalid document
 * (all but its broken names). The inputs are independent until the rules. The board, the
 * larger, is the board half's; the helper half compiles the board's schema first, which the
 * board half waits for once it has read the board, then the scenario's schema and the whole
 * scenario. A thread may run both, helper half first. frontend_collect then hands over every
 * report of both inputs.
 */
void frontend_helper_half(struct frontend *fe, struct schema_set *schemas, const char *board_path,
			  const char *scenario_path);
void frontend_board_half(struct frontend *fe, struct schema_set *schemas, const char *board_path);
void frontend_collect(struct frontend *fe, struct diag_list *dl);

/* Both halves, the helper's in a thread of its own, then frontend_collect. */
void frontend_run(struct frontend *fe, struct schema_set *schemas, const char *board_path,
		  const char *scenario_path, struct diag_list *dl);

/* The same for an in-memory document (used by the fuzzer). */
void frontend_run_buffer(struct frontend *fe, struct schema_set *schemas, enum input_kind kind,
			 const char *name, const char *buf, size_t len, struct diag_list *dl);

bool frontend_io_error(const struct frontend *fe);

#endif
