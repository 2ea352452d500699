/*
 * Emission (emit.h): schemas/xforms/tables.xsl turns the resolved document into each C file in
 * turn, but config_board.c and config_vms.c, which emit_board.c and emit_vms.c write in C
 * (made_in_c) in the stylesheet's place.
 * The stylesheets are ours, but they run sandboxed all the same: libxslt may read only below the
 * stylesheet directory (our entity loader and its security preferences both say so) and may neither
 * write files nor touch the network. Whatever libxslt or libxml2 says while a stylesheet is
 * compiled or run is an "emit" error at that stylesheet, and any error means no output at all.
 *
 * Speed: compiling the stylesheet does not depend on the inputs, so the first of the pipeline's
 * two threads done with its share of the front end compiles it (emit_compile) while the other
 * still works; it is one stylesheet, so what the files share (common.xsl) is compiled once, not
 * once per file, which cost 2.7M instructions each time. Then two threads run it, each taking
 * the next file not yet made, each on its own copy of the document (libxslt stamps the
 * document it runs on); a compiled stylesheet is only read while it runs. The second thread
 * writes the ACPI tables before it takes a file (run_all says why).
 */
#include "emit.h"

#include <errno.h>
#include <libxml/parser.h>
#include <libxslt/security.h>
#include <libxslt/variables.h>
#include <libxslt/transform.h>
#include <libxslt/xsltInternals.h>
#include <libxslt/xsltutils.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emit_acpi.h"
#include "emit_board.h"
#include "emit_vms.h"
#include "outdir.h"
#include "util.h"
#include "xmlload.h"

#define RULE_EMIT "emit"
#define RULE_IO	  "io"

#define OUTPUT_COUNT 6
const char *const emit_outputs[OUTPUT_COUNT] = {
    "config_gen.h", "config_board.c", "config_hv.c", "config_vms.c", "dm_vms.c", "grub.cfg",
};
const size_t emit_output_count = OUTPUT_COUNT;

/* The files written in C instead (each maker as emit_board), by their place above. */
typedef char *c_maker(xmlDocPtr resolved, const char *generator, size_t *len, char **error,
		      long *line);
static c_maker *const made_in_c[OUTPUT_COUNT] = {NULL, emit_board, NULL, emit_vms};
#define DOC_NAME  "resolved document" /* where a C maker's errors are placed */
#define GENERATOR "acrn-cfgc " PACKAGE_VERSION

/* What the libraries said during one stylesheet, reported line by line afterwards. */
struct messages {
	char *text;
	size_t len;
};

#define TABLES_XSL "tables.xsl"

/* One generated file: its part of the stylesheet, what was said while making it, its text. */
struct emit_file {
	char *path; /* XFORMS/NAME.xsl (DOC_NAME if made in C): where messages without a place go */
	struct messages msgs;
	xmlChar *out;
	int len;
};

struct emit_styles {
	char *given;  /* the stylesheet directory as given, for messages */
	char *xforms; /* canonical (NULL: not found): the loader and the read check compare it */
	int xforms_errno;
	char *path; /* XFORMS/tables.xsl */
	xsltStylesheetPtr style;
	struct messages msgs; /* what was said while compiling it */
	atomic_bool taken;    /* a thread has started compiling it */
	pthread_mutex_t lock;
	pthread_cond_t compiled_cond;
	bool compiled;
	struct emit_file files[OUTPUT_COUNT];
};

struct emitter {
	const char *xforms;
	xsltSecurityPrefsPtr sec;
	struct diag_list *dl;
};

static struct srcpos file_pos(const char *file)
{
	return (struct srcpos){file, 0, 0};
}

static void collect_va(struct messages *m, const char *fmt, va_list ap)
{
	char *s = xvasprintf(fmt, ap);
	size_t n = strlen(s);
	m->text = xrealloc(m->text, m->len + n + 1);
	memcpy(m->text + m->len, s, n + 1);
	m->len += n;
	free(s);
}

static void collect(void *ctx, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	collect_va(ctx, fmt, ap);
	va_end(ap);
}

/*
 * libxslt has one error handler for the whole process, and two threads may compile at once:
 * the handler gives each message to the stylesheet the calling thread is compiling.
 */
static _Thread_local struct messages *compiling;

static void collect_compiling(void *ctx, const char *fmt, ...)
{
	(void)ctx;
	va_list ap;
	va_start(ap, fmt);
	if (compiling)
		collect_va(compiling, fmt, ap);
	else
		vfprintf(stderr, fmt, ap);
	va_end(ap);
}

/* libxslt's own trailer after a terminating xsl:message says nothing the message did not. */
static bool is_noise(const char *line)
{
	return strspn(line, " \t") == strlen(line) || strstr(line, "xsl:message : terminating");
}

/*
 * "runtime error: file F line N element E" (or "compilation error: ..."): where the next
 * line's message happened; F is cut out of line (it ends at " line ").
 */
static bool location_line(char *line, const char **file, unsigned *lineno)
{
	char *f = strstr(line, "error: file ");
	char *p = f ? strstr(f, " line ") : NULL;
	if (!p || sscanf(p, " line %u", lineno) != 1)
		return false;
	*p = '\0';
	*file = f + strlen("error: file ");
	return true;
}

/* Each line said becomes an "emit" error at the file and line libxslt names, else at path;
 * returns how many. */
static unsigned report_messages(struct emitter *e, struct messages *m, const char *path)
{
	unsigned n = 0, lineno = 0;
	const char *file = path;
	char *save = NULL;
	for (char *line = m->text ? strtok_r(m->text, "\n", &save) : NULL; line;
	     line = strtok_r(NULL, "\n", &save)) {
		if (is_noise(line) || location_line(line, &file, &lineno))
			continue;
		struct srcpos pos = {file, lineno, 0};
		diag_error(e->dl, pos, RULE_EMIT, "%s", line);
		file = path;
		lineno = 0;
		n++;
	}
	free(m->text);
	*m = (struct messages){NULL, 0};
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

/* ---- compiling: by whichever thread gets to it first ---- */

void emit_compile(struct emit_styles *s)
{
	if (!s->xforms || atomic_exchange(&s->taken, true))
		return;
	xml_loader_allow_dir(s->xforms); /* the stylesheet and its includes */
	compiling = &s->msgs;
	xmlSetGenericErrorFunc(&s->msgs, collect); /* libxml2's handler is per thread */
	s->style = xsltParseStylesheetFile(BAD_CAST s->path);
	compiling = NULL;
	xmlSetGenericErrorFunc(NULL, NULL);
	xml_loader_allow_dir(NULL);
	pthread_mutex_lock(&s->lock);
	s->compiled = true;
	pthread_cond_broadcast(&s->compiled_cond);
	pthread_mutex_unlock(&s->lock);
}

struct emit_styles *emit_prepare(const char *xforms_dir)
{
	struct emit_styles *s = xcalloc(1, sizeof(*s));
	pthread_mutex_init(&s->lock, NULL);
	pthread_cond_init(&s->compiled_cond, NULL);
	s->given = xstrdup(xforms_dir);
	s->xforms = realpath(xforms_dir, NULL);
	s->xforms_errno = errno;
	if (!s->xforms)
		return s;
	s->path = xasprintf("%s/%s", s->xforms, TABLES_XSL);
	for (size_t i = 0; i < OUTPUT_COUNT; i++)
		s->files[i].path = made_in_c[i]
				       ? xstrdup(DOC_NAME)
				       : xasprintf("%s/%s.xsl", s->xforms, emit_outputs[i]);
	xsltSetGenericErrorFunc(NULL, collect_compiling);
	return s;
}

/* Waits until the stylesheet is compiled, if a thread has taken it. */
static void await_taken(struct emit_styles *s)
{
	pthread_mutex_lock(&s->lock);
	while (atomic_load(&s->taken) && !s->compiled)
		pthread_cond_wait(&s->compiled_cond, &s->lock);
	pthread_mutex_unlock(&s->lock);
	xsltSetGenericErrorFunc(NULL, NULL);
}

/* Compiles the stylesheet unless a thread has, then waits for it. */
static void await_compiled(struct emit_styles *s)
{
	emit_compile(s);
	await_taken(s);
}

void emit_styles_free(struct emit_styles *s)
{
	if (!s)
		return;
	await_taken(s);
	xsltFreeStylesheet(s->style);
	free(s->path);
	free(s->msgs.text);
	for (size_t i = 0; i < OUTPUT_COUNT; i++) {
		free(s->files[i].path);
		free(s->files[i].msgs.text);
		xmlFree(s->files[i].out);
	}
	free(s->xforms);
	free(s->given);
	pthread_cond_destroy(&s->compiled_cond);
	pthread_mutex_destroy(&s->lock);
	free(s);
}

/* ---- running: two threads, each on its own copy of the document ---- */

/* File i's text (malloc'd by libxml2) in f->out, or NULL if anything went wrong. */
static void run_stylesheet(struct emitter *e, xsltStylesheetPtr style, size_t i,
			   struct emit_file *f, xmlDocPtr doc)
{
	xsltTransformContextPtr t = xsltNewTransformContext(style, doc);
	if (!t || xsltSetCtxtSecurityPrefs(e->sec, t) != 0 ||
	    xsltQuoteOneUserParam(t, BAD_CAST "generator", BAD_CAST "acrn-cfgc " PACKAGE_VERSION) !=
		0 ||
	    xsltQuoteOneUserParam(t, BAD_CAST "output", BAD_CAST emit_outputs[i]) != 0) {
		xsltFreeTransformContext(t);
		return;
	}
	t->_private = e;
	xsltSetTransformErrorFunc(t, &f->msgs, collect);
	xmlDocPtr res = xsltApplyStylesheetUser(style, doc, NULL, NULL, NULL, t);
	if (res && t->state == XSLT_STATE_OK && f->msgs.len == 0 &&
	    xsltSaveResultToString(&f->out, &f->len, res, style) == 0 && !f->out)
		f->out = xmlStrdup(BAD_CAST ""); /* an empty text result */
	xmlFreeDoc(res);
	xsltFreeTransformContext(t);
}

/* File i made by its C maker: the text in f->out, or why not in f->msgs. */
static void run_c(size_t i, struct emit_file *f, xmlDocPtr doc)
{
	size_t len;
	long line;
	char *error;
	char *text = made_in_c[i](doc, GENERATOR, &len, &error, &line);
	if (text) {
		f->out = xmlStrndup(BAD_CAST text, (int)len);
		f->len = (int)len;
	} else /* in libxslt's words for a place, which report_messages reads */
		collect(&f->msgs, "runtime error: file %s line %ld\n%s\n", DOC_NAME, line, error);
	free(text);
	free(error);
}

/* One file's messages become errors; its text goes into the output directory. */
static int write_file(struct emitter *e, struct outdir *od, size_t i, struct emit_file *f)
{
	if (report_messages(e, &f->msgs, f->path) != 0)
		return -1;
	if (!f->out) {
		diag_error(e->dl, file_pos(f->path), RULE_EMIT,
			   "the stylesheet failed without saying why");
		return -1;
	}
	return outdir_write(od, emit_outputs[i], f->out, (size_t)f->len, e->dl);
}

/* The files still to run, taken in turn by both threads (so the longer ones need no plan). */
struct queue {
	struct emitter *e;
	struct emit_styles *s;
	atomic_size_t next;
};

struct runner {
	struct queue *q;
	xmlDocPtr doc;
	struct outdir *acpi_od; /* the ACPI back end's output, when this runner makes it first */
	struct diag_list acpi_dl;
	int acpi_rc;
};

static void *run_some(void *arg)
{
	struct runner *r = arg;
	if (r->acpi_od)
		r->acpi_rc = emit_acpi(r->doc, r->acpi_od, GENERATOR, &r->acpi_dl);
	xml_loader_allow_dir(r->q->e->xforms);
	for (size_t i; (i = atomic_fetch_add(&r->q->next, 1)) < OUTPUT_COUNT;) {
		struct emit_file *f = &r->q->s->files[i];
		if (made_in_c[i]) {
			run_c(i, f, r->doc);
			continue;
		}
		xmlSetGenericErrorFunc(&f->msgs, collect); /* libxml2's handler is per thread */
		run_stylesheet(r->q->e, r->q->s->style, i, f, r->doc);
		xmlSetGenericErrorFunc(NULL, NULL);
	}
	xml_loader_allow_dir(NULL);
	return NULL;
}

/*
 * The second thread makes the ACPI tables first, on its copy, then joins in the stylesheets:
 * the ACPI back end is mostly file creation (fifteen files for two pre-launched VMs, 0.1-0.3 ms
 * each on the machines measured, most of it waiting on the file system), which now overlaps the
 * stylesheets' computing instead of following it. Its diagnostics come after the stylesheets',
 * as before. Then this thread writes the stylesheets' files. 0: every file made and written.
 */
static int run_all(struct emitter *e, struct emit_styles *s, xmlDocPtr doc, struct outdir *od)
{
	struct queue q = {e, s, 0};
	struct runner mine = {&q, doc, NULL, {0}, 0}, other = {&q, xmlCopyDoc(doc, 1), od, {0}, 0};
	diag_list_init(&other.acpi_dl);
	pthread_t thread;
	bool threaded = other.doc && pthread_create(&thread, NULL, run_some, &other) == 0;
	run_some(&mine);
	if (threaded)
		pthread_join(thread, NULL);
	else
		other.acpi_rc = emit_acpi(doc, od, GENERATOR, &other.acpi_dl);
	xmlFreeDoc(other.doc);
	int rc = 0;
	for (size_t i = 0; i < OUTPUT_COUNT; i++)
		rc |= write_file(e, od, i, &s->files[i]);
	diag_list_move(e->dl, &other.acpi_dl);
	return rc | other.acpi_rc;
}

/* What an output directory may hold: the stylesheets' files, then the ACPI back end's. */
static const char **all_outputs(size_t *n)
{
	*n = OUTPUT_COUNT + emit_acpi_output_count;
	const char **names = xcalloc(*n, sizeof(*names));
	for (size_t i = 0; i < *n; i++)
		names[i] = i < OUTPUT_COUNT ? emit_outputs[i] : emit_acpi_outputs[i - OUTPUT_COUNT];
	return names;
}

/* Every stylesheet runs, so one run reports every stylesheet's errors. */
static int emit_all(struct emitter *e, struct emit_styles *s, xmlDocPtr doc, const char *outdir)
{
	struct outdir od;
	size_t name_count;
	const char **names = all_outputs(&name_count);
	if (outdir_open(&od, outdir, names, name_count, e->dl) != 0) {
		free(names);
		return -1;
	}
	int rc = run_all(e, s, doc, &od);
	if (rc == 0)
		rc = outdir_commit(&od, e->dl);
	else
		outdir_abort(&od);
	free(names);
	return rc ? -1 : 0;
}

int emit_tables_prepared(struct emit_styles *s, const char *resolved_xml, size_t len,
			 const char *outdir, struct diag_list *dl)
{
	await_compiled(s);
	struct emitter e = {s->xforms, sandbox(), dl};
	struct xml_source src = {0};
	int rc = -1;
	if (!e.xforms)
		diag_error(dl, file_pos(s->given), RULE_IO,
			   "cannot find the stylesheet directory: %s", strerror(s->xforms_errno));
	else if (!e.sec)
		diag_error(dl, file_pos(s->given), RULE_EMIT,
			   "cannot set up the stylesheet sandbox (out of memory?)");
	else if (report_messages(&e, &s->msgs, s->path) != 0 || !s->style) {
		if (!s->style && dl->errors == 0)
			diag_error(dl, file_pos(s->path), RULE_EMIT, "cannot load the stylesheet");
	} else if (xml_source_parse(&src, "resolved document", resolved_xml, len, dl) ==
		   XML_LOAD_OK)
		rc = emit_all(&e, s, src.doc, outdir);
	xml_source_free(&src);
	xsltFreeSecurityPrefs(e.sec);
	return rc;
}

int emit_tables(const char *resolved_xml, size_t len, const char *xforms_dir, const char *outdir,
		struct diag_list *dl)
{
	struct emit_styles *s = emit_prepare(xforms_dir);
	int rc = emit_tables_prepared(s, resolved_xml, len, outdir, dl);
	emit_styles_free(s);
	return rc;
}
