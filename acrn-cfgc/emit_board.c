/*
 * config_board.c in C (emit_board.h): the board part of the resolved document as the tables of
 * struct acfg_board. It was a stylesheet (config_board.c.xsl) and writes the same bytes; in C it
 * costs a few thousand instructions where the stylesheet cost 4.5M to run on a board with a
 * few dozen PCI devices and 1.5M to compile, a tenth of an emit (docs/acrn-cfgc.md, "Speed").
 * Every value is copied as the document spells it (the resolver wrote it), as the stylesheet
 * did; an attribute the document lacks is empty text, as in XPath (emit_text.h).
 */
#include "emit_board.h"

#include <stdlib.h>
#include <string.h>

#include "emit_text.h"
#include "model_read.h" /* the element walk the model builders use */
#include "util.h"

#define NAME_MAX_CHARS 64 /* acfg_board.name, with its NUL */

static void pcpus(struct emit_text *t, xmlNodePtr sec)
{
	et_printf(t, "\nstatic const struct acfg_pcpu pcpus[%zu] = {\n", node_count(sec, "pcpu"));
	for_each_child (p, sec, "pcpu")
		et_printf(t, "\t{.id = %s, .apic_id = %s},\n", et_attr(p, "id"),
			  et_attr(p, "apic_id"));
	et_puts(t, "};\n");
}

/* ram or reserved: the array is named after the section. */
static void ranges(struct emit_text *t, xmlNodePtr sec)
{
	et_printf(t, "\nstatic const struct acfg_mem_range %s[%zu] = {\n", (const char *)sec->name,
		  node_count(sec, "range"));
	for_each_child (r, sec, "range") {
		et_printf(t, "\t{.base = %sU, .size = %sU},", et_attr(r, "start"),
			  et_attr(r, "size"));
		if (et_has_attr(r, "name")) {
			et_puts(t, " /* ");
			et_comment_text(t, et_attr(r, "name"));
			et_puts(t, " */");
		}
		et_puts(t, "\n");
	}
	et_puts(t, "};\n");
}

static void ioapics(struct emit_text *t, xmlNodePtr sec)
{
	et_printf(t, "\nstatic const struct acfg_ioapic ioapics[%zu] = {\n",
		  node_count(sec, "ioapic"));
	for_each_child (a, sec, "ioapic")
		et_printf(t, "\t{.address = %sU, .id = %s, .gsi_base = %s, .gsi_count = %s},\n",
			  et_attr(a, "address"), et_attr(a, "id"), et_attr(a, "gsi_base"),
			  et_attr(a, "gsi_count"));
	et_puts(t, "};\n");
}

/* The Interrupt Pin register's value: INTA# .. INTD# -> 1 .. 4, no pin 0 (as the stylesheet
 * computed it, any other fourth character 1). */
static int int_pin(xmlNodePtr dev)
{
	if (!et_has_attr(dev, "pin"))
		return 0;
	const char *pin = et_attr(dev, "pin");
	size_t i = 0;
	while (*pin && i < 3)
		i += ((unsigned char)*++pin & 0xC0) != 0x80;
	bool ascii = *pin && ((unsigned char)pin[1] & 0xC0) != 0x80;
	const char *at = ascii ? strchr("ABCD", *pin) : NULL;
	return at ? (int)(at - "ABCD") + 1 : 1;
}

/* The first bar of each BAR number, as the hardware has only one. */
static bool first_of_its_index(xmlNodePtr bar)
{
	if (!et_has_attr(bar, "index"))
		return true;
	for (xmlNodePtr p = bar->prev; p; p = p->prev)
		if (p->type == XML_ELEMENT_NODE && xmlStrEqual(p->name, BAD_CAST "bar") &&
		    et_attr_is(p, "index", et_attr(bar, "index")))
			return false;
	return true;
}

static void bar(struct emit_text *t, xmlNodePtr b)
{
	et_printf(t, "\t\t\t[%s] = {.base = %sU, .size = %sU, .type = %s, .flags = %s},\n",
		  et_attr(b, "index"), et_attr(b, "base"), et_attr(b, "size"),
		  et_attr_is(b, "type", "io")	   ? "ACFG_BAR_IO"
		  : et_attr_is(b, "type", "mem64") ? "ACFG_BAR_MEM64"
						   : "ACFG_BAR_MEM32",
		  et_attr_is(b, "prefetchable", "y") ? "ACFG_BAR_PREFETCHABLE" : "0");
}

static double index_of(xmlNodePtr b)
{
	return strtod(et_attr(b, "index"), NULL);
}

/* The device's BARs by number; document order kept among equal numbers (xsl:sort is stable). */
static void bars(struct emit_text *t, xmlNodePtr dev)
{
	size_t n = 0, cap = node_count(dev, "bar");
	xmlNodePtr *list = xcalloc(cap ? cap : 1, sizeof(*list));
	for_each_child (b, dev, "bar")
		if (first_of_its_index(b))
			list[n++] = b;
	for (size_t i = 1; i < n; i++) /* insertion sort: stable, and a device has at most six */
		for (size_t j = i; j > 0 && index_of(list[j - 1]) > index_of(list[j]); j--) {
			xmlNodePtr tmp = list[j];
			list[j] = list[j - 1];
			list[j - 1] = tmp;
		}
	if (n) {
		et_puts(t, "\t\t.bars = {\n");
		for (size_t i = 0; i < n; i++)
			bar(t, list[i]);
		et_puts(t, "\t\t},\n");
	}
	free(list);
}

static void pci_dev(struct emit_text *t, xmlNodePtr d)
{
	et_puts(t, "\t{\n\t\t.bdf = ");
	et_bdf(t, et_attr(d, "bdf"), "ACFG");
	et_printf(t, ", /* %s */\n", et_attr(d, "bdf"));
	et_printf(t, "\t\t.vendor = %s, .device = %s, .class_code = %s,\n", et_attr(d, "vendor"),
		  et_attr(d, "device"), et_attr(d, "class"));
	et_printf(t, "\t\t.int_pin = %d, .gsi = ", int_pin(d));
	et_or_none(t, et_attr(d, "gsi"), "ACFG");
	et_printf(t, ", .flags = %s,\n",
		  et_attr_is(d, "bridge", "host")  ? "ACFG_PCI_HOST_BRIDGE"
		  : et_attr_is(d, "bridge", "pci") ? "ACFG_PCI_BRIDGE"
						   : "0");
	bars(t, d);
	et_puts(t, "\t},\n");
}

static void pci_devs(struct emit_text *t, xmlNodePtr sec)
{
	et_printf(t, "\nstatic const struct acfg_pci_dev pci_devs[%zu] = {\n",
		  node_count(sec, "pci_dev"));
	for_each_child (d, sec, "pci_dev")
		pci_dev(t, d);
	et_puts(t, "};\n");
}

static void console(struct emit_text *t, xmlNodePtr board)
{
	xmlNodePtr c = node_first(board, "serial_console");
	et_puts(t, "\t.console = {.base = ");
	et_or_zero(t, et_attr(c, "base"));
	et_puts(t, ", .irq = ");
	et_or_none(t, et_attr(c, "irq"), "ACFG");
	et_printf(t, ", .type = %s},",
		  et_attr_is(c, "type", "portio") ? "ACFG_SERIAL_PORTIO"
		  : et_attr_is(c, "type", "mmio") ? "ACFG_SERIAL_MMIO"
						  : "ACFG_SERIAL_NONE");
	if (c) {
		et_puts(t, " /* ");
		et_comment_text(t, et_attr(c, "device"));
		et_puts(t, " */");
	}
	et_puts(t, "\n");
}

static void cat(struct emit_text *t, xmlNodePtr board)
{
	xmlNodePtr c = node_first(board, "cat");
	if (c)
		et_printf(
		    t, "\t.cat = {.level = %s, .cbm_length = %s, .clos_count = %s, .cdp = %d},\n",
		    et_attr(c, "level"), et_attr(c, "cbm_length"), et_attr(c, "clos_count"),
		    et_attr_is(c, "cdp", "y"));
	else
		et_puts(t, "\t.cat = {.level = 0},\n");
}

/* .space: ACFG_PM_ and the document's word upper-cased (portio -> PORTIO, mmio -> MMIO). */
static void poweroff(struct emit_text *t, xmlNodePtr board)
{
	xmlNodePtr p = node_first(board, "poweroff");
	if (!p) {
		et_puts(t, "\t.poweroff = {.space = ACFG_PM_NONE},\n");
		return;
	}
	et_printf(t, "\t.poweroff = {.pm1a_cnt = %sU, .space = ACFG_PM_", et_attr(p, "pm1a_cnt"));
	for (const char *s = et_attr(p, "space"); *s; s++) {
		const char *at = strchr("imoprt", *s);
		et_printf(t, "%c", at && *at ? "IMOPRT"[at - "imoprt"] : *s);
	}
	et_printf(t, ", .slp_typ = %s},\n", et_attr(p, "slp_typ"));
}

/* How many items the sections called section hold, over all of them. */
static size_t items(xmlNodePtr board, const char *section, const char *item)
{
	size_t n = 0;
	for_each_child (s, board, section)
		n += node_count(s, item);
	return n;
}

static void board_table(struct emit_text *t, xmlNodePtr root, xmlNodePtr board)
{
	et_puts(t, "\nconst struct acfg_board acfg_board = {\n");
	et_table_header(t, "ACFG_TABLE_BOARD", "acfg_board", EMIT_ABI_REVISION);
	et_puts(t, "\t.name = ");
	et_c_fixed_string(t, root, et_attr(root, "board"), NAME_MAX_CHARS, "the board name");
	et_puts(t, ",\n");
	console(t, board);
	cat(t, board);
	poweroff(t, board);
	size_t n[] = {items(board, "pcpus", "pcpu"), items(board, "ram", "range"),
		      items(board, "reserved", "range"), items(board, "ioapics", "ioapic"),
		      items(board, "pci_devs", "pci_dev")};
	et_printf(t,
		  "\t.pcpu_count = %zu,\n\t.ram_count = %zu,\n\t.reserved_count = %zu,\n"
		  "\t.ioapic_count = %zu,\n\t.pci_dev_count = %zu,\n",
		  n[0], n[1], n[2], n[3], n[4]);
	static const char *const arrays[] = {"pcpus", "ram", "reserved", "ioapics", "pci_devs"};
	for (size_t i = 0; i < ARRAY_SIZE(arrays); i++)
		et_array_ref(t, arrays[i], arrays[i], n[i], "\t");
	et_puts(t, "};\n");
}

/* Each section of the board that has items, in the document's order within each kind. */
static void sections(struct emit_text *t, xmlNodePtr board)
{
	for_each_child (s, board, "pcpus")
		if (node_first(s, "pcpu"))
			pcpus(t, s);
	for_each_child (s, board, NULL)
		if ((xmlStrEqual(s->name, BAD_CAST "ram") ||
		     xmlStrEqual(s->name, BAD_CAST "reserved")) &&
		    node_first(s, "range"))
			ranges(t, s);
	for_each_child (s, board, "ioapics")
		if (node_first(s, "ioapic"))
			ioapics(t, s);
	for_each_child (s, board, "pci_devs")
		if (node_first(s, "pci_dev"))
			pci_devs(t, s);
}

char *emit_board(xmlDocPtr resolved, const char *generator, size_t *len, char **error, long *line)
{
	xmlNodePtr root = xmlDocGetRootElement(resolved);
	if (root && !xmlStrEqual(root->name, BAD_CAST "acrn-resolved"))
		root = NULL;
	xmlNodePtr board = node_first(root, "board");
	struct emit_text t;
	et_open(&t);
	et_banner(&t, root, generator,
		  "The board: pCPUs, memory map, IOAPICs, PCI devices, serial console, CAT.");
	et_puts(&t, "#include <stddef.h>\n\n#include \"config_abi.h\"\n");
	sections(&t, board);
	board_table(&t, root, board);
	return et_close(&t, len, error, line);
}
