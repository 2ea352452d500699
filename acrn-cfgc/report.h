/*
 * The HTML report of a resolved configuration: the resolved document (schemas/resolved.xsd)
 * through schemas/xforms/report.xsl with libxslt. One self-contained page (inline CSS and SVG,
 * no script, nothing fetched), the same bytes for the same document.
 */
#ifndef ACRN_CFGC_REPORT_H
#define ACRN_CFGC_REPORT_H

#include <stddef.h>

#include "diag.h"

/* The stylesheet's file name inside the xforms directory. */
#define REPORT_STYLESHEET "report.xsl"

/*
 * Transforms the resolved document (len bytes at resolved_xml, as resolved_render gives it)
 * with xforms_dir/report.xsl and writes the page to out_html atomically (outfile_write): it
 * appears complete or not at all. The transformation may not write files, create directories,
 * read files or use the network. On failure reports one error ("io": the stylesheet cannot be
 * read or the page written; "report": the document or the stylesheet is rejected, with
 * libxml2's and libxslt's messages) and returns -1; 0 on success.
 */
int report_write(const char *resolved_xml, size_t len, const char *xforms_dir, const char *out_html,
		 struct diag_list *dl);

/*
 * The same page as a malloc'd, NUL-terminated string of *out_len bytes, or NULL after
 * reporting the error as report_write does.
 */
char *report_render(const char *resolved_xml, size_t len, const char *xforms_dir, size_t *out_len,
		    struct diag_list *dl);

#endif
