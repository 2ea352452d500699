/*
 * --capture DIR: a copy of every file the inspector reads, at its host path below DIR
 * (DIR/proc/iomem, DIR/sys/...), plus cpuid.txt and msr.txt. Such a tree is a --sysroot.
 */
#ifndef INSPECTOR_CAPTURE_H
#define INSPECTOR_CAPTURE_H

#include <stddef.h>

struct capture;

/* Creates DIR (and its parents); refuses a DIR that exists and is not empty (error printed). */
struct capture *capture_new(const char *dir);
void capture_free(struct capture *c);
/*
 * Stores data as DIR/path; path is absolute ("/proc/iomem"). Returns 0 or -1; the first
 * failure is printed as an error, the others only counted.
 */
int capture_put(struct capture *c, const char *path, const void *data, size_t len);
/*
 * Records that path exists but could not be read (err: EACCES or EPERM), in DIR/unreadable.txt,
 * so that a sysroot run sees the same refusal instead of a missing file.
 */
void capture_denied(struct capture *c, const char *path, int err);
/* How many files could not be written: not 0, the capture is incomplete. */
unsigned capture_failed(const struct capture *c);

#endif
