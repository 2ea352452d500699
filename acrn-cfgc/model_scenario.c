/* Scenario model builder: hv settings, VMs, ivshmem regions and vUART connections. */
#include <stdlib.h>
#include <string.h>

#include "model_read.h"
#include "util.h"

static const char *const load_order_names[] = {
    [LOAD_PRE_LAUNCHED] = "PRE_LAUNCHED_VM",
    [LOAD_SERVICE] = "SERVICE_VM",
    [LOAD_POST_LAUNCHED] = "POST_LAUNCHED_VM",
};

static const char *const vm_type_names[] = {
    [VM_STANDARD] = "STANDARD_VM",
    [VM_RTVM] = "RTVM",
    [VM_TEE] = "TEE_VM",
    [VM_REE] = "REE_VM",
};

const char *load_order_name(enum load_order lo)
{
	return load_order_names[lo];
}

const char *vm_type_name(enum vm_type t)
{
	return vm_type_names[t];
}

/* Looks text up in names; reports a located error listing the choices when it is not there. */
static int build_enum(struct build *b, xmlNodePtr parent, const char *child,
		      const char *const *names, size_t count)
{
	xmlNodePtr n = node_first(parent, child);
	const char *text = n ? build_text(b, n) : NULL;
	for (size_t i = 0; text && i < count; i++)
		if (strcmp(text, names[i]) == 0)
			return (int)i;
	char choices[256] = "";
	for (size_t i = 0; i < count; i++) {
		strncat(choices, i ? ", " : "", sizeof(choices) - strlen(choices) - 1);
		strncat(choices, names[i], sizeof(choices) - strlen(choices) - 1);
	}
	build_broken(b, child);
	if (n)
		diag_error(b->dl, build_value_pos(b, n), "value-enum",
			   "invalid value '%s' for <%s>: expected one of %s", text, child, choices);
	else
		diag_error(b->dl, build_pos(b, parent), "value-missing",
			   "<%s> needs a <%s> element: one of %s", (const char *)parent->name,
			   child, choices);
	return 0;
}

/* ---- hv ---- */

/*
 * The FEATURES switches whose ACRN default (schema/config.xsd of ACRN's configuration tools)
 * is y: a scenario that leaves one out has it on. Every other switch defaults to n.
 */
static const char *const features_on_by_default[] = {
    "RELOC_ENABLED",	  "MULTIBOOT2_ENABLED", "HYPERV_ENABLED",
    "ACPI_PARSE_ENABLED", "MCE_ON_PSC_ENABLED",
};

static bool has_flag(const struct hv_settings *hv, const char *name)
{
	for (size_t i = 0; i < hv->feature_count; i++)
		if (strcmp(hv->features[i].name, name) == 0)
			return true;
	return false;
}

static void add_default_flags(struct hv_settings *hv, struct srcpos pos)
{
	for (size_t i = 0; i < ARRAY_SIZE(features_on_by_default); i++) {
		if (has_flag(hv, features_on_by_default[i]))
			continue;
		struct hv_flag *flag = &hv->features[hv->feature_count++];
		flag->pos = pos;
		flag->name = features_on_by_default[i];
		flag->value = "y";
		flag->defaulted = true;
	}
}

/* Every switch as written, then the defaults of those left out, located at "at". */
static void collect_flags(struct build *b, struct hv_settings *hv, xmlNodePtr features,
			  struct srcpos at)
{
	size_t cap = ARRAY_SIZE(features_on_by_default);
	for (xmlNodePtr c = node_first(features, NULL); c; c = node_next(c, NULL))
		cap += node_first(c, NULL) ? node_count(c, NULL) : 1;
	hv->features = BUILD_ARRAY(b, cap, struct hv_flag);
	for (xmlNodePtr c = node_first(features, NULL); c; c = node_next(c, NULL)) {
		if (xmlStrEqual(c->name, BAD_CAST "IVSHMEM"))
			continue;
		/* RDT groups its switches one level down; keep them flat, named as written */
		xmlNodePtr kids = node_first(c, NULL);
		for (xmlNodePtr f = kids ? kids : c; f; f = kids ? node_next(f, NULL) : NULL) {
			if (node_first(f, NULL))
				continue; /* structured settings (CLOS masks) are not switches */
			struct hv_flag *flag = &hv->features[hv->feature_count++];
			flag->pos = build_pos(b, f);
			flag->name = arena_strdup(b->arena, (const char *)f->name);
			flag->value = build_text(b, f);
		}
	}
	add_default_flags(hv, at);
}

static void build_ivshmem(struct build *b, struct hv_settings *hv, xmlNodePtr features)
{
	xmlNodePtr ivshmem = node_first(features, "IVSHMEM");
	hv->ivshmem_count = node_count(ivshmem, "IVSHMEM_REGION");
	hv->ivshmem = BUILD_ARRAY(b, hv->ivshmem_count, struct ivshmem_region);
	size_t i = 0;
	for_each_child (n, ivshmem, "IVSHMEM_REGION") {
		struct ivshmem_region *r = &hv->ivshmem[i++];
		r->pos = build_pos(b, n);
		r->name = build_child_text(b, n, "NAME");
		r->provided_by = build_child_text(b, n, "PROVIDED_BY");
		r->size_mb = build_child_u64(b, n, "IVSHMEM_SIZE").value;
		xmlNodePtr vms = node_first(n, "IVSHMEM_VMS");
		r->members = BUILD_ARRAY(b, node_count(vms, "IVSHMEM_VM"), struct ivshmem_member);
		for_each_child (m, vms, "IVSHMEM_VM") {
			struct ivshmem_member *mem = &r->members[r->member_count++];
			mem->pos = build_pos(b, m);
			mem->vm_name = build_child_text(b, m, "VM_NAME");
			xmlNodePtr vbdf = node_first(m, "VBDF");
			if (vbdf && *build_text(b, vbdf))
				mem->has_vbdf = build_bdf(b, vbdf, &mem->vbdf, NULL) == 0;
		}
	}
}

static void build_vuarts(struct build *b, struct hv_settings *hv, xmlNodePtr hvn)
{
	xmlNodePtr list = node_first(hvn, "vuart_connections");
	hv->vuarts = BUILD_ARRAY(b, node_count(list, "vuart_connection"), struct vuart_connection);
	for_each_child (n, list, "vuart_connection") {
		struct vuart_connection *c = &hv->vuarts[hv->vuart_count++];
		c->pos = build_pos(b, n);
		c->name = build_child_text(b, n, "name");
		c->type = build_child_text(b, n, "type");
		for_each_child (e, n, "endpoint") {
			if (c->endpoint_count == ARRAY_SIZE(c->endpoints)) {
				build_broken(b, "endpoint");
				diag_error(b->dl, build_pos(b, e), "vuart-endpoints",
					   "vUART connection '%s' has more than two endpoints; a "
					   "connection joins exactly two VMs",
					   c->name ? c->name : "");
				break;
			}
			struct vuart_endpoint *ep = &c->endpoints[c->endpoint_count++];
			ep->pos = build_pos(b, e);
			ep->vm_name = build_child_text(b, e, "vm_name");
			ep->io_port = build_child_u64(b, e, "io_port");
			xmlNodePtr vbdf = node_first(e, "vbdf");
			if (vbdf && *build_text(b, vbdf))
				ep->has_vbdf = build_bdf(b, vbdf, &ep->vbdf, NULL) == 0;
		}
	}
}

static void build_hv(struct build *b, struct hv_settings *hv, xmlNodePtr hvn)
{
	hv->pos = build_pos(b, hvn);
	hv->build_type = build_child_text(b, hvn, "BUILD_TYPE");
	xmlNodePtr dbg = node_first(hvn, "DEBUG_OPTIONS");
	hv->serial_console = build_child_text(b, dbg, "SERIAL_CONSOLE");
	hv->mem_loglevel = build_child_u64(b, dbg, "MEM_LOGLEVEL");
	hv->npk_loglevel = build_child_u64(b, dbg, "NPK_LOGLEVEL");
	hv->console_loglevel = build_child_u64(b, dbg, "CONSOLE_LOGLEVEL");

	xmlNodePtr features = node_first(hvn, "FEATURES");
	hv->scheduler = build_child_text(b, features, "SCHEDULER");
	xmlNodePtr rdt = node_first(features, "RDT");
	hv->rdt_enabled = build_child_yn(b, rdt, "RDT_ENABLED");
	hv->cdp_enabled = build_child_yn(b, rdt, "CDP_ENABLED");
	hv->vcat_enabled = build_child_yn(b, rdt, "VCAT_ENABLED");
	collect_flags(b, hv, features, build_pos(b, features ? features : hvn));
	build_ivshmem(b, hv, features);

	xmlNodePtr mem = node_first(hvn, "MEMORY");
	hv->stack_size = build_child_u64(b, mem, "STACK_SIZE");
	hv->hv_ram_start = build_child_u64(b, mem, "HV_RAM_START");
	hv->hv_ram_size = build_child_u64(b, mem, "HV_RAM_SIZE");

	xmlNodePtr cap = node_first(hvn, "CAPACITIES");
	hv->max_vm_num = build_child_u64(b, cap, "MAX_VM_NUM");
	hv->max_ioapic_num = build_child_u64(b, cap, "MAX_IOAPIC_NUM");
	hv->max_pci_dev_num = build_child_u64(b, cap, "MAX_PCI_DEV_NUM");
	hv->max_ioapic_lines = build_child_u64(b, cap, "MAX_IOAPIC_LINES");
	hv->max_pt_irq_entries = build_child_u64(b, cap, "MAX_PT_IRQ_ENTRIES");
	hv->max_msix_table_num = build_child_u64(b, cap, "MAX_MSIX_TABLE_NUM");
	hv->max_emulated_mmio = build_child_u64(b, cap, "MAX_EMULATED_MMIO");

	hv->gpu_sbdf = build_child_u64(b, node_first(hvn, "MISC_CFG"), "GPU_SBDF");
	build_vuarts(b, hv, hvn);
}

/* ---- vm ---- */

static void build_pcpus(struct build *b, struct vm *vm, xmlNodePtr n)
{
	xmlNodePtr aff = node_first(n, "cpu_affinity");
	vm->pcpus = BUILD_ARRAY(b, node_count(aff, "pcpu"), struct vm_pcpu);
	for_each_child (p, aff, "pcpu") {
		struct vm_pcpu *pc = &vm->pcpus[vm->pcpu_count++];
		pc->pos = build_pos(b, p);
		pc->id = (uint32_t)build_required_u64(b, p, "pcpu_id", UINT32_MAX);
		pc->real_time = build_child_yn(b, p, "real_time_vcpu");
	}
}

static void build_vm_memory(struct build *b, struct vm *vm, xmlNodePtr n)
{
	xmlNodePtr mem = node_first(n, "memory");
	vm->memory_pos = mem ? build_pos(b, mem) : vm->pos;
	vm->memory_size_mb = build_child_u64(b, mem, "size");
	vm->hpa_regions = BUILD_ARRAY(b, node_count(mem, "hpa_region"), struct vm_hpa_region);
	for_each_child (r, mem, "hpa_region") {
		struct vm_hpa_region *h = &vm->hpa_regions[vm->hpa_region_count++];
		h->pos = build_pos(b, r);
		h->start = build_required_u64(b, r, "start_hpa", UINT64_MAX);
		h->size_mb = build_required_u64(b, r, "size_hpa", UINT64_MAX >> 20);
	}
}

static void build_os_config(struct build *b, struct vm_os_config *os, xmlNodePtr n)
{
	xmlNodePtr c = node_first(n, "os_config");
	if (!c)
		return;
	os->present = true;
	os->pos = build_pos(b, c);
	os->kern_type = build_child_text(b, c, "kern_type");
	os->kern_mod = build_child_text(b, c, "kern_mod");
	os->ramdisk_mod = build_child_text(b, c, "ramdisk_mod");
	os->bootargs = build_child_text(b, c, "bootargs");
	os->kern_load_addr = build_child_u64(b, c, "kern_load_addr");
	os->kern_entry_addr = build_child_u64(b, c, "kern_entry_addr");
}

static void build_pci_devs(struct build *b, struct vm *vm, xmlNodePtr n)
{
	xmlNodePtr list = node_first(n, "pci_devs");
	vm->pci_devs = BUILD_ARRAY(b, node_count(list, "pci_dev"), struct vm_pci_dev);
	for_each_child (p, list, "pci_dev") {
		struct vm_pci_dev *d = &vm->pci_devs[vm->pci_dev_count];
		d->pos = build_value_pos(b, p);
		if (build_bdf(b, p, &d->bdf, &d->description) == 0)
			vm->pci_dev_count++;
	}
}

static void build_virtio(struct build *b, struct vm *vm, xmlNodePtr n)
{
	xmlNodePtr list = node_first(n, "virtio_devices");
	vm->virtio = BUILD_ARRAY(b, node_count(list, NULL), struct vm_virtio_dev);
	for (xmlNodePtr d = node_first(list, NULL); d; d = node_next(d, NULL)) {
		struct vm_virtio_dev *v = &vm->virtio[vm->virtio_count++];
		v->pos = build_pos(b, d);
		v->kind = arena_strdup(b->arena, (const char *)d->name);
		/* structured ones (console, network) are summarised by their first field */
		xmlNodePtr first = node_first(d, NULL);
		v->value = build_text(b, first ? first : d);
	}
}

static void build_vm(struct build *b, struct vm *vm, xmlNodePtr n)
{
	vm->pos = build_pos(b, n);
	struct opt_u64 id = build_attr_u64(b, n, "id");
	vm->id = (uint32_t)id.value;
	if (id.set && id.value > UINT16_MAX) {
		build_broken(b, "id");
		diag_error(b->dl, xml_attr_pos(b->src, n, "id"), "value-range",
			   "VM id %llu is out of range: at most %u", (unsigned long long)id.value,
			   UINT16_MAX);
	}
	xmlNodePtr name = node_first(n, "name");
	vm->name = name ? build_text(b, name) : "";
	vm->name_pos = name ? build_value_pos(b, name) : vm->pos;
	vm->load_order = (enum load_order)build_enum(b, n, "load_order", load_order_names,
						     ARRAY_SIZE(load_order_names));
	vm->vm_type =
	    (enum vm_type)build_enum(b, n, "vm_type", vm_type_names, ARRAY_SIZE(vm_type_names));
	build_pcpus(b, vm, n);
	build_vm_memory(b, vm, n);
	build_os_config(b, &vm->os, n);
	vm->console_vuart = build_child_text(b, n, "console_vuart");
	build_pci_devs(b, vm, n);
	build_virtio(b, vm, n);
	vm->priority = build_child_text(b, n, "priority");
	vm->companion_vmid = build_child_u64(b, n, "companion_vmid");
	vm->lapic_passthrough = build_child_yn(b, n, "lapic_passthrough");
	vm->io_completion_polling = build_child_yn(b, n, "io_completion_polling");
	vm->nested_virtualization = build_child_yn(b, n, "nested_virtualization_support");
	vm->virtual_cat = build_child_yn(b, n, "virtual_cat_support");
	vm->vuart0 = build_child_yn(b, n, "vuart0");
	vm->vbootloader = build_child_yn(b, n, "vbootloader");
	vm->os_type = build_child_text(b, n, "os_type");
}

unsigned scenario_build(struct scenario *s, const struct xml_source *src, struct arena *a,
			struct diag_list *dl, struct broken_names *broken)
{
	struct build b = {src, a, dl, broken};
	unsigned before = dl->errors;
	xmlNodePtr root = xmlDocGetRootElement(src->doc);
	memset(s, 0, sizeof(*s));
	s->path = src->path;
	s->pos = build_pos(&b, root);
	s->board_name = build_attr(&b, root, "board");
	xmlNodePtr hv = node_first(root, "hv");
	if (hv)
		build_hv(&b, &s->hv, hv);
	s->vms = BUILD_ARRAY(&b, node_count(root, "vm"), struct vm);
	for_each_child (n, root, "vm")
		build_vm(&b, &s->vms[s->vm_count++], n);
	return dl->errors - before;
}
