/*
 * The board XML: ACRN 3.x layout (root on the first line, the 23 text sections, then
 * processors, caches, memory, ioapics, devices, device-classes). The same host facts always
 * give the same bytes: everything is sorted, nothing depends on time or the environment.
 */
#ifndef INSPECTOR_WRITER_H
#define INSPECTOR_WRITER_H

#include "util.h"

struct host;

void writer_board(const struct host *h, struct buf *out);

#endif
