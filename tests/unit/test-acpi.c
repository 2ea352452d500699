/*
 * The virtual ACPI tables: the AML encoder against byte strings from the ACPI specification
 * (and a PkgLength decoder written here from its chapter 20 text), the tables acpi_build makes
 * (layout, checksums, MADT entries, the limits), and the hypervisor's check of those tables
 * (hypervisor/core/vacpi.c, compiled here for the host): it accepts what acrn-cfgc builds and
 * refuses each way a table can be out of place or inconsistent. tests/acpi/run-acpi judges
 * the emitted files with ACPICA's iasl.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acpi.h"
#include "aml.h"
#include "config_abi.h"
#include "tests.h"
#include "util.h"
#include "vacpi.h"

/* ---- helpers ---- */

static bool bytes_are(const struct aml *a, const uint8_t *want, size_t n)
{
	bool same = a->len == n && memcmp(a->data, want, n) == 0;
	if (!same) {
		fprintf(stderr, "\ngot %zu bytes:", a->len);
		for (size_t i = 0; i < a->len; i++)
			fprintf(stderr, " %02x", a->data[i]);
		fputc('\n', stderr);
	}
	return same;
}

#define ASSERT_BYTES(a, ...)                                                                       \
	do {                                                                                       \
		static const uint8_t want_[] = {__VA_ARGS__};                                      \
		CU_ASSERT_TRUE(bytes_are((a), want_, sizeof(want_)));                              \
	} while (0)

static uint32_t le32_at(const uint8_t *p, size_t at)
{
	return (uint32_t)p[at] | (uint32_t)p[at + 1] << 8 | (uint32_t)p[at + 2] << 16 |
	       (uint32_t)p[at + 3] << 24;
}

static unsigned byte_sum(const uint8_t *p, size_t n)
{
	unsigned sum = 0;
	for (size_t i = 0; i < n; i++)
		sum += p[i];
	return sum & 0xff;
}

/* ---- the AML encoder ---- */

/* ACPI 6.3, 20.2.4: bits 7-6 of the lead byte count the bytes that follow; with none, bits 5-0
 * are the length, else bits 3-0 are its low nibble and each following byte 8 more bits. */
static size_t pkg_decode(const uint8_t *p, size_t *used)
{
	size_t follow = p[0] >> 6;
	if (follow == 0) {
		*used = 1;
		return p[0] & 0x3f;
	}
	size_t len = p[0] & 0x0f;
	for (size_t i = 0; i < follow; i++)
		len |= (size_t)p[1 + i] << (4 + 8 * i);
	*used = 1 + follow;
	return len;
}

/* The encoded length counts itself, and the encoding is the shortest that holds it. */
static void test_pkg_length(void)
{
	static const size_t bodies[] = {0,     1,      0x3e,	0x3f,	 0x40,	   0xffd,
					0xffe, 0x1000, 0xffffc, 0xffffd, 0x100000, AML_PKG_MAX};
	for (size_t i = 0; i < sizeof(bodies) / sizeof(bodies[0]); i++) {
		struct aml a = {0};
		CU_ASSERT_EQUAL_FATAL(aml_pkg_length(&a, bodies[i]), 0);
		size_t used, len = pkg_decode(a.data, &used);
		CU_ASSERT_EQUAL(used, a.len);
		CU_ASSERT_EQUAL(len, bodies[i] + a.len);
		size_t shortest = len <= 0x3f ? 1 : len <= 0xfff ? 2 : len <= 0xfffff ? 3 : 4;
		CU_ASSERT_EQUAL(a.len, shortest);
		aml_free(&a);
	}
	struct aml a = {0};
	aml_pkg_length(&a, 0x3e);
	ASSERT_BYTES(&a, 0x3f);
	aml_free(&a);
	aml_pkg_length(&a, 0x3f); /* 0x41 in two bytes: low nibble 1, then 0x04 */
	ASSERT_BYTES(&a, 0x41, 0x04);
	aml_free(&a);
	CU_ASSERT_EQUAL(aml_pkg_length(&a, AML_PKG_MAX + 1), -1);
	CU_ASSERT_EQUAL(a.len, 0);
}

static void test_name_strings(void)
{
	struct aml a = {0};
	CU_ASSERT_EQUAL(aml_name_string(&a, "\\_SB_"), 0);
	ASSERT_BYTES(&a, '\\', '_', 'S', 'B', '_');
	aml_free(&a);
	CU_ASSERT_EQUAL(aml_name_string(&a, "S5"), 0); /* padded with '_' */
	ASSERT_BYTES(&a, 'S', '5', '_', '_');
	aml_free(&a);
	CU_ASSERT_EQUAL(aml_name_string(&a, "_SB.PCI0"), 0); /* DualNamePrefix */
	ASSERT_BYTES(&a, 0x2e, '_', 'S', 'B', '_', 'P', 'C', 'I', '0');
	aml_free(&a);
	CU_ASSERT_EQUAL(aml_name_string(&a, "\\_SB.PCI0.ECAM"), 0); /* MultiNamePrefix, count */
	ASSERT_BYTES(&a, '\\', 0x2f, 3, '_', 'S', 'B', '_', 'P', 'C', 'I', '0', 'E', 'C', 'A', 'M');
	aml_free(&a);
	static const char *const bad[] = {"",	    "\\",   "pci0", "1ABC", "ABCDE",
					  "_SB..X", "_SB.", ".A",   "A-B"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		CU_ASSERT_EQUAL(aml_name_string(&a, bad[i]), -1);
		CU_ASSERT_EQUAL(a.len, 0);
	}
}

static void test_integers_strings_ids(void)
{
	struct aml a = {0};
	aml_integer(&a, 0);
	aml_integer(&a, 1);
	aml_integer(&a, UINT64_MAX);
	aml_integer(&a, 0xff);
	aml_integer(&a, 0x100);
	aml_integer(&a, 0x10000);
	aml_integer(&a, 0x100000000);
	ASSERT_BYTES(&a, 0x00, 0x01, 0xff, 0x0a, 0xff, 0x0b, 0x00, 0x01, 0x0c, 0x00, 0x00, 0x01,
		     0x00, 0x0e, 0, 0, 0, 0, 1, 0, 0, 0);
	aml_free(&a);
	CU_ASSERT_EQUAL(aml_string(&a, "PCI"), 0);
	ASSERT_BYTES(&a, 0x0d, 'P', 'C', 'I', 0);
	aml_free(&a);
	CU_ASSERT_EQUAL(aml_string(&a, "tab\there"), -1);
	CU_ASSERT_EQUAL(a.len, 0);
	/* the values ASL's EisaId() gives, as every PC's DSDT holds them */
	uint32_t id = 0;
	CU_ASSERT_TRUE(aml_eisa_id("PNP0A03", &id) == 0 && id == 0x030ad041);
	CU_ASSERT_TRUE(aml_eisa_id("PNP0A08", &id) == 0 && id == 0x080ad041);
	CU_ASSERT_TRUE(aml_eisa_id("PNP0C02", &id) == 0 && id == 0x020cd041);
	CU_ASSERT_EQUAL(aml_eisa_id("pnp0a03", &id), -1);
	CU_ASSERT_EQUAL(aml_eisa_id("PNP0A0", &id), -1);
	CU_ASSERT_EQUAL(aml_eisa_id("PNP0A0G", &id), -1);
}

/* Name (_S5, Package () {5, 5, 0, 0}) and a Device in a Scope, as iasl compiles them. */
static void test_structured_objects(void)
{
	struct aml el = {0}, pkg = {0}, out = {0};
	aml_integer(&el, 5);
	aml_integer(&el, 5);
	aml_integer(&el, 0);
	aml_integer(&el, 0);
	CU_ASSERT_EQUAL(aml_package(&pkg, 4, &el), 0);
	CU_ASSERT_EQUAL(aml_name(&out, "_S5", &pkg), 0);
	ASSERT_BYTES(&out, 0x08, '_', 'S', '5', '_', 0x12, 0x08, 0x04, 0x0a, 0x05, 0x0a, 0x05, 0x00,
		     0x00);
	aml_free(&out);
	struct aml uid = {0}, dev = {0};
	aml_integer(&uid, 0);
	CU_ASSERT_EQUAL(aml_name(&dev, "_UID", &uid), 0);
	CU_ASSERT_EQUAL(aml_device(&out, "PCI0", &dev), 0);
	ASSERT_BYTES(&out, 0x5b, 0x82, 0x0b, 'P', 'C', 'I', '0', 0x08, '_', 'U', 'I', 'D', 0x00);
	struct aml scope = {0};
	CU_ASSERT_EQUAL(aml_scope(&scope, "\\_SB", &out), 0);
	CU_ASSERT_EQUAL(scope.len, 2 + 5 + out.len);
	CU_ASSERT_EQUAL(scope.data[0], 0x10);
	CU_ASSERT_EQUAL(aml_device(&scope, "pci0", &dev), -1); /* nothing written */
	CU_ASSERT_EQUAL(scope.len, 2 + 5 + out.len);
	struct aml res = {0}, buf = {0};
	aml_res_end(&res);
	CU_ASSERT_EQUAL(aml_buffer(&buf, &res), 0);
	ASSERT_BYTES(&buf, 0x11, 0x05, 0x0a, 0x02, 0x79, 0x00);
	aml_free(&el);
	aml_free(&pkg);
	aml_free(&out);
	aml_free(&uid);
	aml_free(&dev);
	aml_free(&scope);
	aml_free(&res);
	aml_free(&buf);
}

/* ---- the tables ---- */

static void check_layout(const struct acpi_table t[ACPI_TABLE_COUNT])
{
	CU_ASSERT_EQUAL(t[ACPI_RSDP].gpa, ACFG_VACPI_RSDP);
	CU_ASSERT_EQUAL(byte_sum(t[ACPI_RSDP].bytes.data, 20), 0);
	CU_ASSERT_EQUAL(byte_sum(t[ACPI_RSDP].bytes.data, 36), 0);
	CU_ASSERT_EQUAL(t[ACPI_FACS].gpa % 64, 0);
	uint64_t end = ACFG_VACPI_RSDP;
	for (size_t i = 0; i < ACPI_TABLE_COUNT; i++) {
		const struct aml *b = &t[i].bytes;
		CU_ASSERT_TRUE(t[i].gpa >= end);
		end = t[i].gpa + b->len;
		CU_ASSERT_TRUE(memcmp(b->data, t[i].signature, strlen(t[i].signature)) == 0);
		if (i == ACPI_RSDP)
			continue;
		CU_ASSERT_EQUAL(le32_at(b->data, 4), b->len);
		if (i != ACPI_FACS)
			CU_ASSERT_EQUAL(byte_sum(b->data, b->len), 0);
	}
	CU_ASSERT_TRUE(end <= ACFG_VACPI_END);
}

/* The MADT's processor entries in order: "L uid id" (Local APIC) or "X uid id" (x2APIC). */
static char *madt_cpus(const struct aml *madt)
{
	char *out = calloc(1, madt->len * 8);
	size_t n = 0;
	for (size_t at = 44; at + 2 <= madt->len && madt->data[at + 1] >= 2;
	     at += madt->data[at + 1]) {
		const uint8_t *e = madt->data + at;
		if (e[0] == 0)
			n += (size_t)sprintf(out + n, "L%u=%u ", e[2], e[3]);
		else if (e[0] == 9)
			n += (size_t)sprintf(out + n, "X%u=%u ", le32_at(e, 12), le32_at(e, 4));
	}
	return out;
}

static void test_build(void)
{
	static const uint32_t ids[] = {0, 1, 2, 0xfe, 0xff, 0x100};
	struct acpi_vm vm = {ids, 4};
	struct acpi_table t[ACPI_TABLE_COUNT];
	const char *why = "not set";
	CU_ASSERT_EQUAL_FATAL(acpi_build(&vm, t, &why), 0);
	CU_ASSERT_PTR_NULL(why);
	check_layout(t);
	char *cpus = madt_cpus(&t[ACPI_APIC].bytes);
	ASSERT_STR_EQ(cpus, "L0=0 L1=1 L2=2 L3=254 ");
	free(cpus);
	acpi_free(t);
	/* ids from 255 on need x2APIC entries */
	vm.vcpu_count = 6;
	CU_ASSERT_EQUAL_FATAL(acpi_build(&vm, t, &why), 0);
	check_layout(t);
	cpus = madt_cpus(&t[ACPI_APIC].bytes);
	ASSERT_STR_EQ(cpus, "L0=0 L1=1 L2=2 L3=254 X4=255 X5=256 ");
	free(cpus);
	acpi_free(t);
}

static void test_build_limits(void)
{
	struct acpi_vm vm = {NULL, 0};
	struct acpi_table t[ACPI_TABLE_COUNT];
	const char *why = NULL;
	CU_ASSERT_EQUAL(acpi_build(&vm, t, &why), -1);
	ASSERT_STR_EQ(why, "the VM has no vCPUs");
	/* 16 bytes per x2APIC entry: 4000 of them are more than [RSDP, END) holds */
	uint32_t *ids = calloc(4000, sizeof(*ids));
	for (uint32_t i = 0; i < 4000; i++)
		ids[i] = 0x100 + i;
	vm = (struct acpi_vm){ids, 4000};
	CU_ASSERT_EQUAL(acpi_build(&vm, t, &why), -1);
	CU_ASSERT_PTR_NOT_NULL(why && strstr(why, "do not fit"));
	vm.vcpu_count = 3000; /* 48 KB: fits */
	CU_ASSERT_EQUAL_FATAL(acpi_build(&vm, t, &why), 0);
	check_layout(t);
	acpi_free(t);
	free(ids);
}

/* ---- the hypervisor's check (core/vacpi.c) ---- */

/* A VM's tables as config_acpi.c links them: copies the check may be handed broken. */
struct linked {
	struct acpi_table built[ACPI_TABLE_COUNT];
	struct acfg_acpi_table tables[ACPI_TABLE_COUNT];
	uint8_t *bytes[ACPI_TABLE_COUNT];
	struct acfg_acpi_vm vm;
};

static void link_tables(struct linked *l)
{
	static const uint32_t ids[] = {0, 1};
	struct acpi_vm vm = {ids, 2};
	const char *why;
	CU_ASSERT_EQUAL_FATAL(acpi_build(&vm, l->built, &why), 0);
	for (size_t i = 0; i < ACPI_TABLE_COUNT; i++) {
		l->bytes[i] = malloc(l->built[i].bytes.len);
		memcpy(l->bytes[i], l->built[i].bytes.data, l->built[i].bytes.len);
		l->tables[i] = (struct acfg_acpi_table){
		    l->built[i].gpa, (uint32_t)l->built[i].bytes.len, l->bytes[i]};
	}
	l->vm = (struct acfg_acpi_vm){ACPI_TABLE_COUNT, l->tables};
}

static void unlink_tables(struct linked *l)
{
	for (size_t i = 0; i < ACPI_TABLE_COUNT; i++)
		free(l->bytes[i]);
	acpi_free(l->built);
}

/* The check of l's VM refuses it, saying want. */
static void expect_refused(const struct linked *l, bool pre_launched, const char *want)
{
	char why[120] = "";
	CU_ASSERT_EQUAL(vacpi_check_vm(&l->vm, pre_launched, why, sizeof(why)), -1);
	if (!strstr(why, want))
		fprintf(stderr, "\nwhy: '%s', expected '%s'\n", why, want);
	CU_ASSERT_PTR_NOT_NULL(strstr(why, want));
}

static void test_hv_accepts_built(void)
{
	struct linked l;
	link_tables(&l);
	char why[120] = "";
	CU_ASSERT_EQUAL(vacpi_check_vm(&l.vm, true, why, sizeof(why)), 0);
	ASSERT_STR_EQ(why, "");
	struct acfg_acpi_vm none = {0, NULL};
	CU_ASSERT_EQUAL(vacpi_check_vm(&none, false, why, sizeof(why)), 0);
	expect_refused(&l, false, "7 tables for a VM that is not pre-launched");
	unlink_tables(&l);
}

/* Places: a table outside [RSDP, END), over the one before, or with no bytes. */
static void test_hv_refuses_places(void)
{
	struct linked l;
	link_tables(&l);
	struct acfg_acpi_table *t = l.tables;
	t[ACPI_APIC].gpa = ACFG_VACPI_END - 8;
	char *want = xasprintf("table 5 (0xffff8, %u bytes) lies outside [0xf2400, 0x100000)",
			       t[ACPI_APIC].length);
	expect_refused(&l, true, want);
	free(want);
	t[ACPI_APIC].gpa = UINT64_MAX - 4; /* gpa + length wraps */
	expect_refused(&l, true, "table 5");
	t[ACPI_APIC].gpa = t[ACPI_DSDT].gpa; /* over the DSDT */
	expect_refused(&l, true, "table 5");
	t[ACPI_APIC].gpa = l.built[ACPI_APIC].gpa;
	t[ACPI_MCFG].bytes = NULL;
	expect_refused(&l, true, "table 6");
	t[ACPI_MCFG].bytes = l.bytes[ACPI_MCFG];
	t[ACPI_RSDP].gpa = ACFG_VACPI_RSDP + 16; /* still below the XSDT */
	expect_refused(&l, true, "table 0 (0xf2410, 36 bytes): the first table is not at");
	t[ACPI_RSDP].gpa = ACFG_VACPI_RSDP - 16;
	expect_refused(&l, true, "table 0");
	t[ACPI_RSDP].gpa = ACFG_VACPI_RSDP;
	l.vm.table_count = 0;
	expect_refused(&l, true, "0 tables, not 1 to 16");
	l.vm.table_count = ACFG_VACPI_TABLES_MAX + 1;
	expect_refused(&l, true, "17 tables");
	l.vm = (struct acfg_acpi_vm){ACPI_TABLE_COUNT, NULL};
	expect_refused(&l, true, "7 tables, not 1 to 16");
	unlink_tables(&l);
}

/* Contents: lengths, checksums, the RSDP's fields. */
static void test_hv_refuses_contents(void)
{
	struct linked l;
	link_tables(&l);
	struct acfg_acpi_table *t = l.tables;
	l.bytes[ACPI_DSDT][40] ^= 1;
	char *want = xasprintf("table 4 (0x%" PRIx64 ", %u bytes): its checksum is wrong",
			       t[ACPI_DSDT].gpa, t[ACPI_DSDT].length);
	expect_refused(&l, true, want);
	free(want);
	l.bytes[ACPI_DSDT][40] ^= 1;
	t[ACPI_XSDT].length -= 8; /* the length field still says 60 */
	expect_refused(&l, true, "table 1 (0xf2430, 52 bytes): its length field"); /* the XSDT */
	t[ACPI_XSDT].length = 6;
	expect_refused(&l, true, "shorter than a table header");
	t[ACPI_XSDT].length = (uint32_t)l.built[ACPI_XSDT].bytes.len;
	t[ACPI_FACS].length = 32;
	l.bytes[ACPI_FACS][4] = 32;
	expect_refused(&l, true, "a FACS shorter than 64 bytes");
	t[ACPI_FACS].length = 64;
	l.bytes[ACPI_FACS][4] = 64;
	l.bytes[ACPI_RSDP][30] ^= 1; /* the extended checksum covers it, the first does not */
	expect_refused(&l, true, "a checksum of the RSDP is wrong");
	l.bytes[ACPI_RSDP][30] ^= 1;
	l.bytes[ACPI_RSDP][0] = 'X';
	expect_refused(&l, true, "the first table is not an RSDP");
	l.bytes[ACPI_RSDP][0] = 'R';
	t[ACPI_RSDP].length = 20;
	expect_refused(&l, true, "the RSDP is not 36 bytes long");
	t[ACPI_RSDP].length = 36;
	char why[120];
	CU_ASSERT_EQUAL(vacpi_check_vm(&l.vm, true, why, sizeof(why)), 0); /* all undone */
	unlink_tables(&l);
}

void register_acpi_tests(void)
{
	static const struct test_case cases[] = {
	    {"aml: PkgLength", test_pkg_length},
	    {"aml: name strings", test_name_strings},
	    {"aml: integers, strings, EISA ids", test_integers_strings_ids},
	    {"aml: packages, devices, scopes, buffers", test_structured_objects},
	    {"acpi: layout, checksums, MADT entries", test_build},
	    {"acpi: no vCPUs, too many to fit", test_build_limits},
	    {"hv check: accepts what acrn-cfgc builds", test_hv_accepts_built},
	    {"hv check: tables out of place", test_hv_refuses_places},
	    {"hv check: lengths and checksums", test_hv_refuses_contents},
	};
	ADD_SUITE("acpi", NULL, NULL, cases);
}
