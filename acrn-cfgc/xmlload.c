/*
 * Safe XML loading. Inputs are untrusted: we read the file ourselves (size limit), parse with
 * libxml2 without network, DTD loading or entity substitution, stop the parser at any DOCTYPE
 * (the door to entity expansion and external entities) and at excessive nesting, and keep
 * every message with its line and column.
 */
#include "xmlload.h"

#include <errno.h>
#include <fcntl.h>
#include <libxml/SAX2.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlschemastypes.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

#define RULE_SYNTAX  "xml-syntax"
#define RULE_DOCTYPE "xml-doctype"
#define RULE_LIMITS  "xml-limits"
#define RULE_IO	     "io"

/* Per thread: board and scenario are loaded in parallel. */
static _Thread_local const char *allowed_dir;

void xml_loader_allow_dir(const char *dir)
{
	allowed_dir = dir;
}

/* The only external loads we ever make are our own schema includes, below allowed_dir. */
static xmlParserInputPtr refuse_external(const char *url, const char *id, xmlParserCtxtPtr ctxt)
{
	(void)id;
	if (!allowed_dir || !url)
		return NULL;
	if (strncmp(url, "file://", 7) == 0)
		url += 7;
	char *real = realpath(url, NULL);
	size_t n = strlen(allowed_dir);
	bool inside = real && strncmp(real, allowed_dir, n) == 0 && real[n] == '/';
	xmlParserInputPtr input = inside ? xmlNewInputFromFile(ctxt, real) : NULL;
	free(real);
	return input;
}

void xml_loader_init(void)
{
	xmlInitParser();
	/* libxml2 builds its table of XSD types lazily and not thread-safely: build it here, before
	 * board and scenario are validated in two threads */
	xmlSchemaInitTypes();
	xmlSetExternalEntityLoader(refuse_external);
}

/* Per-parse state reachable from the SAX hooks and the error handler. */
struct parse_state {
	struct xml_source *src;
	struct diag_list *dl;
	xmlParserCtxtPtr ctxt;
	startElementNsSAX2Func start_element;
	endElementNsSAX2Func end_element;
	unsigned depth;
	int stopped; /* we stopped the parser and already said why */
};

static _Thread_local struct parse_state *current;

static struct srcpos ctxt_pos(const struct parse_state *st)
{
	struct srcpos pos = {st->src->path, 0, 0};
	if (st->ctxt && st->ctxt->input) {
		pos.line = (unsigned)st->ctxt->input->line;
		pos.col = (unsigned)st->ctxt->input->col;
	}
	return pos;
}

static void stop_parser(struct parse_state *st)
{
	st->stopped = 1;
	xmlStopParser(st->ctxt);
}

static void on_doctype(void *ctx, const xmlChar *name, const xmlChar *ext_id, const xmlChar *sys_id)
{
	(void)ctx;
	(void)ext_id;
	(void)sys_id;
	struct parse_state *st = current;
	if (st->stopped)
		return;
	diag_error(st->dl, ctxt_pos(st), RULE_DOCTYPE,
		   "document type declaration <!DOCTYPE %s> is not accepted: it allows entity "
		   "expansion and external entities; remove it (ACRN board and scenario files "
		   "never need one)",
		   (const char *)name);
	stop_parser(st);
}

static void on_start_element(void *ctx, const xmlChar *localname, const xmlChar *prefix,
			     const xmlChar *uri, int nb_namespaces, const xmlChar **namespaces,
			     int nb_attributes, int nb_defaulted, const xmlChar **attributes)
{
	struct parse_state *st = current;
	if (st->stopped)
		return;
	if (++st->depth > XML_MAX_DEPTH) {
		diag_error(
		    st->dl, ctxt_pos(st), RULE_LIMITS,
		    "element <%s> is nested %u levels deep; inputs may nest at most %u levels",
		    (const char *)localname, st->depth, XML_MAX_DEPTH);
		stop_parser(st);
		return;
	}
	st->start_element(ctx, localname, prefix, uri, nb_namespaces, namespaces, nb_attributes,
			  nb_defaulted, attributes);
}

static void on_end_element(void *ctx, const xmlChar *localname, const xmlChar *prefix,
			   const xmlChar *uri)
{
	struct parse_state *st = current;
	st->depth--;
	if (!st->stopped)
		st->end_element(ctx, localname, prefix, uri);
}

static void strip_newline(char *msg)
{
	size_t n = strlen(msg);
	while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
		msg[--n] = '\0';
}

static void on_parse_error(void *data, xmlErrorPtr err)
{
	struct parse_state *st = data;
	if (st->stopped || err->code == XML_ERR_USER_STOP)
		return;
	char *msg = xstrdup(err->message ? err->message : "malformed XML");
	strip_newline(msg);
	if (strncmp(msg, "Input is not proper UTF-8", 25) == 0) {
		const char *bytes = strstr(msg, "Bytes:");
		char *better =
		    xasprintf("file is not valid UTF-8 (%s); save it as UTF-8 or declare "
			      "its encoding in the XML declaration",
			      bytes ? bytes : "bad byte sequence");
		free(msg);
		msg = better;
	}
	for (char *p = msg; *p; p++)
		if (*p == '\n')
			*p = ' ';
	struct srcpos pos = {st->src->path, (unsigned)(err->line > 0 ? err->line : 0),
			     (unsigned)(err->int2 > 0 ? err->int2 : 0)};
	if (pos.line == 0)
		pos = ctxt_pos(st);
	enum diag_severity sev = err->level == XML_ERR_WARNING ? DIAG_WARNING : DIAG_ERROR;
	diag_report(st->dl, sev, pos, RULE_SYNTAX, "%s", msg);
	free(msg);
}

/* memchr looks at a word or more at a time: a fifth of a byte loop's cost on a board. */
static size_t count_newlines(const char *buf, size_t len)
{
	size_t n = 0;
	for (const char *p = buf, *end = buf + len; (p = memchr(p, '\n', (size_t)(end - p))); p++)
		n++;
	return n;
}

static void index_lines(struct xml_source *src)
{
	size_t n = 1 + count_newlines(src->buf, src->len);
	src->line_starts = xmalloc(n * sizeof(*src->line_starts));
	src->line_starts[0] = 0;
	src->line_count = 1;
	const char *p = src->buf, *end = src->buf + src->len;
	while ((p = memchr(p, '\n', (size_t)(end - p))))
		src->line_starts[src->line_count++] = (size_t)(++p - src->buf);
}

enum xml_load_result xml_source_parse(struct xml_source *src, const char *path, const char *buf,
				      size_t len, struct diag_list *dl)
{
	memset(src, 0, sizeof(*src));
	src->path = xstrdup(path);
	src->buf = xmalloc(len + 1);
	memcpy(src->buf, buf, len);
	src->buf[len] = '\0';
	src->len = len;
	index_lines(src);

	/* what concerns the file as a whole is placed at its start, where editors can jump */
	struct srcpos file_pos = {path, 1, 1};
	if (len > XML_MAX_FILE_SIZE) {
		diag_error(dl, file_pos, RULE_LIMITS,
			   "file is %zu bytes; inputs may be at most %u bytes", len,
			   XML_MAX_FILE_SIZE);
		return XML_LOAD_INVALID;
	}
	if (strspn(src->buf, " \t\r\n") == len) {
		diag_error(dl, file_pos, RULE_SYNTAX,
			   "file is empty%s; expected an <acrn-config> document",
			   len ? " (only white space)" : "");
		return XML_LOAD_INVALID;
	}

	xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
	if (!ctxt) {
		diag_error(dl, file_pos, RULE_IO, "cannot create an XML parser");
		return XML_LOAD_IO_ERROR;
	}
	struct parse_state st = {.src = src, .dl = dl, .ctxt = ctxt};
	st.start_element = ctxt->sax->startElementNs;
	st.end_element = ctxt->sax->endElementNs;
	ctxt->sax->internalSubset = on_doctype;
	ctxt->sax->externalSubset = on_doctype;
	ctxt->sax->startElementNs = on_start_element;
	ctxt->sax->endElementNs = on_end_element;
	current = &st;
	xmlSetStructuredErrorFunc(&st, on_parse_error);
	unsigned errors_before = dl->errors;

	/* COMPACT keeps short text (most values) inside its node instead of in a block of its own:
	 * fewer allocations, a twentieth of a check. Validation's repairs (validate_passes.c) only
	 * move, rename and unlink nodes, which libxml2 does right on compact text. */
	src->doc = xmlCtxtReadMemory(ctxt, src->buf, (int)len, path, NULL,
				     XML_PARSE_NONET | XML_PARSE_BIG_LINES | XML_PARSE_NOCDATA |
					 XML_PARSE_NOBLANKS | XML_PARSE_COMPACT);

	xmlSetStructuredErrorFunc(NULL, NULL);
	current = NULL;
	int well_formed = ctxt->wellFormed && !st.stopped;
	xmlFreeParserCtxt(ctxt);
	if (!src->doc || !well_formed || dl->errors != errors_before) {
		xmlFreeDoc(src->doc); /* a stopped parse leaves a partial tree: never use it */
		src->doc = NULL;
		if (dl->errors == errors_before)
			diag_error(dl, file_pos, RULE_SYNTAX, "not a well-formed XML document");
		return XML_LOAD_INVALID;
	}
	return XML_LOAD_OK;
}

static int read_file(const char *path, char **out, size_t *out_len, struct diag_list *dl)
{
	struct srcpos pos = {path, 0, 0};
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		diag_error(dl, pos, RULE_IO, "cannot open file: %s", strerror(errno));
		return -1;
	}
	struct stat st;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		diag_error(dl, pos, RULE_IO, "not a regular file");
		close(fd);
		return -1;
	}
	size_t cap = (size_t)st.st_size + 1, len = 0;
	if (cap > XML_MAX_FILE_SIZE + 1)
		cap = XML_MAX_FILE_SIZE + 1;
	char *buf = xmalloc(cap);
	while (len < cap) {
		ssize_t n = read(fd, buf + len, cap - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			diag_error(dl, pos, RULE_IO, "cannot read file: %s", strerror(errno));
			free(buf);
			close(fd);
			return -1;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	*out = buf;
	*out_len = len;
	return 0;
}

enum xml_load_result xml_source_load(struct xml_source *src, const char *path, struct diag_list *dl)
{
	char *buf;
	size_t len;
	memset(src, 0, sizeof(*src));
	if (read_file(path, &buf, &len, dl) != 0)
		return XML_LOAD_IO_ERROR;
	enum xml_load_result r = xml_source_parse(src, path, buf, len, dl);
	free(buf);
	return r;
}

void xml_source_free(struct xml_source *src)
{
	if (src->doc)
		xmlFreeDoc(src->doc);
	free(src->path);
	free(src->buf);
	free(src->line_starts);
	memset(src, 0, sizeof(*src));
}

/* ---- positions ---- */

static const char *line_text(const struct xml_source *src, unsigned line, size_t *len)
{
	size_t start = src->line_starts[line - 1];
	size_t end = line < src->line_count ? src->line_starts[line] : src->len;
	*len = end - start;
	return src->buf + start;
}

static struct srcpos offset_pos(const struct xml_source *src, size_t off)
{
	size_t lo = 0, hi = src->line_count;
	while (hi - lo > 1) {
		size_t mid = (lo + hi) / 2;
		if (src->line_starts[mid] <= off)
			lo = mid;
		else
			hi = mid;
	}
	struct srcpos pos = {src->path, (unsigned)lo + 1,
			     (unsigned)(off - src->line_starts[lo]) + 1};
	return pos;
}

static int is_name_end(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '>' || c == '/';
}

/* Length of the markup at text[i] that cannot hold a start tag (comment, PI, CDATA), or 0. */
static size_t skip_markup(const char *text, size_t i, size_t len)
{
	static const struct {
		const char *open, *close;
	} kinds[] = {{"<!--", "-->"}, {"<?", "?>"}, {"<![CDATA[", "]]>"}};
	for (size_t k = 0; k < ARRAY_SIZE(kinds); k++) {
		size_t olen = strlen(kinds[k].open), clen = strlen(kinds[k].close);
		if (len - i < olen || memcmp(text + i, kinds[k].open, olen) != 0)
			continue;
		for (size_t j = i + olen; j + clen <= len; j++)
			if (memcmp(text + j, kinds[k].close, clen) == 0)
				return j + clen - i;
		return len - i; /* runs past the end of the line */
	}
	return 0;
}

/* Finds the nth "<name" start tag on one line; returns its offset in the buffer or (size_t)-1. */
static size_t find_tag_on_line(const struct xml_source *src, unsigned line, const char *name,
			       unsigned nth)
{
	size_t len, nlen = strlen(name);
	const char *text = line_text(src, line, &len);
	for (size_t i = 0; i < len; i++) {
		if (text[i] != '<')
			continue;
		size_t skip = skip_markup(text, i, len);
		if (skip) {
			i += skip - 1;
			continue;
		}
		if (len - i - 1 < nlen || memcmp(text + i + 1, name, nlen) != 0)
			continue;
		if (i + 1 + nlen < len && !is_name_end(text[i + 1 + nlen]))
			continue;
		if (nth-- == 0)
			return (size_t)(text - src->buf) + i;
	}
	return (size_t)-1;
}

/* The element before node in document order (its start tag comes earlier in the text). */
static const xmlNode *prev_element(const xmlNode *node)
{
	const xmlNode *p = node->prev;
	while (p && p->type != XML_ELEMENT_NODE)
		p = p->prev;
	if (!p)
		return node->parent && node->parent->type == XML_ELEMENT_NODE ? node->parent : NULL;
	for (;;) {
		const xmlNode *last = p->last;
		while (last && last->type != XML_ELEMENT_NODE)
			last = last->prev;
		if (!last)
			return p;
		p = last;
	}
}

bool xml_is_element(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

bool xml_has_child(const xmlNode *parent, const char *name)
{
	for (const xmlNode *c = parent ? parent->children : NULL; c; c = c->next)
		if (xml_is_element(c, name))
			return true;
	return false;
}

const char *xml_written_name(const xmlNode *node)
{
	return node->_private ? (const char *)node->_private : (const char *)node->name;
}

/* Offset of the element's '<', or (size_t)-1 when it cannot be found. */
static size_t node_offset(const struct xml_source *src, const xmlNode *node)
{
	if (!src->line_count || !node || node->type != XML_ELEMENT_NODE)
		return (size_t)-1;
	long line = xmlGetLineNo(node);
	if (line <= 0 || (size_t)line > src->line_count)
		return (size_t)-1;
	/* Same-name start tags earlier on the same line, in document order. */
	unsigned nth = 0;
	for (const xmlNode *p = prev_element(node); p; p = prev_element(p)) {
		long l = xmlGetLineNo(p);
		if (l < line)
			break;
		if (l == line && strcmp(xml_written_name(p), xml_written_name(node)) == 0)
			nth++;
	}
	/* libxml2 records the line where the start tag ends; a tag may span a few lines. */
	for (long l = line; l >= 1 && l > line - 16; l--) {
		size_t off =
		    find_tag_on_line(src, (unsigned)l, xml_written_name(node), l == line ? nth : 0);
		if (off != (size_t)-1)
			return off;
	}
	return (size_t)-1;
}

struct srcpos xml_node_pos(const struct xml_source *src, const xmlNode *node)
{
	size_t off = node_offset(src, node);
	if (off != (size_t)-1)
		return offset_pos(src, off);
	struct srcpos pos = {src->path, node ? (unsigned)xmlGetLineNo(node) : 0, 0};
	return pos;
}

/* Offset just past the '>' of the start tag that begins at off. */
static size_t tag_end(const struct xml_source *src, size_t off)
{
	char quote = 0;
	for (size_t i = off; i < src->len; i++) {
		char c = src->buf[i];
		if (quote) {
			if (c == quote)
				quote = 0;
		} else if (c == '"' || c == '\'') {
			quote = c;
		} else if (c == '>') {
			return i + 1;
		}
	}
	return src->len;
}

struct srcpos xml_value_pos(const struct xml_source *src, const xmlNode *node)
{
	size_t off = node_offset(src, node);
	if (off == (size_t)-1)
		return xml_node_pos(src, node);
	size_t end = tag_end(src, off);
	if (end > off && src->buf[end - 2] == '/')
		return offset_pos(src, off); /* empty element: point at the tag */
	while (end < src->len && (src->buf[end] == ' ' || src->buf[end] == '\t' ||
				  src->buf[end] == '\n' || src->buf[end] == '\r'))
		end++;
	return offset_pos(src, end);
}

struct srcpos xml_attr_pos(const struct xml_source *src, const xmlNode *node, const char *attr)
{
	size_t off = node_offset(src, node);
	if (off == (size_t)-1)
		return xml_node_pos(src, node);
	size_t end = tag_end(src, off), alen = strlen(attr);
	char quote = 0;
	for (size_t i = off + 1; i < end; i++) {
		char c = src->buf[i];
		if (quote) {
			quote = c == quote ? 0 : quote;
			continue;
		}
		if (c == '"' || c == '\'') {
			quote = c;
			continue;
		}
		if (i + alen >= end || !is_name_end(src->buf[i - 1]) ||
		    memcmp(src->buf + i, attr, alen) != 0)
			continue;
		size_t j = i + alen;
		while (j < end && (src->buf[j] == ' ' || src->buf[j] == '\t'))
			j++;
		if (j < end && src->buf[j] == '=')
			return offset_pos(src, i);
	}
	return offset_pos(src, off);
}
