/*
 * libFuzzer target for the board inspector's PCI parsers: the input is cut into functions
 * (a bus byte, a device/function byte, a 16-bit little-endian length, then that many bytes
 * of config space, at most 4096 so the extended capabilities and SR-IOV above 0x100 are
 * reached), which are parsed, linked (SR-IOV VFs, bridges) and written as the devices tree;
 * the whole input is also parsed as a resource file.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "host.h"
#include "util.h"
#include "writer.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_FUNCS	32
#define MAX_CONFIG	4096
#define FUNC_HEADER_LEN 4

static void add_functions(const uint8_t *data, size_t size, struct pci *p)
{
	for (size_t off = 0; off + FUNC_HEADER_LEN <= size && p->n < MAX_FUNCS;) {
		size_t want = (size_t)data[off + 2] | (size_t)data[off + 3] << 8;
		size_t left = size - off - FUNC_HEADER_LEN;
		size_t len = want < left ? want : left;
		if (len > MAX_CONFIG)
			len = MAX_CONFIG;
		struct pci_func *f = &p->f[p->n];
		memset(f, 0, sizeof(*f));
		f->bus = data[off];
		f->dev = (data[off + 1] >> 3) & 31;
		f->fn = data[off + 1] & 7;
		pci_parse_config(data + off + FUNC_HEADER_LEN, len, "fuzz", f);
		if (f->config_ok)
			p->n++;
		off += FUNC_HEADER_LEN + len;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct host h;
	struct buf out = {0};
	struct pci_func extra;
	memset(&h, 0, sizeof(h));
	memset(&extra, 0, sizeof(extra));
	warn_set_quiet(true);
	h.board_name = "fuzz";
	h.pci.f = calloc(MAX_FUNCS, sizeof(*h.pci.f));
	h.pci.cap = MAX_FUNCS;
	add_functions(data, size, &h.pci);
	pci_finish(&h.pci, NULL);
	writer_board(&h, &out);
	extra.bridge = size && (data[0] & 1);
	pci_parse_resource((const char *)data, size, "fuzz", &extra);
	buf_free(&out);
	free(h.pci.f);
	warn_reset();
	return 0;
}
