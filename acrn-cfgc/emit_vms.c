/*
 * config_vms.c in C (emit_vms.h): every VM of the resolved document, in scenario order, and the
 * ivshmem regions, as struct acfg_vms. It was a stylesheet (config_vms.c.xsl) and writes the
 * same bytes and stops at the same first error with the same message; in C it costs a few
 * thousand instructions where the stylesheet cost about 3M to run and 2.5M to compile
 * (docs/acrn-cfgc.md, "Speed"). pCPUs, passthrough devices, vUART peers and ivshmem regions
 * are written as indices into the board's, the VMs' and the regions' arrays.
 */
#include "emit_vms.h"

#include <stdlib.h>
#include <string.h>

#include "emit_text.h"
#include "model_read.h" /* the element walk the model builders use */
#include "util.h"

#define VM_NAME_MAX	16 /* acfg_vm.name, with its NUL */
#define REGION_NAME_MAX 32 /* acfg_ivshmem_region.name */

/* The document's parts the VMs refer to (the stylesheet's keys). */
struct doc {
	xmlNodePtr root, board;
};

/* The last child item of parent whose attr is value (XPath's key() then
 * count(preceding-sibling::item) takes the last of several), or NULL. */
static xmlNodePtr keyed_child(xmlNodePtr parent, const char *item, const char *attr,
			      const char *value)
{
	xmlNodePtr found = NULL;
	for_each_child (c, parent, item)
		if (et_attr_is(c, attr, value))
			found = c;
	return found;
}

/* The same, among the items of every parent/section. */
static xmlNodePtr keyed(xmlNodePtr parent, const char *section, const char *item, const char *attr,
			const char *value)
{
	xmlNodePtr found = NULL;
	for_each_child (s, parent, section) {
		xmlNodePtr c = keyed_child(s, item, attr, value);
		found = c ? c : found;
	}
	return found;
}

static void region(struct emit_text *t, xmlNodePtr r)
{
	et_puts(t, "\t{.name = ");
	et_c_fixed_string(t, r, et_attr(r, "name"), REGION_NAME_MAX, "the ivshmem region name");
	et_printf(t, ", .size = %sU, .hpa = ", et_attr(r, "size"));
	char *hpa = et_child_text(r, "hpa");
	et_or_zero(t, hpa);
	free(hpa);
	et_printf(t, ", .provider = %s},\n",
		  et_attr_is(r, "provided_by", "Hypervisor") ? "ACFG_IVSHMEM_BY_HV"
							     : "ACFG_IVSHMEM_BY_DM");
}

/* ---- one VM's arrays ---- */

static void vm_pcpus(struct emit_text *t, const struct doc *d, xmlNodePtr vm, size_t i)
{
	size_t n = 0;
	for_each_child (s, vm, "pcpus")
		n += node_count(s, "pcpu");
	if (!n)
		return;
	et_printf(t, "static const uint32_t vm%zu_pcpus[%zu] = {", i, n);
	const char *sep = "";
	for_each_child (s, vm, "pcpus")
		for_each_child (p, s, "pcpu") {
			xmlNodePtr on_board =
			    keyed(d->board, "pcpus", "pcpu", "id", et_attr(p, "id"));
			if (!on_board)
				et_fail(t, p, "VM %s: pCPU %s is not on the board",
					et_attr(vm, "name"), et_attr(p, "id"));
			et_printf(t, "%s%zu", sep, on_board ? et_preceding(on_board, "pcpu") : 0);
			sep = ", ";
		}
	et_puts(t, "}; /* pCPU ids ");
	sep = "";
	for_each_child (s, vm, "pcpus")
		for_each_child (p, s, "pcpu") {
			et_printf(t, "%s%s", sep, et_attr(p, "id"));
			sep = ", ";
		}
	et_puts(t, " */\n");
}

/* The ivshmem devices whose shared memory the hypervisor maps: those with hpa and bar2. */
static bool mapped_shm(xmlNodePtr ivshmem)
{
	return node_first(ivshmem, "hpa") && node_first(ivshmem, "bar2");
}

static size_t shm_count(xmlNodePtr vm)
{
	size_t n = 0;
	for_each_child (s, vm, "ivshmem_devs")
		for_each_child (v, s, "ivshmem")
			n += mapped_shm(v);
	return n;
}

static size_t items(xmlNodePtr parent, const char *section, const char *item)
{
	size_t n = 0;
	for_each_child (s, parent, section)
		n += node_count(s, item);
	return n;
}

static void shm_region(struct emit_text *t, xmlNodePtr v)
{
	char *bar2 = et_child_text(v, "bar2"), *hpa = et_child_text(v, "hpa");
	et_printf(t,
		  "\t{.gpa = %sU, .hpa = %sU, .size = %sU, .attr = ACFG_MEM_IVSHMEM}, /* %s */\n",
		  bar2, hpa, et_attr(v, "size"), et_attr(v, "name"));
	free(bar2);
	free(hpa);
}

/* RAM in guest address order, then the ivshmem shared memory the hypervisor maps. */
static void regions(struct emit_text *t, xmlNodePtr vm, size_t i)
{
	size_t ram = items(vm, "memory", "region"), shm = shm_count(vm);
	if (!ram && !shm)
		return;
	et_printf(t, "static const struct acfg_mem_region vm%zu_regions[%zu] = {\n", i, ram + shm);
	for_each_child (m, vm, "memory")
		for_each_child (r, m, "region") {
			et_printf(t, "\t{.gpa = %sU, .hpa = ", et_attr(r, "gpa"));
			if (et_has_attr(r, "hpa"))
				et_printf(t, "%sU, .size = %sU, .attr = ACFG_MEM_RAM},\n",
					  et_attr(r, "hpa"), et_attr(r, "size"));
			else
				et_printf(t,
					  "0U, .size = %sU, .attr = ACFG_MEM_RAM | ACFG_MEM_DM},\n",
					  et_attr(r, "size"));
		}
	for_each_child (s, vm, "ivshmem_devs")
		for_each_child (v, s, "ivshmem")
			if (mapped_shm(v))
				shm_region(t, v);
	et_puts(t, "};\n");
}

static void vuart_connection(struct emit_text *t, xmlNodePtr vm, xmlNodePtr c)
{
	et_puts(t, "\t{.vuart = ");
	et_vuart(t, c, "ACFG");
	et_puts(t, ",\n\t .peer_vm = ");
	et_vuart_peer(t, vm, c, "ACFG");
	et_puts(t, "}, /* ");
	char *what = xasprintf("%s to %s", et_attr(c, "name"), et_attr(c, "peer"));
	et_comment_text(t, what);
	free(what);
	et_puts(t, " */\n");
}

static void vuart_connections(struct emit_text *t, xmlNodePtr vm, xmlNodePtr s, size_t i)
{
	et_printf(t, "static const struct acfg_vuart_conn vm%zu_vuarts[%zu] = {\n", i,
		  node_count(s, "vuart_connection"));
	for_each_child (c, s, "vuart_connection")
		vuart_connection(t, vm, c);
	et_puts(t, "};\n");
}

static void ptdev(struct emit_text *t, const struct doc *d, xmlNodePtr vm, xmlNodePtr p)
{
	const char *pbdf = et_attr(p, "pbdf");
	xmlNodePtr dev = keyed(d->board, "pci_devs", "pci_dev", "bdf", pbdf);
	if (!dev)
		et_fail(t, p, "VM %s: passthrough device %s is not on the board",
			et_attr(vm, "name"), pbdf);
	et_printf(t, "\t{.board_dev = %zu, .pgsi = ", dev ? et_preceding(dev, "pci_dev") : 0);
	et_or_none(t, et_child_attr(p, "intx", "pgsi"), "ACFG");
	et_puts(t, ", .vgsi = ");
	et_or_none(t, et_child_attr(p, "intx", "vgsi"), "ACFG");
	et_puts(t, ", .vbdf = ");
	char *vbdf = et_child_text(p, "vbdf");
	et_bdf(t, vbdf, "ACFG");
	free(vbdf);
	et_printf(t, "}, /* %s */\n", pbdf);
}

static void ptdevs(struct emit_text *t, const struct doc *d, xmlNodePtr vm, xmlNodePtr s, size_t i)
{
	et_printf(t, "static const struct acfg_ptdev vm%zu_ptdevs[%zu] = {\n", i,
		  node_count(s, "pci_dev"));
	for_each_child (p, s, "pci_dev")
		ptdev(t, d, vm, p);
	et_puts(t, "};\n");
}

static void ivshmem_dev(struct emit_text *t, const struct doc *d, xmlNodePtr vm, xmlNodePtr v)
{
	const char *name = et_attr(v, "name");
	xmlNodePtr r = keyed(d->root, "ivshmem_regions", "region", "name", name);
	if (!r)
		et_fail(t, v, "VM %s: ivshmem region %s does not exist", et_attr(vm, "name"), name);
	char *bar0 = et_child_text(v, "bar0"), *bar2 = et_child_text(v, "bar2");
	char *vbdf = et_child_text(v, "vbdf");
	et_puts(t, "\t{.bar0 = ");
	et_or_zero(t, bar0);
	et_puts(t, ", .bar2 = ");
	et_or_zero(t, bar2);
	et_printf(t, ", .region = %zu, .vbdf = ", r ? et_preceding(r, "region") : 0);
	et_bdf(t, vbdf, "ACFG");
	et_printf(t, "}, /* %s */\n", name);
	free(bar0);
	free(bar2);
	free(vbdf);
}

static void ivshmem_devs(struct emit_text *t, const struct doc *d, xmlNodePtr vm, xmlNodePtr s,
			 size_t i)
{
	et_printf(t, "static const struct acfg_ivshmem_dev vm%zu_ivshmem[%zu] = {\n", i,
		  node_count(s, "ivshmem"));
	for_each_child (v, s, "ivshmem")
		ivshmem_dev(t, d, vm, v);
	et_puts(t, "};\n");
}

static void vm_arrays(struct emit_text *t, const struct doc *d, xmlNodePtr vm, size_t i)
{
	et_printf(t, "\n/* VM %zu: %s */\n", i, et_attr(vm, "name"));
	vm_pcpus(t, d, vm, i);
	regions(t, vm, i);
	for_each_child (s, vm, "vuart_connections")
		if (node_first(s, "vuart_connection"))
			vuart_connections(t, vm, s, i);
	for_each_child (s, vm, "pci_devs")
		if (node_first(s, "pci_dev"))
			ptdevs(t, d, vm, s, i);
	for_each_child (s, vm, "ivshmem_devs")
		if (node_first(s, "ivshmem"))
			ivshmem_devs(t, d, vm, s, i);
}

/* ---- one VM ---- */

/* .type: ACFG_KERN_ and the scenario's KERNEL_ word, if it is one the tables know. */
static void kernel_type(struct emit_text *t, const char *kern_type)
{
	char *type = et_normalize_space(kern_type);
	char *word = xasprintf(" %s ", type);
	bool known = strstr(" KERNEL_BZIMAGE KERNEL_RAWIMAGE KERNEL_ELF ", word) != NULL;
	const char *after = strstr(type, "KERNEL_");
	if (known)
		et_printf(t, "ACFG_KERN_%s", after ? after + strlen("KERNEL_") : "");
	else
		et_puts(t, "ACFG_KERN_NONE");
	free(word);
	free(type);
}

/* A module tag or the boot arguments: normalize-space() of os/child, as a C string field. */
static void os_string(struct emit_text *t, xmlNodePtr vm, xmlNodePtr os, const char *child,
		      const char *field, const char *what)
{
	char *raw = et_child_text(os, child), *s = et_normalize_space(raw);
	char *full = xasprintf("%s %s", what, et_attr(vm, "name"));
	et_c_string_field(t, vm, field, s, full, "\t\t\t");
	free(full);
	free(s);
	free(raw);
}

static void kernel(struct emit_text *t, xmlNodePtr vm)
{
	xmlNodePtr os = node_first(vm, "os_config");
	bool load = node_first(os, "kern_load_addr"), entry = node_first(os, "kern_entry_addr");
	char *load_addr = et_child_text(os, "kern_load_addr");
	char *entry_addr = et_child_text(os, "kern_entry_addr");
	char *type = et_child_text(os, "kern_type");
	et_puts(t, "\t\t.kernel = {\n\t\t\t.load_addr = ");
	et_or_zero(t, load_addr);
	et_puts(t, ",\n\t\t\t.entry_addr = ");
	et_or_zero(t, entry_addr);
	et_puts(t, ",\n\t\t\t.type = ");
	kernel_type(t, type);
	et_printf(t, ",\n\t\t\t.flags = %s,\n",
		  load && entry ? "ACFG_KERN_LOAD_ADDR | ACFG_KERN_ENTRY_ADDR"
		  : load	? "ACFG_KERN_LOAD_ADDR"
		  : entry	? "ACFG_KERN_ENTRY_ADDR"
				: "0");
	os_string(t, vm, os, "kern_mod", "mod_tag", "the kernel module tag of VM");
	os_string(t, vm, os, "ramdisk_mod", "ramdisk_tag", "the ramdisk module tag of VM");
	/* the scenario wraps long command lines; the kernel splits on any blank anyway */
	os_string(t, vm, os, "bootargs", "bootargs", "the boot arguments of VM");
	et_puts(t, "\t\t},\n");
	free(load_addr);
	free(entry_addr);
	free(type);
}

static void vm_counts(struct emit_text *t, xmlNodePtr vm, size_t i)
{
	size_t n[] = {items(vm, "pcpus", "pcpu"), items(vm, "memory", "region") + shm_count(vm),
		      items(vm, "vuart_connections", "vuart_connection"),
		      items(vm, "pci_devs", "pci_dev"), items(vm, "ivshmem_devs", "ivshmem")};
	et_printf(t,
		  "\t\t.pcpu_count = %zu,\n\t\t.region_count = %zu,\n\t\t.vuart_count = %zu,\n"
		  "\t\t.ptdev_count = %zu,\n\t\t.ivshmem_count = %zu,\n",
		  n[0], n[1], n[2], n[3], n[4]);
	static const char *const fields[] = {"pcpus", "regions", "vuarts", "ptdevs", "ivshmem"};
	for (size_t k = 0; k < ARRAY_SIZE(fields); k++) {
		char *array = xasprintf("vm%zu_%s", i, fields[k]);
		et_array_ref(t, fields[k], array, n[k], "\t\t");
		free(array);
	}
}

static void vm_entry(struct emit_text *t, xmlNodePtr vm, size_t i)
{
	et_printf(t, "\t{\n\t\t.id = %s,\n\t\t.name = ", et_attr(vm, "id"));
	et_c_fixed_string(t, vm, et_attr(vm, "name"), VM_NAME_MAX, "the VM name");
	et_printf(t, ",\n\t\t.load_order = %s,\n\t\t.vm_type = ",
		  et_attr_is(vm, "load_order", "PRE_LAUNCHED_VM") ? "ACFG_LOAD_PRE_LAUNCHED"
		  : et_attr_is(vm, "load_order", "SERVICE_VM")	  ? "ACFG_LOAD_SERVICE"
								  : "ACFG_LOAD_POST_LAUNCHED");
	et_vm_type(t, vm, "ACFG");
	et_puts(t, ",\n\t\t.flags = ");
	et_vm_flags(t, vm, "ACFG");
	et_printf(t, ",\n\t\t.priority = %s,\n\t\t.clos = ",
		  et_child_attr_is(vm, "flags", "priority", "PRIO_HIGH") ? "ACFG_PRIO_HIGH"
									 : "ACFG_PRIO_LOW");
	if (node_first(vm, "clos"))
		et_printf(t, "{.mask = %s, .id = %s}", et_child_attr(vm, "clos", "mask"),
			  et_child_attr(vm, "clos", "id"));
	else
		et_puts(t, "{.mask = 0, .id = ACFG_NONE}");
	et_puts(t, ",\n");
	kernel(t, vm);
	et_puts(t, "\t\t.console = ");
	et_vuart(t, node_first(vm, "console_vuart"), "ACFG");
	et_puts(t, ",\n");
	vm_counts(t, vm, i);
	et_puts(t, "\t},\n");
}

/* ---- the file ---- */

static void vms_table(struct emit_text *t, size_t vms, size_t regions_count)
{
	et_puts(t, "\nconst struct acfg_vms acfg_vms = {\n");
	et_table_header(t, "ACFG_TABLE_VMS", "acfg_vms", EMIT_ABI_REVISION);
	et_printf(t, "\t.vm_count = %zu,\n\t.ivshmem_count = %zu,\n", vms, regions_count);
	et_array_ref(t, "ivshmem", "ivshmem", regions_count, "\t");
	et_array_ref(t, "vms", "vms", vms, "\t");
	et_puts(t, "};\n");
}

char *emit_vms(xmlDocPtr resolved, const char *generator, size_t *len, char **error, long *line)
{
	xmlNodePtr root = xmlDocGetRootElement(resolved);
	if (root && !xmlStrEqual(root->name, BAD_CAST "acrn-resolved"))
		root = NULL;
	struct doc d = {root, node_first(root, "board")};
	struct emit_text t;
	et_open(&t);
	et_banner(&t, root, generator,
		  "Every VM, in the order they start, and the ivshmem regions.");
	et_puts(&t, "#include <stddef.h>\n\n#include \"config_abi.h\"\n");
	size_t region_count = items(root, "ivshmem_regions", "region");
	if (region_count) {
		et_printf(&t, "\nstatic const struct acfg_ivshmem_region ivshmem[%zu] = {\n",
			  region_count);
		for_each_child (s, root, "ivshmem_regions")
			for_each_child (r, s, "region")
				region(&t, r);
		et_puts(&t, "};\n");
	}
	size_t i = 0;
	for_each_child (vm, root, "vm")
		vm_arrays(&t, &d, vm, i++);
	if (i) {
		et_printf(&t, "\nstatic const struct acfg_vm vms[%zu] = {\n", i);
		i = 0;
		for_each_child (vm, root, "vm")
			vm_entry(&t, vm, i++);
		et_puts(&t, "};\n");
	}
	vms_table(&t, i, region_count);
	return et_close(&t, len, error, line);
}
