/*
 * The <devices> section: PCI root buses, their functions, bridges with their secondary
 * buses below them, SR-IOV virtual functions with a link to their physical function.
 */
#ifndef INSPECTOR_DEVICES_H
#define INSPECTOR_DEVICES_H

struct host;
struct xw;

void devices_write(struct xw *w, const struct host *h);

#endif
