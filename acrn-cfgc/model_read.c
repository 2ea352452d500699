/* Typed, located reads of element and attribute values for the model builders. */
#include "model_read.h"

#include <assert.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#define RULE_NUMBER  "value-number"
#define RULE_RANGE   "value-range"
#define RULE_BDF     "value-bdf"
#define RULE_FLAG    "value-flag"
#define RULE_MISSING "value-missing"

xmlNodePtr node_next(xmlNodePtr cur, const char *name)
{
	for (cur = cur ? cur->next : NULL; cur; cur = cur->next)
		if (cur->type == XML_ELEMENT_NODE &&
		    (!name || xmlStrEqual(cur->name, BAD_CAST name)))
			return cur;
	return NULL;
}

xmlNodePtr node_first(xmlNodePtr parent, const char *name)
{
	if (!parent)
		return NULL;
	xmlNodePtr c = parent->children;
	if (c && c->type == XML_ELEMENT_NODE && (!name || xmlStrEqual(c->name, BAD_CAST name)))
		return c;
	return node_next(c, name);
}

size_t node_count(xmlNodePtr parent, const char *name)
{
	size_t n = 0;
	for_each_child (c, parent, name)
		n++;
	return n;
}

struct srcpos build_pos(const struct build *b, xmlNodePtr n)
{
	return xml_node_pos(b->src, n);
}

struct srcpos build_value_pos(const struct build *b, xmlNodePtr n)
{
	return xml_value_pos(b->src, n);
}

static const char *trimmed(struct build *b, const char *s)
{
	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' || s[n - 1] == '\r'))
		n--;
	return arena_strndup(b->arena, s, n);
}

const char *build_text(struct build *b, xmlNodePtr n)
{
	xmlChar *text = n ? xmlNodeGetContent(n) : NULL;
	const char *s = trimmed(b, text ? (const char *)text : "");
	xmlFree(text);
	return s;
}

const char *build_child_text(struct build *b, xmlNodePtr parent, const char *name)
{
	xmlNodePtr c = node_first(parent, name);
	return c ? build_text(b, c) : NULL;
}

const char *build_attr(struct build *b, xmlNodePtr n, const char *attr)
{
	xmlChar *v = n ? xmlGetProp(n, BAD_CAST attr) : NULL;
	if (!v)
		return NULL;
	const char *s = trimmed(b, (const char *)v);
	xmlFree(v);
	return s;
}

void build_broken(struct build *b, const char *name)
{
	if (b->broken)
		broken_add(b->broken, name);
}

/* Digits only (decimal, or hex after 0x): a number, just too big for 64 bits. */
static bool is_numeral(const char *text)
{
	bool hex = text[0] == '0' && (text[1] == 'x' || text[1] == 'X');
	const char *digits = hex ? text + 2 : text;
	return *digits &&
	       strspn(digits, hex ? "0123456789abcdefABCDEF" : "0123456789") == strlen(digits);
}

/*
 * The schema has already judged the form of a typed value (a size in decimal MB, an address
 * in hex), so a numeral that fails here is one that overflows: say only that, never suggest
 * a form the field's type refuses.
 */
static void bad_number(struct build *b, struct srcpos pos, const char *text, const char *what)
{
	if (is_numeral(text))
		diag_error(b->dl, pos, RULE_NUMBER,
			   "invalid value '%s' for %s: the number does not fit in 64 bits (at "
			   "most %s)",
			   text, what,
			   text[1] == 'x' || text[1] == 'X' ? "0xffffffffffffffff"
							    : "18446744073709551615");
	else
		diag_error(b->dl, pos, RULE_NUMBER,
			   "invalid value '%s' for %s: expected a decimal or 0x-prefixed "
			   "hexadecimal number that fits in 64 bits",
			   text, what);
}

struct opt_u64 build_child_u64(struct build *b, xmlNodePtr parent, const char *name)
{
	struct opt_u64 r = {false, 0};
	xmlNodePtr c = node_first(parent, name);
	const char *text = c ? build_text(b, c) : "";
	if (*text == '\0')
		return r;
	if (value_u64(text, &r.value) != 0) {
		char *what = xasprintf("<%s>", name);
		build_broken(b, name);
		bad_number(b, build_value_pos(b, c), text, what);
		free(what);
		return r;
	}
	r.set = true;
	return r;
}

struct opt_u64 build_attr_u64(struct build *b, xmlNodePtr n, const char *attr)
{
	struct opt_u64 r = {false, 0};
	const char *text = build_attr(b, n, attr);
	if (!text || *text == '\0')
		return r;
	if (value_u64(text, &r.value) != 0) {
		char *what = xasprintf("attribute '%s' of <%s>", attr, (const char *)n->name);
		build_broken(b, attr);
		bad_number(b, xml_attr_pos(b->src, n, attr), text, what);
		free(what);
		return r;
	}
	r.set = true;
	return r;
}

uint64_t build_required_u64(struct build *b, xmlNodePtr parent, const char *name, uint64_t max)
{
	assert(parent); /* the caller's element, which the message names */
	xmlNodePtr c = node_first(parent, name);
	if (!c) {
		build_broken(b, name);
		diag_error(b->dl, build_pos(b, parent), RULE_MISSING, "<%s> needs a <%s> element",
			   (const char *)parent->name, name);
		return 0;
	}
	const char *text = build_text(b, c);
	uint64_t v = 0;
	if (value_u64(text, &v) != 0) {
		char *what = xasprintf("<%s>", name);
		build_broken(b, name);
		bad_number(b, build_value_pos(b, c), text, what);
		free(what);
		return 0;
	}
	if (v > max) {
		build_broken(b, name);
		diag_error(b->dl, build_value_pos(b, c), RULE_RANGE,
			   "value %s of <%s> is out of range: at most %llu", text, name,
			   (unsigned long long)max);
		return 0;
	}
	return v;
}

uint32_t build_u32_text(struct build *b, xmlNodePtr n)
{
	assert(n); /* an element the caller found, which the messages name */
	const char *text = build_text(b, n);
	uint64_t v = 0;
	if (value_u64(text, &v) != 0) {
		char *what = xasprintf("<%s>", (const char *)n->name);
		build_broken(b, (const char *)n->name);
		bad_number(b, build_value_pos(b, n), text, what);
		free(what);
		return 0;
	}
	if (v > UINT32_MAX) {
		build_broken(b, (const char *)n->name);
		diag_error(b->dl, build_value_pos(b, n), RULE_RANGE,
			   "value %s of <%s> is out of range: at most %u", text,
			   (const char *)n->name, UINT32_MAX);
		return 0;
	}
	return (uint32_t)v;
}

bool build_child_yn(struct build *b, xmlNodePtr parent, const char *name)
{
	xmlNodePtr c = node_first(parent, name);
	const char *text = c ? build_text(b, c) : "";
	bool v = false;
	if (*text && value_yn(text, &v) != 0) {
		build_broken(b, name);
		diag_error(b->dl, build_value_pos(b, c), RULE_FLAG,
			   "invalid value '%s' for <%s>: expected y or n", text, name);
	}
	return v;
}

int build_bdf(struct build *b, xmlNodePtr n, struct bdf *out, const char **desc)
{
	assert(n); /* an element the caller found, which the message names */
	const char *text = build_text(b, n);
	const char *rest = NULL;
	if (value_bdf(text, out, desc ? &rest : NULL) != 0) {
		const char *end = strchr(text, ' ');
		char *shown =
		    end ? arena_strndup(b->arena, text, (size_t)(end - text)) : (char *)text;
		build_broken(b, (const char *)n->name);
		diag_error(b->dl, build_value_pos(b, n), RULE_BDF,
			   "invalid PCI address '%s' in <%s>: expected bus:device.function in hex, "
			   "e.g. 00:1f.6 (device 00-1f, function 0-7)",
			   shown, (const char *)n->name);
		return -1;
	}
	if (desc)
		*desc = rest;
	return 0;
}
