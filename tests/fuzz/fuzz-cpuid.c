/*
 * libFuzzer target for the board inspector's CPUID and MSR dump parsers, through everything
 * that uses them: the input becomes cpuid.txt and msr.txt of a scratch sysroot, which is
 * inspected (topology, caches, CAT, capabilities) and written as a board.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "host.h"
#include "source.h"
#include "util.h"
#include "writer.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char root[64];

static void put(const char *name, const uint8_t *data, size_t size)
{
	char path[128];
	snprintf(path, sizeof(path), "%s/%s", root, name);
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!root[0]) {
		snprintf(root, sizeof(root), "%s/fuzz-cpuid.XXXXXX",
			 access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp");
		if (!mkdtemp(root))
			abort();
	}
	struct host h;
	struct buf out = {0};
	warn_set_quiet(true);
	put("cpuid.txt", data, size);
	put("msr.txt", data, size);
	struct source *s = source_new(root);
	host_inspect(s, "fuzz", &h);
	writer_board(&h, &out);
	host_free(&h);
	source_free(s);
	buf_free(&out);
	warn_reset();
	return 0;
}
