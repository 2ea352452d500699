/*
 * A board validated by two threads. A board file is mostly its devices tree, and validating
 * it takes as long as parsing it; the other thread is often idle by then. So the board is
 * shared: subtrees of the devices tree holding about three quarters of its elements are taken
 * out of the document in pieces of about the same size, offered (handoff.h) while this thread
 * validates the rest, then validated by whichever thread is free first, and put back where
 * they were. Each piece collects its own reports; the caller merges them.
 *
 * The subtrees are <bus> and <device> elements on a chain of <bus> and <device> elements below
 * <devices>: board.xsd declares each of them at its top level with open content (lax
 * wildcards), so a subtree validated on its own is judged exactly as it is in place, and no
 * identity constraint of an element outside it reads inside it.
 */
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "xmlload.h"
#include "validate_int.h"

/* Where a subtree was: its parent, and its next sibling then (NULL: it was the last). */
struct place {
	xmlNodePtr node, parent, next;
};

static bool splits(const xmlNode *n)
{
	return xml_is_element(n, "bus") || xml_is_element(n, "device");
}

static size_t element_count(const xmlNode *n)
{
	size_t count = n->type == XML_ELEMENT_NODE;
	for (const xmlNode *c = n->children; c; c = c->next)
		count += element_count(c);
	return count;
}

/* A share being picked: how many elements it may take, and has taken. */
struct picker {
	struct board_share *share;
	size_t budget, taken;
};

/* Takes node; a piece ends once it holds its part of the budget. */
static void take(struct picker *pk, xmlNodePtr node, size_t size)
{
	struct board_share *share = pk->share;
	share->places = xrealloc(share->places, (share->count + 1) * sizeof(*share->places));
	struct place *p = &share->places[share->count++];
	p->node = node;
	p->parent = node->parent;
	p->next = node->next;
	xmlUnlinkNode(node);
	pk->taken += size;
	if (share->pieces < SHARE_PIECES - 1 &&
	    pk->taken >= (share->pieces + 1) * pk->budget / SHARE_PIECES)
		share->start[++share->pieces] = share->count;
}

/* Takes whole subtrees below parent, in document order, until the budget is taken. */
static void take_below(struct picker *pk, xmlNodePtr parent)
{
	xmlNodePtr next;
	for (xmlNodePtr c = parent->children; c && pk->taken < pk->budget; c = next) {
		next = c->next;
		if (!splits(c))
			continue;
		size_t size = element_count(c);
		if (pk->taken + size <= pk->budget)
			take(pk, c, size);
		else
			take_below(pk, c);
	}
}

void board_share_pick(struct board_share *share, struct schema_set *set, xmlSchemaPtr schema,
		      xmlDocPtr doc)
{
	memset(share, 0, sizeof(*share));
	share->set = set;
	share->schema = schema;
	xmlNodePtr root = xmlDocGetRootElement(doc);
	struct picker pk = {share, root ? element_count(root) * 3 / 4 : 0, 0};
	for (xmlNodePtr c = root ? root->children : NULL; c && pk.taken < pk.budget; c = c->next)
		if (xml_is_element(c, "devices"))
			take_below(&pk, c);
	if (share->start[share->pieces] < share->count)
		share->pieces++; /* the last piece */
	share->start[share->pieces] = share->count;
}

void board_share_validate(void *arg, size_t piece)
{
	struct board_share *share = arg;
	xmlSchemaValidCtxtPtr vctxt = xmlSchemaNewValidCtxt(share->schema);
	xmlSchemaSetValidStructuredErrors(vctxt, validity_error_collect, &share->st[piece]);
	for (size_t i = share->start[piece]; i < share->start[piece + 1]; i++) {
		int rc =
		    validate_in_passes(share->set, vctxt, share->places[i].node, &share->st[piece]);
		if (rc != 0 && share->rc[piece] == 0)
			share->rc[piece] = rc;
	}
	xmlSchemaFreeValidCtxt(vctxt);
}

void board_share_return(struct board_share *share)
{
	for (size_t i = share->count; i-- > 0;) {
		struct place *p = &share->places[i];
		if (p->next)
			xmlAddPrevSibling(p->next, p->node);
		else
			xmlAddChild(p->parent, p->node);
	}
	free(share->places);
	share->places = NULL;
	share->count = share->pieces = 0;
}
