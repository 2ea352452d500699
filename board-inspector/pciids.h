/*
 * Device names from pci.ids when it is installed. A capture keeps only the entries that were
 * looked up (the whole file is over a megabyte), so a sysroot gives the same names.
 */
#ifndef INSPECTOR_PCIIDS_H
#define INSPECTOR_PCIIDS_H

#include <stddef.h>
#include <stdint.h>

struct source;
struct pciids;

/* NULL when no pci.ids is found (names are then numeric). */
struct pciids *pciids_load(struct source *s);
void pciids_free(struct pciids *ids);
/* The lspci-style text "Class: Vendor Device" of a function; the caller frees it. */
char *pciids_describe(struct pciids *ids, uint32_t class_code, uint16_t vendor, uint16_t device);
/* Writes the entries used so far into the source's capture. */
void pciids_capture(struct pciids *ids, struct source *s);
/* Buffer-level parser (the fuzzer calls it); takes ownership of text. */
struct pciids *pciids_parse(char *text, size_t len);

#endif
