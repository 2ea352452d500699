/* acrn-cfgc/xslt_lib.c under the name of a library that does not exist (test-xslt-missing.c). */
#define LIBXSLT_SONAME "libxslt-absent.so.0"
#include "xslt_lib.c"
