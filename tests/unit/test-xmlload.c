/*
 * Safe XML loading: exact positions of elements, values and attributes, and refusal of what an
 * untrusted input must not do (DOCTYPE, entity expansion, external entities, excessive size
 * or depth, malformed or mis-encoded text), each with its rule name and location.
 */
#include <libxml/tree.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tests.h"
#include "xmlload.h"

#define DOC_NAME "t.xml"

static enum xml_load_result parse(struct xml_source *src, const char *text, struct diag_list *dl)
{
	return xml_source_parse(src, DOC_NAME, text, strlen(text), dl);
}

/* The nth (0-based) child element called name. */
static xmlNodePtr child(xmlNodePtr parent, const char *name, unsigned nth)
{
	for (xmlNodePtr c = parent ? parent->children : NULL; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE && xmlStrEqual(c->name, BAD_CAST name) &&
		    nth-- == 0)
			return c;
	return NULL;
}

static xmlNodePtr root_of(const struct xml_source *src)
{
	return src->doc ? xmlDocGetRootElement(src->doc) : NULL;
}

#define ASSERT_POS(pos, l, c)                                                                      \
	do {                                                                                       \
		struct srcpos p_ = (pos);                                                          \
		CU_ASSERT_EQUAL(p_.line, (l));                                                     \
		CU_ASSERT_EQUAL(p_.col, (c));                                                      \
		ASSERT_STR_EQ(p_.file, DOC_NAME);                                                  \
	} while (0)

/* Parses text, which must fail with rule as its first error; returns that error's line. */
static unsigned expect_invalid(const char *text, size_t len, const char *rule)
{
	struct xml_source src;
	struct diag_list dl;
	diag_list_init(&dl);
	CU_ASSERT_EQUAL(xml_source_parse(&src, DOC_NAME, text, len, &dl), XML_LOAD_INVALID);
	CU_ASSERT_TRUE(dl.errors > 0);
	const struct diag *d = find_rule(&dl, rule);
	CU_ASSERT_PTR_NOT_NULL(d);
	unsigned line = d ? d->pos.line : 0;
	if (d)
		ASSERT_STR_EQ(d->pos.file, DOC_NAME);
	xml_source_free(&src);
	diag_list_free(&dl);
	return line;
}

/* ---- positions ---- */

static const char positions_doc[] = "<root>\n"			   /* 1 */
				    "  <a x=\"1\" y=\"2\">v</a>\n" /* 2 */
				    "  <b/><b/>\n"		   /* 3 */
				    "  <c\n"			   /* 4 */
				    "     k=\"v\">text</c>\n"	   /* 5 */
				    "  <d>\n"			   /* 6 */
				    "    deep</d>\n"		   /* 7 */
				    "</root>\n";

static void test_parse_ok(void)
{
	struct xml_source src;
	struct diag_list dl;
	diag_list_init(&dl);
	CU_ASSERT_EQUAL_FATAL(parse(&src, positions_doc, &dl), XML_LOAD_OK);
	CU_ASSERT_EQUAL(dl.count, 0);
	CU_ASSERT_PTR_NOT_NULL(src.doc);
	ASSERT_STR_EQ(src.path, DOC_NAME);
	CU_ASSERT_EQUAL(src.len, strlen(positions_doc));
	CU_ASSERT_EQUAL(src.line_count, 9); /* 8 newlines: the empty 9th line counts too */
	CU_ASSERT_EQUAL(src.line_starts[1], 7);
	xml_source_free(&src);
	CU_ASSERT_PTR_NULL(src.doc);
}

static void test_node_pos(void)
{
	struct xml_source src;
	struct diag_list dl;
	diag_list_init(&dl);
	CU_ASSERT_EQUAL_FATAL(parse(&src, positions_doc, &dl), XML_LOAD_OK);
	xmlNodePtr root = root_of(&src);
	ASSERT_POS(xml_node_pos(&src, root), 1, 1);
	ASSERT_POS(xml_node_pos(&src, child(root, "a", 0)), 2, 3);
	ASSERT_POS(xml_node_pos(&src, child(root, "b", 0)), 3, 3);
	ASSERT_POS(xml_node_pos(&src, child(root, "b", 1)), 3, 7);
	/* a start tag over two lines: the position is its '<', not where it ends */
	ASSERT_POS(xml_node_pos(&src, child(root, "c", 0)), 4, 3);
	ASSERT_POS(xml_node_pos(&src, child(root, "d", 0)), 6, 3);
	xml_source_free(&src);
}

static void test_value_pos(void)
{
	struct xml_source src;
	struct diag_list dl;
	diag_list_init(&dl);
	CU_ASSERT_EQUAL_FATAL(parse(&src, positions_doc, &dl), XML_LOAD_OK);
	xmlNodePtr root = root_of(&src);
	ASSERT_POS(xml_value_pos(&src, child(root, "a", 0)), 2, 18);
	ASSERT_POS(xml_value_pos(&src, child(root, "c", 0)), 5, 12);
	/* leading blanks and the newline are skipped to the first character of the value */
	ASSERT_POS(xml_value_pos(&src, child(root, "d", 0)), 7, 5);
	/* an empty element has no value: point at its tag */
	ASSERT_POS(xml_value_pos(&src, child(root, "b", 1)), 3, 7);
	xml_source_free(&src);
}

static void test_attr_pos(void)
{
	struct xml_source src;
	struct diag_list dl;
	diag_list_init(&dl);
	CU_ASSERT_EQUAL_FATAL(parse(&src, positions_doc, &dl), XML_LOAD_OK);
	xmlNodePtr root = root_of(&src);
	ASSERT_POS(xml_attr_pos(&src, child(root, "a", 0), "x"), 2, 6);
	ASSERT_POS(xml_attr_pos(&src, child(root, "a", 0), "y"), 2, 12);
	ASSERT_POS(xml_attr_pos(&src, child(root, "c", 0), "k"), 5, 6);
	/* an attribute the element does not have: the element's tag */
	ASSERT_POS(xml_attr_pos(&src, child(root, "a", 0), "z"), 2, 3);
	xml_source_free(&src);
}

/* An attribute whose name ends another one's ("xk" and "k"). */
static void test_attr_pos_suffix(void)
{
	struct xml_source src;
	struct diag_list dl;
	diag_list_init(&dl);
	CU_ASSERT_EQUAL_FATAL(parse(&src, "<f xk=\"1\" k=\"2\"/>", &dl), XML_LOAD_OK);
	ASSERT_POS(xml_attr_pos(&src, root_of(&src), "k"), 1, 11);
	ASSERT_POS(xml_attr_pos(&src, root_of(&src), "xk"), 1, 4);
	xml_source_free(&src);
}

/* Text inside another attribute's quoted value that looks like " k=" is not attribute k. */
static void test_attr_pos_in_value(void)
{
	struct xml_source src;
	struct diag_list dl;
	diag_list_init(&dl);
	CU_ASSERT_EQUAL_FATAL(parse(&src, "<e a=\" k=1\" k=\"2\"/>", &dl), XML_LOAD_OK);
	ASSERT_POS(xml_attr_pos(&src, root_of(&src), "k"), 1, 13);
	xml_source_free(&src);
}

/* Same-name elements of different parents, or nested, on one line (minified files). */
static void test_node_pos_one_line(void)
{
	struct xml_source src;
	struct diag_list dl;
	diag_list_init(&dl);
	CU_ASSERT_EQUAL_FATAL(parse(&src, "<r><p><q/></p><p><q/></p><n><n/></n></r>", &dl),
			      XML_LOAD_OK);
	xmlNodePtr root = root_of(&src);
	ASSERT_POS(xml_node_pos(&src, child(root, "p", 1)), 1, 15);
	ASSERT_POS(xml_node_pos(&src, child(child(root, "p", 0), "q", 0)), 1, 7);
	ASSERT_POS(xml_node_pos(&src, child(child(root, "p", 1), "q", 0)), 1, 18);
	ASSERT_POS(xml_node_pos(&src, child(root, "n", 0)), 1, 26);
	ASSERT_POS(xml_node_pos(&src, child(child(root, "n", 0), "n", 0)), 1, 29);
	xml_source_free(&src);
}

/* A comment that mentions a tag does not take that tag's position. */
static void test_node_pos_after_comment(void)
{
	struct xml_source src;
	struct diag_list dl;
	diag_list_init(&dl);
	CU_ASSERT_EQUAL_FATAL(parse(&src, "<r>\n  <!-- <b> --><b/>\n</r>", &dl), XML_LOAD_OK);
	ASSERT_POS(xml_node_pos(&src, child(root_of(&src), "b", 0)), 2, 15);
	xml_source_free(&src);
}

static void test_crlf_positions(void)
{
	struct xml_source src;
	struct diag_list dl;
	diag_list_init(&dl);
	CU_ASSERT_EQUAL_FATAL(parse(&src, "<r>\r\n  <a>1</a>\r\n\t<b k=\"v\"/>\r\n</r>\r\n", &dl),
			      XML_LOAD_OK);
	ASSERT_POS(xml_node_pos(&src, child(root_of(&src), "a", 0)), 2, 3);
	ASSERT_POS(xml_value_pos(&src, child(root_of(&src), "a", 0)), 2, 6);
	ASSERT_POS(xml_attr_pos(&src, child(root_of(&src), "b", 0), "k"), 3, 5);
	xml_source_free(&src);
}

/* Lines past 65535 keep their numbers (libxml2 stores 16 bits unless asked for more). */
static void test_big_line_numbers(void)
{
	enum { BLANK_LINES = 70000 };
	char *text = malloc(BLANK_LINES + 64);
	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	strcpy(text, "<r>");
	memset(text + 3, '\n', BLANK_LINES);
	strcpy(text + 3 + BLANK_LINES, "  <z>v</z></r>");
	struct xml_source src;
	struct diag_list dl;
	diag_list_init(&dl);
	CU_ASSERT_EQUAL(parse(&src, text, &dl), XML_LOAD_OK);
	ASSERT_POS(xml_node_pos(&src, child(root_of(&src), "z", 0)), BLANK_LINES + 1, 3);
	ASSERT_POS(xml_value_pos(&src, child(root_of(&src), "z", 0)), BLANK_LINES + 1, 6);
	xml_source_free(&src);
	free(text);
}

/* ---- what is refused ---- */

static double seconds_since(const struct timespec *t0)
{
	struct timespec t1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

/* The parser stopped at the DOCTYPE: no document, or one without a root element. */
static bool nothing_built(const struct xml_source *src)
{
	return !src->doc || !xmlDocGetRootElement(src->doc);
}

static const char billion_laughs[] =
    "<?xml version=\"1.0\"?>\n"
    "<!DOCTYPE lolz [\n"
    " <!ENTITY lol \"lol\">\n"
    " <!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n"
    " <!ENTITY lol2 \"&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;\">\n"
    " <!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">\n"
    " <!ENTITY lol4 \"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;\">\n"
    " <!ENTITY lol5 \"&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;\">\n"
    " <!ENTITY lol6 \"&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;\">\n"
    " <!ENTITY lol7 \"&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;\">\n"
    " <!ENTITY lol8 \"&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;\">\n"
    " <!ENTITY lol9 \"&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;\">\n"
    "]>\n"
    "<lolz>&lol9;</lolz>\n";

static void test_billion_laughs(void)
{
	struct xml_source src;
	struct diag_list dl;
	struct timespec t0;
	diag_list_init(&dl);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	CU_ASSERT_EQUAL(parse(&src, billion_laughs, &dl), XML_LOAD_INVALID);
	CU_ASSERT_TRUE(seconds_since(&t0) < 2.0);
	CU_ASSERT_TRUE(nothing_built(&src));
	const struct diag *d = find_rule(&dl, "xml-doctype");
	CU_ASSERT_PTR_NOT_NULL(d);
	if (d) {
		CU_ASSERT_EQUAL(d->pos.line, 2);
		CU_ASSERT_PTR_NOT_NULL(strstr(d->message, "<!DOCTYPE lolz>"));
	}
	CU_ASSERT_EQUAL(dl.errors, 1); /* said once, nothing after the parser stopped */
	xml_source_free(&src);
	diag_list_free(&dl);
}

static void test_xxe(void)
{
	static const char xxe[] =
	    "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>";
	struct xml_source src;
	struct diag_list dl;
	diag_list_init(&dl);
	CU_ASSERT_EQUAL(parse(&src, xxe, &dl), XML_LOAD_INVALID);
	CU_ASSERT_TRUE(nothing_built(&src));
	CU_ASSERT_PTR_NOT_NULL(find_rule(&dl, "xml-doctype"));
	for (size_t i = 0; i < dl.count; i++)
		CU_ASSERT_PTR_NULL(strstr(dl.items[i].message, "root:"));
	xml_source_free(&src);
	diag_list_free(&dl);
}

static void test_external_dtd(void)
{
	static const char doc[] = "<?xml version=\"1.0\"?>\n"
				  "<!DOCTYPE x SYSTEM \"http://example.invalid/x.dtd\">\n"
				  "<x/>\n";
	CU_ASSERT_EQUAL(expect_invalid(doc, strlen(doc), "xml-doctype"), 2);
}

static void test_malformed(void)
{
	static const char doc[] = "<r>\n"
				  "  <a>1</a>\n"
				  "  <b>\n"
				  "</r>\n";
	unsigned line = expect_invalid(doc, strlen(doc), "xml-syntax");
	CU_ASSERT_TRUE(line == 3 || line == 4);
}

static void test_bad_utf8(void)
{
	static const char doc[] = "<r>\n  <a>\xff\xfe</a>\n</r>\n";
	CU_ASSERT_EQUAL(expect_invalid(doc, strlen(doc), "xml-syntax"), 2);
}

static void test_undefined_entity(void)
{
	static const char doc[] = "<r>\n  <a>&foo;</a>\n</r>\n";
	CU_ASSERT_EQUAL(expect_invalid(doc, strlen(doc), "xml-syntax"), 2);
}

/* An empty or white-space-only file is an error at 1:1, where editors can place it. */
static void test_empty(void)
{
	CU_ASSERT_EQUAL(expect_invalid("", 0, "xml-syntax"), 1);
	CU_ASSERT_EQUAL(expect_invalid("  \n\t\r\n", 5, "xml-syntax"), 1);
}

/* "<d><d>...</d></d>" nested levels deep. */
static char *nested(unsigned levels)
{
	char *s = malloc(levels * 8 + 1), *p = s;
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	for (unsigned i = 0; i < levels; i++)
		p += sprintf(p, "<d>\n");
	for (unsigned i = 0; i < levels; i++)
		p += sprintf(p, "</d>");
	return s;
}

static void test_depth(void)
{
	char *deep = nested(XML_MAX_DEPTH + 1);
	/* the element one level too deep starts on line XML_MAX_DEPTH + 1 */
	CU_ASSERT_EQUAL(expect_invalid(deep, strlen(deep), "xml-limits"), XML_MAX_DEPTH + 1);
	free(deep);

	char *ok = nested(XML_MAX_DEPTH);
	struct xml_source src;
	struct diag_list dl;
	diag_list_init(&dl);
	CU_ASSERT_EQUAL(parse(&src, ok, &dl), XML_LOAD_OK);
	CU_ASSERT_EQUAL(dl.count, 0);
	xml_source_free(&src);
	free(ok);
}

static void test_size_limit(void)
{
	size_t len = (size_t)XML_MAX_FILE_SIZE + 1;
	char *big = malloc(len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(big);
	memset(big, ' ', len);
	memcpy(big, "<r>", 3);
	memcpy(big + len - 4, "</r>", 4);
	CU_ASSERT_EQUAL(expect_invalid(big, len, "xml-limits"), 1);
	free(big);
}

static void test_missing_file(void)
{
	struct xml_source src;
	struct diag_list dl;
	diag_list_init(&dl);
	const char *path = "/nonexistent/acrn-cfgc-test/missing.xml";
	CU_ASSERT_EQUAL(xml_source_load(&src, path, &dl), XML_LOAD_IO_ERROR);
	CU_ASSERT_EQUAL(dl.errors, 1);
	const struct diag *d = find_rule(&dl, "io");
	CU_ASSERT_PTR_NOT_NULL(d);
	if (d) {
		ASSERT_STR_EQ(d->pos.file, path);
		CU_ASSERT_EQUAL(d->pos.line, 0);
		CU_ASSERT_PTR_NOT_NULL(strstr(d->message, "No such file"));
	}
	xml_source_free(&src);
	diag_list_free(&dl);
}

static void test_directory(void)
{
	struct xml_source src;
	struct diag_list dl;
	diag_list_init(&dl);
	CU_ASSERT_EQUAL(xml_source_load(&src, "/", &dl), XML_LOAD_IO_ERROR);
	CU_ASSERT_PTR_NOT_NULL(find_rule(&dl, "io"));
	xml_source_free(&src);
	diag_list_free(&dl);
}

static void test_load_file(void)
{
	struct xml_source src;
	struct diag_list dl;
	diag_list_init(&dl);
	CU_ASSERT_EQUAL_FATAL(xml_source_load(&src, TOP_SRCDIR "/boards/bochs-pc.xml", &dl),
			      XML_LOAD_OK);
	CU_ASSERT_EQUAL(dl.count, 0);
	ASSERT_STR_EQ((const char *)root_of(&src)->name, "acrn-config");
	CU_ASSERT_EQUAL(xml_node_pos(&src, root_of(&src)).line, 1);
	xml_source_free(&src);
}

void register_xmlload_tests(void)
{
	static const struct test_case cases[] = {
	    {"parse ok", test_parse_ok},
	    {"element positions", test_node_pos},
	    {"value positions", test_value_pos},
	    {"attribute positions", test_attr_pos},
	    {"attribute whose name ends another", test_attr_pos_suffix},
	    {"attribute-like text in a quoted value", test_attr_pos_in_value},
	    {"same-name elements on one line", test_node_pos_one_line},
	    {"tag mentioned in a comment", test_node_pos_after_comment},
	    {"CRLF line ends", test_crlf_positions},
	    {"line numbers past 65535", test_big_line_numbers},
	    {"billion laughs refused unexpanded", test_billion_laughs},
	    {"external entity refused", test_xxe},
	    {"external DTD refused", test_external_dtd},
	    {"malformed XML", test_malformed},
	    {"invalid UTF-8", test_bad_utf8},
	    {"undefined entity", test_undefined_entity},
	    {"empty input", test_empty},
	    {"nesting limit", test_depth},
	    {"size limit", test_size_limit},
	    {"missing file", test_missing_file},
	    {"directory instead of a file", test_directory},
	    {"load a file", test_load_file},
	};
	ADD_SUITE("xmlload", NULL, NULL, cases);
}
