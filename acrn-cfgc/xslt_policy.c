/* The security policy of our stylesheets (xslt_policy.h). */
#include "xslt_policy.h"

#include "util.h"

xsltSecurityPrefsPtr xslt_locked_down(xsltSecurityCheck read_file)
{
	static const xsltSecurityOption forbidden[] = {
	    XSLT_SECPREF_WRITE_FILE,
	    XSLT_SECPREF_CREATE_DIRECTORY,
	    XSLT_SECPREF_READ_NETWORK,
	    XSLT_SECPREF_WRITE_NETWORK,
	};
	xsltSecurityPrefsPtr sec = xsltNewSecurityPrefs();
	if (sec && xsltSetSecurityPrefs(sec, XSLT_SECPREF_READ_FILE,
					read_file ? read_file : xsltSecurityForbid) != 0) {
		xsltFreeSecurityPrefs(sec);
		sec = NULL;
	}
	for (size_t i = 0; sec && i < ARRAY_SIZE(forbidden); i++) {
		if (xsltSetSecurityPrefs(sec, forbidden[i], xsltSecurityForbid) != 0) {
			xsltFreeSecurityPrefs(sec);
			sec = NULL;
		}
	}
	return sec;
}
