/*
 * Output directories that appear complete or not at all: files go into a temporary directory
 * beside the target, and the directory is renamed into place (nothing waits for the disk:
 * outdir.c says why). A target that
 * already exists is replaced only if it holds nothing but files this run would write (an
 * earlier run's output), so a mistyped -o never costs the user a directory. A target that
 * already holds exactly the files and bytes of the new output is left as it is, times and all:
 * a build that reads it has nothing to redo.
 */
#ifndef ACRN_CFGC_OUTDIR_H
#define ACRN_CFGC_OUTDIR_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"

struct outdir {
	char *path;		  /* the target, without trailing slashes */
	char *tmp;		  /* the temporary directory beside it */
	const char *const *names; /* the file names this output may hold */
	size_t name_count;
	char *made_subdir;	  /* the subdirectory of tmp created last (NULL: none) */
	bool replaces;		  /* the target exists: tmp is made once the new output differs */
	struct outdir_file *same; /* written so far, each equal to the target's file: not in tmp */
	size_t same_count;
};

/* A names entry OUTDIR_IN_SUBDIRS "NAME": each subdirectory (one level) may hold a file NAME. */
#define OUTDIR_IN_SUBDIRS "*/"

/*
 * Checks that path can be replaced and creates the temporary directory. names lists every
 * file the output may hold. On failure reports an "io" error naming path and returns -1;
 * nothing was created.
 */
int outdir_open(struct outdir *d, const char *path, const char *const *names, size_t name_count,
		struct diag_list *dl);

/*
 * Writes one file into the temporary directory: one of the names, or SUBDIR/NAME for an entry
 * OUTDIR_IN_SUBDIRS "NAME" (SUBDIR, one plain component, is created as needed). A name of
 * neither kind is an "io" error.
 */
int outdir_write(struct outdir *d, const char *name, const void *data, size_t len,
		 struct diag_list *dl);

/*
 * Moves the temporary directory into place: an existing target
 * is renamed away first and removed after the swap, or restored if the swap fails. A target
 * equal to the new output is kept instead (nothing to move). Returns 0, or -1 with an "io"
 * error; either way the temporary directory is gone and d is released.
 */
int outdir_commit(struct outdir *d, struct diag_list *dl);

/* Removes the temporary directory and what was written into it; the target is untouched. */
void outdir_abort(struct outdir *d);

#endif
