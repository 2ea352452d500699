/*
 * config_hv.c in C (emit_hv.h): the hypervisor's own settings as struct acfg_hv: its memory,
 * the boot area, the feature switches, scheduler, log levels, the cache CLOS masks divide,
 * capacities. It was a stylesheet (config_hv.c.xsl) and writes the same bytes
 * (docs/acrn-cfgc.md, "Speed").
 */
#include "emit_hv.h"

#include <stdlib.h>
#include <string.h>

#include "emit_text.h"
#include "model_read.h" /* the element walk the model builders use */
#include "util.h"

/* The y/n switches config_abi.h has a bit for: NAME or NAME_ENABLED -> ACFG_HV_NAME. */
static const char switches[] = " RELOC MULTIBOOT2 SPLIT_LOCK_DETECTION UC_LOCK_DETECTION "
			       "SECURITY_VM_FIXUP KEEP_IRQ_DISABLED HYPERV IOMMU_ENFORCE_SNP "
			       "ACPI_PARSE L1D_VMENTRY MCE_ON_PSC RDT CDP VCAT SSRAM ";

/* INDENT.NAME = VALUEU,\n (0U when the document has no value) for the text at path. */
static void field(struct emit_text *t, xmlNodePtr hv, const char *name, const char *path,
		  const char *indent)
{
	char *v = et_path_text(hv, path);
	et_printf(t, "%s.%s = ", indent, name);
	et_or_zero(t, v);
	et_puts(t, ",\n");
	free(v);
}

/* Some element at path (below hv) has exactly this text. */
static bool some_text_is(xmlNodePtr hv, const char *child, const char *value)
{
	for_each_child (c, hv, child) {
		xmlChar *text = xmlNodeGetContent(c);
		bool is = text && strcmp((const char *)text, value) == 0;
		xmlFree(text);
		if (is)
			return true;
	}
	return false;
}

/* " | ACFG_HV_NAME" for a feature switched on that config_abi.h has a bit for. */
static void feature(struct emit_text *t, xmlNodePtr f, const char **sep)
{
	const char *name = et_attr(f, "name");
	const char *enabled = strstr(name, "_ENABLED");
	char *word =
	    xasprintf(" %.*s ", (int)(enabled ? enabled - name : (ptrdiff_t)strlen(name)), name);
	if (strstr(switches, word)) {
		word[strlen(word) - 1] = '\0';
		et_printf(t, "%sACFG_HV_%s", *sep, word + 1);
		*sep = " |\n\t\t    ";
	}
	free(word);
}

static void features(struct emit_text *t, xmlNodePtr hv)
{
	const char *sep = "";
	if (some_text_is(hv, "build_type", "debug")) {
		et_puts(t, "ACFG_HV_DEBUG_BUILD");
		sep = " |\n\t\t    ";
	}
	for_each_child (s, hv, "features")
		for_each_child (f, s, "feature") {
			xmlChar *text = xmlNodeGetContent(f);
			if (text && strcmp((const char *)text, "y") == 0)
				feature(t, f, &sep);
			xmlFree(text);
		}
	if (!*sep)
		et_puts(t, "0");
}

/* ACFG_SCHED_ and the scenario's scheduler if the tables know it, else ACRN's default. */
static void scheduler(struct emit_text *t, xmlNodePtr hv)
{
	char *s = et_path_text(hv, "scheduler"), *word = xasprintf(" %s ", s);
	bool known = strstr(" SCHED_NOOP SCHED_IORR SCHED_BVT SCHED_PRIO ", word) != NULL;
	et_printf(t, "ACFG_%s", known ? s : "SCHED_BVT");
	free(word);
	free(s);
}

/* The first rdt/cache with this attribute's value (XPath's string($hv/rdt/cache/@attr)). */
static const char *cache_attr(xmlNodePtr hv, const char *attr)
{
	for_each_child (rdt, hv, "rdt")
		for_each_child (c, rdt, "cache")
			if (et_has_attr(c, attr))
				return et_attr(c, attr);
	return "";
}

static void clos_cache(struct emit_text *t, xmlNodePtr hv)
{
	if (!et_path_count(hv, "rdt/cache")) {
		et_puts(t, "\t.clos_cache = {.level = 0},\n");
		return;
	}
	et_printf(t,
		  "\t.clos_cache = {.level = %s, .cbm_length = %s, .clos_count = %s, .cdp = %d},\n",
		  cache_attr(hv, "level"), cache_attr(hv, "ways"), cache_attr(hv, "clos_count"),
		  et_child_attr_is(hv, "rdt", "cdp", "y"));
}

static void capacities(struct emit_text *t, xmlNodePtr hv)
{
	et_puts(t, "\t.capacities = {\n");
	for_each_child (s, hv, "capacities")
		for_each_child (c, s, NULL) {
			xmlChar *text = xmlNodeGetContent(c);
			et_printf(t, "\t\t.%s = ", (const char *)c->name);
			et_or_zero(t, text ? (const char *)text : "");
			et_puts(t, ",\n");
			xmlFree(text);
		}
	et_puts(t, "\t},\n");
}

static void hv_table(struct emit_text *t, xmlNodePtr hv)
{
	char *start = et_path_text(hv, "hv_ram/start"), *size = et_path_text(hv, "hv_ram/size");
	et_printf(t, "\t.ram_start = %sU,\n\t.ram_size = %sU,\n\t.boot_area = {%sU, %sU},\n", start,
		  size, et_child_attr(hv, "boot_area", "start"),
		  et_child_attr(hv, "boot_area", "size"));
	free(start);
	free(size);
	field(t, hv, "stack_size", "stack_size", "\t");
	et_puts(t, "\t.features = ");
	features(t, hv);
	et_puts(t, ",\n\t.scheduler = ");
	scheduler(t, hv);
	et_puts(t, ",\n");
	field(t, hv, "console_loglevel", "debug/console_loglevel", "\t");
	field(t, hv, "mem_loglevel", "debug/mem_loglevel", "\t");
	field(t, hv, "npk_loglevel", "debug/npk_loglevel", "\t");
	char *gpu = et_path_text(hv, "gpu_sbdf");
	et_puts(t, "\t.gpu_sbdf = ");
	et_or_none(t, gpu, "ACFG");
	et_puts(t, ",\n");
	free(gpu);
	clos_cache(t, hv);
	capacities(t, hv);
}

char *emit_hv(xmlDocPtr resolved, const char *generator, size_t *len, char **error, long *line)
{
	xmlNodePtr root = xmlDocGetRootElement(resolved);
	if (root && !xmlStrEqual(root->name, BAD_CAST "acrn-resolved"))
		root = NULL;
	struct emit_text t;
	et_open(&t);
	et_banner(&t, root, generator,
		  "Hypervisor settings: memory, features, scheduler, log levels, capacities.");
	et_puts(&t, "#include \"config_abi.h\"\n\nconst struct acfg_hv acfg_hv = {\n");
	et_table_header(&t, "ACFG_TABLE_HV", "acfg_hv", EMIT_ABI_REVISION);
	hv_table(&t, node_first(root, "hv"));
	et_puts(&t, "};\n");
	return et_close(&t, len, error, line);
}
