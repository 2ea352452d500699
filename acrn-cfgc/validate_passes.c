/*
 * Validation in passes. libxml2 stops judging an element's children at the first child its
 * content model does not expect, so every later mistake in that element stays hidden until
 * the user fixes the first one. After each pass we repair, in the document itself, each
 * element the pass did not expect, as the user most likely meant it, and validate again:
 *   - a misspelt element (a declared sibling name is close) is renamed to that name;
 *   - a known element out of order: its parent's children are put in declaration order;
 *     if that does not help (the element is repeated), the later copy is taken out;
 *   - an unknown element where a required one is expected stands in for the missing one
 *     (renamed to it; its own content is then not judged: it never was that element);
 *   - any other unknown element is taken out.
 * When a pass repairs nothing more, every repair is undone in reverse order, so the later
 * stages, positions and messages see the user's document exactly.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "validate_int.h"

#define MAX_PASSES 8

enum repair_kind { REPAIR_MOVE, REPAIR_RENAME };

/* One change to the document, with what undoes it. */
struct repair {
	enum repair_kind kind;
	xmlNodePtr node;
	xmlNodePtr parent; /* MOVE: where it was */
	xmlNodePtr next;   /* MOVE: its next sibling then, NULL if it was the last */
	char *name;	   /* RENAME: its name before */
};

struct repairs {
	struct repair *items;
	size_t count;
	xmlNodePtr *touched; /* elements repaired once: a second report takes them out */
	size_t touched_count;
	xmlNodePtr *sorted; /* parents whose children were put in order */
	size_t sorted_count;
	xmlNodePtr *stand_ins;
	size_t stand_in_count;
};

static void push_node(xmlNodePtr **list, size_t *count, xmlNodePtr node)
{
	*list = xrealloc(*list, (*count + 1) * sizeof(**list));
	(*list)[(*count)++] = node;
}

static bool has_node(xmlNodePtr const *list, size_t count, const xmlNode *node)
{
	for (size_t i = 0; i < count; i++)
		if (list[i] == node)
			return true;
	return false;
}

static struct repair *add_repair(struct repairs *rp, enum repair_kind kind, xmlNodePtr node)
{
	rp->items = xrealloc(rp->items, (rp->count + 1) * sizeof(*rp->items));
	struct repair *r = &rp->items[rp->count++];
	memset(r, 0, sizeof(*r));
	r->kind = kind;
	r->node = node;
	return r;
}

/* Unlinks node, remembering where it was. */
static void detach(struct repairs *rp, xmlNodePtr node)
{
	struct repair *r = add_repair(rp, REPAIR_MOVE, node);
	r->parent = node->parent;
	r->next = node->next;
	xmlUnlinkNode(node);
}

/* A name comes from the document's dictionary, which both threads of a board's validation
 * (validate_share.c) may add to. */
static void set_name(xmlNodePtr node, const char *name)
{
	static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
	pthread_mutex_lock(&lock);
	xmlNodeSetName(node, BAD_CAST name);
	pthread_mutex_unlock(&lock);
}

static void rename_node(struct repairs *rp, xmlNodePtr node, const char *name)
{
	struct repair *r = add_repair(rp, REPAIR_RENAME, node);
	r->name = xstrdup((const char *)node->name);
	set_name(node, name);
}

static void undo_all(struct repairs *rp)
{
	for (size_t i = rp->count; i-- > 0;) {
		struct repair *r = &rp->items[i];
		if (r->kind == REPAIR_RENAME) {
			set_name(r->node, r->name);
			free(r->name);
			continue;
		}
		xmlUnlinkNode(r->node);
		if (r->next)
			xmlAddPrevSibling(r->next, r->node);
		else
			xmlAddChild(r->parent, r->node);
	}
	free(rp->items);
	free(rp->touched);
	free(rp->sorted);
	free(rp->stand_ins);
	memset(rp, 0, sizeof(*rp));
}

bool repairs_hide(const struct repairs *rp, const xmlNode *node)
{
	for (const xmlNode *n = node; rp && n; n = n->parent)
		if (has_node(rp->stand_ins, rp->stand_in_count, n))
			return true;
	return false;
}

/* Element children of parent in declaration order (stable: equal ranks keep their order). */
static void sort_children(const struct schema_set *set, struct repairs *rp, xmlNodePtr parent)
{
	size_t n = 0;
	for (xmlNodePtr c = parent->children; c; c = c->next)
		n += c->type == XML_ELEMENT_NODE;
	xmlNodePtr *kids = xcalloc(n ? n : 1, sizeof(*kids));
	size_t *rank = xcalloc(n ? n : 1, sizeof(*rank));
	size_t k = 0;
	for (xmlNodePtr c = parent->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE) {
			rank[k] = schema_child_rank(set, parent, (const char *)c->name);
			kids[k++] = c;
		}
	for (size_t i = 1; i < n; i++) { /* insertion sort: a handful of children */
		size_t r = rank[i];
		xmlNodePtr kid = kids[i];
		size_t j = i;
		for (; j > 0 && rank[j - 1] > r; j--) {
			rank[j] = rank[j - 1];
			kids[j] = kids[j - 1];
		}
		rank[j] = r;
		kids[j] = kid;
	}
	for (size_t i = 0; i < n; i++) {
		detach(rp, kids[i]);
		xmlAddChild(parent, kids[i]);
	}
	push_node(&rp->sorted, &rp->sorted_count, parent);
	free(rank);
	free(kids);
}

/* The first required name of an expected list ("a, b") that the parent lacks, or NULL. */
static char *missing_required(const struct schema_set *set, const xmlNode *parent,
			      const char *expected)
{
	char *list = expected ? xstrdup(expected) : NULL, *save = NULL, *found = NULL;
	for (char *tok = list ? strtok_r(list, ", ", &save) : NULL; tok && !found;
	     tok = strtok_r(NULL, ", ", &save))
		if (schema_requires_child(set, parent, tok) && !xml_has_child(parent, tok))
			found = xstrdup(tok);
	free(list);
	return found;
}

/* Repairs an element a pass did not expect; false when there is nothing to do. */
static bool repair_unexpected(const struct schema_set *set, struct repairs *rp, xmlNodePtr e,
			      const char *expected)
{
	xmlNodePtr parent = e ? e->parent : NULL;
	if (!e || e->type != XML_ELEMENT_NODE || !parent || parent->type != XML_ELEMENT_NODE ||
	    !e->name)
		return false;
	if (has_node(rp->touched, rp->touched_count, e)) {
		detach(rp, e); /* repaired once and still unexpected */
		return true;
	}
	push_node(&rp->touched, &rp->touched_count, e);
	const char *name = (const char *)e->name;
	if (schema_declares_child(set, parent, name)) {
		if (has_node(rp->sorted, rp->sorted_count, parent))
			detach(rp, e);
		else
			sort_children(set, rp, parent);
		return true;
	}
	const char *hint = schema_suggest_child(set, e);
	if (hint && !xml_has_child(parent, hint)) {
		rename_node(rp, e, hint);
		return true;
	}
	char *stand = missing_required(set, parent, expected);
	if (stand) {
		rename_node(rp, e, stand);
		push_node(&rp->stand_ins, &rp->stand_in_count, e);
		free(stand);
		return true;
	}
	detach(rp, e);
	return true;
}

static void forget_unexpected(struct validate_state *st)
{
	for (size_t i = 0; i < st->unexpected_count; i++)
		free(st->expected[i]);
	st->unexpected_count = 0;
}

/* Repairs what the pass did not expect, then forgets the pass's list. */
static bool repair_pass(struct schema_set *set, struct repairs *rp, struct validate_state *st)
{
	bool repaired = false;
	if (st->unexpected_count)
		schema_facts_load(set);
	for (size_t i = 0; i < st->unexpected_count; i++)
		repaired |= repair_unexpected(set, rp, st->unexpected[i], st->expected[i]);
	forget_unexpected(st);
	return repaired;
}

static int validate_once(xmlSchemaValidCtxtPtr vctxt, xmlNodePtr node)
{
	return node->type == XML_DOCUMENT_NODE ? xmlSchemaValidateDoc(vctxt, (xmlDocPtr)node)
					       : xmlSchemaValidateOneElement(vctxt, node);
}

int validate_in_passes(struct schema_set *set, xmlSchemaValidCtxtPtr vctxt, xmlNodePtr node,
		       struct validate_state *st)
{
	struct repairs rp = {0};
	st->repairs = &rp;
	int verdict = validate_once(vctxt, node);
	for (unsigned pass = 1; pass < MAX_PASSES && repair_pass(set, &rp, st); pass++)
		validate_once(vctxt, node);
	forget_unexpected(st); /* what a last pass found after MAX_PASSES */
	undo_all(&rp);
	free(st->unexpected);
	free(st->expected);
	st->unexpected = NULL;
	st->expected = NULL;
	st->repairs = NULL;
	return verdict;
}
