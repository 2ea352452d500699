/*
 * ACPI table parsing. Every structure is bounds-checked against the bytes present: a table
 * whose header claims more than the file holds is parsed as far as it goes, an entry whose
 * length is zero stops the walk (it would loop forever), and each such problem is warned
 * with the file and the offset.
 */
#include "acpi.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "source.h"
#include "util.h"

#define HDR_LEN 36

static const char *const names[ACPI_COUNT] = {"APIC", "MCFG", "DMAR", "FACP", "DSDT", "TPM2"};

const char *acpi_table_name(enum acpi_table t)
{
	return names[t];
}

/* Validates the header; returns the number of bytes to parse, 0 when the table is unusable. */
static size_t check_header(const uint8_t *p, size_t n, const char *sig, const char *where)
{
	if (n < HDR_LEN) {
		warn_at(where, n, "table is %zu bytes, shorter than its %d-byte header; ignored", n,
			HDR_LEN);
		return 0;
	}
	if (memcmp(p, sig, 4) != 0) {
		warn_at(where, 0, "signature is not '%s'; table ignored", sig);
		return 0;
	}
	uint32_t len = le32(p + 4);
	if (len < HDR_LEN) {
		warn_at(where, 4, "length field %u is shorter than the header; table ignored", len);
		return 0;
	}
	if (len > n) {
		warn_at(where, n,
			"truncated: the header says %u bytes, the file has %zu; parsing "
			"the bytes present",
			len, n);
		return n;
	}
	uint8_t sum = 0;
	for (uint32_t i = 0; i < len; i++)
		sum = (uint8_t)(sum + p[i]);
	if (sum != 0)
		warn_at(where, 9,
			"checksum does not add up (sum 0x%02x); the table is used as it is", sum);
	return len;
}

/* ---- MADT ---- */

static void madt_lapic(struct acpi *a, uint32_t uid, uint32_t apic_id, uint32_t flags)
{
	GROW(a->lapics, a->nlapics, a->caplapics);
	/* Bit 1 (online capable, ACPI 6.3) marks CPUs that firmware left off but may start. */
	a->lapics[a->nlapics++] = (struct acpi_lapic){uid, apic_id, (flags & 3) != 0};
}

static void madt_ioapic(struct acpi *a, const uint8_t *e)
{
	GROW(a->ioapics, a->nioapics, a->capioapics);
	a->ioapics[a->nioapics++] = (struct acpi_ioapic){e[2], le32(e + 4), le32(e + 8), 0, false};
}

/* Minimum length of each entry kind we read. */
static size_t madt_min_len(uint8_t type)
{
	return type == 0 ? 8 : type == 1 ? 12 : type == 9 ? 16 : 2;
}

static void madt_entry(struct acpi *a, const uint8_t *e, size_t len, const char *where, size_t off)
{
	if (len < madt_min_len(e[0])) {
		warn_at(where, off, "MADT entry type %u is %zu bytes, too short; skipped", e[0],
			len);
		return;
	}
	if (e[0] == 0)
		madt_lapic(a, e[2], e[3], le32(e + 4));
	else if (e[0] == 1)
		madt_ioapic(a, e);
	else if (e[0] == 9)
		madt_lapic(a, le32(e + 12), le32(e + 4), le32(e + 8));
}

static void parse_madt(const uint8_t *p, size_t n, const char *where, struct acpi *a)
{
	if (n < 44) {
		warn_at(where, n, "MADT ends before its first entry");
		return;
	}
	for (size_t off = 44; off < n;) {
		size_t len = off + 2 <= n ? p[off + 1] : 0;
		if (len < 2 || off + len > n) {
			warn_at(where, off,
				"MADT entry of length %zu does not fit (%zu bytes left); "
				"the rest of the table is ignored",
				len, n - off);
			return;
		}
		madt_entry(a, p + off, len, where, off);
		off += len;
	}
}

/* ---- MCFG ---- */

static void parse_mcfg(const uint8_t *p, size_t n, const char *where, struct acpi *a)
{
	if (n < 44 || (n - 44) % 16 != 0)
		warn_at(where, n < 44 ? n : 44 + (n - 44) / 16 * 16,
			"MCFG does not end on a whole 16-byte entry; the partial one is ignored");
	for (size_t off = 44; off + 16 <= n; off += 16) {
		if (le16(p + off + 8) != 0 || a->have_mcfg_base)
			continue;
		a->have_mcfg_base = true;
		a->mcfg_base = le64(p + off);
	}
}

/* ---- DMAR ---- */

static void dmar_scope(struct acpi_drhd *d, const uint8_t *s, size_t len)
{
	GROW(d->scopes, d->nscopes, d->cap);
	struct acpi_scope *sc = &d->scopes[d->nscopes++];
	*sc = (struct acpi_scope){.type = s[0], .enum_id = s[4], .bus = s[5]};
	if (len >= 8) {
		sc->has_path = true;
		sc->dev = s[6];
		sc->fn = s[7];
	}
}

static void dmar_drhd(const uint8_t *e, size_t len, const char *where, size_t off, struct acpi *a)
{
	if (len < 16) {
		warn_at(where, off, "DRHD of %zu bytes is shorter than 16; skipped", len);
		return;
	}
	GROW(a->drhds, a->ndrhds, a->capdrhds);
	struct acpi_drhd *d = &a->drhds[a->ndrhds++];
	*d = (struct acpi_drhd){.flags = e[4], .segment = le16(e + 6), .base = le64(e + 8)};
	for (size_t s = 16; s < len;) {
		size_t slen = s + 2 <= len ? e[s + 1] : 0;
		if (slen < 6 || s + slen > len) {
			warn_at(where, off + s,
				"device scope of length %zu does not fit its DRHD; "
				"the DRHD's other scopes are ignored",
				slen);
			return;
		}
		dmar_scope(d, e + s, slen);
		s += slen;
	}
}

static void parse_dmar(const uint8_t *p, size_t n, const char *where, struct acpi *a)
{
	if (n < 48) {
		warn_at(where, n, "DMAR ends before its first remapping structure");
		return;
	}
	for (size_t off = 48; off < n;) {
		size_t len = off + 4 <= n ? le16(p + off + 2) : 0;
		if (len < 4 || off + len > n) {
			warn_at(where, off,
				"remapping structure of length %zu does not fit (%zu bytes "
				"left); the rest of the table is ignored",
				len, n - off);
			return;
		}
		if (le16(p + off) == 0)
			dmar_drhd(p + off, len, where, off, a);
		off += len;
	}
}

/* ---- FADT ---- */

static struct acpi_gas gas_at(const uint8_t *p)
{
	return (struct acpi_gas){p[0], p[1], p[2], p[3], le64(p + 4)};
}

/* A PM1 block: the 64-bit X_ address when there is one, else the 32-bit port. */
static struct acpi_gas pm1_block(const uint8_t *p, size_t n, size_t x_off, size_t off, uint8_t len)
{
	if (x_off + 12 <= n && le64(p + x_off + 4) != 0)
		return gas_at(p + x_off);
	if (off + 4 <= n && le32(p + off) != 0)
		return (struct acpi_gas){1, (uint8_t)(len * 8), 0, 0, le32(p + off)};
	return (struct acpi_gas){0, 0, 0, 0, 0};
}

static void parse_fadt(const uint8_t *p, size_t n, const char *where, struct acpi *a)
{
	struct acpi_fadt *f = &a->fadt;
	if (n < 116) {
		warn_at(where, n, "FADT of %zu bytes is shorter than ACPI 1.0's 116; ignored", n);
		return;
	}
	f->present = true;
	f->revision = p[8];
	f->length = (uint32_t)n;
	f->facs = le32(p + 36);
	f->sci = le16(p + 46);
	f->flags = le32(p + 112);
	f->hw_reduced = (f->flags >> 20) & 1;
	if (n >= 140 && le64(p + 132) != 0)
		f->facs = le64(p + 132);
	f->pm1a_evt = pm1_block(p, n, 148, 56, p[88]);
	f->pm1b_evt = pm1_block(p, n, 160, 60, p[88]);
	f->pm1a_cnt = pm1_block(p, n, 172, 64, p[89]);
	f->pm1b_cnt = pm1_block(p, n, 184, 68, p[89]);
	if (n >= 129) {
		f->has_reset = true;
		f->reset = gas_at(p + 116);
		f->reset_value = p[128];
	}
	(void)where;
}

/* ---- DSDT: Name (_Sx_, Package () {a, b, c, ...}) ---- */

/* An AML integer constant at p[*off]; false for anything else. */
static bool aml_integer(const uint8_t *p, size_t n, size_t *off, uint64_t *v)
{
	static const uint8_t width[256] = {[0x0a] = 1, [0x0b] = 2, [0x0c] = 4, [0x0e] = 8};
	uint8_t op = p[*off];
	if (op == 0x00 || op == 0x01 || op == 0xff) {
		*v = op == 0xff ? UINT64_MAX : op;
		*off += 1;
		return true;
	}
	size_t w = width[op];
	if (!w || *off + 1 + w > n)
		return false;
	*v = 0;
	for (size_t i = 0; i < w; i++)
		*v |= (uint64_t)p[*off + 1 + i] << (8 * i);
	*off += 1 + w;
	return true;
}

static bool aml_package(const uint8_t *p, size_t n, size_t off, struct acpi_sleep *s)
{
	if (off + 2 > n || p[off] != 0x12)
		return false;
	size_t follow = p[off + 1] >> 6;
	off += 2 + follow; /* PkgLength: the lead byte says how many bytes follow it */
	if (off + 1 > n)
		return false;
	size_t count = p[off++];
	uint64_t v[3] = {0, 0, 0};
	for (size_t i = 0; i < count && i < 3; i++)
		if (off >= n || !aml_integer(p, n, &off, &v[i]))
			return false;
	*s = (struct acpi_sleep){true, v[0], v[1], v[2]};
	return count >= 2;
}

static void find_sleep(const uint8_t *p, size_t n, const char *name, const char *where,
		       struct acpi_sleep *s)
{
	for (size_t off = HDR_LEN; off + 5 <= n; off++) {
		if (p[off] != 0x08 || memcmp(p + off + 1, name, 4) != 0)
			continue;
		if (aml_package(p, n, off + 5, s))
			return;
		warn_at(where, off, "Name (%s) is not a package of integer constants; ignored",
			name);
		*s = (struct acpi_sleep){0};
	}
}

static void parse_dsdt(const uint8_t *p, size_t n, const char *where, struct acpi *a)
{
	find_sleep(p, n, "_S3_", where, &a->s3);
	find_sleep(p, n, "_S5_", where, &a->s5);
}

void acpi_parse(enum acpi_table t, const uint8_t *p, size_t n, const char *where, struct acpi *a)
{
	size_t len = check_header(p, n, names[t], where);
	if (!len)
		return;
	switch (t) {
	case ACPI_APIC:
		parse_madt(p, len, where, a);
		break;
	case ACPI_MCFG:
		parse_mcfg(p, len, where, a);
		break;
	case ACPI_DMAR:
		parse_dmar(p, len, where, a);
		break;
	case ACPI_FACP:
		parse_fadt(p, len, where, a);
		break;
	case ACPI_DSDT:
		parse_dsdt(p, len, where, a);
		break;
	default:
		break;
	}
}

/* Tables are at most this big (a large DSDT is about 1 MiB). */
#define TABLE_MAX (16u << 20)

void acpi_read(struct source *s, struct acpi *a)
{
	struct buf b = {0};
	for (int t = 0; t < ACPI_COUNT; t++) {
		char *path = xasprintf("/sys/firmware/acpi/tables/%s", names[t]);
		a->status[t] = source_read(s, path, TABLE_MAX, 0, &b);
		if (a->status[t] == 0) {
			char *where = source_path(s, path);
			acpi_parse((enum acpi_table)t, (const uint8_t *)b.data, b.len, where, a);
			free(where);
		}
		free(path);
	}
	buf_free(&b);
}

void acpi_free(struct acpi *a)
{
	for (size_t i = 0; i < a->ndrhds; i++)
		free(a->drhds[i].scopes);
	free(a->drhds);
	free(a->lapics);
	free(a->ioapics);
	memset(a, 0, sizeof(*a));
}
