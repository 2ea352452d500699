/*
 * A board validated by two threads (handoff.h, validate_share.c): offered work runs exactly
 * once, in the serving thread or in the owner's; a board's reports are the same whether it is
 * validated whole, in two shares by one thread, or in two shares by two threads; and the
 * document is exactly as it was afterwards.
 */
#include <libxml/tree.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "handoff.h"
#include "tests.h"
#include "util.h"
#include "validate.h"
#include "validate_int.h"

/* ---- the handoff ---- */

#define PIECES 6

/* What became of each piece of an offer. */
struct pieces {
	unsigned runs[PIECES];
	pthread_t ran_on[PIECES];
};

static void run_piece(void *arg, size_t piece)
{
	struct pieces *p = arg;
	p->runs[piece]++;
	p->ran_on[piece] = pthread_self();
}

static void *serve(void *arg)
{
	handoff_serve(arg);
	return NULL;
}

static void test_handoff_without_server(void)
{
	struct handoff h;
	struct pieces p = {0};
	handoff_init(&h);
	handoff_offer(&h, run_piece, &p, PIECES);
	CU_ASSERT_EQUAL(p.runs[0], 0); /* offered, not yet run */
	handoff_complete(&h);
	for (size_t i = 0; i < PIECES; i++) {
		CU_ASSERT_EQUAL(p.runs[i], 1);
		CU_ASSERT(pthread_equal(p.ran_on[i], pthread_self()));
	}
	handoff_free(&h);
}

/* Closed before anyone serves (a run without a second thread): serve returns at once and the
 * owner keeps each later offer. */
static void test_handoff_closed_first(void)
{
	struct handoff h;
	struct pieces p = {0};
	handoff_init(&h);
	handoff_close(&h);
	handoff_serve(&h);
	handoff_offer(&h, run_piece, &p, 2);
	handoff_complete(&h);
	CU_ASSERT(p.runs[0] == 1 && p.runs[1] == 1 && p.runs[2] == 0);
	CU_ASSERT(pthread_equal(p.ran_on[1], pthread_self()));
	handoff_free(&h);
}

static size_t pieces_left(struct handoff *h)
{
	pthread_mutex_lock(&h->lock);
	size_t left = h->count - h->next;
	pthread_mutex_unlock(&h->lock);
	return left;
}

/* A waiting server takes every piece it finds; complete waits for it; close ends the server. */
static void test_handoff_served(void)
{
	struct handoff h;
	pthread_t server;
	handoff_init(&h);
	CU_ASSERT_FATAL(pthread_create(&server, NULL, serve, &h) == 0);
	for (size_t round = 0; round < 2; round++) {
		struct pieces p = {0};
		handoff_offer(&h, run_piece, &p, PIECES);
		struct timespec tick = {0, 1000000};
		for (unsigned waited = 0; pieces_left(&h) && waited < 10000; waited++)
			nanosleep(&tick, NULL);
		handoff_complete(&h);
		for (size_t i = 0; i < PIECES; i++) {
			CU_ASSERT_EQUAL(p.runs[i], 1);
			CU_ASSERT(pthread_equal(p.ran_on[i], server));
		}
	}
	handoff_close(&h);
	CU_ASSERT(pthread_join(server, NULL) == 0);
	handoff_free(&h);
}

/* ---- the board in two shares ---- */

static struct schema_set *schemas;

static int load_board_schema(void)
{
	return test_schemas_load(&schemas, SCHEMA_KIND(INPUT_BOARD));
}

static int free_board_schema(void)
{
	return test_schemas_free(&schemas);
}

/*
 * A board whose devices tree holds 24 PCI functions on two buses and a nested bridge, every
 * third with a mistake somewhere in its subtree: a bad address, a bad vendor id, a resource
 * without its type, a bad BAR width, a bus of an unknown kind.
 */
static char *board_with_device_errors(void)
{
	char *text = xstrdup("<acrn-config board=\"shared\">\n  <devices>\n");
	for (unsigned bus = 0; bus < 2; bus++) {
		char *next = xasprintf("%s    <bus type=\"pci\" address=\"0x%x\">\n", text, bus);
		free(text);
		text = next;
		for (unsigned dev = 0; dev < 12; dev++) {
			unsigned k = bus * 12 + dev;
			const char *address = k % 9 == 3 ? "0xg" : "0x10000";
			const char *vendor = k % 9 == 6 ? "0x808z" : "0x8086";
			const char *res =
			    k % 9 == 0	 ? "<resource min=\"0x1000\" len=\"0x10\"/>"
			    : k % 9 == 7 ? "<resource type=\"memory\" id=\"bar0\" width=\"48\"/>"
					 : "<resource type=\"irq\" int=\"11\"/>";
			const char *inner =
			    k == 13   ? "<bus type=\"nope\"><device address=\"0x0\"/></bus>"
			    : k == 14 ? "<bus type=\"pci\"><device address=\"0x0\">"
					"<vendor>x</vendor></device></bus>"
				      : "";
			next =
			    xasprintf("%s      <device address=\"%s\" description=\"fn %u\">\n"
				      "        <vendor>%s</vendor><identifier>0x1234</identifier>\n"
				      "        <class>0x020000</class>\n        %s%s\n"
				      "      </device>\n",
				      text, address, k, vendor, res, inner);
			free(text);
			text = next;
		}
		next = xasprintf("%s    </bus>\n", text);
		free(text);
		text = next;
	}
	char *all = xasprintf("%s  </devices>\n</acrn-config>\n", text);
	free(text);
	return all;
}

static char *dump_doc(xmlDocPtr doc)
{
	xmlChar *mem = NULL;
	int len = 0;
	xmlDocDumpMemory(doc, &mem, &len);
	char *copy = xstrdup(mem ? (const char *)mem : "");
	xmlFree(mem);
	return copy;
}

/* Validates the board with side (NULL: whole); its reports, one line each, and the names
 * made unusable among those the board uses. */
static char *reports_of(const char *text, struct handoff *side)
{
	struct xml_source src = {0};
	struct diag_list dl;
	struct broken_names broken = {0};
	diag_list_init(&dl);
	CU_ASSERT_FATAL(xml_source_parse(&src, "b.xml", text, strlen(text), &dl) == XML_LOAD_OK);
	char *before = dump_doc(src.doc);
	schema_validate(schemas, INPUT_BOARD, &src, &dl, &broken, side);
	char *after = dump_doc(src.doc);
	ASSERT_STR_EQ(after, before);
	char *all = diag_lines(&dl);
	static const char *const names[] = {"device", "vendor",	 "resource", "bus",
					    "type",   "address", "width",    "identifier"};
	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		char *next = xasprintf("%sbroken %s: %d\n", all, names[i],
				       broken_has(&broken, names[i], strlen(names[i])));
		free(all);
		all = next;
	}
	free(before);
	free(after);
	broken_free(&broken);
	diag_list_free(&dl);
	xml_source_free(&src);
	return all;
}

/* The share holds whole subtrees of about three quarters of the elements, in pieces, and goes
 * back in place. */
static void test_share_pick(void)
{
	char *text = board_with_device_errors();
	struct xml_source src = {0};
	struct diag_list dl;
	diag_list_init(&dl);
	CU_ASSERT_FATAL(xml_source_parse(&src, "b.xml", text, strlen(text), &dl) == XML_LOAD_OK);
	char *before = dump_doc(src.doc);
	struct board_share share;
	board_share_pick(&share, schemas, NULL, src.doc);
	CU_ASSERT(share.pieces >= 2 && share.pieces <= SHARE_PIECES);
	CU_ASSERT_EQUAL(share.start[0], 0);
	CU_ASSERT_EQUAL(share.start[share.pieces], share.count);
	for (size_t i = 0; i < share.pieces; i++)
		CU_ASSERT(share.start[i] < share.start[i + 1]); /* no empty piece */
	char *rest = dump_doc(src.doc);
	size_t whole = strlen(before), left = strlen(rest);
	CU_ASSERT(left < whole / 2 && left > whole / 8); /* about a quarter stays */
	board_share_return(&share);
	char *after = dump_doc(src.doc);
	ASSERT_STR_EQ(after, before);
	free(before);
	free(rest);
	free(after);
	diag_list_free(&dl);
	xml_source_free(&src);
	free(text);
}

static void test_share_same_reports(void)
{
	char *text = board_with_device_errors();
	char *whole = reports_of(text, NULL);
	CU_ASSERT(strstr(whole, "0xg") != NULL && strstr(whole, "0x808z") != NULL &&
		  strstr(whole, "nope") != NULL && strstr(whole, "48") != NULL);

	struct handoff alone;
	handoff_init(&alone);
	handoff_close(&alone); /* both shares validated here, one after the other */
	char *one_thread = reports_of(text, &alone);
	handoff_free(&alone);
	ASSERT_STR_EQ(one_thread, whole);

	struct handoff side;
	pthread_t server;
	handoff_init(&side);
	CU_ASSERT_FATAL(pthread_create(&server, NULL, serve, &side) == 0);
	for (unsigned round = 0; round < 20; round++) {
		char *two_threads = reports_of(text, &side);
		ASSERT_STR_EQ(two_threads, whole);
		free(two_threads);
	}
	handoff_close(&side);
	pthread_join(server, NULL);
	handoff_free(&side);
	free(one_thread);
	free(whole);
	free(text);
}

void register_share_tests(void)
{
	static const struct test_case handoff_cases[] = {
	    {"offered work runs in the owner without a server", test_handoff_without_server},
	    {"a closed handoff leaves the work to its owner", test_handoff_closed_first},
	    {"a waiting server runs each offer once", test_handoff_served},
	};
	ADD_SUITE("handoff", NULL, NULL, handoff_cases);
	static const struct test_case share_cases[] = {
	    {"the share is most of the board, in pieces, and goes back in place", test_share_pick},
	    {"a board's reports do not depend on who validated what", test_share_same_reports},
	};
	ADD_SUITE("board share", load_board_schema, free_board_schema, share_cases);
}
