/*
 * Atomic output directories (outdir.h). A build that reads the output never sees half of it:
 * the files are written in a temporary directory beside the target, which then takes the
 * target's place by rename: the two trade places in one step where the file system can
 * (renameat2's RENAME_EXCHANGE); elsewhere the old target is moved aside first (a directory
 * cannot be renamed over a non-empty one) and put back if the rename fails. Moving it aside
 * costs a new directory and its removal: 0.5-0.7 ms on the virtual machines measured.
 *
 * Most runs write what the target already holds (a build that runs emit again after an edit
 * that changed nothing the tables say). Then nothing is created, renamed or removed: each file
 * is compared with the target's as it comes, kept in memory while all are equal, and the
 * temporary directory is made only at the first difference, or at the commit if the target
 * holds a file or subdirectory the new output has not. Even then, a file equal to the target's
 * goes into the new output as a hard link to it: it keeps its time (a build recompiles only
 * what changed), and removing the old output frees only what was replaced, which on the file
 * systems measured costs far more than writing.
 *
 * Nothing waits for the disk (no fsync): like a compiler's output, the files reach it when the
 * kernel writes them back. A sync is a journal commit and a cache flush, 4-12 ms each on the
 * virtual machines this project runs on, as much as three empty programs, and emit once synced
 * 14-25 files (in eight threads at once, as they share the commits); what an output must
 * survive is a failed run and a reader during the run, and the rename gives both.
 */
#include "outdir.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "outfile.h"
#include "util.h"

#define RULE_IO "io"

/* A file the new output has, equal to the target's, written into tmp only if tmp is made. */
struct outdir_file {
	char *name;
	void *data;
	size_t len;
};

static struct srcpos pos_of(const struct outdir *d)
{
	return (struct srcpos){d->path, 0, 0};
}

static char *strip_slashes(const char *path)
{
	char *p = xstrdup(path);
	size_t n = strlen(p);
	while (n > 1 && p[n - 1] == '/')
		p[--n] = '\0';
	return p;
}

/* A file the output may hold at its top (in_subdir false) or in one of its subdirectories. */
static bool known_name(const struct outdir *d, const char *name, bool in_subdir)
{
	size_t prefix = in_subdir ? strlen(OUTDIR_IN_SUBDIRS) : 0;
	for (size_t i = 0; i < d->name_count; i++) {
		bool sub = strncmp(d->names[i], OUTDIR_IN_SUBDIRS, strlen(OUTDIR_IN_SUBDIRS)) == 0;
		if (sub == in_subdir && strcmp(d->names[i] + prefix, name) == 0)
			return true;
	}
	return false;
}

static bool has_subdirs(const struct outdir *d)
{
	for (size_t i = 0; i < d->name_count; i++)
		if (strncmp(d->names[i], OUTDIR_IN_SUBDIRS, strlen(OUTDIR_IN_SUBDIRS)) == 0)
			return true;
	return false;
}

/* What a directory entry at path is (DT_REG, DT_DIR, ...): as readdir says, which spares a
 * system call per entry, or as lstat says where the file system does not say. */
static unsigned char entry_type(const struct dirent *e, const char *path)
{
	if (e->d_type != DT_UNKNOWN)
		return e->d_type;
	struct stat st;
	if (lstat(path, &st) != 0)
		return DT_UNKNOWN;
	return S_ISREG(st.st_mode) ? DT_REG : S_ISDIR(st.st_mode) ? DT_DIR : DT_UNKNOWN;
}

/* "." or "..": entries of every directory, never of an output. */
static bool dot_entry(const char *name)
{
	return strcmp(name, ".") == 0 || strcmp(name, "..") == 0;
}

/* A subdirectory name: one component, not hidden (nor "." or ".."). */
static bool plain_component(const char *s, size_t n)
{
	return n > 0 && s[0] != '.' && !memchr(s, '/', n);
}

/*
 * The first entry of dir (the output's top, or one of its subdirectories) that this output
 * would not write, or NULL; *err set if unreadable.
 */
static char *foreign_entry(const struct outdir *d, const char *dir, bool in_subdir, int *err)
{
	DIR *dh = opendir(dir);
	char *found = NULL;
	struct dirent *e;
	*err = dh ? 0 : errno;
	while (dh && !found && !*err && (e = readdir(dh))) {
		if (dot_entry(e->d_name))
			continue;
		char *p = xasprintf("%s/%s", dir, e->d_name);
		unsigned char type = entry_type(e, p);
		if (type != DT_REG && type != DT_DIR)
			found = xstrdup(e->d_name);
		else if (type == DT_REG && !known_name(d, e->d_name, in_subdir))
			found = xstrdup(e->d_name);
		else if (type == DT_DIR && (in_subdir || !has_subdirs(d) ||
					    !plain_component(e->d_name, strlen(e->d_name))))
			found = xstrdup(e->d_name);
		else if (type == DT_DIR) {
			char *inner = foreign_entry(d, p, true, err);
			found = inner ? xasprintf("%s/%s", e->d_name, inner) : NULL;
			free(inner);
		}
		free(p);
	}
	if (dh)
		closedir(dh);
	return found;
}

/* An existing target may be replaced only when it is an earlier output of ours. */
static int check_target(struct outdir *d, struct diag_list *dl)
{
	struct stat st;
	d->replaces = false;
	if (lstat(d->path, &st) != 0) {
		if (errno == ENOENT)
			return 0;
		diag_error(dl, pos_of(d), RULE_IO, "cannot examine it: %s", strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		diag_error(dl, pos_of(d), RULE_IO,
			   "exists and is not a directory; refusing to replace it (give a new "
			   "directory or an earlier output directory)");
		return -1;
	}
	int err;
	char *foreign = foreign_entry(d, d->path, false, &err);
	if (err)
		diag_error(dl, pos_of(d), RULE_IO, "cannot read it: %s", strerror(err));
	else if (foreign)
		diag_error(dl, pos_of(d), RULE_IO,
			   "holds '%s', which acrn-cfgc does not write; refusing to replace it "
			   "(give a new directory or an earlier output directory)",
			   foreign);
	free(foreign);
	d->replaces = !err && !foreign;
	return err || foreign ? -1 : 0;
}

static void drop_same(struct outdir *d)
{
	for (size_t i = 0; i < d->same_count; i++) {
		free(d->same[i].name);
		free(d->same[i].data);
	}
	free(d->same);
	d->same = NULL;
	d->same_count = 0;
}

static void release(struct outdir *d)
{
	free(d->path);
	free(d->tmp);
	free(d->made_subdir);
	d->path = d->tmp = d->made_subdir = NULL;
	drop_same(d);
}

/* The temporary directory beside the target, with the mode a plain mkdir() would give it. */
static int make_tmp(struct outdir *d, struct diag_list *dl)
{
	d->tmp = path_sibling_template(d->path, "tmp");
	if (!mkdtemp(d->tmp)) {
		diag_error(dl, pos_of(d), RULE_IO,
			   "cannot create a temporary directory beside it: %s", strerror(errno));
		free(d->tmp);
		d->tmp = NULL;
		return -1;
	}
	mode_t mask = umask(0);
	umask(mask);
	chmod(d->tmp, 0777 & ~mask);
	return 0;
}

int outdir_open(struct outdir *d, const char *path, const char *const *names, size_t name_count,
		struct diag_list *dl)
{
	*d = (struct outdir){.path = strip_slashes(path), .names = names, .name_count = name_count};
	if (strcmp(d->path, "/") == 0 || strcmp(d->path, ".") == 0 || !*d->path) {
		diag_error(dl, pos_of(d), RULE_IO,
			   "cannot be replaced as a whole; give a directory of its own");
		release(d);
		return -1;
	}
	if (check_target(d, dl) != 0 || (!d->replaces && make_tmp(d, dl) != 0)) {
		release(d);
		return -1;
	}
	return 0;
}

/* NAME at the output's top, or SUB/NAME (slash: its '/') for an entry OUTDIR_IN_SUBDIRS "NAME". */
static bool writable_name(const struct outdir *d, const char *name, const char *slash)
{
	if (!slash)
		return known_name(d, name, false);
	return plain_component(name, (size_t)(slash - name)) && known_name(d, slash + 1, true);
}

/* false, with an error, if name is not one of ours. */
static bool check_name(const struct outdir *d, const char *name, struct diag_list *dl)
{
	if (writable_name(d, name, strchr(name, '/')))
		return true;
	diag_error(dl, pos_of(d), RULE_IO, "cannot write %s: not a file of this output", name);
	return false;
}

/* "SUB/NAME": SUB created in the temporary directory. */
static bool prepare_name(struct outdir *d, const char *name, struct diag_list *dl)
{
	const char *slash = strchr(name, '/');
	if (!slash)
		return true;
	char *sub = xasprintf("%s/%.*s", d->tmp, (int)(slash - name), name);
	if (d->made_subdir && strcmp(d->made_subdir, sub) == 0) {
		free(sub); /* a VM's files come one after another: its directory is there */
		return true;
	}
	bool ok = mkdir(sub, 0777) == 0 || errno == EEXIST;
	if (!ok)
		diag_error(dl, pos_of(d), RULE_IO, "cannot create %.*s: %s; nothing was changed",
			   (int)(slash - name), name, strerror(errno));
	free(d->made_subdir);
	d->made_subdir = ok ? sub : NULL;
	if (!ok)
		free(sub);
	return ok;
}

/* One file into the temporary directory. */
static int write_tmp(struct outdir *d, const char *name, const void *data, size_t len,
		     struct diag_list *dl)
{
	if (!prepare_name(d, name, dl))
		return -1;
	char *path = xasprintf("%s/%s", d->tmp, name);
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
	int rc = fd < 0 || fd_write_all(fd, data, len) != 0 ? -1 : 0;
	int err = errno;
	if (fd >= 0 && close(fd) != 0 && rc == 0) {
		rc = -1;
		err = errno;
	}
	if (rc != 0)
		diag_error(dl, pos_of(d), RULE_IO, "cannot write %s: %s; nothing was changed", name,
			   strerror(err));
	free(path);
	return rc;
}

/*
 * A file equal to the target's, into the temporary directory: a hard link to the target's (it
 * keeps its time, and removing the old output then frees nothing), or written where the file
 * system has no links.
 */
static int link_tmp(struct outdir *d, const char *name, const void *data, size_t len,
		    struct diag_list *dl)
{
	if (!prepare_name(d, name, dl))
		return -1;
	char *from = xasprintf("%s/%s", d->path, name), *to = xasprintf("%s/%s", d->tmp, name);
	int rc = link(from, to);
	free(from);
	free(to);
	return rc == 0 ? 0 : write_tmp(d, name, data, len, dl);
}

/* The new output differs from the target: the temporary directory, with the files so far. */
static int make_tmp_with_same(struct outdir *d, struct diag_list *dl)
{
	int rc = make_tmp(d, dl);
	for (size_t i = 0; rc == 0 && i < d->same_count; i++)
		rc = link_tmp(d, d->same[i].name, d->same[i].data, d->same[i].len, dl);
	drop_same(d);
	return rc;
}

int outdir_write(struct outdir *d, const char *name, const void *data, size_t len,
		 struct diag_list *dl)
{
	if (!check_name(d, name, dl))
		return -1;
	if (!d->replaces)
		return write_tmp(d, name, data, len, dl);
	char *path = xasprintf("%s/%s", d->path, name);
	bool same = file_holds(path, data, len);
	free(path);
	if (same && !d->tmp) {
		d->same = xrealloc(d->same, (d->same_count + 1) * sizeof(*d->same));
		struct outdir_file *f = &d->same[d->same_count++];
		f->name = xstrdup(name);
		f->data = xmalloc(len ? len : 1);
		if (len)
			memcpy(f->data, data, len);
		f->len = len;
		return 0;
	}
	if (!d->tmp && make_tmp_with_same(d, dl) != 0)
		return -1;
	return same ? link_tmp(d, name, data, len, dl) : write_tmp(d, name, data, len, dl);
}

/* The length of name's subdirectory part ("SUB/NAME": 3), 0 for a name at the top. */
static size_t subdir_len(const char *name)
{
	const char *slash = strchr(name, '/');
	return slash ? (size_t)(slash - name) : 0;
}

/* How many subdirectories the kept files' names have. */
static size_t same_subdirs(const struct outdir *d)
{
	size_t count = 0;
	for (size_t i = 0; i < d->same_count; i++) {
		size_t n = subdir_len(d->same[i].name);
		bool seen = n == 0;
		for (size_t j = 0; !seen && j < i; j++)
			seen = subdir_len(d->same[j].name) == n &&
			       strncmp(d->same[j].name, d->same[i].name, n) == 0;
		count += !seen;
	}
	return count;
}

/*
 * Does the target hold no more than the files kept in same (each equal to the target's, as
 * compared when written)? It has as many files, and as many subdirectories as their names.
 */
static bool target_is_same(const struct outdir *d)
{
	size_t files = 0, dirs = 0;
	DIR *top = opendir(d->path);
	struct dirent *e;
	bool ok = top != NULL;
	while (ok && (e = readdir(top))) {
		if (dot_entry(e->d_name))
			continue;
		char *p = xasprintf("%s/%s", d->path, e->d_name);
		unsigned char type = entry_type(e, p);
		if (type == DT_REG) {
			files++;
		} else if (type == DT_DIR) {
			dirs++;
			DIR *sub = opendir(p);
			struct dirent *f;
			ok = sub != NULL;
			while (ok && (f = readdir(sub)))
				if (!dot_entry(f->d_name))
					files++;
			if (sub)
				closedir(sub);
		} else {
			ok = false;
		}
		free(p);
	}
	if (top)
		closedir(top);
	return ok && files == d->same_count && dirs == same_subdirs(d);
}

/* fn on each subdirectory of dir (ours: check_target let no other kind of entry through). */
static void each_subdir(const char *dir, void (*fn)(const struct outdir *, const char *),
			const struct outdir *d)
{
	DIR *dh = opendir(dir);
	struct dirent *e;
	while (dh && (e = readdir(dh))) {
		char *p = xasprintf("%s/%s", dir, e->d_name);
		if (plain_component(e->d_name, strlen(e->d_name)) && entry_type(e, p) == DT_DIR)
			fn(d, p);
		free(p);
	}
	if (dh)
		closedir(dh);
}

/* Removes the files of ours in dir, top or subdirectory: the entries with that prefix. */
static void remove_files(const struct outdir *d, const char *dir, bool in_subdir)
{
	size_t prefix = strlen(OUTDIR_IN_SUBDIRS);
	for (size_t i = 0; i < d->name_count; i++) {
		bool sub = strncmp(d->names[i], OUTDIR_IN_SUBDIRS, prefix) == 0;
		if (sub != in_subdir)
			continue;
		char *p = xasprintf("%s/%s", dir, d->names[i] + (sub ? prefix : 0));
		unlink(p);
		free(p);
	}
}

static void remove_subdir(const struct outdir *d, const char *dir)
{
	remove_files(d, dir, true);
	rmdir(dir);
}

/* Removes dir and the files of ours in it; false if something else kept it there. */
static bool remove_output(const struct outdir *d, const char *dir)
{
	remove_files(d, dir, false);
	if (has_subdirs(d))
		each_subdir(dir, remove_subdir, d);
	return rmdir(dir) == 0;
}

void outdir_abort(struct outdir *d)
{
	if (d->tmp)
		remove_output(d, d->tmp);
	release(d);
}

/* The kept files are the whole target: it stays, untouched. Otherwise tmp gets them. */
static int keep_or_make_tmp(struct outdir *d, bool *kept, struct diag_list *dl)
{
	*kept = !d->tmp && target_is_same(d);
	if (*kept || d->tmp)
		return 0;
	return make_tmp_with_same(d, dl);
}

/* Renames the existing target to a new empty sibling; *old is NULL when there is none. */
static int move_aside(struct outdir *d, char **old, struct diag_list *dl)
{
	struct stat st;
	*old = NULL;
	if (lstat(d->path, &st) != 0 && errno == ENOENT)
		return 0;
	*old = path_sibling_template(d->path, "old");
	if (mkdtemp(*old) && rename(d->path, *old) == 0)
		return 0;
	int err = errno;
	rmdir(*old);
	free(*old);
	*old = NULL;
	diag_error(dl, pos_of(d), RULE_IO,
		   "cannot move the old output aside: %s; it was left as it was", strerror(err));
	return -1;
}

/* The old output, moved out of the target's place, removed. */
static void remove_old(const struct outdir *d, const char *old, struct diag_list *dl)
{
	if (!remove_output(d, old))
		diag_warning(dl, pos_of(d), RULE_IO, "the old output in %s could not be removed",
			     old);
}

/*
 * The new output and the old one trade places in one step (renameat2's RENAME_EXCHANGE); the
 * old one, now where tmp was, is removed. False where the file system cannot exchange (then
 * nothing moved).
 */
static bool exchange(struct outdir *d, struct diag_list *dl)
{
	if (renameat2(AT_FDCWD, d->tmp, AT_FDCWD, d->path, RENAME_EXCHANGE) != 0)
		return false;
	remove_old(d, d->tmp, dl);
	return true;
}

int outdir_commit(struct outdir *d, struct diag_list *dl)
{
	char *old;
	bool kept;
	if (keep_or_make_tmp(d, &kept, dl) != 0) {
		outdir_abort(d);
		return -1;
	}
	if (kept) {
		release(d);
		return 0;
	}
	if (check_target(d, dl) != 0) {
		outdir_abort(d);
		return -1;
	}
	if (d->replaces && exchange(d, dl)) {
		release(d);
		return 0;
	}
	/* no old output, or a file system that cannot exchange: the old one moved aside first */
	if (move_aside(d, &old, dl) != 0) {
		outdir_abort(d);
		return -1;
	}
	if (rename(d->tmp, d->path) != 0) {
		diag_error(dl, pos_of(d), RULE_IO,
			   "cannot rename the temporary directory into place: %s; the old output "
			   "was left as it was",
			   strerror(errno));
		if (old && rename(old, d->path) != 0)
			diag_error(dl, pos_of(d), RULE_IO, "and could not be put back from %s",
				   old);
		free(old);
		outdir_abort(d);
		return -1;
	}
	if (old)
		remove_old(d, old, dl);
	free(old);
	release(d);
	return 0;
}
