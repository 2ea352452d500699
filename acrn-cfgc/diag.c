/* Diagnostics collection and the three output formats (text, JSON, SARIF 2.1.0). */
#include "diag.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

void diag_list_init(struct diag_list *dl)
{
	memset(dl, 0, sizeof(*dl));
}

void diag_list_free(struct diag_list *dl)
{
	for (size_t i = 0; i < dl->count; i++) {
		struct diag *d = &dl->items[i];
		for (size_t n = 0; n < d->note_count; n++) {
			free((char *)d->notes[n].pos.file);
			free(d->notes[n].message);
		}
		free(d->notes);
		free((char *)d->pos.file);
		free(d->message);
		free(d->rule);
	}
	free(dl->items);
	diag_list_init(dl);
}

static struct srcpos pos_copy(struct srcpos pos)
{
	pos.file = pos.file ? xstrdup(pos.file) : NULL;
	return pos;
}

struct diag *diag_report(struct diag_list *dl, enum diag_severity sev, struct srcpos pos,
			 const char *rule, const char *fmt, ...)
{
	if (dl->count == dl->cap) {
		dl->cap = dl->cap ? dl->cap * 2 : 16;
		dl->items = xrealloc(dl->items, dl->cap * sizeof(*dl->items));
	}
	struct diag *d = &dl->items[dl->count];
	memset(d, 0, sizeof(*d));
	d->severity = sev;
	d->pos = pos_copy(pos);
	d->rule = xstrdup(rule);
	d->seq = dl->count++;
	va_list ap;
	va_start(ap, fmt);
	d->message = xvasprintf(fmt, ap);
	va_end(ap);
	if (sev == DIAG_ERROR)
		dl->errors++;
	else if (sev == DIAG_WARNING)
		dl->warnings++;
	return d;
}

void diag_add_note(struct diag *d, struct srcpos pos, const char *fmt, ...)
{
	d->notes = xrealloc(d->notes, (d->note_count + 1) * sizeof(*d->notes));
	struct diag_note *n = &d->notes[d->note_count++];
	n->pos = pos_copy(pos);
	va_list ap;
	va_start(ap, fmt);
	n->message = xvasprintf(fmt, ap);
	va_end(ap);
}

void diag_list_move(struct diag_list *dst, struct diag_list *src)
{
	for (size_t i = 0; i < src->count; i++) {
		if (dst->count == dst->cap) {
			dst->cap = dst->cap ? dst->cap * 2 : 16;
			dst->items = xrealloc(dst->items, dst->cap * sizeof(*dst->items));
		}
		dst->items[dst->count] = src->items[i];
		dst->items[dst->count].seq = dst->count;
		dst->count++;
	}
	dst->errors += src->errors;
	dst->warnings += src->warnings;
	free(src->items);
	diag_list_init(src);
}

/* File order for sorting: the order in which files first appear in the reports. */
static const struct diag_list *sort_list;

static size_t file_rank(const char *file)
{
	if (!file)
		return 0;
	for (size_t i = 0; i < sort_list->count; i++) {
		const char *f = sort_list->items[i].pos.file;
		if (f && strcmp(f, file) == 0)
			return i + 1;
	}
	return sort_list->count + 1;
}

static int diag_cmp(const void *pa, const void *pb)
{
	const struct diag *a = pa, *b = pb;
	size_t ra = file_rank(a->pos.file), rb = file_rank(b->pos.file);
	if (ra != rb)
		return ra < rb ? -1 : 1;
	if (a->pos.line != b->pos.line)
		return a->pos.line < b->pos.line ? -1 : 1;
	if (a->pos.col != b->pos.col)
		return a->pos.col < b->pos.col ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

void diag_list_sort(struct diag_list *dl)
{
	if (dl->count < 2)
		return;
	sort_list = dl;
	qsort(dl->items, dl->count, sizeof(*dl->items), diag_cmp);
	sort_list = NULL;
	for (size_t i = 0; i < dl->count; i++)
		dl->items[i].seq = i;
}

const char *diag_severity_name(enum diag_severity sev)
{
	switch (sev) {
	case DIAG_ERROR:
		return "error";
	case DIAG_WARNING:
		return "warning";
	default:
		return "note";
	}
}

int diag_parse_format(const char *name, enum diag_format *out)
{
	static const struct {
		const char *name;
		enum diag_format fmt;
	} formats[] = {
	    {"text", DIAG_FORMAT_TEXT},
	    {"json", DIAG_FORMAT_JSON},
	    {"sarif", DIAG_FORMAT_SARIF},
	};
	for (size_t i = 0; i < ARRAY_SIZE(formats); i++) {
		if (strcmp(name, formats[i].name) == 0) {
			*out = formats[i].fmt;
			return 0;
		}
	}
	return -1;
}

static void print_pos(FILE *out, struct srcpos pos)
{
	if (!pos.file)
		fputs("acrn-cfgc", out);
	else if (pos.line == 0)
		fputs(pos.file, out);
	else
		fprintf(out, "%s:%u:%u", pos.file, pos.line, pos.col);
}

static void print_text(const struct diag_list *dl, FILE *out)
{
	for (size_t i = 0; i < dl->count; i++) {
		const struct diag *d = &dl->items[i];
		print_pos(out, d->pos);
		fprintf(out, ": %s: %s [%s]\n", diag_severity_name(d->severity), d->message,
			d->rule);
		for (size_t n = 0; n < d->note_count; n++) {
			print_pos(out, d->notes[n].pos);
			fprintf(out, ": note: %s\n", d->notes[n].message);
		}
	}
}

static json_t *json_location(json_t *o, struct srcpos pos, const char *message)
{
	json_object_set_new(o, "file", pos.file ? json_string(pos.file) : json_null());
	json_object_set_new(o, "line", json_integer(pos.line));
	json_object_set_new(o, "column", json_integer(pos.col));
	json_object_set_new(o, "message", json_string(message));
	return o;
}

static json_t *json_document(const struct diag_list *dl)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < dl->count; i++) {
		const struct diag *d = &dl->items[i];
		json_t *o = json_object();
		json_object_set_new(o, "severity", json_string(diag_severity_name(d->severity)));
		json_location(o, d->pos, d->message);
		json_object_set_new(o, "rule", json_string(d->rule));
		json_t *notes = json_array();
		for (size_t n = 0; n < d->note_count; n++)
			json_array_append_new(notes, json_location(json_object(), d->notes[n].pos,
								   d->notes[n].message));
		json_object_set_new(o, "notes", notes);
		json_array_append_new(arr, o);
	}
	json_t *doc = json_object();
	json_object_set_new(doc, "diagnostics", arr);
	json_object_set_new(doc, "errors", json_integer(dl->errors));
	json_object_set_new(doc, "warnings", json_integer(dl->warnings));
	return doc;
}

/* SARIF wants a URI: keep relative paths relative, make absolute ones file:// URIs. */
static json_t *sarif_uri(const char *file)
{
	static const char keep[] = "-._~/";
	size_t len = strlen(file);
	char *uri = xmalloc(len * 3 + 8);
	char *p = uri;
	if (file[0] == '/')
		p += sprintf(p, "file://");
	for (const unsigned char *s = (const unsigned char *)file; *s; s++) {
		if ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		    (*s >= '0' && *s <= '9') || strchr(keep, *s))
			*p++ = (char)*s;
		else
			p += sprintf(p, "%%%02X", *s);
	}
	*p = '\0';
	json_t *s = json_string(uri);
	free(uri);
	return s;
}

static json_t *sarif_location(struct srcpos pos)
{
	json_t *phys = json_object();
	json_t *art = json_object();
	json_object_set_new(art, "uri", sarif_uri(pos.file ? pos.file : "acrn-cfgc"));
	json_object_set_new(phys, "artifactLocation", art);
	if (pos.line > 0) {
		json_t *region = json_object();
		json_object_set_new(region, "startLine", json_integer(pos.line));
		if (pos.col > 0)
			json_object_set_new(region, "startColumn", json_integer(pos.col));
		json_object_set_new(phys, "region", region);
	}
	json_t *loc = json_object();
	json_object_set_new(loc, "physicalLocation", phys);
	return loc;
}

static size_t sarif_rule_index(json_t *rules, const char *rule)
{
	size_t i;
	json_t *r;
	json_array_foreach (rules, i, r) {
		if (strcmp(json_string_value(json_object_get(r, "id")), rule) == 0)
			return i;
	}
	r = json_object();
	json_object_set_new(r, "id", json_string(rule));
	json_array_append_new(rules, r);
	return json_array_size(rules) - 1;
}

static json_t *sarif_result(const struct diag *d, json_t *rules)
{
	json_t *res = json_object();
	json_object_set_new(res, "ruleId", json_string(d->rule));
	json_object_set_new(res, "ruleIndex",
			    json_integer((json_int_t)sarif_rule_index(rules, d->rule)));
	json_object_set_new(res, "level", json_string(diag_severity_name(d->severity)));
	json_t *msg = json_object();
	json_object_set_new(msg, "text", json_string(d->message));
	json_object_set_new(res, "message", msg);
	json_t *locs = json_array();
	json_array_append_new(locs, sarif_location(d->pos));
	json_object_set_new(res, "locations", locs);
	if (d->note_count) {
		json_t *rel = json_array();
		for (size_t n = 0; n < d->note_count; n++) {
			json_t *loc = sarif_location(d->notes[n].pos);
			json_t *m = json_object();
			json_object_set_new(m, "text", json_string(d->notes[n].message));
			json_object_set_new(loc, "id", json_integer((json_int_t)n));
			json_object_set_new(loc, "message", m);
			json_array_append_new(rel, loc);
		}
		json_object_set_new(res, "relatedLocations", rel);
	}
	return res;
}

static json_t *sarif_document(const struct diag_list *dl)
{
	json_t *rules = json_array();
	json_t *results = json_array();
	for (size_t i = 0; i < dl->count; i++)
		json_array_append_new(results, sarif_result(&dl->items[i], rules));

	json_t *driver = json_object();
	json_object_set_new(driver, "name", json_string("acrn-cfgc"));
	json_object_set_new(driver, "version", json_string(PACKAGE_VERSION));
	json_object_set_new(driver, "rules", rules);
	json_t *tool = json_object();
	json_object_set_new(tool, "driver", driver);
	json_t *run = json_object();
	json_object_set_new(run, "tool", tool);
	json_object_set_new(run, "results", results);
	json_t *runs = json_array();
	json_array_append_new(runs, run);

	json_t *doc = json_object();
	json_object_set_new(doc, "$schema",
			    json_string("https://json.schemastore.org/sarif-2.1.0.json"));
	json_object_set_new(doc, "version", json_string("2.1.0"));
	json_object_set_new(doc, "runs", runs);
	return doc;
}

int diag_list_print(const struct diag_list *dl, enum diag_format fmt, FILE *out)
{
	if (fmt == DIAG_FORMAT_TEXT) {
		print_text(dl, out);
		return fflush(out);
	}
	json_t *doc = fmt == DIAG_FORMAT_JSON ? json_document(dl) : sarif_document(dl);
	int rc = json_dumpf(doc, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(doc);
	if (rc == 0)
		rc = fputc('\n', out) == EOF ? -1 : 0;
	return rc == 0 ? fflush(out) : rc;
}
