/*
 * The resolved document (schemas/resolved.xsd describes it). Numbers are 0x hex, sizes in
 * bytes; identifiers (VM, pCPU and CLOS ids, cache levels) are decimal. A value the resolver
 * chose carries allocated="true". Nothing depends on time or memory layout, so the same
 * resolution always gives the same bytes.
 */
#include "resolved_xml.h"

#include <inttypes.h>
#include <libxml/xmlwriter.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "outfile.h"
#include "util.h"

/* xmlTextWriter calls with a sticky error: the first failure makes the rest no-ops. */
struct writer {
	xmlTextWriterPtr w;
	int failed;
};

static void start(struct writer *w, const char *name)
{
	if (!w->failed && xmlTextWriterStartElement(w->w, BAD_CAST name) < 0)
		w->failed = 1;
}

static void end(struct writer *w)
{
	if (!w->failed && xmlTextWriterEndElement(w->w) < 0)
		w->failed = 1;
}

static void attr(struct writer *w, const char *name, const char *value)
{
	if (!w->failed && value &&
	    xmlTextWriterWriteAttribute(w->w, BAD_CAST name, BAD_CAST value) < 0)
		w->failed = 1;
}

static void attr_hex(struct writer *w, const char *name, uint64_t v)
{
	char buf[24];
	snprintf(buf, sizeof(buf), "0x%" PRIx64, v);
	attr(w, name, buf);
}

static void attr_dec(struct writer *w, const char *name, uint64_t v)
{
	char buf[24];
	snprintf(buf, sizeof(buf), "%" PRIu64, v);
	attr(w, name, buf);
}

static void attr_allocated(struct writer *w, bool allocated)
{
	if (allocated)
		attr(w, "allocated", "true");
}

static void text(struct writer *w, const char *s)
{
	if (!w->failed && xmlTextWriterWriteString(w->w, BAD_CAST s) < 0)
		w->failed = 1;
}

/* <name>text</name>, left out when text is NULL. */
static void elem_text(struct writer *w, const char *name, const char *s)
{
	if (!s)
		return;
	start(w, name);
	text(w, s);
	end(w);
}

static void elem_hex(struct writer *w, const char *name, uint64_t v, bool allocated)
{
	char buf[24];
	snprintf(buf, sizeof(buf), "0x%" PRIx64, v);
	start(w, name);
	attr_allocated(w, allocated);
	text(w, buf);
	end(w);
}

static void elem_opt(struct writer *w, const char *name, struct opt_u64 v)
{
	if (v.set)
		elem_hex(w, name, v.value, false);
}

static void elem_value(struct writer *w, const char *name, const struct res_u64 *v)
{
	if (v->set)
		elem_hex(w, name, v->value, v->allocated);
}

static void format_bdf(char *buf, size_t size, struct bdf b)
{
	snprintf(buf, size, "%02x:%02x.%x", b.bus, b.dev, b.fn);
}

static void elem_bdf(struct writer *w, const char *name, const struct res_bdf *v)
{
	char buf[16];
	if (!v->set)
		return;
	format_bdf(buf, sizeof(buf), v->bdf);
	start(w, name);
	attr_allocated(w, v->allocated);
	text(w, buf);
	end(w);
}

/* ---- board facts the tables need ---- */

/* Board threads by logical CPU id, so a pCPU's index in the tables is stable and readable. */
static size_t *threads_by_cpu_id(const struct board *b)
{
	size_t *order = xmalloc((b->thread_count ? b->thread_count : 1) * sizeof(*order));
	for (size_t i = 0; i < b->thread_count; i++) {
		size_t j = i;
		while (j > 0 && b->threads[order[j - 1]].cpu_id > b->threads[i].cpu_id) {
			order[j] = order[j - 1];
			j--;
		}
		order[j] = i;
	}
	return order;
}

static void write_board_pcpus(struct writer *w, const struct board *b)
{
	size_t *order = threads_by_cpu_id(b);
	start(w, "pcpus");
	for (size_t i = 0; i < b->thread_count; i++) {
		start(w, "pcpu");
		attr_dec(w, "id", b->threads[order[i]].cpu_id);
		attr_hex(w, "apic_id", b->threads[order[i]].apic_id);
		end(w);
	}
	end(w);
	free(order);
}

static void write_range(struct writer *w, uint64_t start_addr, uint64_t end_incl, const char *name)
{
	start(w, "range");
	attr_hex(w, "start", start_addr);
	attr_hex(w, "size", end_incl - start_addr + 1);
	attr(w, "name", name);
	end(w);
}

/* RAM as the board's memory map gives it; reserved: what the memory allocator avoids. */
static void write_board_memory(struct writer *w, const struct board *b)
{
	start(w, "ram");
	for (size_t i = 0; i < b->ram_count; i++)
		if (b->ram[i].end >= b->ram[i].start)
			write_range(w, b->ram[i].start, b->ram[i].end, NULL);
	end(w);
	start(w, "reserved");
	for (size_t i = 0; i < b->iomem_count; i++)
		if (resolve_iomem_reserved(&b->iomem[i]))
			write_range(w, b->iomem[i].start, b->iomem[i].end, b->iomem[i].name);
	end(w);
}

static void write_board_ioapics(struct writer *w, const struct board *b)
{
	start(w, "ioapics");
	for (size_t i = 0; i < b->ioapic_count; i++) {
		start(w, "ioapic");
		attr_dec(w, "id", b->ioapics[i].id);
		attr_hex(w, "address", b->ioapics[i].address);
		attr_hex(w, "gsi_base", b->ioapics[i].gsi_base);
		attr_dec(w, "gsi_count", b->ioapics[i].gsi_count);
		end(w);
	}
	end(w);
}

static void write_bar(struct writer *w, const struct pci_bar *bar)
{
	start(w, "bar");
	attr_dec(w, "index", bar->index);
	attr(w, "type", bar->io ? "io" : bar->is64 ? "mem64" : "mem32");
	attr_hex(w, "base", bar->base);
	attr_hex(w, "size", bar->size);
	if (bar->prefetchable)
		attr(w, "prefetchable", "y");
	end(w);
}

static void write_board_pci_dev(struct writer *w, const struct board_pci_dev *d)
{
	char bdf[16];
	format_bdf(bdf, sizeof(bdf), d->bdf);
	start(w, "pci_dev");
	attr(w, "bdf", bdf);
	attr_hex(w, "vendor", d->vendor);
	attr_hex(w, "device", d->device);
	attr_hex(w, "class", d->class_code);
	if (d->is_host_bridge || d->is_bridge)
		attr(w, "bridge", d->is_host_bridge ? "host" : "pci");
	attr(w, "pin", d->int_pin);
	if (d->int_pin && d->int_source.set)
		attr_hex(w, "gsi", d->int_source.value);
	for (size_t i = 0; i < d->bar_count; i++)
		write_bar(w, &d->bars[i]);
	end(w);
}

static const char *tty_name(const char *path)
{
	return strncmp(path, "/dev/", 5) == 0 ? path + 5 : path;
}

/* The hypervisor's console: the board's TTYS_INFO port that SERIAL_CONSOLE names. */
static void write_board_console(struct writer *w, const struct board *b, const char *console)
{
	for (size_t i = 0; console && i < b->serial_count; i++) {
		const struct board_serial *sp = &b->serials[i];
		if (strcmp(tty_name(sp->dev_path), tty_name(console)) != 0)
			continue;
		start(w, "serial_console");
		attr(w, "device", sp->dev_path);
		attr(w, "type", sp->mmio ? "mmio" : "portio");
		attr_hex(w, "base", sp->base);
		if (sp->irq.set)
			attr_hex(w, "irq", sp->irq.value);
		end(w);
		return;
	}
}

/* Cache allocation as the hardware offers it, whether or not the scenario turns RDT on. */
static void write_board_cat(struct writer *w, const struct board *b)
{
	struct res_cat cat;
	if (!resolve_pick_cat(b, &cat))
		return;
	bool cdp = true;
	for (size_t i = 0; i < b->cache_count; i++)
		if (b->caches[i].cat && b->caches[i].level == cat.level)
			cdp = cdp && b->caches[i].cdp;
	start(w, "cat");
	attr_dec(w, "level", cat.level);
	attr_dec(w, "cbm_length", cat.ways);
	attr_dec(w, "clos_count", cat.clos_count);
	attr(w, "cdp", cdp ? "y" : "n");
	end(w);
}

/* How the hypervisor enters S5: PM1a control gets SLP_TYP << 10 | SLP_EN. Only a register in
 * I/O or memory space with an S5 package value can; absent otherwise. */
static void write_board_poweroff(struct writer *w, const struct board *b)
{
	const char *space = !b->pm1a_cnt_space					    ? NULL
			    : strcmp(b->pm1a_cnt_space, "SPACE_SYSTEM_IO") == 0	    ? "portio"
			    : strcmp(b->pm1a_cnt_space, "SPACE_SYSTEM_MEMORY") == 0 ? "mmio"
										    : NULL;
	if (!space || !b->pm1a_cnt.set || !b->pm1a_cnt.value || !b->s5_pm1a.set ||
	    b->s5_pm1a.value > 7)
		return;
	start(w, "poweroff");
	attr(w, "space", space);
	attr_hex(w, "pm1a_cnt", b->pm1a_cnt.value);
	attr_dec(w, "slp_typ", (unsigned)b->s5_pm1a.value);
	end(w);
}

static void write_board(struct writer *w, const struct board *b, const struct scenario *s)
{
	start(w, "board");
	write_board_pcpus(w, b);
	write_board_memory(w, b);
	write_board_ioapics(w, b);
	start(w, "pci_devs");
	for (size_t i = 0; i < b->pci_count; i++)
		write_board_pci_dev(w, &b->pci[i]);
	end(w);
	write_board_console(w, b, s->hv.serial_console);
	write_board_cat(w, b);
	write_board_poweroff(w, b);
	end(w);
}

/* ---- hv ---- */

static void write_capacities(struct writer *w, const struct hv_settings *hv)
{
	start(w, "capacities");
	elem_opt(w, "max_vm_num", hv->max_vm_num);
	elem_opt(w, "max_ioapic_num", hv->max_ioapic_num);
	elem_opt(w, "max_pci_dev_num", hv->max_pci_dev_num);
	elem_opt(w, "max_ioapic_lines", hv->max_ioapic_lines);
	elem_opt(w, "max_pt_irq_entries", hv->max_pt_irq_entries);
	elem_opt(w, "max_msix_table_num", hv->max_msix_table_num);
	elem_opt(w, "max_emulated_mmio", hv->max_emulated_mmio);
	end(w);
}

static void write_features(struct writer *w, const struct hv_settings *hv)
{
	start(w, "features");
	for (size_t i = 0; i < hv->feature_count; i++) {
		start(w, "feature");
		attr(w, "name", hv->features[i].name);
		if (hv->features[i].defaulted)
			attr(w, "allocated", "true");
		text(w, hv->features[i].value);
		end(w);
	}
	end(w);
}

static void write_debug(struct writer *w, const struct hv_settings *hv)
{
	start(w, "debug");
	elem_text(w, "serial_console", hv->serial_console);
	elem_opt(w, "mem_loglevel", hv->mem_loglevel);
	elem_opt(w, "npk_loglevel", hv->npk_loglevel);
	elem_opt(w, "console_loglevel", hv->console_loglevel);
	end(w);
}

static void write_cat(struct writer *w, const struct resolution *r, const struct hv_settings *hv)
{
	start(w, "rdt");
	attr(w, "enabled", hv->rdt_enabled ? "y" : "n");
	attr(w, "cdp", hv->cdp_enabled ? "y" : "n");
	attr(w, "vcat", hv->vcat_enabled ? "y" : "n");
	if (r->cat.present) {
		start(w, "cache");
		attr_dec(w, "level", r->cat.level);
		attr_dec(w, "ways", r->cat.ways);
		attr_dec(w, "clos_count", r->cat.clos_count);
		end(w);
	}
	end(w);
}

static void write_hv(struct writer *w, const struct resolution *r, const struct hv_settings *hv)
{
	start(w, "hv");
	elem_text(w, "build_type", hv->build_type);
	write_debug(w, hv);
	elem_text(w, "scheduler", hv->scheduler);
	start(w, "hv_ram");
	elem_value(w, "start", &r->hv_start);
	elem_value(w, "size", &r->hv_size);
	end(w);
	start(w, "boot_area");
	attr_hex(w, "start", RES_BOOT_AREA_START);
	attr_hex(w, "size", RES_BOOT_AREA_END - RES_BOOT_AREA_START);
	end(w);
	elem_opt(w, "stack_size", hv->stack_size);
	write_features(w, hv);
	write_cat(w, r, hv);
	write_capacities(w, hv);
	elem_opt(w, "gpu_sbdf", hv->gpu_sbdf);
	end(w);
}

static void write_ivshmem_regions(struct writer *w, const struct resolution *r)
{
	start(w, "ivshmem_regions");
	for (size_t i = 0; i < r->ivshmem_count; i++) {
		const struct res_ivshmem *ri = &r->ivshmem[i];
		if (!ri->usable)
			continue;
		start(w, "region");
		attr(w, "name", ri->region->name ? ri->region->name : "");
		attr(w, "provided_by", ri->by_hypervisor ? "Hypervisor" : "Device Model");
		attr_hex(w, "size", ri->size);
		elem_value(w, "hpa", &ri->hpa);
		end(w);
	}
	end(w);
}

/* ---- one VM ---- */

static void write_pcpus(struct writer *w, const struct res_vm *v)
{
	start(w, "pcpus");
	for (size_t i = 0; i < v->pcpu_count; i++) {
		start(w, "pcpu");
		attr_dec(w, "id", v->pcpus[i].id);
		attr_allocated(w, v->pcpus[i].allocated);
		end(w);
	}
	end(w);
}

static void write_memory(struct writer *w, const struct res_vm *v)
{
	start(w, "memory");
	for (size_t i = 0; i < v->region_count; i++) {
		const struct res_region *reg = &v->regions[i];
		start(w, "region");
		attr_hex(w, "gpa", reg->gpa);
		if (reg->has_hpa)
			attr_hex(w, "hpa", reg->hpa);
		attr_hex(w, "size", reg->size);
		attr_allocated(w, reg->allocated);
		end(w);
	}
	end(w);
}

static const char *vuart_kind_name(enum res_vuart_kind k)
{
	return k == RES_VUART_LEGACY ? "legacy" : k == RES_VUART_PCI ? "pci" : "none";
}

/* Children only: callers write the type attribute first, then their own. */
static void write_vuart_body(struct writer *w, const struct res_vuart *u)
{
	elem_value(w, "io_port", &u->io_port);
	elem_value(w, "irq", &u->irq);
	elem_bdf(w, "vbdf", &u->vbdf);
}

static void write_links(struct writer *w, const struct resolution *r, const struct res_vm *v)
{
	start(w, "vuart_connections");
	for (size_t i = 0; i < v->link_count; i++) {
		const struct res_vuart_link *l = &v->links[i];
		start(w, "vuart_connection");
		attr(w, "name", l->conn->name ? l->conn->name : "");
		attr(w, "type", vuart_kind_name(l->vuart.kind));
		if (l->peer_vm != RES_NONE) {
			attr(w, "peer", r->vms[l->peer_vm].vm->name);
			attr_dec(w, "peer_id", r->vms[l->peer_vm].vm->id);
			attr_dec(w, "peer_connection", l->peer_link);
		}
		write_vuart_body(w, &l->vuart);
		end(w);
	}
	end(w);
}

static void write_ptdevs(struct writer *w, const struct res_vm *v)
{
	start(w, "pci_devs");
	for (size_t i = 0; i < v->ptdev_count; i++) {
		const struct res_ptdev *p = &v->ptdevs[i];
		char pbdf[16];
		format_bdf(pbdf, sizeof(pbdf), p->dev->bdf);
		start(w, "pci_dev");
		attr(w, "pbdf", pbdf);
		if (p->dev->description && *p->dev->description)
			attr(w, "description", p->dev->description);
		elem_bdf(w, "vbdf", &p->vbdf);
		if (p->has_intx) {
			start(w, "intx");
			attr(w, "pin", p->board_dev->int_pin);
			attr_hex(w, "pgsi", p->pgsi);
			if (p->vgsi.set)
				attr_hex(w, "vgsi", p->vgsi.value);
			attr_allocated(w, p->vgsi.allocated);
			end(w);
		}
		end(w);
	}
	end(w);
}

static void write_ivshmem_devs(struct writer *w, const struct resolution *r, const struct res_vm *v)
{
	start(w, "ivshmem_devs");
	for (size_t i = 0; i < v->ivshmem_count; i++) {
		const struct res_ivshmem_ep *ep = &v->ivshmem[i];
		const struct res_ivshmem *ri = &r->ivshmem[ep->region];
		start(w, "ivshmem");
		attr(w, "name", ri->region->name ? ri->region->name : "");
		attr_hex(w, "size", ri->size);
		elem_bdf(w, "vbdf", &ep->vbdf);
		elem_value(w, "bar0", &ep->bar0);
		elem_value(w, "bar2", &ep->bar2);
		elem_value(w, "hpa", &ri->hpa);
		end(w);
	}
	end(w);
}

static void write_virtio(struct writer *w, const struct res_vm *v)
{
	start(w, "virtio_devs");
	for (size_t i = 0; i < v->virtio_count; i++) {
		start(w, "virtio");
		attr(w, "kind", v->virtio[i].dev->kind);
		if (v->virtio[i].dev->value && *v->virtio[i].dev->value)
			attr(w, "value", v->virtio[i].dev->value);
		elem_bdf(w, "vbdf", &v->virtio[i].vbdf);
		end(w);
	}
	end(w);
}

static void write_clos(struct writer *w, const struct res_vm *v)
{
	if (!v->clos.present)
		return;
	start(w, "clos");
	attr_dec(w, "id", v->clos.id);
	attr_hex(w, "mask", v->clos.mask);
	attr_allocated(w, v->clos.allocated);
	end(w);
}

static void write_os(struct writer *w, const struct vm_os_config *os)
{
	if (!os->present)
		return;
	start(w, "os_config");
	elem_text(w, "kern_type", os->kern_type);
	elem_text(w, "kern_mod", os->kern_mod);
	elem_text(w, "ramdisk_mod", os->ramdisk_mod);
	elem_text(w, "bootargs", os->bootargs);
	elem_opt(w, "kern_load_addr", os->kern_load_addr);
	elem_opt(w, "kern_entry_addr", os->kern_entry_addr);
	end(w);
}

static void write_flags(struct writer *w, const struct vm *vm)
{
	start(w, "flags");
	attr(w, "lapic_passthrough", vm->lapic_passthrough ? "y" : "n");
	attr(w, "io_completion_polling", vm->io_completion_polling ? "y" : "n");
	attr(w, "nested_virtualization", vm->nested_virtualization ? "y" : "n");
	attr(w, "virtual_cat", vm->virtual_cat ? "y" : "n");
	if (vm->priority && *vm->priority)
		attr(w, "priority", vm->priority);
	end(w);
}

static void write_vm(struct writer *w, const struct resolution *r, const struct res_vm *v)
{
	start(w, "vm");
	attr_dec(w, "id", v->vm->id);
	attr(w, "name", v->vm->name);
	attr(w, "load_order", load_order_name(v->vm->load_order));
	attr(w, "vm_type", vm_type_name(v->vm->vm_type));
	write_pcpus(w, v);
	write_memory(w, v);
	start(w, "console_vuart");
	attr(w, "type", vuart_kind_name(v->console.kind));
	write_vuart_body(w, &v->console);
	end(w);
	write_links(w, r, v);
	write_ptdevs(w, v);
	write_ivshmem_devs(w, r, v);
	write_virtio(w, v);
	write_clos(w, v);
	write_os(w, &v->vm->os);
	write_flags(w, v->vm);
	end(w);
}

/* ---- the document ---- */

/* The scenario's name, as ACRN's build knows it: the file name without directory and .xml. */
static char *scenario_name(const struct scenario *s)
{
	const char *path = s->path ? s->path : "";
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	size_t n = strlen(base);
	if (n > 4 && strcmp(base + n - 4, ".xml") == 0)
		n -= 4;
	return xasprintf("%.*s", (int)n, base);
}

static void write_document(struct writer *w, const struct resolution *r, const struct board *b,
			   const struct scenario *s)
{
	char *name = scenario_name(s);
	if (!w->failed && xmlTextWriterStartDocument(w->w, "1.0", "UTF-8", NULL) < 0)
		w->failed = 1;
	start(w, "acrn-resolved");
	attr(w, "board", b->name ? b->name : "");
	attr(w, "scenario", name);
	attr(w, "generator", "acrn-cfgc " PACKAGE_VERSION);
	write_board(w, b, s);
	write_hv(w, r, &s->hv);
	write_ivshmem_regions(w, r);
	for (size_t i = 0; i < r->vm_count; i++)
		write_vm(w, r, &r->vms[i]);
	end(w);
	if (!w->failed && xmlTextWriterEndDocument(w->w) < 0)
		w->failed = 1;
	free(name);
}

char *resolved_render(const struct resolution *r, const struct board *b, const struct scenario *s,
		      size_t *len)
{
	xmlBufferPtr buf = xmlBufferCreate();
	struct writer w = {buf ? xmlNewTextWriterMemory(buf, 0) : NULL, 0};
	char *out = NULL;
	if (w.w && xmlTextWriterSetIndent(w.w, 1) == 0 &&
	    xmlTextWriterSetIndentString(w.w, BAD_CAST "  ") == 0) {
		write_document(&w, r, b, s);
		xmlFreeTextWriter(w.w); /* flushes into buf */
		w.w = NULL;
		if (!w.failed) {
			*len = (size_t)xmlBufferLength(buf);
			out = xmalloc(*len + 1);
			memcpy(out, xmlBufferContent(buf), *len);
			out[*len] = '\0';
		}
	}
	if (w.w)
		xmlFreeTextWriter(w.w);
	if (buf)
		xmlBufferFree(buf);
	return out;
}

int resolved_write(const struct resolution *r, const struct board *b, const struct scenario *s,
		   const char *path, struct diag_list *dl)
{
	size_t len;
	char *doc = resolved_render(r, b, s, &len);
	if (!doc) {
		struct srcpos pos = {path, 0, 0};
		diag_error(dl, pos, "io", "cannot build the resolved document (out of memory?)");
		return -1;
	}
	int rc = outfile_write(path, doc, len, dl);
	free(doc);
	return rc;
}
