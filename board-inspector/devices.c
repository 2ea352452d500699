/* The PCI hierarchy as ACRN's board files nest it. */
#include "devices.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "host.h"
#include "pciids.h"
#include "xml.h"

struct walk {
	struct xw *w;
	const struct host *h;
	bool visited[256];
};

static const char *const pins[] = {"", "INTA#", "INTB#", "INTC#", "INTD#"};

static void ids(struct xw *w, const struct pci_func *f)
{
	xw_text(w, "vendor", "0x%04x", f->vendor);
	xw_text(w, "identifier", "0x%04x", f->device);
	if (f->has_subsys) {
		xw_text(w, "subsystem_vendor", "0x%04x", f->subvendor);
		xw_text(w, "subsystem_identifier", "0x%04x", f->subdevice);
	}
	xw_text(w, "class", "0x%06x", f->class_code);
}

static void interrupt_pin(struct walk *k, const struct pci_func *f)
{
	unsigned gsi;
	if (!f->pin)
		return;
	xw_begin(k->w, "resource");
	xw_attr(k->w, "type", "interrupt_pin");
	xw_attr(k->w, "pin", "%s", pins[f->pin]);
	if (f->has_irq && host_gsi(k->h, f->linux_irq, &gsi))
		xw_attr(k->w, "source", "%u", gsi);
	xw_close_empty(k->w);
}

static void bar(struct xw *w, const struct pci_bar *b)
{
	xw_begin(w, "resource");
	xw_attr(w, "type", "%s", b->io ? "io_port" : "memory");
	xw_attr(w, "min", "0x%llx", (unsigned long long)b->base);
	if (b->size_known) {
		xw_attr(w, "max", "0x%llx", (unsigned long long)(b->base + b->size - 1));
		xw_attr(w, "len", "0x%llx", (unsigned long long)b->size);
	}
	xw_attr(w, "id", "bar%u", b->index);
	if (!b->io) {
		xw_attr(w, "width", "%d", b->is64 ? 64 : 32);
		xw_attr(w, "prefetchable", "%d", b->prefetch);
	}
	xw_close_empty(w);
}

static void window(struct xw *w, const struct pci_window *win)
{
	xw_begin(w, "resource");
	xw_attr(w, "type", "%s", win->io ? "io_port" : "memory");
	xw_attr(w, "min", "0x%llx", (unsigned long long)win->base);
	xw_attr(w, "max", "0x%llx", (unsigned long long)(win->base + win->size - 1));
	xw_attr(w, "len", "0x%llx", (unsigned long long)win->size);
	if (!win->io && win->prefetch)
		xw_attr(w, "prefetchable", "1");
	xw_close_empty(w);
}

static void resources(struct walk *k, const struct pci_func *f)
{
	interrupt_pin(k, f);
	for (size_t i = 0; i < f->nbars; i++)
		bar(k->w, &f->bars[i]);
	for (size_t i = 0; i < f->nwindows; i++)
		window(k->w, &f->windows[i]);
}

/* ---- capabilities ---- */

static void cap_open(struct xw *w, const char *id)
{
	xw_begin(w, "capability");
	xw_attr(w, "id", "%s", id);
	xw_close(w);
}

static void msi(struct xw *w, const struct pci_msi *m)
{
	cap_open(w, "MSI");
	xw_text(w, "count", "%u", m->count);
	if (m->count > 1) {
		xw_begin(w, "capability");
		xw_attr(w, "id", "multiple-message");
		xw_close_empty(w);
	}
	const char *flags[] = {m->is64 ? "64-bit address" : NULL,
			       m->maskable ? "per-vector masking" : NULL};
	for (size_t i = 0; i < 2; i++)
		if (flags[i]) {
			xw_begin(w, "capability");
			xw_attr(w, "id", "%s", flags[i]);
			xw_close_empty(w);
		}
	xw_end(w, "capability");
}

static void msix(struct xw *w, const struct pci_msix *m)
{
	cap_open(w, "MSI-X");
	xw_text(w, "table_size", "%u", m->table_size);
	xw_text(w, "table_bir", "%u", m->table_bir);
	xw_text(w, "table_offset", "0x%x", m->table_offset);
	xw_text(w, "pba_bir", "%u", m->pba_bir);
	xw_text(w, "pba_offset", "0x%x", m->pba_offset);
	xw_end(w, "capability");
}

static void sriov(struct xw *w, const struct pci_func *f)
{
	const struct pci_sriov *s = &f->sriov;
	uint32_t rid = ((uint32_t)f->bus << 8 | f->dev << 3 | f->fn) + s->offset;
	cap_open(w, "SR-IOV");
	xw_text(w, "initial_vfs", "%u", s->initial);
	xw_text(w, "total_vfs", "%u", s->total);
	xw_text(w, "function_dependency_link", "%u", s->fdl);
	xw_begin(w, "first_vf_bdf");
	xw_close(w);
	xw_text(w, "bus", "0x%x", (rid >> 8) & 0xff);
	xw_text(w, "device", "0x%x", (rid >> 3) & 0x1f);
	xw_text(w, "function", "0x%x", rid & 7);
	xw_end(w, "first_vf_bdf");
	xw_text(w, "vf_stride", "%u", s->stride);
	xw_text(w, "vf_device_id", "0x%x", s->vf_device);
	xw_text(w, "supported_page_sizes", "0x%x", s->page_sizes);
	xw_end(w, "capability");
}

static void capabilities(struct xw *w, const struct pci_func *f)
{
	bool done_msi = false, done_msix = false, done_sriov = false;
	for (size_t i = 0; i < f->ncaps; i++) {
		const char *c = f->caps[i];
		if (strcmp(c, "MSI") == 0 && f->msi.present && !done_msi) {
			msi(w, &f->msi);
			done_msi = true;
		} else if (strcmp(c, "MSI-X") == 0 && f->msix.present && !done_msix) {
			msix(w, &f->msix);
			done_msix = true;
		} else if (strcmp(c, "SR-IOV") == 0 && f->sriov.present && !done_sriov) {
			sriov(w, f);
			done_sriov = true;
		} else {
			xw_begin(w, "capability");
			xw_attr(w, "id", "%s", c);
			xw_close_empty(w);
		}
	}
}

/* ---- the tree ---- */

static void bus_devices(struct walk *k, uint8_t bus, bool skip_host_bridge);

static bool has_functions(const struct host *h, uint8_t bus)
{
	for (size_t i = 0; i < h->pci.n; i++)
		if (h->pci.f[i].seg == 0 && h->pci.f[i].bus == bus)
			return true;
	return false;
}

static void child_bus(struct walk *k, const struct pci_func *f)
{
	uint8_t sec = f->secondary;
	if (!sec || f->bad_secondary || k->visited[sec])
		return;
	k->visited[sec] = true;
	xw_begin(k->w, "bus");
	xw_attr(k->w, "type", "pci");
	xw_attr(k->w, "address", "0x%x", sec);
	if (!has_functions(k->h, sec)) {
		xw_close_empty(k->w);
		return;
	}
	xw_close(k->w);
	bus_devices(k, sec, false);
	xw_end(k->w, "bus");
}

static void function(struct walk *k, const struct pci_func *f)
{
	char *d = pciids_describe(k->h->ids, f->class_code, f->vendor, f->device);
	xw_begin(k->w, "device");
	xw_attr(k->w, "address", "0x%x", f->dev << 16 | f->fn);
	xw_attr(k->w, "id", "0x%04x", f->device);
	xw_attr(k->w, "description", "%02x:%02x.%x %s", f->bus, f->dev, f->fn, d);
	xw_close(k->w);
	free(d);
	ids(k->w, f);
	resources(k, f);
	capabilities(k->w, f);
	if (f->bridge)
		child_bus(k, f);
	if (f->is_vf) {
		xw_begin(k->w, "physfn");
		xw_attr(k->w, "bus", "0x%x", f->pf_bus);
		xw_attr(k->w, "address", "0x%x", f->pf_dev << 16 | f->pf_fn);
		xw_close_empty(k->w);
	}
	xw_end(k->w, "device");
}

static bool is_host_bridge(const struct pci_func *f)
{
	return f && (f->class_code >> 8) == 0x0600;
}

static void bus_devices(struct walk *k, uint8_t bus, bool skip_host_bridge)
{
	for (size_t i = 0; i < k->h->pci.n; i++) {
		const struct pci_func *f = &k->h->pci.f[i];
		if (f->seg != 0 || f->bus != bus)
			continue;
		if (skip_host_bridge && f->dev == 0 && f->fn == 0)
			continue;
		function(k, f);
	}
}

/* A root bus element describes the host bridge at device 0 itself, as ACRN's files do. */
static void root_bus(struct walk *k, uint8_t bus)
{
	const struct pci_func *hb = pci_find(&k->h->pci, 0, bus, 0, 0);
	if (!is_host_bridge(hb))
		hb = NULL;
	k->visited[bus] = true;
	xw_begin(k->w, "bus");
	xw_attr(k->w, "type", "pci");
	xw_attr(k->w, "address", "0x%x", bus);
	if (hb) {
		char *d = pciids_describe(k->h->ids, hb->class_code, hb->vendor, hb->device);
		xw_attr(k->w, "description", "%s", d);
		free(d);
	}
	xw_close(k->w);
	if (hb) {
		ids(k->w, hb);
		resources(k, hb);
		capabilities(k->w, hb);
	}
	bus_devices(k, bus, hb != NULL);
	xw_end(k->w, "bus");
}

static void roots(struct walk *k)
{
	bool secondary[256] = {false}, has[256] = {false};
	for (size_t i = 0; i < k->h->pci.n; i++) {
		const struct pci_func *f = &k->h->pci.f[i];
		if (f->seg != 0)
			continue;
		has[f->bus] = true;
		if (f->bridge && f->secondary && !f->bad_secondary)
			secondary[f->secondary] = true;
	}
	for (int b = 0; b < 256; b++)
		if (has[b] && !secondary[b] && !k->visited[b])
			root_bus(k, (uint8_t)b);
	/* Buses only reachable through a bridge that was not descended. */
	for (int b = 0; b < 256; b++)
		if (has[b] && !k->visited[b])
			root_bus(k, (uint8_t)b);
}

static size_t other_segments(const struct host *h)
{
	size_t n = 0;
	for (size_t i = 0; i < h->pci.n; i++)
		n += h->pci.f[i].seg != 0;
	return n;
}

void devices_write(struct xw *w, const struct host *h)
{
	struct walk k = {.w = w, .h = h};
	bool acpi = h->acpi.status[ACPI_DSDT] == 0;
	xw_begin(w, "devices");
	xw_close(w);
	xw_comment(w, "PCI functions from their config space and resource files. The ACPI "
		      "namespace (_HID, _CRS, _PRT) is not described: it needs an AML interpreter");
	if (other_segments(h))
		xw_comment(w,
			   "%zu PCI functions outside segment 0 are left out: the board format "
			   "has no segments",
			   other_segments(h));
	if (acpi) {
		xw_begin(w, "bus");
		xw_attr(w, "type", "system");
		xw_close(w);
		xw_text(w, "acpi_object", "\\_SB_");
	}
	roots(&k);
	if (acpi)
		xw_end(w, "bus");
	xw_end(w, "devices");
}
