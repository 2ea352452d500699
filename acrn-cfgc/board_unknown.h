/* -W board-unknown: the board content acrn-cfgc accepts without reading it, each at its place. */
#ifndef ACRN_CFGC_BOARD_UNKNOWN_H
#define ACRN_CFGC_BOARD_UNKNOWN_H

#include "validate.h"

/* Reports, at severity sev, every element and attribute of src (a loaded board) that
 * board.xsd does not declare; the content of an ignored element is not listed again. */
void board_unknown_report(struct schema_set *set, const struct xml_source *src,
			  enum diag_severity sev, struct diag_list *dl);

#endif
