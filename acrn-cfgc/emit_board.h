/*
 * config_board.c of emit (emit.h): the board's pCPUs, memory map, IOAPICs, PCI devices, serial
 * console, CAT and power-off register as struct acfg_board (hypervisor/include/config_abi.h).
 */
#ifndef ACRN_CFGC_EMIT_BOARD_H
#define ACRN_CFGC_EMIT_BOARD_H

#include <libxml/tree.h>
#include <stddef.h>

/*
 * The text of config_board.c (malloc'd, *len bytes) for the resolved document; generator names
 * the program in the banner ("acrn-cfgc VERSION"). NULL, with *error (malloc'd) saying why,
 * and *line (the resolved document's) when the tables cannot hold the board's name.
 */
char *emit_board(xmlDocPtr resolved, const char *generator, size_t *len, char **error, long *line);

#endif
