/*
 * The ACPI back end (emit_acpi.h): reads each VM of the resolved document, has acpi.c build
 * the tables of the pre-launched ones, and writes them twice: as ACPICA-named files for
 * people and tools, and as C arrays in config_acpi.c for the hypervisor. Both come from the
 * same buffers, so the files show exactly what a guest will read.
 */
#include "emit_acpi.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acpi.h"
#include "config_abi.h"
#include "model_read.h" /* the element walk the model builders use */
#include "util.h"
#include "value.h"

#define RULE_EMIT "emit"
#define DOC_NAME  "resolved document"

/* The layout of config_abi.h this file writes (as EMIT_ABI_REVISION for the other emitters):
 * a change of the header must be looked at here too before the revision moves on. */
#define ABI_REVISION 4
_Static_assert(ABI_REVISION == ACFG_REVISION,
	       "config_abi.h changed: check what emit_acpi.c writes, then its ABI_REVISION");

#define CONFIG_FILE    "config_acpi.c"
#define BYTES_PER_LINE 12
#define BYTES_LINE_MAX (2 + 6 * BYTES_PER_LINE) /* "\n\t", then "0xNN, " less the last blank */

const char *const emit_acpi_outputs[] = {
    CONFIG_FILE,
    OUTDIR_IN_SUBDIRS "rsdp.dat",
    OUTDIR_IN_SUBDIRS "xsdt.dat",
    OUTDIR_IN_SUBDIRS "facp.dat",
    OUTDIR_IN_SUBDIRS "facs.dat",
    OUTDIR_IN_SUBDIRS "dsdt.aml",
    OUTDIR_IN_SUBDIRS "apic.dat",
    OUTDIR_IN_SUBDIRS "mcfg.dat",
};
const size_t emit_acpi_output_count = ARRAY_SIZE(emit_acpi_outputs);

/* One VM of the document; tables built only for a pre-launched one. */
struct vm_acpi {
	const char *name; /* in the document */
	bool built;
	struct acpi_table tables[ACPI_TABLE_COUNT];
};

struct reader {
	xmlNode *root;
	struct diag_list *dl;
	unsigned errors;
};

/* ---- reading the document ---- */

static void error_at(struct reader *r, const xmlNode *n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void error_at(struct reader *r, const xmlNode *n, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *msg = xvasprintf(fmt, ap);
	va_end(ap);
	struct srcpos pos = {DOC_NAME, n ? (unsigned)xmlGetLineNo(n) : 0, 0};
	diag_error(r->dl, pos, RULE_EMIT, "%s", msg);
	free(msg);
	r->errors++;
}

/* The attribute's text, owned by the document; NULL (reported) when missing. */
static const char *attr(struct reader *r, xmlNode *n, const char *name)
{
	xmlAttr *a = xmlHasProp(n, BAD_CAST name);
	const char *v = a && a->children ? (const char *)a->children->content : NULL;
	if (!v)
		error_at(r, n, "<%s> has no %s attribute", (const char *)n->name, name);
	return v;
}

static int attr_u32(struct reader *r, xmlNode *n, const char *name, uint32_t *out)
{
	const char *v = attr(r, n, name);
	uint64_t u;
	if (!v)
		return -1;
	if (value_u64(v, &u) != 0 || u > UINT32_MAX) {
		error_at(r, n, "%s=\"%s\" of <%s> is not a 32-bit number", name, v,
			 (const char *)n->name);
		return -1;
	}
	*out = (uint32_t)u;
	return 0;
}

/* The physical APIC id of board pCPU id. */
static int board_apic_id(struct reader *r, xmlNode *at, uint32_t id, uint32_t *apic_id)
{
	for_each_child (p, node_first(node_first(r->root, "board"), "pcpus"), "pcpu") {
		uint32_t pid;
		if (attr_u32(r, p, "id", &pid) != 0)
			return -1;
		if (pid == id)
			return attr_u32(r, p, "apic_id", apic_id);
	}
	error_at(r, at, "pCPU %u is not on the board", id);
	return -1;
}

/* vCPU i's APIC id: i, or its pCPU's own with LAPIC passthrough (config_abi.h). */
static uint32_t *vcpu_apic_ids(struct reader *r, xmlNode *vm, size_t *count)
{
	xmlNode *flags = node_first(vm, "flags");
	xmlChar *pt = flags ? xmlGetProp(flags, BAD_CAST "lapic_passthrough") : NULL;
	bool physical = pt && strcmp((const char *)pt, "y") == 0;
	xmlFree(pt);
	size_t n = node_count(node_first(vm, "pcpus"), "pcpu");
	uint32_t *ids = xcalloc(n ? n : 1, sizeof(*ids));
	*count = 0;
	for_each_child (p, node_first(vm, "pcpus"), "pcpu") {
		uint32_t id;
		if (attr_u32(r, p, "id", &id) != 0 ||
		    (physical && board_apic_id(r, p, id, &ids[*count]) != 0))
			break;
		if (!physical)
			ids[*count] = (uint32_t)*count;
		(*count)++;
	}
	return ids;
}

static void read_vm(struct reader *r, xmlNode *vm, struct vm_acpi *out)
{
	const char *order = attr(r, vm, "load_order");
	out->name = attr(r, vm, "name");
	if (!order || !out->name || strcmp(order, "PRE_LAUNCHED_VM") != 0)
		return;
	unsigned before = r->errors;
	size_t count;
	uint32_t *ids = vcpu_apic_ids(r, vm, &count);
	struct acpi_vm desc = {ids, count};
	const char *why;
	if (r->errors == before) {
		if (acpi_build(&desc, out->tables, &why) == 0)
			out->built = true;
		else
			error_at(r, vm, "cannot build the ACPI tables of VM '%s': %s", out->name,
				 why);
	}
	free(ids);
}

/* ---- writing ---- */

/* Text safe in a C comment: one line, blanks collapsed, no comment opener or terminator. */
static void comment_text(FILE *f, const char *s)
{
	bool blank = false, started = false;
	for (; *s; s++) {
		if (strchr(" \t\r\n", *s)) {
			blank = started;
			continue;
		}
		if (blank)
			fputc(' ', f);
		blank = false;
		started = true;
		fputc(*s, f);
		if ((*s == '*' && s[1] == '/') || (*s == '/' && s[1] == '*'))
			fputc(' ', f);
	}
}

static void banner(FILE *f, xmlNode *root, const char *generator)
{
	xmlChar *board = xmlGetProp(root, BAD_CAST "board");
	xmlChar *scenario = xmlGetProp(root, BAD_CAST "scenario");
	fputs("/*\n * Generated by ", f);
	comment_text(f, generator);
	fputs(" from board '", f);
	comment_text(f, board ? (const char *)board : "");
	fputs("' and scenario '", f);
	comment_text(f, scenario ? (const char *)scenario : "");
	fputs(
	    "'.\n * The ACPI tables of each pre-launched VM and where they lie in its memory; the\n"
	    " * same bytes are in VMNAME/dsdt.aml, VMNAME/apic.dat and so on.\n"
	    " * Do not edit: change the board or scenario and run acrn-cfgc emit again.\n */\n",
	    f);
	xmlFree(board);
	xmlFree(scenario);
}

/* "dsdt" from "dsdt.aml": the C name of a table's array. */
static int stem_len(const char *file)
{
	return (int)strcspn(file, ".");
}

/* One line of bytes, "\n\t0x52, 0x53, ...,", into line; returns its length. By hand: a
 * fprintf per byte was 80% of this back end's time. */
static size_t bytes_line(char line[BYTES_LINE_MAX], const uint8_t *p, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t len = 0;
	line[len++] = '\n';
	line[len++] = '\t';
	for (size_t i = 0; i < n; i++) {
		if (i)
			line[len++] = ' ';
		line[len++] = '0';
		line[len++] = 'x';
		line[len++] = hex[p[i] >> 4];
		line[len++] = hex[p[i] & 0xf];
		line[len++] = ',';
	}
	return len;
}

static void byte_array(FILE *f, size_t vm, const struct acpi_table *t)
{
	char line[BYTES_LINE_MAX];
	fprintf(f, "static const uint8_t acpi_vm%zu_%.*s[%zu] = {", vm, stem_len(t->file), t->file,
		t->bytes.len);
	for (size_t i = 0; i < t->bytes.len; i += BYTES_PER_LINE) {
		size_t n = t->bytes.len - i < BYTES_PER_LINE ? t->bytes.len - i : BYTES_PER_LINE;
		size_t len = bytes_line(line, t->bytes.data + i, n);
		fwrite(line, 1, len, f);
	}
	fputs("\n};\n", f);
}

static void vm_tables(FILE *f, size_t i, const struct vm_acpi *v)
{
	fprintf(f, "\n/* VM %zu: ", i);
	comment_text(f, v->name);
	fputs(" */\n", f);
	for (size_t k = 0; k < ACPI_TABLE_COUNT; k++)
		byte_array(f, i, &v->tables[k]);
	fprintf(f, "static const struct acfg_acpi_table acpi_vm%zu_tables[%d] = {\n", i,
		ACPI_TABLE_COUNT);
	for (size_t k = 0; k < ACPI_TABLE_COUNT; k++) {
		const struct acpi_table *t = &v->tables[k];
		fprintf(f,
			"\t{.gpa = 0x%llxU, .length = %zuU, .bytes = acpi_vm%zu_%.*s}, /* %s */\n",
			(unsigned long long)t->gpa, t->bytes.len, i, stem_len(t->file), t->file,
			t->file);
	}
	fputs("};\n", f);
}

static void vm_list(FILE *f, const struct vm_acpi *vms, size_t n)
{
	fprintf(f, "\nstatic const struct acfg_acpi_vm acpi_vms[%zu] = {\n", n);
	for (size_t i = 0; i < n; i++) {
		if (vms[i].built)
			fprintf(f, "\t{.table_count = %d, .tables = acpi_vm%zu_tables}, /* ",
				ACPI_TABLE_COUNT, i);
		else
			fputs("\t{.table_count = 0, .tables = NULL}, /* not pre-launched: ", f);
		comment_text(f, vms[i].name);
		fputs(" */\n", f);
	}
	fputs("};\n", f);
}

/* config_acpi.c as a malloc'd string of *len bytes. */
static char *config_text(xmlNode *root, const char *generator, const struct vm_acpi *vms, size_t n,
			 size_t *len)
{
	char *text = NULL;
	FILE *f = open_memstream(&text, len);
	if (!f)
		abort(); /* out of memory: as xmalloc would */
	banner(f, root, generator);
	fputs("#include <stddef.h>\n\n#include \"config_abi.h\"\n", f);
	for (size_t i = 0; i < n; i++)
		if (vms[i].built)
			vm_tables(f, i, &vms[i]);
	if (n)
		vm_list(f, vms, n);
	fprintf(
	    f,
	    "\nconst struct acfg_acpi acfg_acpi = {\n"
	    "\t.header = {.signature = 0x%x /* \"ACFG\" */, .arch = %u /* x86-64 */, "
	    ".revision = %d,\n\t\t   .kind = ACFG_TABLE_ACPI, .size = sizeof(struct acfg_acpi)},\n"
	    "\t.vm_count = %zu,\n\t.vms = %s,\n};\n",
	    ACFG_SIGNATURE, ACFG_ARCH_X86_64, ABI_REVISION, n, n ? "acpi_vms" : "NULL");
	fclose(f);
	return text;
}

static int write_files(struct outdir *od, const struct vm_acpi *v, struct diag_list *dl)
{
	int rc = 0;
	for (size_t k = 0; k < ACPI_TABLE_COUNT && rc == 0; k++) {
		char *name = xasprintf("%s/%s", v->name, v->tables[k].file);
		rc = outdir_write(od, name, v->tables[k].bytes.data, v->tables[k].bytes.len, dl);
		free(name);
	}
	return rc;
}

static int write_all(struct outdir *od, xmlNode *root, const char *generator,
		     const struct vm_acpi *vms, size_t n, struct diag_list *dl)
{
	size_t len;
	char *text = config_text(root, generator, vms, n, &len);
	int rc = outdir_write(od, CONFIG_FILE, text, len, dl);
	free(text);
	for (size_t i = 0; i < n && rc == 0; i++)
		if (vms[i].built)
			rc = write_files(od, &vms[i], dl);
	return rc;
}

int emit_acpi(xmlDocPtr resolved, struct outdir *od, const char *generator, struct diag_list *dl)
{
	struct reader r = {xmlDocGetRootElement(resolved), dl, 0};
	size_t n = node_count(r.root, "vm");
	struct vm_acpi *vms = xcalloc(n ? n : 1, sizeof(*vms));
	size_t i = 0;
	for_each_child (vm, r.root, "vm")
		read_vm(&r, vm, &vms[i++]);
	int rc = r.errors ? -1 : write_all(od, r.root, generator, vms, n, dl);
	for (i = 0; i < n; i++)
		if (vms[i].built)
			acpi_free(vms[i].tables);
	free(vms);
	return rc;
}
