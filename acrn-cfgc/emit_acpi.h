/*
 * The ACPI back end of emit, beside the emitters of the other tables (emit.h):
 * for every pre-launched VM of the resolved document, its ACPI tables (acpi.h) as files
 * VMNAME/rsdp.dat, xsdt.dat, facp.dat, facs.dat, dsdt.aml, apic.dat, mcfg.dat, named as
 * ACPICA's tools name them, and config_acpi.c, which links the same bytes into the hypervisor
 * (struct acfg_acpi, hypervisor/include/config_abi.h). Same document, same bytes.
 */
#ifndef ACRN_CFGC_EMIT_ACPI_H
#define ACRN_CFGC_EMIT_ACPI_H

#include <libxml/tree.h>
#include <stddef.h>

#include "diag.h"
#include "outdir.h"

/* The names it writes, as outdir_open takes them (per-VM files under OUTDIR_IN_SUBDIRS). */
extern const char *const emit_acpi_outputs[];
extern const size_t emit_acpi_output_count;

/*
 * Writes config_acpi.c and every pre-launched VM's table files into od. generator names the
 * program in the banner ("acrn-cfgc VERSION"). A document it cannot read (a VM's pCPU not on
 * the board, a bad number) or tables that cannot be built are "emit" errors; returns 0 or -1.
 */
int emit_acpi(xmlDocPtr resolved, struct outdir *od, const char *generator, struct diag_list *dl);

#endif
