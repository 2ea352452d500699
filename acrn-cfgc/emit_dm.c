/*
 * dm_vms.c in C (emit_dm.h): the post-launched VMs of the resolved document for the device
 * model, as struct dmcfg_vms (devicemodel/include/dm_config_abi.h): pCPU ids, guest memory,
 * vUARTs, passthrough, ivshmem and virtio devices with their virtual BDFs; VM indices are the
 * hypervisor's. It was a stylesheet (dm_vms.c.xsl) and writes the same bytes and stops at the
 * same first error with the same message (docs/acrn-cfgc.md, "Speed").
 */
#include "emit_dm.h"

#include <stdlib.h>
#include <string.h>

#include "emit_text.h"
#include "model_read.h" /* the element walk the model builders use */
#include "util.h"

#define VM_NAME_MAX	16 /* dmcfg_vm.name, with its NUL */
#define REGION_NAME_MAX 32 /* dmcfg_ivshmem_dev.name */
#define PREFIX		"DMCFG"

static bool post_launched(xmlNodePtr vm)
{
	return et_attr_is(vm, "load_order", "POST_LAUNCHED_VM");
}

static size_t items(xmlNodePtr parent, const char *section, const char *item)
{
	size_t n = 0;
	for_each_child (s, parent, section)
		n += node_count(s, item);
	return n;
}

static void pcpu_ids(struct emit_text *t, xmlNodePtr vm, size_t i)
{
	size_t n = items(vm, "pcpus", "pcpu");
	if (!n)
		return;
	et_printf(t, "static const uint32_t vm%zu_pcpu_ids[%zu] = {", i, n);
	const char *sep = "";
	for_each_child (s, vm, "pcpus")
		for_each_child (p, s, "pcpu") {
			et_printf(t, "%s%s", sep, et_attr(p, "id"));
			sep = ", ";
		}
	et_puts(t, "};\n");
}

static void regions(struct emit_text *t, xmlNodePtr vm, size_t i)
{
	size_t n = items(vm, "memory", "region");
	if (!n)
		return;
	et_printf(t, "static const struct dmcfg_region vm%zu_regions[%zu] = {\n", i, n);
	for_each_child (m, vm, "memory")
		for_each_child (r, m, "region")
			et_printf(t, "\t{.gpa = %s, .size = %s},\n", et_attr(r, "gpa"),
				  et_attr(r, "size"));
	et_puts(t, "};\n");
}

static void vuarts(struct emit_text *t, xmlNodePtr vm, xmlNodePtr s, size_t i)
{
	et_printf(t, "static const struct dmcfg_vuart_conn vm%zu_vuarts[%zu] = {\n", i,
		  node_count(s, "vuart_connection"));
	for_each_child (c, s, "vuart_connection") {
		et_puts(t, "\t{.vuart = ");
		et_vuart(t, c, PREFIX);
		et_puts(t, ",\n\t .peer_vm = ");
		et_vuart_peer(t, vm, c, PREFIX);
		et_puts(t, "}, /* ");
		char *what = xasprintf("%s to %s", et_attr(c, "name"), et_attr(c, "peer"));
		et_comment_text(t, what);
		free(what);
		et_puts(t, " */\n");
	}
	et_puts(t, "};\n");
}

static void ptdevs(struct emit_text *t, xmlNodePtr s, size_t i)
{
	et_printf(t, "static const struct dmcfg_ptdev vm%zu_ptdevs[%zu] = {\n", i,
		  node_count(s, "pci_dev"));
	for_each_child (p, s, "pci_dev") {
		et_puts(t, "\t{.pgsi = ");
		et_or_none(t, et_child_attr(p, "intx", "pgsi"), PREFIX);
		et_puts(t, ", .pbdf = ");
		et_bdf(t, et_attr(p, "pbdf"), PREFIX);
		et_puts(t, ", .vbdf = ");
		char *vbdf = et_child_text(p, "vbdf");
		et_bdf(t, vbdf, PREFIX);
		free(vbdf);
		et_puts(t, "},\n");
	}
	et_puts(t, "};\n");
}

/* Some region of the document with this name is provided by the hypervisor. */
static bool by_hypervisor(xmlNodePtr root, const char *name)
{
	for_each_child (s, root, "ivshmem_regions")
		for_each_child (r, s, "region")
			if (et_attr_is(r, "name", name) &&
			    et_attr_is(r, "provided_by", "Hypervisor"))
				return true;
	return false;
}

static void ivshmem_dev(struct emit_text *t, xmlNodePtr root, xmlNodePtr v)
{
	et_puts(t, "\t{.name = ");
	et_c_fixed_string(t, v, et_attr(v, "name"), REGION_NAME_MAX, "the ivshmem region name");
	et_printf(t, ", .size = %s,\n\t .bar0 = ", et_attr(v, "size"));
	char *bar0 = et_child_text(v, "bar0"), *bar2 = et_child_text(v, "bar2");
	char *vbdf = et_child_text(v, "vbdf");
	et_or_zero(t, bar0);
	et_puts(t, ", .bar2 = ");
	et_or_zero(t, bar2);
	et_printf(t, ", .provider = %s, .vbdf = ",
		  by_hypervisor(root, et_attr(v, "name")) ? "DMCFG_IVSHMEM_BY_HV"
							  : "DMCFG_IVSHMEM_BY_DM");
	et_bdf(t, vbdf, PREFIX);
	et_puts(t, "},\n");
	free(bar0);
	free(bar2);
	free(vbdf);
}

static void ivshmem_devs(struct emit_text *t, xmlNodePtr root, xmlNodePtr s, size_t i)
{
	et_printf(t, "static const struct dmcfg_ivshmem_dev vm%zu_ivshmem[%zu] = {\n", i,
		  node_count(s, "ivshmem"));
	for_each_child (v, s, "ivshmem")
		ivshmem_dev(t, root, v);
	et_puts(t, "};\n");
}

/* DMCFG_VIRTIO_KIND, the kind upper-cased (ASCII letters only, as translate() did). */
static void virtio(struct emit_text *t, xmlNodePtr vm, xmlNodePtr v)
{
	const char *kind = et_attr(v, "kind");
	char *upper = xstrdup(kind);
	for (char *p = upper; *p; p++)
		if (*p >= 'a' && *p <= 'z')
			*p = (char)(*p - 'a' + 'A');
	char *word = xasprintf(" %s ", upper);
	if (!strstr(" CONSOLE NETWORK INPUT BLOCK GPU VSOCK ", word))
		et_fail(t, v, "VM %s: unknown virtio device kind %s", et_attr(vm, "name"), kind);
	et_printf(t, "\t{.kind = DMCFG_VIRTIO_%s,\n", upper);
	char *what = xasprintf("the %s device of VM %s", kind, et_attr(vm, "name"));
	et_c_string_field(t, v, "value", et_attr(v, "value"), what, "\t ");
	et_puts(t, "\t .vbdf = ");
	char *vbdf = et_child_text(v, "vbdf");
	et_bdf(t, vbdf, PREFIX);
	et_puts(t, "},\n");
	free(vbdf);
	free(what);
	free(word);
	free(upper);
}

static void virtio_devs(struct emit_text *t, xmlNodePtr vm, xmlNodePtr s, size_t i)
{
	et_printf(t, "static const struct dmcfg_virtio vm%zu_virtio[%zu] = {\n", i,
		  node_count(s, "virtio"));
	for_each_child (v, s, "virtio")
		virtio(t, vm, v);
	et_puts(t, "};\n");
}

static void vm_arrays(struct emit_text *t, xmlNodePtr root, xmlNodePtr vm, size_t i)
{
	et_printf(t, "\n/* post-launched VM %zu: %s */\n", i, et_attr(vm, "name"));
	pcpu_ids(t, vm, i);
	regions(t, vm, i);
	for_each_child (s, vm, "vuart_connections")
		if (node_first(s, "vuart_connection"))
			vuarts(t, vm, s, i);
	for_each_child (s, vm, "pci_devs")
		if (node_first(s, "pci_dev"))
			ptdevs(t, s, i);
	for_each_child (s, vm, "ivshmem_devs")
		if (node_first(s, "ivshmem"))
			ivshmem_devs(t, root, s, i);
	for_each_child (s, vm, "virtio_devs")
		if (node_first(s, "virtio"))
			virtio_devs(t, vm, s, i);
}

/* The sum of the regions' sizes, in C (exact, where XPath's doubles might not be), or 0. */
static void memory_size(struct emit_text *t, xmlNodePtr vm)
{
	size_t n = items(vm, "memory", "region");
	const char *sep = "";
	for_each_child (m, vm, "memory")
		for_each_child (r, m, "region") {
			et_printf(t, n == 1 ? "%s%s" : "%s(uint64_t)%s", sep, et_attr(r, "size"));
			sep = " + ";
		}
	if (!n)
		et_puts(t, "0");
}

static void vm_counts(struct emit_text *t, xmlNodePtr vm, size_t i)
{
	size_t n[] = {items(vm, "pcpus", "pcpu"),
		      items(vm, "memory", "region"),
		      items(vm, "vuart_connections", "vuart_connection"),
		      items(vm, "pci_devs", "pci_dev"),
		      items(vm, "ivshmem_devs", "ivshmem"),
		      items(vm, "virtio_devs", "virtio")};
	et_printf(t,
		  "\t\t.pcpu_count = %zu,\n\t\t.region_count = %zu,\n\t\t.vuart_count = %zu,\n"
		  "\t\t.ptdev_count = %zu,\n\t\t.ivshmem_count = %zu,\n\t\t.virtio_count = %zu,\n",
		  n[0], n[1], n[2], n[3], n[4], n[5]);
	static const char *const fields[] = {"pcpu_ids", "regions", "vuarts",
					     "ptdevs",	 "ivshmem", "virtio"};
	for (size_t k = 0; k < ARRAY_SIZE(fields); k++) {
		char *array = xasprintf("vm%zu_%s", i, fields[k]);
		et_array_ref(t, fields[k], array, n[k], "\t\t");
		free(array);
	}
}

static void vm_entry(struct emit_text *t, xmlNodePtr vm, size_t i)
{
	et_printf(t,
		  "\t{\n\t\t.vm_index = %zu,\n\t\t.id = %s,\n\t\t.name = ", et_preceding(vm, "vm"),
		  et_attr(vm, "id"));
	et_c_fixed_string(t, vm, et_attr(vm, "name"), VM_NAME_MAX, "the VM name");
	et_puts(t, ",\n\t\t.vm_type = ");
	et_vm_type(t, vm, PREFIX);
	et_puts(t, ",\n\t\t.flags = ");
	et_vm_flags(t, vm, PREFIX);
	et_puts(t, ",\n\t\t.memory_size = ");
	memory_size(t, vm);
	et_puts(t, ",\n\t\t.console = ");
	et_vuart(t, node_first(vm, "console_vuart"), PREFIX);
	et_puts(t, ",\n");
	vm_counts(t, vm, i);
	et_puts(t, "\t},\n");
}

char *emit_dm(xmlDocPtr resolved, const char *generator, size_t *len, char **error, long *line)
{
	xmlNodePtr root = xmlDocGetRootElement(resolved);
	if (root && !xmlStrEqual(root->name, BAD_CAST "acrn-resolved"))
		root = NULL;
	struct emit_text t;
	et_open(&t);
	et_banner(&t, root, generator, "The post-launched VMs, for the device model.");
	et_puts(&t, "#include <stddef.h>\n\n#include \"dm_config_abi.h\"\n");
	size_t i = 0;
	for_each_child (vm, root, "vm")
		if (post_launched(vm))
			vm_arrays(&t, root, vm, i++);
	if (i) {
		et_printf(&t, "\nstatic const struct dmcfg_vm vms[%zu] = {\n", i);
		i = 0;
		for_each_child (vm, root, "vm")
			if (post_launched(vm))
				vm_entry(&t, vm, i++);
		et_puts(&t, "};\n");
	}
	et_puts(&t, "\nconst struct dmcfg_vms dmcfg_vms = {\n");
	et_table_header(&t, "DMCFG_TABLE_VMS", "dmcfg_vms", EMIT_DM_ABI_REVISION);
	et_printf(&t, "\t.vm_count = %zu,\n", i);
	et_array_ref(&t, "vms", "vms", i, "\t");
	et_puts(&t, "};\n");
	return et_close(&t, len, error, line);
}
