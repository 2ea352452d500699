/*
 * ACPI tables from /sys/firmware/acpi/tables: MADT (local APICs, IOAPICs), MCFG (ECAM base),
 * DMAR (remapping units and their device scopes), FADT (PM blocks, reset register, FACS),
 * the DSDT's \_S3_ and \_S5_ packages, and whether a TPM2 table exists. Tables are checked
 * (signature, length, checksum) and parsed within the bytes present, whatever they claim.
 */
#ifndef INSPECTOR_ACPI_H
#define INSPECTOR_ACPI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct source;

enum acpi_table { ACPI_APIC, ACPI_MCFG, ACPI_DMAR, ACPI_FACP, ACPI_DSDT, ACPI_TPM2, ACPI_COUNT };

struct acpi_lapic {
	uint32_t uid, apic_id;
	bool enabled;
};

struct acpi_ioapic {
	uint32_t id, address, gsi_base;
	uint32_t gsi_count; /* 0: not known yet (see interrupts.c) */
	bool count_guessed;
};

/* A device scope of a DRHD; dev/fn are the first path entry (relative to the start bus). */
struct acpi_scope {
	uint8_t type, enum_id, bus, dev, fn;
	bool has_path;
};

struct acpi_drhd {
	uint8_t flags;
	uint16_t segment;
	uint64_t base;
	struct acpi_scope *scopes;
	size_t nscopes, cap;
};

/* A Generic Address Structure. */
struct acpi_gas {
	uint8_t space, width, offset, access;
	uint64_t address;
};

struct acpi_fadt {
	bool present, hw_reduced, has_reset;
	uint8_t revision, reset_value;
	uint32_t length, flags;
	uint16_t sci;
	uint64_t facs;
	struct acpi_gas pm1a_evt, pm1b_evt, pm1a_cnt, pm1b_cnt, reset;
};

/* A \_Sx_ package: the values for SLP_TYPa and SLP_TYPb. */
struct acpi_sleep {
	bool present;
	uint64_t pm1a, pm1b, reserved;
};

struct acpi {
	int status[ACPI_COUNT]; /* 0 read, or the negative errno of reading the table */
	struct acpi_lapic *lapics;
	size_t nlapics, caplapics;
	struct acpi_ioapic *ioapics;
	size_t nioapics, capioapics;
	bool have_mcfg_base;
	uint64_t mcfg_base;
	struct acpi_drhd *drhds;
	size_t ndrhds, capdrhds;
	struct acpi_fadt fadt;
	struct acpi_sleep s3, s5;
};

void acpi_read(struct source *s, struct acpi *a);
void acpi_free(struct acpi *a);
const char *acpi_table_name(enum acpi_table t);

/* Buffer-level parsers (the fuzzer calls these); where names the file in warnings. */
void acpi_parse(enum acpi_table t, const uint8_t *p, size_t n, const char *where, struct acpi *a);

#endif
