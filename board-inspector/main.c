/*
 * board-inspector: writes the ACRN board XML of this machine, or of a captured tree.
 * The CLI only parses options and runs the stages: inspect, capture, write.
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
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

#define SYNOPSIS "board-inspector [-o FILE] [--sysroot DIR] [--capture DIR] [-q] [BOARD_NAME]"

static void usage(FILE *f)
{
	fputs("usage: " SYNOPSIS "\n"
	      "\n"
	      "Writes the ACRN board XML of this machine (or of the tree in --sysroot) to FILE\n"
	      "or stdout. It only reads: run it as root to see everything, non-root it\n"
	      "describes what it can and says what is missing.\n"
	      "\n"
	      "  -o, --output FILE  write to FILE, atomically (default: stdout)\n"
	      "  --sysroot DIR      read DIR (a capture or a hand-made tree), never the host\n"
	      "  --capture DIR      copy every file read into DIR (new or empty), with the CPUID\n"
	      "                     and MSR values as DIR/cpuid.txt and DIR/msr.txt\n"
	      "  -q, --quiet        no warnings on stderr (errors are always printed)\n"
	      "  -h, --help         show this help and exit\n"
	      "  -V, --version      show the version and exit\n"
	      "  BOARD_NAME         the board attribute (default: from SMBIOS, else my-board)\n"
	      "\n"
	      "Exit status: 0 written (warnings allowed), 2 usage or I/O error.\n"
	      "See board-inspector(1).\n",
	      f);
}

/* A command-line mistake: what was wrong, then the synopsis (the whole help is one -h away). */
__attribute__((format(printf, 1, 2))) static int usage_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("board-inspector: error: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputs("\nusage: " SYNOPSIS "\n", stderr);
	va_end(ap);
	return -1;
}

/*
 * getopt_long returned '?' or ':'. A long option's error ends its argument (optind moved past
 * "--name[=value]"); a short one's is optopt, possibly in the middle of a cluster like "-qx".
 */
static int option_error(int c, char **argv, int before)
{
	const char *arg = optind > before ? argv[optind - 1] : "";
	if (strncmp(arg, "--", 2) == 0) {
		int n = (int)strcspn(arg, "=");
		if (c == ':')
			return usage_error("option %.*s needs an argument", n, arg);
		if (optopt) /* glibc: a known long option given a value it does not take */
			return usage_error("option %.*s takes no argument", n, arg);
		return usage_error("unknown option %.*s", n, arg);
	}
	if (c == ':')
		return usage_error("option -%c needs an argument", optopt);
	return usage_error("unknown option -%c", optopt);
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
	opterr = 0; /* our own messages, as errors */
	for (int c, before = optind; (c = getopt_long(argc, argv, ":o:qhV", longs, NULL)) != -1;
	     before = optind) {
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
			return option_error(c, argv, before);
		}
	}
	if (optind + 1 < argc)
		return usage_error("one BOARD_NAME at most; '%s' is one too many",
				   argv[optind + 1]);
	o->name = optind < argc ? argv[optind] : NULL;
	return 0;
}

/* Writes the board, or reports why not; -1 on failure. */
static int write_board(const char *path, const struct buf *xml)
{
	if (output_write(path, xml->data, xml->len) == 0)
		return 0;
	if (errno == EEXIST)
		errmsg("%s: exists and is not a regular file; not replaced: give a file name, "
		       "or - for stdout",
		       path);
	else
		errmsg("%s: cannot write the board XML: %s", path ? path : "stdout",
		       strerror(errno));
	return -1;
}

/*
 * A capture that lost files would not reproduce the board: then the board is not written
 * either, so that exit 2 always means nothing was written.
 */
static int run(const struct options *o, struct source *s, const struct capture *cap)
{
	struct host h;
	struct buf xml = {0};
	host_inspect(s, o->name, &h);
	writer_board(&h, &xml);
	pciids_capture(h.ids, s); /* after the writer: it looks the names up */
	unsigned lost = capture_failed(cap);
	int rc = lost ? -1 : write_board(o->output, &xml);
	if (lost)
		errmsg("%s: the capture is incomplete (%u file%s not written), so no board XML was "
		       "written; remove the cause and capture again into a new or empty directory",
		       o->capture, lost, lost == 1 ? "" : "s");
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
	int rc = run(&o, s, cap);
	capture_free(cap);
	source_free(s);
	warn_reset();
	return rc ? 2 : 0;
}
