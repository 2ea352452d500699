/* Helpers of the build-time generators (tablegen.h). */
#include "tablegen.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

char *tablegen_read(const char *program, const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "%s: %s: %s\n", program, path, strerror(errno));
		exit(1);
	}
	char *buf = NULL;
	size_t cap = 0;
	*len = 0;
	do {
		cap = cap ? cap * 2 : 65536;
		buf = xrealloc(buf, cap + 1);
		*len += fread(buf + *len, 1, cap - *len, f);
	} while (*len == cap);
	if (ferror(f)) {
		fprintf(stderr, "%s: cannot read %s\n", program, path);
		exit(1);
	}
	fclose(f);
	buf[*len] = '\0';
	return buf;
}

void tablegen_put_string(FILE *out, const char *s, size_t len)
{
	fputc('"', out);
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '"' || c == '\\' || c == '?')
			fprintf(out, "\\%c", c);
		else if (c == '\n')
			fputs(i + 1 < len ? "\\n\"\n\t\"" : "\\n", out);
		else if (c < 0x20 || c >= 0x7f)
			fprintf(out, "\\%03o", c);
		else
			fputc(c, out);
	}
	fputc('"', out);
}
