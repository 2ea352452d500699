/*
 * The scenario upgrade stage (upgrade.h): between loading and validation, the settings of an
 * earlier ACRN 3.x release become their current names in memory, so validation, the model, the
 * rules and the back ends see only the current form. The list of renames is read from
 * schemas/xforms/upgrade.xsl, the stylesheet `acrn-cfgc upgrade` rewrites files with.
 */
#include "upgrade.h"

#include <libxml/tree.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#define TABLE_NS "urn:acrn-cfgc:upgrade"

/* ---- the table ---- */

static char *prop(xmlNodePtr node, const char *name)
{
	xmlChar *v = xmlGetNoNsProp(node, BAD_CAST name);
	char *s = v ? xstrdup((const char *)v) : NULL;
	xmlFree(v);
	return s;
}

static bool is_yn(const char *s)
{
	return s && (strcmp(s, "y") == 0 || strcmp(s, "n") == 0);
}

/* The attribute of a u:rename entry that is missing or wrong, or NULL when it is complete. */
static const char *bad_attribute(const struct upgrade_rename *r, const char *invert)
{
	const char *need[] = {r->parent, r->old_name, r->new_name, r->release, r->setting};
	const char *names[] = {"parent", "old", "new", "release", "setting"};
	for (size_t i = 0; i < ARRAY_SIZE(need); i++)
		if (!need[i] || !*need[i])
			return names[i];
	if (!is_yn(invert))
		return "invert";
	if (r->left_out && (!is_yn(r->left_out) || !r->left_out_in))
		return "left-out";
	return NULL;
}

/* One u:rename element into r; 0, or -1 after saying which attribute is wrong. */
static int read_entry(const struct xml_source *src, xmlNodePtr node, struct upgrade_rename *r,
		      struct diag_list *dl)
{
	char *invert = prop(node, "invert");
	r->parent = prop(node, "parent");
	r->old_name = prop(node, "old");
	r->new_name = prop(node, "new");
	r->release = prop(node, "release");
	r->setting = prop(node, "setting");
	r->left_out = prop(node, "left-out");
	r->left_out_in = prop(node, "left-out-in");
	r->invert = invert && strcmp(invert, "y") == 0;
	const char *bad = bad_attribute(r, invert);
	free(invert);
	if (!bad)
		return 0;
	diag_error(dl, xml_node_pos(src, node), RULE_UPGRADE,
		   "<u:rename> needs parent, old, new, release, setting and invert (y or n); "
		   "left-out (y or n) goes with left-out-in: check '%s'",
		   bad);
	return -1;
}

static void entry_free(struct upgrade_rename *r)
{
	free(r->parent);
	free(r->old_name);
	free(r->new_name);
	free(r->release);
	free(r->setting);
	free(r->left_out);
	free(r->left_out_in);
}

static bool is_entry(const xmlNode *n)
{
	return n->type == XML_ELEMENT_NODE && n->ns &&
	       xmlStrEqual(n->ns->href, BAD_CAST TABLE_NS) &&
	       xmlStrEqual(n->name, BAD_CAST "rename");
}

static int read_table(struct upgrade_table *t, const struct xml_source *src, struct diag_list *dl)
{
	xmlNodePtr root = xmlDocGetRootElement(src->doc);
	size_t cap = 0;
	for (xmlNodePtr n = root->children; n; n = n->next)
		cap += is_entry(n);
	t->renames = xcalloc(cap ? cap : 1, sizeof(*t->renames));
	int rc = 0;
	for (xmlNodePtr n = root->children; n; n = n->next) {
		if (!is_entry(n))
			continue;
		if (read_entry(src, n, &t->renames[t->count], dl) == 0)
			t->count++;
		else
			rc = -1, entry_free(&t->renames[t->count]);
	}
	if (t->count == 0 && rc == 0) {
		struct srcpos pos = {src->path, 0, 0};
		diag_error(dl, pos, RULE_UPGRADE, "no <u:rename> entries (namespace %s)", TABLE_NS);
		rc = -1;
	}
	return rc;
}

int upgrade_table_load(struct upgrade_table *t, const char *xforms_dir, struct diag_list *dl)
{
	memset(t, 0, sizeof(*t));
	char *path = xasprintf("%s/%s", xforms_dir, UPGRADE_STYLESHEET);
	struct xml_source src;
	int rc = xml_source_load(&src, path, dl) == XML_LOAD_OK ? read_table(t, &src, dl) : -1;
	xml_source_free(&src);
	free(path);
	if (rc != 0)
		upgrade_table_free(t);
	return rc;
}

void upgrade_table_free(struct upgrade_table *t)
{
	for (size_t i = 0; i < t->count; i++)
		entry_free(&t->renames[i]);
	free(t->renames);
	memset(t, 0, sizeof(*t));
}

/* ---- the stage ---- */

struct upgrade_run {
	const struct upgrade_table *t;
	struct xml_source *src;
	enum upgrade_mode mode;
	struct diag_list *dl;
	size_t found;
};

static bool plain_element(const xmlNode *n)
{
	return n && n->type == XML_ELEMENT_NODE && !n->ns;
}

/* The entry that renames n (an element without namespace under one without), or NULL. */
static const struct upgrade_rename *rename_of(const struct upgrade_table *t, const xmlNode *n)
{
	if (!plain_element(n) || !plain_element(n->parent))
		return NULL;
	for (size_t i = 0; i < t->count; i++)
		if (xmlStrEqual(n->name, BAD_CAST t->renames[i].old_name) &&
		    xmlStrEqual(n->parent->name, BAD_CAST t->renames[i].parent))
			return &t->renames[i];
	return NULL;
}

/* The first child of parent (before `before`, or anywhere when NULL) that the file names
 * `name`, skipping `self`. */
static xmlNodePtr written_child(xmlNodePtr parent, const char *name, const xmlNode *self,
				const xmlNode *before)
{
	for (xmlNodePtr c = parent->children; c && c != before; c = c->next)
		if (c != self && plain_element(c) && strcmp(xml_written_name(c), name) == 0)
			return c;
	return NULL;
}

/* The y or n an old setting holds (surrounding whitespace aside), or NULL for anything else. */
static const char *yn_value(xmlNodePtr n)
{
	for (xmlNodePtr c = n->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE)
			return NULL;
	xmlChar *text = xmlNodeGetContent(n);
	const char *s = (const char *)text, *v = NULL;
	size_t lead = s ? strspn(s, " \t\r\n") : 0;
	if (s && (s[lead] == 'y' || s[lead] == 'n') &&
	    strspn(s + lead + 1, " \t\r\n") == strlen(s + lead + 1))
		v = s[lead] == 'y' ? "y" : "n";
	xmlFree(text);
	return v;
}

static const char *swapped(const char *v)
{
	return strcmp(v, "y") == 0 ? "n" : "y";
}

static void drop(xmlNodePtr n)
{
	xmlUnlinkNode(n);
	xmlFreeNode(n);
}

/* The reasons an old setting cannot be converted; true after reporting one. */
static bool refuse(struct upgrade_run *run, const struct upgrade_rename *r, xmlNodePtr n,
		   const char *value)
{
	struct xml_source *src = run->src;
	const char *parent = (const char *)n->parent->name;
	xmlNodePtr first = written_child(n->parent, r->old_name, n, n);
	xmlNodePtr twin = written_child(n->parent, r->new_name, n, NULL);
	if (!value) {
		xmlChar *text = xmlNodeGetContent(n);
		diag_error(run->dl, xml_value_pos(src, n), RULE_UPGRADE,
			   "invalid value '%s' for <%s> (now <%s>): expected y or n",
			   text ? (const char *)text : "", r->old_name, r->new_name);
		xmlFree(text);
	} else if (first) {
		struct diag *d =
		    diag_error(run->dl, xml_node_pos(src, n), RULE_UPGRADE,
			       "<%s> is repeated in <%s>: keep one", r->old_name, parent);
		diag_add_note(d, xml_node_pos(src, first), "<%s> is first given here", r->old_name);
	} else if (twin) {
		struct diag *d =
		    diag_error(run->dl, xml_node_pos(src, n), RULE_UPGRADE,
			       "<%s> is the name <%s> had before ACRN %s, and this <%s> has <%s> "
			       "too: keep one",
			       r->old_name, r->new_name, r->release, parent, r->new_name);
		diag_add_note(d, xml_node_pos(src, twin), "<%s> is here", r->new_name);
	} else {
		return false;
	}
	return true;
}

static void convert(struct upgrade_run *run, const struct upgrade_rename *r, xmlNodePtr n)
{
	const char *value = yn_value(n);
	if (refuse(run, r, n, value)) {
		drop(n);
		return;
	}
	const char *now = r->invert ? swapped(value) : value;
	if (run->mode == UPGRADE_ACCEPT)
		diag_warning(run->dl, xml_node_pos(run->src, n), RULE_UPGRADE,
			     "<%s>%s is read as <%s>%s, its name since ACRN %s%s: %s is %s; "
			     "'acrn-cfgc upgrade' writes the current names",
			     r->old_name, value, r->new_name, now, r->release,
			     r->invert ? " with y and n swapped" : "", r->setting,
			     strcmp(now, "y") == 0 ? "on" : "off");
	n->_private = r->old_name; /* the table outlives the document (xml_written_name) */
	xmlNodeSetName(n, BAD_CAST r->new_name);
	if (r->invert)
		xmlNodeSetContent(n, BAD_CAST now);
}

/* parent holds old names: each left-out setting whose default changed meaning gets a warning. */
static void check_left_out(struct upgrade_run *run, xmlNodePtr parent)
{
	for (size_t i = 0; i < run->t->count; i++) {
		const struct upgrade_rename *r = &run->t->renames[i];
		if (!r->left_out || !xmlStrEqual(parent->name, BAD_CAST r->parent) ||
		    written_child(parent, r->old_name, NULL, NULL) ||
		    written_child(parent, r->new_name, NULL, NULL))
			continue;
		bool on = strcmp(r->left_out, "y") == 0;
		diag_warning(
		    run->dl, xml_node_pos(run->src, parent), RULE_UPGRADE,
		    "<%s> uses names from before ACRN %s and leaves out <%s>: %s then had "
		    "%s %s, but a left-out <%s> means %s since ACRN %s; add <%s>%s</%s> to "
		    "keep it %s",
		    r->parent, r->release, r->old_name, r->left_out_in, r->setting,
		    on ? "on" : "off", r->new_name, on ? "off" : "on", r->release, r->new_name,
		    r->left_out, r->new_name, on ? "on" : "off");
	}
}

static void upgrade_element(struct upgrade_run *run, xmlNodePtr parent)
{
	bool old = false;
	for (xmlNodePtr c = parent->children; c && !old; c = c->next)
		old = rename_of(run->t, c) != NULL;
	if (old)
		check_left_out(run, parent);
	xmlNodePtr next;
	for (xmlNodePtr c = parent->children; c; c = next) {
		next = c->next;
		const struct upgrade_rename *r = rename_of(run->t, c);
		if (r) {
			run->found++;
			convert(run, r, c);
		} else if (c->type == XML_ELEMENT_NODE) {
			upgrade_element(run, c);
		}
	}
}

size_t upgrade_scenario(const struct upgrade_table *t, struct xml_source *src,
			enum upgrade_mode mode, struct diag_list *dl)
{
	struct upgrade_run run = {t, src, mode, dl, 0};
	xmlNodePtr root = src->doc ? xmlDocGetRootElement(src->doc) : NULL;
	if (root)
		upgrade_element(&run, root);
	return run.found;
}
