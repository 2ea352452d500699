/*
 * Atomic output directories (outdir.h). A build that reads the output never sees half of it:
 * the files are written and synced in a temporary directory beside the target, which then
 * takes the target's place by rename. The old target is moved aside first (a directory cannot
 * be renamed over a non-empty one) and put back if the swap fails.
 */
#include "outdir.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "outfile.h"
#include "util.h"

#define RULE_IO "io"

#define SYNC_THREADS 8 /* files synced at once, this thread included */

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
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		char *p = xasprintf("%s/%s", dir, e->d_name);
		struct stat st;
		if (lstat(p, &st) != 0 || !(S_ISREG(st.st_mode) || S_ISDIR(st.st_mode)))
			found = xstrdup(e->d_name);
		else if (S_ISREG(st.st_mode) && !known_name(d, e->d_name, in_subdir))
			found = xstrdup(e->d_name);
		else if (S_ISDIR(st.st_mode) && (in_subdir || !has_subdirs(d) ||
						 !plain_component(e->d_name, strlen(e->d_name))))
			found = xstrdup(e->d_name);
		else if (S_ISDIR(st.st_mode)) {
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
static int check_target(const struct outdir *d, struct diag_list *dl)
{
	struct stat st;
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
	return err || foreign ? -1 : 0;
}

/* Closes the files still open (each one's writeback was started, or it failed). */
static void close_files(struct outdir *d)
{
	for (size_t i = 0; i < d->file_count; i++) {
		if (d->files[i].fd >= 0)
			close(d->files[i].fd);
		free(d->files[i].name);
	}
	free(d->files);
	d->files = NULL;
	d->file_count = 0;
}

static void release(struct outdir *d)
{
	close_files(d);
	free(d->path);
	free(d->tmp);
	d->path = d->tmp = NULL;
}

int outdir_open(struct outdir *d, const char *path, const char *const *names, size_t name_count,
		struct diag_list *dl)
{
	*d = (struct outdir){strip_slashes(path), NULL, names, name_count, NULL, 0};
	if (strcmp(d->path, "/") == 0 || strcmp(d->path, ".") == 0 || !*d->path) {
		diag_error(dl, pos_of(d), RULE_IO,
			   "cannot be replaced as a whole; give a directory of its own");
		release(d);
		return -1;
	}
	if (check_target(d, dl) != 0) {
		release(d);
		return -1;
	}
	d->tmp = path_sibling_template(d->path, "tmp");
	if (!mkdtemp(d->tmp)) {
		diag_error(dl, pos_of(d), RULE_IO,
			   "cannot create a temporary directory beside it: %s", strerror(errno));
		release(d);
		return -1;
	}
	/* mkdtemp makes it private; give it the mode a plain mkdir() would have */
	mode_t mask = umask(0);
	umask(mask);
	chmod(d->tmp, 0777 & ~mask);
	return 0;
}

/* NAME at the output's top, or SUB/NAME (slash: its '/') for an entry OUTDIR_IN_SUBDIRS "NAME". */
static bool writable_name(const struct outdir *d, const char *name, const char *slash)
{
	if (!slash)
		return known_name(d, name, false);
	return plain_component(name, (size_t)(slash - name)) && known_name(d, slash + 1, true);
}

/* "SUB/NAME": SUB created in the temporary directory; false if name is not one of ours. */
static bool prepare_name(struct outdir *d, const char *name, struct diag_list *dl)
{
	const char *slash = strchr(name, '/');
	if (!writable_name(d, name, slash)) {
		diag_error(dl, pos_of(d), RULE_IO, "cannot write %s: not a file of this output",
			   name);
		return false;
	}
	if (!slash)
		return true;
	char *sub = xasprintf("%s/%.*s", d->tmp, (int)(slash - name), name);
	bool ok = mkdir(sub, 0777) == 0 || errno == EEXIST;
	if (!ok)
		diag_error(dl, pos_of(d), RULE_IO, "cannot create %.*s: %s; nothing was changed",
			   (int)(slash - name), name, strerror(errno));
	free(sub);
	return ok;
}

/* The file stays open until outdir_commit syncs it, with the others (sync_files). */
int outdir_write(struct outdir *d, const char *name, const void *data, size_t len,
		 struct diag_list *dl)
{
	if (!prepare_name(d, name, dl))
		return -1;
	char *path = xasprintf("%s/%s", d->tmp, name);
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
	int rc = fd < 0 || fd_write_all(fd, data, len) != 0 ? -1 : 0;
	if (rc != 0) {
		diag_error(dl, pos_of(d), RULE_IO, "cannot write %s: %s; nothing was changed", name,
			   strerror(errno));
		if (fd >= 0)
			close(fd);
	} else {
		sync_file_range(fd, 0, 0, SYNC_FILE_RANGE_WRITE); /* a head start; fsync decides */
		d->files = xrealloc(d->files, (d->file_count + 1) * sizeof(*d->files));
		d->files[d->file_count++] = (struct outdir_file){fd, 0, xstrdup(name)};
	}
	free(path);
	return rc;
}

/* The files not yet taken, shared by the syncing threads. */
struct sync_queue {
	struct outdir_file *files;
	size_t count;
	atomic_size_t next;
};

static void *sync_some(void *arg)
{
	struct sync_queue *q = arg;
	for (size_t i; (i = atomic_fetch_add(&q->next, 1)) < q->count;)
		q->files[i].sync_errno = fsync(q->files[i].fd) == 0 ? 0 : errno;
	return NULL;
}

/*
 * Every file written reaches the disk, or the first that does not is an "io" error. An fsync
 * is mostly a wait for the disk (a journal commit and a cache flush: 2 to 15 ms each on this
 * project's loaded 2-core machines, 25 files for a pair with two pre-launched VMs, over 100 ms
 * one after the other), and concurrent ones share their commits and flushes: SYNC_THREADS
 * threads sync the files at once (measured: 21 files, 80-160 ms one by one, 25-80 ms so).
 */
static int sync_files(struct outdir *d, struct diag_list *dl)
{
	struct sync_queue q = {d->files, d->file_count, 0};
	pthread_t threads[SYNC_THREADS - 1];
	size_t started = 0;
	while (started < SYNC_THREADS - 1 && started + 1 < d->file_count &&
	       pthread_create(&threads[started], NULL, sync_some, &q) == 0)
		started++;
	sync_some(&q);
	for (size_t i = 0; i < started; i++)
		pthread_join(threads[i], NULL);
	int rc = 0;
	for (size_t i = 0; i < d->file_count && rc == 0; i++) {
		struct outdir_file *f = &d->files[i];
		int err = f->sync_errno;
		if (close(f->fd) != 0 && err == 0)
			err = errno;
		f->fd = -1;
		if (err != 0) {
			diag_error(dl, pos_of(d), RULE_IO,
				   "cannot write %s: %s; nothing was changed", f->name,
				   strerror(err));
			rc = -1;
		}
	}
	close_files(d);
	return rc;
}

/* fn on each subdirectory of dir (ours: check_target let no other kind of entry through). */
static void each_subdir(const char *dir, void (*fn)(const struct outdir *, const char *),
			const struct outdir *d)
{
	DIR *dh = opendir(dir);
	struct dirent *e;
	while (dh && (e = readdir(dh))) {
		char *p = xasprintf("%s/%s", dir, e->d_name);
		struct stat st;
		if (plain_component(e->d_name, strlen(e->d_name)) && lstat(p, &st) == 0 &&
		    S_ISDIR(st.st_mode))
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

static void sync_subdir(const struct outdir *d, const char *dir)
{
	(void)d;
	dir_sync(dir);
}

void outdir_abort(struct outdir *d)
{
	if (d->tmp)
		remove_output(d, d->tmp);
	release(d);
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

int outdir_commit(struct outdir *d, struct diag_list *dl)
{
	char *old;
	if (sync_files(d, dl) != 0) {
		outdir_abort(d);
		return -1;
	}
	each_subdir(d->tmp, sync_subdir, d);
	dir_sync(d->tmp);
	if (check_target(d, dl) != 0 || move_aside(d, &old, dl) != 0) {
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
	if (old && !remove_output(d, old))
		diag_warning(dl, pos_of(d), RULE_IO, "the old output in %s could not be removed",
			     old);
	char *parent = path_parent(d->path);
	dir_sync(parent);
	free(parent);
	free(old);
	release(d);
	return 0;
}
