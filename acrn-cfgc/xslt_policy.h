/*
 * What our own stylesheets (report, upgrade) may do while libxslt runs them. libxslt is linked
 * only into the acrn-cfgc that runs stylesheets: in the default build that is the dynamically
 * linked acrn-cfgc-xslt, which the statically linked acrn-cfgc hands those commands to (main.c).
 */
#ifndef ACRN_CFGC_XSLT_POLICY_H
#define ACRN_CFGC_XSLT_POLICY_H

#include <libxslt/security.h>
#include <libxslt/transform.h>
#include <libxslt/xsltInternals.h>
#include <libxslt/xsltutils.h>

/*
 * A security policy: no writing files, no new directories, no network, and reading a file only
 * where read_file allows it (NULL: no reading). NULL if out of memory.
 */
xsltSecurityPrefsPtr xslt_locked_down(xsltSecurityCheck read_file);

#endif
