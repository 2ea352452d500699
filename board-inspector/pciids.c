/* pci.ids: vendors, devices, classes and subclasses, indexed in one pass over the file. */
#include "pciids.h"

#include <stdlib.h>
#include <string.h>

#include "capture.h"
#include "source.h"
#include "util.h"

enum kind { VENDOR, DEVICE, CLASS, SUBCLASS };

struct entry {
	enum kind kind;
	uint16_t id;
	const char *name;
	bool used;
	size_t parent;
};

struct pciids {
	char *text;
	struct entry *e;
	size_t n, cap;
	size_t *tops; /* the vendor and class entries: lookups scan these, not every device */
	size_t ntops, captops;
	char *path;
};

static const char *const paths[] = {"/usr/share/misc/pci.ids", "/usr/share/hwdata/pci.ids",
				    "/usr/share/pci.ids"};

static void add(struct pciids *ids, enum kind kind, uint64_t id, const char *name, size_t parent)
{
	GROW(ids->e, ids->n, ids->cap);
	ids->e[ids->n++] = (struct entry){kind, (uint16_t)id, name, false, parent};
}

static void add_top(struct pciids *ids, size_t *top)
{
	*top = ids->n;
	GROW(ids->tops, ids->ntops, ids->captops);
	ids->tops[ids->ntops++] = ids->n;
}

/* "XXXX  name" after prefix; digits hex digits, then two blanks. */
static bool id_line(const char *l, size_t digits, uint64_t *id, const char **name)
{
	size_t n = strlen(l);
	if (n < digits + 3 || l[digits] != ' ' || l[digits + 1] != ' ' ||
	    parse_hex_n(l, digits, id) != 0)
		return false;
	*name = l + digits + 2;
	return true;
}

static void parse_line(struct pciids *ids, const char *l, bool *classes, size_t *top)
{
	uint64_t id;
	const char *name;
	if (l[0] == 'C' && l[1] == ' ' && id_line(l + 2, 2, &id, &name)) {
		*classes = true;
		add_top(ids, top);
		add(ids, CLASS, id, name, 0);
	} else if (l[0] != '\t' && !*classes && id_line(l, 4, &id, &name)) {
		add_top(ids, top);
		add(ids, VENDOR, id, name, 0);
	} else if (l[0] == '\t' && l[1] != '\t' && ids->n &&
		   id_line(l + 1, *classes ? 2 : 4, &id, &name)) {
		add(ids, *classes ? SUBCLASS : DEVICE, id, name, *top);
	}
}

struct pciids *pciids_parse(char *text, size_t len)
{
	struct pciids *ids = xcalloc(1, sizeof(*ids));
	bool classes = false;
	size_t top = 0;
	ids->text = text;
	for (size_t pos = 0; pos < len;) {
		char *l = text + pos, *nl = memchr(l, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - l) : len - pos;
		l[n] = '\0'; /* the buffer is NUL-terminated, so this is in bounds at the end too */
		if (n && l[0] != '#')
			parse_line(ids, l, &classes, &top);
		pos += n + 1;
	}
	return ids;
}

struct pciids *pciids_load(struct source *s)
{
	for (size_t i = 0; i < ARRAY_SIZE(paths); i++) {
		struct buf b = {0};
		if (source_read(s, paths[i], 16u << 20, SRC_NO_CAPTURE, &b) != 0) {
			buf_free(&b);
			continue;
		}
		struct pciids *ids = pciids_parse(b.data, b.len);
		ids->path = xstrdup(paths[i]);
		return ids;
	}
	return NULL;
}

void pciids_free(struct pciids *ids)
{
	if (!ids)
		return;
	free(ids->text);
	free(ids->e);
	free(ids->tops);
	free(ids->path);
	free(ids);
}

static struct entry *find(struct pciids *ids, enum kind top_kind, uint16_t top, enum kind kind,
			  uint16_t id)
{
	for (size_t t = 0; ids && t < ids->ntops; t++) {
		size_t i = ids->tops[t];
		if (ids->e[i].kind != top_kind || ids->e[i].id != top)
			continue;
		if (kind == top_kind)
			return &ids->e[i];
		for (size_t j = i + 1; j < ids->n && ids->e[j].kind == kind; j++)
			if (ids->e[j].id == id)
				return &ids->e[j];
		return NULL;
	}
	return NULL;
}

static const char *use(struct pciids *ids, struct entry *e)
{
	if (!e)
		return NULL;
	e->used = true;
	ids->e[e->parent].used |= e->kind == DEVICE || e->kind == SUBCLASS;
	return e->name;
}

static char *class_text(struct pciids *ids, uint32_t class_code)
{
	uint8_t cls = (uint8_t)(class_code >> 16), sub = (uint8_t)(class_code >> 8);
	const char *s = use(ids, find(ids, CLASS, cls, SUBCLASS, sub));
	const char *c = use(ids, find(ids, CLASS, cls, CLASS, cls));
	if (s)
		return xstrdup(s);
	if (c)
		return xasprintf("%s [%02x%02x]", c, cls, sub);
	return xasprintf("Class [%02x%02x]", cls, sub);
}

char *pciids_describe(struct pciids *ids, uint32_t class_code, uint16_t vendor, uint16_t device)
{
	char *cls = class_text(ids, class_code), *text;
	const char *v = use(ids, find(ids, VENDOR, vendor, VENDOR, vendor));
	const char *d = use(ids, find(ids, VENDOR, vendor, DEVICE, device));
	if (v && d)
		text = xasprintf("%s: %s %s", cls, v, d);
	else if (v)
		text = xasprintf("%s: %s Device %04x", cls, v, device);
	else
		text = xasprintf("%s: Device %04x:%04x", cls, vendor, device);
	free(cls);
	char *clean = clean_text(text, strlen(text));
	free(text);
	return clean;
}

void pciids_capture(struct pciids *ids, struct source *s)
{
	struct capture *c = source_capture(s);
	struct buf b = {0};
	if (!ids || !c)
		return;
	buf_puts(&b, "# The entries of pci.ids that board-inspector looked up for this board.\n");
	for (size_t i = 0; i < ids->n; i++) {
		const struct entry *e = &ids->e[i];
		static const char *const fmt[] = {"%04x  %s\n", "\t%04x  %s\n", "C %02x  %s\n",
						  "\t%02x  %s\n"};
		if (e->used)
			buf_printf(&b, fmt[e->kind], e->id, e->name);
	}
	capture_put(c, ids->path, b.data, b.len);
	buf_free(&b);
}
