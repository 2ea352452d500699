/*
 * Atomic output. A reader (or a build that failed half way) never sees a partial file: the
 * bytes go to a temporary file beside the target, which is then renamed over it. Nothing waits
 * for the disk (outdir.c says why).
 */
#include "outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

#define RULE_IO "io"

char *path_sibling_template(const char *path, const char *tag)
{
	const char *slash = strrchr(path, '/');
	const char *name = slash ? slash + 1 : path;
	int dir_len = slash ? (int)(slash - path) + 1 : 0; /* with the slash */
	if (!tag)
		return xasprintf("%.*s.%s.XXXXXX", dir_len, path, name);
	return xasprintf("%.*s.%s.%s.XXXXXX", dir_len, path, name, tag);
}

int fd_write_all(int fd, const void *data, size_t len)
{
	const char *p = data;
	while (len) {
		ssize_t n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

bool file_holds(const char *path, const void *data, size_t len)
{
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	struct stat st;
	if (fd < 0)
		return false;
	bool same = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && (size_t)st.st_size == len;
	char buf[8192];
	for (size_t at = 0; same && at < len;) {
		size_t want = len - at < sizeof(buf) ? len - at : sizeof(buf);
		ssize_t n = read(fd, buf, want);
		if (n < 0 && errno == EINTR)
			continue;
		same = n > 0 && memcmp(buf, (const char *)data + at, (size_t)n) == 0;
		at += same ? (size_t)n : 0;
	}
	close(fd);
	return same;
}

/* mkstemp makes the file private; give it the mode a plain creat() would have. */
static int default_mode(int fd)
{
	mode_t mask = umask(0);
	umask(mask);
	return fchmod(fd, 0666 & ~mask);
}

static int fill(int fd, const void *data, size_t len)
{
	if (fd_write_all(fd, data, len) != 0 || default_mode(fd) != 0) {
		int err = errno;
		close(fd);
		errno = err;
		return -1;
	}
	return close(fd);
}

int outfile_write(const char *path, const void *data, size_t len, struct diag_list *dl)
{
	struct srcpos pos = {path, 0, 0};
	struct stat st;
	/* rename() would replace a device, FIFO or symlink itself: /dev/null must stay a device */
	bool exists = lstat(path, &st) == 0;
	if (exists && !S_ISREG(st.st_mode)) {
		diag_error(
		    dl, pos, RULE_IO,
		    "exists and is not a regular file; refusing to replace it (give a file path)");
		return -1;
	}
	if (exists && (size_t)st.st_size == len && file_holds(path, data, len))
		return 0;
	char *tmp = path_sibling_template(path, NULL);
	int fd = mkstemp(tmp);
	const char *step = "cannot create a temporary file beside it";
	if (fd >= 0) {
		step = "cannot write it";
		if (fill(fd, data, len) == 0) {
			step = "cannot rename the temporary file over it";
			if (rename(tmp, path) == 0) {
				free(tmp);
				return 0;
			}
		}
		int err = errno;
		unlink(tmp);
		errno = err;
	}
	diag_error(dl, pos, RULE_IO, "%s: %s; the file was left as it was", step, strerror(errno));
	free(tmp);
	return -1;
}
