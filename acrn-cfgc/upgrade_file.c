/*
 * acrn-cfgc upgrade (upgrade.h): a scenario file of an earlier ACRN 3.x release, rewritten in its
 * current form by schemas/xforms/upgrade.xsl. It is a rewriter, not a checker: it refuses only
 * what it cannot rewrite faithfully (not a scenario, an old setting it cannot convert) and
 * leaves every other judgement to `acrn-cfgc check`.
 *
 * Only the root element is the stylesheet's: it copies what XSLT can see there (elements,
 * attributes, text with its whitespace, comments, processing instructions). Everything around
 * the root element (the XML declaration, comments before and after it, the blank lines between
 * them) is the input's own bytes, and the root is written in the input's encoding. A file
 * without old names is copied as it is, so upgrading an upgraded file changes nothing.
 */
#include <errno.h>
#include <libxml/parser.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "outfile.h"
#include "upgrade.h"
#include "util.h"
#include "xslt_policy.h"

#define RULE_KIND "input-kind"
#define RULE_IO	  "io"

enum { WRITTEN = 0, REFUSED = 1, FAILED = 2 };

/* ---- what may be upgraded ---- */

static bool has_child(xmlNodePtr parent, const char *a, const char *b)
{
	for (xmlNodePtr c = parent->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE &&
		    (xmlStrEqual(c->name, BAD_CAST a) || xmlStrEqual(c->name, BAD_CAST b)))
			return true;
	return false;
}

/* A scenario is an <acrn-config> with <hv> or <vm>; anything else is a located error. */
static int check_scenario(const struct xml_source *src, struct diag_list *dl)
{
	xmlNodePtr root = xmlDocGetRootElement(src->doc);
	if (!xmlStrEqual(root->name, BAD_CAST "acrn-config")) {
		diag_error(dl, xml_node_pos(src, root), RULE_KIND,
			   "root element is <%s>; a scenario file starts with <acrn-config>",
			   (const char *)root->name);
		return -1;
	}
	if (has_child(root, "hv", "vm"))
		return 0;
	diag_error(
	    dl, xml_node_pos(src, root), RULE_KIND, "%s",
	    has_child(root, "processors", "PCI_DEVICE")
		? "this is a board file (it has <processors>); upgrade rewrites scenario files"
		: "<acrn-config> holds no <hv> or <vm>: this is not a scenario file");
	return -1;
}

/* ---- the stylesheet ---- */

/* What libxml2 and libxslt said while the stylesheet ran. */
struct messages {
	char *text;
	size_t len;
};

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

/* document(''), the table, is the one file the stylesheet may read: its own. */
static int read_self(xsltSecurityPrefsPtr sec, xsltTransformContextPtr ctxt, const char *value)
{
	(void)sec;
	const char *self = ctxt ? ctxt->_private : NULL;
	if (value && strncmp(value, "file://", 7) == 0)
		value += 7;
	char *real = value ? realpath(value, NULL) : NULL;
	int ok = self && real && strcmp(real, self) == 0;
	free(real);
	return ok;
}

/* style (read from path, canonical) applied to doc, or NULL with m saying why. */
static xmlDocPtr apply(xsltStylesheetPtr style, char *path, xmlDocPtr doc, struct messages *m)
{
	xsltSecurityPrefsPtr sec = xslt_locked_down(read_self);
	xsltTransformContextPtr ctxt = sec ? xsltNewTransformContext(style, doc) : NULL;
	xmlDocPtr res = NULL;
	if (ctxt && xsltSetCtxtSecurityPrefs(sec, ctxt) == 0) {
		ctxt->_private = path;
		xsltSetTransformErrorFunc(ctxt, m, collect);
		res = xsltApplyStylesheetUser(style, doc, NULL, NULL, NULL, ctxt);
		if (res && (ctxt->state != XSLT_STATE_OK || m->len || !xmlDocGetRootElement(res))) {
			xmlFreeDoc(res);
			res = NULL;
		}
	} else {
		collect(m, "cannot set up the transformation (out of memory?)");
	}
	if (ctxt)
		xsltFreeTransformContext(ctxt);
	if (sec)
		xsltFreeSecurityPrefs(sec);
	return res;
}

/*
 * The root element of the stylesheet's result, serialized in the input's encoding, so that the
 * input's own bytes around it (its declaration included) stay true.
 */
static char *dump_root(xmlDocPtr res, const xmlChar *encoding, size_t *len)
{
	xmlCharEncodingHandlerPtr enc =
	    encoding ? xmlFindCharEncodingHandler((const char *)encoding) : NULL;
	xmlOutputBufferPtr out = xmlAllocOutputBuffer(enc);
	if (!out)
		return NULL;
	xmlNodeDumpOutput(out, res, xmlDocGetRootElement(res), 0, 0, (const char *)encoding);
	xmlOutputBufferFlush(out);
	xmlBufPtr bytes = out->encoder ? out->conv : out->buffer; /* no write callback: kept here */
	char *text = NULL;
	if (!out->error && bytes) {
		*len = xmlBufUse(bytes);
		text = xmalloc(*len + 1);
		memcpy(text, xmlBufContent(bytes), *len);
		text[*len] = '\0';
	}
	xmlOutputBufferClose(out);
	return text;
}

/*
 * The stylesheet's root element for src. The input is parsed again, this time keeping the
 * whitespace between elements (the front end's copy drops it); the first parse has already
 * refused what is unsafe (DOCTYPE, depth, size), so these bytes declare no entities.
 */
static char *transform(const char *path, const char *xforms, const struct xml_source *src,
		       size_t *len, struct messages *m)
{
	xml_loader_allow_dir(xforms);
	xsltStylesheetPtr style = xsltParseStylesheetFile(BAD_CAST path);
	xml_loader_allow_dir(NULL);
	xmlDocPtr doc = xmlReadMemory(src->buf, (int)src->len, src->path, NULL,
				      XML_PARSE_NONET | XML_PARSE_BIG_LINES);
	char *self = realpath(path, NULL); /* what document('') asks for, as read_self sees it */
	xmlDocPtr res = style && doc && self ? apply(style, self, doc, m) : NULL;
	char *text = res ? dump_root(res, doc->encoding, len) : NULL;
	if (!text && m->len == 0)
		collect(m, style ? "the transformation failed" : "cannot load the stylesheet");
	xmlFreeDoc(res);
	xmlFreeDoc(doc);
	if (style)
		xsltFreeStylesheet(style);
	free(self);
	return text;
}

/* ---- the input's bytes around its root element ---- */

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Length of the comment, processing instruction or CDATA section at p, or 0. */
static size_t markup_len(const char *p, size_t len)
{
	static const struct {
		const char *open, *close;
	} kinds[] = {{"<!--", "-->"}, {"<?", "?>"}, {"<![CDATA[", "]]>"}};
	for (size_t k = 0; k < ARRAY_SIZE(kinds); k++) {
		size_t olen = strlen(kinds[k].open);
		if (len < olen || memcmp(p, kinds[k].open, olen) != 0)
			continue;
		const char *end = strstr(p + olen, kinds[k].close); /* the buffer ends in NUL */
		return end ? (size_t)(end - p) + strlen(kinds[k].close) : len;
	}
	return 0;
}

/* Offset just past the '>' of the tag at off, past quoted attribute values. */
static size_t tag_len(const char *p, size_t len)
{
	char quote = 0;
	for (size_t i = 0; i < len; i++) {
		if (quote)
			quote = p[i] == quote ? 0 : quote;
		else if (p[i] == '"' || p[i] == '\'')
			quote = p[i];
		else if (p[i] == '>')
			return i + 1;
	}
	return len;
}

/*
 * Where the root element starts and ends in the input. The input is well-formed and has no
 * DOCTYPE, so its markup is comments, processing instructions, CDATA sections and tags.
 */
static void root_span(const char *buf, size_t len, size_t *start, size_t *end)
{
	int depth = 0;
	*start = *end = len;
	for (size_t i = 0; i < len;) {
		size_t n = buf[i] == '<' ? markup_len(buf + i, len - i) : 0;
		if (buf[i] != '<' || n) {
			i += n ? n : 1;
			continue;
		}
		n = tag_len(buf + i, len - i);
		if (depth == 0 && *start == len)
			*start = i;
		depth += buf[i + 1] == '/' ? -1 : buf[i + n - 2] == '/' ? 0 : 1;
		i += n;
		if (depth == 0) {
			*end = i;
			return;
		}
	}
}

/* The input with its root element replaced by root. */
static char *frame(const struct xml_source *src, const char *root, size_t root_len, size_t *len)
{
	size_t start, end;
	root_span(src->buf, src->len, &start, &end);
	*len = start + root_len + (src->len - end);
	char *out = xmalloc(*len + 1);
	memcpy(out, src->buf, start);
	memcpy(out + start, root, root_len);
	memcpy(out + start + root_len, src->buf + end, src->len - end);
	out[*len] = '\0';
	return out;
}

/* What libxslt said, its lines joined with "; ", as one error at the stylesheet. */
static void report_failure(const char *xforms, struct messages *m, struct diag_list *dl)
{
	char *path = xasprintf("%s/%s", xforms, UPGRADE_STYLESHEET);
	struct srcpos pos = {path, 0, 0};
	char *said = xmalloc(2 * m->len + 1), *o = said, *save = NULL;
	char empty[] = "";
	for (char *line = strtok_r(m->text ? m->text : empty, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		size_t n = strlen(line);
		while (n && is_space(line[n - 1]))
			n--;
		if (!n)
			continue;
		o += o == said ? 0 : (memcpy(o, "; ", 2), 2);
		memcpy(o, line, n);
		o += n;
	}
	*o = '\0';
	diag_error(dl, pos, RULE_UPGRADE, "the stylesheet failed: %s", said);
	free(said);
	free(path);
}

static int rewrite(const struct upgrade_table *t, const char *xforms, struct xml_source *src,
		   const char *out_path, struct diag_list *dl)
{
	unsigned errors = dl->errors;
	size_t found = upgrade_scenario(t, src, UPGRADE_REWRITE, dl);
	if (dl->errors != errors)
		return REFUSED;
	if (found == 0)
		return outfile_write(out_path, src->buf, src->len, dl) == 0 ? WRITTEN : FAILED;
	char *path = xasprintf("%s/%s", xforms, UPGRADE_STYLESHEET);
	struct messages m = {NULL, 0};
	size_t root_len = 0;
	xsltSetGenericErrorFunc(&m, collect);
	xmlSetGenericErrorFunc(&m, collect);
	char *root = transform(path, xforms, src, &root_len, &m);
	xsltSetGenericErrorFunc(NULL, NULL);
	xmlSetGenericErrorFunc(NULL, NULL);
	free(path);
	int status = FAILED;
	if (root) {
		size_t len;
		char *text = frame(src, root, root_len, &len);
		status = outfile_write(out_path, text, len, dl) == 0 ? WRITTEN : FAILED;
		free(text);
	} else {
		report_failure(xforms, &m, dl);
	}
	free(root);
	free(m.text);
	return status;
}

int upgrade_file(const char *xforms_dir, const char *in_path, const char *out_path,
		 struct diag_list *dl)
{
	struct xml_source src;
	struct upgrade_table t = {NULL, 0};
	char *xforms = realpath(xforms_dir, NULL); /* the entity loader compares real paths */
	enum xml_load_result r = xml_source_load(&src, in_path, dl);
	int status = r == XML_LOAD_IO_ERROR ? FAILED : REFUSED;
	if (!xforms) {
		struct srcpos pos = {xforms_dir, 0, 0};
		diag_error(dl, pos, RULE_IO, "cannot find the stylesheet directory: %s",
			   strerror(errno));
		status = FAILED;
	} else if (r == XML_LOAD_OK && check_scenario(&src, dl) == 0) {
		status = upgrade_table_load(&t, xforms, dl) != 0
			     ? FAILED
			     : rewrite(&t, xforms, &src, out_path, dl);
	}
	upgrade_table_free(&t);
	xml_source_free(&src);
	free(xforms);
	return status;
}
