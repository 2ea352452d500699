/*
 * libFuzzer target for the board inspector's ACPI parsers (MADT, MCFG, DMAR, FADT, DSDT).
 * A known signature picks its parser; any other input is given to every parser under each
 * signature. The text sections are then written from what was parsed.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "host.h"
#include "util.h"
#include "writer.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void write_board(struct acpi *a)
{
	struct host h;
	struct buf out = {0};
	memset(&h, 0, sizeof(h));
	h.board_name = "fuzz";
	h.acpi = *a;
	writer_board(&h, &out);
	buf_free(&out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct acpi a;
	uint8_t *copy = malloc(size ? size : 1);
	memset(&a, 0, sizeof(a));
	warn_set_quiet(true);
	for (int t = 0; t < ACPI_COUNT; t++) {
		const char *sig = acpi_table_name((enum acpi_table)t);
		memcpy(copy, data, size);
		if (size >= 4 && memcmp(data, sig, 4) != 0)
			memcpy(copy, sig, 4);
		acpi_parse((enum acpi_table)t, copy, size, "fuzz", &a);
	}
	write_board(&a);
	acpi_free(&a);
	free(copy);
	warn_reset();
	return 0;
}
