/*
 * Checks of the pre-launched VMs' ACPI tables (vacpi.h) before they are copied into guest
 * memory: places and lengths first, so that nothing is read or written outside a table or
 * outside [ACFG_VACPI_RSDP, ACFG_VACPI_END); then what a guest would refuse (lengths, checksums).
 */
#include "vacpi.h"
#include "lib.h"

#define HEADER_LEN     36U /* the common header of every table but the RSDP and the FACS */
#define LENGTH_AT      4U
#define RSDP_LEN       36U /* ACPI 2.0 and later */
#define RSDP_V1_LEN    20U /* what the RSDP's first checksum covers */
#define RSDP_LENGTH_AT 20U
#define FACS_LEN       64U
#define SIG_RSDP_LOW   0x20445352U /* "RSD " */
#define SIG_RSDP_HIGH  0x20525450U /* "PTR " */
#define SIG_FACS       0x53434146U /* "FACS" */

/* A little-endian 32-bit field; the caller checked that at + 4 <= the table's length. */
static uint32_t le32(const uint8_t *p, uint32_t at)
{
	return (uint32_t)p[at] | ((uint32_t)p[at + 1U] << 8U) | ((uint32_t)p[at + 2U] << 16U) |
	       ((uint32_t)p[at + 3U] << 24U);
}

/* Whether the first n bytes sum to 0 modulo 256 (ACPI's checksum). */
static bool sums_to_zero(const uint8_t *p, uint32_t n)
{
	uint32_t sum = 0U;

	for (uint32_t i = 0U; i < n; i++) {
		sum += (uint32_t)p[i];
	}
	return (sum & 0xffU) == 0U;
}

/* The RSDP, the first table: where and what config_abi.h says. */
static const char *rsdp_problem(const struct acfg_acpi_table *t)
{
	const char *why = NULL;

	if (t->gpa != ACFG_VACPI_RSDP) {
		why = "the first table is not at ACFG_VACPI_RSDP";
	} else if (t->length != RSDP_LEN) {
		why = "the RSDP is not 36 bytes long";
	} else if ((le32(t->bytes, 0U) != SIG_RSDP_LOW) || (le32(t->bytes, 4U) != SIG_RSDP_HIGH)) {
		why = "the first table is not an RSDP";
	} else if (le32(t->bytes, RSDP_LENGTH_AT) != RSDP_LEN) {
		why = "the RSDP's length field is not 36";
	} else if (!sums_to_zero(t->bytes, RSDP_V1_LEN) || !sums_to_zero(t->bytes, RSDP_LEN)) {
		why = "a checksum of the RSDP is wrong";
	} else {
		/* a good RSDP */
	}
	return why;
}

/* Any other table: a header whose length field is its length, and a right checksum. */
static const char *table_problem(const struct acfg_acpi_table *t)
{
	const char *why = NULL;

	if (t->length < (LENGTH_AT + 4U)) {
		why = "shorter than a table header";
	} else if (le32(t->bytes, LENGTH_AT) != t->length) {
		why = "its length field does not say its length";
	} else if (le32(t->bytes, 0U) == SIG_FACS) {
		why = (t->length < FACS_LEN) ? "a FACS shorter than 64 bytes" : NULL;
	} else if (t->length < HEADER_LEN) {
		why = "shorter than a table header";
	} else if (!sums_to_zero(t->bytes, t->length)) {
		why = "its checksum is wrong";
	} else {
		/* a good table */
	}
	return why;
}

/* Table i's place: after the table before (which ended at end), ending by ACFG_VACPI_END. */
static bool in_place(const struct acfg_acpi_table *t, uint64_t end)
{
	return (t->bytes != NULL) && (t->gpa >= end) && (t->gpa <= ACFG_VACPI_END) &&
	       ((uint64_t)t->length <= (ACFG_VACPI_END - t->gpa));
}

static int tables_check(const struct acfg_acpi_vm *v, char *why, size_t why_len)
{
	uint64_t end = ACFG_VACPI_RSDP;

	for (uint32_t i = 0U; i < v->table_count; i++) {
		const struct acfg_acpi_table *t = &v->tables[i];
		const char *problem;

		if (!in_place(t, end)) {
			(void)snprintf(
			    why, why_len,
			    "table %u (0x%lx, %u bytes) lies outside [0x%x, 0x%x) or over "
			    "the table before it",
			    i, t->gpa, t->length, ACFG_VACPI_RSDP, ACFG_VACPI_END);
			return -1;
		}
		problem = (i == 0U) ? rsdp_problem(t) : table_problem(t);
		if (problem != NULL) {
			(void)snprintf(why, why_len, "table %u (0x%lx, %u bytes): %s", i, t->gpa,
				       t->length, problem);
			return -1;
		}
		end = t->gpa + t->length;
	}
	return 0;
}

int vacpi_check_vm(const struct acfg_acpi_vm *v, bool pre_launched, char *why, size_t why_len)
{
	int rc = -1;

	if (!pre_launched) {
		if (v->table_count == 0U) {
			rc = 0;
		} else {
			(void)snprintf(why, why_len, "%u tables for a VM that is not pre-launched",
				       v->table_count);
		}
	} else if ((v->table_count == 0U) || (v->table_count > ACFG_VACPI_TABLES_MAX) ||
		   (v->tables == NULL)) {
		(void)snprintf(why, why_len, "%u tables, not 1 to %u", v->table_count,
			       ACFG_VACPI_TABLES_MAX);
	} else {
		rc = tables_check(v, why, why_len);
	}
	return rc;
}
