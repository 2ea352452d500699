/* Writing the board XML: to stdout, or to a file through a temporary file and a rename. */
#ifndef INSPECTOR_OUTPUT_H
#define INSPECTOR_OUTPUT_H

#include <stddef.h>

/*
 * path NULL or "-": stdout. Returns 0, or -1 with errno set (the target is left untouched);
 * EEXIST: path exists and is not a regular file (a device or directory is never replaced).
 */
int output_write(const char *path, const char *data, size_t len);

/* All len bytes to fd, retrying short writes and EINTR; -1 with errno on failure. */
int write_all(int fd, const void *data, size_t len);

#endif
