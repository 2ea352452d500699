/* The XML printer. */
#include "xml.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void indent(struct xw *w)
{
	for (int i = 0; i < w->depth; i++)
		buf_puts(w->out, "  ");
}

void xw_escape(struct buf *out, const char *s, bool attr)
{
	for (; *s; s++) {
		switch (*s) {
		case '&':
			buf_puts(out, "&amp;");
			break;
		case '<':
			buf_puts(out, "&lt;");
			break;
		case '>':
			buf_puts(out, "&gt;");
			break;
		case '"':
			buf_puts(out, attr ? "&quot;" : "\"");
			break;
		default:
			buf_append(out, s, 1);
		}
	}
}

static char *vformat(const char *fmt, va_list ap)
{
	struct buf b = {0};
	va_list copy;
	va_copy(copy, ap);
	int n = vsnprintf(NULL, 0, fmt, copy);
	va_end(copy);
	buf_reserve(&b, n > 0 ? (size_t)n : 0);
	vsnprintf(b.data, (size_t)(n > 0 ? n : 0) + 1, fmt, ap);
	return b.data;
}

void xw_begin(struct xw *w, const char *name)
{
	indent(w);
	buf_printf(w->out, "<%s", name);
	w->in_tag = true;
}

void xw_attr(struct xw *w, const char *name, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *v = vformat(fmt, ap);
	va_end(ap);
	buf_printf(w->out, " %s=\"", name);
	xw_escape(w->out, v, true);
	buf_puts(w->out, "\"");
	free(v);
}

void xw_close(struct xw *w)
{
	buf_puts(w->out, ">\n");
	w->in_tag = false;
	w->depth++;
}

void xw_close_empty(struct xw *w)
{
	buf_puts(w->out, "/>\n");
	w->in_tag = false;
}

void xw_end(struct xw *w, const char *name)
{
	w->depth--;
	indent(w);
	buf_printf(w->out, "</%s>\n", name);
}

void xw_text(struct xw *w, const char *name, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *v = vformat(fmt, ap);
	va_end(ap);
	indent(w);
	buf_printf(w->out, "<%s>", name);
	xw_escape(w->out, v, false);
	buf_printf(w->out, "</%s>\n", name);
	free(v);
}

void xw_text_id(struct xw *w, const char *name, const char *id, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *v = vformat(fmt, ap);
	va_end(ap);
	indent(w);
	buf_printf(w->out, "<%s id=\"", name);
	xw_escape(w->out, id, true);
	buf_puts(w->out, "\">");
	xw_escape(w->out, v, false);
	buf_printf(w->out, "</%s>\n", name);
	free(v);
}

void xw_comment(struct xw *w, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *v = vformat(fmt, ap);
	va_end(ap);
	for (char *p = strstr(v, "--"); p; p = strstr(p, "--"))
		p[1] = '=';
	indent(w);
	buf_puts(w->out, "<!-- ");
	xw_escape(w->out, v, false);
	buf_puts(w->out, " -->\n");
	free(v);
}
