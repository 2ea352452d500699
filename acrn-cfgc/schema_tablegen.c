/*
 * schema-tablegen OUT.c SCHEMA_DIR: prepares board.xsd and scenario.xsd for validation when
 * acrn-cfgc is built, and writes them with the files they came from as the C table of
 * schema_table.h. Each becomes one schema: its includes (types.xsd) inlined, and without what a
 * validator never reads (comments, annotations, blank text, and the named types, groups and
 * attribute groups nothing in it refers to). A prepared schema that does not compile stops the
 * build.
 *
 * The identity constraints that only count a child (selector ".", one field naming a child:
 * board.xsd's "there once" and "at most once", point 4 of its comment) are taken out of the
 * prepared schema into a table that acrn-cfgc checks itself (occurrence.c), with the reports
 * libxml2 gives: libxml2 matched every such field at every element below its owner, a sixth of
 * a board's validation. So is the list of declared elements whose children libxml2 does not
 * judge (simple content, or a wildcard that skips): the check does not look inside them either.
 */
#include <errno.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlschemas.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tablegen.h"
#include "util.h"

#define PROGRAM	    "schema-tablegen"
#define XS_NS	    "http://www.w3.org/2001/XMLSchema"
#define MAX_SOURCES 8

static const char *const kinds[] = {"board", "scenario"}; /* enum input_kind order */

struct source {
	char *name; /* file name in the schema directory */
	char *text;
	size_t len;
	xmlDocPtr doc;
};

/* A constraint that a child be there once (key) or at most once (unique). */
struct occurrence {
	char *element, *child, *constraint;
	bool key;
};

struct prepared {
	struct source sources[MAX_SOURCES];
	size_t source_count;
	xmlDocPtr doc;
	struct occurrence *occurrences;
	size_t occurrence_count;
	char **leaves; /* declared elements whose content is not validated */
	size_t leaf_count;
};

static const char *out_path; /* removed when the build stops, so make does not keep it */

static void die(const char *what, const char *name)
{
	fprintf(stderr, "%s: %s: %s\n", PROGRAM, name, what);
	if (out_path)
		remove(out_path);
	exit(1);
}

static bool is_xs(xmlNodePtr n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && n->ns && xmlStrEqual(n->ns->href, BAD_CAST XS_NS) &&
	       (!name || xmlStrEqual(n->name, BAD_CAST name));
}

/* Names stay malloc'd (no dictionary), so nodes may move between the documents. */
static struct source *add_source(struct prepared *p, const char *dir, const char *name)
{
	if (p->source_count == MAX_SOURCES || strchr(name, '/'))
		die("too many includes, or one outside the schema directory", name);
	struct source *s = &p->sources[p->source_count++];
	char *path = xasprintf("%s/%s", dir, name);
	s->name = xstrdup(name);
	s->text = tablegen_read(PROGRAM, path, &s->len);
	s->doc =
	    xmlReadMemory(s->text, (int)s->len, path, NULL, XML_PARSE_NONET | XML_PARSE_NODICT);
	if (!s->doc || !xmlDocGetRootElement(s->doc))
		die("not a well-formed XML document", path);
	free(path);
	return s;
}

/* The included file's components take the place of its xs:include. */
static void inline_include(struct prepared *p, const char *dir, xmlNodePtr include)
{
	xmlChar *loc = xmlGetProp(include, BAD_CAST "schemaLocation");
	if (!loc)
		die("an xs:include without schemaLocation", p->sources[0].name);
	struct source *s = add_source(p, dir, (const char *)loc);
	xmlFree(loc);
	xmlNodePtr root = xmlDocGetRootElement(s->doc);
	while (root->children) {
		xmlNodePtr c = root->children;
		xmlUnlinkNode(c);
		if (is_xs(c, "include"))
			die("nested includes are not prepared", s->name);
		xmlAddPrevSibling(include, c);
	}
	xmlUnlinkNode(include);
	xmlFreeNode(include);
}

/* Comments, annotations and blank text: nothing a validator reads. */
static void strip(xmlNodePtr n)
{
	xmlNodePtr next;
	for (xmlNodePtr c = n->children; c; c = next) {
		next = c->next;
		if (c->type == XML_COMMENT_NODE || is_xs(c, "annotation") ||
		    (c->type == XML_TEXT_NODE && xmlIsBlankNode(c))) {
			xmlUnlinkNode(c);
			xmlFreeNode(c);
		} else if (c->type == XML_ELEMENT_NODE) {
			strip(c);
		}
	}
}

static bool is_named_component(xmlNodePtr n)
{
	return (is_xs(n, "simpleType") || is_xs(n, "complexType") || is_xs(n, "group") ||
		is_xs(n, "attributeGroup")) &&
	       xmlHasProp(n, BAD_CAST "name");
}

/* Does any QName in the value (a list, for memberTypes) have this local name? */
static bool value_names(const xmlChar *value, const xmlChar *name)
{
	size_t n = (size_t)xmlStrlen(name);
	for (const char *p = (const char *)value; *p;) {
		p += strspn(p, " \t\n\r");
		size_t len = strcspn(p, " \t\n\r");
		const char *colon = memchr(p, ':', len);
		const char *local = colon ? colon + 1 : p;
		size_t local_len = len - (size_t)(local - p);
		if (len && local_len == n && memcmp(local, name, n) == 0)
			return true;
		p += len;
	}
	return false;
}

/* Does anything in n refer to the component called name? */
static bool refers_to(xmlNodePtr n, const xmlChar *name)
{
	static const char *const attrs[] = {"type",	"base",	       "ref",
					    "itemType", "memberTypes", "substitutionGroup"};
	for (size_t i = 0; i < ARRAY_SIZE(attrs); i++) {
		xmlChar *v = xmlGetProp(n, BAD_CAST attrs[i]);
		bool hit = v && value_names(v, name);
		xmlFree(v);
		if (hit)
			return true;
	}
	for (xmlNodePtr c = n->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE && refers_to(c, name))
			return true;
	return false;
}

/* Is the named component used by a declaration, or by a component that is (kept marks)? */
static bool used(xmlNodePtr root, xmlNodePtr comp, const bool *kept)
{
	xmlChar *name = xmlGetProp(comp, BAD_CAST "name");
	bool hit = false;
	size_t i = 0;
	for (xmlNodePtr c = root->children; c && !hit; c = c->next, i++)
		if (c != comp && (!is_named_component(c) || kept[i]))
			hit = refers_to(c, name);
	xmlFree(name);
	return hit;
}

/* Drops the named types and groups that no declaration reaches. */
static void prune(xmlNodePtr root)
{
	size_t n = 0;
	for (xmlNodePtr c = root->children; c; c = c->next)
		n++;
	bool *kept = xcalloc(n ? n : 1, sizeof(*kept));
	for (bool grew = true; grew;) {
		grew = false;
		size_t i = 0;
		for (xmlNodePtr c = root->children; c; c = c->next, i++)
			if (!kept[i] && is_named_component(c) && used(root, c, kept))
				kept[i] = grew = true;
	}
	size_t i = 0;
	xmlNodePtr next;
	for (xmlNodePtr c = root->children; c; c = next, i++) {
		next = c->next;
		if (is_named_component(c) && !kept[i]) {
			xmlUnlinkNode(c);
			xmlFreeNode(c);
		}
	}
	free(kept);
}

static bool is_child_name(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || *s == '_' ||
		      (*s >= '0' && *s <= '9')))
			return false;
	return true;
}

static char *attr(xmlNodePtr n, const char *name)
{
	xmlChar *v = xmlGetProp(n, BAD_CAST name);
	char *copy = v ? xstrdup((const char *)v) : NULL;
	xmlFree(v);
	return copy;
}

/* The child a constraint counts, if it only counts one (selector ".", one field naming it). */
static char *counted_child(xmlNodePtr constraint)
{
	xmlNodePtr selector = NULL, field = NULL;
	size_t fields = 0;
	for (xmlNodePtr c = constraint->children; c; c = c->next) {
		if (is_xs(c, "selector"))
			selector = c;
		else if (is_xs(c, "field")) {
			field = c;
			fields++;
		}
	}
	char *sel = selector ? attr(selector, "xpath") : NULL;
	char *child = field && fields == 1 ? attr(field, "xpath") : NULL;
	bool simple = sel && strcmp(sel, ".") == 0 && child && is_child_name(child);
	free(sel);
	if (!simple) {
		free(child);
		return NULL;
	}
	return child;
}

/* Moves the counting constraints of a global element declaration into the table. */
static void take_occurrences(struct prepared *p, xmlNodePtr decl, const char *element)
{
	xmlNodePtr next;
	for (xmlNodePtr c = decl->children; c; c = next) {
		next = c->next;
		bool key = is_xs(c, "key");
		if (!key && !is_xs(c, "unique"))
			continue;
		char *child = counted_child(c);
		if (!child)
			continue;
		p->occurrences =
		    xrealloc(p->occurrences, (p->occurrence_count + 1) * sizeof(*p->occurrences));
		struct occurrence *o = &p->occurrences[p->occurrence_count++];
		o->element = xstrdup(element);
		o->child = child;
		o->constraint = attr(c, "name");
		o->key = key;
		if (!o->constraint)
			die("an identity constraint without a name", element);
		xmlUnlinkNode(c);
		xmlFreeNode(c);
	}
}

static xmlNodePtr named_type(xmlNodePtr root, const char *qname)
{
	const char *name = strchr(qname, ':') ? strchr(qname, ':') + 1 : qname;
	for (xmlNodePtr c = root->children; c; c = c->next) {
		if (!is_xs(c, "complexType") && !is_xs(c, "simpleType"))
			continue;
		char *n = attr(c, "name");
		bool hit = n && strcmp(n, name) == 0;
		free(n);
		if (hit)
			return c;
	}
	return NULL;
}

/* Does a content model skip what it holds (a wildcard with processContents="skip")? */
static bool skips(xmlNodePtr n)
{
	for (xmlNodePtr c = n->children; c; c = c->next) {
		if (!is_xs(c, NULL) || is_xs(c, "anyAttribute"))
			continue;
		char *pc = is_xs(c, "any") ? attr(c, "processContents") : NULL;
		bool skip = pc && strcmp(pc, "skip") == 0;
		free(pc);
		if (skip || skips(c))
			return true;
	}
	return false;
}

/* A type whose element's children libxml2 does not validate: simple content, or skipped. */
static bool leaf_type(xmlNodePtr type)
{
	if (!type || is_xs(type, "simpleType"))
		return true;
	for (xmlNodePtr c = type->children; c; c = c->next)
		if (is_xs(c, "simpleContent"))
			return true;
	return skips(type);
}

static bool is_leaf(xmlNodePtr root, xmlNodePtr decl)
{
	char *type = attr(decl, "type");
	bool leaf;
	if (type) {
		leaf = strncmp(type, "xs:", 3) == 0 || leaf_type(named_type(root, type));
	} else {
		xmlNodePtr inline_type = NULL;
		for (xmlNodePtr c = decl->children; c && !inline_type; c = c->next)
			if (is_xs(c, "complexType") || is_xs(c, "simpleType"))
				inline_type = c;
		leaf = inline_type ? leaf_type(inline_type) : false; /* no type: anything */
	}
	free(type);
	return leaf;
}

/* The global element declarations: their counting constraints and whether they are leaves. */
static void take_element_facts(struct prepared *p, xmlNodePtr root)
{
	for (xmlNodePtr c = root->children; c; c = c->next) {
		if (!is_xs(c, "element"))
			continue;
		char *name = attr(c, "name");
		if (!name)
			continue;
		take_occurrences(p, c, name);
		if (is_leaf(root, c)) {
			p->leaves = xrealloc(p->leaves, (p->leaf_count + 1) * sizeof(*p->leaves));
			p->leaves[p->leaf_count++] = name;
		} else {
			free(name);
		}
	}
}

static void prepare(struct prepared *p, const char *dir, const char *kind)
{
	char *name = xasprintf("%s.xsd", kind);
	struct source *main_src = add_source(p, dir, name);
	free(name);
	p->doc = main_src->doc;
	xmlNodePtr root = xmlDocGetRootElement(p->doc);
	if (!is_xs(root, "schema"))
		die("not an XML schema", main_src->name);
	xmlNodePtr next;
	for (xmlNodePtr c = root->children; c; c = next) {
		next = c->next;
		if (is_xs(c, "include"))
			inline_include(p, dir, c);
	}
	xmlReconciliateNs(p->doc, root); /* the moved components take this document's xs: */
	strip((xmlNodePtr)p->doc);	 /* the comments beside the root too */
	prune(root);
	take_element_facts(p, root);
}

static void put_sources(FILE *out, const char *kind, const struct prepared *p)
{
	for (size_t i = 0; i < p->source_count; i++) {
		fprintf(out, "static const char %s_source%zu[] =\n\t", kind, i);
		tablegen_put_string(out, p->sources[i].text, p->sources[i].len);
		fputs(";\n\n", out);
	}
	fprintf(out, "static const struct schema_text %s_sources[] = {\n", kind);
	for (size_t i = 0; i < p->source_count; i++)
		fprintf(out, "\t{\"%s\", %s_source%zu, sizeof(%s_source%zu) - 1},\n",
			p->sources[i].name, kind, i, kind, i);
	fputs("};\n\n", out);
}

/* The prepared text; it must compile, or the build stops. */
static void put_prepared(FILE *out, const char *kind, const struct prepared *p)
{
	xmlChar *text = NULL;
	int len = 0;
	xmlDocDumpMemory(p->doc, &text, &len);
	xmlSchemaParserCtxtPtr pctxt = text ? xmlSchemaNewMemParserCtxt((char *)text, len) : NULL;
	xmlSchemaPtr schema = pctxt ? xmlSchemaParse(pctxt) : NULL;
	if (!schema)
		die("the prepared schema does not compile", kind);
	xmlSchemaFree(schema);
	xmlSchemaFreeParserCtxt(pctxt);
	put_sources(out, kind, p);
	fprintf(out, "static const char %s_prepared[] =\n\t", kind);
	tablegen_put_string(out, (const char *)text, (size_t)len);
	fputs(";\n\n", out);
	xmlFree(text);
}

static void put_element_facts(FILE *out, const char *kind, const struct prepared *p)
{
	fprintf(out, "static const struct schema_occurrence %s_occurrences[] = {\n", kind);
	for (size_t i = 0; i < p->occurrence_count; i++) {
		const struct occurrence *o = &p->occurrences[i];
		fprintf(out, "\t{\"%s\", \"%s\", \"%s\", %s},\n", o->element, o->child,
			o->constraint, o->key ? "true" : "false");
	}
	fprintf(out,
		"\t{NULL, NULL, NULL, false},\n};\n\nstatic const char *const %s_leaves[] = {\n",
		kind);
	for (size_t i = 0; i < p->leaf_count; i++)
		fprintf(out, "\t\"%s\",\n", p->leaves[i]);
	fputs("\tNULL,\n};\n\n", out);
}

static void free_prepared(struct prepared *p)
{
	for (size_t i = 0; i < p->occurrence_count; i++) {
		free(p->occurrences[i].element);
		free(p->occurrences[i].child);
		free(p->occurrences[i].constraint);
	}
	free(p->occurrences);
	for (size_t i = 0; i < p->leaf_count; i++)
		free(p->leaves[i]);
	free(p->leaves);
	for (size_t i = 0; i < p->source_count; i++) {
		xmlFreeDoc(p->sources[i].doc);
		free(p->sources[i].name);
		free(p->sources[i].text);
	}
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fputs("usage: " PROGRAM " OUT.c SCHEMA_DIR\n", stderr);
		return 2;
	}
	FILE *out = fopen(argv[1], "w");
	out_path = argv[1];
	if (!out) {
		fprintf(stderr, "%s: %s: %s\n", PROGRAM, argv[1], strerror(errno));
		return 1;
	}
	fputs("/* The shipped schemas, prepared: written by schema-tablegen, do not edit. */\n"
	      "#include \"schema_table.h\"\n\n",
	      out);
	struct prepared p[ARRAY_SIZE(kinds)] = {0};
	for (size_t k = 0; k < ARRAY_SIZE(kinds); k++) {
		prepare(&p[k], argv[2], kinds[k]);
		put_prepared(out, kinds[k], &p[k]);
		put_element_facts(out, kinds[k], &p[k]);
	}
	fputs("const struct schema_prepared schemas_shipped[2] = {\n", out);
	for (size_t k = 0; k < ARRAY_SIZE(kinds); k++)
		fprintf(out,
			"\t{%s_sources, %zu, %s_prepared, sizeof(%s_prepared) - 1, %s_occurrences, "
			"%s_leaves},\n",
			kinds[k], p[k].source_count, kinds[k], kinds[k], kinds[k], kinds[k]);
	fputs("};\n", out);
	for (size_t k = 0; k < ARRAY_SIZE(kinds); k++)
		free_prepared(&p[k]);
	if (fclose(out) != 0) {
		remove(argv[1]);
		return 1;
	}
	xmlCleanupParser();
	return 0;
}
