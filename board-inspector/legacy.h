/*
 * The 23 text sections of an ACRN board XML (BIOS_INFO ... MAX_MSIX_TABLE_NUM), in ACRN's
 * order and line formats. A section without a source is written empty, after a comment
 * that says why.
 */
#ifndef INSPECTOR_LEGACY_H
#define INSPECTOR_LEGACY_H

struct host;
struct xw;

void legacy_write(struct xw *w, const struct host *h);

#endif
