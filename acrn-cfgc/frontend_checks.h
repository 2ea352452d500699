/*
 * Front-end checks that users switch by name, as they switch rules: -W NAME, -W no-NAME,
 * -Werror, and --list-rules shows them. They look at the loaded inputs after the front end.
 */
#ifndef ACRN_CFGC_FRONTEND_CHECKS_H
#define ACRN_CFGC_FRONTEND_CHECKS_H

#include "check.h"
#include "frontend.h"

struct frontend_check {
	const char *id;
	enum rule_level level; /* unless -W says otherwise */
	const char *doc;
	void (*run)(const struct frontend *fe, struct schema_set *set, enum diag_severity sev,
		    struct diag_list *dl);
};

extern const struct frontend_check frontend_checks[];
extern const size_t frontend_check_count;

const struct frontend_check *frontend_check_find(const char *id);

/* The level a check runs at after the user's -W choices (the last one for it wins). */
enum rule_level frontend_check_level(const struct frontend_check *c,
				     const struct check_options *opt);

/* Runs every check whose level is not off, warnings as errors under -Werror. */
void frontend_checks_run(const struct frontend *fe, struct schema_set *set,
			 const struct check_options *opt, struct diag_list *dl);

#endif
