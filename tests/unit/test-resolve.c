/*
 * The resolver and the resolved document: concrete allocations on tiny in-memory boards and
 * scenarios (memory, vBDFs, vUARTs, ivshmem, CLOS, INTx), every exhaustion error with its rule
 * and line, determinism, atomic writing, and every valid pair of the ACRN corpus resolved,
 * written and validated against schemas/resolved.xsd.
 */
#include <dirent.h>
#include <fcntl.h>
#include <libxml/parser.h>
#include <libxml/xmlschemas.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rangeset.h"
#include "frontend.h"
#include "resolve.h"
#include "resolved_xml.h"
#include "tests.h"
#include "util.h"

#define MIB	       (UINT64_C(1) << 20)
#define BOCHS_BOARD    TOP_SRCDIR "/boards/bochs-pc.xml"
#define BOCHS_SCENARIO TOP_SRCDIR "/scenarios/bochs-pc/partitioned.xml"

static struct schema_set *schemas;
static xmlSchemaPtr resolved_schema;

static xmlSchemaPtr load_resolved_schema(void)
{
	char *dir = realpath(SOURCE_SCHEMA_DIR, NULL);
	if (!dir)
		return NULL;
	char *path = xasprintf("%s/resolved.xsd", dir);
	xml_loader_allow_dir(dir); /* the loader refuses files outside the schema directory */
	xmlSchemaParserCtxtPtr pctxt = xmlSchemaNewParserCtxt(path);
	xmlSchemaPtr schema = pctxt ? xmlSchemaParse(pctxt) : NULL;
	xmlSchemaFreeParserCtxt(pctxt);
	xml_loader_allow_dir(NULL);
	free(path);
	free(dir);
	return schema;
}

static int suite_init(void)
{
	struct diag_list dl;
	diag_list_init(&dl);
	schemas = schema_set_load(SOURCE_SCHEMA_DIR, &dl);
	if (!schemas)
		diag_list_print(&dl, DIAG_FORMAT_TEXT, stderr);
	diag_list_free(&dl);
	resolved_schema = load_resolved_schema();
	return schemas && resolved_schema ? 0 : -1;
}

static int suite_cleanup(void)
{
	schema_set_free(schemas);
	xmlSchemaFree(resolved_schema);
	schemas = NULL;
	resolved_schema = NULL;
	return 0;
}

/* ---- a small board: 4 CPUs, 2 GiB of RAM in three ranges, a few PCI devices ---- */

static const char board_head[] =
    "<acrn-config board=\"tiny\">\n"
    "<BIOS_INFO/><BASE_BOARD_INFO/><PCI_DEVICE/><PCI_VID_PID/><WAKE_VECTOR_INFO/>\n"
    "<RESET_REGISTER_INFO/><PM_INFO/><S3_INFO/><S5_INFO/><DRHD_INFO/><CPU_BRAND/><CX_INFO/>\n"
    "<PX_INFO/><MMCFG_BASE_INFO/><TPM_INFO/><CLOS_INFO/><BLOCK_DEVICE_INFO/><TTYS_INFO/>\n"
    "<TOTAL_MEM_INFO/><MAX_MSIX_TABLE_NUM/>\n"
    "<AVAILABLE_IRQ_INFO>3, 5, 6, 7, 10, 11</AVAILABLE_IRQ_INFO>\n"
    "<CPU_PROCESSOR_INFO>0, 1, 2, 3</CPU_PROCESSOR_INFO>\n"
    "<ioapics><ioapic id=\"0x2\"><address>0xfec00000</address><gsi_base>0x0</gsi_base>"
    "<gsi_number>24</gsi_number></ioapic></ioapics>\n";

static const char thread_fmt[] =
    "<core id=\"%u\"><thread id=\"%u\"><cpu_id>%u</cpu_id><apic_id>0x%x</apic_id><x2apic_id>"
    "0x%x</x2apic_id><family_id>0x6</family_id><model_id>0x55</model_id><stepping_id>0x4"
    "</stepping_id><core_type/><native_model_id/></thread></core>\n";

/*
 * e820 says 0x100000-0x3fffffff is RAM; /proc/iomem reserves 80-84 MiB (above the boot area,
 * which ends at 64 MiB) and the top MiB.
 */
static const char default_iomem[] = "\t00000000-0009ffff : System RAM\n"
				    "\t000a0000-000fffff : Reserved\n"
				    "\t00100000-04ffffff : System RAM\n"
				    "\t05000000-053fffff : Reserved\n"
				    "\t05400000-3fefffff : System RAM\n"
				    "\t  05400000-05ffffff : Kernel code\n"
				    "\t3ff00000-3fffffff : ACPI Tables\n"
				    "\tc0000000-febfffff : PCI Bus 0000:00\n"
				    "\t100000000-13fffffff : System RAM\n";

static const char default_memory[] =
    "<range start=\"0x0\" end=\"0x9ffff\" size=\"655360\"/>\n"
    "<range start=\"0x100000\" end=\"0x3fffffff\" size=\"1072693248\"/>\n"
    "<range start=\"0x100000000\" end=\"0x13fffffff\" size=\"1073741824\"/>\n";

/* Host bridge; 00:02.0 (INTA# -> GSI 16, a BAR at 0xc0000000); 00:17.0 (GSI 17); 00:1f.3/.6. */
static const char default_devices[] =
    "<bus type=\"pci\" address=\"0x0\"><vendor>0x8086</vendor><identifier>0x1237</identifier>"
    "<class>0x060000</class>\n"
    "<device address=\"0x20000\"><vendor>0x8086</vendor><class>0x030000</class>"
    "<resource type=\"interrupt_pin\" pin=\"INTA#\" source=\"16\"/><resource type=\"memory\" "
    "min=\"0xc0000000\" max=\"0xc0000fff\" len=\"0x1000\" id=\"bar0\" width=\"32\" "
    "prefetchable=\"0\"/></device>\n"
    "<device address=\"0x170000\"><vendor>0x8086</vendor><class>0x010601</class>"
    "<resource type=\"interrupt_pin\" pin=\"INTA#\" source=\"17\"/></device>\n"
    "<device address=\"0x1f0003\"><vendor>0x8086</vendor><class>0x040300</class></device>\n"
    "<device address=\"0x1f0006\"><vendor>0x8086</vendor><class>0x020000</class></device>\n"
    "</bus>\n";

static const char cat_cache[] =
    "<cache level=\"3\" id=\"0x0\" type=\"3\"><cache_size>12582912</cache_size><line_size>64"
    "</line_size><ways>%u</ways><sets>16384</sets><partitions>1</partitions>"
    "<self_initializing>1</self_initializing><fully_associative>0</fully_associative>"
    "<write_back_invalidate>0</write_back_invalidate><cache_inclusiveness>0"
    "</cache_inclusiveness><complex_cache_indexing>1</complex_cache_indexing><processors>"
    "<processor>0x0</processor></processors><capability id=\"CAT\"><capacity_mask_length>%u"
    "</capacity_mask_length><clos_number>%u</clos_number></capability></cache>\n";

static char *board_text(const char *caches, const char *iomem, const char *memory)
{
	char *threads = xstrdup("");
	for (unsigned i = 0; i < 4; i++) {
		char *t = xasprintf(thread_fmt, i, i, i, i, i);
		char *next = xasprintf("%s%s", threads, t);
		free(t);
		free(threads);
		threads = next;
	}
	char *board = xasprintf("%s<processors><die id=\"0\">\n%s</die></processors>\n<IOMEM_INFO>"
				"\n%s</IOMEM_INFO>\n<caches>%s</caches>\n<memory>%s</memory>\n"
				"<devices>%s</devices>\n</acrn-config>\n",
				board_head, threads, iomem, caches, memory, default_devices);
	free(threads);
	return board;
}

static char *board_with(const char *caches)
{
	return board_text(caches, default_iomem, default_memory);
}

/* ---- scenario fragments ---- */

#define VM(id, order, type, name, cpus, body)                                                      \
	"  <vm id=\"" id "\">\n"                                                                   \
	"    <load_order>" order "</load_order>\n"                                                 \
	"    <name>" name "</name>\n"                                                              \
	"    <vm_type>" type "</vm_type>\n" cpus body "  </vm>\n"
#define CPU(n)			  "    <cpu_affinity><pcpu><pcpu_id>" n "</pcpu_id></pcpu></cpu_affinity>\n"
#define PRE(id, name, cpu, body)  VM(id, "PRE_LAUNCHED_VM", "STANDARD_VM", name, CPU(cpu), body)
#define SERVICE(id, name, body)	  VM(id, "SERVICE_VM", "STANDARD_VM", name, "", body)
#define POST(id, name, cpu, body) VM(id, "POST_LAUNCHED_VM", "STANDARD_VM", name, CPU(cpu), body)
#define SIZE(mb)		  "    <memory><size>" mb "</size></memory>\n"
#define SCENARIO(hv, vms)	  "<acrn-config>\n" hv vms "</acrn-config>\n"
#define NO_HV			  "  <hv/>\n"
#define HV(body)		  "  <hv>\n" body "  </hv>\n"
#define CONSOLE(c)		  "    <console_vuart>" c "</console_vuart>\n"
#define PCI_DEVS(list)		  "    <pci_devs>" list "</pci_devs>\n"
#define ENDPOINT(vm, extra)	  "<endpoint><vm_name>" vm "</vm_name>" extra "</endpoint>"
#define CONNECTION(name, type, a, b)                                                               \
	"<vuart_connection><name>" name "</name>" type a b "</vuart_connection>\n"
#define VUARTS(list) "    <vuart_connections>\n" list "    </vuart_connections>\n"

/* The 1-based line of the n-th (from 1) occurrence of needle in text; 0 if missing. */
static unsigned line_of(const char *text, const char *needle, unsigned nth)
{
	const char *p = text;
	for (unsigned i = 0; i < nth && p; i++) {
		p = strstr(p, needle);
		if (p && i + 1 < nth)
			p++;
	}
	unsigned line = 1;
	for (const char *q = text; p && q < p; q++)
		line += *q == '\n';
	return p ? line : 0;
}

/* ---- running the front end and the resolver ---- */

struct run {
	struct frontend fe;
	struct diag_list dl;
	struct resolution r;
	unsigned errors;
};

static void run_texts(struct run *t, const char *board, const char *scenario)
{
	frontend_init(&t->fe);
	diag_list_init(&t->dl);
	frontend_run_buffer(&t->fe, schemas, INPUT_BOARD, "b.xml", board, strlen(board), &t->dl);
	frontend_run_buffer(&t->fe, schemas, INPUT_SCENARIO, "s.xml", scenario, strlen(scenario),
			    &t->dl);
	if (t->dl.count)
		diag_list_print(&t->dl, DIAG_FORMAT_TEXT, stderr);
	CU_ASSERT_FATAL(t->fe.board_in.modelled && t->fe.scenario_in.modelled);
	t->errors = resolve_config(&t->r, &t->fe.board, &t->fe.scenario, &t->fe.arena, &t->dl);
}

static void run(struct run *t, const char *scenario)
{
	char *board = board_with("");
	run_texts(t, board, scenario);
	free(board);
}

static void run_files(struct run *t, const char *board, const char *scenario)
{
	frontend_init(&t->fe);
	diag_list_init(&t->dl);
	frontend_run(&t->fe, schemas, board, scenario, &t->dl);
	CU_ASSERT_FATAL(t->fe.board_in.modelled && t->fe.scenario_in.modelled);
	t->errors = resolve_config(&t->r, &t->fe.board, &t->fe.scenario, &t->fe.arena, &t->dl);
	if (t->dl.count)
		diag_list_print(&t->dl, DIAG_FORMAT_TEXT, stderr);
}

static void run_free(struct run *t)
{
	frontend_free(&t->fe);
	diag_list_free(&t->dl);
}

static void check_region(const struct res_region *reg, uint64_t gpa, uint64_t hpa, uint64_t size,
			 bool allocated)
{
	CU_ASSERT_EQUAL(reg->gpa, gpa);
	CU_ASSERT_EQUAL(reg->hpa, hpa);
	CU_ASSERT_EQUAL(reg->size, size);
	CU_ASSERT_TRUE(reg->has_hpa);
	CU_ASSERT_EQUAL(reg->allocated, allocated);
}

static void check_bdf(const struct res_bdf *b, unsigned dev, unsigned fn, bool allocated)
{
	CU_ASSERT_TRUE(b->set);
	CU_ASSERT_EQUAL(b->bdf.bus, 0);
	CU_ASSERT_EQUAL(b->bdf.dev, dev);
	CU_ASSERT_EQUAL(b->bdf.fn, fn);
	CU_ASSERT_EQUAL(b->allocated, allocated);
}

static void check_value(const struct res_u64 *v, uint64_t value, bool allocated)
{
	CU_ASSERT_TRUE(v->set);
	CU_ASSERT_EQUAL(v->value, value);
	CU_ASSERT_EQUAL(v->allocated, allocated);
}

/* ---- the generic allocators ---- */

static void test_spanset(void)
{
	struct spanset s;
	spanset_init(&s);
	spanset_add(&s, 0x3000, 0x4000);
	spanset_add(&s, 0x1000, 0x2000);
	spanset_add(&s, 0x2000, 0x3000); /* touching: all three merge */
	CU_ASSERT_EQUAL_FATAL(s.count, 1);
	CU_ASSERT_TRUE(s.v[0].start == 0x1000 && s.v[0].end == 0x4000);
	spanset_remove(&s, 0x1800, 0x2800);
	CU_ASSERT_EQUAL_FATAL(s.count, 2);
	CU_ASSERT_TRUE(s.v[0].end == 0x1800 && s.v[1].start == 0x2800);
	uint64_t a;
	CU_ASSERT_EQUAL(spanset_take(&s, 0x1000, 0x1000, &a), 0);
	CU_ASSERT_EQUAL(a, 0x3000); /* 0x1000 and 0x2800 cannot hold an aligned 4 KiB */
	CU_ASSERT_EQUAL(spanset_take(&s, 0x1000, 0x1000, &a), -1);
	CU_ASSERT_EQUAL(spanset_take(&s, 0x800, 0, &a), 0);
	CU_ASSERT_EQUAL(a, 0x1000);
	CU_ASSERT_EQUAL_FATAL(s.count, 1);
	CU_ASSERT_TRUE(s.v[0].start == 0x2800 && s.v[0].end == 0x3000);
	CU_ASSERT_EQUAL(spanset_total(&s), 0x800);
	CU_ASSERT_EQUAL(spanset_largest(&s, 0), 0x800);
	/* no 4 KiB boundary inside */
	CU_ASSERT_EQUAL(spanset_largest(&s, 0x1000), 0);
	spanset_add(&s, UINT64_MAX - 0x10, span_end(UINT64_MAX)); /* clamped, not wrapped */
	CU_ASSERT_EQUAL(s.v[s.count - 1].end, UINT64_MAX);
	spanset_free(&s);
}

static void test_bits(void)
{
	CU_ASSERT_EQUAL(bits_first_free(0x1, 0, 31), 1);
	CU_ASSERT_EQUAL(bits_first_free(0xffffffff, 1, 31), -1);
	CU_ASSERT_EQUAL(bits_first_free(0xe, 1, 31), 4);
	CU_ASSERT_EQUAL(bits_mask(4, 4), 0xf0);
	CU_ASSERT_EQUAL(bits_mask(0, 64), UINT64_MAX);
	CU_ASSERT_TRUE(is_pow2(2) && is_pow2(512) && !is_pow2(0) && !is_pow2(6));
}

/* ---- memory ---- */

/* No region of any VM or ivshmem region reaches into the boot area [1 MiB, 64 MiB). */
static void check_boot_area_free(const struct resolution *r)
{
	for (size_t i = 0; i < r->vm_count; i++)
		for (size_t k = 0; k < r->vms[i].region_count; k++) {
			const struct res_region *reg = &r->vms[i].regions[k];
			CU_ASSERT_TRUE(!reg->has_hpa || reg->hpa + reg->size <= 0x100000 ||
				       reg->hpa >= 0x4000000);
		}
	for (size_t i = 0; i < r->ivshmem_count; i++)
		CU_ASSERT_TRUE(!r->ivshmem[i].hpa.set || r->ivshmem[i].hpa.value >= 0x4000000);
}

/*
 * Above the boot area (1-64 MiB) 24 MiB fits neither below the reserved 80-84 MiB (16 MiB
 * free) nor between it and the hypervisor moved to 96 MiB (12 MiB): it goes above both.
 */
static void test_memory_first_fit(void)
{
	static const char s[] =
	    SCENARIO(HV("    <MEMORY><HV_RAM_START>0x6000000</HV_RAM_START></MEMORY>\n"),
		     PRE("0", "VM0", "0", SIZE("24")) PRE("1", "VM1", "1", SIZE("8")));
	struct run t;
	run(&t, s);
	CU_ASSERT_EQUAL(t.errors, 0);
	CU_ASSERT_EQUAL_FATAL(t.r.vms[0].region_count, 1);
	check_region(&t.r.vms[0].regions[0], 0, 0x7000000, 24 * MIB, true);
	CU_ASSERT_EQUAL(t.r.vms[0].regions[0].pos.line, line_of(s, "<memory>", 1));
	CU_ASSERT_EQUAL_FATAL(t.r.vms[1].region_count, 1);
	check_region(&t.r.vms[1].regions[0], 0, 0x4000000, 8 * MIB, true); /* back in the gap */
	check_value(&t.r.hv_start, 0x6000000, false);
	check_boot_area_free(&t.r);
	run_free(&t);
}

/*
 * The boot area is never handed out, even when it is all the RAM left: a board whose RAM above
 * 1 MiB ends at 72 MiB has 8 MiB for VMs.
 */
static void test_memory_boot_area(void)
{
	static const char iomem[] = "\t00000000-0009ffff : System RAM\n"
				    "\t00100000-047fffff : System RAM\n";
	static const char memory[] =
	    "<range start=\"0x0\" end=\"0x9ffff\" size=\"655360\"/>\n"
	    "<range start=\"0x100000\" end=\"0x47fffff\" size=\"74448896\"/>\n";
	static const char s[] =
	    SCENARIO(NO_HV, PRE("0", "VM0", "0", SIZE("8")) PRE("1", "VM1", "1", SIZE("2"))
				SERVICE("2", "SOS", ""));
	char *board = board_text("", iomem, memory);
	struct run t;
	run_texts(&t, board, s);
	free(board);
	CU_ASSERT_EQUAL(t.errors, 1);
	CU_ASSERT_EQUAL_FATAL(t.r.vms[0].region_count, 1);
	check_region(&t.r.vms[0].regions[0], 0, 0x4000000, 8 * MIB, true);
	CU_ASSERT_EQUAL(t.r.vms[1].region_count, 0);
	const struct diag *d = find_rule(&t.dl, "alloc-memory");
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	CU_ASSERT_EQUAL(d->pos.line, line_of(s, "<memory>", 2));
	CU_ASSERT_PTR_NOT_NULL(strstr(d->message,
				      "largest free 2 MiB-aligned block of board RAM is "
				      "0 MiB (the boot area up to 64 MiB,"));
	/* the Service VM gets low memory only */
	CU_ASSERT_EQUAL_FATAL(t.r.vms[2].region_count, 1);
	check_region(&t.r.vms[2].regions[0], 0, 0, 0xa0000, true);
	check_boot_area_free(&t.r);
	run_free(&t);
}

#define HPA_REGION(start, mb)                                                                      \
	"<hpa_region><start_hpa>" start "</start_hpa><size_hpa>" mb "</size_hpa></hpa_region>"

/* ACRN semantics: memory/size comes on top of the hpa_regions, and avoids every VM's regions. */
static void test_memory_size_and_region(void)
{
	static const char s[] = SCENARIO(
	    NO_HV,
	    PRE("0", "VM0", "0",
		"    <memory>" HPA_REGION("0x100000000", "512") "<size>256</size></memory>\n")
		PRE("1", "VM1", "1", "    <memory>" HPA_REGION("0x8000000", "64") "</memory>\n"));
	struct run t;
	run(&t, s);
	CU_ASSERT_EQUAL(t.errors, 0);
	CU_ASSERT_EQUAL_FATAL(t.r.vms[0].region_count, 2);
	check_region(&t.r.vms[0].regions[0], 0, 0x100000000, 512 * MIB, false);
	check_region(&t.r.vms[0].regions[1], 512 * MIB, 0xc000000, 256 * MIB, true);
	CU_ASSERT_EQUAL(t.r.vms[0].regions[0].pos.line, line_of(s, "<hpa_region>", 1));
	CU_ASSERT_EQUAL_FATAL(t.r.vms[1].region_count, 1);
	check_region(&t.r.vms[1].regions[0], 0, 0x8000000, 64 * MIB, false);
	run_free(&t);
}

/* Guest RAM steps over the 32-bit MMIO hole: 3 GiB below it, the rest from 4 GiB. */
static void test_memory_guest_hole(void)
{
	static const char s[] =
	    SCENARIO(NO_HV, PRE("0", "VM0", "0",
				"    <memory>" HPA_REGION("0x200000000", "4096") "</memory>\n"));
	struct run t;
	run(&t, s);
	CU_ASSERT_EQUAL_FATAL(t.r.vms[0].region_count, 2);
	check_region(&t.r.vms[0].regions[0], 0, 0x200000000, 3072 * MIB, false);
	check_region(&t.r.vms[0].regions[1], 0x100000000, 0x2c0000000, 1024 * MIB, false);
	run_free(&t);
}

/*
 * The Service VM gets every RAM byte the others left, identity mapped, low memory included,
 * but not the boot area (the hypervisor image and the modules) nor the reserved 80-84 MiB.
 */
static void test_memory_service_rest(void)
{
	static const char s[] =
	    SCENARIO(NO_HV, PRE("0", "VM0", "0", SIZE("16")) SERVICE("1", "SOS", "")
				POST("2", "UVM", "1", SIZE("1024")));
	struct run t;
	run(&t, s);
	CU_ASSERT_EQUAL(t.errors, 0);
	const struct res_vm *sos = &t.r.vms[1];
	CU_ASSERT_EQUAL_FATAL(sos->region_count, 3);
	check_region(&sos->regions[0], 0, 0, 0xa0000, true);
	check_region(&sos->regions[1], 0x5400000, 0x5400000, 0x3ff00000 - 0x5400000, true);
	check_region(&sos->regions[2], 0x100000000, 0x100000000, 1024 * MIB, true);
	check_boot_area_free(&t.r);
	const struct res_vm *post = &t.r.vms[2];
	CU_ASSERT_EQUAL_FATAL(post->region_count, 1);
	CU_ASSERT_FALSE(post->regions[0].has_hpa);
	CU_ASSERT_FALSE(post->regions[0].allocated);
	CU_ASSERT_EQUAL(post->regions[0].size, 1024 * MIB);
	/* the Service VM runs on the pCPUs no pre-launched VM owns */
	CU_ASSERT_EQUAL_FATAL(sos->pcpu_count, 3);
	CU_ASSERT_TRUE(sos->pcpus[0].id == 1 && sos->pcpus[2].id == 3 && sos->pcpus[0].allocated);
	run_free(&t);
}

static void test_memory_exhausted(void)
{
	static const char s[] =
	    SCENARIO(NO_HV, PRE("0", "VM0", "0", SIZE("256")) PRE("1", "BIG", "1", SIZE("2048")));
	struct run t;
	run(&t, s);
	CU_ASSERT_EQUAL(t.errors, 1);
	const struct diag *d = find_rule(&t.dl, "alloc-memory");
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	ASSERT_STR_EQ(d->pos.file, "s.xml");
	CU_ASSERT_EQUAL(d->pos.line, line_of(s, "<memory>", 2));
	CU_ASSERT_PTR_NOT_NULL(strstr(d->message, "'BIG'"));
	CU_ASSERT_PTR_NOT_NULL(strstr(d->message, "2048 MiB"));
	CU_ASSERT_PTR_NOT_NULL(strstr(d->message, "largest free 2 MiB-aligned block"));
	CU_ASSERT_EQUAL(t.r.vms[1].region_count, 0);
	run_free(&t);
}

/* ---- virtual BDFs ---- */

#define IVSHMEM(body) "    <FEATURES><IVSHMEM>" body "</IVSHMEM></FEATURES>\n"
#define REGION(name, mb, members)                                                                  \
	"<IVSHMEM_REGION><NAME>" name                                                              \
	"</NAME><PROVIDED_BY>Hypervisor</PROVIDED_BY><IVSHMEM_SIZE>" mb                            \
	"</IVSHMEM_SIZE><IVSHMEM_VMS>" members "</IVSHMEM_VMS></IVSHMEM_REGION>"
#define MEMBER(vm, vbdf) "<IVSHMEM_VM><VM_NAME>" vm "</VM_NAME>" vbdf "</IVSHMEM_VM>"

/* Host bridge, given vBDFs, passthrough, ivshmem, PCI vUARTs: each in that order. */
static void test_vbdf_order(void)
{
	static const char s[] = SCENARIO(
	    HV(IVSHMEM(REGION("shm_a", "2", MEMBER("VM0", "<VBDF>00:03.0</VBDF>") MEMBER("VM1", ""))
			   REGION("shm_b", "2", MEMBER("VM0", "")))
		   VUARTS(CONNECTION("pv", "<type>pci</type>", ENDPOINT("VM0", ""),
				     ENDPOINT("VM1", "<vbdf>00:07.0</vbdf>")))),
	    PRE("0", "VM0", "0",
		SIZE("16") CONSOLE("PCI") PCI_DEVS(
		    "<pci_dev>00:1f.3 audio</pci_dev><pci_dev>00:17.0 sata</pci_dev>"
		    "<pci_dev>00:1f.6 ethernet</pci_dev>")) PRE("1", "VM1", "1", SIZE("16")));
	struct run t;
	run(&t, s);
	CU_ASSERT_EQUAL(t.errors, 0);
	const struct res_vm *v = &t.r.vms[0];
	CU_ASSERT_EQUAL_FATAL(v->ptdev_count, 3);
	check_bdf(&v->ptdevs[0].vbdf, 1, 3, true); /* 1f.3 and 1f.6 stay one device */
	check_bdf(&v->ptdevs[2].vbdf, 1, 6, true);
	check_bdf(&v->ptdevs[1].vbdf, 2, 0, true); /* a lone function becomes function 0 */
	CU_ASSERT_EQUAL(v->ptdevs[0].vbdf.pos.line, line_of(s, "<pci_dev>", 1));
	CU_ASSERT_EQUAL_FATAL(v->ivshmem_count, 2);
	check_bdf(&v->ivshmem[0].vbdf, 3, 0, false);
	check_bdf(&v->ivshmem[1].vbdf, 4, 0, true);
	check_bdf(&v->console.vbdf, 5, 0, true);
	CU_ASSERT_EQUAL_FATAL(v->link_count, 1);
	check_bdf(&v->links[0].vuart.vbdf, 6, 0, true);
	const struct res_vm *v1 = &t.r.vms[1];
	CU_ASSERT_EQUAL_FATAL(v1->ivshmem_count, 1);
	check_bdf(&v1->ivshmem[0].vbdf, 1, 0, true);
	check_bdf(&v1->links[0].vuart.vbdf, 7, 0, false);
	CU_ASSERT_EQUAL(v1->links[0].peer_vm, 0);
	run_free(&t);
}

/* Pre-launched VMs see their passthrough devices' INTx at the physical GSI. */
static void test_intx(void)
{
	static const char s[] = SCENARIO(
	    NO_HV, PRE("0", "VM0", "0",
		       SIZE("16") PCI_DEVS("<pci_dev>00:17.0</pci_dev><pci_dev>00:1f.6</pci_dev>"))
		       POST("1", "UVM", "1", SIZE("64") PCI_DEVS("<pci_dev>00:02.0</pci_dev>")));
	struct run t;
	run(&t, s);
	const struct res_ptdev *sata = &t.r.vms[0].ptdevs[0];
	CU_ASSERT_TRUE(sata->has_intx);
	CU_ASSERT_EQUAL(sata->pgsi, 17);
	check_value(&sata->vgsi, 17, true);
	CU_ASSERT_FALSE(t.r.vms[0].ptdevs[1].has_intx); /* no pin on the board */
	const struct res_ptdev *vga = &t.r.vms[1].ptdevs[0];
	CU_ASSERT_TRUE(vga->has_intx && vga->pgsi == 16);
	CU_ASSERT_FALSE(vga->vgsi.set); /* the device model routes it */
	run_free(&t);
}

/* Passthrough first, then virtio devices of a post-launched VM, from 00:03 (the device model
 * keeps 00:01, 00:02 and 00:1f). */
static void test_vbdf_virtio(void)
{
	static const char s[] = SCENARIO(
	    NO_HV,
	    SERVICE("0", "SOS", "") POST(
		"1", "UVM", "1",
		SIZE("64") PCI_DEVS(
		    "<pci_dev>00:02.0</pci_dev>") "    <virtio_devices><console><use_type>Virtio "
						  "console"
						  "</use_type></console><block>./a.img</block>"
						  "</virtio_devices>\n"));
	struct run t;
	run(&t, s);
	CU_ASSERT_EQUAL(t.errors, 0);
	const struct res_vm *v = &t.r.vms[1];
	check_bdf(&v->ptdevs[0].vbdf, 3, 0, true);
	CU_ASSERT_EQUAL_FATAL(v->virtio_count, 2);
	check_bdf(&v->virtio[0].vbdf, 4, 0, true);
	check_bdf(&v->virtio[1].vbdf, 5, 0, true);
	run_free(&t);
}

/* A post-launched VM has device numbers 3 to 30: the 29th virtio device is a located error,
 * reported once. */
static void test_vbdf_exhausted(void)
{
	char *blocks = xstrdup("");
	for (int i = 0; i < 33; i++) {
		char *next = xasprintf("%s      <block>./d%d.img</block>\n", blocks, i);
		free(blocks);
		blocks = next;
	}
	char *s = xasprintf(
	    SCENARIO(NO_HV, SERVICE("0", "SOS", "") POST("1", "UVM", "1",
							 SIZE("64") "    <virtio_devices>\n%s"
								    "    </virtio_devices>\n")),
	    blocks);
	struct run t;
	run(&t, s);
	CU_ASSERT_EQUAL(t.errors, 1);
	const struct diag *d = find_rule(&t.dl, "alloc-vbdf");
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	CU_ASSERT_EQUAL(d->pos.line, line_of(s, "<block>", 29));
	CU_ASSERT_PTR_NOT_NULL(strstr(d->message, "VM 'UVM'"));
	CU_ASSERT_PTR_NOT_NULL(strstr(d->message, "virtio block device"));
	const struct res_vm *v = &t.r.vms[1];
	check_bdf(&v->virtio[27].vbdf, 30, 0, true);
	CU_ASSERT_FALSE(v->virtio[28].vbdf.set);
	run_free(&t);
	free(s);
	free(blocks);
}

/* The Service VM sees the board's devices at their own BDFs: those device numbers are taken. */
static void test_vbdf_service(void)
{
	static const char s[] =
	    SCENARIO(HV(IVSHMEM(REGION("shm", "2", MEMBER("SOS", "") MEMBER("VM0", "")))),
		     PRE("0", "VM0", "0", SIZE("16") PCI_DEVS("<pci_dev>00:17.0</pci_dev>"))
			 SERVICE("1", "SOS", ""));
	struct run t;
	run(&t, s);
	/* 00:00, 00:02 and 00:1f are the Service VM's; 00:17 went to VM0 */
	check_bdf(&t.r.vms[1].ivshmem[0].vbdf, 1, 0, true);
	check_bdf(&t.r.vms[0].ivshmem[0].vbdf, 2, 0, true);
	run_free(&t);
}

/* ---- vUARTs ---- */

#define LEGACY	"<type>legacy</type>"
#define PORT(p) "<io_port>" p "</io_port>"
#define TWO_PRE(body)                                                                              \
	PRE("0", "VM0", "0", SIZE("16") CONSOLE("COM Port 1"))                                     \
	PRE("1", "VM1", "1", SIZE("16") CONSOLE("None") body)

static void test_vuart_ports(void)
{
	static const char s[] = SCENARIO(
	    HV(VUARTS(CONNECTION("c1", LEGACY, ENDPOINT("VM0", ""), ENDPOINT("VM1", ""))
			  CONNECTION("c2", LEGACY, ENDPOINT("VM0", ""), ENDPOINT("VM1", ""))
			      CONNECTION("c3", "", ENDPOINT("VM0", ""), ENDPOINT("VM1", "")))),
	    TWO_PRE(""));
	static const unsigned ports[] = {0x2f8, 0x3e8, 0x2e8}, irqs[] = {3, 6, 7};
	struct run t;
	run(&t, s);
	CU_ASSERT_EQUAL(t.errors, 0);
	const struct res_vm *v0 = &t.r.vms[0];
	check_value(&v0->console.io_port, 0x3f8, false);
	check_value(&v0->console.irq, 4, false);
	CU_ASSERT_EQUAL(t.r.vms[1].console.kind, RES_VUART_NONE);
	for (size_t vm = 0; vm < 2; vm++) {
		CU_ASSERT_EQUAL_FATAL(t.r.vms[vm].link_count, 3);
		for (size_t i = 0; i < 3; i++) {
			const struct res_vuart_link *l = &t.r.vms[vm].links[i];
			CU_ASSERT_EQUAL(l->vuart.kind, RES_VUART_LEGACY);
			check_value(&l->vuart.io_port, ports[i], true);
			check_value(&l->vuart.irq, irqs[i], true);
			CU_ASSERT_EQUAL(l->peer_vm, 1 - vm);
			CU_ASSERT_EQUAL(l->peer_link, i);
		}
	}
	CU_ASSERT_EQUAL(v0->links[2].vuart.pos.line, line_of(s, "<endpoint>", 5));
	run_free(&t);
}

/* A fourth connection finds COM2-COM4 taken in both VMs: one error at each endpoint. */
static void test_vuart_exhausted(void)
{
	static const char s[] = SCENARIO(
	    HV(VUARTS(CONNECTION("c1", "", ENDPOINT("VM0", ""), ENDPOINT("VM1", ""))
			  CONNECTION("c2", "", ENDPOINT("VM0", ""), ENDPOINT("VM1", ""))
			      CONNECTION("c3", "", ENDPOINT("VM0", ""), ENDPOINT("VM1", ""))
				  CONNECTION("c4", "", ENDPOINT("VM0", ""), ENDPOINT("VM1", "")))),
	    TWO_PRE(""));
	struct run t;
	run(&t, s);
	CU_ASSERT_EQUAL(t.errors, 2);
	CU_ASSERT_EQUAL(count_rule(&t.dl, "alloc-vuart"), 2);
	const struct diag *d = find_rule(&t.dl, "alloc-vuart");
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	CU_ASSERT_EQUAL(d->pos.line, line_of(s, "<name>c4</name>", 1));
	CU_ASSERT_PTR_NOT_NULL(strstr(d->message, "'c4'"));
	CU_ASSERT_PTR_NOT_NULL(strstr(d->message, "COM2, COM3 and COM4"));
	CU_ASSERT_FALSE(t.r.vms[0].links[3].vuart.io_port.set);
	run_free(&t);
}

/* Given ports are kept; a non-COM port gets a free IRQ past the console's and COM2's. */
static void test_vuart_irq(void)
{
	static const char s[] = SCENARIO(
	    HV(VUARTS(CONNECTION("odd", "", ENDPOINT("VM0", PORT("0x100")), ENDPOINT("VM1", ""))
			  CONNECTION("std", "", ENDPOINT("VM0", PORT("0x2F8")),
				     ENDPOINT("VM1", PORT("0x3E8"))))),
	    TWO_PRE(""));
	struct run t;
	run(&t, s);
	CU_ASSERT_EQUAL(t.errors, 0);
	const struct res_vm *v0 = &t.r.vms[0], *v1 = &t.r.vms[1];
	check_value(&v0->links[0].vuart.io_port, 0x100, false);
	check_value(&v0->links[0].vuart.irq, 5, true);
	check_value(&v0->links[1].vuart.io_port, 0x2f8, false);
	check_value(&v0->links[1].vuart.irq, 3, false);
	check_value(&v1->links[0].vuart.io_port, 0x2f8, true); /* COM2: VM1 uses COM3 itself */
	check_value(&v1->links[1].vuart.irq, 6, false);
	run_free(&t);
}

/* ---- ivshmem ---- */

static void test_ivshmem_addresses(void)
{
	static const char s[] =
	    SCENARIO(HV(IVSHMEM(REGION("shm0", "2", MEMBER("VM0", "") MEMBER("SOS", ""))
				    REGION("shm1", "4", MEMBER("VM0", "")))),
		     PRE("0", "VM0", "0", SIZE("16")) SERVICE("1", "SOS", ""));
	struct run t;
	run(&t, s);
	CU_ASSERT_EQUAL(t.errors, 0);
	CU_ASSERT_EQUAL_FATAL(t.r.ivshmem_count, 2);
	/* VM0 has 64-80 MiB, 80-84 MiB is reserved */
	check_value(&t.r.ivshmem[0].hpa, 0x5400000, true);
	check_value(&t.r.ivshmem[1].hpa, 0x5800000, true); /* aligned to its 4 MiB */
	CU_ASSERT_EQUAL(t.r.ivshmem[1].size, 4 * MIB);
	const struct res_vm *v0 = &t.r.vms[0], *sos = &t.r.vms[1];
	CU_ASSERT_EQUAL_FATAL(v0->ivshmem_count, 2);
	check_value(&v0->ivshmem[0].bar0, 0xc0000000, true);
	check_value(&v0->ivshmem[0].bar2, 0x4000000000, true);
	check_value(&v0->ivshmem[1].bar0, 0xc0001000, true);
	check_value(&v0->ivshmem[1].bar2, 0x4000400000, true);
	CU_ASSERT_EQUAL(v0->ivshmem[1].bar2.pos.line, line_of(s, "<IVSHMEM_VM>", 3));
	/* the Service VM's window avoids the board's own BAR at 0xc0000000 */
	check_value(&sos->ivshmem[0].bar0, 0xc0001000, true);
	/* and its memory does not include the shared memory */
	CU_ASSERT_EQUAL_FATAL(sos->region_count, 4);
	check_region(&sos->regions[1], 0x5600000, 0x5600000, 0x200000, true);
	check_region(&sos->regions[2], 0x5c00000, 0x5c00000, 0x3ff00000 - 0x5c00000, true);
	check_boot_area_free(&t.r);
	run_free(&t);
}

/* ---- CLOS ---- */

#define RDT_ON		  "    <FEATURES><RDT><RDT_ENABLED>y</RDT_ENABLED></RDT></FEATURES>\n"
#define RT(id, name, cpu) VM(id, "PRE_LAUNCHED_VM", "RTVM", name, CPU(cpu), SIZE("16"))

static void run_cat(struct run *t, const char *scenario, unsigned ways, unsigned clos)
{
	char *cache = xasprintf(cat_cache, ways, ways, clos);
	char *board = board_with(cache);
	run_texts(t, board, scenario);
	free(board);
	free(cache);
}

static void test_clos_masks(void)
{
	static const char s[] =
	    SCENARIO(HV(RDT_ON),
		     RT("0", "RT0", "3") SERVICE("1", "SOS", "") POST("2", "UVM", "1", SIZE("64"))
			 VM("3", "POST_LAUNCHED_VM", "RTVM", "RT1", CPU("2"), ""));
	struct run t;
	run_cat(&t, s, 12, 4);
	CU_ASSERT_EQUAL(t.errors, 0);
	CU_ASSERT_TRUE(t.r.cat.present && t.r.cat.level == 3 && t.r.cat.ways == 12);
	const struct res_clos *rt0 = &t.r.vms[0].clos, *rt1 = &t.r.vms[3].clos;
	CU_ASSERT_TRUE(rt0->present && rt0->allocated);
	CU_ASSERT_EQUAL(rt0->id, 1);
	CU_ASSERT_EQUAL(rt0->mask, 0xf00);
	CU_ASSERT_EQUAL(rt1->id, 2);
	CU_ASSERT_EQUAL(rt1->mask, 0x0f0);
	for (size_t i = 1; i < 3; i++) {
		CU_ASSERT_EQUAL(t.r.vms[i].clos.id, 0);
		CU_ASSERT_EQUAL(t.r.vms[i].clos.mask, 0x00f);
	}
	CU_ASSERT_EQUAL(rt0->pos.line, line_of(s, "<vm id=\"0\">", 1));
	run_free(&t);
}

/* Three ways: two real-time VMs get one each, the third finds none left for itself. */
static void test_clos_ways_exhausted(void)
{
	static const char s[] = SCENARIO(HV(RDT_ON), RT("0", "RT0", "1") RT("1", "RT1", "2") RT(
							 "2", "RT2", "3") SERVICE("3", "SOS", ""));
	struct run t;
	run_cat(&t, s, 3, 8);
	CU_ASSERT_EQUAL(t.errors, 1);
	const struct diag *d = find_rule(&t.dl, "alloc-clos");
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	CU_ASSERT_EQUAL(d->pos.line, line_of(s, "<vm id=\"2\">", 1));
	CU_ASSERT_PTR_NOT_NULL(strstr(d->message, "'RT2'"));
	CU_ASSERT_PTR_NOT_NULL(strstr(d->message, "3 ways"));
	CU_ASSERT_EQUAL(t.r.vms[0].clos.mask, 0x4);
	CU_ASSERT_EQUAL(t.r.vms[1].clos.mask, 0x2);
	CU_ASSERT_FALSE(t.r.vms[2].clos.present);
	CU_ASSERT_EQUAL(t.r.vms[3].clos.mask, 0x1);
	run_free(&t);
}

static void test_clos_ids_exhausted(void)
{
	static const char s[] =
	    SCENARIO(HV(RDT_ON), RT("0", "RT0", "1") RT("1", "RT1", "2") SERVICE("2", "SOS", ""));
	struct run t;
	run_cat(&t, s, 12, 2);
	CU_ASSERT_EQUAL(t.errors, 1);
	const struct diag *d = find_rule(&t.dl, "alloc-clos");
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	CU_ASSERT_EQUAL(d->pos.line, line_of(s, "<vm id=\"1\">", 1));
	CU_ASSERT_PTR_NOT_NULL(strstr(d->message, "class of service"));
	run_free(&t);
}

/* Without RDT_ENABLED, or on a board without CAT, nobody gets a mask. */
static void test_clos_off(void)
{
	static const char s[] = SCENARIO(NO_HV, RT("0", "RT0", "1") SERVICE("1", "SOS", ""));
	struct run t;
	run_cat(&t, s, 12, 4);
	CU_ASSERT_FALSE(t.r.cat.present);
	CU_ASSERT_FALSE(t.r.vms[0].clos.present);
	run_free(&t);
}

/* ---- the resolved document ---- */

static char *scratch_dir(void)
{
	char tmpl[] = "/tmp/test-resolve.XXXXXX";
	char *dir = mkdtemp(tmpl);
	CU_ASSERT_PTR_NOT_NULL_FATAL(dir);
	return xstrdup(dir);
}

static char *read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	char *buf = NULL;
	size_t cap = 0;
	*len = 0;
	for (;;) {
		buf = xrealloc(buf, cap += 65536);
		size_t n = fread(buf + *len, 1, cap - *len - 1, f);
		*len += n;
		if (n == 0)
			break;
	}
	fclose(f);
	buf[*len] = '\0';
	return buf;
}

/* Schema-valid? The document is parsed from memory: the loader refuses outside files. */
static bool valid_resolved(const char *buf, size_t len)
{
	xmlDocPtr doc = xmlReadMemory(buf, (int)len, "resolved.xml", NULL, XML_PARSE_NONET);
	xmlSchemaValidCtxtPtr v = xmlSchemaNewValidCtxt(resolved_schema);
	bool ok = doc && v && xmlSchemaValidateDoc(v, doc) == 0;
	xmlSchemaFreeValidCtxt(v);
	xmlFreeDoc(doc);
	return ok;
}

/* Writes, reads back, validates; returns the bytes (malloc'd). */
static char *write_and_check(struct run *t, const char *path, size_t *len)
{
	CU_ASSERT_EQUAL(resolved_write(&t->r, &t->fe.board, &t->fe.scenario, path, &t->dl), 0);
	char *buf = read_all(path, len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(buf);
	CU_ASSERT_TRUE(valid_resolved(buf, *len));
	return buf;
}

static void remove_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	while (d && (e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
			char *p = xasprintf("%s/%s", dir, e->d_name);
			if (rmdir(p) != 0)
				unlink(p);
			free(p);
		}
	if (d)
		closedir(d);
	rmdir(dir);
}

static size_t dir_entries(const char *dir)
{
	DIR *d = opendir(dir);
	size_t n = 0;
	struct dirent *e;
	while (d && (e = readdir(d)))
		n += strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
	if (d)
		closedir(d);
	return n;
}

static void test_write_bochs(void)
{
	struct run t;
	run_files(&t, BOCHS_BOARD, BOCHS_SCENARIO);
	CU_ASSERT_EQUAL(t.dl.count, 0);
	CU_ASSERT_EQUAL_FATAL(t.r.vm_count, 2);
	check_region(&t.r.vms[0].regions[0], 0, 0x4000000, 16 * MIB, false);
	check_region(&t.r.vms[1].regions[0], 0, 0x5000000, 16 * MIB, false);
	char *dir = scratch_dir();
	char *path = xasprintf("%s/resolved.xml", dir);
	size_t len;
	char *buf = write_and_check(&t, path, &len);
	CU_ASSERT_PTR_NOT_NULL(strstr(buf,
				      "<acrn-resolved board=\"bochs-pc\" scenario=\"partitioned\" "
				      "generator=\"acrn-cfgc " PACKAGE_VERSION "\">"));
	CU_ASSERT_PTR_NOT_NULL(
	    strstr(buf, "<region gpa=\"0x0\" hpa=\"0x4000000\" size=\"0x1000000\"/>"));
	CU_ASSERT_PTR_NOT_NULL(strstr(buf, "<start allocated=\"true\">0x100000</start>"));
	CU_ASSERT_PTR_NOT_NULL(strstr(buf, "<kern_mod>guest1</kern_mod>"));
	/* the board facts the tables carry */
	CU_ASSERT_PTR_NOT_NULL(strstr(buf, "<pcpu id=\"1\" apic_id=\"0x1\"/>"));
	CU_ASSERT_PTR_NOT_NULL(strstr(buf, "<range start=\"0x100000\" size=\"0xfef0000\"/>"));
	CU_ASSERT_PTR_NOT_NULL(
	    strstr(buf, "<range start=\"0xfff0000\" size=\"0x10000\" name=\"ACPI Tables\"/>"));
	CU_ASSERT_PTR_NOT_NULL(strstr(
	    buf, "<ioapic id=\"2\" address=\"0xfec00000\" gsi_base=\"0x0\" gsi_count=\"24\"/>"));
	CU_ASSERT_PTR_NOT_NULL(strstr(buf, "<pci_dev bdf=\"00:01.2\" vendor=\"0x8086\" "
					   "device=\"0x7020\" class=\"0xc0300\" pin=\"INTD#\">"));
	CU_ASSERT_PTR_NOT_NULL(strstr(buf, "<bar index=\"4\" type=\"io\" base=\"0xc020\" "
					   "size=\"0x20\"/>"));
	CU_ASSERT_PTR_NOT_NULL(strstr(buf, "<serial_console device=\"/dev/ttyS0\" type=\"portio\" "
					   "base=\"0x3f8\" irq=\"0x4\"/>"));
	CU_ASSERT_PTR_NOT_NULL(strstr(buf, "<flags lapic_passthrough=\"n\""));
	free(buf);
	free(path);
	remove_dir(dir);
	free(dir);
	run_free(&t);
}

/* Allocated values are marked in the document, given ones are not. */
static void test_write_marks(void)
{
	static const char s[] = SCENARIO(
	    HV(VUARTS(CONNECTION("odd", "", ENDPOINT("VM0", PORT("0x100")), ENDPOINT("VM1", "")))),
	    TWO_PRE(""));
	struct run t;
	run(&t, s);
	size_t len;
	char *buf = resolved_render(&t.r, &t.fe.board, &t.fe.scenario, &len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(buf);
	CU_ASSERT_TRUE(valid_resolved(buf, len));
	CU_ASSERT_PTR_NOT_NULL(strstr(buf,
				      "<vuart_connection name=\"odd\" type=\"legacy\" peer=\"VM1\" "
				      "peer_id=\"1\" peer_connection=\"0\">\n"
				      "        <io_port>0x100</io_port>\n"
				      "        <irq allocated=\"true\">0x3</irq>"));
	CU_ASSERT_PTR_NOT_NULL(strstr(buf, "<io_port allocated=\"true\">0x2f8</io_port>"));
	CU_ASSERT_PTR_NOT_NULL(strstr(buf, "<console_vuart type=\"none\"/>"));
	free(buf);
	run_free(&t);
}

/* Same inputs, same bytes: resolved twice from scratch, rendered and written twice. */
static void test_deterministic(void)
{
	char *b = corpus_path("boards/cfl-k700-i7.xml");
	char *s = corpus_path("scenarios/cfl-k700-i7/hybrid_rt.xml");
	char *dir = scratch_dir();
	char *out[2] = {NULL, NULL};
	size_t len[2] = {0, 0};
	for (int i = 0; i < 2; i++) {
		struct run t;
		run_files(&t, b, s);
		CU_ASSERT_EQUAL(t.errors, 0);
		char *path = xasprintf("%s/out%d.xml", dir, i);
		out[i] = write_and_check(&t, path, &len[i]);
		size_t rlen;
		char *again = resolved_render(&t.r, &t.fe.board, &t.fe.scenario, &rlen);
		CU_ASSERT_TRUE(again && rlen == len[i] && memcmp(again, out[i], rlen) == 0);
		free(again);
		free(path);
		run_free(&t);
	}
	CU_ASSERT_TRUE(len[0] == len[1] && memcmp(out[0], out[1], len[0]) == 0);
	free(out[0]);
	free(out[1]);
	remove_dir(dir);
	free(dir);
	free(b);
	free(s);
}

static void test_write_missing_dir(void)
{
	struct run t;
	run_files(&t, BOCHS_BOARD, BOCHS_SCENARIO);
	char *dir = scratch_dir();
	char *path = xasprintf("%s/no-such-dir/resolved.xml", dir);
	CU_ASSERT_EQUAL(resolved_write(&t.r, &t.fe.board, &t.fe.scenario, path, &t.dl), -1);
	const struct diag *d = find_rule(&t.dl, "io");
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	ASSERT_STR_EQ(d->pos.file, path);
	CU_ASSERT_EQUAL(dir_entries(dir), 0); /* nothing left behind */
	free(path);
	remove_dir(dir);
	free(dir);
	run_free(&t);
}

static void write_text(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	fputs(text, f);
	fclose(f);
}

/* Writing fails half way (the file size limit stops write()): the old file stays as it was. */
static int write_with_size_limit(struct run *t, const char *path, rlim_t limit)
{
	struct rlimit old, small;
	getrlimit(RLIMIT_FSIZE, &old);
	small = old;
	small.rlim_cur = limit;
	void (*handler)(int) = signal(SIGXFSZ, SIG_IGN);
	setrlimit(RLIMIT_FSIZE, &small);
	int rc = resolved_write(&t->r, &t->fe.board, &t->fe.scenario, path, &t->dl);
	setrlimit(RLIMIT_FSIZE, &old);
	signal(SIGXFSZ, handler);
	return rc;
}

static void test_write_replace(void)
{
	struct run t;
	run_files(&t, BOCHS_BOARD, BOCHS_SCENARIO);
	char *dir = scratch_dir();
	char *path = xasprintf("%s/resolved.xml", dir);
	write_text(path, "old");
	CU_ASSERT_EQUAL(write_with_size_limit(&t, path, 100), -1);
	const struct diag *d = find_rule(&t.dl, "io");
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	ASSERT_STR_EQ(d->pos.file, path);
	size_t len;
	char *buf = read_all(path, &len);
	CU_ASSERT_TRUE(buf && strcmp(buf, "old") == 0);
	CU_ASSERT_EQUAL(dir_entries(dir), 1); /* no temporary file left */
	free(buf);
	buf = write_and_check(&t, path, &len);
	CU_ASSERT_TRUE(len > 3 && strncmp(buf, "<?xml", 5) == 0);
	CU_ASSERT_EQUAL(dir_entries(dir), 1);
	struct stat st;
	mode_t mask = umask(0);
	umask(mask);
	CU_ASSERT_TRUE(stat(path, &st) == 0 && (st.st_mode & 0777) == (0666 & ~mask));
	/* the same bytes again: the file is left as it is (same inode, same time) */
	const struct timespec epoch[2] = {{0, 0}, {0, 0}};
	CU_ASSERT_EQUAL(utimensat(AT_FDCWD, path, epoch, 0), 0);
	free(write_and_check(&t, path, &len));
	struct stat again;
	CU_ASSERT_TRUE(stat(path, &again) == 0 && again.st_ino == st.st_ino &&
		       again.st_mtim.tv_sec == 0);
	/* one byte changed, or one byte more: replaced (written in place first, so a new inode
	 * says the file was replaced) */
	char *changed = xstrdup(buf), *longer = xasprintf("%s\n", buf);
	changed[len / 2] = changed[len / 2] == ' ' ? '\t' : ' ';
	const char *variants[] = {changed, longer};
	for (size_t i = 0; i < 2; i++) {
		write_text(path, variants[i]);
		CU_ASSERT_TRUE(stat(path, &st) == 0);
		char *now = write_and_check(&t, path, &len);
		CU_ASSERT_TRUE(strcmp(now, buf) == 0);
		CU_ASSERT_TRUE(stat(path, &again) == 0 && again.st_ino != st.st_ino);
		free(now);
	}
	free(changed);
	free(longer);
	CU_ASSERT_EQUAL(dir_entries(dir), 1);
	free(buf);
	free(path);
	remove_dir(dir);
	free(dir);
	run_free(&t);
}

/* ---- the ACRN corpus ---- */

/* README rows: | board | scenario | ... | accepted |; calls fn for every accepted pair. */
static size_t for_each_valid_pair(void (*fn)(const char *board, const char *scenario))
{
	char *readme = corpus_path("README.md");
	size_t len, pairs = 0;
	char *text = read_all(readme, &len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	static const char verdict[] = "| accepted |";
	char *save = NULL; /* the front end uses strtok itself */
	for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char board[64], scenario[96];
		size_t n = strlen(line), v = strlen(verdict);
		if (n < v || strcmp(line + n - v, verdict) != 0 ||
		    sscanf(line, "| %63[a-z0-9_-] | %95[a-z0-9_] |", board, scenario) != 2)
			continue;
		fn(board, scenario);
		pairs++;
	}
	free(text);
	free(readme);
	return pairs;
}

static void resolve_pair(const char *board, const char *scenario)
{
	char *brel = xasprintf("boards/%s.xml", board);
	char *srel = xasprintf("scenarios/%s/%s.xml", board, scenario);
	char *b = corpus_path(brel), *s = corpus_path(srel);
	struct run t;
	run_files(&t, b, s);
	if (t.errors)
		fprintf(stderr, "\n%s/%s does not resolve\n", board, scenario);
	CU_ASSERT_EQUAL(t.errors, 0);
	char *dir = scratch_dir();
	char *path = xasprintf("%s/%s.xml", dir, scenario);
	size_t len;
	free(write_and_check(&t, path, &len));
	remove_dir(dir);
	free(dir);
	free(path);
	run_free(&t);
	free(b);
	free(s);
	free(brel);
	free(srel);
}

static void test_corpus_pairs(void)
{
	CU_ASSERT_EQUAL(for_each_valid_pair(resolve_pair), 17);
}

void register_resolve_tests(void)
{
	static const struct test_case cases[] = {
	    {"spanset: add, remove, first fit", test_spanset},
	    {"bitmaps", test_bits},
	    {"memory: first fit avoids hypervisor and reserved ranges", test_memory_first_fit},
	    {"memory: size in addition to hpa_region", test_memory_size_and_region},
	    {"memory: guest RAM skips the MMIO hole", test_memory_guest_hole},
	    {"memory: the Service VM gets the rest", test_memory_service_rest},
	    {"memory: exhaustion is a located error", test_memory_exhausted},
	    {"memory: the boot area is never handed out", test_memory_boot_area},
	    {"vBDF: order of reservation and allocation", test_vbdf_order},
	    {"vBDF: passthrough, then virtio", test_vbdf_virtio},
	    {"vBDF: exhaustion of a post-launched VM's bus", test_vbdf_exhausted},
	    {"vBDF: the Service VM keeps the board's devices", test_vbdf_service},
	    {"INTx: physical GSI for pre-launched VMs", test_intx},
	    {"vUART: COM2-COM4 allocated", test_vuart_ports},
	    {"vUART: COM ports exhausted", test_vuart_exhausted},
	    {"vUART: IRQs of non-COM ports", test_vuart_irq},
	    {"ivshmem: host memory and guest BARs", test_ivshmem_addresses},
	    {"CLOS: RT VMs exclusive, others shared", test_clos_masks},
	    {"CLOS: ways exhausted", test_clos_ways_exhausted},
	    {"CLOS: classes of service exhausted", test_clos_ids_exhausted},
	    {"CLOS: off without RDT", test_clos_off},
	    {"resolved: our Bochs pair", test_write_bochs},
	    {"resolved: allocated values are marked", test_write_marks},
	    {"resolved: missing directory is an io error", test_write_missing_dir},
	    {"resolved: an old file is replaced only on success", test_write_replace},
	};
	ADD_SUITE("resolve", suite_init, suite_cleanup, cases);
	static const struct test_case corpus_cases[] = {
	    {"resolved: deterministic bytes", test_deterministic},
	    {"resolved: every valid corpus pair", test_corpus_pairs},
	};
	ADD_CORPUS_SUITE("resolve/corpus", suite_init, suite_cleanup, corpus_cases);
}
