/*
 * The back end: the resolved document becomes the C tables the hypervisor and the device model
 * link in, each file written by its C emitter (emit_board.h, emit_vms.h, emit_dm.h, emit_hv.h,
 * emit_gen.h), and each pre-launched VM's ACPI tables (emit_acpi.h). The ABI they fill is
 * hypervisor/include/config_abi.h and devicemodel/include/dm_config_abi.h. Same document, same
 * bytes.
 */
#ifndef ACRN_CFGC_EMIT_H
#define ACRN_CFGC_EMIT_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "outdir.h"

/* The files the emitters write, in the order they are made (emit_acpi.h adds its own). */
extern const char *const emit_outputs[];
extern const size_t emit_output_count;

/*
 * Parses the resolved document (len bytes), makes every file from it and writes them into
 * outdir, atomically: into a temporary directory beside outdir, then renamed into place. An
 * existing outdir is replaced only on success, and only if it holds nothing but files from
 * emit_outputs and emit_acpi_outputs. A document the tables cannot express is an error with
 * rule "emit" at its line, file-system errors have rule "io". Returns 0, or -1 with nothing
 * written.
 */
int emit_tables(const char *resolved_xml, size_t len, const char *outdir, struct diag_list *dl);

/*
 * The same but the last step: on success (0) every file is in staged's temporary directory, for
 * the caller to outdir_commit (or outdir_abort); on failure (-1) nothing is left.
 */
int emit_tables_staged(const char *resolved_xml, size_t len, const char *outdir,
		       struct outdir *staged, struct diag_list *dl);

#endif
