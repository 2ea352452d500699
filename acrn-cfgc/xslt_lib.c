/* libxslt, loaded when first needed (xslt_lib.h). */
#include "xslt_lib.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stddef.h>
#include <string.h>

#include "util.h"

#define RULE_IO "io"

#ifndef LIBXSLT_SONAME
#define LIBXSLT_SONAME "libxslt.so.1"
#endif

#define SYMBOL(field)                                                                              \
	{                                                                                          \
		"xslt" #field, offsetof(struct xslt_lib, field)                                    \
	}

static const struct {
	const char *name;
	size_t offset;
} symbols[] = {
    SYMBOL(ParseStylesheetDoc),	  SYMBOL(ParseStylesheetFile),	 SYMBOL(FreeStylesheet),
    SYMBOL(NewSecurityPrefs),	  SYMBOL(FreeSecurityPrefs),	 SYMBOL(SetSecurityPrefs),
    SYMBOL(SecurityForbid),	  SYMBOL(SetCtxtSecurityPrefs),	 SYMBOL(NewTransformContext),
    SYMBOL(FreeTransformContext), SYMBOL(SetTransformErrorFunc), SYMBOL(SetGenericErrorFunc),
    SYMBOL(ApplyStylesheetUser),  SYMBOL(SaveResultToString),
};

static struct {
	pthread_once_t once;
	struct xslt_lib lib;
	const struct xslt_lib *loaded; /* &lib once every symbol is there */
	char why[512];		       /* otherwise what the loader said */
} state = {.once = PTHREAD_ONCE_INIT};

static void load(void)
{
	void *handle = dlopen(LIBXSLT_SONAME, RTLD_NOW | RTLD_LOCAL);
	if (!handle) {
		const char *err = dlerror();
		snprintf(state.why, sizeof(state.why), "%s", err ? err : "not found");
		return;
	}
	for (size_t i = 0; i < ARRAY_SIZE(symbols); i++) {
		void *fn = dlsym(handle, symbols[i].name);
		if (!fn) {
			snprintf(state.why, sizeof(state.why), "it has no %s", symbols[i].name);
			return; /* the handle stays open: nothing else would reuse it */
		}
		/* POSIX guarantees a function's address survives the trip through void * */
		memcpy((char *)&state.lib + symbols[i].offset, &fn, sizeof(fn));
	}
	state.loaded = &state.lib;
}

const struct xslt_lib *xslt_lib_load(const char *what, struct diag_list *dl)
{
	pthread_once(&state.once, load);
	if (!state.loaded) {
		struct srcpos pos = {what, 0, 0};
		diag_error(dl, pos, RULE_IO,
			   "cannot load libxslt (%s), which this command needs to run its "
			   "stylesheet: %s; install the Debian package libxslt1.1",
			   LIBXSLT_SONAME, state.why);
	}
	return state.loaded;
}

xsltSecurityPrefsPtr xslt_lib_locked_down(const struct xslt_lib *x, xsltSecurityCheck read_file)
{
	static const xsltSecurityOption forbidden[] = {
	    XSLT_SECPREF_WRITE_FILE,
	    XSLT_SECPREF_CREATE_DIRECTORY,
	    XSLT_SECPREF_READ_NETWORK,
	    XSLT_SECPREF_WRITE_NETWORK,
	};
	xsltSecurityPrefsPtr sec = x->NewSecurityPrefs();
	if (sec && x->SetSecurityPrefs(sec, XSLT_SECPREF_READ_FILE,
				       read_file ? read_file : x->SecurityForbid) != 0) {
		x->FreeSecurityPrefs(sec);
		sec = NULL;
	}
	for (size_t i = 0; sec && i < ARRAY_SIZE(forbidden); i++) {
		if (x->SetSecurityPrefs(sec, forbidden[i], x->SecurityForbid) != 0) {
			x->FreeSecurityPrefs(sec);
			sec = NULL;
		}
	}
	return sec;
}
