/* Evaluates the rules of a rule set over the board and scenario documents. */
#ifndef ACRN_CFGC_CHECK_H
#define ACRN_CFGC_CHECK_H

#include "model.h"
#include "rules.h"

/*
 * What the rules see: the documents (for XPath) and the models (for the C built-ins). A
 * document may be there without its model (it broke the schema): the rules that read its
 * broken names or call a built-in that needs the model are skipped.
 */
struct check_input {
	const struct xml_source *board_src; /* NULL when no board was given or it is unusable */
	const struct xml_source *scenario_src;
	const struct board *board; /* NULL when the board was not modelled */
	const struct scenario *scenario;
	const struct broken_names *board_broken; /* NULL: nothing broken */
	const struct broken_names *scenario_broken;
};

/* A user's -W choice for one rule. */
struct rule_override {
	const char *id;
	enum rule_level level;
};

struct check_options {
	const struct rule_override *overrides;
	size_t override_count;
	bool werror; /* report warnings as errors */
	bool build;  /* checking for this project's hypervisor image: build rules are errors */
};

/* Runs every rule whose level is error or warning; returns the number of errors it reported. */
unsigned check_run(const struct rule_set *rules, const struct check_input *in,
		   const struct check_options *opt, struct diag_list *dl);

/*
 * The level a rule runs at after the user's overrides (the last -W for a rule wins): error,
 * warning, off, or build for a build rule outside the image build (it does not run).
 */
enum rule_level check_effective_level(const struct rule *r, const struct check_options *opt);

/*
 * The C functions rules may call from XPath (check_builtins.c), registered in ctx over in.
 * What they keep between calls (an index of the board's PCI functions, made at the first call
 * that needs it) is in the returned state, for builtins_free once ctx is no longer used.
 */
struct builtin_state;
struct builtin_state *builtins_register(xmlXPathContextPtr ctx, const struct check_input *in);
void builtins_free(struct builtin_state *state);
/* Can the function of that name (len bytes) run on this input (its model is there)? */
bool builtin_available(const char *name, size_t len, const struct check_input *in);

#endif
