/* The typed model as JSON, for debugging and for tests that look inside the compiler. */
#ifndef ACRN_CFGC_DUMP_H
#define ACRN_CFGC_DUMP_H

#include <jansson.h>

#include "model.h"

json_t *dump_board(const struct board *b);
json_t *dump_scenario(const struct scenario *s);

#endif
