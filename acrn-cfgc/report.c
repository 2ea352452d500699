/*
 * The HTML report: the resolved document through schemas/xforms/report.xsl (libxslt), written
 * atomically. The stylesheet does all the layout; this file only runs it, safely: the resolved
 * document is parsed without network access, and the transformation runs under security
 * preferences that forbid writing or reading files, creating directories and any network
 * access, so a stylesheet can only turn its input into the page.
 *
 * The stylesheet is read through our entity loader (xmlload.c), allowed for the xforms
 * directory only while it is parsed.
 *
 * libxml2's error handler is per thread; libxslt's generic one is global, so report_render
 * must not run while another thread parses or transforms with libxslt (the front end's
 * threads have ended by the time a report is made).
 */
#include "report.h"

#include <errno.h>
#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "outfile.h"
#include "util.h"
#include "xmlload.h"
#include "xslt_policy.h"

#define RULE_IO	    "io"
#define RULE_REPORT "report"

/* What the resolved document is called in diagnostics: it exists only in memory. */
#define RESOLVED_NAME "resolved document"

/* The longest libxml2/libxslt text quoted in one diagnostic. */
#define MESSAGE_MAX 600

/* libxml2 and libxslt messages, collected raw (they arrive in pieces). */
struct errbuf {
	char *text;
	size_t len;
};

static void errbuf_add(struct errbuf *eb, const char *s)
{
	size_t n = strlen(s);
	if (eb->len > MESSAGE_MAX)
		return;
	eb->text = xrealloc(eb->text, eb->len + n + 1);
	memcpy(eb->text + eb->len, s, n + 1);
	eb->len += n;
}

static void on_generic_error(void *ctx, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *msg = xvasprintf(fmt, ap);
	va_end(ap);
	errbuf_add(ctx, msg);
	free(msg);
}

static void on_xml_error(void *ctx, xmlErrorPtr err)
{
	char line[32] = "";
	if (err->line > 0)
		snprintf(line, sizeof(line), "line %d: ", err->line);
	errbuf_add(ctx, line);
	errbuf_add(ctx, err->message ? err->message : "error");
	errbuf_add(ctx, "\n");
}

/* The collected text on one line: lines trimmed and joined with "; ". */
static char *errbuf_take(struct errbuf *eb)
{
	char *out = xmalloc(2 * eb->len + 8); /* each line adds at most "; " */
	size_t o = 0;
	const char *p = eb->text ? eb->text : "";
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		const char *a = p, *b = p + n;
		while (a < b && (*a == ' ' || *a == '\t'))
			a++;
		while (b > a && (b[-1] == ' ' || b[-1] == '\t' || b[-1] == '\r'))
			b--;
		if (b > a) {
			if (o) {
				memcpy(out + o, "; ", 2);
				o += 2;
			}
			memcpy(out + o, a, (size_t)(b - a));
			o += (size_t)(b - a);
		}
		p = nl ? nl + 1 : b;
	}
	if (o > MESSAGE_MAX) {
		o = MESSAGE_MAX;
		memcpy(out + o, "...", 3);
		o += 3;
	}
	out[o] = '\0';
	free(eb->text);
	eb->text = NULL;
	eb->len = 0;
	if (!o) {
		free(out);
		return xstrdup("no further detail");
	}
	return out;
}

static void report_error(struct diag_list *dl, const char *file, const char *rule,
			 struct errbuf *eb, const char *what)
{
	struct srcpos pos = {file, 0, 0};
	char *detail = errbuf_take(eb);
	diag_error(dl, pos, rule, "%s: %s", what, detail);
	free(detail);
}

static xmlDocPtr parse_resolved(const char *xml, size_t len, struct errbuf *eb)
{
	if (len > (size_t)INT_MAX)
		return NULL;
	xmlSetStructuredErrorFunc(eb, on_xml_error);
	xmlDocPtr doc = xmlReadMemory(xml, (int)len, RESOLVED_NAME, NULL, XML_PARSE_NONET);
	xmlSetStructuredErrorFunc(NULL, NULL);
	return doc;
}

/* dir: canonical (the entity loader compares real paths). */
static xsltStylesheetPtr load_stylesheet(const char *dir, const char *path, struct errbuf *eb,
					 struct diag_list *dl)
{
	if (access(path, R_OK) != 0) {
		struct srcpos pos = {path, 0, 0};
		diag_error(dl, pos, RULE_IO, "cannot read the report stylesheet: %s",
			   strerror(errno));
		return NULL;
	}
	xmlSetStructuredErrorFunc(eb, on_xml_error);
	xml_loader_allow_dir(dir);
	xmlDocPtr doc = xmlReadFile(path, NULL, XML_PARSE_NONET);
	xml_loader_allow_dir(NULL);
	xmlSetStructuredErrorFunc(NULL, NULL);
	if (!doc) {
		report_error(dl, path, RULE_REPORT, eb, "the report stylesheet is not well-formed");
		return NULL;
	}
	xsltSetGenericErrorFunc(eb, on_generic_error);
	xsltStylesheetPtr style = xsltParseStylesheetDoc(doc);
	xsltSetGenericErrorFunc(NULL, NULL);
	if (!style) {
		xmlFreeDoc(doc); /* not taken over on failure */
		report_error(dl, path, RULE_REPORT, eb, "the report stylesheet is not valid XSLT");
	}
	return style;
}

/* Applies style to doc; the serialized page (xmlMalloc'd) or NULL. */
static xmlChar *transform(xsltStylesheetPtr style, xmlDocPtr doc, const char *style_path,
			  int *out_len, struct errbuf *eb, struct diag_list *dl)
{
	xmlChar *out = NULL;
	xmlDocPtr res = NULL;
	xsltSecurityPrefsPtr sec = xslt_locked_down(NULL); /* nothing but the transformation */
	xsltTransformContextPtr ctxt = sec ? xsltNewTransformContext(style, doc) : NULL;
	if (!ctxt || xsltSetCtxtSecurityPrefs(sec, ctxt) != 0) {
		errbuf_add(eb, "cannot set up the transformation (out of memory?)");
		goto fail;
	}
	xsltSetTransformErrorFunc(ctxt, eb, on_generic_error);
	xsltSetGenericErrorFunc(eb, on_generic_error);
	res = xsltApplyStylesheetUser(style, doc, NULL, NULL, NULL, ctxt);
	xsltSetGenericErrorFunc(NULL, NULL);
	if (!res || ctxt->state != XSLT_STATE_OK)
		goto fail;
	if (xsltSaveResultToString(&out, out_len, res, style) != 0 || !out) {
		errbuf_add(eb, "cannot serialize the page");
		goto fail;
	}
	xmlFreeDoc(res);
	xsltFreeTransformContext(ctxt);
	xsltFreeSecurityPrefs(sec);
	return out;
fail:
	report_error(dl, style_path, RULE_REPORT, eb, "cannot make the report");
	if (out)
		xmlFree(out);
	if (res)
		xmlFreeDoc(res);
	if (ctxt)
		xsltFreeTransformContext(ctxt);
	if (sec)
		xsltFreeSecurityPrefs(sec);
	return NULL;
}

char *report_render(const char *resolved_xml, size_t len, const char *xforms_dir, size_t *out_len,
		    struct diag_list *dl)
{
	struct errbuf eb = {NULL, 0};
	char *page = NULL;
	char *dir = realpath(xforms_dir, NULL);
	char *style_path = xasprintf("%s/%s", dir ? dir : xforms_dir, REPORT_STYLESHEET);
	xmlDocPtr doc = NULL;
	xsltStylesheetPtr style = NULL;
	if (!dir) {
		struct srcpos pos = {style_path, 0, 0};
		diag_error(dl, pos, RULE_IO, "cannot read the report stylesheet: %s",
			   strerror(errno));
		goto out;
	}
	doc = parse_resolved(resolved_xml, len, &eb);
	if (!doc) {
		report_error(dl, RESOLVED_NAME, RULE_REPORT, &eb,
			     "the resolved document is not well-formed");
		goto out;
	}
	style = load_stylesheet(dir, style_path, &eb, dl);
	if (!style)
		goto out;
	int n = 0;
	xmlChar *html = transform(style, doc, style_path, &n, &eb, dl);
	if (html) {
		*out_len = (size_t)n;
		page = xmalloc(*out_len + 1);
		memcpy(page, html, *out_len);
		page[*out_len] = '\0';
		xmlFree(html);
	}
out:
	if (style)
		xsltFreeStylesheet(style);
	if (doc)
		xmlFreeDoc(doc);
	free(eb.text);
	free(style_path);
	free(dir);
	return page;
}

int report_write(const char *resolved_xml, size_t len, const char *xforms_dir, const char *out_html,
		 struct diag_list *dl)
{
	size_t n;
	char *page = report_render(resolved_xml, len, xforms_dir, &n, dl);
	if (!page)
		return -1;
	int rc = outfile_write(out_html, page, n, dl);
	free(page);
	return rc;
}
