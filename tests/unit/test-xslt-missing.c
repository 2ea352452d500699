/*
 * A command that needs libxslt where it cannot be loaded: this program is built with
 * acrn-cfgc/xslt_lib.c under the name of a library that does not exist (xslt-absent.c), and the
 * load must fail with one located error that names the library and the package, twice alike
 * (the failure is remembered, not retried), and never crash. Exit status 0 when it does.
 */
#include <stdio.h>
#include <string.h>

#include "xslt_lib.h"

static int passes, failures;

static void expect(int ok, const char *what)
{
	if (ok) {
		passes++;
	} else {
		printf("FAIL %s\n", what);
		failures++;
	}
}

int main(void)
{
	for (int round = 0; round < 2; round++) {
		struct diag_list dl;
		diag_list_init(&dl);
		const struct xslt_lib *x = xslt_lib_load("report.xsl", &dl);
		expect(x == NULL, "no library is loaded");
		expect(dl.count == 1 && dl.errors == 1, "one error");
		const struct diag *d = dl.count ? &dl.items[0] : NULL;
		expect(d && strcmp(d->pos.file, "report.xsl") == 0, "at the stylesheet");
		expect(d && strstr(d->message, "libxslt-absent.so.0") != NULL, "names the library");
		expect(d && strstr(d->message, "libxslt1.1") != NULL, "names the package");
		if (d)
			printf("%s\n", d->message);
		diag_list_free(&dl);
	}
	printf("xslt: %d passed, %d failed\n", passes, failures);
	return failures ? 1 : 0;
}
