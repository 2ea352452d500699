/*
 * config_vms.c of emit (emit.h): every VM in scenario order and the ivshmem regions, as struct
 * acfg_vms (hypervisor/include/config_abi.h).
 */
#ifndef ACRN_CFGC_EMIT_VMS_H
#define ACRN_CFGC_EMIT_VMS_H

#include <libxml/tree.h>
#include <stddef.h>

/*
 * The text of config_vms.c (malloc'd, *len bytes) for the resolved document; generator names
 * the program in the banner. NULL, with *error (malloc'd) and *line (the resolved document's)
 * saying why, when the tables cannot hold the document (a pCPU, device, peer or region that
 * is not there; a name too long or not printable ASCII).
 */
char *emit_vms(xmlDocPtr resolved, const char *generator, size_t *len, char **error, long *line);

#endif
