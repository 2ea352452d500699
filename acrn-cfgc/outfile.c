/*
 * Atomic output. A reader (or a build that failed half way) never sees a partial file: the
 * bytes go to a temporary file beside the target, which is synced and then renamed over it.
 */
#include "outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

#define RULE_IO "io"

/* "DIR/.NAME.XXXXXX": same directory, so the rename cannot cross file systems. */
static char *temp_template(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return xasprintf(".%s.XXXXXX", path);
	return xasprintf("%.*s/.%s.XXXXXX", (int)(slash - path), path, slash + 1);
}

static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xasprintf("%.*s", (int)(slash - path), path);
}

static int write_all(int fd, const char *p, size_t len)
{
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

/* mkstemp makes the file private; give it the mode a plain creat() would have. */
static int default_mode(int fd)
{
	mode_t mask = umask(0);
	umask(mask);
	return fchmod(fd, 0666 & ~mask);
}

/* The rename is durable only once the directory entry is on disk too. */
static void sync_dir(const char *path)
{
	char *dir = dir_of(path);
	int fd = open(dir, O_RDONLY | O_DIRECTORY);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
	free(dir);
}

static int fill(int fd, const void *data, size_t len)
{
	if (write_all(fd, data, len) != 0 || default_mode(fd) != 0 || fsync(fd) != 0) {
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
	if (lstat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		diag_error(
		    dl, pos, RULE_IO,
		    "exists and is not a regular file; refusing to replace it (give a file path)");
		return -1;
	}
	char *tmp = temp_template(path);
	int fd = mkstemp(tmp);
	const char *step = "cannot create a temporary file beside it";
	if (fd >= 0) {
		step = "cannot write it";
		if (fill(fd, data, len) == 0) {
			step = "cannot rename the temporary file over it";
			if (rename(tmp, path) == 0) {
				free(tmp);
				sync_dir(path);
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
