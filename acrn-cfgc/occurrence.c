/*
 * The identity constraints that only count a child, checked here instead of by libxml2
 * (schema_tablegen.c takes them out of the prepared schema). Each report is the one libxml2
 * gives, so validate.c restates it as before: a key whose child is missing is reported at its
 * element ("Not all fields ... evaluate to a node"; libxml2 lists an element's missing keys in
 * reverse order of declaration), and every child after the first of a key or unique is
 * reported at that child ("... evaluates to a node-set with more than one member"). Like
 * libxml2, it counts only the children whose values are valid (validation reported nothing
 * about them), and does not look inside an element whose content the schema does not validate.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "validate_int.h"

static void add(struct validate_state *st, xmlNodePtr node, char *message)
{
	st->errs = xrealloc(st->errs, (st->count + 1) * sizeof(*st->errs));
	long line = xmlGetLineNo(node);
	struct raw_error r = {node, XML_SCHEMAV_CVC_IDC, line > 0 ? (unsigned)line : 0, message};
	st->errs[st->count++] = r;
}

/* A child counts when its value is valid: libxml2 matches a field only to a typed value. */
static bool counts(const struct validate_state *st, size_t reported, const xmlNode *c,
		   const char *name)
{
	if (!xml_is_element(c, name))
		return false;
	for (size_t i = 0; i < reported; i++)
		if (st->errs[i].node == c)
			return false;
	return true;
}

/*
 * The constraints of one element: they are listed together, in declaration order. reported:
 * how many of st's reports came from validation.
 */
static void check_element(const struct schema_occurrence *first, size_t count, xmlNodePtr e,
			  struct validate_state *st, size_t reported)
{
	for (size_t i = 0; i < count; i++) {
		const struct schema_occurrence *o = &first[i];
		bool seen = false;
		for (xmlNodePtr c = e->children; c; c = c->next) {
			if (!counts(st, reported, c, o->child))
				continue;
			if (seen)
				add(st, c,
				    xasprintf(
					"Element '%s': The XPath '%s' of a field of %s "
					"identity-constraint '%s' evaluates to a node-set with "
					"more than one member",
					o->child, o->child, o->key ? "key" : "unique",
					o->constraint));
			seen = true;
		}
	}
	for (size_t i = count; i-- > 0;) {
		const struct schema_occurrence *o = &first[i];
		bool present = false;
		for (xmlNodePtr c = e->children; c && !present; c = c->next)
			present = counts(st, reported, c, o->child);
		if (o->key && !present)
			add(st, e,
			    xasprintf(
				"Element '%s': Not all fields of key identity-constraint '%s' "
				"evaluate to a node",
				(const char *)e->name, o->constraint));
	}
}

/*
 * The element names the check looks for: those with constraints (owners) and the leaves. The
 * document interns its names in its dictionary (when it has one): a name that is not there
 * names no element, and the others are found by address in a small hash table, one probe per
 * element of the document.
 */
struct name_slot {
	const xmlChar *name;		       /* NULL: empty */
	const struct schema_occurrence *first; /* an owner's constraints; NULL: a leaf */
	size_t count;
};

struct walk {
	struct name_slot *slots;
	size_t mask;	 /* slot count - 1 (a power of two) */
	bool by_address; /* the document has a dictionary */
	struct validate_state *st;
	size_t reported; /* st's reports before this check */
};

static size_t slot_of(const struct walk *w, const xmlChar *name)
{
	if (!w->by_address) { /* no dictionary: names compared as text, from slot 0 */
		size_t i = 0;
		while (w->slots[i].name && !xmlStrEqual(w->slots[i].name, name))
			i = (i + 1) & w->mask;
		return i;
	}
	size_t i = (size_t)(((uintptr_t)name * UINT64_C(0x9E3779B97F4A7C15)) >> 40) & w->mask;
	while (w->slots[i].name && w->slots[i].name != name)
		i = (i + 1) & w->mask;
	return i;
}

static void add_name(struct walk *w, xmlDocPtr doc, const char *text,
		     const struct schema_occurrence *first, size_t count)
{
	const xmlChar *name =
	    w->by_address ? xmlDictExists(doc->dict, BAD_CAST text, -1) : BAD_CAST text;
	if (!name)
		return;
	struct name_slot *slot = &w->slots[slot_of(w, name)];
	if (!slot->name || !slot->first) { /* an owner that is also a leaf stays an owner */
		slot->name = name;
		slot->first = first;
		slot->count = count;
	}
}

static void visit(struct walk *w, xmlNodePtr e)
{
	const struct name_slot *slot = &w->slots[slot_of(w, e->name)];
	if (slot->name && slot->first)
		check_element(slot->first, slot->count, e, w->st, w->reported);
	if (slot->name && !slot->first)
		return; /* a leaf: libxml2 does not validate its children */
	for (xmlNodePtr c = e->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE)
			visit(w, c);
}

void occurrence_check(const struct schema_prepared *p, xmlDocPtr doc, struct validate_state *st)
{
	xmlNodePtr root = xmlDocGetRootElement(doc);
	if (!root || !p->occurrences[0].element)
		return;
	size_t names = 0;
	for (const struct schema_occurrence *o = p->occurrences; o->element; o++)
		names++;
	for (const char *const *l = p->leaves; *l; l++)
		names++;
	size_t slots = 16;
	while (slots < 4 * names)
		slots *= 2;
	struct walk w = {xcalloc(slots, sizeof(struct name_slot)), slots - 1, doc->dict != NULL, st,
			 st->count};
	for (const char *const *l = p->leaves; *l; l++)
		add_name(&w, doc, *l, NULL, 0);
	for (const struct schema_occurrence *o = p->occurrences; o->element;) {
		size_t n = 0;
		while (o[n].element && strcmp(o[n].element, o->element) == 0)
			n++;
		add_name(&w, doc, o->element, o, n);
		o += n;
	}
	visit(&w, root);
	free(w.slots);
}
