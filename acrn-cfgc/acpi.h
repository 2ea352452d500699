/*
 * The ACPI tables of one pre-launched VM: the virtual platform the hypervisor emulates for it
 * (hypervisor/include/config_abi.h, "the virtual platform of a pre-launched VM"), described
 * the way a guest OS reads it. Pure: a VM's vCPUs in, table bytes and guest addresses out.
 */
#ifndef ACRN_CFGC_ACPI_H
#define ACRN_CFGC_ACPI_H

#include <stddef.h>
#include <stdint.h>

#include "aml.h"

/* The tables in the order they lie in guest memory, from ACFG_VACPI_RSDP up. */
enum acpi_table_id {
	ACPI_RSDP,
	ACPI_XSDT,
	ACPI_FACP, /* the FADT */
	ACPI_FACS,
	ACPI_DSDT,
	ACPI_APIC, /* the MADT */
	ACPI_MCFG,
	ACPI_TABLE_COUNT
};

/* What a VM's tables depend on. */
struct acpi_vm {
	const uint32_t *apic_ids; /* vCPU i's local APIC id */
	size_t vcpu_count;
};

struct acpi_table {
	const char *signature; /* "RSD PTR ", "XSDT", ..., as the table starts */
	const char *file;      /* as ACPICA's tools name it: rsdp.dat, dsdt.aml, apic.dat, ... */
	uint64_t gpa;
	struct aml bytes;
};

/*
 * Builds every table of the VM into tables[], checksums included. Returns 0, or -1 with *why
 * saying what went wrong (no vCPUs, or tables that do not fit below ACFG_VACPI_END); then
 * nothing is left allocated.
 */
int acpi_build(const struct acpi_vm *vm, struct acpi_table tables[ACPI_TABLE_COUNT],
	       const char **why);
void acpi_free(struct acpi_table tables[ACPI_TABLE_COUNT]);

/* The byte that makes the sum of p[0..n) and itself 0 mod 256 (ACPI's checksum). */
uint8_t acpi_checksum(const uint8_t *p, size_t n);

/* Local APIC ids from this one up need x2APIC entries in the MADT (the xAPIC field is 8 bits,
 * and 0xff means "all"). */
#define ACPI_X2APIC_FIRST_ID 0xffU

#endif
