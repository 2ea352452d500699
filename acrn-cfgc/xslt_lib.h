/*
 * libxslt, loaded by the first command that runs a stylesheet (report, upgrade) rather than
 * linked. A linked shared library is loaded and relocated at the start of every run, and most
 * runs (check, resolve, emit) never transform anything: they would pay for it anyway. In the
 * default build libxml2 is inside acrn-cfgc, which takes libxml2's soname and exports what
 * libxslt uses of it (libxslt-binding.sh), so the libxslt loaded here binds to that libxml2.
 */
#ifndef ACRN_CFGC_XSLT_LIB_H
#define ACRN_CFGC_XSLT_LIB_H

#include <libxslt/security.h>
#include <libxslt/transform.h>
#include <libxslt/xsltInternals.h>
#include <libxslt/xsltutils.h>

#include "diag.h"

/* The libxslt functions acrn-cfgc calls, each named as in libxslt without its "xslt" prefix. */
struct xslt_lib {
	xsltStylesheetPtr (*ParseStylesheetDoc)(xmlDocPtr doc);
	xsltStylesheetPtr (*ParseStylesheetFile)(const xmlChar *path);
	void (*FreeStylesheet)(xsltStylesheetPtr style);
	xsltSecurityPrefsPtr (*NewSecurityPrefs)(void);
	void (*FreeSecurityPrefs)(xsltSecurityPrefsPtr sec);
	int (*SetSecurityPrefs)(xsltSecurityPrefsPtr sec, xsltSecurityOption option,
				xsltSecurityCheck check);
	xsltSecurityCheck SecurityForbid;
	int (*SetCtxtSecurityPrefs)(xsltSecurityPrefsPtr sec, xsltTransformContextPtr ctxt);
	xsltTransformContextPtr (*NewTransformContext)(xsltStylesheetPtr style, xmlDocPtr doc);
	void (*FreeTransformContext)(xsltTransformContextPtr ctxt);
	void (*SetTransformErrorFunc)(xsltTransformContextPtr ctxt, void *data,
				      xmlGenericErrorFunc handler);
	void (*SetGenericErrorFunc)(void *data, xmlGenericErrorFunc handler);
	xmlDocPtr (*ApplyStylesheetUser)(xsltStylesheetPtr style, xmlDocPtr doc,
					 const char **params, const char *output, FILE *profile,
					 xsltTransformContextPtr ctxt);
	int (*SaveResultToString)(xmlChar **out, int *len, xmlDocPtr result,
				  xsltStylesheetPtr style);
};

/*
 * libxslt, loaded on the first call (once per process, from any thread). NULL when it cannot
 * be loaded, with an error at what (the stylesheet that needed it) naming the package.
 */
const struct xslt_lib *xslt_lib_load(const char *what, struct diag_list *dl);

/*
 * A security policy for running our own stylesheets: no writing files, no new directories, no
 * network, and reading a file only where read_file allows it (NULL: no reading). NULL if out
 * of memory.
 */
xsltSecurityPrefsPtr xslt_lib_locked_down(const struct xslt_lib *x, xsltSecurityCheck read_file);

#endif
