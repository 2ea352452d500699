/*
 * The rule language (docs/rules.md): loading rule files into a rule set, with every error
 * located; the engine (check_run) over small in-memory scenario and board documents; and the
 * C built-in functions rules call from XPath.
 *
 * Loads that are expected to report errors run in a child process (load_isolated): a crash
 * in an error path then fails that one test instead of ending the whole run.
 */
#include <errno.h>
#include <libxml/xmlerror.h>
#include <libxml/xpath.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "frontend.h"
#include "rules.h"
#include "tests.h"

/* ---- the documents the engine and the built-ins see ---- */

/*
 * Three pre-launched VMs, from line 3 (line 1 is <acrn-config>, line 2 <hv/>). Lines the tests
 * point at: <vm> 3, 14, 24 (column 3; its id attribute column 7); <name> values 5, 16, 26
 * (column 11); <pcpu_id> values 8, 9, 19, 29, 30, 31 (column 22); <size> values 11, 21, 33
 * (column 19).
 */
#define SCENARIO_VMS                                                                               \
	"  <vm id=\"0\">\n"                                                                        \
	"    <load_order>PRE_LAUNCHED_VM</load_order>\n"                                           \
	"    <name>VM0</name>\n"                                                                   \
	"    <vm_type>STANDARD_VM</vm_type>\n"                                                     \
	"    <cpu_affinity>\n"                                                                     \
	"      <pcpu><pcpu_id>0</pcpu_id></pcpu>\n"                                                \
	"      <pcpu><pcpu_id>1</pcpu_id></pcpu>\n"                                                \
	"    </cpu_affinity>\n"                                                                    \
	"    <memory><size>64</size></memory>\n"                                                   \
	"    <os_config><kern_type>KERNEL_ELF</kern_type><kern_mod>zephyr</kern_mod>"              \
	"</os_config>\n"                                                                           \
	"  </vm>\n"                                                                                \
	"  <vm id=\"1\">\n"                                                                        \
	"    <load_order>PRE_LAUNCHED_VM</load_order>\n"                                           \
	"    <name>VM1</name>\n"                                                                   \
	"    <vm_type>STANDARD_VM</vm_type>\n"                                                     \
	"    <cpu_affinity>\n"                                                                     \
	"      <pcpu><pcpu_id>2</pcpu_id></pcpu>\n"                                                \
	"    </cpu_affinity>\n"                                                                    \
	"    <memory><size>128</size></memory>\n"                                                  \
	"    <os_config><kern_type>KERNEL_ELF</kern_type><kern_mod>linux</kern_mod>"               \
	"</os_config>\n"                                                                           \
	"  </vm>\n"                                                                                \
	"  <vm id=\"2\">\n"                                                                        \
	"    <load_order>PRE_LAUNCHED_VM</load_order>\n"                                           \
	"    <name>VM2</name>\n"                                                                   \
	"    <vm_type>STANDARD_VM</vm_type>\n"                                                     \
	"    <cpu_affinity>\n"                                                                     \
	"      <pcpu><pcpu_id>3</pcpu_id></pcpu>\n"                                                \
	"      <pcpu><pcpu_id>4</pcpu_id></pcpu>\n"                                                \
	"      <pcpu><pcpu_id>5</pcpu_id></pcpu>\n"                                                \
	"    </cpu_affinity>\n"                                                                    \
	"    <memory><size>256</size></memory>\n"                                                  \
	"    <os_config><kern_type>KERNEL_ELF</kern_type><kern_mod>zephyr</kern_mod>"              \
	"</os_config>\n"                                                                           \
	"  </vm>\n"                                                                                \
	"</acrn-config>\n"

static const char scenario_doc[] = "<acrn-config>\n"
				   "  <hv/>\n" SCENARIO_VMS;

/* The same VMs with the hypervisor moved to 1 GiB. */
static const char scenario_hv_doc[] =
    "<acrn-config>\n"
    "  <hv><MEMORY><HV_RAM_START>0x40000000</HV_RAM_START></MEMORY></hv>\n" SCENARIO_VMS;

/*
 * A small board: RAM [0, 0x9efff] and [0x100000, 0xfffffff]; IOMEM_INFO with reserved
 * ranges, one nested under another; a host bridge 00:00.0 and a SATA controller 00:01.2 in the
 * devices tree; a PCI bridge 00:1f.0 and an audio device 00:1f.3 known only from PCI_DEVICE.
 */
static const char board_doc[] =
    "<acrn-config board=\"tiny\">\n"
    "  <BIOS_INFO/>\n"
    "  <BASE_BOARD_INFO/>\n"
    "  <PCI_DEVICE>\n"
    "00:1f.0 PCI bridge: Intel Corporation Device 1234\n"
    "00:1f.3 Audio device: Intel Corporation Device 5678\n"
    "  </PCI_DEVICE>\n"
    "  <PCI_VID_PID/>\n"
    "  <WAKE_VECTOR_INFO/>\n"
    "  <RESET_REGISTER_INFO/>\n"
    "  <PM_INFO/>\n"
    "  <S3_INFO/>\n"
    "  <S5_INFO/>\n"
    "  <DRHD_INFO/>\n"
    "  <CPU_BRAND/>\n"
    "  <CX_INFO/>\n"
    "  <PX_INFO/>\n"
    "  <MMCFG_BASE_INFO/>\n"
    "  <TPM_INFO/>\n"
    "  <CLOS_INFO/>\n"
    "  <IOMEM_INFO>\n"
    "\t00000000-00000fff : Reserved\n"
    "\t00001000-0009efff : System RAM\n"
    "\t000a0000-000bffff : PCI Bus 0000:00\n"
    "\t  000a0000-000affff : Video RAM area\n"
    "\t00100000-0fffffff : System RAM\n"
    "\tfec00000-fec003ff : IOAPIC 0\n"
    "  </IOMEM_INFO>\n"
    "  <BLOCK_DEVICE_INFO/>\n"
    "  <TTYS_INFO/>\n"
    "  <AVAILABLE_IRQ_INFO/>\n"
    "  <TOTAL_MEM_INFO/>\n"
    "  <CPU_PROCESSOR_INFO/>\n"
    "  <MAX_MSIX_TABLE_NUM/>\n"
    "  <processors>\n"
    "    <die id=\"0x0\">\n"
    "      <core id=\"0x0\">\n"
    "        <thread id=\"0x0\">\n"
    "          <cpu_id>0</cpu_id>\n"
    "          <apic_id>0x0</apic_id>\n"
    "          <x2apic_id>0x0</x2apic_id>\n"
    "          <family_id>0x6</family_id>\n"
    "          <model_id>0x55</model_id>\n"
    "          <stepping_id>0x4</stepping_id>\n"
    "          <core_type></core_type>\n"
    "          <native_model_id></native_model_id>\n"
    "        </thread>\n"
    "      </core>\n"
    "    </die>\n"
    "  </processors>\n"
    "  <caches/>\n"
    "  <memory>\n"
    "    <range start=\"0x0000000000000000\" end=\"0x000000000009efff\" size=\"651264\"/>\n"
    "    <range start=\"0x0000000000100000\" end=\"0x000000000fffffff\" size=\"267386880\"/>\n"
    "  </memory>\n"
    "  <ioapics/>\n"
    "  <devices>\n"
    "    <bus type=\"pci\" address=\"0x0\" description=\"Host bridge\">\n"
    "      <vendor>0x8086</vendor>\n"
    "      <identifier>0x1237</identifier>\n"
    "      <class>0x060000</class>\n"
    "      <device address=\"0x10002\" description=\"SATA controller\">\n"
    "        <vendor>0x8086</vendor>\n"
    "        <identifier>0x7010</identifier>\n"
    "        <class>0x010601</class>\n"
    "      </device>\n"
    "    </bus>\n"
    "  </devices>\n"
    "</acrn-config>\n";

static struct schema_set *schemas;
static struct frontend fe;    /* board_doc as b.xml, scenario_doc as s.xml */
static struct frontend fe_hv; /* scenario_hv_doc as hv.xml */

static bool run_doc(struct frontend *f, enum input_kind kind, const char *name, const char *doc)
{
	struct diag_list dl;
	diag_list_init(&dl);
	frontend_run_buffer(f, schemas, kind, name, doc, strlen(doc), &dl);
	bool ok = dl.count == 0;
	if (!ok)
		diag_list_print(&dl, DIAG_FORMAT_TEXT, stderr);
	diag_list_free(&dl);
	return ok;
}

static int suite_init(void)
{
	struct diag_list dl;
	diag_list_init(&dl);
	schemas = schema_set_load(SOURCE_SCHEMA_DIR, &dl);
	if (!schemas)
		diag_list_print(&dl, DIAG_FORMAT_TEXT, stderr);
	diag_list_free(&dl);
	frontend_init(&fe);
	frontend_init(&fe_hv);
	if (!schemas)
		return -1;
	bool ok = run_doc(&fe, INPUT_BOARD, "b.xml", board_doc);
	ok &= run_doc(&fe, INPUT_SCENARIO, "s.xml", scenario_doc);
	ok &= run_doc(&fe_hv, INPUT_SCENARIO, "hv.xml", scenario_hv_doc);
	ok &= fe.board_in.modelled && fe.scenario_in.modelled && fe_hv.scenario_in.modelled;
	return ok ? 0 : -1;
}

static int suite_cleanup(void)
{
	frontend_free(&fe);
	frontend_free(&fe_hv);
	schema_set_free(schemas);
	schemas = NULL;
	return 0;
}

/* ---- assertions on diagnostics ---- */

#define EXPECT_DIAG(dl, i, sev, rule_, file_, line_, col_, msg_)                                   \
	do {                                                                                       \
		const struct diag_list *dl_ = (dl);                                                \
		size_t i_ = (i);                                                                   \
		CU_ASSERT(i_ < dl_->count);                                                        \
		if (i_ < dl_->count) {                                                             \
			const struct diag *d_ = &dl_->items[i_];                                   \
			CU_ASSERT_EQUAL(d_->severity, (sev));                                      \
			ASSERT_STR_EQ(d_->rule, (rule_));                                          \
			ASSERT_STR_EQ(d_->pos.file, (file_));                                      \
			CU_ASSERT_EQUAL(d_->pos.line, (line_));                                    \
			CU_ASSERT_EQUAL(d_->pos.col, (col_));                                      \
			ASSERT_STR_EQ(d_->message, (msg_));                                        \
		}                                                                                  \
	} while (0)

#define EXPECT_NOTE(dl, i, k, file_, line_, col_, msg_)                                            \
	do {                                                                                       \
		const struct diag_list *dl_ = (dl);                                                \
		size_t i_ = (i), k_ = (k);                                                         \
		CU_ASSERT(i_ < dl_->count && k_ < dl_->items[i_].note_count);                      \
		if (i_ < dl_->count && k_ < dl_->items[i_].note_count) {                           \
			const struct diag_note *n_ = &dl_->items[i_].notes[k_];                    \
			ASSERT_STR_EQ(n_->pos.file, (file_));                                      \
			CU_ASSERT_EQUAL(n_->pos.line, (line_));                                    \
			CU_ASSERT_EQUAL(n_->pos.col, (col_));                                      \
			ASSERT_STR_EQ(n_->message, (msg_));                                        \
		}                                                                                  \
	} while (0)

/* Frees dl; prints it first when the test failed, to explain the failure. */
static void finish(struct diag_list *dl, unsigned failures_before)
{
	if (CU_get_number_of_failures() != failures_before && dl->count) {
		fprintf(stderr, "\n--- diagnostics of the failed test:\n");
		diag_list_print(dl, DIAG_FORMAT_TEXT, stderr);
	}
	diag_list_free(dl);
}

/* ---- loading in a child process ---- */

struct rules_text {
	const char *name;
	const char *text;
};

struct load_result {
	bool completed;	     /* the child exited normally, without a sanitizer report */
	unsigned errors;     /* sum of what rules_load_buffer returned */
	struct diag_list dl; /* the child's diagnostics, rebuilt */
	char ids[512];	     /* "id:level" of every rule in the set, blank separated */
};

static void write_pos_msg(FILE *f, char tag, const struct srcpos *pos, const char *rule,
			  const char *msg)
{
	fprintf(f, "%c %u %u %zu %zu %zu\n%s%s%s", tag, pos->line, pos->col,
		strlen(pos->file ? pos->file : ""), strlen(rule), strlen(msg),
		pos->file ? pos->file : "", rule, msg);
}

static void child_load(int fd, const struct rules_text *files, size_t count)
{
	FILE *f = fdopen(fd, "w");
	if (!f)
		_exit(97);
	struct rule_set set;
	struct diag_list dl;
	rule_set_init(&set);
	diag_list_init(&dl);
	unsigned errors = 0;
	for (size_t i = 0; i < count; i++)
		errors += rules_load_buffer(&set, files[i].name, files[i].text,
					    strlen(files[i].text), &dl);
	fprintf(f, "E %u\n", errors);
	for (size_t i = 0; i < dl.count; i++) {
		const struct diag *d = &dl.items[i];
		fprintf(f, "S %d\n", (int)d->severity);
		write_pos_msg(f, 'D', &d->pos, d->rule, d->message);
		for (size_t k = 0; k < d->note_count; k++)
			write_pos_msg(f, 'N', &d->notes[k].pos, "", d->notes[k].message);
	}
	for (size_t i = 0; i < set.count; i++)
		fprintf(f, "R %s:%s\n", set.rules[i].id, rule_level_name(set.rules[i].level));
	fclose(f);
	rule_set_free(&set);
	diag_list_free(&dl);
	exit(0); /* exit, not _exit: the leak checker runs in the child too */
}

static char *read_all(int fd, size_t *len)
{
	size_t cap = 4096, n = 0;
	char *buf = malloc(cap);
	for (;;) {
		if (n + 1 == cap)
			buf = realloc(buf, cap *= 2);
		ssize_t got = read(fd, buf + n, cap - n - 1);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			break;
		n += (size_t)got;
	}
	buf[n] = '\0';
	*len = n;
	return buf;
}

/* Reads "T line col filelen rulelen msglen\n" and the three strings; NULL at the end. */
static const char *read_pos_msg(const char *p, const char *end, struct srcpos *pos, char **file,
				char **rule, char **msg)
{
	size_t fl, rl, ml;
	int used = 0;
	if (sscanf(p, "%*c %u %u %zu %zu %zu\n%n", &pos->line, &pos->col, &fl, &rl, &ml, &used) !=
		5 ||
	    !used || (size_t)(end - p) < (size_t)used + fl + rl + ml)
		return NULL;
	p += used;
	*file = strndup(p, fl);
	*rule = strndup(p + fl, rl);
	*msg = strndup(p + fl + rl, ml);
	pos->file = *file;
	return p + fl + rl + ml;
}

static void parse_child_output(struct load_result *r, const char *buf, size_t len)
{
	const char *p = buf, *end = buf + len;
	struct diag *last = NULL;
	int sev = DIAG_ERROR;
	while (p < end) {
		struct srcpos pos;
		char *file, *rule, *msg;
		const char *next = NULL;
		if (*p == 'E') {
			sscanf(p, "E %u", &r->errors);
		} else if (*p == 'S') {
			sscanf(p, "S %d", &sev);
		} else if (*p == 'R') {
			const char *nl = strchr(p, '\n');
			size_t n = nl ? (size_t)(nl - p) - 2 : strlen(p + 2);
			size_t have = strlen(r->ids);
			if (have + n + 2 < sizeof(r->ids))
				snprintf(r->ids + have, sizeof(r->ids) - have, "%s%.*s",
					 have ? " " : "", (int)n, p + 2);
		} else if (*p == 'D' || *p == 'N') {
			char tag = *p;
			next = read_pos_msg(p, end, &pos, &file, &rule, &msg);
			if (!next)
				return;
			if (tag == 'D')
				last = diag_report(&r->dl, (enum diag_severity)sev, pos, rule, "%s",
						   msg);
			else if (last)
				diag_add_note(last, pos, "%s", msg);
			free(file);
			free(rule);
			free(msg);
		}
		if (!next) {
			const char *nl = memchr(p, '\n', (size_t)(end - p));
			next = nl ? nl + 1 : end;
		}
		p = next;
	}
}

/* Loads the files, in order, into one rule set in a child process; r->dl is the parent's. */
static void load_isolated_files(struct load_result *r, const struct rules_text *files, size_t count)
{
	memset(r, 0, sizeof(*r));
	diag_list_init(&r->dl);
	int fds[2];
	CU_ASSERT_EQUAL_FATAL(pipe(fds), 0);
	fflush(NULL);
	pid_t pid = fork();
	CU_ASSERT_FATAL(pid >= 0);
	if (pid == 0) {
		close(fds[0]);
		child_load(fds[1], files, count);
	}
	close(fds[1]);
	size_t len;
	char *buf = read_all(fds[0], &len);
	close(fds[0]);
	int status = 0;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	r->completed = WIFEXITED(status) && WEXITSTATUS(status) == 0;
	if (!r->completed)
		fprintf(stderr, "\nrules_load_buffer crashed or leaked in the child (%s %d)\n",
			WIFSIGNALED(status) ? "signal" : "exit status",
			WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status));
	CU_ASSERT_TRUE(r->completed);
	parse_child_output(r, buf, len);
	free(buf);
}

static void load_isolated(struct load_result *r, const char *text)
{
	struct rules_text file = {"t.rules", text};
	load_isolated_files(r, &file, 1);
}

/* ---- loading: a valid file ---- */

static const char valid_rules[] =
    "# rules for the unit test\n"				   /* 1 */
    "rule site.base error  # the prerequisite\n"		   /* 2 */
    "  assert { true() }\n"					   /* 3 */
    "  message \"base\";\n"					   /* 4 */
    "\n"							   /* 5 */
    "rule site.all warning\n"					   /* 6 */
    "  doc \"checks \" \"every clause\"\n"			   /* 7 */
    "  requires site.base, site.other\n"			   /* 8 */
    "  for $vm in { $scenario/vm },\n"				   /* 9 */
    "      $p in { $vm/cpu_affinity/pcpu }\n"			   /* 10 */
    "  where { $p/pcpu_id > 0 }\n"				   /* 11 */
    "  where { true() }\n"					   /* 12 */
    "  assert { count($vm) = 1 }\n"				   /* 13 */
    "  at { $p/pcpu_id }\n"					   /* 14 */
    "  note { $vm/name } \"named {$note}\"\n"			   /* 15 */
    "  message \"VM '{$vm/name}' has {concat('}', \\\"{\\\")}\"\n" /* 16 */
    "    \" pCPUs\";\n"						   /* 17 */
    "\n"							   /* 18 */
    "rule site.quiet off\n"					   /* 19 */
    "  doc \"not # a comment, \\\\ \\\"q\\\"\\ttab\"\n"		   /* 20 */
    "  assert { false() } message \"never\";\n";		   /* 21 */

static void expect_expr(const struct rule_expr *e, const char *text, unsigned line, unsigned col)
{
	ASSERT_STR_EQ(e->text, text);
	CU_ASSERT_PTR_NOT_NULL(e->comp);
	ASSERT_STR_EQ(e->pos.file, "v.rules");
	CU_ASSERT_EQUAL(e->pos.line, line);
	CU_ASSERT_EQUAL(e->pos.col, col);
}

static void test_load_valid(void)
{
	struct rule_set set;
	struct diag_list dl;
	rule_set_init(&set);
	diag_list_init(&dl);
	unsigned before = CU_get_number_of_failures();
	CU_ASSERT_EQUAL(rules_load_buffer(&set, "v.rules", valid_rules, strlen(valid_rules), &dl),
			0);
	CU_ASSERT_EQUAL(dl.count, 0);
	CU_ASSERT_EQUAL(set.file_count, 1);
	if (set.file_count == 1)
		ASSERT_STR_EQ(set.files[0], "v.rules");
	CU_ASSERT_EQUAL_FATAL(set.count, 3);

	const struct rule *base = &set.rules[0];
	ASSERT_STR_EQ(base->id, "site.base");
	CU_ASSERT_EQUAL(base->level, RULE_ERROR);
	CU_ASSERT_EQUAL(base->pos.line, 2);
	CU_ASSERT_EQUAL(base->pos.col, 6);
	CU_ASSERT_PTR_NULL(base->doc);
	CU_ASSERT_EQUAL(base->require_count, 0);
	CU_ASSERT_EQUAL(base->binding_count, 0);
	CU_ASSERT_EQUAL(base->where_count, 0);
	CU_ASSERT_PTR_NULL(base->at.text);
	CU_ASSERT_EQUAL(base->note_count, 0);
	expect_expr(&base->assertion, " true() ", 3, 10);

	const struct rule *r = &set.rules[1];
	ASSERT_STR_EQ(r->id, "site.all");
	CU_ASSERT_EQUAL(r->level, RULE_WARNING);
	CU_ASSERT_EQUAL(r->pos.line, 6);
	CU_ASSERT_EQUAL(r->pos.col, 6);
	ASSERT_STR_EQ(r->doc, "checks every clause");
	CU_ASSERT_EQUAL(r->require_count, 2);
	if (r->require_count == 2) {
		ASSERT_STR_EQ(r->requires[0], "site.base");
		ASSERT_STR_EQ(r->requires[1], "site.other");
	}
	CU_ASSERT_EQUAL(r->binding_count, 2);
	if (r->binding_count == 2) {
		ASSERT_STR_EQ(r->bindings[0].var, "vm");
		expect_expr(&r->bindings[0].expr, " $scenario/vm ", 9, 14);
		ASSERT_STR_EQ(r->bindings[1].var, "p");
		expect_expr(&r->bindings[1].expr, " $vm/cpu_affinity/pcpu ", 10, 13);
	}
	CU_ASSERT_EQUAL(r->where_count, 2);
	if (r->where_count == 2) {
		expect_expr(&r->wheres[0], " $p/pcpu_id > 0 ", 11, 9);
		expect_expr(&r->wheres[1], " true() ", 12, 9);
	}
	expect_expr(&r->assertion, " count($vm) = 1 ", 13, 10);
	expect_expr(&r->at, " $p/pcpu_id ", 14, 6);
	CU_ASSERT_EQUAL(r->note_count, 1);
	if (r->note_count == 1) {
		const struct rule_note *n = &r->notes[0];
		expect_expr(&n->at, " $vm/name ", 15, 8);
		ASSERT_STR_EQ(n->text.text, "named {$note}");
		CU_ASSERT_EQUAL(n->text.pos.line, 15);
		CU_ASSERT_EQUAL(n->text.pos.col, 21);
		CU_ASSERT_EQUAL(n->text.part_count, 2);
		if (n->text.part_count == 2) {
			ASSERT_STR_EQ(n->text.parts[0].literal, "named ");
			CU_ASSERT_PTR_NULL(n->text.parts[1].literal);
			expect_expr(&n->text.parts[1].expr, "$note", 15, 28);
		}
	}
	const struct rule_template *m = &r->message;
	ASSERT_STR_EQ(m->text, "VM '{$vm/name}' has {concat('}', \"{\")} pCPUs");
	CU_ASSERT_EQUAL(m->pos.line, 16);
	CU_ASSERT_EQUAL(m->pos.col, 11);
	CU_ASSERT_EQUAL(m->part_count, 5);
	if (m->part_count == 5) {
		ASSERT_STR_EQ(m->parts[0].literal, "VM '");
		CU_ASSERT_PTR_NULL(m->parts[1].literal);
		expect_expr(&m->parts[1].expr, "$vm/name", 16, 16);
		ASSERT_STR_EQ(m->parts[2].literal, "' has ");
		CU_ASSERT_PTR_NULL(m->parts[3].literal);
		expect_expr(&m->parts[3].expr, "concat('}', \"{\")", 16, 32);
		ASSERT_STR_EQ(m->parts[4].literal, " pCPUs");
	}

	const struct rule *quiet = &set.rules[2];
	ASSERT_STR_EQ(quiet->id, "site.quiet");
	CU_ASSERT_EQUAL(quiet->level, RULE_OFF);
	ASSERT_STR_EQ(quiet->doc, "not # a comment, \\ \"q\"\ttab");
	CU_ASSERT_EQUAL(quiet->message.part_count, 1);
	if (quiet->message.part_count == 1)
		ASSERT_STR_EQ(quiet->message.parts[0].literal, "never");

	CU_ASSERT_PTR_EQUAL(rule_set_find(&set, "site.all"), &set.rules[1]);
	CU_ASSERT_PTR_EQUAL(rule_set_find(&set, "site.quiet"), &set.rules[2]);
	CU_ASSERT_PTR_NULL(rule_set_find(&set, "site.other"));
	CU_ASSERT_PTR_NULL(rule_set_find(&set, "site"));
	rule_set_free(&set);
	CU_ASSERT_EQUAL(set.count, 0);
	CU_ASSERT_PTR_NULL(set.rules);
	finish(&dl, before);
}

static void test_load_empty(void)
{
	static const char text[] = "# nothing but comments\n\n   # and blanks\n";
	struct rule_set set;
	struct diag_list dl;
	rule_set_init(&set);
	diag_list_init(&dl);
	CU_ASSERT_EQUAL(rules_load_buffer(&set, "e.rules", text, strlen(text), &dl), 0);
	CU_ASSERT_EQUAL(rules_load_buffer(&set, "z.rules", "", 0, &dl), 0);
	CU_ASSERT_EQUAL(dl.count, 0);
	CU_ASSERT_EQUAL(set.count, 0);
	CU_ASSERT_EQUAL(set.file_count, 2);
	rule_set_free(&set);
	diag_list_free(&dl);
}

/* A template without braces is one literal; one that is all expression has no literal. */
static void test_load_template_shapes(void)
{
	static const char text[] = "rule site.a error assert { true() } message \"{name()}\";\n"
				   "rule site.b error assert { true() } message \"{1}{2}\";\n"
				   "rule site.c error assert { true() } message \"\";\n";
	struct rule_set set;
	struct diag_list dl;
	rule_set_init(&set);
	diag_list_init(&dl);
	unsigned before = CU_get_number_of_failures();
	CU_ASSERT_EQUAL(rules_load_buffer(&set, "t.rules", text, strlen(text), &dl), 0);
	CU_ASSERT_EQUAL_FATAL(set.count, 3);
	const struct rule_template *a = &set.rules[0].message, *b = &set.rules[1].message;
	CU_ASSERT_EQUAL(a->part_count, 1);
	if (a->part_count == 1) {
		CU_ASSERT_PTR_NULL(a->parts[0].literal);
		ASSERT_STR_EQ(a->parts[0].expr.text, "name()");
		CU_ASSERT_EQUAL(a->parts[0].expr.pos.col, 46);
	}
	CU_ASSERT_EQUAL(b->part_count, 2);
	if (b->part_count == 2) {
		ASSERT_STR_EQ(b->parts[0].expr.text, "1");
		ASSERT_STR_EQ(b->parts[1].expr.text, "2");
		CU_ASSERT_EQUAL(b->parts[0].expr.pos.col, 46);
		CU_ASSERT_EQUAL(b->parts[1].expr.pos.col, 49);
	}
	ASSERT_STR_EQ(set.rules[2].message.text, "");
	CU_ASSERT_EQUAL(set.rules[2].message.part_count, 0);
	rule_set_free(&set);
	finish(&dl, before);
}

static void test_level_names(void)
{
	ASSERT_STR_EQ(rule_level_name(RULE_ERROR), "error");
	ASSERT_STR_EQ(rule_level_name(RULE_WARNING), "warning");
	ASSERT_STR_EQ(rule_level_name(RULE_OFF), "off");
	ASSERT_STR_EQ(rule_level_name(RULE_BUILD), "build");
}

/* ---- loading: errors, each located ---- */

#define OK_RULE "rule site.ok error assert { true() } message \"ok\";\n"

static void test_err_level(void)
{
	static const char text[] = "rule site.a fatal\n"
				   "  assert { true() }\n"
				   "  message \"m\";\n" OK_RULE;
	struct load_result r;
	unsigned before = CU_get_number_of_failures();
	load_isolated(&r, text);
	CU_ASSERT_EQUAL(r.errors, 1);
	CU_ASSERT_EQUAL(r.dl.count, 1);
	EXPECT_DIAG(
	    &r.dl, 0, DIAG_ERROR, "rules-syntax", "t.rules", 1, 13,
	    "syntax error, unexpected rule id, expecting \"level (error, warning, off or build)\"");
	ASSERT_STR_EQ(r.ids, "site.ok:error");
	finish(&r.dl, before);
}

/* A syntax error inside a rule's clauses: recovery skips to the ';', the next rule loads. */
static void test_err_syntax_in_rule(void)
{
	static const char text[] = "rule site.a error\n"
				   "  for vm in { $scenario/vm }\n"
				   "  assert { true() }\n"
				   "  message \"m\";\n" OK_RULE;
	struct load_result r;
	unsigned before = CU_get_number_of_failures();
	load_isolated(&r, text);
	CU_ASSERT_EQUAL(r.errors, 1);
	CU_ASSERT_EQUAL(r.dl.count, 1);
	EXPECT_DIAG(&r.dl, 0, DIAG_ERROR, "rules-syntax", "t.rules", 2, 7,
		    "syntax error, unexpected rule id, expecting $variable");
	ASSERT_STR_EQ(r.ids, "site.ok:error");
	finish(&r.dl, before);
}

static void test_err_syntax_missing_semicolon(void)
{
	static const char text[] = OK_RULE "rule site.a error assert { true() } message \"m\"\n";
	struct load_result r;
	unsigned before = CU_get_number_of_failures();
	load_isolated(&r, text);
	CU_ASSERT_EQUAL(r.errors, 1);
	CU_ASSERT_EQUAL(r.dl.count, 1);
	if (r.dl.count >= 1) {
		ASSERT_STR_EQ(r.dl.items[0].rule, "rules-syntax");
		CU_ASSERT_EQUAL(r.dl.items[0].pos.line, 2);
		CU_ASSERT_PTR_NOT_NULL(
		    strstr(r.dl.items[0].message, "syntax error, unexpected end of file"));
	}
	ASSERT_STR_EQ(r.ids, "site.ok:error");
	finish(&r.dl, before);
}

static void test_err_unknown_char(void)
{
	static const char text[] = "rule site.a error @\n"
				   "  assert { true() } message \"m\";\n" OK_RULE;
	struct load_result r;
	unsigned before = CU_get_number_of_failures();
	load_isolated(&r, text);
	CU_ASSERT_EQUAL(r.errors, 1);
	CU_ASSERT_EQUAL(r.dl.count, 1);
	EXPECT_DIAG(&r.dl, 0, DIAG_ERROR, "rules-syntax", "t.rules", 1, 19,
		    "unexpected character '@'");
	ASSERT_STR_EQ(r.ids, "site.ok:error");
	finish(&r.dl, before);
}

/* The character comes before the level: the rule is still one with an error in it. */
static void test_err_unknown_char_in_header(void)
{
	static const char text[] = "rule site.a % error\n"
				   "  assert { true() } message \"m\";\n" OK_RULE;
	struct load_result r;
	unsigned before = CU_get_number_of_failures();
	load_isolated(&r, text);
	CU_ASSERT_EQUAL(r.errors, 1);
	EXPECT_DIAG(&r.dl, 0, DIAG_ERROR, "rules-syntax", "t.rules", 1, 13,
		    "unexpected character '%'");
	ASSERT_STR_EQ(r.ids, "site.ok:error");
	finish(&r.dl, before);
}

static void test_err_string_not_closed(void)
{
	static const char text[] = "rule site.a error\n"
				   "  assert { true() }\n"
				   "  message \"unfinished\n"
				   ";\n" OK_RULE;
	struct load_result r;
	unsigned before = CU_get_number_of_failures();
	load_isolated(&r, text);
	CU_ASSERT_EQUAL(r.errors, 1);
	CU_ASSERT_EQUAL(r.dl.count, 1);
	EXPECT_DIAG(&r.dl, 0, DIAG_ERROR, "rules-syntax", "t.rules", 3, 11,
		    "string not closed before the end of the line");
	ASSERT_STR_EQ(r.ids, "site.ok:error");
	finish(&r.dl, before);
}

/* Between rules the lexer error is the only one: the file simply ends. */
static void test_err_brace_at_eof_between_rules(void)
{
	static const char text[] = OK_RULE "  { count(\n";
	struct load_result r;
	unsigned before = CU_get_number_of_failures();
	load_isolated(&r, text);
	CU_ASSERT_EQUAL(r.errors, 1);
	CU_ASSERT_EQUAL(r.dl.count, 1);
	EXPECT_DIAG(&r.dl, 0, DIAG_ERROR, "rules-syntax", "t.rules", 2, 3,
		    "'{' is never closed: an XPath expression ends with '}'");
	ASSERT_STR_EQ(r.ids, "site.ok:error");
	finish(&r.dl, before);
}

/* Inside a rule the parser then meets the end of the file where it wants the XPath. */
static void test_err_brace_at_eof_in_rule(void)
{
	static const char text[] = OK_RULE "rule site.a error\n"
					   "  assert { count(\n";
	struct load_result r;
	unsigned before = CU_get_number_of_failures();
	load_isolated(&r, text);
	CU_ASSERT_EQUAL(r.errors, 2);
	CU_ASSERT_EQUAL(r.dl.count, 2);
	EXPECT_DIAG(&r.dl, 0, DIAG_ERROR, "rules-syntax", "t.rules", 3, 10,
		    "'{' is never closed: an XPath expression ends with '}'");
	if (r.dl.count == 2) {
		ASSERT_STR_EQ(r.dl.items[1].rule, "rules-syntax");
		CU_ASSERT_PTR_NOT_NULL(
		    strstr(r.dl.items[1].message, "syntax error, unexpected end of file"));
	}
	ASSERT_STR_EQ(r.ids, "site.ok:error");
	finish(&r.dl, before);
}

static void test_err_quote_in_xpath(void)
{
	static const char text[] = "rule site.a error\n"
				   "  assert { name() = 'x }\n"
				   "  message \"m\";\n" OK_RULE;
	struct load_result r;
	unsigned before = CU_get_number_of_failures();
	load_isolated(&r, text);
	CU_ASSERT_EQUAL(r.errors, 1);
	CU_ASSERT_EQUAL(r.dl.count, 1);
	EXPECT_DIAG(&r.dl, 0, DIAG_ERROR, "rules-syntax", "t.rules", 2, 21,
		    "quote not closed inside the XPath expression");
	ASSERT_STR_EQ(r.ids, "site.ok:error");
	finish(&r.dl, before);
}

/* The example of docs/rules.md. */
static void test_err_doc_example(void)
{
	static const char text[] = "rule site.a error\n"
				   "  assert { vm[ }\n"
				   "  message \"unfinished {name\";\n"
				   "\n"
				   "rule site.b warning\n"
				   "  for $vm in { $scenario/vm }\n"
				   ";\n";
	struct load_result r;
	unsigned before = CU_get_number_of_failures();
	load_isolated(&r, text);
	CU_ASSERT_EQUAL(r.errors, 4);
	CU_ASSERT_EQUAL(r.dl.count, 4);
	EXPECT_DIAG(&r.dl, 0, DIAG_ERROR, "rules-xpath", "t.rules", 2, 10,
		    "invalid XPath expression ' vm[ ': Invalid expression");
	EXPECT_DIAG(&r.dl, 1, DIAG_ERROR, "rules-syntax", "t.rules", 3, 23,
		    "'{' in the text is never closed; write {xpath} to insert a value");
	EXPECT_DIAG(&r.dl, 2, DIAG_ERROR, "rules-incomplete", "t.rules", 5, 1,
		    "rule 'site.b' has no 'assert' clause");
	EXPECT_DIAG(&r.dl, 3, DIAG_ERROR, "rules-incomplete", "t.rules", 5, 1,
		    "rule 'site.b' has no 'message' clause");
	ASSERT_STR_EQ(r.ids, "");
	finish(&r.dl, before);
}

static void expect_xpath_error(const struct load_result *r, size_t i, unsigned line, unsigned col,
			       const char *expr)
{
	char prefix[128];
	snprintf(prefix, sizeof(prefix), "invalid XPath expression '%s': ", expr);
	CU_ASSERT(i < r->dl.count);
	if (i >= r->dl.count)
		return;
	const struct diag *d = &r->dl.items[i];
	ASSERT_STR_EQ(d->rule, "rules-xpath");
	CU_ASSERT_EQUAL(d->pos.line, line);
	CU_ASSERT_EQUAL(d->pos.col, col);
	CU_ASSERT_EQUAL(strncmp(d->message, prefix, strlen(prefix)), 0);
	CU_ASSERT(strlen(d->message) > strlen(prefix)); /* and libxml2's reason */
}

static void test_err_xpath_every_clause(void)
{
	static const char text[] = "rule site.a error\n"
				   "  for $v in { ][ }\n"
				   "  where { (( }\n"
				   "  assert { true() }\n"
				   "  at { @@ }\n"
				   "  note { !! } \"n {1 +} x\"\n"
				   "  message \"m {$v[} end\";\n" OK_RULE;
	struct load_result r;
	unsigned before = CU_get_number_of_failures();
	load_isolated(&r, text);
	CU_ASSERT_EQUAL(r.errors, 6);
	CU_ASSERT_EQUAL(r.dl.count, 6);
	expect_xpath_error(&r, 0, 2, 13, " ][ ");
	expect_xpath_error(&r, 1, 3, 9, " (( ");
	expect_xpath_error(&r, 2, 5, 6, " @@ ");
	expect_xpath_error(&r, 3, 6, 8, " !! ");
	expect_xpath_error(&r, 4, 6, 18, "1 +");
	expect_xpath_error(&r, 5, 7, 14, "$v[");
	ASSERT_STR_EQ(r.ids, "site.ok:error");
	finish(&r.dl, before);
}

/* A {xpath} part is located where it is written, after escapes and in a joined string. */
static void test_err_template_part_position(void)
{
	static const char joined[] = "rule site.a error\n"
				     "  assert { true() }\n"
				     "  message \"first line, \"\n"
				     "    \"then {vm[}\";\n";
	static const char escaped[] = "rule site.a error assert { true() }\n"
				      "  message \"say \\\"hi\\\" {vm[}\";\n";
	struct load_result r;
	unsigned before = CU_get_number_of_failures();
	load_isolated(&r, joined);
	CU_ASSERT_EQUAL(r.dl.count, 1);
	expect_xpath_error(&r, 0, 4, 11, "vm[");
	finish(&r.dl, before);

	before = CU_get_number_of_failures();
	load_isolated(&r, escaped);
	CU_ASSERT_EQUAL(r.dl.count, 1);
	expect_xpath_error(&r, 0, 2, 23, "vm[");
	finish(&r.dl, before);
}

static void test_err_note_brace(void)
{
	static const char text[] = "rule site.a error\n"
				   "  assert { true() }\n"
				   "  note { . } \"open {here\"\n"
				   "  message \"m\";\n";
	struct load_result r;
	unsigned before = CU_get_number_of_failures();
	load_isolated(&r, text);
	CU_ASSERT_EQUAL(r.errors, 1);
	EXPECT_DIAG(&r.dl, 0, DIAG_ERROR, "rules-syntax", "t.rules", 3, 20,
		    "'{' in the text is never closed; write {xpath} to insert a value");
	ASSERT_STR_EQ(r.ids, "");
	finish(&r.dl, before);
}

static void test_err_incomplete(void)
{
	static const char text[] = OK_RULE "\n"
					   "rule site.b warning\n"
					   "  for $vm in { $scenario/vm }\n"
					   "  message \"m\";\n"
					   "rule site.c error assert { true() };\n";
	struct load_result r;
	unsigned before = CU_get_number_of_failures();
	load_isolated(&r, text);
	CU_ASSERT_EQUAL(r.errors, 2);
	CU_ASSERT_EQUAL(r.dl.count, 2);
	EXPECT_DIAG(&r.dl, 0, DIAG_ERROR, "rules-incomplete", "t.rules", 3, 1,
		    "rule 'site.b' has no 'assert' clause");
	EXPECT_DIAG(&r.dl, 1, DIAG_ERROR, "rules-incomplete", "t.rules", 6, 1,
		    "rule 'site.c' has no 'message' clause");
	ASSERT_STR_EQ(r.ids, "site.ok:error");
	finish(&r.dl, before);
}

static void test_err_second_clause(void)
{
	static const char text[] = "rule site.a error\n"
				   "  assert { true() }\n"
				   "  at { . }\n"
				   "  message \"one\"\n"
				   "  assert { false() }\n"
				   "  at { .. }\n"
				   "  message \"two\";\n" OK_RULE;
	struct load_result r;
	unsigned before = CU_get_number_of_failures();
	load_isolated(&r, text);
	CU_ASSERT_EQUAL(r.errors, 3);
	CU_ASSERT_EQUAL(r.dl.count, 3);
	EXPECT_DIAG(&r.dl, 0, DIAG_ERROR, "rules-syntax", "t.rules", 5, 10,
		    "rule 'site.a' has a second 'assert' clause");
	EXPECT_DIAG(&r.dl, 1, DIAG_ERROR, "rules-syntax", "t.rules", 6, 6,
		    "rule 'site.a' has a second 'at' clause");
	EXPECT_DIAG(&r.dl, 2, DIAG_ERROR, "rules-syntax", "t.rules", 7, 11,
		    "rule 'site.a' has a second 'message' clause");
	ASSERT_STR_EQ(r.ids, "site.ok:error");
	finish(&r.dl, before);
}

static void test_err_duplicate(void)
{
	static const char text[] = "rule site.a error assert { true() } message \"one\";\n"
				   "rule site.b error assert { true() } message \"b\";\n"
				   "rule site.a warning\n"
				   "  assert { true() } message \"two\";\n";
	struct load_result r;
	unsigned before = CU_get_number_of_failures();
	load_isolated(&r, text);
	CU_ASSERT_EQUAL(r.errors, 1);
	CU_ASSERT_EQUAL(r.dl.count, 1);
	EXPECT_DIAG(&r.dl, 0, DIAG_ERROR, "rules-duplicate", "t.rules", 3, 6,
		    "rule 'site.a' is defined twice");
	if (r.dl.count == 1)
		CU_ASSERT_EQUAL(r.dl.items[0].note_count, 1);
	EXPECT_NOTE(&r.dl, 0, 0, "t.rules", 1, 6, "first defined here");
	ASSERT_STR_EQ(r.ids, "site.a:error site.b:error");
	finish(&r.dl, before);
}

static void test_err_duplicate_across_files(void)
{
	static const struct rules_text files[] = {
	    {"a.rules", "\nrule site.x off assert { true() } message \"a\";\n"},
	    {"b.rules", "rule  site.x error assert { true() } message \"b\";\n"},
	};
	struct load_result r;
	unsigned before = CU_get_number_of_failures();
	load_isolated_files(&r, files, 2);
	CU_ASSERT_EQUAL(r.errors, 1);
	EXPECT_DIAG(&r.dl, 0, DIAG_ERROR, "rules-duplicate", "b.rules", 1, 7,
		    "rule 'site.x' is defined twice");
	EXPECT_NOTE(&r.dl, 0, 0, "a.rules", 2, 6, "first defined here");
	ASSERT_STR_EQ(r.ids, "site.x:off");
	finish(&r.dl, before);
}

/* Errors of several kinds in one file: all reported, the valid rules between them loaded. */
static void test_err_several(void)
{
	static const char text[] = "rule site.a fatal assert { true() } message \"a\";\n"
				   "rule site.ok1 error assert { true() } message \"ok1\";\n"
				   "rule site.b error assert { vm[ } message \"b\";\n"
				   "rule site.ok2 warning assert { true() } message \"ok2\";\n"
				   "rule site.c error message \"c\";\n"
				   "rule site.d error assert { true() } message \"{name\";\n"
				   "rule site.ok3 off assert { true() } message \"ok3\";\n";
	struct load_result r;
	unsigned before = CU_get_number_of_failures();
	load_isolated(&r, text);
	CU_ASSERT_EQUAL(r.errors, 4);
	CU_ASSERT_EQUAL(r.dl.count, 4);
	EXPECT_DIAG(
	    &r.dl, 0, DIAG_ERROR, "rules-syntax", "t.rules", 1, 13,
	    "syntax error, unexpected rule id, expecting \"level (error, warning, off or build)\"");
	EXPECT_DIAG(&r.dl, 1, DIAG_ERROR, "rules-xpath", "t.rules", 3, 26,
		    "invalid XPath expression ' vm[ ': Invalid expression");
	EXPECT_DIAG(&r.dl, 2, DIAG_ERROR, "rules-incomplete", "t.rules", 5, 1,
		    "rule 'site.c' has no 'assert' clause");
	EXPECT_DIAG(&r.dl, 3, DIAG_ERROR, "rules-syntax", "t.rules", 6, 46,
		    "'{' in the text is never closed; write {xpath} to insert a value");
	ASSERT_STR_EQ(r.ids, "site.ok1:error site.ok2:warning site.ok3:off");
	finish(&r.dl, before);
}

/* Syntax errors inside the clauses of two rules: both reported, the rules around them load. */
static void test_err_several_syntax(void)
{
	static const char text[] = OK_RULE "rule site.a error assert { true() } doc ;\n"
					   "rule site.ok2 error assert { true() } message \"2\";\n"
					   "rule site.b error message \"m\" at ;\n";
	struct load_result r;
	unsigned before = CU_get_number_of_failures();
	load_isolated(&r, text);
	CU_ASSERT_EQUAL(r.errors, 2);
	CU_ASSERT_EQUAL(r.dl.count, 2);
	EXPECT_DIAG(&r.dl, 0, DIAG_ERROR, "rules-syntax", "t.rules", 2, 41,
		    "syntax error, unexpected ';', expecting string");
	EXPECT_DIAG(&r.dl, 1, DIAG_ERROR, "rules-syntax", "t.rules", 4, 34,
		    "syntax error, unexpected ';', expecting {xpath}");
	ASSERT_STR_EQ(r.ids, "site.ok:error site.ok2:error");
	finish(&r.dl, before);
}

/* ---- loading files and directories ---- */

static void test_load_missing_file(void)
{
	struct rule_set set;
	struct diag_list dl;
	rule_set_init(&set);
	diag_list_init(&dl);
	unsigned before = CU_get_number_of_failures();
	CU_ASSERT_EQUAL(rules_load_file(&set, "/nonexistent/acrn-cfgc/x.rules", &dl), 1);
	CU_ASSERT_EQUAL(dl.count, 1);
	CU_ASSERT_EQUAL(dl.errors, 1);
	EXPECT_DIAG(&dl, 0, DIAG_ERROR, "io", "/nonexistent/acrn-cfgc/x.rules", 0, 0,
		    "cannot open rules file: No such file or directory");
	CU_ASSERT_EQUAL(set.count, 0);
	rule_set_free(&set);
	finish(&dl, before);
}

static void test_load_too_large(void)
{
	size_t len = 4u * 1024 * 1024 + 1;
	char *buf = malloc(len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(buf);
	memset(buf, ' ', len);
	struct rule_set set;
	struct diag_list dl;
	rule_set_init(&set);
	diag_list_init(&dl);
	unsigned before = CU_get_number_of_failures();
	CU_ASSERT_EQUAL(rules_load_buffer(&set, "big.rules", buf, len, &dl), 1);
	CU_ASSERT_EQUAL(dl.count, 1);
	EXPECT_DIAG(&dl, 0, DIAG_ERROR, "rules-syntax", "big.rules", 0, 0,
		    "rules file is larger than 4194304 bytes");
	CU_ASSERT_EQUAL(rules_load_buffer(&set, "ok.rules", buf, len - 1, &dl), 0);
	CU_ASSERT_EQUAL(dl.count, 1);
	rule_set_free(&set);
	free(buf);
	finish(&dl, before);
}

static void test_load_missing_dir(void)
{
	struct rule_set set;
	struct diag_list dl;
	rule_set_init(&set);
	diag_list_init(&dl);
	unsigned before = CU_get_number_of_failures();
	CU_ASSERT_EQUAL(rules_load_dir(&set, "/nonexistent/acrn-cfgc", &dl), 1);
	EXPECT_DIAG(&dl, 0, DIAG_ERROR, "io", "/nonexistent/acrn-cfgc", 0, 0,
		    "cannot read the rules directory: No such file or directory");
	rule_set_free(&set);
	finish(&dl, before);
}

static char *write_file(const char *dir, const char *name, const char *text)
{
	size_t len = strlen(dir) + strlen(name) + 2;
	char *path = malloc(len);
	snprintf(path, len, "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	CU_ASSERT_PTR_NOT_NULL(f);
	if (f) {
		fputs(text, f);
		fclose(f);
	}
	return path;
}

static void test_load_dir(void)
{
	static const char *const names[] = {"b.rules", "a.rules", "c.txt", "d.rules.bak",
					    "10.rules"};
	static const char *const texts[] = {
	    "rule site.b warning assert { true() } message \"b\";\n",
	    "rule site.a1 error assert { true() } message \"a1\";\n"
	    "rule site.a2 off assert { true() } message \"a2\";\n",
	    "this is not a rules file\n",
	    "neither { is this\n",
	    "\n\nrule site.ten error assert { true() } message \"ten\";\n",
	};
	char tmpl[] = "/tmp/test-rules-XXXXXX";
	const char *tmp = getenv("TMPDIR");
	char *dir = NULL;
	if (tmp && *tmp) {
		size_t len = strlen(tmp) + sizeof("/test-rules-XXXXXX");
		dir = malloc(len);
		snprintf(dir, len, "%s/test-rules-XXXXXX", tmp);
	} else {
		dir = strdup(tmpl);
	}
	CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
	char *paths[5];
	for (size_t i = 0; i < 5; i++)
		paths[i] = write_file(dir, names[i], texts[i]);

	struct rule_set set;
	struct diag_list dl;
	rule_set_init(&set);
	diag_list_init(&dl);
	unsigned before = CU_get_number_of_failures();
	CU_ASSERT_EQUAL(rules_load_dir(&set, dir, &dl), 0);
	CU_ASSERT_EQUAL(dl.count, 0);
	CU_ASSERT_EQUAL(set.count, 4);
	if (set.count == 4) {
		/* alphasort: "10.rules" < "a.rules" < "b.rules" */
		ASSERT_STR_EQ(set.rules[0].id, "site.ten");
		ASSERT_STR_EQ(set.rules[1].id, "site.a1");
		ASSERT_STR_EQ(set.rules[2].id, "site.a2");
		ASSERT_STR_EQ(set.rules[3].id, "site.b");
		ASSERT_STR_EQ(set.rules[0].pos.file, paths[4]);
		CU_ASSERT_EQUAL(set.rules[0].pos.line, 3);
		ASSERT_STR_EQ(set.rules[1].pos.file, paths[1]);
		ASSERT_STR_EQ(set.rules[3].pos.file, paths[0]);
		CU_ASSERT_EQUAL(set.rules[2].level, RULE_OFF);
	}
	CU_ASSERT_EQUAL(set.file_count, 3);
	if (set.file_count == 3) {
		ASSERT_STR_EQ(set.files[0], paths[4]);
		ASSERT_STR_EQ(set.files[1], paths[1]);
		ASSERT_STR_EQ(set.files[2], paths[0]);
	}
	rule_set_free(&set);
	finish(&dl, before);

	/* An error in a file of the directory names that file. */
	char *bad = write_file(dir, "e.rules", "rule site.e error assert { true() };\n");
	rule_set_init(&set);
	diag_list_init(&dl);
	before = CU_get_number_of_failures();
	CU_ASSERT_EQUAL(rules_load_dir(&set, dir, &dl), 1);
	EXPECT_DIAG(&dl, 0, DIAG_ERROR, "rules-incomplete", bad, 1, 1,
		    "rule 'site.e' has no 'message' clause");
	CU_ASSERT_EQUAL(set.count, 4);
	rule_set_free(&set);
	finish(&dl, before);

	/* rules_load_file reads one of them the same way. */
	rule_set_init(&set);
	diag_list_init(&dl);
	CU_ASSERT_EQUAL(rules_load_file(&set, paths[1], &dl), 0);
	CU_ASSERT_EQUAL(set.count, 2);
	CU_ASSERT_EQUAL(dl.count, 0);
	rule_set_free(&set);
	diag_list_free(&dl);

	unlink(bad);
	free(bad);
	for (size_t i = 0; i < 5; i++) {
		unlink(paths[i]);
		free(paths[i]);
	}
	CU_ASSERT_EQUAL(rmdir(dir), 0);
	free(dir);
}

/* ---- the engine ---- */

/*
 * Loads text (which must load cleanly) and runs it over s.xml, with b.xml when with_board;
 * returns what check_run returned. dl is initialised here.
 */
static unsigned run_on(const struct frontend *f, const char *text, bool with_board,
		       bool with_scenario, const struct check_options *opt, struct diag_list *dl)
{
	struct rule_set set;
	rule_set_init(&set);
	diag_list_init(dl);
	unsigned load_errors = rules_load_buffer(&set, "t.rules", text, strlen(text), dl);
	CU_ASSERT_EQUAL(load_errors, 0);
	unsigned errors = 0;
	if (!load_errors) {
		struct check_input in = {
		    with_board ? &fe.board_in.src : NULL,
		    with_scenario ? &f->scenario_in.src : NULL,
		    with_board ? &fe.board : NULL,
		    with_scenario ? &f->scenario : NULL,
		    NULL,
		    NULL,
		};
		errors = check_run(&set, &in, opt, dl);
	}
	rule_set_free(&set);
	return errors;
}

static unsigned run(const char *text, const struct check_options *opt, struct diag_list *dl)
{
	return run_on(&fe, text, true, true, opt, dl);
}

/* Runs text over the full input, with the given broken names and models (NULL: missing). */
static unsigned run_broken(const char *text, const struct broken_names *scenario_broken,
			   const struct board *board, struct diag_list *dl)
{
	struct rule_set set;
	rule_set_init(&set);
	diag_list_init(dl);
	CU_ASSERT_EQUAL(rules_load_buffer(&set, "t.rules", text, strlen(text), dl), 0);
	struct check_input in = {&fe.board_in.src, &fe.scenario_in.src, board, &fe.scenario, NULL,
				 scenario_broken};
	unsigned errors = check_run(&set, &in, NULL, dl);
	rule_set_free(&set);
	return errors;
}

/*
 * A rule that reads a name the front end found broken, or calls a function whose model is
 * missing, is skipped; the names in its strings, variables and other rules do not count.
 */
static void test_broken_input_skips(void)
{
	static const char reads_size[] = "rule t.size error\n"
					 "  for $vm in { $scenario/vm }\n"
					 "  assert { false() }\n"
					 "  message \"{$vm/memory/size}\";\n";
	static const char mentions_size[] = "rule t.text error\n"
					    "  for $vm in { $scenario/vm[name != 'size'] }\n"
					    "  assert { $size or false() }\n"
					    "  message \"size\";\n";
	static const char needs_board[] = "rule t.ram error\n"
					  "  for $vm in { $scenario/vm[1] }\n"
					  "  assert { ram-total() = '' }\n"
					  "  message \"m\";\n";
	struct broken_names broken = {0};
	broken_add(&broken, "size");
	struct diag_list dl;
	CU_ASSERT_EQUAL(run_broken(reads_size, NULL, &fe.board, &dl), 3);
	diag_list_free(&dl);
	CU_ASSERT_EQUAL(run_broken(reads_size, &broken, &fe.board, &dl), 0);
	diag_list_free(&dl);
	/* 'size' in a string, and $size (undefined: the rule breaks, once) are not the element */
	CU_ASSERT_EQUAL(run_broken(mentions_size, &broken, &fe.board, &dl), 1);
	CU_ASSERT_PTR_NOT_NULL(find_rule(&dl, "rules-eval"));
	diag_list_free(&dl);
	CU_ASSERT_EQUAL(run_broken(needs_board, NULL, &fe.board, &dl), 1);
	diag_list_free(&dl);
	CU_ASSERT_EQUAL(run_broken(needs_board, NULL, NULL, &dl), 0);
	diag_list_free(&dl);
	broken_free(&broken);
}

static void test_cartesian(void)
{
	static const char text[] = "rule site.pairs error\n"
				   "  for $a in { $scenario/vm }, $b in { $scenario/vm }\n"
				   "  assert { false() }\n"
				   "  message \"{$a/name}-{$b/name}\";\n";
	static const char *const msgs[] = {"VM0-VM0", "VM0-VM1", "VM0-VM2", "VM1-VM0", "VM1-VM1",
					   "VM1-VM2", "VM2-VM0", "VM2-VM1", "VM2-VM2"};
	static const unsigned lines[] = {3, 14, 24};
	struct diag_list dl;
	unsigned before = CU_get_number_of_failures();
	CU_ASSERT_EQUAL(run(text, NULL, &dl), 9);
	CU_ASSERT_EQUAL(dl.count, 9);
	CU_ASSERT_EQUAL(dl.errors, 9);
	for (size_t i = 0; i < 9; i++)
		EXPECT_DIAG(&dl, i, DIAG_ERROR, "site.pairs", "s.xml", lines[i % 3], 3, msgs[i]);
	finish(&dl, before);
}

/* $id iterates over the pcpus of $vm; a leaf element is located at its value. */
static void test_nested_binding(void)
{
	static const char text[] = "rule site.pcpus error\n"
				   "  for $vm in { $scenario/vm },\n"
				   "      $id in { $vm/cpu_affinity/pcpu/pcpu_id }\n"
				   "  assert { false() }\n"
				   "  message \"{$vm/name}:{$id}\";\n";
	static const char *const msgs[] = {"VM0:0", "VM0:1", "VM1:2", "VM2:3", "VM2:4", "VM2:5"};
	static const unsigned lines[] = {8, 9, 19, 29, 30, 31};
	struct diag_list dl;
	unsigned before = CU_get_number_of_failures();
	CU_ASSERT_EQUAL(run(text, NULL, &dl), 6);
	CU_ASSERT_EQUAL(dl.count, 6);
	for (size_t i = 0; i < 6; i++)
		EXPECT_DIAG(&dl, i, DIAG_ERROR, "site.pcpus", "s.xml", lines[i], 22, msgs[i]);
	finish(&dl, before);
}

static void test_where(void)
{
	static const char text[] = "rule site.where warning\n"
				   "  for $vm in { $scenario/vm }\n"
				   "  where { count($vm/cpu_affinity/pcpu) > 1 }\n"
				   "  where { $vm/os_config/kern_mod = 'zephyr' }\n"
				   "  assert { false() }\n"
				   "  message \"{$vm/name}\";\n"
				   "rule site.holds error\n"
				   "  for $vm in { $scenario/vm }\n"
				   "  assert { $vm/name != 'VM1' }\n"
				   "  message \"{$vm/name}\";\n";
	struct diag_list dl;
	unsigned before = CU_get_number_of_failures();
	CU_ASSERT_EQUAL(run(text, NULL, &dl), 1);
	CU_ASSERT_EQUAL(dl.count, 3);
	CU_ASSERT_EQUAL(dl.warnings, 2);
	CU_ASSERT_EQUAL(dl.errors, 1);
	EXPECT_DIAG(&dl, 0, DIAG_WARNING, "site.where", "s.xml", 3, 3, "VM0");
	EXPECT_DIAG(&dl, 1, DIAG_WARNING, "site.where", "s.xml", 24, 3, "VM2");
	EXPECT_DIAG(&dl, 2, DIAG_ERROR, "site.holds", "s.xml", 14, 3, "VM1");
	finish(&dl, before);
}

static void test_default_positions(void)
{
	static const char text[] = "rule site.attr error\n"
				   "  for $id in { $scenario/vm/@id }\n"
				   "  assert { $id = 1 }\n"
				   "  message \"id {$id}\";\n"
				   "rule site.empty-element error\n"
				   "  for $hv in { $scenario/hv }\n"
				   "  assert { false() }\n"
				   "  message \"hv\";\n"
				   "rule site.no-binding error\n"
				   "  assert { false() }\n"
				   "  message \"root\";\n"
				   "rule site.board error\n"
				   "  for $r in { $board/memory/range[2] }\n"
				   "  assert { false() }\n"
				   "  message \"range\";\n";
	struct diag_list dl;
	unsigned before = CU_get_number_of_failures();
	CU_ASSERT_EQUAL(run(text, NULL, &dl), 5);
	CU_ASSERT_EQUAL(dl.count, 5);
	EXPECT_DIAG(&dl, 0, DIAG_ERROR, "site.attr", "s.xml", 3, 7, "id 0");
	EXPECT_DIAG(&dl, 1, DIAG_ERROR, "site.attr", "s.xml", 24, 7, "id 2");
	EXPECT_DIAG(&dl, 2, DIAG_ERROR, "site.empty-element", "s.xml", 2, 3, "hv");
	EXPECT_DIAG(&dl, 3, DIAG_ERROR, "site.no-binding", "s.xml", 1, 1, "root");
	EXPECT_DIAG(&dl, 4, DIAG_ERROR, "site.board", "b.xml", 54, 5, "range");
	finish(&dl, before);
}

static void test_at(void)
{
	static const char text[] = "rule site.at error\n"
				   "  for $vm in { $scenario/vm[name = 'VM1'] }\n"
				   "  assert { false() }\n"
				   "  at { $vm/memory/size }\n"
				   "  message \"at\";\n"
				   "rule site.at-empty error\n"
				   "  for $vm in { $scenario/vm[name = 'VM1'] }\n"
				   "  assert { false() }\n"
				   "  at { $vm/nothing }\n"
				   "  message \"empty\";\n"
				   "rule site.at-first error\n"
				   "  for $vm in { $scenario/vm[name = 'VM2'] }\n"
				   "  assert { false() }\n"
				   "  at { $vm/cpu_affinity/pcpu/pcpu_id }\n"
				   "  message \"first\";\n"
				   "rule site.at-attr error\n"
				   "  assert { false() }\n"
				   "  at { $scenario/vm[3]/@id }\n"
				   "  message \"attr\";\n";
	struct diag_list dl;
	unsigned before = CU_get_number_of_failures();
	CU_ASSERT_EQUAL(run(text, NULL, &dl), 4);
	CU_ASSERT_EQUAL(dl.count, 4);
	EXPECT_DIAG(&dl, 0, DIAG_ERROR, "site.at", "s.xml", 21, 19, "at");
	EXPECT_DIAG(&dl, 1, DIAG_ERROR, "site.at-empty", "s.xml", 14, 3, "empty");
	EXPECT_DIAG(&dl, 2, DIAG_ERROR, "site.at-first", "s.xml", 29, 22, "first");
	EXPECT_DIAG(&dl, 3, DIAG_ERROR, "site.at-attr", "s.xml", 24, 7, "attr");
	finish(&dl, before);
}

static void test_notes(void)
{
	static const char text[] = "rule site.notes error\n"
				   "  for $vm in { $scenario/vm[name = 'VM0'] }\n"
				   "  assert { false() }\n"
				   "  note { $scenario/vm[name != 'VM0']/name } \"also {$note} "
				   "({$note/../@id})\"\n"
				   "  note { $scenario//pcpu_id } \"pcpu {$note}\"\n"
				   "  note { $scenario/nothing } \"none\"\n"
				   "  message \"VM {$vm/name}\";\n";
	static const unsigned pcpu_lines[] = {8, 9, 19, 29, 30, 31};
	struct diag_list dl;
	unsigned before = CU_get_number_of_failures();
	CU_ASSERT_EQUAL(run(text, NULL, &dl), 1);
	CU_ASSERT_EQUAL_FATAL(dl.count, 1);
	EXPECT_DIAG(&dl, 0, DIAG_ERROR, "site.notes", "s.xml", 3, 3, "VM VM0");
	CU_ASSERT_EQUAL(dl.items[0].note_count, 8);
	EXPECT_NOTE(&dl, 0, 0, "s.xml", 16, 11, "also VM1 (1)");
	EXPECT_NOTE(&dl, 0, 1, "s.xml", 26, 11, "also VM2 (2)");
	for (size_t k = 0; k < 6; k++) {
		char msg[16];
		snprintf(msg, sizeof(msg), "pcpu %zu", k);
		EXPECT_NOTE(&dl, 0, 2 + k, "s.xml", pcpu_lines[k], 22, msg);
	}
	finish(&dl, before);
}

/* A note clause gives at most 8 notes. */
static void test_notes_capped(void)
{
	static const char text[] = "rule site.many error\n"
				   "  assert { false() }\n"
				   "  note { $scenario/vm/* } \"{name($note)}\"\n"
				   "  message \"many\";\n";
	struct diag_list dl;
	unsigned before = CU_get_number_of_failures();
	CU_ASSERT_EQUAL(run(text, NULL, &dl), 1);
	CU_ASSERT_EQUAL_FATAL(dl.count, 1);
	CU_ASSERT_EQUAL(dl.items[0].note_count, 8);
	EXPECT_NOTE(&dl, 0, 0, "s.xml", 4, 17, "load_order");
	EXPECT_NOTE(&dl, 0, 3, "s.xml", 7, 5, "cpu_affinity");
	EXPECT_NOTE(&dl, 0, 7, "s.xml", 16, 11, "name");
	finish(&dl, before);
}

static void test_message_parts(void)
{
	static const char text[] =
	    "rule site.msg error\n"
	    "  for $vm in { $scenario/vm[name = 'VM2'] }\n"
	    "  assert { false() }\n"
	    "  message \"VM '{$vm/name}' has {count($vm/cpu_affinity/pcpu)} pCPUs, \"\n"
	    "    \"kernel {$vm/os_config/kern_mod}{''}.\";\n";
	struct diag_list dl;
	unsigned before = CU_get_number_of_failures();
	run(text, NULL, &dl);
	CU_ASSERT_EQUAL(dl.count, 1);
	EXPECT_DIAG(&dl, 0, DIAG_ERROR, "site.msg", "s.xml", 24, 3,
		    "VM 'VM2' has 3 pCPUs, kernel zephyr.");
	finish(&dl, before);
}

#define FIRES(id, level) "rule " id " " level " assert { false() } message \"" id "\";\n"
#define PASSES(id)	 "rule " id " error assert { true() } message \"" id "\";\n"
#define DEPENDS(id, on)	 "rule " id " error requires " on " assert { false() } message \"" id "\";\n"

static void test_requires(void)
{
	static const char text[] = FIRES("site.fires", "error") PASSES("site.passes")
	    FIRES("site.off",
		  "off") "rule site.no-vm error for $v in { $scenario/vm[name = 'none'] }\n"
			 "  assert { false() } message \"never\";\n"
			 "rule site.broken error assert { no-such-function() } message \"b\";\n"
			 "rule site.needs-board error assert { count($board) = 0 } message "
			 "\"nb\";\n" DEPENDS("site.after-fired", "site.fires")
			     DEPENDS("site.after-passed", "site.passes")
				 DEPENDS("site.after-off", "site.off") DEPENDS("site.after-empty",
									       "site.no-vm")
				     DEPENDS("site.after-broken", "site.broken")
					 DEPENDS("site.after-skipped", "site.needs-board")
					     DEPENDS("site.after-both", "site.passes, site.fires")
						 DEPENDS("site.after-unknown", "site.unknown")
						     DEPENDS("site.chain", "site.after-fired");
	struct diag_list dl;
	unsigned before = CU_get_number_of_failures();
	run_on(&fe, text, false, true, NULL, &dl);
	CU_ASSERT_EQUAL(count_rule(&dl, "site.fires"), 1);
	CU_ASSERT_EQUAL(count_rule(&dl, "rules-eval"), 1);
	CU_ASSERT_EQUAL(count_rule(&dl, "site.after-fired"), 0);
	CU_ASSERT_EQUAL(count_rule(&dl, "site.after-passed"), 1);
	CU_ASSERT_EQUAL(count_rule(&dl, "site.after-off"), 1);
	CU_ASSERT_EQUAL(count_rule(&dl, "site.after-empty"), 1);
	CU_ASSERT_EQUAL(count_rule(&dl, "site.after-broken"), 0);
	CU_ASSERT_EQUAL(count_rule(&dl, "site.after-skipped"), 0);
	CU_ASSERT_EQUAL(count_rule(&dl, "site.after-both"), 0);
	CU_ASSERT_EQUAL(count_rule(&dl, "site.after-unknown"), 1);
	CU_ASSERT_EQUAL(count_rule(&dl, "site.chain"), 0);
	CU_ASSERT_EQUAL(dl.count, 6);
	finish(&dl, before);

	/* Switched off by the user rather than in the file: its dependents run too. */
	static const struct rule_override off = {"site.fires", RULE_OFF};
	struct check_options opt = {&off, 1, false, false};
	before = CU_get_number_of_failures();
	run(FIRES("site.fires", "error") DEPENDS("site.dep", "site.fires"), &opt, &dl);
	CU_ASSERT_EQUAL(dl.count, 1);
	EXPECT_DIAG(&dl, 0, DIAG_ERROR, "site.dep", "s.xml", 1, 1, "site.dep");
	finish(&dl, before);
}

/* docs/rules.md: "skip this rule when one of those rules fired", wherever it is defined. */
static void test_requires_defined_later(void)
{
	struct diag_list dl;
	unsigned before = CU_get_number_of_failures();
	run(DEPENDS("site.dep", "site.fires") FIRES("site.fires", "error"), NULL, &dl);
	CU_ASSERT_EQUAL(count_rule(&dl, "site.fires"), 1);
	CU_ASSERT_EQUAL(count_rule(&dl, "site.dep"), 0);
	finish(&dl, before);
}

static void test_levels(void)
{
	static const char text[] =
	    FIRES("site.err", "error") FIRES("site.warn", "warning") FIRES("site.off", "off");
	struct diag_list dl;
	unsigned before = CU_get_number_of_failures();
	CU_ASSERT_EQUAL(run(text, NULL, &dl), 1);
	CU_ASSERT_EQUAL(dl.count, 2);
	CU_ASSERT_EQUAL(dl.errors, 1);
	CU_ASSERT_EQUAL(dl.warnings, 1);
	EXPECT_DIAG(&dl, 0, DIAG_ERROR, "site.err", "s.xml", 1, 1, "site.err");
	EXPECT_DIAG(&dl, 1, DIAG_WARNING, "site.warn", "s.xml", 1, 1, "site.warn");
	finish(&dl, before);

	/* -Werror: warnings become errors. */
	struct check_options werror = {NULL, 0, true, false};
	before = CU_get_number_of_failures();
	CU_ASSERT_EQUAL(run(text, &werror, &dl), 2);
	CU_ASSERT_EQUAL(dl.count, 2);
	CU_ASSERT_EQUAL(dl.errors, 2);
	CU_ASSERT_EQUAL(dl.warnings, 0);
	EXPECT_DIAG(&dl, 1, DIAG_ERROR, "site.warn", "s.xml", 1, 1, "site.warn");
	finish(&dl, before);

	/* -W no-site.err, -W site.off: the error rule off, the off rule on as a warning. */
	static const struct rule_override ov[] = {
	    {"site.err", RULE_OFF},
	    {"site.off", RULE_WARNING},
	    {"site.other", RULE_ERROR},
	};
	struct check_options opt = {ov, 3, false, false};
	before = CU_get_number_of_failures();
	CU_ASSERT_EQUAL(run(text, &opt, &dl), 0);
	CU_ASSERT_EQUAL(dl.count, 2);
	CU_ASSERT_EQUAL(dl.errors, 0);
	CU_ASSERT_EQUAL(dl.warnings, 2);
	EXPECT_DIAG(&dl, 0, DIAG_WARNING, "site.warn", "s.xml", 1, 1, "site.warn");
	EXPECT_DIAG(&dl, 1, DIAG_WARNING, "site.off", "s.xml", 1, 1, "site.off");
	finish(&dl, before);

	/* ... and with -Werror the re-enabled rule is an error too. */
	opt.werror = true;
	before = CU_get_number_of_failures();
	CU_ASSERT_EQUAL(run(text, &opt, &dl), 2);
	CU_ASSERT_EQUAL(count_rule(&dl, "site.off"), 1);
	CU_ASSERT_EQUAL(dl.warnings, 0);
	finish(&dl, before);
}

/* A build rule is silent unless the check is for the image (--build), where it is an error. */
static void test_build_level(void)
{
	static const char text[] = FIRES("site.build", "build") FIRES("site.warn", "warning")
	    DEPENDS("site.after-build", "site.build");
	struct diag_list dl;
	unsigned before = CU_get_number_of_failures();
	CU_ASSERT_EQUAL(run(text, NULL, &dl), 1);
	CU_ASSERT_EQUAL(count_rule(&dl, "site.build"), 0);
	CU_ASSERT_EQUAL(count_rule(&dl, "site.after-build"), 1); /* as after an off rule */
	finish(&dl, before);

	struct check_options build = {NULL, 0, false, true};
	before = CU_get_number_of_failures();
	CU_ASSERT_EQUAL(run(text, &build, &dl), 1);
	CU_ASSERT_EQUAL(dl.count, 2);
	EXPECT_DIAG(&dl, 0, DIAG_ERROR, "site.build", "s.xml", 1, 1, "site.build");
	EXPECT_DIAG(&dl, 1, DIAG_WARNING, "site.warn", "s.xml", 1, 1, "site.warn");
	finish(&dl, before);

	/* -W no-site.build in the image build: off, and its dependent runs. */
	static const struct rule_override off = {"site.build", RULE_OFF};
	struct check_options build_off = {&off, 1, false, true};
	before = CU_get_number_of_failures();
	CU_ASSERT_EQUAL(run(text, &build_off, &dl), 1);
	CU_ASSERT_EQUAL(count_rule(&dl, "site.build"), 0);
	CU_ASSERT_EQUAL(count_rule(&dl, "site.after-build"), 1);
	finish(&dl, before);
}

static void test_effective_level(void)
{
	struct rule r;
	memset(&r, 0, sizeof(r));
	r.id = "site.x";
	r.level = RULE_WARNING;
	CU_ASSERT_EQUAL(check_effective_level(&r, NULL), RULE_WARNING);
	struct check_options none = {NULL, 0, true, false};
	CU_ASSERT_EQUAL(check_effective_level(&r, &none), RULE_WARNING);
	static const struct rule_override ov[] = {
	    {"site.x", RULE_OFF},
	    {"site.y", RULE_ERROR},
	    {"site.x", RULE_ERROR},
	    {"site.xx", RULE_OFF},
	};
	struct check_options one = {ov, 1, false, false}, two = {ov, 2, false, false},
			     all = {ov, 4, false, false};
	CU_ASSERT_EQUAL(check_effective_level(&r, &one), RULE_OFF);
	CU_ASSERT_EQUAL(check_effective_level(&r, &two), RULE_OFF);
	CU_ASSERT_EQUAL(check_effective_level(&r, &all), RULE_ERROR); /* the last one wins */
	r.level = RULE_OFF;
	CU_ASSERT_EQUAL(check_effective_level(&r, NULL), RULE_OFF);
	r.id = "site.y";
	CU_ASSERT_EQUAL(check_effective_level(&r, &all), RULE_ERROR);
	/* build: inactive (RULE_BUILD) unless checking for the image, where it is an error */
	r.id = "site.x";
	r.level = RULE_BUILD;
	struct check_options build = {NULL, 0, false, true}, build_one = {ov, 1, false, true};
	CU_ASSERT_EQUAL(check_effective_level(&r, NULL), RULE_BUILD);
	CU_ASSERT_EQUAL(check_effective_level(&r, &none), RULE_BUILD);
	CU_ASSERT_EQUAL(check_effective_level(&r, &build), RULE_ERROR);
	CU_ASSERT_EQUAL(check_effective_level(&r, &build_one), RULE_OFF);
}

static void test_document_variables(void)
{
	static const char text[] = "rule site.board error\n"
				   "  for $b in { $board }\n"
				   "  assert { false() }\n"
				   "  message \"board {$b/@board}\";\n"
				   "rule site.scenario error\n"
				   "  for $vm in { $scenario/vm[1] }\n"
				   "  assert { false() }\n"
				   "  message \"scenario\";\n"
				   "rule site.board-in-message error\n"
				   "  assert { false() }\n"
				   "  message \"{count($board/memory/range)} ranges\";\n";
	struct diag_list dl;
	unsigned before = CU_get_number_of_failures();
	CU_ASSERT_EQUAL(run_on(&fe, text, true, true, NULL, &dl), 3);
	CU_ASSERT_EQUAL(dl.count, 3);
	EXPECT_DIAG(&dl, 0, DIAG_ERROR, "site.board", "b.xml", 1, 1, "board tiny");
	EXPECT_DIAG(&dl, 1, DIAG_ERROR, "site.scenario", "s.xml", 3, 3, "scenario");
	EXPECT_DIAG(&dl, 2, DIAG_ERROR, "site.board-in-message", "s.xml", 1, 1, "2 ranges");
	finish(&dl, before);

	/* No board: the rules using $board are skipped. */
	before = CU_get_number_of_failures();
	CU_ASSERT_EQUAL(run_on(&fe, text, false, true, NULL, &dl), 1);
	CU_ASSERT_EQUAL(dl.count, 1);
	EXPECT_DIAG(&dl, 0, DIAG_ERROR, "site.scenario", "s.xml", 3, 3, "scenario");
	finish(&dl, before);

	/* No scenario: the rules using $scenario are; the others see the board. */
	before = CU_get_number_of_failures();
	CU_ASSERT_EQUAL(run_on(&fe, text, true, false, NULL, &dl), 2);
	CU_ASSERT_EQUAL(dl.count, 2);
	EXPECT_DIAG(&dl, 0, DIAG_ERROR, "site.board", "b.xml", 1, 1, "board tiny");
	EXPECT_DIAG(&dl, 1, DIAG_ERROR, "site.board-in-message", "b.xml", 1, 1, "2 ranges");
	finish(&dl, before);

	/* Neither: nothing runs. */
	before = CU_get_number_of_failures();
	CU_ASSERT_EQUAL(run_on(&fe, text, false, false, NULL, &dl), 0);
	CU_ASSERT_EQUAL(dl.count, 0);
	finish(&dl, before);
}

/* A rule that names $board only in a note's text is a rule that uses $board too. */
static void test_board_in_note_text(void)
{
	static const char text[] = "rule site.note-board error\n"
				   "  for $vm in { $scenario/vm[1] }\n"
				   "  assert { false() }\n"
				   "  note { $vm/name } \"on board {$board/@board}\"\n"
				   "  message \"m\";\n";
	struct diag_list dl;
	unsigned before = CU_get_number_of_failures();
	CU_ASSERT_EQUAL(run_on(&fe, text, true, true, NULL, &dl), 1);
	CU_ASSERT_EQUAL(dl.count, 1);
	EXPECT_NOTE(&dl, 0, 0, "s.xml", 5, 11, "on board tiny");
	finish(&dl, before);

	before = CU_get_number_of_failures();
	CU_ASSERT_EQUAL(run_on(&fe, text, false, true, NULL, &dl), 0);
	CU_ASSERT_EQUAL(dl.count, 0);
	finish(&dl, before);
}

static void test_eval_errors(void)
{
	static const char text[] = "rule site.broken error\n"		  /* 1 */
				   "  for $vm in { $scenario/vm }\n"	  /* 2 */
				   "  assert { no-such-function($vm) }\n" /* 3 */
				   "  message \"never\";\n"		  /* 4 */
				   "rule site.after error\n"		  /* 5 */
				   "  assert { false() }\n"		  /* 6 */
				   "  message \"after\";\n"		  /* 7 */
				   "rule site.not-nodes error\n"	  /* 8 */
				   "  for $n in { 1 + 1 }\n"		  /* 9 */
				   "  assert { false() }\n"		  /* 10 */
				   "  message \"never\";\n"		  /* 11 */
				   "rule site.bad-part error\n"		  /* 12 */
				   "  for $vm in { $scenario/vm }\n"	  /* 13 */
				   "  assert { false() }\n"		  /* 14 */
				   "  message \"x {$undefined} y\";\n"	  /* 15 */
				   "rule site.arity error\n"		  /* 16 */
				   "  assert { overlaps(1, 2, 3) }\n"	  /* 17 */
				   "  message \"never\";\n"		  /* 18 */
				   "rule site.bad-note error\n"		  /* 19 */
				   "  for $vm in { $scenario/vm }\n"	  /* 20 */
				   "  assert { false() }\n"		  /* 21 */
				   "  note { $vm } \"{$nowhere}\"\n"	  /* 22 */
				   "  message \"m\";\n"			  /* 23 */
				   "rule site.last error\n"		  /* 24 */
				   "  assert { false() }\n"		  /* 25 */
				   "  message \"last\";\n";		  /* 26 */
	struct diag_list dl;
	unsigned before = CU_get_number_of_failures();
	CU_ASSERT_EQUAL(run(text, NULL, &dl), 8);
	CU_ASSERT_EQUAL(dl.count, 8);
	EXPECT_DIAG(&dl, 0, DIAG_ERROR, "rules-eval", "t.rules", 3, 10,
		    "rule 'site.broken': cannot evaluate ' no-such-function($vm) ': "
		    "Unregistered function");
	EXPECT_DIAG(&dl, 1, DIAG_ERROR, "site.after", "s.xml", 1, 1, "after");
	EXPECT_DIAG(
	    &dl, 2, DIAG_ERROR, "rules-eval", "t.rules", 9, 13,
	    "rule 'site.not-nodes': 'for $n in' needs a node-set, and ' 1 + 1 ' is not one");
	EXPECT_DIAG(&dl, 3, DIAG_ERROR, "rules-eval", "t.rules", 15, 14,
		    "rule 'site.bad-part': cannot evaluate '$undefined': Undefined variable");
	EXPECT_DIAG(&dl, 4, DIAG_ERROR, "rules-eval", "t.rules", 17, 10,
		    "rule 'site.arity': cannot evaluate ' overlaps(1, 2, 3) ': "
		    "Invalid number of arguments");
	/* the diagnostic is reported before its notes are evaluated */
	EXPECT_DIAG(&dl, 5, DIAG_ERROR, "site.bad-note", "s.xml", 3, 3, "m");
	EXPECT_DIAG(&dl, 6, DIAG_ERROR, "rules-eval", "t.rules", 22, 17,
		    "rule 'site.bad-note': cannot evaluate '$nowhere': Undefined variable");
	EXPECT_DIAG(&dl, 7, DIAG_ERROR, "site.last", "s.xml", 1, 1, "last");
	finish(&dl, before);
}

static void test_builtins_in_rules(void)
{
	static const char text[] =
	    "rule capacity.site-ram error\n"
	    "  assert { lt(sum-mb($scenario/vm/memory/size), ram-total()) }\n"
	    "  message \"{sum-mb($scenario/vm/memory/size)} of {ram-total()}: \"\n"
	    "    \"{join($scenario/vm/name, ', ')}\";\n"
	    "rule memory.site-hv error\n"
	    "  for $vm in { $scenario/vm }\n"
	    "  assert { not(hv-overlap(mb(num($vm/memory/size) div 4), mb($vm/memory/size))) }\n"
	    "  message \"{$vm/name} at {mb(num($vm/memory/size) div 4)}\";\n";
	struct diag_list dl;
	unsigned before = CU_get_number_of_failures();
	CU_ASSERT_EQUAL(run(text, NULL, &dl), 2);
	CU_ASSERT_EQUAL(dl.count, 2);
	EXPECT_DIAG(&dl, 0, DIAG_ERROR, "capacity.site-ram", "s.xml", 1, 1,
		    "0x1c000000 of 0xff9f000: VM0, VM1, VM2");
	/* [16 MiB, +64 MiB) hits [16 MiB, 32 MiB); [32 MiB, +128 MiB) only touches it */
	EXPECT_DIAG(&dl, 1, DIAG_ERROR, "memory.site-hv", "s.xml", 3, 3, "VM0 at 0x1000000");
	finish(&dl, before);

	/* With HV_RAM_START at 1 GiB every VM misses it. */
	before = CU_get_number_of_failures();
	CU_ASSERT_EQUAL(run_on(&fe_hv, text, true, true, NULL, &dl), 1);
	CU_ASSERT_EQUAL(count_rule(&dl, "memory.site-hv"), 0);
	finish(&dl, before);
}

/* ---- built-ins, evaluated directly ---- */

static void quiet_structured(void *data, xmlErrorPtr err)
{
	(void)data;
	(void)err;
}

static void quiet_generic(void *data, const char *msg, ...)
{
	(void)data;
	(void)msg;
}

/* The string value of expr over s.xml (NULL when it does not evaluate); malloc'd. */
static char *xeval(const struct check_input *in, const char *expr)
{
	const struct xml_source *src = in->scenario_src ? in->scenario_src : &fe.scenario_in.src;
	xmlXPathContextPtr ctx = xmlXPathNewContext(src->doc);
	struct builtin_state *builtins = builtins_register(ctx, in);
	xmlSetStructuredErrorFunc(NULL, quiet_structured);
	xmlSetGenericErrorFunc(NULL, quiet_generic);
	xmlXPathObjectPtr obj = xmlXPathEval(BAD_CAST expr, ctx);
	xmlSetStructuredErrorFunc(NULL, NULL);
	xmlSetGenericErrorFunc(NULL, NULL);
	char *out = NULL;
	if (obj) {
		xmlChar *s = xmlXPathCastToString(obj);
		out = strdup((const char *)s);
		xmlFree(s);
		xmlXPathFreeObject(obj);
	}
	xmlXPathFreeContext(ctx);
	builtins_free(builtins);
	return out;
}

static struct check_input full_input(void)
{
	struct check_input in = {
	    &fe.board_in.src, &fe.scenario_in.src, &fe.board, &fe.scenario, NULL, NULL};
	return in;
}

#define EXPECT_IN(in, expr, expected)                                                              \
	do {                                                                                       \
		char *v_ = xeval((in), (expr));                                                    \
		if (!v_ || strcmp(v_, (expected)) != 0)                                            \
			fprintf(stderr, "\n%s = %s, expected %s\n", (expr), v_ ? v_ : "(error)",   \
				(expected));                                                       \
		ASSERT_STR_EQ(v_, (expected));                                                     \
		free(v_);                                                                          \
	} while (0)
#define EXPECT_X(expr, expected)                                                                   \
	do {                                                                                       \
		struct check_input in_ = full_input();                                             \
		EXPECT_IN(&in_, expr, expected);                                                   \
	} while (0)
#define EXPECT_XERR(expr)                                                                          \
	do {                                                                                       \
		struct check_input in_ = full_input();                                             \
		char *v_ = xeval(&in_, (expr));                                                    \
		if (v_)                                                                            \
			fprintf(stderr, "\n%s = %s, expected an error\n", (expr), v_);             \
		CU_ASSERT_PTR_NULL(v_);                                                            \
		free(v_);                                                                          \
	} while (0)

static void test_fn_overlaps(void)
{
	EXPECT_X("overlaps('0x1000', '0x1000', '0x1800', '0x1000')", "true");
	EXPECT_X("overlaps('0x1800', '0x1000', '0x1000', '0x1000')", "true");
	EXPECT_X("overlaps('0x1000', '0x1000', '0x1100', '0x10')", "true");    /* inside */
	EXPECT_X("overlaps('0x1000', '0x1000', '0x2000', '0x1000')", "false"); /* touching */
	EXPECT_X("overlaps('0x2000', '0x1000', '0x1000', '0x1000')", "false");
	EXPECT_X("overlaps('4096', '4097', '0x2000', '1')", "true");	  /* decimal */
	EXPECT_X("overlaps(4096, 4097, 8192, 1)", "true");		  /* XPath numbers */
	EXPECT_X("overlaps('0x1000', '0', '0x1000', '0x1000')", "false"); /* zero length */
	EXPECT_X("overlaps('0x1000', '0x1000', '0x1800', '0')", "false");
	EXPECT_X("overlaps('0x1000', '0', '0x1000', '0')", "false");
	/* above 2^53, where doubles cannot tell the ends apart */
	EXPECT_X("overlaps('0xfffffffffffff000', '0x800', '0xfffffffffffff7ff', '1')", "true");
	EXPECT_X("overlaps('0xfffffffffffff000', '0x800', '0xfffffffffffff800', '1')", "false");
	EXPECT_X("overlaps('9007199254740993', '1', '9007199254740992', '1')", "false");
	EXPECT_X("overlaps('9007199254740993', '1', '9007199254740993', '1')", "true");
	/* start + len overflows 64 bits */
	EXPECT_X("overlaps('0xffffffffffffff00', '0x200', '0xffffffffffffff80', '0x10')", "false");
	EXPECT_X("overlaps('0xffffffffffffff80', '0x10', '0xffffffffffffff00', '0x200')", "false");
	EXPECT_X("overlaps('0xffffffffffffff00', '0xff', '0xffffffffffffff80', '0x10')", "true");
	EXPECT_X("overlaps('junk', '1', '0', '1')", "false");
	EXPECT_X("overlaps('18446744073709551616', '1', '0', '1')", "false"); /* 2^64 */
	EXPECT_XERR("overlaps(1, 2, 3)");
	EXPECT_XERR("overlaps(1, 2, 3, 4, 5)");
}

static void test_fn_within(void)
{
	EXPECT_X("within('0x1000', '0x1000', '0x1000', '0x1000')", "true");
	EXPECT_X("within('0x1800', '0x800', '0x1000', '0x1000')", "true");
	EXPECT_X("within('0x1800', '0x801', '0x1000', '0x1000')", "false");
	EXPECT_X("within('0xfff', '0x10', '0x1000', '0x1000')", "false");
	EXPECT_X("within('0x1000', '0', '0x1000', '0x1000')", "true");
	EXPECT_X("within('0xffffffffffffe000', '0x1000', '0xffffffffffff0000', '0xffff')", "true");
	EXPECT_X("within('0xfffffffffffff001', '0x1000', '0xffffffffffff0000', '0x10000')",
		 "false"); /* overflows */
	EXPECT_X("within('9007199254740993', '1', '9007199254740992', '1')", "false");
	EXPECT_X("within('x', '1', '0', '0x1000')", "false");
	EXPECT_XERR("within('0', '1', '0')");
}

static void test_fn_mb_hex_num(void)
{
	EXPECT_X("mb(2)", "0x200000");
	EXPECT_X("mb('0x10')", "0x1000000");
	EXPECT_X("mb('0')", "0x0");
	EXPECT_X("mb('17592186044415')", "0xfffffffffff00000");
	EXPECT_X("mb('17592186044416')", ""); /* 2^44 MiB = 2^64 bytes */
	EXPECT_X("mb('junk')", "");
	EXPECT_X("mb(/acrn-config/vm[2]/memory/size)", "0x8000000");
	EXPECT_XERR("mb()");
	EXPECT_XERR("mb(1, 2)");

	EXPECT_X("hex('255')", "0xff");
	EXPECT_X("hex('0xFF')", "0xff");
	EXPECT_X("hex(' 16 ')", "0x10");
	EXPECT_X("hex('18446744073709551615')", "0xffffffffffffffff");
	EXPECT_X("hex('18446744073709551616')", "");
	EXPECT_X("hex('-1')", "");
	EXPECT_X("hex('')", "");
	EXPECT_XERR("hex()");

	EXPECT_X("num('0x10')", "16");
	EXPECT_X("num('0x10') + 1", "17");
	EXPECT_X("num('42')", "42");
	EXPECT_X("num('junk')", "NaN");
	EXPECT_X("num(/acrn-config/vm[3]/memory/size) div 2", "128");
	EXPECT_XERR("num()");
	EXPECT_XERR("num(1, 2)");
}

static void test_fn_lt(void)
{
	EXPECT_X("lt('1', '2')", "true");
	EXPECT_X("lt('2', '1')", "false");
	EXPECT_X("lt('2', '2')", "false");
	EXPECT_X("lt('0x10', '17')", "true");
	/* 2^53 and 2^53 + 1 are the same double */
	EXPECT_X("lt('9007199254740992', '9007199254740993')", "true");
	EXPECT_X("lt('9007199254740993', '9007199254740992')", "false");
	EXPECT_X("lt('0xfffffffffffffffe', '0xffffffffffffffff')", "true");
	EXPECT_X("lt('junk', '1')", "false");
	EXPECT_X("lt('1', 'junk')", "false");
	EXPECT_XERR("lt('1')");
}

static void test_fn_bits(void)
{
	EXPECT_X("is-pow2('0')", "false");
	EXPECT_X("is-pow2('1')", "true");
	EXPECT_X("is-pow2('0x1000')", "true");
	EXPECT_X("is-pow2('0x8000000000000000')", "true");
	EXPECT_X("is-pow2('6')", "false");
	EXPECT_X("is-pow2('0xffffffffffffffff')", "false");
	EXPECT_X("is-pow2('junk')", "false");
	EXPECT_XERR("is-pow2()");

	EXPECT_X("contiguous-mask('0')", "false");
	EXPECT_X("contiguous-mask('0x1')", "true");
	EXPECT_X("contiguous-mask('0x6')", "true");
	EXPECT_X("contiguous-mask('0x5')", "false");
	EXPECT_X("contiguous-mask('0xff00')", "true");
	EXPECT_X("contiguous-mask('0xff0f')", "false");
	EXPECT_X("contiguous-mask('0xffffffffffffffff')", "true");
	EXPECT_X("contiguous-mask('0x8000000000000000')", "true");
	EXPECT_X("contiguous-mask('junk')", "false");
	EXPECT_XERR("contiguous-mask('1', '2')");

	EXPECT_X("bits-fit('0xff', '8')", "true");
	EXPECT_X("bits-fit('0x100', '8')", "false");
	EXPECT_X("bits-fit('0', '0')", "true");
	EXPECT_X("bits-fit('1', '0')", "false");
	EXPECT_X("bits-fit('0xffffffffffffffff', '64')", "true");
	EXPECT_X("bits-fit('0xffffffffffffffff', '63')", "false");
	EXPECT_X("bits-fit('0xffffffffffffffff', '100')", "true");
	EXPECT_X("bits-fit('0x7ff', 11)", "true");
	EXPECT_X("bits-fit('junk', '8')", "false");
	EXPECT_XERR("bits-fit('1')");

	EXPECT_X("popcount('0')", "0");
	EXPECT_X("popcount('0xff')", "8");
	EXPECT_X("popcount('0x5')", "2");
	EXPECT_X("popcount('0xffffffffffffffff')", "64");
	EXPECT_X("popcount('junk')", "NaN");
	EXPECT_XERR("popcount()");
}

static void test_fn_bdf(void)
{
	EXPECT_X("bdf('00:1f.2')", "00:1f.2");
	EXPECT_X("bdf('00:1F.2 SATA controller: Intel Corporation')", "00:1f.2");
	EXPECT_X("bdf('  0A:02.0\tVGA')", "0a:02.0");
	EXPECT_X("bdf('00:1f.2:SATA')", "");
	EXPECT_X("bdf('0:1f.2')", "");
	EXPECT_X("bdf('00:20.0')", ""); /* device above 0x1f */
	EXPECT_X("bdf('00:1f.8')", ""); /* function above 7 */
	EXPECT_X("bdf('SATA 00:1f.2')", "");
	EXPECT_X("bdf('')", "");
	EXPECT_XERR("bdf()");
	EXPECT_XERR("bdf('00:1f.2', 'x')");
}

static void test_fn_pci_class(void)
{
	EXPECT_X("pci-class('00:01.2')", "0x010601");
	EXPECT_X("pci-class('00:01.2 SATA controller')", "0x010601");
	EXPECT_X("pci-class('00:00.0')", "0x060000");
	EXPECT_X("pci-class('00:1f.0')", "0x060400"); /* PCI_DEVICE only: a PCI bridge */
	EXPECT_X("pci-class('00:1F.3')", "0x000000"); /* PCI_DEVICE only: not a bridge */
	EXPECT_X("pci-class('00:02.0')", "");
	EXPECT_X("pci-class('junk')", "");
	EXPECT_XERR("pci-class()");
	struct check_input no_board = {NULL, &fe.scenario_in.src, NULL, &fe.scenario, NULL, NULL};
	EXPECT_IN(&no_board, "pci-class('00:01.2')", "");
}

/* pci-device(bdf): the <device> of a PCI function, as the XPath over the devices tree finds it. */
static void test_fn_pci_device(void)
{
	EXPECT_X("count(pci-device('00:01.2'))", "1");
	EXPECT_X("string(pci-device('00:01.2 SATA controller')/@description)", "SATA controller");
	EXPECT_X("local-name(pci-device('00:01.2')/..)", "bus");
	EXPECT_X("count(pci-device('00:01.3'))", "0"); /* no such function */
	EXPECT_X("count(pci-device('01:01.2'))", "0"); /* no such bus */
	EXPECT_X("count(pci-device('junk'))", "0");
	/* the second call of one evaluation reads the index the first one made */
	EXPECT_X("concat(count(pci-device('00:01.3')), count(pci-device('00:01.2')))", "01");
	EXPECT_X("concat(count(pci-device('junk')), count(pci-device('00:01.2')))", "01");
	EXPECT_XERR("pci-device()");
	struct check_input no_board = {NULL, &fe.scenario_in.src, NULL, &fe.scenario, NULL, NULL};
	EXPECT_IN(&no_board, "count(pci-device('00:01.2'))", "0");
	/* a rule calling it is skipped where a name its XPath form reads is broken */
	struct broken_names broken = {0};
	struct check_input in = full_input();
	CU_ASSERT_TRUE(builtin_available("pci-device", 10, &in));
	broken_add(&broken, "address");
	in.board_broken = &broken;
	CU_ASSERT_FALSE(builtin_available("pci-device", 10, &in));
	in.board_broken = NULL;
	in.scenario_broken = &broken;
	CU_ASSERT_FALSE(builtin_available("pci-device", 10, &in));
	broken_free(&broken);
}

static void test_fn_ram(void)
{
	EXPECT_X("ram-total()", "0xff9f000");
	EXPECT_XERR("ram-total(1)");

	EXPECT_X("in-ram('0', '0x1000')", "true");
	EXPECT_X("in-ram('0x9e000', '0x1000')", "true");
	EXPECT_X("in-ram('0x9e000', '0x1001')", "false");
	EXPECT_X("in-ram('0x9f000', '0x1000')", "false");
	EXPECT_X("in-ram('0x100000', '0xff00000')", "true");
	EXPECT_X("in-ram('0x100000', '0xff00001')", "false");
	EXPECT_X("in-ram('0x0', '0x10000000')", "false"); /* spans the hole */
	EXPECT_X("in-ram('0x100000', '0')", "false");
	EXPECT_X("in-ram('0xffffffffffffffff', '2')", "false");
	EXPECT_X("in-ram('junk', '1')", "false");
	EXPECT_XERR("in-ram('0')");

	EXPECT_X("reserved-overlap('0', '1')", "Reserved");
	EXPECT_X("reserved-overlap('0xfff', '2')", "Reserved");
	EXPECT_X("reserved-overlap('0x1000', '0x1000')", "");		      /* System RAM */
	EXPECT_X("reserved-overlap('0x9f000', '0x1000')", "");		      /* in no range */
	EXPECT_X("reserved-overlap('0x9f000', '0x1001')", "PCI Bus 0000:00"); /* reaches it */
	EXPECT_X("reserved-overlap('0xa0000', '0x10')", "PCI Bus 0000:00");   /* not nested */
	EXPECT_X("reserved-overlap('0xfec00000', '0x1000')", "IOAPIC 0");
	EXPECT_X("reserved-overlap('0xfebff000', '0x1000')", ""); /* touching */
	EXPECT_X("reserved-overlap('0xfec00400', '0x1000')", "");
	EXPECT_X("reserved-overlap('0', '0')", "");
	EXPECT_X("reserved-overlap('junk', '1')", "");
	EXPECT_XERR("reserved-overlap('0', '1', '2')");

	struct check_input no_board = {NULL, &fe.scenario_in.src, NULL, &fe.scenario, NULL, NULL};
	EXPECT_IN(&no_board, "ram-total()", "0x0");
	EXPECT_IN(&no_board, "in-ram('0', '0x1000')", "false");
	EXPECT_IN(&no_board, "reserved-overlap('0', '1')", "");
}

static void test_fn_hv_overlap(void)
{
	/* default: [0x100000, 0x1100000), where the image is linked (resolve.h) */
	EXPECT_X("hv-overlap('0x100000', '1')", "true");
	EXPECT_X("hv-overlap('0x10ff000', '0x1000')", "true");
	EXPECT_X("hv-overlap('0x1100000', '0x1000')", "false");
	EXPECT_X("hv-overlap('0xff000', '0x1000')", "false");
	EXPECT_X("hv-overlap('0xff000', '0x1001')", "true");
	EXPECT_X("hv-overlap('0', '0x10000000')", "true");
	EXPECT_X("hv-overlap('0x100000', '0')", "false");
	EXPECT_X("hv-ram-start()", "0x100000");
	EXPECT_X("hv-ram-size()", "0x1000000");
	EXPECT_XERR("hv-ram-start('1')");
	EXPECT_X("hv-overlap('0xffffffffffffff00', '0x200')", "false");
	EXPECT_X("hv-overlap('junk', '1')", "false");
	EXPECT_XERR("hv-overlap('1')");

	struct check_input no_scenario_model = {
	    &fe.board_in.src, &fe.scenario_in.src, &fe.board, NULL, NULL, NULL};
	EXPECT_IN(&no_scenario_model, "hv-overlap('0x100000', '1')", "true");

	/* HV_RAM_START 0x40000000: [0x40000000, 0x41000000) */
	struct check_input hv = {
	    &fe.board_in.src, &fe_hv.scenario_in.src, &fe.board, &fe_hv.scenario, NULL, NULL};
	CU_ASSERT_TRUE(fe_hv.scenario.hv.hv_ram_start.set);
	EXPECT_IN(&hv, "hv-overlap('0x1000000', '0x1000000')", "false");
	EXPECT_IN(&hv, "hv-overlap('0x40000000', '1')", "true");
	EXPECT_IN(&hv, "hv-overlap('0x40ffffff', '1')", "true");
	EXPECT_IN(&hv, "hv-overlap('0x41000000', '0x1000')", "false");
	EXPECT_IN(&hv, "hv-overlap('0x3ffff000', '0x1000')", "false");
	EXPECT_IN(&hv, "hv-overlap('0x3ffff000', '0x1001')", "true");
	EXPECT_IN(&hv, "hv-ram-start()", "0x40000000");
	EXPECT_IN(&hv, "hv-ram-size()", "0x1000000");
}

static void test_fn_sum_join(void)
{
	EXPECT_X("sum-mb(/acrn-config/vm/memory/size)", "0x1c000000");
	EXPECT_X("sum-mb(/acrn-config/vm[1]/memory/size)", "0x4000000");
	EXPECT_X("sum-mb(/acrn-config/nothing)", "0x0");
	EXPECT_X("sum-mb(/acrn-config/vm/name)", "0x0"); /* not numbers: ignored */
	EXPECT_XERR("sum-mb()");
	EXPECT_XERR("sum-mb(/acrn-config/vm, 1)");
	EXPECT_XERR("sum-mb('64')"); /* not a node-set */

	EXPECT_X("join(/acrn-config/vm/name, ', ')", "VM0, VM1, VM2");
	EXPECT_X("join(/acrn-config/vm/@id, '')", "012");
	EXPECT_X("join(/acrn-config/vm[2]/name, '-')", "VM1");
	EXPECT_X("join(/acrn-config/nothing, ',')", "");
	EXPECT_XERR("join(/acrn-config/vm/name)");
	EXPECT_XERR("join('a', ',')");

	EXPECT_X("aligned('0x200000', '0x1000')", "true");
	EXPECT_X("aligned('0x200800', '0x1000')", "false");
	EXPECT_X("aligned('0xfffffffffffff000', 4096)", "true");
	EXPECT_X("aligned('0x1000', 0)", "false");
	EXPECT_XERR("aligned('0x1000')");

	EXPECT_X("choose(/acrn-config/vm, 'some', 'none')", "some");
	EXPECT_X("choose(/acrn-config/nothing, 'some', 'none')", "none");
	EXPECT_X("choose(1 = 1, 2, 3)", "2");
	EXPECT_XERR("choose(true(), 'a')");
}

static void test_fn_lists(void)
{
	EXPECT_X("ram-list()", "0x0-0x9efff, 0x100000-0xfffffff");
	EXPECT_X("pci-list()", "00:00.0, 00:01.2, 00:1f.0, 00:1f.3");
	EXPECT_XERR("ram-list(1)");
	EXPECT_XERR("pci-list('x')");
	struct check_input no_board = {NULL, &fe.scenario_in.src, NULL, &fe.scenario, NULL, NULL};
	EXPECT_IN(&no_board, "ram-list()", "none");
	EXPECT_IN(&no_board, "pci-list()", "none");
}

void register_rules_tests(void)
{
	static const struct test_case cases[] = {
	    {"load: every clause into the struct", test_load_valid},
	    {"load: comments and blanks only", test_load_empty},
	    {"load: template shapes", test_load_template_shapes},
	    {"rule_level_name", test_level_names},
	    {"load error: bad level", test_err_level},
	    {"load error: syntax error inside a rule", test_err_syntax_in_rule},
	    {"load error: rule cut off at the end of the file", test_err_syntax_missing_semicolon},
	    {"load error: unknown character", test_err_unknown_char},
	    {"load error: unknown character before the level", test_err_unknown_char_in_header},
	    {"load error: string not closed", test_err_string_not_closed},
	    {"load error: '{' open at the end, between rules", test_err_brace_at_eof_between_rules},
	    {"load error: '{' open at the end, in a rule", test_err_brace_at_eof_in_rule},
	    {"load error: quote not closed in XPath", test_err_quote_in_xpath},
	    {"load error: the docs example", test_err_doc_example},
	    {"load error: invalid XPath in every clause", test_err_xpath_every_clause},
	    {"load error: template part after escapes or a join", test_err_template_part_position},
	    {"load error: brace never closed in a note", test_err_note_brace},
	    {"load error: missing assert or message", test_err_incomplete},
	    {"load error: second assert, at, message", test_err_second_clause},
	    {"load error: duplicate rule id", test_err_duplicate},
	    {"load error: duplicate rule id across files", test_err_duplicate_across_files},
	    {"load error: several kinds in one file", test_err_several},
	    {"load error: syntax errors in two rules", test_err_several_syntax},
	    {"load: missing file", test_load_missing_file},
	    {"load: larger than 4 MiB", test_load_too_large},
	    {"load: missing directory", test_load_missing_dir},
	    {"load: directory in name order", test_load_dir},
	    {"engine: Cartesian product of bindings", test_cartesian},
	    {"engine: a rule reading broken input is skipped", test_broken_input_skips},
	    {"engine: later bindings see earlier ones", test_nested_binding},
	    {"engine: where", test_where},
	    {"engine: default positions", test_default_positions},
	    {"engine: at", test_at},
	    {"engine: notes", test_notes},
	    {"engine: at most 8 notes per clause", test_notes_capped},
	    {"engine: message parts", test_message_parts},
	    {"engine: requires", test_requires},
	    {"engine: requires a rule defined later", test_requires_defined_later},
	    {"engine: levels, overrides, -Werror", test_levels},
	    {"engine: build rules only for the image", test_build_level},
	    {"engine: check_effective_level", test_effective_level},
	    {"engine: $board and $scenario", test_document_variables},
	    {"engine: $board only in a note's text", test_board_in_note_text},
	    {"engine: evaluation errors", test_eval_errors},
	    {"engine: built-ins in rules", test_builtins_in_rules},
	    {"built-in: overlaps", test_fn_overlaps},
	    {"built-in: within", test_fn_within},
	    {"built-in: mb, hex, num", test_fn_mb_hex_num},
	    {"built-in: lt", test_fn_lt},
	    {"built-in: is-pow2, contiguous-mask, bits-fit, popcount", test_fn_bits},
	    {"built-in: bdf", test_fn_bdf},
	    {"built-in: pci-class", test_fn_pci_class},
	    {"built-in: pci-device", test_fn_pci_device},
	    {"built-in: ram-total, in-ram, reserved-overlap", test_fn_ram},
	    {"built-in: hv-overlap", test_fn_hv_overlap},
	    {"built-in: sum-mb, join", test_fn_sum_join},
	    {"built-in: ram-list, pci-list", test_fn_lists},
	};
	ADD_SUITE("rules", suite_init, suite_cleanup, cases);
}
