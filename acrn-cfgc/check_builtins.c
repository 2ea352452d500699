/*
 * C functions for rule expressions. XPath 1.0 numbers are doubles, which cannot hold 64-bit
 * addresses exactly, so address arithmetic takes and returns strings (decimal or 0x hex) and
 * is done here in 64-bit integers. Functions that need the board's facts read the model.
 */
#include <libxml/xpathInternals.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "resolve.h"
#include "util.h"

#define MIB (1ull << 20)

/* ---- argument helpers: each pops one argument, last first ---- */

static bool pop_u64(xmlXPathParserContextPtr ctxt, uint64_t *v)
{
	xmlChar *s = xmlXPathPopString(ctxt);
	bool ok = s && value_u64((const char *)s, v) == 0;
	xmlFree(s);
	return ok;
}

static void push_hex(xmlXPathParserContextPtr ctxt, uint64_t v)
{
	char buf[24];
	snprintf(buf, sizeof(buf), "0x%llx", (unsigned long long)v);
	valuePush(ctxt, xmlXPathNewCString(buf));
}

/* A PCI function of the board: a <device> of a <bus type="pci">, its addresses as numbers. */
struct pci_function {
	double bus, devfn; /* as XPath's num() compares them */
	xmlNodePtr node;
};

struct builtin_state {
	const struct check_input *in;
	struct pci_function *pci; /* in document order; made by the first pci-device() */
	size_t pci_count;
	bool pci_indexed;
};

static struct builtin_state *state(xmlXPathParserContextPtr ctxt)
{
	return ctxt->context->userData;
}

static const struct check_input *input(xmlXPathParserContextPtr ctxt)
{
	return state(ctxt)->in;
}

/* Pops n numbers into v[0..n-1] in call order; false if any is not a number. */
static bool pop_args(xmlXPathParserContextPtr ctxt, int nargs, int n, uint64_t *v)
{
	if (nargs != n) {
		xmlXPathSetArityError(ctxt);
		return false;
	}
	bool ok = true;
	for (int i = n - 1; i >= 0; i--)
		ok &= pop_u64(ctxt, &v[i]);
	return ok;
}

static bool end_of(uint64_t start, uint64_t len, uint64_t *end)
{
	return !__builtin_add_overflow(start, len, end);
}

/* overlaps(start1, len1, start2, len2): do [start1, +len1) and [start2, +len2) share a byte? */
static void fn_overlaps(xmlXPathParserContextPtr ctxt, int nargs)
{
	uint64_t v[4], e0, e1;
	if (!pop_args(ctxt, nargs, 4, v) || !end_of(v[0], v[1], &e0) || !end_of(v[2], v[3], &e1)) {
		valuePush(ctxt, xmlXPathNewBoolean(0));
		return;
	}
	valuePush(ctxt, xmlXPathNewBoolean(v[1] && v[3] && v[0] < e1 && v[2] < e0));
}

/* within(start, len, outer_start, outer_len): is the first range inside the second? */
static void fn_within(xmlXPathParserContextPtr ctxt, int nargs)
{
	uint64_t v[4], e0, e1;
	bool ok = pop_args(ctxt, nargs, 4, v) && end_of(v[0], v[1], &e0) && end_of(v[2], v[3], &e1);
	valuePush(ctxt, xmlXPathNewBoolean(ok && v[0] >= v[2] && e0 <= e1));
}

/* mb(n): n MiB in bytes, as 0x hex ("" when n is not a number or overflows). */
static void fn_mb(xmlXPathParserContextPtr ctxt, int nargs)
{
	uint64_t v;
	if (!pop_args(ctxt, nargs, 1, &v) || v > UINT64_MAX / MIB) {
		valuePush(ctxt, xmlXPathNewCString(""));
		return;
	}
	push_hex(ctxt, v * MIB);
}

/* hex(n): n as 0x hex ("" when not a number). */
static void fn_hex(xmlXPathParserContextPtr ctxt, int nargs)
{
	uint64_t v;
	if (!pop_args(ctxt, nargs, 1, &v))
		valuePush(ctxt, xmlXPathNewCString(""));
	else
		push_hex(ctxt, v);
}

/* num(n): decimal or 0x hex as an XPath number (NaN when not a number). */
static void fn_num(xmlXPathParserContextPtr ctxt, int nargs)
{
	uint64_t v;
	valuePush(ctxt, xmlXPathNewFloat(pop_args(ctxt, nargs, 1, &v) ? (double)v : xmlXPathNAN));
}

/* lt(a, b): a < b in 64-bit integers (false when either is not a number). */
static void fn_lt(xmlXPathParserContextPtr ctxt, int nargs)
{
	uint64_t v[2];
	bool ok = pop_args(ctxt, nargs, 2, v);
	valuePush(ctxt, xmlXPathNewBoolean(ok && v[0] < v[1]));
}

static void fn_is_pow2(xmlXPathParserContextPtr ctxt, int nargs)
{
	uint64_t v;
	bool ok = pop_args(ctxt, nargs, 1, &v);
	valuePush(ctxt, xmlXPathNewBoolean(ok && v && !(v & (v - 1))));
}

/* contiguous-mask(m): is m a non-empty run of consecutive 1 bits? */
static void fn_contiguous_mask(xmlXPathParserContextPtr ctxt, int nargs)
{
	uint64_t v;
	bool ok = pop_args(ctxt, nargs, 1, &v) && v;
	if (ok) {
		uint64_t low = v >> __builtin_ctzll(v);
		ok = !(low & (low + 1));
	}
	valuePush(ctxt, xmlXPathNewBoolean(ok));
}

/* bits-fit(mask, n): does mask use only its low n bits? */
static void fn_bits_fit(xmlXPathParserContextPtr ctxt, int nargs)
{
	uint64_t v[2];
	bool ok = pop_args(ctxt, nargs, 2, v);
	valuePush(ctxt, xmlXPathNewBoolean(ok && (v[1] >= 64 || !(v[0] >> v[1]))));
}

/* aligned(n, a): is n a multiple of a (a > 0)? In 64 bits, where num() would round. */
static void fn_aligned(xmlXPathParserContextPtr ctxt, int nargs)
{
	uint64_t v[2];
	bool ok = pop_args(ctxt, nargs, 2, v);
	valuePush(ctxt, xmlXPathNewBoolean(ok && v[1] != 0 && v[0] % v[1] == 0));
}

static void fn_popcount(xmlXPathParserContextPtr ctxt, int nargs)
{
	uint64_t v;
	bool ok = pop_args(ctxt, nargs, 1, &v);
	valuePush(ctxt, xmlXPathNewFloat(ok ? __builtin_popcountll(v) : xmlXPathNAN));
}

/* bdf(text): the leading "bb:dd.f" of text, normalised to lower case ("" if there is none). */
static void fn_bdf(xmlXPathParserContextPtr ctxt, int nargs)
{
	if (nargs != 1) {
		xmlXPathSetArityError(ctxt);
		return;
	}
	xmlChar *s = xmlXPathPopString(ctxt);
	struct bdf b;
	const char *rest;
	char buf[16] = "";
	if (s && value_bdf((const char *)s, &b, &rest) == 0)
		snprintf(buf, sizeof(buf), "%02x:%02x.%x", b.bus, b.dev, b.fn);
	xmlFree(s);
	valuePush(ctxt, xmlXPathNewCString(buf));
}

static const struct board_pci_dev *find_pci(const struct board *b, const char *text)
{
	struct bdf bdf;
	const char *rest;
	if (!b || value_bdf(text, &bdf, &rest) != 0)
		return NULL;
	for (size_t i = 0; i < b->pci_count; i++)
		if (bdf_id(b->pci[i].bdf) == bdf_id(bdf))
			return &b->pci[i];
	return NULL;
}

/* An element of that name, outside any namespace (an XPath name test without prefix)? */
static bool is_elem(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && !n->ns && xmlStrEqual(n->name, BAD_CAST name);
}

/* @name as a number, when it is one. */
static bool attr_number(const xmlNode *n, const char *name, double *out)
{
	xmlChar *s = xmlGetNoNsProp(n, BAD_CAST name);
	uint64_t v;
	bool ok = s && value_u64((const char *)s, &v) == 0;
	xmlFree(s);
	*out = ok ? (double)v : 0;
	return ok;
}

/* Is n a <bus type="pci">? */
static bool is_pci_bus(const xmlNode *n)
{
	if (!n || !is_elem(n, "bus"))
		return false;
	xmlChar *type = xmlGetNoNsProp(n, BAD_CAST "type");
	bool pci = type && xmlStrEqual(type, BAD_CAST "pci");
	xmlFree(type);
	return pci;
}

/* Indexes the PCI functions below n (n itself excluded), in document order. */
static void index_pci_functions(struct builtin_state *st, xmlNodePtr n)
{
	for (xmlNodePtr c = n->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		struct pci_function f = {0, 0, c};
		if (is_elem(c, "device") && is_pci_bus(c->parent) &&
		    attr_number(c, "address", &f.devfn) &&
		    attr_number(c->parent, "address", &f.bus)) {
			st->pci = xrealloc(st->pci, (st->pci_count + 1) * sizeof(*st->pci));
			st->pci[st->pci_count++] = f;
		}
		index_pci_functions(st, c);
	}
}

/*
 * pci-device(bdf): the board's <device> elements that are the PCI function bdf, in document
 * order; the same nodes as $board/devices/descendant::bus[@type = 'pci'][num(@address) = BUS]
 * /device[num(@address) = DEV * 65536 + FN]. The XPath cost the rules that pair a passthrough
 * device with its board entry 0.4-1.4M instructions each; the devices tree is walked once per
 * run instead, at the first call, into an index of the board's PCI functions.
 */
static void fn_pci_device(xmlXPathParserContextPtr ctxt, int nargs)
{
	if (nargs != 1) {
		xmlXPathSetArityError(ctxt);
		return;
	}
	xmlChar *s = xmlXPathPopString(ctxt);
	struct builtin_state *st = state(ctxt);
	const struct xml_source *board = st->in->board_src;
	struct bdf b;
	const char *rest;
	xmlNodeSetPtr set = xmlXPathNodeSetCreate(NULL);
	if (board && !st->pci_indexed) {
		for (xmlNodePtr c = xmlDocGetRootElement(board->doc)->children; c; c = c->next)
			if (is_elem(c, "devices"))
				index_pci_functions(st, c);
		st->pci_indexed = true;
	}
	if (s && board && value_bdf((const char *)s, &b, &rest) == 0) {
		double bus = (double)b.bus, devfn = (double)(((uint64_t)b.dev << 16) | b.fn);
		for (size_t i = 0; i < st->pci_count; i++)
			if (st->pci[i].bus == bus && st->pci[i].devfn == devfn)
				xmlXPathNodeSetAdd(set, st->pci[i].node);
	}
	xmlFree(s);
	valuePush(ctxt, xmlXPathWrapNodeSet(set));
}

/* pci-class(bdf): the board device's class code as 0x hex, "" when the board lacks it. */
static void fn_pci_class(xmlXPathParserContextPtr ctxt, int nargs)
{
	if (nargs != 1) {
		xmlXPathSetArityError(ctxt);
		return;
	}
	xmlChar *s = xmlXPathPopString(ctxt);
	const struct board_pci_dev *d = s ? find_pci(input(ctxt)->board, (const char *)s) : NULL;
	xmlFree(s);
	char buf[16] = "";
	if (d && d->from_legacy_only)
		snprintf(buf, sizeof(buf), "%s",
			 d->is_host_bridge ? "0x060000"
			 : d->is_bridge	   ? "0x060400"
					   : "0x000000");
	else if (d)
		snprintf(buf, sizeof(buf), "0x%06x", d->class_code);
	valuePush(ctxt, xmlXPathNewCString(buf));
}

/* ---- DMA remapping: which unit of DRHD_INFO translates a device's DMA ---- */

static const struct board_pci_dev *find_pci_bdf(const struct board *b, struct bdf bdf)
{
	for (size_t i = 0; i < b->pci_count; i++)
		if (bdf_id(b->pci[i].bdf) == bdf_id(bdf))
			return &b->pci[i];
	return NULL;
}

/* Does scope s name device d itself, or a bridge that d sits below? */
static bool scope_covers(const struct board *b, const struct board_drhd_scope *s,
			 const struct board_pci_dev *d)
{
	if (s->known != 7 || s->bus > 0xff || s->path > 0xff)
		return false;
	struct bdf at = {(uint8_t)s->bus, (uint8_t)(s->path >> 3), (uint8_t)(s->path & 7)};
	if (s->type == DRHD_SCOPE_ENDPOINT)
		return bdf_id(at) == bdf_id(d->bdf);
	/* up the bridges; a board file with repeated BDFs cannot make this loop for ever */
	for (unsigned depth = 0; s->type == DRHD_SCOPE_BRIDGE && d && depth < 256; depth++) {
		if (bdf_id(at) == bdf_id(d->bdf))
			return true;
		d = d->has_upstream ? find_pci_bdf(b, d->upstream) : NULL;
	}
	return false;
}

/*
 * The unit whose scopes name the device or a bridge above it, else a unit of segment 0 (all
 * scenario BDFs are) that covers every device no other unit lists; NULL when none does.
 */
static const struct board_drhd *dmar_unit_of(const struct board *b, const struct board_pci_dev *d)
{
	for (size_t i = 0; i < b->drhd_scope_count; i++)
		if (scope_covers(b, &b->drhd_scopes[i], d))
			for (size_t k = 0; k < b->drhd_count; k++)
				if (b->drhds[k].index == b->drhd_scopes[i].unit)
					return &b->drhds[k];
	for (size_t k = 0; k < b->drhd_count; k++)
		if (b->drhds[k].include_all && b->drhds[k].segment == 0)
			return &b->drhds[k];
	return NULL;
}

/* dmar-unit(bdf): the DMA remapping unit covering the board's device at bdf ("DRHD1"), or "". */
static void fn_dmar_unit(xmlXPathParserContextPtr ctxt, int nargs)
{
	if (nargs != 1) {
		xmlXPathSetArityError(ctxt);
		return;
	}
	xmlChar *s = xmlXPathPopString(ctxt);
	const struct board *b = input(ctxt)->board;
	const struct board_pci_dev *d = s ? find_pci(b, (const char *)s) : NULL;
	const struct board_drhd *u = d ? dmar_unit_of(b, d) : NULL;
	xmlFree(s);
	char buf[24] = "";
	if (u)
		snprintf(buf, sizeof(buf), "DRHD%u", u->index);
	valuePush(ctxt, xmlXPathNewCString(buf));
}

/* in-ram(start, len): does the range lie inside one of the board's RAM ranges? */
static void fn_in_ram(xmlXPathParserContextPtr ctxt, int nargs)
{
	uint64_t v[2], end;
	const struct board *b = input(ctxt)->board;
	bool inside = false;
	if (pop_args(ctxt, nargs, 2, v) && b && end_of(v[0], v[1], &end) && v[1])
		for (size_t i = 0; i < b->ram_count && !inside; i++)
			inside = v[0] >= b->ram[i].start && end - 1 <= b->ram[i].end;
	valuePush(ctxt, xmlXPathNewBoolean(inside));
}

/* ram-total(): bytes of RAM the board has, as 0x hex. */
static void fn_ram_total(xmlXPathParserContextPtr ctxt, int nargs)
{
	const struct board *b = input(ctxt)->board;
	uint64_t total = 0;
	if (nargs != 0) {
		xmlXPathSetArityError(ctxt);
		return;
	}
	for (size_t i = 0; b && i < b->ram_count; i++)
		total += b->ram[i].end - b->ram[i].start + 1;
	push_hex(ctxt, total);
}

/* Appends to a growing string; the lists below stop after a screenful. */
static char *append(char *out, const char *text)
{
	char *next = xasprintf("%s%s%s", out, *out ? ", " : "", text);
	free(out);
	return next;
}

#define LIST_MAX 24

/* ram-list(): the board's RAM ranges as "start-end" (inclusive), for messages. */
static void fn_ram_list(xmlXPathParserContextPtr ctxt, int nargs)
{
	const struct board *b = input(ctxt)->board;
	char *out = xstrdup(""), buf[48];
	if (nargs != 0) {
		xmlXPathSetArityError(ctxt);
		free(out);
		return;
	}
	for (size_t i = 0; b && i < b->ram_count && i < LIST_MAX; i++) {
		snprintf(buf, sizeof(buf), "0x%llx-0x%llx", (unsigned long long)b->ram[i].start,
			 (unsigned long long)b->ram[i].end);
		out = append(out, buf);
	}
	valuePush(ctxt, xmlXPathNewCString(*out ? out : "none"));
	free(out);
}

/* pci-list(): the board's PCI functions as BDFs, for messages. */
static void fn_pci_list(xmlXPathParserContextPtr ctxt, int nargs)
{
	const struct board *b = input(ctxt)->board;
	char *out = xstrdup(""), buf[16];
	if (nargs != 0) {
		xmlXPathSetArityError(ctxt);
		free(out);
		return;
	}
	for (size_t i = 0; b && i < b->pci_count && i < LIST_MAX; i++) {
		const struct bdf *d = &b->pci[i].bdf;
		snprintf(buf, sizeof(buf), "%02x:%02x.%x", d->bus, d->dev, d->fn);
		out = append(out, buf);
	}
	if (b && b->pci_count > LIST_MAX)
		out = append(out, "...");
	valuePush(ctxt, xmlXPathNewCString(*out ? out : "none"));
	free(out);
}

/* dmar-list(): the board's DMA remapping units and what each covers, for messages. */
static void fn_dmar_list(xmlXPathParserContextPtr ctxt, int nargs)
{
	const struct board *b = input(ctxt)->board;
	char *out = xstrdup(""), buf[96];
	if (nargs != 0) {
		xmlXPathSetArityError(ctxt);
		free(out);
		return;
	}
	for (size_t i = 0; b && i < b->drhd_count && i < LIST_MAX; i++) {
		const struct board_drhd *u = &b->drhds[i];
		size_t scopes = 0;
		for (size_t k = 0; k < b->drhd_scope_count; k++)
			scopes += b->drhd_scopes[k].unit == u->index;
		if (u->include_all)
			snprintf(buf, sizeof(buf),
				 "DRHD%u (segment %llu: every device no other unit "
				 "lists)",
				 u->index, (unsigned long long)u->segment);
		else
			snprintf(buf, sizeof(buf), "DRHD%u (segment %llu: %zu device scope%s)",
				 u->index, (unsigned long long)u->segment, scopes,
				 scopes == 1 ? "" : "s");
		out = append(out, buf);
	}
	valuePush(ctxt, xmlXPathNewCString(*out ? out : "none"));
	free(out);
}

/* reserved-overlap(start, len): name of a non-RAM top-level IOMEM_INFO range it hits, or "". */
static void fn_reserved_overlap(xmlXPathParserContextPtr ctxt, int nargs)
{
	uint64_t v[2], end;
	const struct board *b = input(ctxt)->board;
	const char *hit = "";
	if (pop_args(ctxt, nargs, 2, v) && b && v[1] && end_of(v[0], v[1], &end))
		for (size_t i = 0; i < b->iomem_count && !*hit; i++) {
			const struct iomem_entry *io = &b->iomem[i];
			if (io->depth == 0 && strcmp(io->name, "System RAM") != 0 &&
			    v[0] <= io->end && end - 1 >= io->start)
				hit = io->name;
		}
	valuePush(ctxt, xmlXPathNewCString(hit));
}

/* The hypervisor's memory as the resolver places it: the scenario's, else resolve.h's. */
static void hv_ram(xmlXPathParserContextPtr ctxt, uint64_t *start, uint64_t *size)
{
	const struct scenario *s = input(ctxt)->scenario;
	*start = s && s->hv.hv_ram_start.set ? s->hv.hv_ram_start.value : RES_HV_RAM_START;
	*size = s && s->hv.hv_ram_size.set ? s->hv.hv_ram_size.value : RES_HV_RAM_SIZE;
}

/* hv-overlap(start, len): does the range hit the hypervisor's own memory? */
static void fn_hv_overlap(xmlXPathParserContextPtr ctxt, int nargs)
{
	uint64_t v[2], end = 0, hv, size, hv_end = 0;
	bool ok = pop_args(ctxt, nargs, 2, v) && v[1] && end_of(v[0], v[1], &end);
	hv_ram(ctxt, &hv, &size);
	ok = ok && size && end_of(hv, size, &hv_end);
	valuePush(ctxt, xmlXPathNewBoolean(ok && v[0] < hv_end && hv < end));
}

/* hv-ram-start(), hv-ram-size(): the hypervisor's memory, as 0x hex. */
static void push_hv_ram(xmlXPathParserContextPtr ctxt, int nargs, bool want_size)
{
	char buf[24];
	uint64_t start, size;
	if (nargs != 0) {
		xmlXPathSetArityError(ctxt);
		return;
	}
	hv_ram(ctxt, &start, &size);
	snprintf(buf, sizeof(buf), "0x%llx", (unsigned long long)(want_size ? size : start));
	valuePush(ctxt, xmlXPathNewCString(buf));
}

static void fn_hv_ram_start(xmlXPathParserContextPtr ctxt, int nargs)
{
	push_hv_ram(ctxt, nargs, false);
}

static void fn_hv_ram_size(xmlXPathParserContextPtr ctxt, int nargs)
{
	push_hv_ram(ctxt, nargs, true);
}

/* boot-area-overlap(start, len): does the range reach into the boot area (resolve.h)? */
static void fn_boot_area_overlap(xmlXPathParserContextPtr ctxt, int nargs)
{
	uint64_t v[2], end;
	bool ok = pop_args(ctxt, nargs, 2, v) && v[1] && end_of(v[0], v[1], &end);
	valuePush(ctxt,
		  xmlXPathNewBoolean(ok && v[0] < RES_BOOT_AREA_END && RES_BOOT_AREA_START < end));
}

/* boot-area(): the boot area as "start-end" (inclusive), for messages. */
static void fn_boot_area(xmlXPathParserContextPtr ctxt, int nargs)
{
	char buf[48];
	if (nargs != 0) {
		xmlXPathSetArityError(ctxt);
		return;
	}
	snprintf(buf, sizeof(buf), "0x%llx-0x%llx", (unsigned long long)RES_BOOT_AREA_START,
		 (unsigned long long)(RES_BOOT_AREA_END - 1));
	valuePush(ctxt, xmlXPathNewCString(buf));
}

/* sum-mb(nodes): the sum of the nodes' values (MiB) in bytes, as 0x hex. */
static void fn_sum_mb(xmlXPathParserContextPtr ctxt, int nargs)
{
	if (nargs != 1) {
		xmlXPathSetArityError(ctxt);
		return;
	}
	xmlNodeSetPtr set = xmlXPathPopNodeSet(ctxt);
	uint64_t total = 0;
	for (int i = 0; set && i < set->nodeNr; i++) {
		xmlChar *s = xmlNodeGetContent(set->nodeTab[i]);
		uint64_t v = 0;
		if (s && value_u64((const char *)s, &v) == 0 && v <= UINT64_MAX / MIB)
			total += v * MIB;
		xmlFree(s);
	}
	xmlXPathFreeNodeSet(set);
	push_hex(ctxt, total);
}

/* join(nodes, separator): the nodes' string values joined. */
static void fn_join(xmlXPathParserContextPtr ctxt, int nargs)
{
	if (nargs != 2) {
		xmlXPathSetArityError(ctxt);
		return;
	}
	xmlChar *sep = xmlXPathPopString(ctxt);
	xmlNodeSetPtr set = xmlXPathPopNodeSet(ctxt);
	char *out = xstrdup("");
	for (int i = 0; set && i < set->nodeNr; i++) {
		xmlChar *s = xmlNodeGetContent(set->nodeTab[i]);
		char *next =
		    xasprintf("%s%s%s", out, i ? (const char *)sep : "", s ? (char *)s : "");
		xmlFree(s);
		free(out);
		out = next;
	}
	xmlXPathFreeNodeSet(set);
	xmlFree(sep);
	valuePush(ctxt, xmlXPathNewCString(out));
	free(out);
}

/*
 * choose(cond, a, b): a if cond is true, else b, as strings. Messages use it to say what to
 * add where ("add <pcpu> to its <cpu_affinity>" or "add <cpu_affinity>...").
 */
static void fn_choose(xmlXPathParserContextPtr ctxt, int nargs)
{
	if (nargs != 3) {
		xmlXPathSetArityError(ctxt);
		return;
	}
	xmlChar *otherwise = xmlXPathPopString(ctxt);
	xmlChar *then = xmlXPathPopString(ctxt);
	int cond = xmlXPathPopBoolean(ctxt);
	valuePush(ctxt, xmlXPathNewString(cond ? then : otherwise));
	xmlFree(then);
	xmlFree(otherwise);
}

/*
 * What a function needs besides its arguments: the board's or the scenario's model, or the
 * board document's PCI devices (pci-device reads the names below as its XPath form would:
 * where either input has one of them broken, a rule calling it is skipped as that form was).
 */
enum builtin_needs { NEEDS_NOTHING, NEEDS_BOARD_MODEL, NEEDS_SCENARIO_MODEL, NEEDS_BOARD_DEVICES };

static const char *const device_names[] = {"devices", "bus", "type", "address", "device"};

static bool devices_sound(const struct check_input *in)
{
	if (!in->board_src)
		return false;
	for (size_t i = 0; i < ARRAY_SIZE(device_names); i++) {
		size_t len = strlen(device_names[i]);
		if ((in->board_broken && broken_has(in->board_broken, device_names[i], len)) ||
		    (in->scenario_broken && broken_has(in->scenario_broken, device_names[i], len)))
			return false;
	}
	return true;
}

static const struct builtin {
	const char *name;
	xmlXPathFunction fn;
	enum builtin_needs needs;
} builtins[] = {
    {"overlaps", fn_overlaps, NEEDS_NOTHING},
    {"within", fn_within, NEEDS_NOTHING},
    {"mb", fn_mb, NEEDS_NOTHING},
    {"hex", fn_hex, NEEDS_NOTHING},
    {"num", fn_num, NEEDS_NOTHING},
    {"lt", fn_lt, NEEDS_NOTHING},
    {"is-pow2", fn_is_pow2, NEEDS_NOTHING},
    {"contiguous-mask", fn_contiguous_mask, NEEDS_NOTHING},
    {"popcount", fn_popcount, NEEDS_NOTHING},
    {"bits-fit", fn_bits_fit, NEEDS_NOTHING},
    {"aligned", fn_aligned, NEEDS_NOTHING},
    {"bdf", fn_bdf, NEEDS_NOTHING},
    {"pci-class", fn_pci_class, NEEDS_BOARD_MODEL},
    {"pci-device", fn_pci_device, NEEDS_BOARD_DEVICES},
    {"in-ram", fn_in_ram, NEEDS_BOARD_MODEL},
    {"ram-total", fn_ram_total, NEEDS_BOARD_MODEL},
    {"ram-list", fn_ram_list, NEEDS_BOARD_MODEL},
    {"pci-list", fn_pci_list, NEEDS_BOARD_MODEL},
    {"dmar-unit", fn_dmar_unit, NEEDS_BOARD_MODEL},
    {"dmar-list", fn_dmar_list, NEEDS_BOARD_MODEL},
    {"reserved-overlap", fn_reserved_overlap, NEEDS_BOARD_MODEL},
    {"hv-overlap", fn_hv_overlap, NEEDS_SCENARIO_MODEL},
    {"hv-ram-start", fn_hv_ram_start, NEEDS_SCENARIO_MODEL},
    {"hv-ram-size", fn_hv_ram_size, NEEDS_SCENARIO_MODEL},
    {"boot-area-overlap", fn_boot_area_overlap, NEEDS_NOTHING},
    {"boot-area", fn_boot_area, NEEDS_NOTHING},
    {"sum-mb", fn_sum_mb, NEEDS_NOTHING},
    {"join", fn_join, NEEDS_NOTHING},
    {"choose", fn_choose, NEEDS_NOTHING},
};

struct builtin_state *builtins_register(xmlXPathContextPtr ctx, const struct check_input *in)
{
	struct builtin_state *st = xcalloc(1, sizeof(*st));
	st->in = in;
	ctx->userData = st;
	for (size_t i = 0; i < ARRAY_SIZE(builtins); i++)
		xmlXPathRegisterFunc(ctx, BAD_CAST builtins[i].name, builtins[i].fn);
	return st;
}

void builtins_free(struct builtin_state *st)
{
	if (st)
		free(st->pci);
	free(st);
}

bool builtin_available(const char *name, size_t len, const struct check_input *in)
{
	for (size_t i = 0; i < ARRAY_SIZE(builtins); i++) {
		const struct builtin *b = &builtins[i];
		if (strlen(b->name) != len || memcmp(b->name, name, len) != 0)
			continue;
		return (b->needs != NEEDS_BOARD_MODEL || in->board) &&
		       (b->needs != NEEDS_SCENARIO_MODEL || in->scenario) &&
		       (b->needs != NEEDS_BOARD_DEVICES || devices_sound(in));
	}
	return true; /* XPath's own functions need nothing */
}
