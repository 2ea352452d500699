/* A small XML printer: indentation by depth, escaping of every value, nothing else. */
#ifndef INSPECTOR_XML_H
#define INSPECTOR_XML_H

#include <stdbool.h>

#include "util.h"

struct xw {
	struct buf *out;
	int depth;
	bool in_tag; /* between xw_begin and xw_close */
};

/* <name: the attributes follow, then xw_close (children follow) or xw_close_empty. */
void xw_begin(struct xw *w, const char *name);
void xw_attr(struct xw *w, const char *name, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void xw_close(struct xw *w);
void xw_close_empty(struct xw *w);
void xw_end(struct xw *w, const char *name);
/* <name>text</name> with the text escaped. */
void xw_text(struct xw *w, const char *name, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* <name id="value">text</name> with both escaped. */
void xw_text_id(struct xw *w, const char *name, const char *id, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* <!-- text -->, with "--" made safe. */
void xw_comment(struct xw *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void xw_escape(struct buf *out, const char *s, bool attr);

#endif
