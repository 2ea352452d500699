/*
 * Schema validation. libxml2 reports XSD violations in XSD vocabulary ("atomic type",
 * "facet"); we collect its reports per node and restate them in the scenario's own terms,
 * using the xs:documentation of our simple types to say what a valid value looks like.
 */
#include "validate.h"

#include <libxml/parser.h>
#include <libxml/xmlschemas.h>
#include <pthread.h>
#include <string.h>

#include "schema_table.h"
#include "util.h"
#include "validate_int.h"

#define RULE_ELEMENT   "schema-element"
#define RULE_VALUE     "schema-value"
#define RULE_UNIQUE    "schema-unique"
#define RULE_ATTRIBUTE "schema-attribute"
#define RULE_OTHER     "schema"
#define RULE_KIND      "input-kind"
#define RULE_LOAD      "schema-load"

struct type_doc {
	char *name;
	char *doc;
};

/* An element or attribute declaration: its type (if named), scope and whether it may be left out.
 */
struct decl_type {
	bool attribute;
	bool optional;
	char *name;
	char *parent; /* nearest enclosing xs:element or named xs:complexType, or NULL */
	char *type;   /* NULL for an anonymous type */
	/* the schema document that declares it (doc_files) */
	const char *file;
};

struct schema_set {
	xmlSchemaPtr schemas[2];
	bool prepared[2]; /* compiled from schema_table.h, not from the files */
	char *dir;
	bool facts_loaded; /* docs and decls are read on the first error, not on every run */
	struct type_doc *docs;
	size_t doc_count;
	struct decl_type *decls;
	size_t decl_count;
	struct type_doc *unique_fields; /* identity constraint name -> its field's XPath */
	size_t unique_count;
	const char *collecting; /* the document collect_schema_facts is reading */
};

static const char *const schema_files[] = {"board.xsd", "scenario.xsd"};
static const char *const doc_files[] = {"types.xsd", "board.xsd", "scenario.xsd"};

static void add_type_doc(struct schema_set *set, const xmlChar *name, xmlNodePtr type)
{
	for (xmlNodePtr a = type->children; a; a = a->next) {
		if (a->type != XML_ELEMENT_NODE || !xmlStrEqual(a->name, BAD_CAST "annotation"))
			continue;
		for (xmlNodePtr d = a->children; d; d = d->next) {
			if (d->type != XML_ELEMENT_NODE ||
			    !xmlStrEqual(d->name, BAD_CAST "documentation"))
				continue;
			xmlChar *text = xmlNodeGetContent(d);
			set->docs = xrealloc(set->docs, (set->doc_count + 1) * sizeof(*set->docs));
			set->docs[set->doc_count].name = xstrdup((const char *)name);
			set->docs[set->doc_count++].doc = xstrdup((const char *)text);
			xmlFree(text);
		}
	}
}

static const char *type_doc(const struct schema_set *set, const char *name);

/* A complex type with simple content (board.xsd's leaves that take any attribute) reads as its
 * base: the base type's documentation, recorded under the complex type's name. */
static void add_base_doc(struct schema_set *set, const xmlChar *type, xmlNodePtr extension)
{
	xmlChar *base = xmlGetProp(extension, BAD_CAST "base");
	const char *local = base ? strchr((const char *)base, ':') : NULL;
	const char *doc = base ? type_doc(set, local ? local + 1 : (const char *)base) : NULL;
	if (doc) {
		set->docs = xrealloc(set->docs, (set->doc_count + 1) * sizeof(*set->docs));
		set->docs[set->doc_count].name = xstrdup((const char *)type);
		set->docs[set->doc_count++].doc = xstrdup(doc);
	}
	xmlFree(base);
}

static void add_decl(struct schema_set *set, xmlNodePtr n, const xmlChar *name, const xmlChar *type,
		     const xmlChar *parent, bool optional)
{
	const char *local = type ? strchr((const char *)type, ':') : NULL;
	set->decls = xrealloc(set->decls, (set->decl_count + 1) * sizeof(*set->decls));
	struct decl_type *d = &set->decls[set->decl_count++];
	d->attribute = xmlStrEqual(n->name, BAD_CAST "attribute");
	d->optional = optional;
	d->name = xstrdup((const char *)name);
	d->parent = parent ? xstrdup((const char *)parent) : NULL;
	d->type = type ? xstrdup(local ? local + 1 : (const char *)type) : NULL;
	d->file = set->collecting;
}

static void add_unique_field(struct schema_set *set, const xmlChar *name, xmlNodePtr constraint)
{
	for (xmlNodePtr f = constraint->children; f; f = f->next) {
		xmlChar *xpath =
		    f->type == XML_ELEMENT_NODE && xmlStrEqual(f->name, BAD_CAST "field")
			? xmlGetProp(f, BAD_CAST "xpath")
			: NULL;
		if (!xpath)
			continue;
		set->unique_fields = xrealloc(set->unique_fields, (set->unique_count + 1) *
								      sizeof(*set->unique_fields));
		set->unique_fields[set->unique_count].name = xstrdup((const char *)name);
		set->unique_fields[set->unique_count++].doc = xstrdup((const char *)xpath);
		xmlFree(xpath);
		return;
	}
}

static bool has_attr_value(xmlNodePtr n, const char *attr, const char *value)
{
	xmlChar *v = xmlGetProp(n, BAD_CAST attr);
	bool same = v && xmlStrEqual(v, BAD_CAST value);
	xmlFree(v);
	return same;
}

/*
 * Walks a schema document, noting type documentation and every declaration with its scope.
 * optional says whether an enclosing compositor (or the declaration itself) has minOccurs="0"
 * or use="optional".
 */
static void collect_schema_facts(struct schema_set *set, xmlNodePtr node, const xmlChar *parent,
				 bool optional)
{
	for (xmlNodePtr n = node; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		xmlChar *name = xmlGetProp(n, BAD_CAST "name");
		xmlChar *type = xmlGetProp(n, BAD_CAST "type");
		bool is_element = xmlStrEqual(n->name, BAD_CAST "element");
		bool is_attribute = xmlStrEqual(n->name, BAD_CAST "attribute");
		bool opt = optional || has_attr_value(n, "minOccurs", "0") ||
			   (is_attribute && !has_attr_value(n, "use", "required"));
		if (name && xmlStrEqual(n->name, BAD_CAST "simpleType"))
			add_type_doc(set, name, n);
		if (parent && xmlStrEqual(n->name, BAD_CAST "extension"))
			add_base_doc(set, parent, n);
		if (name && (xmlStrEqual(n->name, BAD_CAST "unique") ||
			     xmlStrEqual(n->name, BAD_CAST "key")))
			add_unique_field(set, name, n);
		if (name && (is_element || is_attribute))
			add_decl(set, n, name, type, parent, opt);
		bool scope = is_element || xmlStrEqual(n->name, BAD_CAST "complexType");
		/* a new element scope starts required again */
		collect_schema_facts(set, n->children, scope && name ? name : parent,
				     scope ? false : opt);
		xmlFree(type);
		xmlFree(name);
	}
}

static const char *type_doc(const struct schema_set *set, const char *name)
{
	for (size_t i = 0; i < set->doc_count; i++)
		if (strcmp(set->docs[i].name, name) == 0)
			return set->docs[i].doc;
	return NULL;
}

/* The declared type of an element (or attribute) by name, disambiguated by its parent. */
static const char *declared_type(const struct schema_set *set, bool attribute, const char *name,
				 const char *parent)
{
	const char *only = NULL;
	bool ambiguous = false;
	for (size_t i = 0; i < set->decl_count; i++) {
		const struct decl_type *d = &set->decls[i];
		if (d->attribute != attribute || !d->type || strcmp(d->name, name) != 0)
			continue;
		if (parent && d->parent && strcmp(d->parent, parent) == 0)
			return d->type;
		if (only && strcmp(only, d->type) != 0)
			ambiguous = true;
		only = d->type;
	}
	return ambiguous ? NULL : only;
}

struct load_state {
	struct diag_list *dl;
	const char *path;
};

static void on_schema_load_error(void *data, xmlErrorPtr err)
{
	struct load_state *st = data;
	struct srcpos pos = {err->file ? err->file : st->path, (unsigned)err->line, 0};
	char *msg = xstrdup(err->message ? err->message : "unusable schema");
	size_t n = strlen(msg);
	while (n && msg[n - 1] == '\n')
		msg[--n] = '\0';
	diag_error(st->dl, pos, RULE_LOAD, "%s", msg);
	free(msg);
}

static xmlSchemaPtr parse_schema(const char *path, struct diag_list *dl)
{
	struct load_state st = {dl, path};
	xmlSetStructuredErrorFunc(&st, on_schema_load_error);
	xmlSchemaParserCtxtPtr pctxt = xmlSchemaNewParserCtxt(path);
	xmlSchemaPtr schema = pctxt ? xmlSchemaParse(pctxt) : NULL;
	xmlSchemaFreeParserCtxt(pctxt);
	xmlSetStructuredErrorFunc(NULL, NULL);
	if (!schema && dl->errors == 0) {
		struct srcpos pos = {path, 0, 0};
		diag_error(dl, pos, RULE_LOAD, "cannot load schema");
	}
	return schema;
}

/* Reads what the error messages need from the schema documents themselves. */
static void load_schema_facts_locked(struct schema_set *set)
{
	if (set->facts_loaded)
		return;
	set->facts_loaded = true;
	xml_loader_allow_dir(set->dir);
	for (size_t i = 0; i < ARRAY_SIZE(doc_files); i++) {
		char *path = xasprintf("%s/%s", set->dir, doc_files[i]);
		xmlDocPtr doc = xmlReadFile(path, NULL, XML_PARSE_NONET);
		set->collecting = doc_files[i];
		if (doc)
			collect_schema_facts(set, xmlDocGetRootElement(doc), NULL, false);
		xmlFreeDoc(doc);
		free(path);
	}
	xml_loader_allow_dir(NULL);
}

/* Board and scenario may both hit schema errors at once, in two threads. */
void schema_facts_load(struct schema_set *set)
{
	static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
	pthread_mutex_lock(&lock);
	load_schema_facts_locked(set);
	pthread_mutex_unlock(&lock);
}

struct schema_set *schema_set_load(const char *dir, struct diag_list *dl)
{
	return schema_set_load_kinds(dir, SCHEMA_ALL, dl);
}

struct schema_set *schema_set_open(const char *dir, struct diag_list *dl)
{
	char *real = realpath(dir, NULL);
	if (!real) {
		struct srcpos pos = {dir, 0, 0};
		diag_error(dl, pos, RULE_LOAD,
			   "schema directory not found; give the directory holding board.xsd with "
			   "--schema-dir");
		return NULL;
	}
	struct schema_set *set = xcalloc(1, sizeof(*set));
	set->dir = real;
	return set;
}

/* The shipped schema prepared at build time (schema_table.h) when the files are the shipped
 * ones, else the files as they are. */
int schema_set_compile(struct schema_set *set, enum input_kind kind, struct diag_list *dl)
{
	if (set->schemas[kind])
		return 0;
	xml_loader_allow_dir(set->dir);
	set->schemas[kind] = schema_table_compile(set->dir, kind);
	set->prepared[kind] = set->schemas[kind] != NULL;
	if (!set->schemas[kind]) {
		char *path = xasprintf("%s/%s", set->dir, schema_files[kind]);
		set->schemas[kind] = parse_schema(path, dl);
		free(path);
	}
	xml_loader_allow_dir(NULL);
	return set->schemas[kind] ? 0 : -1;
}

bool schema_set_prepared(const struct schema_set *set, enum input_kind kind)
{
	return set->prepared[kind];
}

struct schema_set *schema_set_load_kinds(const char *dir, unsigned kinds, struct diag_list *dl)
{
	struct schema_set *set = schema_set_open(dir, dl);
	for (size_t i = 0; set && i < ARRAY_SIZE(schema_files); i++) {
		if ((kinds & SCHEMA_KIND(i)) &&
		    schema_set_compile(set, (enum input_kind)i, dl) != 0) {
			schema_set_free(set);
			set = NULL;
		}
	}
	return set;
}

void schema_set_free(struct schema_set *set)
{
	if (!set)
		return;
	for (size_t i = 0; i < ARRAY_SIZE(set->schemas); i++)
		if (set->schemas[i])
			xmlSchemaFree(set->schemas[i]);
	for (size_t i = 0; i < set->doc_count; i++) {
		free(set->docs[i].name);
		free(set->docs[i].doc);
	}
	free(set->docs);
	for (size_t i = 0; i < set->decl_count; i++) {
		free(set->decls[i].name);
		free(set->decls[i].parent);
		free(set->decls[i].type);
	}
	free(set->decls);
	for (size_t i = 0; i < set->unique_count; i++) {
		free(set->unique_fields[i].name);
		free(set->unique_fields[i].doc);
	}
	free(set->unique_fields);
	free(set->dir);
	free(set);
}

/* ---- restating libxml2's reports ---- */

bool report_is_unexpected(const struct raw_error *r)
{
	return strstr(r->message, "This element is not expected") != NULL;
}

bool report_is_missing_child(const struct raw_error *r)
{
	return strstr(r->message, "Missing child element") != NULL;
}

/*
 * A later validation pass repeats what an earlier one said about the same node; and one
 * missing-child or unexpected-element report per element is enough, though a repaired pass
 * may word it otherwise (another expected list).
 */
static bool already_reported(const struct validate_state *st, const struct raw_error *r)
{
	for (size_t i = 0; i < st->count; i++) {
		const struct raw_error *e = &st->errs[i];
		if (e->node != r->node)
			continue;
		if (strcmp(e->message, r->message) == 0 ||
		    (report_is_missing_child(e) && report_is_missing_child(r)) ||
		    (report_is_unexpected(e) && report_is_unexpected(r)))
			return true;
	}
	return false;
}

void validity_error_collect(void *data, xmlErrorPtr err)
{
	struct validate_state *st = data;
	/* warnings are libxml2 internals ("no precomputed value"), not user errors */
	if ((err->level != XML_ERR_ERROR && err->level != XML_ERR_FATAL) ||
	    (err->message && strstr(err->message, "Warning: ")))
		return;
	struct raw_error r = {err->node, err->code, err->line > 0 ? (unsigned)err->line : 0,
			      xstrdup(err->message ? err->message : "schema violation")};
	size_t n = strlen(r.message);
	while (n && (r.message[n - 1] == '\n' || r.message[n - 1] == '.'))
		r.message[--n] = '\0';
	if (repairs_hide(st->repairs, r.node)) {
		free(r.message);
		return;
	}
	if (report_is_unexpected(&r) && r.node) {
		size_t k = st->unexpected_count++;
		st->unexpected = xrealloc(st->unexpected, (k + 1) * sizeof(*st->unexpected));
		st->expected = xrealloc(st->expected, (k + 1) * sizeof(*st->expected));
		st->unexpected[k] = r.node;
		st->expected[k] = report_expected_list(r.message);
	}
	if (already_reported(st, &r)) {
		free(r.message);
		return;
	}
	st->errs = xrealloc(st->errs, (st->count + 1) * sizeof(*st->errs));
	st->errs[st->count++] = r;
}

/* Copies the text between the first pair of quotes after `after` in msg. */
static char *quoted_after(const char *msg, const char *after, char quote)
{
	const char *p = after ? strstr(msg, after) : msg;
	if (!p)
		return NULL;
	p += after ? strlen(after) : 0;
	const char *b = strchr(p, quote);
	if (!b)
		return NULL;
	const char *e = strchr(b + 1, quote);
	if (!e)
		return NULL;
	char *s = xmalloc((size_t)(e - b));
	memcpy(s, b + 1, (size_t)(e - b - 1));
	s[e - b - 1] = '\0';
	return s;
}

/* libxml2 prefixes messages with "Element 'x': " or "Element 'x', attribute 'y': ". */
static const char *message_body(const char *msg)
{
	const char *p = strstr(msg, "': ");
	return p ? p + 3 : msg;
}

/* "( a, b, c )" -> "a, b, c", after the given marker. */
char *report_expected_list(const char *msg)
{
	const char *p = strstr(msg, "Expected is");
	if (!p)
		return NULL;
	const char *b = strchr(p, '('), *e = b ? strrchr(b, ')') : NULL;
	if (!b || !e || e <= b)
		return NULL;
	b++;
	while (*b == ' ')
		b++;
	while (e > b && e[-1] == ' ')
		e--;
	char *s = xmalloc((size_t)(e - b) + 1);
	memcpy(s, b, (size_t)(e - b));
	s[e - b] = '\0';
	return s;
}

static const char *node_name(const xmlNode *node)
{
	return node && node->name ? (const char *)node->name : "?";
}

static struct srcpos error_pos(const struct xml_source *src, const struct raw_error *r, int value)
{
	const xmlNode *node = r->node;
	if (node && node->type == XML_ATTRIBUTE_NODE)
		return xml_attr_pos(src, node->parent, node_name(node));
	if (node && node->type == XML_ELEMENT_NODE) {
		char *attr = quoted_after(r->message, "attribute ", '\'');
		struct srcpos pos = attr    ? xml_attr_pos(src, node, attr)
				    : value ? xml_value_pos(src, node)
					    : xml_node_pos(src, node);
		free(attr);
		return pos;
	}
	struct srcpos pos = {src->path, r->line, 0};
	return pos;
}

/* The element (and attribute, if any) the report is about, as the user wrote it. */
static char *subject(const struct raw_error *r)
{
	const xmlNode *node = r->node;
	if (node && node->type == XML_ATTRIBUTE_NODE)
		return xasprintf("attribute '%s' of <%s>", node_name(node),
				 node_name(node->parent));
	char *attr = quoted_after(r->message, "attribute ", '\'');
	char *s = attr ? xasprintf("attribute '%s' of <%s>", attr, node_name(node))
		       : xasprintf("<%s>", node_name(node));
	free(attr);
	return s;
}

/* An element's declared type; a parent declared with a named complex type scopes the lookup. */
static const char *element_type(const struct schema_set *set, const xmlNode *node)
{
	const xmlNode *parent =
	    node->parent && node->parent->type == XML_ELEMENT_NODE ? node->parent : NULL;
	const char *type =
	    declared_type(set, false, node_name(node), parent ? node_name(parent) : NULL);
	if (type || !parent)
		return type;
	const xmlNode *grand =
	    parent->parent && parent->parent->type == XML_ELEMENT_NODE ? parent->parent : NULL;
	const char *parent_type =
	    declared_type(set, false, node_name(parent), grand ? node_name(grand) : NULL);
	return parent_type ? declared_type(set, false, node_name(node), parent_type) : NULL;
}

/* The type libxml2 names in the report, or else the one the schema declares for the node. */
static const char *value_type(const struct schema_set *set, const struct raw_error *r, char **named)
{
	*named = quoted_after(message_body(r->message), "type ", '\'');
	if (*named)
		return strchr(*named, ':') ? strchr(*named, ':') + 1 : *named;
	const xmlNode *node = r->node;
	if (!node)
		return NULL;
	char *attr = quoted_after(r->message, "attribute ", '\'');
	const char *type;
	if (node->type == XML_ATTRIBUTE_NODE)
		type = declared_type(set, true, node_name(node), node_name(node->parent));
	else if (attr)
		type = declared_type(set, true, attr, node_name(node));
	else
		type = element_type(set, node);
	free(attr);
	return type;
}

static void report_value(const struct schema_set *set, const struct xml_source *src,
			 const struct raw_error *r, struct diag_list *dl)
{
	const char *body = message_body(r->message);
	char *what = subject(r);
	char *value = strstr(body, "The value ") ? quoted_after(body, "The value ", '\'')
						 : quoted_after(body, NULL, '\'');
	char *named = NULL;
	const char *type = value_type(set, r, &named);
	const char *doc = type ? type_doc(set, type) : NULL;
	struct srcpos pos = error_pos(src, r, 1);
	if (doc)
		diag_error(dl, pos, RULE_VALUE, "invalid value '%s' for %s: expected %s",
			   value ? value : "", what, doc);
	else
		diag_error(dl, pos, RULE_VALUE, "invalid value '%s' for %s: %s", value ? value : "",
			   what, body);
	free(named);
	free(value);
	free(what);
}

static void report_enumeration(const struct xml_source *src, const struct raw_error *r,
			       struct diag_list *dl)
{
	char *what = subject(r);
	char *value = quoted_after(r->message, "The value ", '\'');
	const char *set = strchr(r->message, '{');
	char *choices = set ? xstrdup(set + 1) : xstrdup("");
	char *close = strrchr(choices, '}');
	if (close)
		*close = '\0';
	diag_error(dl, error_pos(src, r, 1), RULE_VALUE,
		   "invalid value '%s' for %s: expected one of %s", value ? value : "", what,
		   choices);
	free(choices);
	free(value);
	free(what);
}

static bool text_is(const xmlNode *n, const char *key)
{
	xmlChar *text = xmlNodeGetContent(n);
	bool same = text && key && strcmp((const char *)text, key) == 0;
	xmlFree(text);
	return same;
}

/*
 * The node holding a duplicated key: the attribute ("@id") or child element ("name") that the
 * constraint's field names; without a known field, any attribute or child with the key.
 */
static const xmlNode *key_field(const xmlNode *node, const char *key, const char *field)
{
	if (!node || node->type != XML_ELEMENT_NODE)
		return NULL;
	bool any = !field || strcmp(field, ".") == 0;
	if (any || field[0] == '@')
		for (const xmlAttr *a = node->properties; a; a = a->next)
			if ((any || xmlStrEqual(a->name, BAD_CAST(field + 1))) &&
			    text_is((const xmlNode *)a, key))
				return (const xmlNode *)a;
	if (any || field[0] != '@')
		for (const xmlNode *c = node->children; c; c = c->next)
			if (c->type == XML_ELEMENT_NODE &&
			    (any || xmlStrEqual(c->name, BAD_CAST field)) && text_is(c, key))
				return c;
	return text_is(node, key) ? node : NULL;
}

static const char *unique_field(const struct schema_set *set, const char *constraint)
{
	for (size_t i = 0; constraint && i < set->unique_count; i++)
		if (strcmp(set->unique_fields[i].name, constraint) == 0)
			return set->unique_fields[i].doc;
	return NULL;
}

static struct srcpos field_pos(const struct xml_source *src, const xmlNode *field)
{
	if (field->type == XML_ATTRIBUTE_NODE)
		return xml_attr_pos(src, field->parent, node_name(field));
	return xml_value_pos(src, field);
}

/* The earlier sibling of node (same element name) that holds the same key. */
static const xmlNode *earlier_twin(const xmlNode *node, const char *field, const char *key)
{
	for (const xmlNode *s = node ? node->prev : NULL; s; s = s->prev) {
		if (s->type != XML_ELEMENT_NODE || !xmlStrEqual(s->name, node->name))
			continue;
		const xmlNode *f = key_field(s, key, field);
		if (f)
			return f;
	}
	return NULL;
}

static void report_unique(const struct schema_set *set, const struct xml_source *src,
			  const struct raw_error *r, struct diag_list *dl)
{
	char *key = quoted_after(r->message, "key-sequence [", '\'');
	char *constraint = quoted_after(r->message, "identity-constraint ", '\'');
	const char *xpath = unique_field(set, constraint);
	free(constraint);
	const xmlNode *field = key_field(r->node, key, xpath);
	if (!key || !field) {
		diag_error(dl, error_pos(src, r, 0), RULE_UNIQUE, "<%s>: %s", node_name(r->node),
			   message_body(r->message));
		free(key);
		return;
	}
	bool attr = field->type == XML_ATTRIBUTE_NODE;
	struct diag *d =
	    diag_error(dl, field_pos(src, field), RULE_UNIQUE,
		       "duplicate %s%s%s '%s': each <%s> needs its own; change one of them",
		       attr ? "" : "<", node_name(field), attr ? "" : ">", key, node_name(r->node));
	const xmlNode *twin = earlier_twin(r->node, xpath, key);
	if (twin)
		diag_add_note(d, field_pos(src, twin), "'%s' is first used here", key);
	free(key);
}

/* board.xsd declares every element it types at the top level (its rule 1): that declaration. */
static const struct decl_type *board_element_decl(const struct schema_set *set, const char *name)
{
	for (size_t i = 0; i < set->decl_count; i++) {
		const struct decl_type *d = &set->decls[i];
		if (!d->attribute && !d->parent && d->file && strcmp(d->file, "board.xsd") == 0 &&
		    strcmp(d->name, name) == 0)
			return d;
	}
	return NULL;
}

/* A child of node that board.xsd does not declare, named close to field: likely a misspelling. */
static const xmlNode *misspelt_child(const struct schema_set *set, const xmlNode *node,
				     const char *field)
{
	size_t limit = strlen(field) / 3 + 1;
	for (const xmlNode *c = node ? node->children : NULL; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE && !board_element_decl(set, node_name(c)) &&
		    edit_distance(node_name(c), field) <= limit)
			return c;
	return NULL;
}

/* The first child of parent named like node, when it is not node itself. */
static const xmlNode *first_named_child(const xmlNode *parent, const xmlNode *node)
{
	for (const xmlNode *c = parent ? parent->children : NULL; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE && xmlStrEqual(c->name, node->name))
			return c == node ? NULL : c;
	return NULL;
}

/*
 * board.xsd states how often a child occurs with identity constraints (its rule 4): an xs:key
 * whose field is a child that must be there once, an xs:unique for one that may be there at
 * most once. libxml2 reports them in identity-constraint terms; these are element errors.
 */
static bool is_occurrence_report(const char *body)
{
	return strstr(body, "Not all fields of key identity-constraint") ||
	       strstr(body, "evaluates to a node-set with more than one member");
}

/* The value an occurrence report makes unusable for the rules: the missing or repeated child. */
static void note_occurrence_broken(const struct schema_set *set, const struct raw_error *r,
				   struct broken_names *broken)
{
	const char *body = message_body(r->message);
	if (strstr(body, "more than one member")) {
		broken_add(broken, node_name(r->node));
		return;
	}
	char *constraint = quoted_after(body, "identity-constraint ", '\'');
	const char *field = unique_field(set, constraint);
	if (field)
		broken_add(broken, field);
	free(constraint);
}

static void report_occurrence(const struct schema_set *set, const struct xml_source *src,
			      const struct raw_error *r, struct diag_list *dl)
{
	const char *body = message_body(r->message);
	const xmlNode *node = r->node;
	if (strstr(body, "more than one member")) {
		const char *parent = node_name(node ? node->parent : NULL);
		struct diag *d =
		    diag_error(dl, error_pos(src, r, 0), RULE_ELEMENT,
			       "element <%s> is repeated: acrn-cfgc reads one per <%s>",
			       node_name(node), parent);
		const xmlNode *first = node ? first_named_child(node->parent, node) : NULL;
		if (first)
			diag_add_note(d, xml_node_pos(src, first), "the first <%s> is here",
				      node_name(node));
		return;
	}
	char *constraint = quoted_after(body, "identity-constraint ", '\'');
	const char *field = unique_field(set, constraint);
	/* a child that is there but has an invalid value: its value error says it all */
	if (field && !xml_has_child(node, field)) {
		struct diag *d = diag_error(dl, error_pos(src, r, 0), RULE_ELEMENT,
					    "<%s> is missing a required element: expected %s",
					    node_name(node), field);
		const xmlNode *typo = misspelt_child(set, node, field);
		if (typo)
			diag_add_note(d, xml_node_pos(src, typo),
				      "<%s> is not read by acrn-cfgc: did you mean <%s>?",
				      node_name(typo), field);
	} else if (!field) {
		diag_error(dl, error_pos(src, r, 0), RULE_ELEMENT, "<%s>: %s", node_name(node),
			   body);
	}
	free(constraint);
}

/* The scope names under which a node's children are declared: its name and its type's. */
static void child_scopes(const struct schema_set *set, const xmlNode *node, const char *scopes[2])
{
	scopes[0] = node_name(node);
	scopes[1] = node ? element_type(set, node) : NULL;
}

/* Is d an element declared as a child in one of the scopes? */
static bool child_in(const struct decl_type *d, const char *scopes[2])
{
	return !d->attribute && d->parent &&
	       (strcmp(d->parent, scopes[0]) == 0 ||
		(scopes[1] && strcmp(d->parent, scopes[1]) == 0));
}

static const struct decl_type *child_decl(const struct schema_set *set, const char *scopes[2],
					  const char *name)
{
	for (size_t i = 0; i < set->decl_count; i++) {
		const struct decl_type *d = &set->decls[i];
		if (strcmp(d->name, name) == 0 && child_in(d, scopes))
			return d;
	}
	return NULL;
}

bool schema_declares_child(const struct schema_set *set, const xmlNode *parent, const char *name)
{
	const char *scopes[2];
	child_scopes(set, parent, scopes);
	return child_decl(set, scopes, name) != NULL;
}

bool schema_requires_child(const struct schema_set *set, const xmlNode *parent, const char *name)
{
	const char *scopes[2];
	child_scopes(set, parent, scopes);
	const struct decl_type *d = child_decl(set, scopes, name);
	return d && !d->optional;
}

/* Declarations are collected in schema order, so the n-th child declared is the n-th due. */
size_t schema_child_rank(const struct schema_set *set, const xmlNode *parent, const char *name)
{
	const char *scopes[2];
	child_scopes(set, parent, scopes);
	size_t rank = 0;
	for (size_t i = 0; i < set->decl_count; i++) {
		const struct decl_type *d = &set->decls[i];
		if (!child_in(d, scopes))
			continue;
		if (strcmp(d->name, name) == 0)
			return rank;
		rank++;
	}
	return SIZE_MAX; /* undeclared: after every declared child */
}

const char *schema_suggest_child(const struct schema_set *set, const xmlNode *node)
{
	const char *scopes[2];
	child_scopes(set, node->parent, scopes);
	const char *best = NULL;
	size_t best_dist = strlen(node_name(node)) / 3 + 1;
	for (size_t i = 0; i < set->decl_count; i++) {
		if (child_in(&set->decls[i], scopes))
			keep_nearer(node_name(node), set->decls[i].name, &best, &best_dist);
	}
	return best;
}

/* Keeps the names in a ", "-separated list that node must have; the whole list if none. */
static char *required_only(const struct schema_set *set, const xmlNode *node, const char *list)
{
	const char *scopes[2];
	child_scopes(set, node, scopes);
	char *copy = xstrdup(list), *out = xcalloc(1, strlen(list) + 1), *save = NULL;
	for (char *tok = strtok_r(copy, ", ", &save); tok; tok = strtok_r(NULL, ", ", &save)) {
		const struct decl_type *d = child_decl(set, scopes, tok);
		if (d && d->optional)
			continue;
		if (*out)
			strcat(out, ", ");
		strcat(out, tok);
	}
	free(copy);
	if (!*out) {
		free(out);
		return xstrdup(list);
	}
	return out;
}

static void report_element(const struct schema_set *set, const struct xml_source *src,
			   const struct raw_error *r, struct diag_list *dl)
{
	const char *body = message_body(r->message);
	char *expected = report_expected_list(body);
	const char *name = node_name(r->node);
	struct srcpos pos = error_pos(src, r, 0);
	if (strstr(body, "Missing child element")) {
		char *required = expected ? required_only(set, r->node, expected) : NULL;
		diag_error(dl, pos, RULE_ELEMENT, "<%s> is missing a required element: expected %s",
			   name, required ? required : "more content");
		free(required);
	} else if (strstr(body, "not expected")) {
		const char *hint = r->node ? schema_suggest_child(set, r->node) : NULL;
		/* A hint that is the element itself: known here, but a second time or too early. */
		if (hint && strcmp(hint, name) == 0)
			diag_error(dl, pos, RULE_ELEMENT,
				   "element <%s> is repeated or out of order here%s%s", name,
				   expected ? "; expected " : "", expected ? expected : "");
		else if (hint)
			diag_error(dl, pos, RULE_ELEMENT,
				   "element <%s> is not allowed here; did you mean <%s>?", name,
				   hint);
		else if (expected)
			diag_error(dl, pos, RULE_ELEMENT,
				   "element <%s> is not allowed here; expected %s", name, expected);
		else
			diag_error(
			    dl, pos, RULE_ELEMENT,
			    "element <%s> is not allowed here (unknown, repeated or out of place)",
			    name);
	} else {
		diag_error(dl, pos, RULE_ELEMENT, "<%s>: %s", name, body);
	}
	free(expected);
}

/* Every name of an expected list the schema requires in node. */
static void broken_required(const struct schema_set *set, const xmlNode *node, const char *msg,
			    struct broken_names *broken)
{
	char *list = report_expected_list(msg), *save = NULL;
	for (char *tok = list ? strtok_r(list, ", ", &save) : NULL; tok;
	     tok = strtok_r(NULL, ", ", &save))
		if (schema_requires_child(set, node, tok))
			broken_add(broken, tok);
	free(list);
}

/*
 * What a report makes unusable for the rules: the element or attribute whose value is bad, the
 * element out of place (and the one a misspelling meant), the required children missing. A
 * duplicate key or an unknown attribute leaves every value typed: nothing.
 */
static void note_broken(const struct schema_set *set, const struct raw_error *r,
			struct broken_names *broken)
{
	const char *body = message_body(r->message);
	if (r->node && is_occurrence_report(body)) {
		note_occurrence_broken(set, r, broken);
		return;
	}
	if (!r->node || strstr(body, "identity-constraint") ||
	    (strstr(body, "attribute") && strstr(body, "is not allowed")))
		return;
	char *attr = quoted_after(r->message, "attribute ", '\'');
	if (attr || r->node->type == XML_ATTRIBUTE_NODE) {
		broken_add(broken, attr ? attr : node_name(r->node));
	} else if (report_is_missing_child(r)) {
		broken_required(set, r->node, body, broken);
	} else {
		broken_add(broken, node_name(r->node));
		if (report_is_unexpected(r) && r->node->parent) {
			broken_add(broken, schema_suggest_child(set, r->node));
			broken_required(set, r->node->parent, body, broken);
		}
	}
	free(attr);
}

static void restate(struct schema_set *set, const struct xml_source *src,
		    const struct validate_state *st, struct diag_list *dl,
		    struct broken_names *broken)
{
	if (st->count)
		schema_facts_load(set);
	for (size_t i = 0; i < st->count; i++)
		note_broken(set, &st->errs[i], broken);
	for (size_t i = 0; i < st->count; i++) {
		const struct raw_error *r = &st->errs[i];
		const struct raw_error *next = i + 1 < st->count ? &st->errs[i + 1] : NULL;
		const char *body = message_body(r->message);
		if (strstr(body, "[facet 'enumeration']")) {
			report_enumeration(src, r, dl);
			if (next && next->node == r->node && strstr(next->message, "atomic type"))
				i++;
		} else if (strstr(body, "[facet ")) {
			report_value(set, src, r, dl);
			/* a datatype report about the same node may follow: one error is enough */
			if (next && next->node == r->node && strstr(next->message, " type '"))
				i++;
		} else if (strstr(body, " type '") || strstr(body, "is not a valid value")) {
			report_value(set, src, r, dl);
		} else if (strstr(body, "attribute") && strstr(body, "is required but missing")) {
			char *attr = quoted_after(body, "attribute ", '\'');
			diag_error(dl, error_pos(src, r, 0), RULE_ATTRIBUTE,
				   "<%s> is missing the required attribute '%s'",
				   node_name(r->node), attr ? attr : "?");
			free(attr);
		} else if (strstr(body, "attribute") && strstr(body, "is not allowed")) {
			char *attr = quoted_after(body, "attribute ", '\'');
			diag_error(dl, error_pos(src, r, 0), RULE_ATTRIBUTE,
				   "attribute '%s' is not allowed on <%s>", attr ? attr : "?",
				   node_name(r->node));
			free(attr);
		} else if (is_occurrence_report(body)) {
			report_occurrence(set, src, r, dl);
		} else if (strstr(body, "identity-constraint")) {
			report_unique(set, src, r, dl);
		} else if (strstr(body, "element") || strstr(body, "Element")) {
			report_element(set, src, r, dl);
		} else {
			diag_error(dl, error_pos(src, r, 0), RULE_OTHER, "<%s>: %s",
				   node_name(r->node), body);
		}
	}
}

/* A board given as the scenario (or the reverse) would drown the user in schema errors. */
static int check_kind(enum input_kind kind, const struct xml_source *src, struct diag_list *dl)
{
	xmlNodePtr root = xmlDocGetRootElement(src->doc);
	if (!root || !xmlStrEqual(root->name, BAD_CAST "acrn-config")) {
		diag_error(
		    dl, xml_node_pos(src, root), RULE_KIND,
		    "root element is <%s>; ACRN board and scenario files start with <acrn-config>",
		    node_name(root));
		return -1;
	}
	int has_hv = 0, has_processors = 0;
	for (xmlNodePtr c = root->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		has_hv |=
		    xmlStrEqual(c->name, BAD_CAST "hv") || xmlStrEqual(c->name, BAD_CAST "vm");
		has_processors |= xmlStrEqual(c->name, BAD_CAST "processors") ||
				  xmlStrEqual(c->name, BAD_CAST "PCI_DEVICE");
	}
	if (kind == INPUT_BOARD && has_hv && !has_processors) {
		diag_error(
		    dl, xml_node_pos(src, root), RULE_KIND,
		    "this is a scenario file (it has <hv>/<vm>), given where a board file is "
		    "expected; pass it with --scenario");
		return -1;
	}
	if (kind == INPUT_SCENARIO && has_processors && !has_hv) {
		diag_error(
		    dl, xml_node_pos(src, root), RULE_KIND,
		    "this is a board file (it has <processors>), given where a scenario file "
		    "is expected; pass it with --board");
		return -1;
	}
	return 0;
}

/* Appends the other share's reports (about other nodes: no report is repeated). */
static void merge_reports(struct validate_state *st, struct validate_state *other)
{
	if (other->count) {
		st->errs = xrealloc(st->errs, (st->count + other->count) * sizeof(*st->errs));
		memcpy(st->errs + st->count, other->errs, other->count * sizeof(*st->errs));
		st->count += other->count;
	}
	free(other->errs);
	memset(other, 0, sizeof(*other));
}

unsigned schema_validate(struct schema_set *set, enum input_kind kind, const struct xml_source *src,
			 struct diag_list *dl, struct broken_names *broken, struct handoff *side)
{
	unsigned before = dl->errors;
	if (check_kind(kind, src, dl) != 0) {
		broken->whole = true;
		return dl->errors - before;
	}
	if (!set->schemas[kind]) {
		struct srcpos pos = {src->path, 0, 0};
		diag_error(dl, pos, RULE_LOAD, "the %s schema was not loaded",
			   kind == INPUT_BOARD ? "board" : "scenario");
		broken->whole = true;
		return dl->errors - before;
	}
	struct board_share share = {0};
	if (kind == INPUT_BOARD && side) {
		board_share_pick(&share, set, set->schemas[kind], src->doc);
		if (share.count)
			handoff_offer(side, board_share_validate, &share, share.pieces);
	}
	xmlSchemaValidCtxtPtr vctxt = xmlSchemaNewValidCtxt(set->schemas[kind]);
	struct validate_state st = {0};
	xmlSchemaSetValidStructuredErrors(vctxt, validity_error_collect, &st);
	int rc = validate_in_passes(set, vctxt, (xmlNodePtr)src->doc, &st);
	xmlSchemaFreeValidCtxt(vctxt);
	if (share.count) {
		handoff_complete(side);
		for (size_t i = 0; i < share.pieces; i++) {
			merge_reports(&st, &share.st[i]);
			rc = rc ? rc : share.rc[i];
		}
		board_share_return(&share);
	}
	if (set->prepared[kind]) {
		size_t before_count = st.count;
		occurrence_check(&schemas_shipped[kind], src->doc, &st);
		if (st.count != before_count && rc == 0)
			rc = XML_SCHEMAV_CVC_IDC;
	}
	restate(set, src, &st, dl, broken);
	for (size_t i = 0; i < st.count; i++)
		free(st.errs[i].message);
	free(st.errs);
	if (rc != 0 && dl->errors == before) {
		struct srcpos pos = {src->path, 0, 0};
		diag_error(dl, pos, RULE_OTHER, "document does not match the %s schema",
			   kind == INPUT_BOARD ? "board" : "scenario");
		broken->whole = true;
	}
	return dl->errors - before;
}

/* ---- what board.xsd declares, for -W board-unknown (board_unknown.c) ---- */

const char *schema_board_element_type(struct schema_set *set, const char *name)
{
	schema_facts_load(set);
	const struct decl_type *d = board_element_decl(set, name);
	return !d ? NULL : d->type ? d->type : d->name;
}

bool schema_board_attribute(struct schema_set *set, const char *scope, const char *attr)
{
	schema_facts_load(set);
	for (size_t i = 0; i < set->decl_count; i++) {
		const struct decl_type *d = &set->decls[i];
		if (d->attribute && d->parent && d->file && strcmp(d->file, "board.xsd") == 0 &&
		    strcmp(d->parent, scope) == 0 && strcmp(d->name, attr) == 0)
			return true;
	}
	return false;
}
