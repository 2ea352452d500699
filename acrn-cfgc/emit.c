/*
 * Emission (emit.h): the resolved document becomes the C tables, each file written by its C
 * emitter (emit_board.c, emit_vms.c, emit_dm.c, emit_hv.c, emit_gen.c, sharing emit_text.c),
 * then the pre-launched VMs' ACPI tables (emit_acpi.c), all into one output directory that
 * replaces the old one only when every file was made. Any error means no output at all.
 *
 * The emitters were XSLT stylesheets (schemas/xforms/, run by libxslt) until the speed work of
 * issue 11: compiling them cost 12M instructions and running them 8M, a third of an emit, where
 * the same text written in C costs a few hundred thousand (docs/acrn-cfgc.md, "Speed" and "Why
 * the tables are written in C"). The emitters only read the document, so they need neither a
 * copy of it nor a sandbox, and one thread makes every file.
 */
#include "emit.h"

#include <libxml/tree.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "emit_acpi.h"
#include "emit_board.h"
#include "emit_dm.h"
#include "emit_gen.h"
#include "emit_hv.h"
#include "emit_vms.h"
#include "outdir.h"
#include "util.h"
#include "xmlload.h"

#define RULE_EMIT "emit"
#define DOC_NAME  "resolved document" /* where an emitter's errors are placed */
#define GENERATOR "acrn-cfgc " PACKAGE_VERSION

#define OUTPUT_COUNT 6
const char *const emit_outputs[OUTPUT_COUNT] = {
    "config_gen.h", "config_board.c", "config_hv.c", "config_vms.c", "dm_vms.c", "grub.cfg",
};
const size_t emit_output_count = OUTPUT_COUNT;

/* Each file's emitter, by its place above. */
typedef char *emitter(xmlDocPtr resolved, const char *generator, size_t *len, char **error,
		      long *line);
static emitter *const emitters[OUTPUT_COUNT] = {emit_gen, emit_board, emit_hv,
						emit_vms, emit_dm,    emit_grub};

/* File i made and written into od; its error reported at the document's line it concerns. */
static int make_file(size_t i, xmlDocPtr doc, struct outdir *od, struct diag_list *dl)
{
	size_t len;
	long line;
	char *error = NULL;
	char *text = emitters[i](doc, GENERATOR, &len, &error, &line);
	int rc = -1;
	if (text)
		rc = outdir_write(od, emit_outputs[i], text, len, dl);
	else {
		struct srcpos pos = {DOC_NAME, line > 0 ? (unsigned)line : 0, 0};
		diag_error(dl, pos, RULE_EMIT, "%s", error);
	}
	free(text);
	free(error);
	return rc;
}

/* What an output directory may hold: the emitters' files, then the ACPI back end's (made once:
 * an open outdir refers to the list until it is committed or aborted). */
static const char **all_names;
static size_t all_name_count;

static void list_outputs(void)
{
	all_name_count = OUTPUT_COUNT + emit_acpi_output_count;
	all_names = xcalloc(all_name_count, sizeof(*all_names));
	for (size_t i = 0; i < all_name_count; i++)
		all_names[i] =
		    i < OUTPUT_COUNT ? emit_outputs[i] : emit_acpi_outputs[i - OUTPUT_COUNT];
}

/* Every file is made, so one run reports every file's errors; od stays open on success. */
static int emit_all(xmlDocPtr doc, const char *outdir, struct outdir *od, struct diag_list *dl)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, list_outputs);
	if (outdir_open(od, outdir, all_names, all_name_count, dl) != 0)
		return -1;
	int rc = 0;
	for (size_t i = 0; i < OUTPUT_COUNT; i++)
		rc |= make_file(i, doc, od, dl);
	rc |= emit_acpi(doc, od, GENERATOR, dl);
	if (rc != 0) {
		outdir_abort(od);
		return -1;
	}
	return 0;
}

int emit_tables_staged(const char *resolved_xml, size_t len, const char *outdir,
		       struct outdir *staged, struct diag_list *dl)
{
	struct xml_source src = {0};
	int rc = -1;
	if (xml_source_parse(&src, DOC_NAME, resolved_xml, len, dl) == XML_LOAD_OK)
		rc = emit_all(src.doc, outdir, staged, dl);
	xml_source_free(&src);
	return rc;
}

int emit_tables(const char *resolved_xml, size_t len, const char *outdir, struct diag_list *dl)
{
	struct outdir od;
	if (emit_tables_staged(resolved_xml, len, outdir, &od, dl) != 0)
		return -1;
	return outdir_commit(&od, dl) == 0 ? 0 : -1;
}
