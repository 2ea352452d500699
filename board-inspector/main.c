/*
 * board-inspector: writes the ACRN board XML of this machine, or of a captured tree.
 * The CLI only parses options and runs the stages: inspect, capture, write.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capture.h"
#include "host.h"
#include "output.h"
#include "pciids.h"
#include "source.h"
#include "util.h"
#include "writer.h"

#ifndef PACKAGE_VERSION
#define PACKAGE_VERSION "dev"
#endif

struct options {
	const char *sysroot, *capture, *output, *name;
	bool quiet;
};

static void usage(FILE *f)
{
	fputs("usage: board-inspector [-o FILE] [--sysroot DIR] [--capture DIR] [-q] [BOARD_NAME]\n"
	      "\n"
	      "Writes the ACRN board XML of this machine (or of the tree in --sysroot) to FILE\n"
	      "or stdout. It only reads: run it as root to see everything, non-root it\n"
	      "describes what it can and says what is missing.\n"
	      "\n"
	      "  -o, --output FILE  write to FILE, atomically (default: stdout)\n"
	      "  --sysroot DIR      read DIR (a capture or a hand-made tree), never the host\n"
	      "  --capture DIR      copy every file read into DIR (new or empty), with the CPUID\n"
	      "                     and MSR values as DIR/cpuid.txt and DIR/msr.txt\n"
	      "  -q, --quiet        no warnings on stderr\n"
	      "  BOARD_NAME         the board attribute (default: from SMBIOS, else my-board)\n"
	      "\n"
	      "Exit status: 0 written (warnings allowed), 2 usage or I/O error.\n",
	      f);
}

static int parse_options(int argc, char **argv, struct options *o)
{
	static const struct option longs[] = {{"output", required_argument, NULL, 'o'},
					      {"sysroot", required_argument, NULL, 's'},
					      {"capture", required_argument, NULL, 'c'},
					      {"quiet", no_argument, NULL, 'q'},
					      {"help", no_argument, NULL, 'h'},
					      {"version", no_argument, NULL, 'V'},
					      {NULL, 0, NULL, 0}};
	for (int c; (c = getopt_long(argc, argv, "o:qh", longs, NULL)) != -1;) {
		switch (c) {
		case 'o':
			o->output = optarg;
			break;
		case 's':
			o->sysroot = optarg;
			break;
		case 'c':
			o->capture = optarg;
			break;
		case 'q':
			o->quiet = true;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		case 'V':
			puts("board-inspector " PACKAGE_VERSION);
			exit(0);
		default:
			usage(stderr);
			return -1;
		}
	}
	if (optind + 1 < argc) {
		usage(stderr);
		return -1;
	}
	o->name = optind < argc ? argv[optind] : NULL;
	return 0;
}

static int run(const struct options *o, struct source *s)
{
	struct host h;
	struct buf xml = {0};
	host_inspect(s, o->name, &h);
	writer_board(&h, &xml);
	pciids_capture(h.ids, s); /* after the writer: it looks the names up */
	int rc = output_write(o->output, xml.data, xml.len);
	if (rc != 0)
		fprintf(stderr, "board-inspector: %s: %s\n", o->output ? o->output : "stdout",
			strerror(errno));
	host_free(&h);
	buf_free(&xml);
	return rc;
}

int main(int argc, char **argv)
{
	struct options o = {0};
	struct capture *cap = NULL;
	if (parse_options(argc, argv, &o) != 0)
		return 2;
	warn_set_quiet(o.quiet);
	struct source *s = source_new(o.sysroot);
	if (!s)
		return 2;
	if (o.capture && !(cap = capture_new(o.capture))) {
		source_free(s);
		return 2;
	}
	source_set_capture(s, cap);
	int rc = run(&o, s);
	if (capture_failed(cap)) {
		fprintf(stderr, "board-inspector: %s: the capture is incomplete\n", o.capture);
		rc = -1;
	}
	capture_free(cap);
	source_free(s);
	warn_reset();
	return rc ? 2 : 0;
}
