/*
 * Emission (emit.h): each stylesheet of schemas/xforms/ turns the resolved document into one
 * C file. The stylesheets are ours, but they run sandboxed all the same: libxslt may read only
 * below the stylesheet directory (our entity loader and its security preferences both say so)
 * and may neither write files nor touch the network. Whatever libxslt or libxml2 says while a
 * stylesheet is compiled or run is an "emit" error at that stylesheet, and any error means no
 * output at all.
 */
#include "emit.h"

#include <errno.h>
#include <libxml/parser.h>
#include <libxslt/security.h>
#include <libxslt/variables.h>
#include <libxslt/transform.h>
#include <libxslt/xsltInternals.h>
#include <libxslt/xsltutils.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "outdir.h"
#include "util.h"
#include "xmlload.h"

#define RULE_EMIT "emit"
#define RULE_IO	  "io"

const char *const emit_outputs[] = {
    "config_gen.h", "config_board.c", "config_hv.c", "config_vms.c", "dm_vms.c", "grub.cfg",
};
const size_t emit_output_count = ARRAY_SIZE(emit_outputs);

/* What the libraries said during one stylesheet, reported line by line afterwards. */
struct messages {
	char *text;
	size_t len;
};

struct emitter {
	char *xforms; /* canonical: the loader and the read check compare real paths */
	xmlDocPtr doc;
	xsltSecurityPrefsPtr sec;
	struct messages msgs;
	struct diag_list *dl;
};

static struct srcpos file_pos(const char *file)
{
	return (struct srcpos){file, 0, 0};
}

static void collect(void *ctx, const char *fmt, ...)
{
	struct messages *m = ctx;
	va_list ap;
	va_start(ap, fmt);
	char *s = xvasprintf(fmt, ap);
	va_end(ap);
	size_t n = strlen(s);
	m->text = xrealloc(m->text, m->len + n + 1);
	memcpy(m->text + m->len, s, n + 1);
	m->len += n;
	free(s);
}

/* libxslt's own trailer after a terminating xsl:message says nothing the message did not. */
static bool is_noise(const char *line)
{
	return strspn(line, " \t") == strlen(line) || strstr(line, "xsl:message : terminating");
}

/* "runtime error: file F line N element E" (or "compilation error: ..."): where the next
 * line's message happened. */
static bool location_line(const char *line, unsigned *lineno)
{
	const char *p = strstr(line, "error: file ");
	p = p ? strstr(p, " line ") : NULL;
	return p && sscanf(p, " line %u", lineno) == 1;
}

/* Each line said becomes an "emit" error at the stylesheet; returns how many. */
static unsigned report_messages(struct emitter *e, const char *stylesheet)
{
	unsigned n = 0, lineno = 0;
	char *save = NULL;
	for (char *line = e->msgs.text ? strtok_r(e->msgs.text, "\n", &save) : NULL; line;
	     line = strtok_r(NULL, "\n", &save)) {
		if (is_noise(line) || location_line(line, &lineno))
			continue;
		struct srcpos pos = {stylesheet, lineno, 0};
		diag_error(e->dl, pos, RULE_EMIT, "%s", line);
		lineno = 0;
		n++;
	}
	free(e->msgs.text);
	e->msgs = (struct messages){NULL, 0};
	return n;
}

static bool inside_dir(const char *dir, const char *path)
{
	if (strncmp(path, "file://", 7) == 0)
		path += 7;
	char *real = realpath(path, NULL);
	size_t n = strlen(dir);
	bool inside = real && strncmp(real, dir, n) == 0 && real[n] == '/';
	free(real);
	return inside;
}

/* document() and friends: files below the stylesheet directory only. */
static int read_check(xsltSecurityPrefsPtr sec, xsltTransformContextPtr ctxt, const char *value)
{
	(void)sec;
	const struct emitter *e = ctxt ? ctxt->_private : NULL;
	return e && value && inside_dir(e->xforms, value);
}

static xsltSecurityPrefsPtr sandbox(void)
{
	xsltSecurityPrefsPtr sec = xsltNewSecurityPrefs();
	if (!sec)
		return NULL;
	if (xsltSetSecurityPrefs(sec, XSLT_SECPREF_WRITE_FILE, xsltSecurityForbid) != 0 ||
	    xsltSetSecurityPrefs(sec, XSLT_SECPREF_CREATE_DIRECTORY, xsltSecurityForbid) != 0 ||
	    xsltSetSecurityPrefs(sec, XSLT_SECPREF_WRITE_NETWORK, xsltSecurityForbid) != 0 ||
	    xsltSetSecurityPrefs(sec, XSLT_SECPREF_READ_NETWORK, xsltSecurityForbid) != 0 ||
	    xsltSetSecurityPrefs(sec, XSLT_SECPREF_READ_FILE, read_check) != 0) {
		xsltFreeSecurityPrefs(sec);
		return NULL;
	}
	return sec;
}

static xsltStylesheetPtr load_stylesheet(struct emitter *e, const char *path)
{
	xml_loader_allow_dir(e->xforms); /* the stylesheet and its includes */
	xsltStylesheetPtr style = xsltParseStylesheetFile(BAD_CAST path);
	xml_loader_allow_dir(NULL);
	return style;
}

/* The stylesheet's text output (malloc'd by libxml2), or NULL if anything went wrong. */
static xmlChar *run_stylesheet(struct emitter *e, xsltStylesheetPtr style, int *len)
{
	xsltTransformContextPtr t = xsltNewTransformContext(style, e->doc);
	if (!t || xsltSetCtxtSecurityPrefs(e->sec, t) != 0 ||
	    xsltQuoteOneUserParam(t, BAD_CAST "generator", BAD_CAST "acrn-cfgc " PACKAGE_VERSION) !=
		0) {
		xsltFreeTransformContext(t);
		return NULL;
	}
	t->_private = e;
	xsltSetTransformErrorFunc(t, &e->msgs, collect);
	xml_loader_allow_dir(e->xforms);
	xmlDocPtr res = xsltApplyStylesheetUser(style, e->doc, NULL, NULL, NULL, t);
	xml_loader_allow_dir(NULL);
	xmlChar *out = NULL;
	*len = 0;
	if (res && t->state == XSLT_STATE_OK && e->msgs.len == 0 &&
	    xsltSaveResultToString(&out, len, res, style) == 0 && !out)
		out = xmlStrdup(BAD_CAST ""); /* an empty text result */
	xmlFreeDoc(res);
	xsltFreeTransformContext(t);
	return out;
}

static int emit_one(struct emitter *e, struct outdir *od, const char *name)
{
	char *path = xasprintf("%s/%s.xsl", e->xforms, name);
	xsltStylesheetPtr style = load_stylesheet(e, path);
	int len = 0;
	xmlChar *out = style ? run_stylesheet(e, style, &len) : NULL;
	int rc = -1;
	if (report_messages(e, path) == 0) {
		if (out)
			rc = outdir_write(od, name, out, (size_t)len, e->dl);
		else
			diag_error(e->dl, file_pos(path), RULE_EMIT, "%s",
				   style ? "the stylesheet failed without saying why"
					 : "cannot load the stylesheet");
	}
	xmlFree(out);
	xsltFreeStylesheet(style);
	free(path);
	return rc;
}

/* Every stylesheet runs, so one run reports every stylesheet's errors. */
static int emit_all(struct emitter *e, const char *outdir)
{
	struct outdir od;
	if (outdir_open(&od, outdir, emit_outputs, emit_output_count, e->dl) != 0)
		return -1;
	int rc = 0;
	xsltSetGenericErrorFunc(&e->msgs, collect);
	xmlSetGenericErrorFunc(&e->msgs, collect);
	for (size_t i = 0; i < emit_output_count; i++)
		rc |= emit_one(e, &od, emit_outputs[i]);
	xsltSetGenericErrorFunc(NULL, NULL);
	xmlSetGenericErrorFunc(NULL, NULL);
	if (rc == 0)
		return outdir_commit(&od, e->dl);
	outdir_abort(&od);
	return -1;
}

int emit_tables(const char *resolved_xml, size_t len, const char *xforms_dir, const char *outdir,
		struct diag_list *dl)
{
	struct emitter e = {realpath(xforms_dir, NULL), NULL, sandbox(), {NULL, 0}, dl};
	struct xml_source src = {0};
	int rc = -1;
	if (!e.xforms)
		diag_error(dl, file_pos(xforms_dir), RULE_IO,
			   "cannot find the stylesheet directory: %s", strerror(errno));
	else if (!e.sec)
		diag_error(dl, file_pos(xforms_dir), RULE_EMIT,
			   "cannot set up the stylesheet sandbox (out of memory?)");
	else if (xml_source_parse(&src, "resolved document", resolved_xml, len, dl) ==
		 XML_LOAD_OK) {
		e.doc = src.doc;
		rc = emit_all(&e, outdir);
	}
	xml_source_free(&src);
	xsltFreeSecurityPrefs(e.sec);
	free(e.xforms);
	return rc;
}
