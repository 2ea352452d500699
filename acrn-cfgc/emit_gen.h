/*
 * config_gen.h and grub.cfg of emit (emit.h): the counts of the tables as ACFG_GEN_* constants, and
 * the GRUB menu entry that loads hv.elf and each VM's modules under the tags the tables hold.
 */
#ifndef ACRN_CFGC_EMIT_GEN_H
#define ACRN_CFGC_EMIT_GEN_H

#include <libxml/tree.h>
#include <stddef.h>

/* The text of each file (malloc'd, *len bytes) for the resolved document; generator names the
 * program in the banner. Neither refuses a document (*error stays NULL). */
char *emit_gen(xmlDocPtr resolved, const char *generator, size_t *len, char **error, long *line);
char *emit_grub(xmlDocPtr resolved, const char *generator, size_t *len, char **error, long *line);

#endif
