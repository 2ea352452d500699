/* Model -> JSON. Numbers that are addresses or ids are written as 0x strings, as users write them.
 */
#include "dump.h"

#include <stdio.h>

#include "util.h"

static json_t *hex(uint64_t v)
{
	char buf[24];
	snprintf(buf, sizeof(buf), "0x%llx", (unsigned long long)v);
	return json_string(buf);
}

static json_t *opt(struct opt_u64 v)
{
	return v.set ? json_integer((json_int_t)v.value) : json_null();
}

static json_t *opt_hex(struct opt_u64 v)
{
	return v.set ? hex(v.value) : json_null();
}

static json_t *str(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *bdf_string(struct bdf b)
{
	char buf[16];
	snprintf(buf, sizeof(buf), "%02x:%02x.%x", b.bus, b.dev, b.fn);
	return json_string(buf);
}

/* Every object gets its source position as "line" and "column". */
static json_t *obj_at(struct srcpos pos)
{
	json_t *o = json_object();
	json_object_set_new(o, "line", json_integer(pos.line));
	json_object_set_new(o, "column", json_integer(pos.col));
	return o;
}

#define SET(o, k, v) json_object_set_new((o), (k), (v))

static json_t *u32_array(const uint32_t *v, size_t n, int as_hex)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, as_hex ? hex(v[i]) : json_integer(v[i]));
	return a;
}

static json_t *dump_threads(const struct board *b)
{
	json_t *a = json_array();
	for (size_t i = 0; i < b->thread_count; i++) {
		const struct board_thread *t = &b->threads[i];
		json_t *o = obj_at(t->pos);
		SET(o, "cpu_id", json_integer(t->cpu_id));
		SET(o, "apic_id", hex(t->apic_id));
		SET(o, "x2apic_id", hex(t->x2apic_id));
		SET(o, "die", json_integer(t->die_id));
		SET(o, "core", json_integer(t->core_id));
		SET(o, "family", hex(t->family));
		SET(o, "model", hex(t->model));
		SET(o, "stepping", hex(t->stepping));
		SET(o, "core_type", str(t->core_type));
		json_array_append_new(a, o);
	}
	return a;
}

static json_t *dump_caches(const struct board *b)
{
	json_t *a = json_array();
	for (size_t i = 0; i < b->cache_count; i++) {
		const struct board_cache *c = &b->caches[i];
		json_t *o = obj_at(c->pos);
		SET(o, "level", json_integer(c->level));
		SET(o, "id", hex(c->id));
		SET(o, "type", json_integer(c->type));
		SET(o, "size", json_integer((json_int_t)c->size));
		SET(o, "ways", json_integer(c->ways));
		SET(o, "line_size", json_integer(c->line_size));
		SET(o, "sets", json_integer(c->sets));
		SET(o, "processors", u32_array(c->processors, c->processor_count, 1));
		SET(o, "cat", json_boolean(c->cat));
		SET(o, "cdp", json_boolean(c->cdp));
		if (c->cat) {
			SET(o, "cbm_length", json_integer(c->cbm_length));
			SET(o, "clos_count", json_integer(c->clos_count));
		}
		json_array_append_new(a, o);
	}
	return a;
}

static json_t *dump_pci(const struct board_pci_dev *d)
{
	json_t *o = obj_at(d->pos);
	SET(o, "bdf", bdf_string(d->bdf));
	SET(o, "vendor", hex(d->vendor));
	SET(o, "device", hex(d->device));
	SET(o, "class", hex(d->class_code));
	SET(o, "subsystem_vendor", opt_hex(d->subsystem_vendor));
	SET(o, "subsystem_device", opt_hex(d->subsystem_device));
	SET(o, "description", str(d->description));
	json_t *bars = json_array();
	for (size_t k = 0; k < d->bar_count; k++) {
		const struct pci_bar *bar = &d->bars[k];
		json_t *bo = json_object();
		SET(bo, "index", json_integer(bar->index));
		SET(bo, "base", hex(bar->base));
		SET(bo, "size", hex(bar->size));
		SET(bo, "type", json_string(bar->io ? "io" : bar->is64 ? "mem64" : "mem32"));
		SET(bo, "prefetchable", json_boolean(bar->prefetchable));
		json_array_append_new(bars, bo);
	}
	SET(o, "bars", bars);
	SET(o, "msi_vectors", d->msi ? json_integer(d->msi_vectors) : json_null());
	SET(o, "msix_table_size", d->msix ? json_integer(d->msix_table_size) : json_null());
	SET(o, "interrupt_pin", str(d->int_pin));
	SET(o, "interrupt_gsi", opt(d->int_source));
	SET(o, "bridge", json_boolean(d->is_bridge));
	SET(o, "host_bridge", json_boolean(d->is_host_bridge));
	SET(o, "upstream", d->has_upstream ? bdf_string(d->upstream) : json_null());
	SET(o, "source", json_string(d->from_legacy_only ? "PCI_DEVICE" : "devices"));
	return o;
}

static json_t *dump_ranges(const struct mem_range *r, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *o = obj_at(r[i].pos);
		SET(o, "start", hex(r[i].start));
		SET(o, "end", hex(r[i].end));
		json_array_append_new(a, o);
	}
	return a;
}

static json_t *dump_iomem(const struct board *b)
{
	json_t *a = json_array();
	for (size_t i = 0; i < b->iomem_count; i++) {
		const struct iomem_entry *e = &b->iomem[i];
		json_t *o = obj_at(e->pos);
		SET(o, "start", hex(e->start));
		SET(o, "end", hex(e->end));
		SET(o, "depth", json_integer(e->depth));
		SET(o, "name", json_string(e->name));
		json_array_append_new(a, o);
	}
	return a;
}

static json_t *dump_ioapics(const struct board *b)
{
	json_t *a = json_array();
	for (size_t i = 0; i < b->ioapic_count; i++) {
		const struct board_ioapic *io = &b->ioapics[i];
		json_t *o = obj_at(io->pos);
		SET(o, "id", hex(io->id));
		SET(o, "address", hex(io->address));
		SET(o, "gsi_base", json_integer(io->gsi_base));
		SET(o, "gsi_count", json_integer(io->gsi_count));
		json_array_append_new(a, o);
	}
	return a;
}

static json_t *dump_serials(const struct board *b)
{
	json_t *a = json_array();
	for (size_t i = 0; i < b->serial_count; i++) {
		const struct board_serial *s = &b->serials[i];
		json_t *o = obj_at(s->pos);
		SET(o, "device", str(s->dev_path));
		SET(o, "type", json_string(s->mmio ? "mmio" : "portio"));
		SET(o, "base", hex(s->base));
		SET(o, "irq", opt(s->irq));
		json_array_append_new(a, o);
	}
	return a;
}

/* Each unit with its own scopes, so the JSON reads as the DMAR table does. */
static json_t *dump_drhds(const struct board *b)
{
	json_t *a = json_array();
	for (size_t i = 0; i < b->drhd_count; i++) {
		const struct board_drhd *u = &b->drhds[i];
		json_t *o = obj_at(u->pos), *scopes = json_array();
		SET(o, "index", json_integer(u->index));
		SET(o, "segment", json_integer((json_int_t)u->segment));
		SET(o, "include_pci_all", json_boolean(u->include_all));
		SET(o, "ignore", json_boolean(u->ignore));
		for (size_t k = 0; k < b->drhd_scope_count; k++) {
			const struct board_drhd_scope *s = &b->drhd_scopes[k];
			if (s->unit != u->index)
				continue;
			json_t *so = obj_at(s->pos);
			SET(so, "type", json_integer((json_int_t)s->type));
			SET(so, "bus", hex(s->bus));
			SET(so, "path", hex(s->path));
			json_array_append_new(scopes, so);
		}
		SET(o, "scopes", scopes);
		json_array_append_new(a, o);
	}
	return a;
}

json_t *dump_board(const struct board *b)
{
	json_t *o = obj_at(b->pos);
	SET(o, "file", str(b->path));
	SET(o, "name", str(b->name));
	SET(o, "cpu_brand", str(b->cpu_brand));
	SET(o, "threads", dump_threads(b));
	SET(o, "caches", dump_caches(b));
	SET(o, "ram", dump_ranges(b->ram, b->ram_count));
	SET(o, "iomem", dump_iomem(b));
	json_t *pci = json_array();
	for (size_t i = 0; i < b->pci_count; i++)
		json_array_append_new(pci, dump_pci(&b->pci[i]));
	SET(o, "pci_devices", pci);
	SET(o, "ioapics", dump_ioapics(b));
	SET(o, "serial_ports", dump_serials(b));
	SET(o, "dmar_units", dump_drhds(b));
	SET(o, "cpu_ids", u32_array(b->cpu_ids, b->cpu_id_count, 0));
	SET(o, "available_irqs", u32_array(b->free_irqs, b->free_irq_count, 0));
	SET(o, "mmcfg_base", opt_hex(b->mmcfg_base));
	SET(o, "total_mem_kb", opt(b->total_mem_kb));
	SET(o, "max_msix_table_num", opt(b->max_msix_table_num));
	return o;
}

static json_t *dump_vuarts(const struct hv_settings *hv)
{
	json_t *a = json_array();
	for (size_t i = 0; i < hv->vuart_count; i++) {
		const struct vuart_connection *c = &hv->vuarts[i];
		json_t *o = obj_at(c->pos);
		SET(o, "name", str(c->name));
		SET(o, "type", str(c->type));
		json_t *eps = json_array();
		for (size_t k = 0; k < c->endpoint_count; k++) {
			const struct vuart_endpoint *ep = &c->endpoints[k];
			json_t *e = obj_at(ep->pos);
			SET(e, "vm_name", str(ep->vm_name));
			SET(e, "io_port", opt_hex(ep->io_port));
			SET(e, "vbdf", ep->has_vbdf ? bdf_string(ep->vbdf) : json_null());
			json_array_append_new(eps, e);
		}
		SET(o, "endpoints", eps);
		json_array_append_new(a, o);
	}
	return a;
}

static json_t *dump_ivshmem(const struct hv_settings *hv)
{
	json_t *a = json_array();
	for (size_t i = 0; i < hv->ivshmem_count; i++) {
		const struct ivshmem_region *r = &hv->ivshmem[i];
		json_t *o = obj_at(r->pos);
		SET(o, "name", str(r->name));
		SET(o, "provided_by", str(r->provided_by));
		SET(o, "size_mb", json_integer((json_int_t)r->size_mb));
		json_t *m = json_array();
		for (size_t k = 0; k < r->member_count; k++) {
			json_t *e = obj_at(r->members[k].pos);
			SET(e, "vm_name", str(r->members[k].vm_name));
			SET(e, "vbdf",
			    r->members[k].has_vbdf ? bdf_string(r->members[k].vbdf) : json_null());
			json_array_append_new(m, e);
		}
		SET(o, "members", m);
		json_array_append_new(a, o);
	}
	return a;
}

static json_t *dump_hv(const struct hv_settings *hv)
{
	json_t *o = obj_at(hv->pos);
	SET(o, "build_type", str(hv->build_type));
	json_t *dbg = json_object();
	SET(dbg, "serial_console", str(hv->serial_console));
	SET(dbg, "mem_loglevel", opt(hv->mem_loglevel));
	SET(dbg, "npk_loglevel", opt(hv->npk_loglevel));
	SET(dbg, "console_loglevel", opt(hv->console_loglevel));
	SET(o, "debug", dbg);
	json_t *feat = json_object();
	for (size_t i = 0; i < hv->feature_count; i++)
		SET(feat, hv->features[i].name, json_string(hv->features[i].value));
	SET(o, "features", feat);
	SET(o, "ivshmem", dump_ivshmem(hv));
	json_t *mem = json_object();
	SET(mem, "stack_size", opt_hex(hv->stack_size));
	SET(mem, "hv_ram_start", opt_hex(hv->hv_ram_start));
	SET(mem, "hv_ram_size", opt_hex(hv->hv_ram_size));
	SET(o, "memory", mem);
	json_t *cap = json_object();
	SET(cap, "max_vm_num", opt(hv->max_vm_num));
	SET(cap, "max_ioapic_num", opt(hv->max_ioapic_num));
	SET(cap, "max_pci_dev_num", opt(hv->max_pci_dev_num));
	SET(cap, "max_ioapic_lines", opt(hv->max_ioapic_lines));
	SET(cap, "max_pt_irq_entries", opt(hv->max_pt_irq_entries));
	SET(cap, "max_msix_table_num", opt(hv->max_msix_table_num));
	SET(cap, "max_emulated_mmio", opt(hv->max_emulated_mmio));
	SET(o, "capacities", cap);
	SET(o, "gpu_sbdf", opt_hex(hv->gpu_sbdf));
	SET(o, "vuart_connections", dump_vuarts(hv));
	return o;
}

static json_t *dump_os(const struct vm_os_config *os)
{
	if (!os->present)
		return json_null();
	json_t *o = obj_at(os->pos);
	SET(o, "kern_type", str(os->kern_type));
	SET(o, "kern_mod", str(os->kern_mod));
	SET(o, "ramdisk_mod", str(os->ramdisk_mod));
	SET(o, "bootargs", str(os->bootargs));
	SET(o, "kern_load_addr", opt_hex(os->kern_load_addr));
	SET(o, "kern_entry_addr", opt_hex(os->kern_entry_addr));
	return o;
}

static json_t *dump_vm(const struct vm *vm)
{
	json_t *o = obj_at(vm->pos);
	SET(o, "id", json_integer(vm->id));
	SET(o, "name", json_string(vm->name));
	SET(o, "load_order", json_string(load_order_name(vm->load_order)));
	SET(o, "vm_type", json_string(vm_type_name(vm->vm_type)));
	json_t *pcpus = json_array();
	for (size_t i = 0; i < vm->pcpu_count; i++) {
		json_t *p = obj_at(vm->pcpus[i].pos);
		SET(p, "id", json_integer(vm->pcpus[i].id));
		SET(p, "real_time", json_boolean(vm->pcpus[i].real_time));
		json_array_append_new(pcpus, p);
	}
	SET(o, "pcpus", pcpus);
	SET(o, "memory_size_mb", opt(vm->memory_size_mb));
	json_t *hpa = json_array();
	for (size_t i = 0; i < vm->hpa_region_count; i++) {
		json_t *h = obj_at(vm->hpa_regions[i].pos);
		SET(h, "start", hex(vm->hpa_regions[i].start));
		SET(h, "size_mb", json_integer((json_int_t)vm->hpa_regions[i].size_mb));
		json_array_append_new(hpa, h);
	}
	SET(o, "hpa_regions", hpa);
	SET(o, "os_config", dump_os(&vm->os));
	SET(o, "console_vuart", str(vm->console_vuart));
	json_t *pci = json_array();
	for (size_t i = 0; i < vm->pci_dev_count; i++) {
		json_t *p = obj_at(vm->pci_devs[i].pos);
		SET(p, "bdf", bdf_string(vm->pci_devs[i].bdf));
		SET(p, "description", str(vm->pci_devs[i].description));
		json_array_append_new(pci, p);
	}
	SET(o, "pci_devices", pci);
	json_t *virtio = json_array();
	for (size_t i = 0; i < vm->virtio_count; i++) {
		json_t *v = obj_at(vm->virtio[i].pos);
		SET(v, "kind", json_string(vm->virtio[i].kind));
		SET(v, "value", str(vm->virtio[i].value));
		json_array_append_new(virtio, v);
	}
	SET(o, "virtio_devices", virtio);
	SET(o, "priority", str(vm->priority));
	SET(o, "companion_vmid", opt(vm->companion_vmid));
	SET(o, "lapic_passthrough", json_boolean(vm->lapic_passthrough));
	SET(o, "io_completion_polling", json_boolean(vm->io_completion_polling));
	SET(o, "nested_virtualization", json_boolean(vm->nested_virtualization));
	SET(o, "virtual_cat", json_boolean(vm->virtual_cat));
	SET(o, "vuart0", json_boolean(vm->vuart0));
	SET(o, "vbootloader", json_boolean(vm->vbootloader));
	SET(o, "os_type", str(vm->os_type));
	return o;
}

json_t *dump_scenario(const struct scenario *s)
{
	json_t *o = obj_at(s->pos);
	SET(o, "file", str(s->path));
	SET(o, "board", str(s->board_name));
	SET(o, "hv", dump_hv(&s->hv));
	json_t *vms = json_array();
	for (size_t i = 0; i < s->vm_count; i++)
		json_array_append_new(vms, dump_vm(&s->vms[i]));
	SET(o, "vms", vms);
	return o;
}
