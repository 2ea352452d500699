/* libFuzzer target for the board inspector's SMBIOS (DMI table) parser and its text sections. */
#include <stdint.h>
#include <string.h>

#include "host.h"
#include "util.h"
#include "writer.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct host h;
	struct buf out = {0};
	memset(&h, 0, sizeof(h));
	warn_set_quiet(true);
	h.board_name = "fuzz";
	smbios_parse(data, size, "fuzz", &h.smbios);
	writer_board(&h, &out);
	smbios_free(&h.smbios);
	buf_free(&out);
	warn_reset();
	return 0;
}
