/*
 * PCI config space and resource parsing. The config space is whatever the kernel let us
 * read: 4096 bytes as root, 64 otherwise (the header only, so no capabilities).
 */
#include "pci.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "source.h"
#include "util.h"

/* Capability names as lspci spells them (ACRN's board files use these). */
static const char *const std_names[] = {
    [0x01] = "Power Management",
    [0x02] = "AGP",
    [0x03] = "Vital Product Data",
    [0x04] = "Slot Identification",
    [0x05] = "MSI",
    [0x06] = "CompactPCI Hot Swap",
    [0x07] = "PCI-X",
    [0x08] = "HyperTransport",
    [0x09] = "Vendor-Specific",
    [0x0a] = "Debug port",
    [0x0b] = "CompactPCI central resource control",
    [0x0c] = "PCI Standard Hot-Plug Controller",
    [0x0d] = "Subsystem ID and Subsystem Vendor ID",
    [0x0e] = "AGP 8x",
    [0x0f] = "Secure Device",
    [0x10] = "PCI Express",
    [0x11] = "MSI-X",
    [0x12] = "SATA Data/Index Configuration",
    [0x13] = "Advanced Features",
    [0x14] = "Enhanced Allocation",
    [0x15] = "Flattening Portal Bridge",
};

static const char *const ext_names[] = {
    [0x01] = "Advanced Error Reporting",
    [0x02] = "Virtual Channel",
    [0x03] = "Device Serial Number",
    [0x04] = "Power Budgeting",
    [0x05] = "Root Complex Link Declaration",
    [0x06] = "Root Complex Internal Link Control",
    [0x07] = "Root Complex Event Collector Endpoint Association",
    [0x08] = "Multi-Function Virtual Channel",
    [0x09] = "Virtual Channel",
    [0x0a] = "Root Complex Register Block",
    [0x0b] = "Vendor-Specific Extended",
    [0x0c] = "Configuration Access Correlation",
    [0x0d] = "ACS",
    [0x0e] = "ARI",
    [0x0f] = "ATS",
    [0x10] = "SR-IOV",
    [0x11] = "MR-IOV",
    [0x12] = "Multicast",
    [0x13] = "PRI",
    [0x15] = "Resizable BAR",
    [0x16] = "Dynamic Power Allocation",
    [0x17] = "TPH",
    [0x18] = "LTR",
    [0x19] = "Secondary PCI Express",
    [0x1a] = "PMUX",
    [0x1b] = "PASID",
    [0x1c] = "LN Requester",
    [0x1d] = "DPC",
    [0x1e] = "L1 PM Substates",
    [0x1f] = "Precision Time Measurement",
    [0x20] = "M-PCIe",
    [0x21] = "FRS Queueing",
    [0x22] = "Readiness Time Reporting",
    [0x23] = "Designated Vendor-Specific",
    [0x24] = "VF Resizable BAR",
    [0x25] = "Data Link Feature",
    [0x26] = "Physical Layer 16.0 GT/s",
    [0x27] = "Lane Margining at the Receiver",
    [0x28] = "Hierarchy ID",
    [0x29] = "Native PCIe Enclosure Management",
    [0x2a] = "Physical Layer 32.0 GT/s",
    [0x2b] = "Alternate Protocol",
    [0x2c] = "System Firmware Intermediary",
};

static void add_cap(struct pci_func *f, const char *const *table, size_t size, unsigned id)
{
	const char *name = id < size ? table[id] : NULL;
	if (f->ncaps < PCI_MAX_CAPS)
		f->caps[f->ncaps++] = name		   ? name
				      : table == std_names ? "Unknown"
							   : "Unknown Extended";
}

/* ---- standard capabilities ---- */

static bool fits(size_t n, size_t off, size_t len, const char *where, const char *what)
{
	if (off + len <= n)
		return true;
	warn_at(where, off, "%s capability runs past the %zu bytes of config space; not decoded",
		what, n);
	return false;
}

static void decode_msi(const uint8_t *c, size_t n, size_t at, const char *where, struct pci_func *f)
{
	if (!fits(n, at, 4, where, "MSI"))
		return;
	uint16_t ctl = le16(c + at + 2);
	f->msi = (struct pci_msi){true, (ctl >> 7) & 1, (ctl >> 8) & 1, 1u << ((ctl >> 1) & 7)};
	if (f->msi.count > 32)
		f->msi.count = 32; /* 6 and 7 are reserved encodings */
}

static void decode_msix(const uint8_t *c, size_t n, size_t at, const char *where,
			struct pci_func *f)
{
	if (!fits(n, at, 12, where, "MSI-X"))
		return;
	uint32_t table = le32(c + at + 4), pba = le32(c + at + 8);
	f->msix = (struct pci_msix){
	    true, (le16(c + at + 2) & 0x7ff) + 1u, table & 7, pba & 7, table & ~7u, pba & ~7u};
}

static void decode_std(const uint8_t *c, size_t n, size_t at, const char *where, struct pci_func *f)
{
	uint8_t id = c[at];
	add_cap(f, std_names, ARRAY_SIZE(std_names), id);
	if (id == 0x05)
		decode_msi(c, n, at, where, f);
	else if (id == 0x11)
		decode_msix(c, n, at, where, f);
	else if (id == 0x0d && f->bridge && fits(n, at, 8, where, "Subsystem ID")) {
		f->has_subsys = true;
		f->subvendor = le16(c + at + 4);
		f->subdevice = le16(c + at + 6);
	}
}

static void walk_std(const uint8_t *c, size_t n, const char *where, struct pci_func *f)
{
	bool seen[64] = {false};
	if (!(le16(c + 6) & 0x10))
		return; /* status: no capability list */
	for (size_t at = c[0x34] & 0xfc; at;) {
		if (at < 0x40 || at + 2 > n) {
			warn_at(where, at,
				"capability pointer 0x%zx is outside the config space; "
				"list ended",
				at);
			return;
		}
		if (seen[at / 4]) {
			warn_at(where, at, "capability list loops back to 0x%zx; list ended", at);
			return;
		}
		seen[at / 4] = true;
		decode_std(c, n, at, where, f);
		at = c[at + 1] & 0xfc;
	}
}

/* ---- extended capabilities ---- */

static void decode_sriov(const uint8_t *c, size_t n, size_t at, const char *where,
			 struct pci_func *f)
{
	if (!fits(n, at, 0x20, where, "SR-IOV"))
		return;
	const uint8_t *s = c + at;
	f->sriov = (struct pci_sriov){.present = true,
				      .initial = le16(s + 0x0c),
				      .total = le16(s + 0x0e),
				      .num = le16(s + 0x10),
				      .fdl = s[0x12],
				      .offset = le16(s + 0x14),
				      .stride = le16(s + 0x16),
				      .vf_device = le16(s + 0x1a),
				      .page_sizes = le32(s + 0x1c)};
}

static void walk_ext(const uint8_t *c, size_t n, const char *where, struct pci_func *f)
{
	bool seen[1024] = {false};
	for (size_t at = 0x100; at;) {
		if (at < 0x100 || at + 4 > n || (at & 3)) {
			warn_at(where, at,
				"extended capability at 0x%zx is outside the config "
				"space; list ended",
				at);
			return;
		}
		if (seen[at / 4]) {
			warn_at(where, at,
				"extended capability list loops back to 0x%zx; list ended", at);
			return;
		}
		seen[at / 4] = true;
		uint32_t h = le32(c + at);
		if (h == 0 || h == 0xffffffff)
			return; /* no extended capabilities */
		add_cap(f, ext_names, ARRAY_SIZE(ext_names), h & 0xffff);
		if ((h & 0xffff) == 0x10)
			decode_sriov(c, n, at, where, f);
		at = h >> 20;
	}
}

/* ---- header ---- */

/* BARs from the config space; sizes come from the resource file only. */
static void config_bars(const uint8_t *c, struct pci_func *f)
{
	unsigned count = f->header_type == 0 ? 6 : f->header_type == 1 ? 2 : 0;
	for (unsigned i = 0; i < count; i++) {
		uint32_t lo = le32(c + 0x10 + 4 * i);
		bool io = lo & 1, is64 = !io && ((lo >> 1) & 3) == 2;
		uint64_t base = io ? lo & ~3u : lo & ~0xfu;
		if (is64 && i + 1 < count)
			base |= (uint64_t)le32(c + 0x14 + 4 * i) << 32;
		if (base)
			f->bars[f->nbars++] =
			    (struct pci_bar){i, io, is64, !io && (lo & 8), false, base, 0};
		i += is64;
	}
}

void pci_parse_config(const uint8_t *c, size_t n, const char *where, struct pci_func *f)
{
	if (n < 64) {
		warn_at(where, n,
			"config space of %zu bytes ends inside the 64-byte header; "
			"function ignored",
			n);
		return;
	}
	f->config_ok = true;
	f->vendor = le16(c);
	f->device = le16(c + 2);
	f->revision = c[8];
	f->class_code = (uint32_t)c[0xb] << 16 | (uint32_t)c[0xa] << 8 | c[9];
	f->header_type = c[0xe] & 0x7f;
	f->pin = c[0x3d] <= 4 ? c[0x3d] : 0;
	f->bridge = f->header_type == 1;
	if (f->bridge) {
		f->secondary = c[0x19];
		f->subordinate = c[0x1a];
	} else if (f->header_type == 0) {
		f->has_subsys = true;
		f->subvendor = le16(c + 0x2c);
		f->subdevice = le16(c + 0x2e);
	}
	config_bars(c, f);
	f->config_short = n <= 64;
	if (!f->config_short)
		walk_std(c, n, where, f);
	if (n > 0x100)
		walk_ext(c, n, where, f);
}

/* ---- resource file: "start end flags" per line ---- */

#define IORESOURCE_IO	    0x100
#define IORESOURCE_MEM	    0x200
#define IORESOURCE_PREFETCH 0x2000
#define IORESOURCE_MEM_64   0x100000
#define IORESOURCE_DISABLED 0x10000000
#define IORESOURCE_UNSET    0x20000000

static int resource_line(char *line, uint64_t v[3])
{
	char *save = NULL, *tok = strtok_r(line, " \t", &save);
	size_t k = 0;
	for (; tok && k < 3; tok = strtok_r(NULL, " \t", &save))
		if (parse_u64(tok, &v[k++]) != 0)
			return -1;
	return tok || k != 3 ? -1 : 0;
}

static bool usable(const uint64_t v[3])
{
	return (v[2] & (IORESOURCE_IO | IORESOURCE_MEM)) &&
	       !(v[2] & (IORESOURCE_UNSET | IORESOURCE_DISABLED)) && v[0] && v[1] >= v[0];
}

static void resource_bar(struct pci_func *f, unsigned index, const uint64_t v[3])
{
	struct pci_bar *b = &f->bars[f->nbars++];
	*b = (struct pci_bar){.index = index,
			      .io = v[2] & IORESOURCE_IO,
			      .is64 = v[2] & IORESOURCE_MEM_64,
			      .prefetch = v[2] & IORESOURCE_PREFETCH,
			      .size_known = true,
			      .base = v[0],
			      .size = v[1] - v[0] + 1};
}

static void resource_window(struct pci_func *f, const uint64_t v[3])
{
	if (f->nwindows < ARRAY_SIZE(f->windows))
		f->windows[f->nwindows++] = (struct pci_window){
		    v[2] & IORESOURCE_IO, v[2] & IORESOURCE_PREFETCH, v[0], v[1] - v[0] + 1};
}

static size_t split_lines(char *text, char **lines, size_t max)
{
	size_t n = 0;
	char *save = NULL;
	for (char *l = strtok_r(text, "\n", &save); l && n < max; l = strtok_r(NULL, "\n", &save))
		lines[n++] = l;
	return n;
}

/*
 * Lines 0-5 are the BARs, 6 the ROM, 7-12 the SR-IOV BARs when the kernel has IOV support
 * (13 or 17 lines), and a bridge's last four lines its windows (11 or 17 lines).
 */
void pci_parse_resource(const char *text, size_t len, const char *where, struct pci_func *f)
{
	char *copy = xstrndup(text, len), *lines[32];
	size_t n = split_lines(copy, lines, ARRAY_SIZE(lines));
	size_t first_window = f->bridge && n >= 11 ? n - 4 : n;
	f->nbars = 0;
	for (size_t i = 0; i < n; i++) {
		uint64_t v[3];
		if (resource_line(lines[i], v) != 0) {
			warn_line(where, i + 1, "expected 'START END FLAGS' in hex; line ignored");
			continue;
		}
		if (!usable(v))
			continue;
		if (i < 6)
			resource_bar(f, (unsigned)i, v);
		else if (i >= first_window)
			resource_window(f, v);
	}
	free(copy);
}

/* ---- reading ---- */

static int parse_name(const char *name, struct pci_func *f)
{
	unsigned seg, bus, dev, fn;
	char tail;
	if (strlen(name) != 12 ||
	    sscanf(name, "%4x:%2x:%2x.%1x%c", &seg, &bus, &dev, &fn, &tail) != 4 || dev > 31 ||
	    fn > 7)
		return -1;
	f->seg = (uint16_t)seg;
	f->bus = (uint8_t)bus;
	f->dev = (uint8_t)dev;
	f->fn = (uint8_t)fn;
	return 0;
}

static void read_file(struct source *s, const char *dir, const char *file, size_t max,
		      unsigned flags, struct buf *b, int *rc, char **where)
{
	char *path = xasprintf("/sys/bus/pci/devices/%s/%s", dir, file);
	*rc = source_read(s, path, max, flags, b);
	*where = source_path(s, path);
	free(path);
}

static void read_irq(struct source *s, const char *name, struct pci_func *f)
{
	struct buf b = {0};
	char *where;
	uint64_t irq;
	int rc;
	read_file(s, name, "irq", 64, 0, &b, &rc, &where);
	if (rc == 0 && parse_u64(b.data, &irq) == 0 && irq && irq <= UINT32_MAX) {
		f->has_irq = true;
		f->linux_irq = (unsigned)irq;
	}
	free(where);
	buf_free(&b);
}

/* Extended configuration space exists on PCI Express (and PCI-X 2.0) functions only. */
static bool has_extended_space(const struct pci_func *f)
{
	for (size_t i = 0; i < f->ncaps; i++)
		if (strcmp(f->caps[i], "PCI Express") == 0 || strcmp(f->caps[i], "PCI-X") == 0)
			return true;
	return false;
}

/*
 * The first 256 bytes, then the rest only where it can hold capabilities: in a virtual
 * machine every config space dword read traps, so 4096 bytes of a host bridge cost ms.
 */
static void read_config(struct source *s, const char *name, struct pci_func *f)
{
	struct buf b = {0};
	char *where;
	int rc;
	read_file(s, name, "config", 256, SRC_PREFIX, &b, &rc, &where);
	if (rc == 0)
		pci_parse_config((const uint8_t *)b.data, b.len, where, f);
	else
		warn("%s: %s; function %s ignored", where, strerror(-rc), name);
	if (rc == 0 && b.len == 256 && has_extended_space(f)) {
		struct pci_func whole = {
		    .name = f->name, .seg = f->seg, .bus = f->bus, .dev = f->dev, .fn = f->fn};
		free(where);
		read_file(s, name, "config", 4096, 0, &b, &rc, &where);
		if (rc == 0) {
			pci_parse_config((const uint8_t *)b.data, b.len, where, &whole);
			*f = whole;
		}
	}
	free(where);
	buf_free(&b);
}

static void read_function(struct source *s, const char *name, struct pci_func *f)
{
	struct buf b = {0};
	char *where;
	int rc;
	read_config(s, name, f);
	if (!f->config_ok)
		return;
	read_file(s, name, "resource", 4096, 0, &b, &rc, &where);
	if (rc == 0)
		pci_parse_resource(b.data, b.len, where, f);
	else if (f->nbars)
		warn("%s: %s; BAR sizes of %s are unknown", where, strerror(-rc), name);
	free(where);
	buf_free(&b);
	if (f->pin)
		read_irq(s, name, f);
}

static int funccmp(const void *a, const void *b)
{
	const struct pci_func *x = a, *y = b;
	uint32_t kx = (uint32_t)x->seg << 16 | x->bus << 8 | x->dev << 3 | x->fn;
	uint32_t ky = (uint32_t)y->seg << 16 | y->bus << 8 | y->dev << 3 | y->fn;
	return kx < ky ? -1 : kx > ky;
}

static void link_vf(struct pci *p, const struct pci_func *pf, uint32_t rid)
{
	struct pci_func *vf = (struct pci_func *)pci_find(
	    p, pf->seg, (uint8_t)(rid >> 8), (uint8_t)((rid >> 3) & 31), (uint8_t)(rid & 7));
	/* A VF's config space reads 0xffff for its ids (a kernel may show the real ones). */
	if (!vf || vf == pf ||
	    !(vf->vendor == 0xffff ||
	      (vf->vendor == pf->vendor && vf->device == pf->sriov.vf_device)))
		return;
	vf->is_vf = true;
	vf->pf_bus = pf->bus;
	vf->pf_dev = pf->dev;
	vf->pf_fn = pf->fn;
	if (vf->vendor == 0xffff) {
		vf->vendor = pf->vendor;
		vf->device = pf->sriov.vf_device;
	}
}

static void link_vfs(struct pci *p)
{
	for (size_t i = 0; i < p->n; i++) {
		const struct pci_func *pf = &p->f[i];
		if (!pf->sriov.present || pf->is_vf)
			continue;
		uint32_t rid = (uint32_t)pf->bus << 8 | pf->dev << 3 | pf->fn;
		uint32_t num = pf->sriov.num < pf->sriov.total ? pf->sriov.num : pf->sriov.total;
		for (uint32_t k = 0; k < num; k++) {
			uint32_t vf = rid + pf->sriov.offset + k * pf->sriov.stride;
			if (vf > 0xffff)
				break;
			link_vf(p, pf, vf);
		}
	}
}

/*
 * A secondary bus is numbered above its bridge's bus, and belongs to one bridge: with both
 * checked, descending from a root bus always ends.
 */
static void check_bridges(struct source *s, struct pci *p)
{
	for (size_t i = 0; i < p->n; i++) {
		struct pci_func *f = &p->f[i];
		const char *why = NULL;
		if (!f->bridge || !f->secondary)
			continue;
		if (f->secondary <= f->bus)
			why = "is not above the bridge's own bus";
		for (size_t k = 0; !why && k < i; k++)
			if (p->f[k].bridge && !p->f[k].bad_secondary && p->f[k].seg == f->seg &&
			    p->f[k].secondary == f->secondary)
				why = "is already another bridge's";
		if (!why)
			continue;
		f->bad_secondary = true;
		char *path = xasprintf("/sys/bus/pci/devices/%s/config", f->name ? f->name : "?");
		char *where = s ? source_path(s, path) : xstrdup(path);
		warn_at(where, 0x19, "secondary bus 0x%02x %s; the bridge is not descended",
			f->secondary, why);
		free(where);
		free(path);
	}
}

void pci_read(struct source *s, struct pci *p)
{
	char **names;
	size_t n;
	p->status = source_list(s, "/sys/bus/pci/devices", &names, &n);
	for (size_t i = 0; i < n; i++) {
		struct pci_func f = {0};
		if (parse_name(names[i], &f) != 0) {
			char *path = xasprintf("/sys/bus/pci/devices/%s", names[i]);
			char *where = source_path(s, path);
			warn("%s: not a PCI address (DDDD:BB:DD.F); ignored", where);
			free(where);
			free(path);
			continue;
		}
		f.name = xstrdup(names[i]);
		read_function(s, names[i], &f);
		if (!f.config_ok) {
			free(f.name);
			continue;
		}
		p->short_configs += f.config_short;
		GROW(p->f, p->n, p->cap);
		p->f[p->n++] = f;
	}
	source_free_list(names, n);
	pci_finish(p, s);
}

void pci_finish(struct pci *p, struct source *s)
{
	if (p->n > 1)
		qsort(p->f, p->n, sizeof(*p->f), funccmp);
	link_vfs(p);
	check_bridges(s, p);
}

const struct pci_func *pci_find(const struct pci *p, uint16_t seg, uint8_t bus, uint8_t dev,
				uint8_t fn)
{
	struct pci_func key = {.seg = seg, .bus = bus, .dev = dev, .fn = fn};
	return p->n ? bsearch(&key, p->f, p->n, sizeof(*p->f), funccmp) : NULL;
}

void pci_free(struct pci *p)
{
	for (size_t i = 0; i < p->n; i++)
		free(p->f[i].name);
	free(p->f);
	memset(p, 0, sizeof(*p));
}
