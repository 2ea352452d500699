/*
 * SMBIOS BIOS (type 0) and base board (type 2) information from the raw DMI table
 * (/sys/firmware/dmi/tables/DMI, root only), or from /sys/class/dmi/id when the table is
 * unreadable. Often absent in virtual machines.
 */
#ifndef INSPECTOR_SMBIOS_H
#define INSPECTOR_SMBIOS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct source;

struct smbios {
	int status;	  /* reading the DMI table */
	const char *from; /* where the values came from, NULL when nowhere */
	bool have_bios, have_board;
	char *bios_vendor, *bios_version, *bios_date, *bios_revision;
	char *board_vendor, *board_product, *board_version;
};

void smbios_read(struct source *s, struct smbios *m);
void smbios_free(struct smbios *m);
/* Buffer-level parser of the DMI table (the fuzzer calls it). */
void smbios_parse(const uint8_t *p, size_t n, const char *where, struct smbios *m);

#endif
