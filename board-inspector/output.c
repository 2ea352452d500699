/*
 * Atomic output: the bytes go to "DIR/.NAME.XXXXXX" beside the target, are synced, then
 * renamed over it. A reader never sees half a board file, and a failed run leaves none.
 */
#include "output.h"

#include <errno.h>
#include <stdio.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

int write_all(int fd, const void *data, size_t len)
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

static char *temp_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return xasprintf(".%s.XXXXXX", path);
	return xasprintf("%.*s/.%s.XXXXXX", (int)(slash - path), path, slash + 1);
}

/* mkstemp makes the file private; give it the mode creat() would. */
static int default_mode(int fd)
{
	mode_t mask = umask(0);
	umask(mask);
	return fchmod(fd, 0666 & ~mask);
}

int output_write(const char *path, const char *data, size_t len)
{
	if (!path || strcmp(path, "-") == 0)
		return write_all(STDOUT_FILENO, data, len);
	struct stat st;
	/* rename() would replace a device or FIFO itself: /dev/null must stay a device */
	if (lstat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		errno = EEXIST;
		return -1;
	}
	char *tmp = temp_name(path);
	int fd = mkstemp(tmp), err = 0;
	if (fd < 0) {
		err = errno;
		free(tmp);
		errno = err;
		return -1;
	}
	if (write_all(fd, data, len) != 0 || default_mode(fd) != 0 || fsync(fd) != 0)
		err = errno;
	if (close(fd) != 0 && !err)
		err = errno;
	if (!err && rename(tmp, path) != 0)
		err = errno;
	if (err)
		unlink(tmp);
	free(tmp);
	errno = err;
	return err ? -1 : 0;
}
