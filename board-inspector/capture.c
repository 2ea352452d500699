/*
 * Writing the capture tree. Paths come from the inspector's own list of files, but they are
 * still checked: no "..", no following links that something else put in DIR.
 */
#include "capture.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "output.h"
#include "util.h"

struct capture {
	char *dir;
	int dirfd;
	unsigned failed;   /* files not written; the first is reported, the rest counted */
	struct buf denied; /* the lines of unreadable.txt */
};

static int mkdir_p(const char *path)
{
	char *copy = xstrdup(path);
	int rc = 0;
	for (char *p = copy + 1; rc == 0; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		char c = *p;
		*p = '\0';
		if (mkdir(copy, 0755) != 0 && errno != EEXIST)
			rc = -1;
		*p = c;
		if (c == '\0')
			break;
	}
	free(copy);
	return rc;
}

static bool dir_is_empty(int fd)
{
	DIR *d = fdopendir(dup(fd));
	bool empty = true;
	if (!d)
		return false;
	for (struct dirent *e; empty && (e = readdir(d));)
		empty = strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0;
	closedir(d);
	return empty;
}

struct capture *capture_new(const char *dir)
{
	if (mkdir_p(dir) != 0) {
		errmsg("%s: cannot create the capture directory: %s; give a new or empty directory "
		       "where you may write",
		       dir, strerror(errno));
		return NULL;
	}
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) {
		errmsg("%s: cannot open the capture directory: %s; give a new or empty directory",
		       dir, strerror(errno));
		return NULL;
	}
	if (!dir_is_empty(fd)) {
		/* a capture must hold only what was read, or it would not reproduce the board */
		errmsg("%s: the capture directory is not empty; give a new or empty directory",
		       dir);
		close(fd);
		return NULL;
	}
	struct capture *c = xcalloc(1, sizeof(*c));
	c->dir = xstrdup(dir);
	c->dirfd = fd;
	return c;
}

void capture_free(struct capture *c)
{
	if (!c)
		return;
	close(c->dirfd);
	free(c->dir);
	buf_free(&c->denied);
	free(c);
}

unsigned capture_failed(const struct capture *c)
{
	return c ? c->failed : 0;
}

/* Opens (creating) each directory of rel below the capture root; returns a directory fd. */
static int open_parents(struct capture *c, char *rel, char **leaf)
{
	int fd = dup(c->dirfd);
	char *save = NULL, *next;
	char *comp = strtok_r(rel, "/", &save);
	while (fd >= 0 && comp && (next = strtok_r(NULL, "/", &save))) {
		if (strcmp(comp, "..") == 0 || strcmp(comp, ".") == 0) {
			close(fd);
			return -1;
		}
		if (mkdirat(fd, comp, 0755) != 0 && errno != EEXIST) {
			close(fd);
			return -1;
		}
		int sub = openat(fd, comp, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		close(fd);
		fd = sub;
		comp = next;
	}
	*leaf = comp;
	return comp && strcmp(comp, "..") != 0 && strcmp(comp, ".") != 0 ? fd : -1;
}

int capture_put(struct capture *c, const char *path, const void *data, size_t len)
{
	char *rel = xstrdup(path), *leaf = NULL;
	int dfd = open_parents(c, rel, &leaf);
	int fd = dfd < 0 ? -1
			 : openat(dfd, leaf, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC,
				  0644);
	int rc = fd < 0 ? -1 : write_all(fd, data, len);
	if (fd >= 0 && close(fd) != 0)
		rc = -1;
	if (dfd >= 0)
		close(dfd);
	if (rc != 0 && c->failed++ == 0) /* one cause is enough: a full disk fails every file */
		errmsg("%s%s: cannot write the captured copy: %s", c->dir, path, strerror(errno));
	free(rel);
	return rc;
}

void capture_denied(struct capture *c, const char *path, int err)
{
	buf_printf(&c->denied, "%s %s\n", path, err == EPERM ? "EPERM" : "EACCES");
	capture_put(c, "/unreadable.txt", c->denied.data, c->denied.len);
}
