/* The front end: load -> upgrade (scenarios) -> validate -> model, every error reported. */
#ifndef ACRN_CFGC_FRONTEND_H
#define ACRN_CFGC_FRONTEND_H

#include <stdbool.h>

#include "model.h"
#include "upgrade.h"
#include "validate.h"

struct frontend_input {
	struct xml_source src;
	struct arena arena;  /* this input's model */
	struct diag_list dl; /* this input's reports, until frontend_run hands them over */
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
};

void frontend_init(struct frontend *fe);
void frontend_free(struct frontend *fe);

/*
 * Runs the stages on either file (NULL to skip it); later stages skip inputs earlier ones
 * rejected, except that the rules still read a schema-invalid document (all but its broken
 * names). The two inputs are independent until the rules, so the board (the larger) is done
 * in a second thread while this one does the scenario. Compiles the schemas it needs.
 */
void frontend_run(struct frontend *fe, struct schema_set *schemas, const char *board_path,
		  const char *scenario_path, struct diag_list *dl);

/* The same for an in-memory document (used by the fuzzer). */
void frontend_run_buffer(struct frontend *fe, struct schema_set *schemas, enum input_kind kind,
			 const char *name, const char *buf, size_t len, struct diag_list *dl);

bool frontend_io_error(const struct frontend *fe);

#endif
