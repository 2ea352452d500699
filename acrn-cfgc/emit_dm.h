/*
 * dm_vms.c of emit (emit.h): the post-launched VMs for acrn-dm, as struct dmcfg_vms
 * (devicemodel/include/dm_config_abi.h).
 */
#ifndef ACRN_CFGC_EMIT_DM_H
#define ACRN_CFGC_EMIT_DM_H

#include <libxml/tree.h>
#include <stddef.h>

/*
 * The text of dm_vms.c (malloc'd, *len bytes) for the resolved document; generator names the
 * program in the banner. NULL, with *error (malloc'd) and *line (the resolved document's)
 * saying why, when the tables cannot hold the document (a vUART peer that is not there, an
 * unknown virtio kind, a name or value too long or not printable ASCII).
 */
char *emit_dm(xmlDocPtr resolved, const char *generator, size_t *len, char **error, long *line);

#endif
