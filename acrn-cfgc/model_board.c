/*
 * Board model builder: structured sections (processors, caches, memory, ioapics, devices) and
 * the legacy text sections whose facts the later stages need (IOMEM_INFO, TTYS_INFO,
 * AVAILABLE_IRQ_INFO, CPU_PROCESSOR_INFO, MMCFG_BASE_INFO, DRHD_INFO, PCI_DEVICE, ...).
 */
#include <stdlib.h>
#include <string.h>

#include "model_read.h"
#include "util.h"

#define RULE_LEGACY "board-legacy"

/* ---- processors ---- */

static uint32_t ancestor_id(struct build *b, xmlNodePtr n, const char *name)
{
	for (xmlNodePtr p = n->parent; p && p->type == XML_ELEMENT_NODE; p = p->parent)
		if (xmlStrEqual(p->name, BAD_CAST name)) {
			struct opt_u64 id = build_attr_u64(b, p, "id");
			return id.set ? (uint32_t)id.value : 0;
		}
	return 0;
}

static void collect_threads(struct build *b, struct board *bd, xmlNodePtr n, size_t cap)
{
	for (xmlNodePtr c = node_first(n, NULL); c; c = node_next(c, NULL)) {
		if (!xmlStrEqual(c->name, BAD_CAST "thread")) {
			collect_threads(b, bd, c, cap);
			continue;
		}
		if (bd->thread_count == cap)
			continue;
		struct board_thread *t = &bd->threads[bd->thread_count++];
		t->pos = build_pos(b, c);
		t->cpu_id = (uint32_t)build_required_u64(b, c, "cpu_id", UINT32_MAX);
		t->apic_id = (uint32_t)build_required_u64(b, c, "apic_id", UINT32_MAX);
		t->x2apic_id = (uint32_t)build_child_u64(b, c, "x2apic_id").value;
		t->family = (uint32_t)build_child_u64(b, c, "family_id").value;
		t->model = (uint32_t)build_child_u64(b, c, "model_id").value;
		t->stepping = (uint32_t)build_child_u64(b, c, "stepping_id").value;
		t->core_type = build_child_text(b, c, "core_type");
		t->die_id = ancestor_id(b, c, "die");
		t->core_id = ancestor_id(b, c, "core");
	}
}

static size_t count_named(xmlNodePtr n, const char *name)
{
	size_t k = 0;
	for (xmlNodePtr c = node_first(n, NULL); c; c = node_next(c, NULL))
		k += xmlStrEqual(c->name, BAD_CAST name) ? 1 : count_named(c, name);
	return k;
}

static void build_processors(struct build *b, struct board *bd, xmlNodePtr root)
{
	xmlNodePtr procs = node_first(root, "processors");
	size_t cap = count_named(procs, "thread");
	bd->threads = BUILD_ARRAY(b, cap, struct board_thread);
	collect_threads(b, bd, procs, cap);
}

/* ---- caches ---- */

static void build_cache(struct build *b, struct board_cache *c, xmlNodePtr n)
{
	c->pos = build_pos(b, n);
	c->level = (uint32_t)build_attr_u64(b, n, "level").value;
	c->id = (uint32_t)build_attr_u64(b, n, "id").value;
	c->type = (uint32_t)build_attr_u64(b, n, "type").value;
	c->size = build_child_u64(b, n, "cache_size").value;
	c->ways = (uint32_t)build_child_u64(b, n, "ways").value;
	c->line_size = (uint32_t)build_child_u64(b, n, "line_size").value;
	c->sets = (uint32_t)build_child_u64(b, n, "sets").value;
	xmlNodePtr procs = node_first(n, "processors");
	c->processor_count = node_count(procs, "processor");
	c->processors = BUILD_ARRAY(b, c->processor_count, uint32_t);
	size_t i = 0;
	for_each_child (p, procs, "processor")
		c->processors[i++] = build_u32_text(b, p);
	for_each_child (cap, n, "capability") {
		const char *id = build_attr(b, cap, "id");
		if (id && strcmp(id, "CAT") == 0) {
			c->cat = true;
			c->cbm_length =
			    (uint32_t)build_child_u64(b, cap, "capacity_mask_length").value;
			c->clos_count = (uint32_t)build_child_u64(b, cap, "clos_number").value;
		} else if (id && strcmp(id, "CDP") == 0) {
			c->cdp = true;
		}
	}
}

static void build_caches(struct build *b, struct board *bd, xmlNodePtr root)
{
	xmlNodePtr caches = node_first(root, "caches");
	bd->cache_count = node_count(caches, "cache");
	bd->caches = BUILD_ARRAY(b, bd->cache_count, struct board_cache);
	size_t i = 0;
	for_each_child (n, caches, "cache")
		build_cache(b, &bd->caches[i++], n);
}

/* ---- memory and ioapics ---- */

static void build_memory(struct build *b, struct board *bd, xmlNodePtr root)
{
	xmlNodePtr mem = node_first(root, "memory");
	bd->ram = BUILD_ARRAY(b, node_count(mem, "range"), struct mem_range);
	for_each_child (n, mem, "range") {
		struct opt_u64 start = build_attr_u64(b, n, "start");
		struct opt_u64 end = build_attr_u64(b, n, "end");
		struct opt_u64 size = build_attr_u64(b, n, "size");
		/* newer inspectors add named non-RAM ranges (a TCC error log); ACRN skips them too
		 */
		const char *id = build_attr(b, n, "id");
		if (!start.set || !end.set || (id && strcmp(id, "RAM") != 0))
			continue;
		struct mem_range *r = &bd->ram[bd->ram_count++];
		r->pos = build_pos(b, n);
		r->start = start.value;
		r->end = end.value;
		if (end.value < start.value) {
			build_broken(b, "range");
			diag_error(b->dl, r->pos, "board-memory",
				   "memory range ends (0x%llx) before it starts (0x%llx)",
				   (unsigned long long)end.value, (unsigned long long)start.value);
		} else if (size.set && size.value != end.value - start.value + 1)
			diag_warning(b->dl, xml_attr_pos(b->src, n, "size"), "board-memory",
				     "memory range size %llu does not match start 0x%llx and end "
				     "0x%llx (%llu bytes)",
				     (unsigned long long)size.value,
				     (unsigned long long)start.value, (unsigned long long)end.value,
				     (unsigned long long)(end.value - start.value + 1));
	}
}

static void build_ioapics(struct build *b, struct board *bd, xmlNodePtr root)
{
	xmlNodePtr list = node_first(root, "ioapics");
	bd->ioapic_count = node_count(list, "ioapic");
	bd->ioapics = BUILD_ARRAY(b, bd->ioapic_count, struct board_ioapic);
	size_t i = 0;
	for_each_child (n, list, "ioapic") {
		struct board_ioapic *io = &bd->ioapics[i++];
		io->pos = build_pos(b, n);
		io->id = (uint32_t)build_attr_u64(b, n, "id").value;
		io->address = build_child_u64(b, n, "address").value;
		io->gsi_base = (uint32_t)build_child_u64(b, n, "gsi_base").value;
		io->gsi_count = (uint32_t)build_child_u64(b, n, "gsi_number").value;
	}
}

/* ---- PCI devices from the devices tree ---- */

struct pci_walk {
	struct build *b;
	struct board *bd;
	size_t cap;
};

static bool is_pci_bus(struct build *b, xmlNodePtr n)
{
	if (!xmlStrEqual(n->name, BAD_CAST "bus"))
		return false;
	const char *type = build_attr(b, n, "type");
	return type && strcmp(type, "pci") == 0;
}

static void read_bar(struct build *b, struct board_pci_dev *d, xmlNodePtr res, const char *id)
{
	uint64_t index = 0;
	if (strncmp(id, "bar", 3) != 0 || value_u64(id + 3, &index) != 0 || index > 5 ||
	    d->bar_count == ARRAY_SIZE(d->bars))
		return;
	struct pci_bar *bar = &d->bars[d->bar_count++];
	const char *type = build_attr(b, res, "type");
	const char *pf = build_attr(b, res, "prefetchable");
	bar->index = (uint32_t)index;
	bar->base = build_attr_u64(b, res, "min").value;
	bar->size = build_attr_u64(b, res, "len").value;
	bar->io = type && strcmp(type, "io_port") == 0;
	bar->is64 = build_attr_u64(b, res, "width").value == 64;
	bar->prefetchable = pf && strcmp(pf, "1") == 0;
}

static void read_resources(struct build *b, struct board_pci_dev *d, xmlNodePtr n)
{
	for_each_child (res, n, "resource") {
		const char *id = build_attr(b, res, "id");
		const char *type = build_attr(b, res, "type");
		if (type && strcmp(type, "interrupt_pin") == 0) {
			d->int_pin = build_attr(b, res, "pin");
			const char *source = build_attr(b, res, "source");
			uint64_t gsi;
			if (source && value_u64(source, &gsi) == 0) {
				d->int_source.set = true;
				d->int_source.value = gsi;
			}
		} else if (id) {
			read_bar(b, d, res, id);
		}
	}
	for_each_child (cap, n, "capability") {
		const char *id = build_attr(b, cap, "id");
		if (!id)
			continue;
		if (strcmp(id, "MSI") == 0) {
			d->msi = true;
			d->msi_vectors = (uint32_t)build_child_u64(b, cap, "count").value;
		} else if (strcmp(id, "MSI-X") == 0) {
			d->msix = true;
			d->msix_table_size = (uint32_t)build_child_u64(b, cap, "table_size").value;
		}
	}
}

/* The device added, or NULL. upstream: the bridge above it in the tree, or NULL. */
static struct board_pci_dev *add_pci_dev(struct pci_walk *w, xmlNodePtr n, uint64_t bus,
					 uint64_t address, const struct board_pci_dev *upstream)
{
	struct build *b = w->b;
	if (w->bd->pci_count == w->cap)
		return NULL;
	if (bus > 0xff || (address >> 16) > 0x1f || (address & 0xffff) > 7) {
		diag_warning(b->dl, build_pos(b, n), RULE_LEGACY,
			     "PCI device address 0x%llx on bus 0x%llx is not a valid "
			     "device/function; ignored",
			     (unsigned long long)address, (unsigned long long)bus);
		return NULL;
	}
	struct board_pci_dev *d = &w->bd->pci[w->bd->pci_count++];
	d->has_upstream = upstream != NULL;
	if (upstream)
		d->upstream = upstream->bdf;
	d->pos = build_pos(b, n);
	d->bdf.bus = (uint8_t)bus;
	d->bdf.dev = (uint8_t)(address >> 16);
	d->bdf.fn = (uint8_t)(address & 0xffff);
	d->vendor = (uint32_t)build_child_u64(b, n, "vendor").value;
	d->device = (uint32_t)build_child_u64(b, n, "identifier").value;
	d->class_code = (uint32_t)build_child_u64(b, n, "class").value;
	d->subsystem_vendor = build_child_u64(b, n, "subsystem_vendor");
	d->subsystem_device = build_child_u64(b, n, "subsystem_identifier");
	d->description = build_attr(b, n, "description");
	d->is_host_bridge = (d->class_code >> 8) == 0x0600;
	d->is_bridge = (d->class_code >> 8) == 0x0604 || (d->class_code >> 8) == 0x0609;
	read_resources(b, d, n);
	return d;
}

/* The PCI devices below n on bus (when known), below the bridge upstream (when any). */
static void walk_devices(struct pci_walk *w, xmlNodePtr n, struct opt_u64 bus,
			 const struct board_pci_dev *upstream)
{
	for (xmlNodePtr c = node_first(n, NULL); c; c = node_next(c, NULL)) {
		struct opt_u64 child_bus = bus;
		const struct board_pci_dev *below = upstream, *d = NULL;
		bool has_vendor = node_first(c, "vendor") != NULL;
		if (is_pci_bus(w->b, c)) {
			child_bus = build_attr_u64(w->b, c, "address");
			/* A PCI root bus element describes its host bridge at device 0. */
			if (has_vendor && child_bus.set && !bus.set)
				add_pci_dev(w, c, child_bus.value, 0, NULL);
		} else if (bus.set && has_vendor && xmlStrEqual(c->name, BAD_CAST "device")) {
			struct opt_u64 addr = build_attr_u64(w->b, c, "address");
			if (addr.set)
				d = add_pci_dev(w, c, bus.value, addr.value, upstream);
		}
		if (d && d->is_bridge)
			below = d;
		if (xmlStrEqual(c->name, BAD_CAST "bus") || xmlStrEqual(c->name, BAD_CAST "device"))
			walk_devices(w, c, child_bus, below);
	}
}

/* ---- legacy text sections ---- */

/* Calls fn for every non-blank line of a text section, with that line's position. */
/* One line of a text section; indent counts the blanks after any leading tabs. */
struct text_line {
	struct srcpos pos;
	unsigned indent;
	const char *text;
};

typedef void (*line_fn)(struct build *b, struct board *bd, const struct text_line *l);

static void for_each_line(struct build *b, struct board *bd, xmlNodePtr root, const char *section,
			  line_fn fn)
{
	xmlNodePtr n = node_first(root, section);
	if (!n)
		return;
	xmlChar *content = xmlNodeGetContent(n);
	struct srcpos pos = build_pos(b, n);
	unsigned line = pos.line;
	for (const char *p = (const char *)content; p && *p;) {
		const char *e = strchr(p, '\n');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		size_t lead = 0, tabs;
		while (lead < len && p[lead] == '\t')
			lead++;
		tabs = lead;
		while (lead < len && (p[lead] == ' ' || p[lead] == '\t'))
			lead++;
		while (len > lead &&
		       (p[len - 1] == ' ' || p[len - 1] == '\t' || p[len - 1] == '\r'))
			len--;
		if (len > lead) {
			struct text_line tl = {{pos.file, line, (unsigned)lead + 1},
					       (unsigned)(lead - tabs),
					       arena_strndup(b->arena, p + lead, len - lead)};
			fn(b, bd, &tl);
		}
		if (!e)
			break;
		p = e + 1;
		line++;
	}
	xmlFree(content);
}

static size_t line_count_estimate(xmlNodePtr root, const char *section)
{
	xmlNodePtr n = node_first(root, section);
	xmlChar *content = n ? xmlNodeGetContent(n) : NULL;
	size_t k = 1;
	for (const xmlChar *p = content; p && *p; p++)
		k += *p == '\n' || *p == ',';
	xmlFree(content);
	return k;
}

/* "0, 1, 2" lists of CPU_PROCESSOR_INFO and AVAILABLE_IRQ_INFO. */
static void parse_number_list(struct build *b, struct srcpos pos, const char *line,
			      const char *section, uint32_t *out, size_t *count)
{
	char *copy = arena_strdup(b->arena, line);
	char *save = NULL;
	for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		uint64_t v;
		if (value_u64(tok, &v) != 0 || v > UINT32_MAX) {
			diag_warning(b->dl, pos, RULE_LEGACY,
				     "%s: '%s' is not a number; expected a comma-separated list",
				     section, tok);
			continue;
		}
		out[(*count)++] = (uint32_t)v;
	}
}

static void cpu_line(struct build *b, struct board *bd, const struct text_line *l)
{
	parse_number_list(b, l->pos, l->text, "CPU_PROCESSOR_INFO", bd->cpu_ids, &bd->cpu_id_count);
}

static void irq_line(struct build *b, struct board *bd, const struct text_line *l)
{
	parse_number_list(b, l->pos, l->text, "AVAILABLE_IRQ_INFO", bd->free_irqs,
			  &bd->free_irq_count);
}

/* "seri:/dev/ttyS0 type:portio base:0x3F8 irq:4" */
static void ttys_line(struct build *b, struct board *bd, const struct text_line *l)
{
	char *copy = arena_strdup(b->arena, l->text);
	struct board_serial s = {.pos = l->pos};
	bool have_base = false;
	char *save = NULL;
	for (char *tok = strtok_r(copy, " \t", &save); tok; tok = strtok_r(NULL, " \t", &save)) {
		char *colon = strchr(tok, ':');
		if (!colon)
			continue;
		*colon = '\0';
		const char *v = colon + 1;
		if (strcmp(tok, "seri") == 0) {
			s.dev_path = v;
		} else if (strcmp(tok, "type") == 0) {
			s.mmio = strcmp(v, "mmio") == 0;
		} else if (strcmp(tok, "base") == 0) {
			have_base = value_u64(v, &s.base) == 0;
		} else if (strcmp(tok, "irq") == 0) {
			s.irq.set = value_u64(v, &s.irq.value) == 0;
		}
	}
	if (!s.dev_path || !have_base) {
		diag_warning(b->dl, l->pos, RULE_LEGACY,
			     "TTYS_INFO: cannot read '%s'; expected e.g. 'seri:/dev/ttyS0 "
			     "type:portio base:0x3F8 irq:4'",
			     l->text);
		return;
	}
	bd->serials[bd->serial_count++] = s;
}

/* "  000a0000-000bffff : PCI Bus 0000:00", two blanks of indent per nesting level */
static void iomem_line(struct build *b, struct board *bd, const struct text_line *l)
{
	const char *dash = strchr(l->text, '-');
	const char *sep = strstr(l->text, " : ");
	uint64_t start, end;
	char *lo = dash ? arena_strndup(b->arena, l->text, (size_t)(dash - l->text)) : NULL;
	char *hi = dash && sep && sep > dash
		       ? arena_strndup(b->arena, dash + 1, (size_t)(sep - dash - 1))
		       : NULL;
	if (!lo || !hi || value_hex(lo, &start) != 0 || value_hex(hi, &end) != 0 || end < start) {
		diag_warning(b->dl, l->pos, RULE_LEGACY,
			     "IOMEM_INFO: cannot read '%s'; expected 'start-end : name' in hex",
			     l->text);
		return;
	}
	struct iomem_entry *e = &bd->iomem[bd->iomem_count++];
	e->pos = l->pos;
	e->start = start;
	e->end = end;
	e->name = sep + 3;
	e->depth = l->indent; /* made relative to the section's own indentation below */
}

static void build_iomem(struct build *b, struct board *bd, xmlNodePtr root)
{
	bd->iomem = BUILD_ARRAY(b, line_count_estimate(root, "IOMEM_INFO"), struct iomem_entry);
	for_each_line(b, bd, root, "IOMEM_INFO", iomem_line);
	/* /proc/iomem nests by two blanks; the section may indent every line by some more */
	uint32_t base = UINT32_MAX;
	for (size_t i = 0; i < bd->iomem_count; i++)
		base = bd->iomem[i].depth < base ? bd->iomem[i].depth : base;
	for (size_t i = 0; i < bd->iomem_count; i++)
		bd->iomem[i].depth = (bd->iomem[i].depth - base) / 2;
}

/* The value of "#define NAME VALUE" in line l when NAME is name: VALUE without C suffixes. */
static char *define_value(struct build *b, const struct text_line *l, const char *name)
{
	const char *key = strstr(l->text, name);
	if (strncmp(l->text, "#define", 7) != 0 || !key || key[strlen(name)] != ' ')
		return NULL;
	char *v = arena_strdup(b->arena, key + strlen(name));
	size_t n = strlen(v);
	while (n && (v[n - 1] == 'U' || v[n - 1] == 'L' || v[n - 1] == 'u' || v[n - 1] == 'l'))
		v[--n] = '\0';
	return v;
}

/* A numeric #define of a legacy section into *out; a warning when it is not a number. */
static void define_u64(struct build *b, const struct text_line *l, const char *section,
		       const char *name, struct opt_u64 *out)
{
	const char *v = define_value(b, l, name);
	if (!v)
		return;
	if (value_u64(v, &out->value) == 0)
		out->set = true;
	else
		diag_warning(b->dl, l->pos, RULE_LEGACY, "%s: cannot read the value of %s in '%s'",
			     section, name, l->text);
}

static void mmcfg_line(struct build *b, struct board *bd, const struct text_line *l)
{
	define_u64(b, l, "MMCFG_BASE_INFO", "DEFAULT_PCI_MMCFG_BASE", &bd->mmcfg_base);
}

static void pm_line(struct build *b, struct board *bd, const struct text_line *l)
{
	char *space = define_value(b, l, "PM1A_CNT_SPACE_ID");
	if (space)
		bd->pm1a_cnt_space = space + strspn(space, " \t");
	define_u64(b, l, "PM_INFO", "PM1A_CNT_ADDRESS", &bd->pm1a_cnt);
}

static void s5_line(struct build *b, struct board *bd, const struct text_line *l)
{
	define_u64(b, l, "S5_INFO", "S5_PKG_VAL_PM1A", &bd->s5_pm1a);
}

static void total_mem_line(struct build *b, struct board *bd, const struct text_line *l)
{
	char *v = arena_strdup(b->arena, l->text);
	char *unit = strstr(v, "kB");
	if (unit)
		*unit = '\0';
	if (value_u64(v, &bd->total_mem_kb.value) == 0)
		bd->total_mem_kb.set = true;
	else
		diag_warning(b->dl, l->pos, RULE_LEGACY, "TOTAL_MEM_INFO: cannot read '%s'",
			     l->text);
}

static void msix_line(struct build *b, struct board *bd, const struct text_line *l)
{
	if (value_u64(l->text, &bd->max_msix_table_num.value) == 0)
		bd->max_msix_table_num.set = true;
	else
		diag_warning(b->dl, l->pos, RULE_LEGACY, "MAX_MSIX_TABLE_NUM: cannot read '%s'",
			     l->text);
}

static void brand_line(struct build *b, struct board *bd, const struct text_line *l)
{
	size_t n = strlen(l->text);
	if (n >= 2 && l->text[0] == '"' && l->text[n - 1] == '"')
		bd->cpu_brand = arena_strndup(b->arena, l->text + 1, n - 2);
	else
		bd->cpu_brand = l->text;
}

/* ---- DRHD_INFO: the DMA remapping units, by index, and their device scopes ---- */

static struct board_drhd *drhd_unit(struct board *bd, uint32_t index, struct srcpos pos)
{
	for (size_t i = 0; i < bd->drhd_count; i++)
		if (bd->drhds[i].index == index)
			return &bd->drhds[i];
	struct board_drhd *u = &bd->drhds[bd->drhd_count++];
	u->index = index;
	u->pos = pos;
	return u;
}

static struct board_drhd_scope *drhd_scope(struct board *bd, uint32_t unit, uint32_t index,
					   struct srcpos pos)
{
	for (size_t i = 0; i < bd->drhd_scope_count; i++)
		if (bd->drhd_scopes[i].unit == unit && bd->drhd_scopes[i].index == index)
			return &bd->drhd_scopes[i];
	struct board_drhd_scope *s = &bd->drhd_scopes[bd->drhd_scope_count++];
	s->unit = unit;
	s->index = index;
	s->pos = pos;
	return s;
}

/* A scope's TYPE, BUS or PATH; its enumeration ID is for IOAPICs and HPETs, not PCI. */
static bool drhd_scope_field(struct board_drhd_scope *s, const char *field, uint64_t v)
{
	static const char *const names[] = {"TYPE", "BUS", "PATH"};
	uint64_t *slots[] = {&s->type, &s->bus, &s->path};
	for (unsigned i = 0; i < ARRAY_SIZE(names); i++)
		if (strcmp(field, names[i]) == 0) {
			*slots[i] = v;
			s->known |= 1u << i;
			return true;
		}
	return strcmp(field, "ID") == 0;
}

static bool drhd_unit_field(struct board_drhd *u, const char *field, const char *value)
{
	uint64_t v = 0;
	if (strcmp(field, "IGNORE") == 0) {
		u->ignore = strcmp(value, "true") == 0;
		return u->ignore || strcmp(value, "false") == 0;
	}
	if (value_u64(value, &v) != 0)
		return false;
	if (strcmp(field, "FLAGS") == 0)
		u->include_all = v & 1;
	else if (strcmp(field, "SEGMENT") == 0)
		u->segment = v;
	return true; /* DEV_CNT and REG_BASE: the scopes themselves are what counts */
}

/* "#define DRHD1_FLAGS 0x1U", "#define DRHD1_DEVSCOPE0_PATH 0xf7U"; DRHD_COUNT is implied. */
static void drhd_line(struct build *b, struct board *bd, const struct text_line *l)
{
	char name[64], value[64];
	unsigned unit, scope;
	int at = 0;
	if (sscanf(l->text, "#define %63s %63s", name, value) != 2 ||
	    strcmp(name, "DRHD_COUNT") == 0)
		return;
	size_t n = strlen(value);
	while (n && (value[n - 1] == 'U' || value[n - 1] == 'L'))
		value[--n] = '\0';
	bool ok = false;
	if (sscanf(name, "DRHD%u_DEVSCOPE%u_%n", &unit, &scope, &at) == 2 && at) {
		uint64_t v;
		ok = value_u64(value, &v) == 0 &&
		     drhd_scope_field(drhd_scope(bd, unit, scope, l->pos), name + at, v);
	} else if (sscanf(name, "DRHD%u_%n", &unit, &at) == 1 && at) {
		ok = drhd_unit_field(drhd_unit(bd, unit, l->pos), name + at, value);
	}
	if (!ok)
		diag_warning(
		    b->dl, l->pos, RULE_LEGACY,
		    "DRHD_INFO: cannot read '%s'; expected e.g. '#define DRHD0_FLAGS 0x1U' "
		    "or '#define DRHD0_DEVSCOPE0_PATH 0x10U'",
		    l->text);
}

static void build_drhd(struct build *b, struct board *bd, xmlNodePtr root)
{
	size_t lines = line_count_estimate(root, "DRHD_INFO");
	bd->drhds = BUILD_ARRAY(b, lines, struct board_drhd);
	bd->drhd_scopes = BUILD_ARRAY(b, lines, struct board_drhd_scope);
	for_each_line(b, bd, root, "DRHD_INFO", drhd_line);
}

static struct board_pci_dev *find_pci(struct board *bd, struct bdf bdf)
{
	for (size_t i = 0; i < bd->pci_count; i++)
		if (bdf_id(bd->pci[i].bdf) == bdf_id(bdf))
			return &bd->pci[i];
	return NULL;
}

/* PCI_DEVICE is lspci output; it adds functions the devices tree lacks. */
static _Thread_local struct board_pci_dev *legacy_current;

static void pci_line(struct build *b, struct board *bd, const struct text_line *l)
{
	struct bdf bdf;
	const char *desc;
	if (value_bdf(l->text, &bdf, &desc) == 0) {
		legacy_current = NULL;
		if (find_pci(bd, bdf))
			return; /* the devices tree already knows it, with more detail */
		struct board_pci_dev *d = &bd->pci[bd->pci_count++];
		d->pos = l->pos;
		d->bdf = bdf;
		d->description = l->text;
		d->from_legacy_only = true;
		d->is_host_bridge = strstr(desc, "Host bridge") == desc;
		d->is_bridge = strstr(desc, "PCI bridge") == desc;
		legacy_current = d;
		return;
	}
	uint64_t index, base;
	const char *at = strstr(l->text, " at ");
	if (!legacy_current || strncmp(l->text, "Region ", 7) != 0 || !at)
		return;
	char *idx = arena_strndup(b->arena, l->text + 7, strcspn(l->text + 7, ":"));
	char *hex = arena_strndup(b->arena, at + 4, strcspn(at + 4, " "));
	if (value_u64(idx, &index) != 0 || index > 5 || value_hex(hex, &base) != 0 ||
	    legacy_current->bar_count == ARRAY_SIZE(legacy_current->bars))
		return;
	struct pci_bar *bar = &legacy_current->bars[legacy_current->bar_count++];
	bar->index = (uint32_t)index;
	bar->base = base;
	bar->io = strstr(l->text, "I/O ports") != NULL;
	bar->is64 = strstr(l->text, "64-bit") != NULL;
	bar->prefetchable = strstr(l->text, ", prefetchable") != NULL;
	const char *size = strstr(l->text, "[size=");
	uint64_t n;
	if (size) {
		char *num = arena_strndup(b->arena, size + 6, strcspn(size + 6, "KMG]"));
		char unit = size[6 + strlen(num)];
		if (value_u64(num, &n) == 0)
			bar->size = n << (unit == 'K'	? 10
					  : unit == 'M' ? 20
					  : unit == 'G' ? 30
							: 0);
	}
}

static void build_legacy(struct build *b, struct board *bd, xmlNodePtr root)
{
	bd->cpu_ids = BUILD_ARRAY(b, line_count_estimate(root, "CPU_PROCESSOR_INFO"), uint32_t);
	for_each_line(b, bd, root, "CPU_PROCESSOR_INFO", cpu_line);
	bd->free_irqs = BUILD_ARRAY(b, line_count_estimate(root, "AVAILABLE_IRQ_INFO"), uint32_t);
	for_each_line(b, bd, root, "AVAILABLE_IRQ_INFO", irq_line);
	bd->serials = BUILD_ARRAY(b, line_count_estimate(root, "TTYS_INFO"), struct board_serial);
	for_each_line(b, bd, root, "TTYS_INFO", ttys_line);
	build_iomem(b, bd, root);
	for_each_line(b, bd, root, "MMCFG_BASE_INFO", mmcfg_line);
	for_each_line(b, bd, root, "PM_INFO", pm_line);
	for_each_line(b, bd, root, "S5_INFO", s5_line);
	for_each_line(b, bd, root, "TOTAL_MEM_INFO", total_mem_line);
	for_each_line(b, bd, root, "MAX_MSIX_TABLE_NUM", msix_line);
	for_each_line(b, bd, root, "CPU_BRAND", brand_line);
	build_drhd(b, bd, root);
}

/* ---- sections ---- */

/*
 * The sections this builder reads, each exactly once. board.xsd cannot require them: a key's
 * field must be of simple type, and a key on the root would be matched at every element of
 * the board, doubling its validation time (board.xsd, rule 4).
 */
static const char *const board_sections[] = {
    "processors",
    "caches",
    "memory",
    "ioapics",
    "devices",
    "PCI_DEVICE",
    "PM_INFO",
    "S5_INFO",
    "DRHD_INFO",
    "CPU_BRAND",
    "MMCFG_BASE_INFO",
    "IOMEM_INFO",
    "TTYS_INFO",
    "AVAILABLE_IRQ_INFO",
    "TOTAL_MEM_INFO",
    "CPU_PROCESSOR_INFO",
    "MAX_MSIX_TABLE_NUM",
};

static void require_sections(struct build *b, xmlNodePtr root)
{
	for (size_t i = 0; i < ARRAY_SIZE(board_sections); i++) {
		const char *name = board_sections[i];
		xmlNodePtr first = node_first(root, name);
		if (!first) {
			diag_error(b->dl, build_pos(b, root), "schema-element",
				   "<acrn-config> is missing a required element: expected %s",
				   name);
			build_broken(b, name);
			continue;
		}
		for (xmlNodePtr n = node_next(first, name); n; n = node_next(n, name)) {
			build_broken(b, name);
			struct diag *d = diag_error(
			    b->dl, build_pos(b, n), "schema-element",
			    "element <%s> is repeated: acrn-cfgc reads one per <acrn-config>",
			    name);
			diag_add_note(d, build_pos(b, first), "the first <%s> is here", name);
		}
	}
}

unsigned board_build(struct board *bd, const struct xml_source *src, struct arena *a,
		     struct diag_list *dl, struct broken_names *broken)
{
	struct build b = {src, a, dl, broken};
	unsigned before = dl->errors;
	xmlNodePtr root = xmlDocGetRootElement(src->doc);
	memset(bd, 0, sizeof(*bd));
	bd->path = src->path;
	bd->pos = build_pos(&b, root);
	bd->name = build_attr(&b, root, "board");
	require_sections(&b, root);
	build_processors(&b, bd, root);
	build_caches(&b, bd, root);
	build_memory(&b, bd, root);
	build_ioapics(&b, bd, root);
	build_legacy(&b, bd, root);

	xmlNodePtr devices = node_first(root, "devices");
	struct pci_walk w = {&b, bd,
			     count_named(devices, "device") + count_named(devices, "bus") +
				 line_count_estimate(root, "PCI_DEVICE")};
	bd->pci = BUILD_ARRAY(&b, w.cap, struct board_pci_dev);
	struct opt_u64 no_bus = {false, 0};
	walk_devices(&w, devices, no_bus, NULL);
	legacy_current = NULL;
	for_each_line(&b, bd, root, "PCI_DEVICE", pci_line);
	legacy_current = NULL;
	return dl->errors - before;
}
