/* The prepared schemas (schema_table.h): used when the files are the ones they came from. */
#include "schema_table.h"

#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

/* Does dir/name hold exactly these bytes? */
static bool file_is(const char *dir, const struct schema_text *t)
{
	char *path = xasprintf("%s/%s", dir, t->name);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	free(path);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || (size_t)st.st_size != t->len) {
		if (fd >= 0)
			close(fd);
		return false;
	}
	char *buf = xmalloc(t->len + 1);
	ssize_t n = read(fd, buf, t->len + 1);
	close(fd);
	bool same = n >= 0 && (size_t)n == t->len && memcmp(buf, t->text, t->len) == 0;
	free(buf);
	return same;
}

/* Nothing is reported: a prepared schema that does not compile means compiling the files. */
static void quiet(void *data, xmlErrorPtr err)
{
	(void)data;
	(void)err;
}

xmlSchemaPtr schema_table_compile(const char *dir, enum input_kind kind)
{
	const struct schema_prepared *p = &schemas_shipped[kind];
	for (size_t i = 0; i < p->source_count; i++)
		if (!file_is(dir, &p->sources[i]))
			return NULL;
	xmlSetStructuredErrorFunc(NULL, quiet);
	xmlSchemaParserCtxtPtr pctxt = xmlSchemaNewMemParserCtxt(p->text, (int)p->len);
	xmlSchemaPtr schema = pctxt ? xmlSchemaParse(pctxt) : NULL;
	xmlSchemaFreeParserCtxt(pctxt);
	xmlSetStructuredErrorFunc(NULL, NULL);
	return schema;
}
