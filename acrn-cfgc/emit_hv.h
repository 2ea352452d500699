/*
 * config_hv.c of emit (emit.h): the hypervisor's own settings as struct acfg_hv
 * (hypervisor/include/config_abi.h).
 */
#ifndef ACRN_CFGC_EMIT_HV_H
#define ACRN_CFGC_EMIT_HV_H

#include <libxml/tree.h>
#include <stddef.h>

/* The text of config_hv.c (malloc'd, *len bytes) for the resolved document; generator names
 * the program in the banner. It refuses no document (*error stays NULL). */
char *emit_hv(xmlDocPtr resolved, const char *generator, size_t *len, char **error, long *line);

#endif
