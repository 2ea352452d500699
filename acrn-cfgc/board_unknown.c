/*
 * -W board-unknown. board.xsd declares what acrn-cfgc reads and accepts everything else
 * (board.xsd, "How the schema is open"); this walk names what was accepted that way, so a user
 * can see what a newer board inspector wrote that acrn-cfgc left aside. What is declared comes
 * from the schema itself (validate.c), never from a list here.
 */
#include "board_unknown.h"

#include <string.h>

#define RULE_UNKNOWN "board-unknown"

/* The type board.xsd gives to what it knows but skips unread (board.xsd, rule 5). */
#define IGNORED_TYPE "Ignored"

struct unknown_walk {
	struct schema_set *set;
	const struct xml_source *src;
	enum diag_severity sev;
	struct diag_list *dl;
};

static const char *name_of(const xmlNode *n)
{
	return (const char *)n->name;
}

/* scope: the element's declared type, under which board.xsd declares its attributes. */
static void report_attributes(struct unknown_walk *w, const xmlNode *n, const char *scope)
{
	for (const xmlAttr *a = n->properties; a; a = a->next) {
		const char *attr = (const char *)a->name;
		if (!schema_board_attribute(w->set, scope, attr))
			diag_report(w->dl, w->sev, xml_attr_pos(w->src, n, attr), RULE_UNKNOWN,
				    "attribute '%s' of <%s> is not read by acrn-cfgc; ignored",
				    attr, name_of(n));
	}
}

static void report_element(struct unknown_walk *w, const xmlNode *n)
{
	diag_report(w->dl, w->sev, xml_node_pos(w->src, n), RULE_UNKNOWN,
		    "element <%s> in <%s> is not read by acrn-cfgc; ignored", name_of(n),
		    name_of(n->parent));
}

static void walk(struct unknown_walk *w, const xmlNode *n, const char *scope)
{
	report_attributes(w, n, scope);
	for (const xmlNode *c = n->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		const char *type = schema_board_element_type(w->set, name_of(c));
		if (!type || strcmp(type, IGNORED_TYPE) == 0)
			report_element(w, c);
		else
			walk(w, c, type);
	}
}

void board_unknown_report(struct schema_set *set, const struct xml_source *src,
			  enum diag_severity sev, struct diag_list *dl)
{
	const xmlNode *root = src->doc ? xmlDocGetRootElement(src->doc) : NULL;
	const char *type = root ? schema_board_element_type(set, name_of(root)) : NULL;
	struct unknown_walk w = {set, src, sev, dl};
	if (type)
		walk(&w, root, type);
}
