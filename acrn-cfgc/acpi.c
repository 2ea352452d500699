/*
 * A pre-launched VM's ACPI tables (acpi.h), byte by byte as ACPI 6.3 lays them out. Every
 * address, port and value the hypervisor must agree with comes from config_abi.h; what only
 * the guest reads (OEM ids, FADT flags) is decided here, and says why.
 */
#include "acpi.h"

#include <stdbool.h>
#include <string.h>

#include "config_abi.h"
#include "resolve.h"

#define OEM_ID		 "ACRN  " /* ACRN's, so a guest that knows ACRN's tables knows ours */
#define OEM_TABLE_PREFIX "ACRN"	  /* then the signature: "ACRNFACP" */
#define OEM_REVISION	 1
#define CREATOR_ID	 "ACFG" /* acrn-cfgc wrote the table, not an ASL compiler */
#define CREATOR_REVISION 1

#define HEADER_LEN  36
#define LENGTH_AT   4
#define CHECKSUM_AT 9
#define RSDP_LEN    36
#define RSDP_V1_LEN 20 /* what the first checksum covers */
#define FADT_LEN    276
#define FACS_LEN    64
#define FACS_ALIGN  64 /* the FACS must be; other tables are 16-byte aligned for neatness */
#define TABLE_ALIGN 16
#define MIB	    0x100000U

/* FADT IAPC_BOOT_ARCH: ISA-style devices exist (COM ports, RTC, PICs); no 8042, no VGA; the
 * guest must not take over PCIe ASPM, there being no link to save power on. */
#define BOOT_LEGACY_DEVICES 0x0001
#define BOOT_NO_VGA	    0x0004
#define BOOT_NO_ASPM	    0x0010

/* FADT flags: WBINVD works, C1 (HLT) works on every vCPU, no fixed power or sleep button, no RTC
 * wake status in PM1, no local input or display (headless: the console is a vUART). */
#define FADT_WBINVD	0x00000001
#define FADT_PROC_C1	0x00000004
#define FADT_PWR_BUTTON 0x00000010
#define FADT_SLP_BUTTON 0x00000020
#define FADT_FIX_RTC	0x00000040
#define FADT_HEADLESS	0x00001000

/* Latencies above these limits say "C2 and C3 not supported" (ACPI 6.3, 5.2.9). */
#define C2_NOT_SUPPORTED 101
#define C3_NOT_SUPPORTED 1001

#define GAS_SYSTEM_IO	0x01
#define GAS_ACCESS_WORD 0x02

#define MADT_PCAT_COMPAT 0x1 /* the VM has the legacy PIC pair, masked by the guest */
#define MADT_LAPIC	 0
#define MADT_IOAPIC	 1
#define MADT_ISO	 2
#define MADT_LAPIC_NMI	 4
#define MADT_X2APIC	 9
#define MADT_X2APIC_NMI	 10
#define MADT_ENABLED	 0x1
#define MADT_NMI_FLAGS	 0x0005 /* active high, edge triggered */
#define MADT_NMI_LINT	 1
#define MADT_ALL_CPUS	 0xff
#define MADT_ALL_X2APICS 0xffffffffU
#define ISA_PIT_IRQ	 0
#define PIT_GSI		 2

uint8_t acpi_checksum(const uint8_t *p, size_t n)
{
	uint8_t sum = 0;
	for (size_t i = 0; i < n; i++)
		sum = (uint8_t)(sum + p[i]);
	return (uint8_t)(0x100 - sum);
}

static void put_text(struct aml *t, const char *s, size_t n)
{
	aml_append(t, s, n);
}

/* The common header, length and checksum 0 until finish(). */
static void header(struct aml *t, const char *sig, uint8_t revision)
{
	put_text(t, sig, 4);
	aml_le(t, 0, 4);
	aml_byte(t, revision);
	aml_byte(t, 0);
	put_text(t, OEM_ID, 6);
	put_text(t, OEM_TABLE_PREFIX, 4);
	put_text(t, sig, 4);
	aml_le(t, OEM_REVISION, 4);
	put_text(t, CREATOR_ID, 4);
	aml_le(t, CREATOR_REVISION, 4);
}

static void finish(struct aml *t)
{
	for (unsigned i = 0; i < 4; i++)
		t->data[LENGTH_AT + i] = (uint8_t)(t->len >> (8 * i));
	t->data[CHECKSUM_AT] = 0;
	t->data[CHECKSUM_AT] = acpi_checksum(t->data, t->len);
}

/* ---- tables without pointers to others ---- */

static void build_facs(struct aml *t)
{
	put_text(t, "FACS", 4);
	aml_le(t, FACS_LEN, 4);
	/* hardware signature, waking vector, global lock, flags, 64-bit waking vector: none */
	aml_zeros(t, 4 + 4 + 4 + 4 + 8);
	aml_byte(t, 2); /* version */
	aml_zeros(t, FACS_LEN - 4 - 4 - 24 - 1);
}

/* A Local APIC or, for an id that does not fit in 8 bits, a Local x2APIC entry. */
static void madt_cpu(struct aml *t, uint32_t uid, uint32_t apic_id)
{
	if (apic_id < ACPI_X2APIC_FIRST_ID) {
		aml_byte(t, MADT_LAPIC);
		aml_byte(t, 8);
		aml_byte(t, (uint8_t)uid);
		aml_byte(t, (uint8_t)apic_id);
		aml_le(t, MADT_ENABLED, 4);
	} else {
		aml_byte(t, MADT_X2APIC);
		aml_byte(t, 16);
		aml_zeros(t, 2);
		aml_le(t, apic_id, 4);
		aml_le(t, MADT_ENABLED, 4);
		aml_le(t, uid, 4);
	}
}

/* LINT1 of every local APIC is the NMI input, as on a PC; one entry per kind present. */
static void madt_nmis(struct aml *t, const struct acpi_vm *vm)
{
	int kinds = 0;
	for (size_t i = 0; i < vm->vcpu_count; i++)
		kinds |= vm->apic_ids[i] < ACPI_X2APIC_FIRST_ID ? 1 : 2;
	if (kinds & 1) {
		aml_byte(t, MADT_LAPIC_NMI);
		aml_byte(t, 6);
		aml_byte(t, MADT_ALL_CPUS);
		aml_le(t, MADT_NMI_FLAGS, 2);
		aml_byte(t, MADT_NMI_LINT);
	}
	if (kinds & 2) {
		aml_byte(t, MADT_X2APIC_NMI);
		aml_byte(t, 12);
		aml_le(t, MADT_NMI_FLAGS, 2);
		aml_le(t, MADT_ALL_X2APICS, 4);
		aml_byte(t, MADT_NMI_LINT);
		aml_zeros(t, 3);
	}
}

static void build_madt(struct aml *t, const struct acpi_vm *vm)
{
	header(t, "APIC", 5);
	aml_le(t, ACFG_VLAPIC_BASE, 4);
	aml_le(t, MADT_PCAT_COMPAT, 4);
	for (size_t i = 0; i < vm->vcpu_count; i++)
		madt_cpu(t, (uint32_t)i, vm->apic_ids[i]);
	aml_byte(t, MADT_IOAPIC);
	aml_byte(t, 12);
	aml_byte(t, ACFG_VIOAPIC_ID);
	aml_byte(t, 0);
	aml_le(t, ACFG_VIOAPIC_BASE, 4);
	aml_le(t, 0, 4); /* GSI base */
	aml_byte(t, MADT_ISO);
	aml_byte(t, 10);
	aml_byte(t, 0); /* bus: ISA */
	aml_byte(t, ISA_PIT_IRQ);
	aml_le(t, PIT_GSI, 4);
	aml_le(t, 0, 2); /* polarity and trigger as the bus says */
	madt_nmis(t, vm);
	finish(t);
}

static void build_mcfg(struct aml *t)
{
	header(t, "MCFG", 1);
	aml_zeros(t, 8);
	aml_le(t, ACFG_VPCI_ECAM_BASE, 8);
	aml_le(t, 0, 2); /* segment */
	aml_byte(t, 0);	 /* first bus */
	aml_byte(t, ACFG_VPCI_BUS_LAST);
	aml_le(t, 0, 4);
	finish(t);
}

/* ---- the DSDT ---- */

static int name_integer(struct aml *terms, const char *name, uint64_t v)
{
	struct aml value = {0};
	aml_integer(&value, v);
	int rc = aml_name(terms, name, &value);
	aml_free(&value);
	return rc;
}

/* EisaId() is always a DWord constant, which is how a disassembler recognises it. */
static int name_eisa_id(struct aml *terms, const char *name, const char *id)
{
	uint32_t v;
	struct aml value = {0};
	int rc = aml_eisa_id(id, &v);
	if (rc == 0) {
		aml_byte(&value, 0x0c);
		aml_le(&value, v, 4);
		rc = aml_name(terms, name, &value);
	}
	aml_free(&value);
	return rc;
}

static int name_template(struct aml *terms, const char *name, const struct aml *descriptors)
{
	struct aml res = {0}, buf = {0};
	aml_append(&res, descriptors->data, descriptors->len);
	aml_res_end(&res);
	int rc = aml_buffer(&buf, &res) == 0 ? aml_name(terms, name, &buf) : -1;
	aml_free(&res);
	aml_free(&buf);
	return rc;
}

/* Name(_S5, Package(){S5, S5, 0, 0}): SLP_TYPa, SLP_TYPb (no PM1b block), two reserved. */
static int s5_object(struct aml *dsdt)
{
	struct aml elements = {0}, pkg = {0};
	aml_integer(&elements, ACFG_VACPI_S5_SLP_TYP);
	aml_integer(&elements, ACFG_VACPI_S5_SLP_TYP);
	aml_integer(&elements, 0);
	aml_integer(&elements, 0);
	int rc = aml_package(&pkg, 4, &elements) == 0 ? aml_name(dsdt, "_S5_", &pkg) : -1;
	aml_free(&elements);
	aml_free(&pkg);
	return rc;
}

/* The host bridge at 00:00.0: bus 0, the configuration ports, and the windows its BARs use. */
static int host_bridge(struct aml *sb)
{
	struct aml terms = {0}, crs = {0};
	aml_res_word_bus(&crs, 0, ACFG_VPCI_BUS_LAST);
	aml_res_io(&crs, 0xcf8, 8);
	aml_res_word_io(&crs, 0x0000, 0x0cf7);
	aml_res_word_io(&crs, 0x0d00, 0xffff);
	aml_res_dword_memory(&crs, (uint32_t)RES_BAR32_START, (uint32_t)(RES_BAR32_END - 1));
	aml_res_qword_memory(&crs, RES_BAR64_START, RES_BAR64_END - 1);
	bool ok = name_eisa_id(&terms, "_HID", "PNP0A08") == 0;
	ok = ok && name_eisa_id(&terms, "_CID", "PNP0A03") == 0;
	ok = ok && name_integer(&terms, "_UID", 0) == 0;
	ok = ok && name_template(&terms, "_CRS", &crs) == 0;
	ok = ok && aml_device(sb, "PCI0", &terms) == 0;
	aml_free(&terms);
	aml_free(&crs);
	return ok ? 0 : -1;
}

/* The ECAM window, reserved as a motherboard resource: Linux uses MCFG only when it is. */
static int ecam_resource(struct aml *sb)
{
	struct aml terms = {0}, crs = {0};
	aml_res_memory32_fixed(&crs, ACFG_VPCI_ECAM_BASE, (ACFG_VPCI_BUS_LAST + 1U) * MIB);
	bool ok = name_eisa_id(&terms, "_HID", "PNP0C02") == 0;
	ok = ok && name_template(&terms, "_CRS", &crs) == 0;
	ok = ok && aml_device(sb, "ECAM", &terms) == 0;
	aml_free(&terms);
	aml_free(&crs);
	return ok ? 0 : -1;
}

static int build_dsdt(struct aml *t)
{
	struct aml sb = {0};
	header(t, "DSDT", 2); /* revision 2: 64-bit integers */
	bool ok = s5_object(t) == 0 && host_bridge(&sb) == 0 && ecam_resource(&sb) == 0;
	ok = ok && aml_scope(t, "\\_SB_", &sb) == 0;
	aml_free(&sb);
	if (ok)
		finish(t);
	return ok ? 0 : -1;
}

/* ---- tables that point at others: built once every table has its address ---- */

static void gas_io(struct aml *t, uint16_t port, uint8_t bits)
{
	aml_byte(t, GAS_SYSTEM_IO);
	aml_byte(t, bits);
	aml_byte(t, 0);
	aml_byte(t, GAS_ACCESS_WORD);
	aml_le(t, port, 8);
}

static void build_fadt(struct aml *t, uint64_t facs, uint64_t dsdt)
{
	header(t, "FACP", 6);
	aml_le(t, facs, 4);
	aml_le(t, dsdt, 4);
	aml_zeros(t, 2); /* reserved; preferred PM profile: unspecified */
	aml_le(t, ACFG_VACPI_SCI_IRQ, 2);
	aml_zeros(t, 4 + 4); /* no SMI command port (always in ACPI mode), no S4BIOS, P-states */
	aml_le(t, ACFG_VACPI_PM1A_EVT, 4);
	aml_le(t, 0, 4);
	aml_le(t, ACFG_VACPI_PM1A_CNT, 4);
	aml_zeros(t, 4 + 4 + 4 + 4 + 4); /* PM1b control, PM2, PM timer, GPE0, GPE1: none */
	aml_byte(t, ACFG_VACPI_PM1A_EVT_LEN);
	aml_byte(t, ACFG_VACPI_PM1A_CNT_LEN);
	aml_zeros(t, 6); /* PM2, PM timer, GPE0, GPE1 lengths, GPE1 base, _CST */
	aml_le(t, C2_NOT_SUPPORTED, 2);
	aml_le(t, C3_NOT_SUPPORTED, 2);
	aml_zeros(t, 2 + 2 + 5); /* cache flush, duty cycle, RTC alarms and century */
	aml_le(t, BOOT_LEGACY_DEVICES | BOOT_NO_VGA | BOOT_NO_ASPM, 2);
	aml_byte(t, 0);
	uint32_t flags = FADT_WBINVD | FADT_PROC_C1 | FADT_PWR_BUTTON | FADT_SLP_BUTTON |
			 FADT_FIX_RTC | FADT_HEADLESS;
	aml_le(t, flags, 4);
	aml_zeros(t, 12 + 1 + 2); /* no reset register; ARM boot flags */
	aml_byte(t, 3);		  /* FADT minor version: ACPI 6.3 */
	aml_zeros(t, 8);	  /* X_FIRMWARE_CTRL: the 32-bit field says it */
	aml_le(t, dsdt, 8);
	gas_io(t, ACFG_VACPI_PM1A_EVT, 8 * ACFG_VACPI_PM1A_EVT_LEN);
	aml_zeros(t, 12);
	gas_io(t, ACFG_VACPI_PM1A_CNT, 8 * ACFG_VACPI_PM1A_CNT_LEN);
	aml_zeros(t, 5 * 12 + 2 * 12 + 8); /* PM1b, PM2, PM timer, GPE0/1; sleep regs; vendor */
	finish(t);
}

static void build_xsdt(struct aml *t, const struct acpi_table tables[ACPI_TABLE_COUNT])
{
	header(t, "XSDT", 1);
	aml_le(t, tables[ACPI_FACP].gpa, 8);
	aml_le(t, tables[ACPI_APIC].gpa, 8);
	aml_le(t, tables[ACPI_MCFG].gpa, 8);
	finish(t);
}

static void build_rsdp(struct aml *t, uint64_t xsdt)
{
	put_text(t, "RSD PTR ", 8);
	aml_byte(t, 0);
	put_text(t, OEM_ID, 6);
	aml_byte(t, 2); /* revision: ACPI 2.0 and later, with the XSDT */
	aml_le(t, 0, 4);
	aml_le(t, RSDP_LEN, 4);
	aml_le(t, xsdt, 8);
	aml_zeros(t, 4);
	t->data[8] = acpi_checksum(t->data, RSDP_V1_LEN);
	t->data[32] = acpi_checksum(t->data, RSDP_LEN);
}

/* ---- layout ---- */

static const struct {
	const char *signature;
	const char *file;
	size_t fixed_len; /* 0: known once built */
	uint64_t align;
} table_kinds[ACPI_TABLE_COUNT] = {
    [ACPI_RSDP] = {"RSD PTR ", "rsdp.dat", RSDP_LEN, TABLE_ALIGN},
    [ACPI_XSDT] = {"XSDT", "xsdt.dat", HEADER_LEN + 3 * 8, TABLE_ALIGN},
    [ACPI_FACP] = {"FACP", "facp.dat", FADT_LEN, TABLE_ALIGN},
    [ACPI_FACS] = {"FACS", "facs.dat", 0, FACS_ALIGN},
    [ACPI_DSDT] = {"DSDT", "dsdt.aml", 0, TABLE_ALIGN},
    [ACPI_APIC] = {"APIC", "apic.dat", 0, TABLE_ALIGN},
    [ACPI_MCFG] = {"MCFG", "mcfg.dat", 0, TABLE_ALIGN},
};

/* Each table after the one before, aligned; -1 if the last ends above ACFG_VACPI_END. */
static int place(struct acpi_table tables[ACPI_TABLE_COUNT])
{
	uint64_t at = ACFG_VACPI_RSDP;
	for (size_t i = 0; i < ACPI_TABLE_COUNT; i++) {
		size_t len =
		    table_kinds[i].fixed_len ? table_kinds[i].fixed_len : tables[i].bytes.len;
		at = (at + table_kinds[i].align - 1) & ~(table_kinds[i].align - 1);
		tables[i].gpa = at;
		at += len;
	}
	return at <= ACFG_VACPI_END ? 0 : -1;
}

void acpi_free(struct acpi_table tables[ACPI_TABLE_COUNT])
{
	for (size_t i = 0; i < ACPI_TABLE_COUNT; i++)
		aml_free(&tables[i].bytes);
}

int acpi_build(const struct acpi_vm *vm, struct acpi_table tables[ACPI_TABLE_COUNT],
	       const char **why)
{
	for (size_t i = 0; i < ACPI_TABLE_COUNT; i++)
		tables[i] =
		    (struct acpi_table){table_kinds[i].signature, table_kinds[i].file, 0, {0}};
	*why = vm->vcpu_count == 0 ? "the VM has no vCPUs" : NULL;
	if (!*why && build_dsdt(&tables[ACPI_DSDT].bytes) != 0)
		*why = "the DSDT cannot be encoded"; /* a name or length of ours is wrong */
	if (!*why) {
		build_facs(&tables[ACPI_FACS].bytes);
		build_madt(&tables[ACPI_APIC].bytes, vm);
		build_mcfg(&tables[ACPI_MCFG].bytes);
		if (place(tables) != 0)
			*why = "its tables do not fit below ACFG_VACPI_END";
	}
	if (*why) {
		acpi_free(tables);
		return -1;
	}
	build_fadt(&tables[ACPI_FACP].bytes, tables[ACPI_FACS].gpa, tables[ACPI_DSDT].gpa);
	build_xsdt(&tables[ACPI_XSDT].bytes, tables);
	build_rsdp(&tables[ACPI_RSDP].bytes, tables[ACPI_XSDT].gpa);
	return 0;
}
