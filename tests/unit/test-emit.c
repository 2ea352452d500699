/*
 * Emission: the C tables of our Bochs pair appear as one directory or not at all. A new
 * directory is created whole; an earlier output is replaced only on success; a document an
 * emitter refuses, a failed write or a bad document leaves nothing behind and the old output as
 * it was; a directory that is not ours is never replaced. Each C emitter's refusals have the
 * messages their stylesheets had. Output bytes do not change between runs.
 * (tests/emit/run-emit compiles and reads back the tables of every corpus pair.)
 */
#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "emit.h"
#include "frontend.h"
#include "resolve.h"
#include "resolved_xml.h"
#include "tests.h"
#include "util.h"

#define BOCHS_BOARD    TOP_SRCDIR "/boards/bochs-pc.xml"
#define BOCHS_SCENARIO TOP_SRCDIR "/scenarios/bochs-pc/partitioned.xml"

static char *bochs_doc; /* the resolved document of our Bochs pair */
static size_t bochs_len;

static int suite_init(void)
{
	struct diag_list dl;
	diag_list_init(&dl);
	struct schema_set *schemas = schema_set_load(SOURCE_SCHEMA_DIR, &dl);
	struct frontend fe;
	frontend_init(&fe);
	if (schemas)
		frontend_run(&fe, schemas, BOCHS_BOARD, BOCHS_SCENARIO, &dl);
	struct resolution r;
	if (schemas && dl.errors == 0 &&
	    resolve_config(&r, &fe.board, &fe.scenario, &fe.arena, &dl) == 0)
		bochs_doc = resolved_render(&r, &fe.board, &fe.scenario, &bochs_len);
	if (dl.count)
		diag_list_print(&dl, DIAG_FORMAT_TEXT, stderr);
	frontend_free(&fe);
	schema_set_free(schemas);
	diag_list_free(&dl);
	return bochs_doc ? 0 : -1;
}

static int suite_cleanup(void)
{
	free(bochs_doc);
	bochs_doc = NULL;
	return 0;
}

/* ---- scratch directories ---- */

static char *scratch_dir(void)
{
	char tmpl[] = "/tmp/test-emit.XXXXXX";
	char *dir = mkdtemp(tmpl);
	CU_ASSERT_PTR_NOT_NULL_FATAL(dir);
	return xstrdup(dir);
}

/* rm -r for the few levels a test makes; a symbolic link is removed, never followed */
static void remove_tree(const char *path)
{
	struct stat st;
	DIR *d = lstat(path, &st) == 0 && S_ISDIR(st.st_mode) ? opendir(path) : NULL;
	struct dirent *e;
	while (d && (e = readdir(d))) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		char *p = xasprintf("%s/%s", path, e->d_name);
		remove_tree(p);
		free(p);
	}
	if (d) {
		closedir(d);
		rmdir(path);
	} else {
		unlink(path);
	}
}

/* The entries of dir, sorted, one per line ("" when empty). */
static char *listing(const char *dir)
{
	struct dirent **names;
	int n = scandir(dir, &names, NULL, alphasort);
	char *out = xstrdup("");
	for (int i = 0; i < n; i++) {
		if (strcmp(names[i]->d_name, ".") && strcmp(names[i]->d_name, "..")) {
			char *next = xasprintf("%s%s\n", out, names[i]->d_name);
			free(out);
			out = next;
		}
		free(names[i]);
	}
	free(names);
	return out;
}

/* Whether two files hold the same bytes (both readable). */
static bool same_bytes(const char *a, const char *b)
{
	FILE *fa = fopen(a, "rb"), *fb = fopen(b, "rb");
	bool same = fa && fb;
	for (int ca = 0, cb = 0; same && ca != EOF; same = ca == cb) {
		ca = fgetc(fa);
		cb = fgetc(fb);
	}
	if (fa)
		fclose(fa);
	if (fb)
		fclose(fb);
	return same;
}

static char *read_text(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	char *buf = xmalloc(1 << 20);
	size_t n = fread(buf, 1, (1 << 20) - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static void write_text(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	fputs(text, f);
	fclose(f);
}

static char *file_in(const char *dir, const char *name)
{
	char *path = xasprintf("%s/%s", dir, name);
	char *text = read_text(path);
	free(path);
	return text;
}

static void assert_listing(const char *dir, const char *expected)
{
	char *got = listing(dir);
	if (strcmp(got, expected) != 0)
		fprintf(stderr, "\n%s holds:\n%swanted:\n%s", dir, got, expected);
	CU_ASSERT_STRING_EQUAL(got, expected);
	free(got);
}

/* The emitters' files, config_acpi.c and a directory per pre-launched VM (C locale order). */
static const char all_outputs[] = "VM0_COUNTER\nVM1_COUNTER\nconfig_acpi.c\nconfig_board.c\n"
				  "config_gen.h\nconfig_hv.c\nconfig_vms.c\ndm_vms.c\ngrub.cfg\n";
static const char vm_tables[] =
    "apic.dat\ndsdt.aml\nfacp.dat\nfacs.dat\nmcfg.dat\nrsdp.dat\nxsdt.dat\n";

/* Emits doc into dir/out; returns emit_tables' result, diagnostics in *dl. */
static int emit_into(const char *doc, const char *dir, struct diag_list *dl)
{
	char *out = xasprintf("%s/out", dir);
	diag_list_init(dl);
	int rc = emit_tables(doc, strlen(doc), out, dl);
	free(out);
	return rc;
}

/* The Bochs document with one text replaced (malloc'd). */
static char *bochs_with(const char *from, const char *to)
{
	const char *at = strstr(bochs_doc, from);
	CU_ASSERT_PTR_NOT_NULL_FATAL(at);
	return xasprintf("%.*s%s%s", (int)(at - bochs_doc), bochs_doc, to, at + strlen(from));
}

/* ---- tests ---- */

static void test_new_directory(void)
{
	static const char banner[] = "Generated by acrn-cfgc " PACKAGE_VERSION
				     " from board 'bochs-pc' and scenario 'partitioned'.\n";
	char *dir = scratch_dir(), *out = xasprintf("%s/out", dir);
	struct diag_list dl;
	CU_ASSERT_EQUAL(emit_into(bochs_doc, dir, &dl), 0);
	CU_ASSERT_EQUAL(dl.count, 0);
	assert_listing(dir, "out\n"); /* no temporary directory left */
	assert_listing(out, all_outputs);
	for (size_t i = 0; i <= emit_output_count; i++) {
		/* C files open with a comment, grub.cfg with a "#" line */
		const char *name = i < emit_output_count ? emit_outputs[i] : "config_acpi.c";
		char *text = file_in(out, name);
		const char *lead = strstr(name, ".cfg") ? "# " : "/*\n * ";
		CU_ASSERT_TRUE(text && strncmp(text, lead, strlen(lead)) == 0 &&
			       strncmp(text + strlen(lead), banner, sizeof(banner) - 1) == 0);
		free(text);
	}
	char *vms = file_in(out, "config_vms.c");
	CU_ASSERT_PTR_NOT_NULL(vms && strstr(vms, ".name = \"VM1_COUNTER\""));
	CU_ASSERT_PTR_NOT_NULL(vms &&
			       strstr(vms, "{.gpa = 0x0U, .hpa = 0x5000000U, .size = 0x1000000U, "
					   ".attr = ACFG_MEM_RAM},"));
	free(vms);
	char *vm0 = xasprintf("%s/VM0_COUNTER", out), *rsdp = file_in(vm0, "rsdp.dat");
	assert_listing(vm0, vm_tables);
	CU_ASSERT_TRUE(rsdp && strncmp(rsdp, "RSD PTR ", 8) == 0);
	free(rsdp);
	free(vm0);
	char *grub = file_in(out, "grub.cfg");
	CU_ASSERT_PTR_NOT_NULL(grub && strstr(grub, "\t# VM1_COUNTER: kernel\n"
						    "\tmodule2 /boot/acrn/guest1 guest1\n"));
	free(grub);
	diag_list_free(&dl);
	remove_tree(dir);
	free(out);
	free(dir);
}

static void test_deterministic(void)
{
	char *dir[2] = {scratch_dir(), scratch_dir()};
	struct diag_list dl;
	for (int i = 0; i < 2; i++) {
		CU_ASSERT_EQUAL(emit_into(bochs_doc, dir[i], &dl), 0);
		diag_list_free(&dl);
	}
	static const char *const files[] = {
	    "config_board.c",
	    "config_gen.h",
	    "config_hv.c",
	    "config_vms.c",
	    "dm_vms.c",
	    "grub.cfg",
	    "config_acpi.c",
	    "VM0_COUNTER/rsdp.dat",
	    "VM0_COUNTER/dsdt.aml",
	    "VM1_COUNTER/apic.dat",
	    "VM1_COUNTER/facp.dat",
	};
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		char *a = xasprintf("%s/out/%s", dir[0], files[i]);
		char *b = xasprintf("%s/out/%s", dir[1], files[i]);
		CU_ASSERT_TRUE(same_bytes(a, b));
		free(a);
		free(b);
	}
	for (int i = 0; i < 2; i++) {
		remove_tree(dir[i]);
		free(dir[i]);
	}
}

/* A VM on a pCPU the board lacks: config_vms.c stops, with a located "emit" error. */
static void test_error_leaves_nothing(void)
{
	char *dir = scratch_dir();
	char *doc = bochs_with("<pcpu id=\"1\"/>", "<pcpu id=\"7\"/>");
	struct diag_list dl;
	CU_ASSERT_EQUAL(emit_into(doc, dir, &dl), -1);
	const struct diag *d = find_rule(&dl, "emit");
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	CU_ASSERT_TRUE(strcmp(d->pos.file, "resolved document") == 0 && d->pos.line == 115);
	CU_ASSERT_STRING_EQUAL(d->message, "VM VM1_COUNTER: pCPU 7 is not on the board");
	assert_listing(dir, "");
	diag_list_free(&dl);
	free(doc);
	remove_tree(dir);
	free(dir);
}

/* An earlier output survives a failed run byte for byte, and is replaced by a good one. */
static void test_replace_only_on_success(void)
{
	char *dir = scratch_dir(), *out = xasprintf("%s/out", dir);
	mkdir(out, 0777);
	char *old = xasprintf("%s/config_vms.c", out);
	write_text(old, "/* old */\n");
	char *doc = bochs_with("<pcpu id=\"1\"/>", "<pcpu id=\"7\"/>");
	struct diag_list dl;
	CU_ASSERT_EQUAL(emit_into(doc, dir, &dl), -1);
	diag_list_free(&dl);
	assert_listing(dir, "out\n");
	assert_listing(out, "config_vms.c\n");
	char *text = read_text(old);
	CU_ASSERT_TRUE(text && strcmp(text, "/* old */\n") == 0);
	free(text);
	CU_ASSERT_EQUAL(emit_into(bochs_doc, dir, &dl), 0);
	CU_ASSERT_EQUAL(dl.count, 0);
	diag_list_free(&dl);
	assert_listing(dir, "out\n"); /* the old output is gone, not parked beside */
	assert_listing(out, all_outputs);
	text = read_text(old);
	CU_ASSERT_TRUE(text && strstr(text, "const struct acfg_vms acfg_vms"));
	free(text);
	free(doc);
	free(old);
	remove_tree(dir);
	free(out);
	free(dir);
}

/*
 * renameat2 as outdir.c calls it: counts the exchanges asked for and, when told to, refuses them
 * as a file system without RENAME_EXCHANGE does (EINVAL), so both ways of replacing an output
 * are tested on any file system.
 */
static bool refuse_exchange;
static unsigned exchanges;

int renameat2(int olddirfd, const char *oldpath, int newdirfd, const char *newpath,
	      unsigned int flags)
{
	if (flags & RENAME_EXCHANGE) {
		exchanges++;
		if (refuse_exchange) {
			errno = EINVAL;
			return -1;
		}
	}
	return (int)syscall(SYS_renameat2, olddirfd, oldpath, newdirfd, newpath, flags);
}

/*
 * readdir and link as outdir.c calls them: told to, readdir says no entry's type (as some
 * network and FUSE file systems do) and link fails as on a file system without hard links.
 */
static bool hide_entry_types, refuse_links;

struct dirent *readdir(DIR *dir)
{
	static struct dirent *(*next)(DIR *);
	if (!next) {
		void *sym = dlsym(RTLD_NEXT, "readdir");
		memcpy(&next, &sym, sizeof(next));
	}
	struct dirent *e = next(dir);
	if (e && hide_entry_types)
		e->d_type = DT_UNKNOWN;
	return e;
}

int link(const char *from, const char *to)
{
	if (refuse_links) {
		errno = EPERM;
		return -1;
	}
	return (int)syscall(SYS_link, from, to);
}

static ino_t inode_of(const char *dir, const char *name)
{
	char *path = xasprintf("%s/%s", dir, name);
	struct stat st;
	ino_t ino = stat(path, &st) == 0 ? st.st_ino : 0;
	free(path);
	return ino;
}

/*
 * An output equal to the new one is left as it is (the directory and its files keep their
 * inodes, so nothing was renamed or rewritten); a file that differs, is missing, or a directory
 * the new output has not makes the whole output new again.
 */
static void unchanged_output_kept(bool links)
{
	char *dir = scratch_dir(), *out = xasprintf("%s/out", dir);
	struct diag_list dl;
	CU_ASSERT_EQUAL_FATAL(emit_into(bochs_doc, dir, &dl), 0);
	diag_list_free(&dl);
	char *rsdp = file_in(out, "VM0_COUNTER/rsdp.dat");
	ino_t top = inode_of(dir, "out"), vms = inode_of(out, "config_vms.c");
	CU_ASSERT_EQUAL(emit_into(bochs_doc, dir, &dl), 0);
	CU_ASSERT_EQUAL(dl.count, 0);
	diag_list_free(&dl);
	CU_ASSERT_TRUE(top != 0 && inode_of(dir, "out") == top);
	CU_ASSERT_TRUE(vms != 0 && inode_of(out, "config_vms.c") == vms);
	assert_listing(dir, "out\n");
	/* each kind of difference, then the output is whole and new */
	static const char *const edits[] = {"change", "remove", "extra directory", "extra file"};
	for (size_t i = 0; i < ARRAY_SIZE(edits); i++) {
		char *path = xasprintf("%s/VM0_COUNTER/rsdp.dat", out);
		char *extra = xasprintf("%s/OLD_VM", out);
		if (i == 0) {
			write_text(path, "RSD PTR changed\n");
		} else if (i == 1) {
			CU_ASSERT_EQUAL(unlink(path), 0);
		} else {
			CU_ASSERT_EQUAL(mkdir(extra, 0777), 0);
		}
		if (i == 3) {
			free(path);
			path = xasprintf("%s/dsdt.aml", extra); /* a name an output may hold */
			write_text(path, "old\n");
		}
		top = inode_of(dir, "out");
		vms = inode_of(out, "config_vms.c"); /* an inode number freed may come back later */
		CU_ASSERT_EQUAL(emit_into(bochs_doc, dir, &dl), 0);
		CU_ASSERT_EQUAL(dl.count, 0);
		diag_list_free(&dl);
		if (inode_of(dir, "out") == top)
			fprintf(stderr, "\nafter '%s', the output was kept\n", edits[i]);
		CU_ASSERT_TRUE(inode_of(dir, "out") != top);
		assert_listing(dir, "out\n");
		assert_listing(out, all_outputs);
		char *again = file_in(out, "VM0_COUNTER/rsdp.dat");
		CU_ASSERT_TRUE(rsdp && again && memcmp(again, rsdp, 8) == 0);
		/* what did not change is the same file, linked into the new output (or the same
		 * bytes, written, where the file system has no links) */
		CU_ASSERT_EQUAL(inode_of(out, "config_vms.c") == vms, links);
		free(again);
		free(extra);
		free(path);
	}
	free(rsdp);
	remove_tree(dir);
	free(out);
	free(dir);
}

/* ... whether the file system exchanges the two directories in one step or not. */
static void test_unchanged_output_kept(void)
{
	exchanges = 0;
	unchanged_output_kept(true);
	CU_ASSERT_EQUAL(exchanges, 4); /* each replacement, not the first output nor the kept one */
	refuse_exchange = true;
	unchanged_output_kept(true);
	refuse_exchange = false;
	CU_ASSERT_EQUAL(exchanges, 8);
}

/* A directory holding anything acrn-cfgc does not write is never replaced. */
static void test_foreign_directory_refused(void)
{
	char *dir = scratch_dir(), *out = xasprintf("%s/out", dir);
	mkdir(out, 0777);
	char *notes = xasprintf("%s/notes.txt", out);
	write_text(notes, "mine\n");
	struct diag_list dl;
	CU_ASSERT_EQUAL(emit_into(bochs_doc, dir, &dl), -1);
	const struct diag *d = find_rule(&dl, "io");
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	ASSERT_STR_EQ(d->pos.file, out);
	CU_ASSERT_PTR_NOT_NULL(strstr(d->message, "'notes.txt'"));
	assert_listing(dir, "out\n");
	assert_listing(out, "notes.txt\n");
	diag_list_free(&dl);
	/* nor is a plain file */
	remove_tree(out);
	write_text(out, "a file\n");
	CU_ASSERT_EQUAL(emit_into(bochs_doc, dir, &dl), -1);
	CU_ASSERT_PTR_NOT_NULL(find_rule(&dl, "io"));
	char *text = read_text(out);
	CU_ASSERT_TRUE(text && strcmp(text, "a file\n") == 0);
	free(text);
	assert_listing(dir, "out\n");
	diag_list_free(&dl);
	free(notes);
	remove_tree(dir);
	free(out);
	free(dir);
}

/* An output directory with dir/SUB/file in it (SUB created), then emitted into. */
static int emit_over(const char *dir, const char *sub, const char *file, struct diag_list *dl)
{
	char *path = xasprintf("%s/out/%s", dir, sub);
	mkdir(path, 0777);
	free(path);
	path = xasprintf("%s/out/%s/%s", dir, sub, file);
	write_text(path, "old\n");
	free(path);
	return emit_into(bochs_doc, dir, dl);
}

/* Emitting over an output with SUB/FILE added is refused, naming what: then SUB goes again. */
static void expect_foreign(const char *dir, const char *sub, const char *file, const char *what)
{
	struct diag_list dl;
	CU_ASSERT_EQUAL(emit_over(dir, sub, file, &dl), -1);
	const struct diag *d = find_rule(&dl, "io");
	CU_ASSERT_PTR_NOT_NULL(d && strstr(d->message, what));
	if (d && !strstr(d->message, what))
		fprintf(stderr, "\n%s\n", d->message);
	diag_list_free(&dl);
	char *path = xasprintf("%s/out/%s", dir, sub);
	remove_tree(path);
	free(path);
}

/* A directory per pre-launched VM: an old VM's goes with the old output; anything in one that
 * acrn-cfgc does not write (a file, a directory, a link) keeps the old output where it is. */
static void test_vm_directories(void)
{
	char *dir = scratch_dir(), *out = xasprintf("%s/out", dir);
	struct diag_list dl;
	CU_ASSERT_EQUAL_FATAL(emit_into(bochs_doc, dir, &dl), 0);
	diag_list_free(&dl);
	CU_ASSERT_EQUAL(emit_over(dir, "OLD_VM", "dsdt.aml", &dl), 0);
	CU_ASSERT_EQUAL(dl.count, 0);
	assert_listing(out, all_outputs);
	diag_list_free(&dl);
	expect_foreign(dir, ".hidden", "dsdt.aml", "'.hidden'");
	expect_foreign(dir, "VM0_COUNTER/sub", "dsdt.aml", "'VM0_COUNTER/sub'");
	char *notes = xasprintf("%s/VM0_COUNTER/notes.txt", out);
	CU_ASSERT_EQUAL(emit_over(dir, "VM0_COUNTER", "notes.txt", &dl), -1);
	const struct diag *d = find_rule(&dl, "io");
	CU_ASSERT_PTR_NOT_NULL(d && strstr(d->message, "'VM0_COUNTER/notes.txt'"));
	diag_list_free(&dl);
	CU_ASSERT_EQUAL(unlink(notes), 0); /* the old output stayed as it was */
	free(notes);
	char *link = xasprintf("%s/LINKED", out), *target = scratch_dir();
	CU_ASSERT_EQUAL(symlink(target, link), 0); /* to a directory of this test's own */
	CU_ASSERT_EQUAL(emit_into(bochs_doc, dir, &dl), -1);
	d = find_rule(&dl, "io");
	CU_ASSERT_PTR_NOT_NULL(d && strstr(d->message, "'LINKED'"));
	diag_list_free(&dl);
	assert_listing(dir, "out\n");
	assert_listing(target, "");
	free(link);
	remove_tree(dir);
	remove_tree(target);
	free(target);
	free(out);
	free(dir);
}

/* File systems whose readdir says no entry types, or that have no hard links: the same outputs
 * and the same refusals (the entry types come from lstat, the unchanged files are written). */
static void test_plain_file_systems(void)
{
	hide_entry_types = true;
	test_foreign_directory_refused();
	test_vm_directories();
	unchanged_output_kept(true);
	hide_entry_types = false;
	refuse_links = true;
	unchanged_output_kept(false);
	refuse_links = false;
}

/* What the ACPI back end cannot read is an "emit" error at the resolved document's line, and
 * nothing is written. */
static void test_acpi_error(void)
{
	char *dir = scratch_dir();
	char *half = bochs_with("<pcpu id=\"1\" apic_id=\"0x1\"/>", "<pcpu id=\"1\"/>");
	const char *flags = "lapic_passthrough=\"n\"";
	const char *at = strstr(strstr(half, "name=\"VM1_COUNTER\""), flags);
	CU_ASSERT_PTR_NOT_NULL_FATAL(at);
	char *doc =
	    xasprintf("%.*slapic_passthrough=\"y\"%s", (int)(at - half), half, at + strlen(flags));
	struct diag_list dl;
	CU_ASSERT_EQUAL(emit_into(doc, dir, &dl), -1);
	bool found = false;
	for (size_t i = 0; i < dl.count; i++)
		found |= strcmp(dl.items[i].pos.file, "resolved document") == 0 &&
			 dl.items[i].pos.line == 6 &&
			 strcmp(dl.items[i].message, "<pcpu> has no apic_id attribute") == 0;
	CU_ASSERT_TRUE(found);
	if (!found)
		diag_list_print(&dl, DIAG_FORMAT_TEXT, stderr);
	assert_listing(dir, "");
	diag_list_free(&dl);
	free(doc);
	free(half);
	remove_tree(dir);
	free(dir);
}

/* The Bochs document's board renamed to name (XML-escaped); emits it into a new directory. */
static int emit_board_named(const char *name, const char *dir, struct diag_list *dl)
{
	char *attr = xasprintf("board=\"%s\"", name);
	char *doc = bochs_with("board=\"bochs-pc\"", attr);
	int rc = emit_into(doc, dir, dl);
	free(doc);
	free(attr);
	return rc;
}

/* An emit that fails with exactly this error at the document's root, leaving nothing. */
static void assert_board_refused(const char *name, const char *message)
{
	char *dir = scratch_dir();
	struct diag_list dl;
	CU_ASSERT_EQUAL(emit_board_named(name, dir, &dl), -1);
	CU_ASSERT_EQUAL(dl.count, 1);
	const struct diag *d = find_rule(&dl, "emit");
	bool found = d && strcmp(d->pos.file, "resolved document") == 0 && d->pos.line == 2 &&
		     strcmp(d->message, message) == 0;
	CU_ASSERT_TRUE(found);
	if (!found)
		diag_list_print(&dl, DIAG_FORMAT_TEXT, stderr);
	assert_listing(dir, "");
	diag_list_free(&dl);
	remove_tree(dir);
	free(dir);
}

/*
 * config_board.c (emit_board.c, C where it was a stylesheet): the board's name as a C string
 * with \\, \" and \? escaped, in the banner as comment text ("*" "/" kept apart, blanks
 * collapsed); a name the 64-byte field cannot hold, or not printable ASCII, refused.
 */
static void test_board_name(void)
{
	char *dir = scratch_dir(), *out = xasprintf("%s/out", dir);
	struct diag_list dl;
	CU_ASSERT_EQUAL(emit_board_named("  a&quot;b?c\\*/d  e ", dir, &dl), 0);
	CU_ASSERT_EQUAL(dl.count, 0);
	char *text = file_in(out, "config_board.c");
	CU_ASSERT_PTR_NOT_NULL(text && strstr(text, " from board 'a\"b?c\\* /d e' and scenario"));
	CU_ASSERT_PTR_NOT_NULL(text && strstr(text, "\t.name = \"  a\\\"b\\?c\\\\*/d  e \",\n"));
	free(text);
	diag_list_free(&dl);
	remove_tree(dir);
	free(out);
	free(dir);
	/* 63 characters fit with the NUL, 64 do not */
	static const char name64[] =
	    "b123456789b123456789b123456789b123456789b123456789b123456789bcde";
	dir = scratch_dir();
	CU_ASSERT_EQUAL(emit_board_named(name64 + 1, dir, &dl), 0);
	diag_list_free(&dl);
	remove_tree(dir);
	free(dir);
	assert_board_refused(name64,
			     "the board name '" /* 64 */
			     "b123456789b123456789b123456789b123456789b123456789b123456789bcde"
			     "' is longer than the 63 characters the tables hold");
	assert_board_refused("caf&#233;", "the board name must be printable ASCII text: the "
					  "tables hold nothing else");
}

/*
 * config_vms.c (emit_vms.c, C where it was a stylesheet): each document the tables cannot
 * express stops the emit with the stylesheet's message, at the line it concerns.
 */
static void test_vms_refusals(void)
{
	static const struct {
		const char *from, *to, *message;
		unsigned line;
	} cases[] = {
	    {"<pcpu id=\"1\"/>", "<pcpu id=\"7\"/>", "VM VM1_COUNTER: pCPU 7 is not on the board",
	     115},
	    {"peer_id=\"1\"", "peer_id=\"5\"", "VM VM0_COUNTER: the vUART peer VM 5 does not exist",
	     97},
	    {"<pci_devs/>", "<pci_devs><pci_dev pbdf=\"09:00.0\"/></pci_devs>",
	     "VM VM0_COUNTER: passthrough device 09:00.0 is not on the board", 102},
	    {"<ivshmem_devs/>", "<ivshmem_devs><ivshmem name=\"shm9\"/></ivshmem_devs>",
	     "VM VM0_COUNTER: ivshmem region shm9 does not exist", 103},
	    {"name=\"VM1_COUNTER\"", "name=\"VM1_COUNTER_LONGER\"",
	     "the VM name 'VM1_COUNTER_LONGER' is longer than the 15 characters the tables hold",
	     113},
	    {"<bootargs></bootargs>", "<bootargs>caf&#233;</bootargs>",
	     "the boot arguments of VM VM0_COUNTER must be printable ASCII text: the tables hold "
	     "nothing else",
	     85},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *dir = scratch_dir(), *doc = bochs_with(cases[i].from, cases[i].to);
		struct diag_list dl;
		CU_ASSERT_EQUAL(emit_into(doc, dir, &dl), -1);
		bool found = false;
		for (size_t k = 0; k < dl.count; k++)
			found |= strcmp(dl.items[k].pos.file, "resolved document") == 0 &&
				 dl.items[k].pos.line == cases[i].line &&
				 strcmp(dl.items[k].message, cases[i].message) == 0;
		CU_ASSERT_TRUE(found);
		if (!found)
			diag_list_print(&dl, DIAG_FORMAT_TEXT, stderr);
		assert_listing(dir, "");
		diag_list_free(&dl);
		free(doc);
		remove_tree(dir);
		free(dir);
	}
}

/* The Bochs document with VM1 post-launched and, in VM1, from replaced by to (malloc'd). */
static char *bochs_post_with(const char *from, const char *to)
{
	char *post = bochs_with("name=\"VM1_COUNTER\" load_order=\"PRE_LAUNCHED_VM\"",
				"name=\"VM1_COUNTER\" load_order=\"POST_LAUNCHED_VM\"");
	const char *vm1 = strstr(post, "name=\"VM1_COUNTER\"");
	const char *at = vm1 ? strstr(vm1, from) : NULL;
	CU_ASSERT_PTR_NOT_NULL_FATAL(at);
	char *doc = xasprintf("%.*s%s%s", (int)(at - post), post, to, at + strlen(from));
	free(post);
	return doc;
}

/*
 * dm_vms.c (emit_dm.c, C where it was a stylesheet): a post-launched VM's virtio device of a
 * kind acrn-dm does not know, a value or an ivshmem name the tables cannot hold, each stops
 * the emit with the stylesheet's message at the element's line.
 */
static void test_dm_refusals(void)
{
	static const struct {
		const char *from, *to, *message;
		unsigned line;
	} cases[] = {
	    {"<virtio_devs/>", "<virtio_devs><virtio kind=\"foo\" value=\"x\"/></virtio_devs>",
	     "VM VM1_COUNTER: unknown virtio device kind foo", 132},
	    {"<virtio_devs/>",
	     "<virtio_devs><virtio kind=\"console\" value=\"caf&#233;\"/></virtio_devs>",
	     "the console device of VM VM1_COUNTER must be printable ASCII text: the tables hold "
	     "nothing else",
	     132},
	    {"<ivshmem_devs/>",
	     "<ivshmem_devs><ivshmem name=\"r123456789r123456789r123456789xy\" "
	     "size=\"0x100000\"/></ivshmem_devs>",
	     "the ivshmem region name 'r123456789r123456789r123456789xy' is longer than the 31 "
	     "characters the tables hold",
	     131},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *dir = scratch_dir(), *doc = bochs_post_with(cases[i].from, cases[i].to);
		struct diag_list dl;
		CU_ASSERT_EQUAL(emit_into(doc, dir, &dl), -1);
		bool found = false;
		for (size_t k = 0; k < dl.count; k++)
			found |= strcmp(dl.items[k].pos.file, "resolved document") == 0 &&
				 dl.items[k].pos.line == cases[i].line &&
				 strcmp(dl.items[k].message, cases[i].message) == 0;
		CU_ASSERT_TRUE(found);
		if (!found)
			diag_list_print(&dl, DIAG_FORMAT_TEXT, stderr);
		assert_listing(dir, "");
		diag_list_free(&dl);
		free(doc);
		remove_tree(dir);
		free(dir);
	}
}

/* Writing stops half way (the file size limit): nothing new, the old output kept. */
static void test_write_failure(void)
{
	char *dir = scratch_dir(), *out = xasprintf("%s/out", dir);
	struct diag_list dl;
	CU_ASSERT_EQUAL_FATAL(emit_into(bochs_doc, dir, &dl), 0);
	diag_list_free(&dl);
	char *before = file_in(out, "config_board.c");
	struct rlimit old, small;
	getrlimit(RLIMIT_FSIZE, &old);
	small = old;
	small.rlim_cur = 1000;
	void (*handler)(int) = signal(SIGXFSZ, SIG_IGN);
	setrlimit(RLIMIT_FSIZE, &small);
	char *doc = bochs_with("bochs-pc", "bochs-pc2");
	int rc = emit_into(doc, dir, &dl);
	setrlimit(RLIMIT_FSIZE, &old);
	signal(SIGXFSZ, handler);
	CU_ASSERT_EQUAL(rc, -1);
	const struct diag *d = find_rule(&dl, "io");
	CU_ASSERT_PTR_NOT_NULL(d);
	CU_ASSERT_PTR_NOT_NULL(d && strstr(d->message, "nothing was changed"));
	assert_listing(dir, "out\n");
	char *after = file_in(out, "config_board.c");
	CU_ASSERT_TRUE(before && after && strcmp(before, after) == 0);
	free(before);
	free(after);
	free(doc);
	diag_list_free(&dl);
	remove_tree(dir);
	free(out);
	free(dir);
}

static void test_bad_document(void)
{
	char *dir = scratch_dir();
	struct diag_list dl;
	CU_ASSERT_EQUAL(emit_into("<acrn-resolved>", dir, &dl), -1);
	CU_ASSERT_PTR_NOT_NULL(find_rule(&dl, "xml-syntax"));
	assert_listing(dir, "");
	diag_list_free(&dl);
	char *out = xasprintf("%s/no-such-dir/out", dir);
	diag_list_init(&dl);
	CU_ASSERT_EQUAL(emit_tables(bochs_doc, bochs_len, out, &dl), -1);
	CU_ASSERT_PTR_NOT_NULL(find_rule(&dl, "io"));
	free(out);
	assert_listing(dir, "");
	diag_list_free(&dl);
	remove_tree(dir);
	free(dir);
}

void register_emit_tests(void)
{
	static const struct test_case cases[] = {
	    {"emit: a new directory, whole", test_new_directory},
	    {"emit: deterministic bytes", test_deterministic},
	    {"emit: an error in one file leaves nothing", test_error_leaves_nothing},
	    {"emit: an old output is replaced only on success", test_replace_only_on_success},
	    {"emit: an output equal to the new one is kept as it is", test_unchanged_output_kept},
	    {"emit: file systems without entry types or hard links", test_plain_file_systems},
	    {"emit: a directory that is not ours is refused", test_foreign_directory_refused},
	    {"emit: a directory per pre-launched VM, and only those", test_vm_directories},
	    {"emit: an ACPI back end error leaves nothing", test_acpi_error},
	    {"emit: a failed write keeps the old output", test_write_failure},
	    {"emit: config_board.c: the board's name escaped, or refused", test_board_name},
	    {"emit: config_vms.c: what the tables cannot express is refused", test_vms_refusals},
	    {"emit: dm_vms.c: what the tables cannot express is refused", test_dm_refusals},
	    {"emit: a bad document, an output that cannot be made", test_bad_document},
	};
	ADD_SUITE("emit", suite_init, suite_cleanup, cases);
}
