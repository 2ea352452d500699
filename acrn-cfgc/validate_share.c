/*
 * A board validated by two threads. A board file is mostly its devices tree, and validating
 * it takes as long as parsing it; the other thread is idle by then. So the board is shared:
 * subtrees of the devices tree holding about half its elements are taken out of the document,
 * validated by whichever thread is free first (handoff.h) while this thread validates the rest,
 * then put back where they were. Each share collects its own reports; the caller merges them.
 *
 * The subtrees are <bus> and <device> elements on a chain of <bus> and <device> elements below
 * <devices>: board.xsd declares each of them at its top level with open content (lax
 * wildcards), so a subtree validated on its own is judged exactly as it is in place, and no
 * identity constraint of an element outside it reads inside it.
 */
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "validate_int.h"

/* Where a subtree was: its parent, and its next sibling then (NULL: it was the last). */
struct place {
	xmlNodePtr node, parent, next;
};

static bool is_element(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

static bool splits(const xmlNode *n)
{
	return is_element(n, "bus") || is_element(n, "device");
}

static size_t element_count(const xmlNode *n)
{
	size_t count = n->type == XML_ELEMENT_NODE;
	for (const xmlNode *c = n->children; c; c = c->next)
		count += element_count(c);
	return count;
}

static void take(struct board_share *share, xmlNodePtr node)
{
	share->places = xrealloc(share->places, (share->count + 1) * sizeof(*share->places));
	struct place *p = &share->places[share->count++];
	p->node = node;
	p->parent = node->parent;
	p->next = node->next;
	xmlUnlinkNode(node);
}

/* Takes whole subtrees below parent, in document order, until *budget elements are taken. */
static void take_below(struct board_share *share, xmlNodePtr parent, size_t *budget)
{
	xmlNodePtr next;
	for (xmlNodePtr c = parent->children; c && *budget; c = next) {
		next = c->next;
		if (!splits(c))
			continue;
		size_t size = element_count(c);
		if (size <= *budget) {
			take(share, c);
			*budget -= size;
		} else {
			take_below(share, c, budget);
		}
	}
}

void board_share_pick(struct board_share *share, struct schema_set *set, xmlSchemaPtr schema,
		      xmlDocPtr doc)
{
	memset(share, 0, sizeof(*share));
	share->set = set;
	share->schema = schema;
	xmlNodePtr root = xmlDocGetRootElement(doc);
	size_t budget = root ? element_count(root) / 2 : 0;
	for (xmlNodePtr c = root ? root->children : NULL; c && budget; c = c->next)
		if (is_element(c, "devices"))
			take_below(share, c, &budget);
}

void board_share_validate(void *arg)
{
	struct board_share *share = arg;
	xmlSchemaValidCtxtPtr vctxt = xmlSchemaNewValidCtxt(share->schema);
	xmlSchemaSetValidStructuredErrors(vctxt, validity_error_collect, &share->st);
	for (size_t i = 0; i < share->count; i++) {
		int rc = validate_in_passes(share->set, vctxt, share->places[i].node, &share->st);
		if (rc != 0 && share->rc == 0)
			share->rc = rc;
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
	share->count = 0;
}
