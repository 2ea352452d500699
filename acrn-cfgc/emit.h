/*
 * The back end: the resolved document becomes the C tables the hypervisor and the device model
 * link in. Each generated file NAME comes from one stylesheet, XFORMS_DIR/tables.xsl (libxslt,
 * XSLT 1.0), run with the parameter output=NAME; its templates for NAME are in NAME.xsl. The
 * pre-launched VMs' ACPI tables are built in C (emit_acpi.h). The ABI they fill is
 * hypervisor/include/config_abi.h and devicemodel/include/dm_config_abi.h. Same document, same
 * bytes.
 */
#ifndef ACRN_CFGC_EMIT_H
#define ACRN_CFGC_EMIT_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"

/* The files the stylesheets write, in the order they run (emit_acpi.h adds its own). */
extern const char *const emit_outputs[];
extern const size_t emit_output_count;

/*
 * Parses the resolved document (len bytes), runs every stylesheet on it and writes the results
 * into outdir, atomically: into a temporary directory beside outdir, synced, then renamed into
 * place. An existing outdir is replaced only on success, and only if it holds nothing but
 * files from emit_outputs and emit_acpi_outputs. Stylesheets may read only files below xforms_dir
 * and may not write or use the network. Errors of a stylesheet (including its xsl:message) are
 * reported with rule "emit", file-system errors with rule "io". Returns 0, or -1 with nothing
 * written.
 */
int emit_tables(const char *resolved_xml, size_t len, const char *xforms_dir, const char *outdir,
		struct diag_list *dl);

/*
 * The same in steps, so the stylesheet can compile while the inputs are still being read:
 * emit_prepare finds the stylesheet in xforms_dir and never fails (emit_tables_prepared
 * reports what did); emit_compile, from any number of threads at once, compiles it in the
 * first of them and returns at once in the others; emit_tables_prepared compiles it if no
 * thread has, or waits for the thread that does. A struct emit_styles serves one
 * emit_tables_prepared; emit_styles_free takes NULL.
 */
struct emit_styles;
struct emit_styles *emit_prepare(const char *xforms_dir);
void emit_compile(struct emit_styles *styles);
int emit_tables_prepared(struct emit_styles *styles, const char *resolved_xml, size_t len,
			 const char *outdir, struct diag_list *dl);
void emit_styles_free(struct emit_styles *styles);

#endif
