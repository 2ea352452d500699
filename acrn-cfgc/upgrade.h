/*
 * Scenarios from earlier ACRN 3.x releases. The settings a later release renamed are listed once,
 * as data in schemas/xforms/upgrade.xsl (its u:rename entries); the front end reads an old
 * scenario in memory as its current form, and `acrn-cfgc upgrade` rewrites the file with that
 * stylesheet, so the two cannot disagree about what an old name means.
 */
#ifndef ACRN_CFGC_UPGRADE_H
#define ACRN_CFGC_UPGRADE_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "xmlload.h"

/* The stylesheet's file name inside the xforms directory, and the check name it reports under. */
#define UPGRADE_STYLESHEET "upgrade.xsl"
#define RULE_UPGRADE	   "scenario-upgrade"

/* One u:rename entry: the setting <old_name> of <parent> is <new_name> since `release`. */
struct upgrade_rename {
	char *parent;
	char *old_name;
	char *new_name;
	char *release;
	char *setting; /* what the new name switches on with y ("split-lock detection") */
	/* When the earlier releases left_out_in did something else than today's default with the
	 * old setting left out: the new name's value that keeps it, else NULL. */
	char *left_out;
	char *left_out_in;
	bool invert; /* the new name has the opposite sense: y and n swap */
};

struct upgrade_table {
	struct upgrade_rename *renames;
	size_t count;
};

/*
 * Reads the entries of XFORMS_DIR/upgrade.xsl (through the safe loader). An unreadable or
 * malformed table is our installation's fault: errors at the stylesheet, -1.
 */
int upgrade_table_load(struct upgrade_table *t, const char *xforms_dir, struct diag_list *dl);
void upgrade_table_free(struct upgrade_table *t);

enum upgrade_mode {
	UPGRADE_ACCEPT,	 /* read the old form: a warning for each old name it renames */
	UPGRADE_REWRITE, /* acrn-cfgc upgrade: only what the user must decide or fix */
};

/*
 * Renames, in src's document, every old setting the table lists (keeping its position for
 * diagnostics, see xml_written_name) and swaps y and n where the sense changed. An old setting
 * that cannot be converted (its value is not y or n, it is repeated, or its current name is
 * there too) is an error and is dropped, so the schema does not report it again. Where an
 * element holds old names but leaves out a setting whose default changed meaning, a warning
 * says what keeps the old behaviour. Returns how many old settings the document holds.
 */
size_t upgrade_scenario(const struct upgrade_table *t, struct xml_source *src,
			enum upgrade_mode mode, struct diag_list *dl);

/*
 * acrn-cfgc upgrade: reads the scenario in_path, and writes its current form to out_path
 * atomically (outfile.c). The stylesheet XFORMS_DIR/upgrade.xsl does the rewriting; the input's
 * own XML declaration and trailing whitespace are kept, and a file without old names is copied
 * byte for byte. Nothing else is checked. Returns 0 when written; 1 when the input is not a
 * well-formed scenario or holds an old setting that cannot be converted (nothing written);
 * 2 when a file cannot be read or written or the stylesheet fails.
 */
int upgrade_file(const char *xforms_dir, const char *in_path, const char *out_path,
		 struct diag_list *dl);

#endif
