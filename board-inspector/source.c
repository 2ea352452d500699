/*
 * File access for the readers. In a sysroot every path is opened component by component below
 * the sysroot with O_NOFOLLOW, so a link planted in a capture cannot lead back to the host, and
 * only regular files and directories are opened (a FIFO would hang a reader).
 */
#include "source.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "capture.h"

struct source {
	char *root; /* NULL: live host */
	int rootfd;
	struct capture *capture;
	struct buf denied; /* a sysroot's unreadable.txt: files a capture could not read */
};

struct reader {
	size_t max;
	bool stream, prefix, more;
	bool (*enough)(const char *rec, size_t n, void *ctx);
	void *ctx;
};

static int read_fd(int fd, struct reader *r, struct buf *out);
static int open_in_root(const struct source *s, const char *path, int last_flags);

/* unreadable.txt: "PATH EACCES" lines, written by a capture that was refused those files. */
static void load_denied(struct source *s)
{
	int fd = open_in_root(s, "/unreadable.txt", O_NONBLOCK);
	if (fd < 0)
		return;
	struct stat st;
	struct reader r = {.max = 1u << 20};
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode))
		read_fd(fd, &r, &s->denied);
	close(fd);
}

/* The error a capture recorded for path, or 0. */
static int denied(const struct source *s, const char *path)
{
	size_t n = strlen(path);
	for (const char *p = s->denied.data; p && *p;) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		if (len > n && strncmp(p, path, n) == 0 && p[n] == ' ')
			return strncmp(p + n + 1, "EPERM", 5) == 0 ? -EPERM : -EACCES;
		p += len + (nl != NULL);
	}
	return 0;
}

struct source *source_new(const char *sysroot)
{
	struct source *s = xcalloc(1, sizeof(*s));
	s->rootfd = -1;
	if (sysroot) {
		s->rootfd = open(sysroot, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (s->rootfd < 0) {
			errmsg("%s: cannot open the sysroot: %s; give a directory: a capture "
			       "(--capture) or a tree of the host's files",
			       sysroot, strerror(errno));
			free(s);
			return NULL;
		}
		s->root = xstrdup(sysroot);
		load_denied(s);
	}
	return s;
}

void source_free(struct source *s)
{
	if (!s)
		return;
	if (s->rootfd >= 0)
		close(s->rootfd);
	free(s->root);
	buf_free(&s->denied);
	free(s);
}

void source_set_capture(struct source *s, struct capture *c)
{
	s->capture = c;
}

struct capture *source_capture(struct source *s)
{
	return s->capture;
}

bool source_is_live(const struct source *s)
{
	return s->root == NULL;
}

char *source_path(const struct source *s, const char *path)
{
	if (!s->root)
		return xstrdup(path);
	size_t n = strlen(s->root);
	while (n > 1 && s->root[n - 1] == '/')
		n--;
	return xasprintf("%.*s%s", (int)n, s->root, path);
}

/* Walks path below the sysroot without following links; returns an fd or -errno. */
static int open_in_root(const struct source *s, const char *path, int last_flags)
{
	char *copy = xstrdup(path), *save = NULL;
	int fd = dup(s->rootfd), err = 0;
	char *comp = strtok_r(copy, "/", &save);
	while (fd >= 0 && comp) {
		char *next = strtok_r(NULL, "/", &save);
		int flags = (next ? O_DIRECTORY : last_flags) | O_RDONLY | O_NOFOLLOW | O_CLOEXEC;
		int sub = strcmp(comp, "..") == 0 ? (errno = EPERM, -1) : openat(fd, comp, flags);
		err = errno;
		close(fd);
		fd = sub;
		comp = next;
	}
	free(copy);
	return fd >= 0 ? fd : -(err ? err : ENOENT);
}

static int open_file(const struct source *s, const char *path, int flags)
{
	if (s->root)
		return open_in_root(s, path, flags);
	int fd = open(path, flags | O_RDONLY | O_CLOEXEC);
	return fd >= 0 ? fd : -errno;
}

/* Regular files only, except the live host's record devices. */
static int check_kind(int fd, unsigned flags, bool live)
{
	struct stat st;
	if (fstat(fd, &st) != 0)
		return -errno;
	if (S_ISREG(st.st_mode) || (live && (flags & SRC_STREAM) && S_ISCHR(st.st_mode)))
		return 0;
	return -EINVAL;
}

/* Reads straight into the buffer, in large steps (pci.ids is over a megabyte). */
static int read_fd(int fd, struct reader *r, struct buf *out)
{
	for (;;) {
		size_t want = r->max + (r->prefix ? 0 : 1) - out->len;
		want = want < (1u << 16) ? want : 1u << 16;
		buf_reserve(out, want);
		ssize_t n = want ? read(fd, out->data + out->len, want) : 0;
		if (n < 0 && (errno == EINTR || (r->stream && errno == EPIPE)))
			continue; /* EPIPE: a kmsg record was overwritten; the next one follows */
		if (n < 0 && r->stream && errno == EAGAIN)
			break;
		if (n < 0)
			return out->len ? 0 : -errno;
		if (n == 0)
			break;
		out->len += (size_t)n;
		if (r->stream && r->enough &&
		    r->enough(out->data + out->len - n, (size_t)n, r->ctx))
			break;
		if (out->len > r->max) {
			out->len = r->max;
			r->more = true;
			break;
		}
	}
	out->data[out->len] = '\0';
	return 0;
}

static int refused(struct source *s, const char *path, int err)
{
	if (s->capture && (err == -EACCES || err == -EPERM))
		capture_denied(s->capture, path, -err);
	return err;
}

static int read_common(struct source *s, const char *path, unsigned flags, struct reader *r,
		       struct buf *out)
{
	int fd = s->root && denied(s, path) ? denied(s, path) : open_file(s, path, O_NONBLOCK);
	if (fd < 0)
		return refused(s, path, fd);
	int rc = check_kind(fd, flags, !s->root);
	if (rc == -EINVAL) {
		char *where = source_path(s, path);
		warn("%s: not a regular file; not read", where);
		free(where);
	}
	out->len = 0;
	buf_reserve(out, 0);
	if (rc == 0)
		rc = read_fd(fd, r, out);
	close(fd);
	if (rc != 0)
		return refused(s, path, rc);
	if (r->more) {
		char *where = source_path(s, path);
		warn_at(where, r->max, "file larger than %zu bytes: the rest is not read", r->max);
		free(where);
	}
	if (s->capture && !(flags & SRC_NO_CAPTURE))
		capture_put(s->capture, path, out->data, out->len);
	return 0;
}

int source_read(struct source *s, const char *path, size_t max, unsigned flags, struct buf *out)
{
	struct reader r = {
	    .max = max, .stream = (flags & SRC_STREAM) && !s->root, .prefix = flags & SRC_PREFIX};
	return read_common(s, path, flags, &r, out);
}

int source_read_records(struct source *s, const char *path, size_t max,
			bool (*enough)(const char *rec, size_t n, void *ctx), void *ctx,
			struct buf *out)
{
	struct reader r = {.max = max, .stream = !s->root, .enough = enough, .ctx = ctx};
	return read_common(s, path, SRC_STREAM | SRC_NO_CAPTURE, &r, out);
}

static int namecmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Directories hold at most this many entries for us (a sysfs class has a few hundred). */
#define LIST_MAX 65536

int source_list(struct source *s, const char *dir, char ***names, size_t *n)
{
	int fd = open_file(s, dir, O_DIRECTORY);
	DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
	size_t cap = 0;
	*names = NULL;
	*n = 0;
	if (!d) {
		if (fd >= 0)
			close(fd);
		return fd < 0 ? fd : -errno;
	}
	for (struct dirent *e; *n < LIST_MAX && (e = readdir(d));) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		GROW(*names, *n, cap);
		(*names)[(*n)++] = xstrdup(e->d_name);
	}
	closedir(d);
	if (*n)
		qsort(*names, *n, sizeof(**names), namecmp);
	return 0;
}

void source_free_list(char **names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
}
