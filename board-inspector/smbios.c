/*
 * The DMI structure table: each structure is a formatted area (its length in byte 1) followed
 * by a set of NUL-terminated strings ended by an empty one. Both are bounds-checked.
 */
#include "smbios.h"

#include <string.h>
#include <stdlib.h>

#include "source.h"
#include "util.h"

#define MAX_STRUCTS 4096
#define MAX_STRINGS 64

struct strings {
	const char *s[MAX_STRINGS];
	size_t n;
};

/* Finds the strings after the formatted area; returns the offset after the set, or 0. */
static size_t string_set(const uint8_t *p, size_t n, size_t at, struct strings *str)
{
	str->n = 0;
	if (at + 1 < n && p[at] == 0 && p[at + 1] == 0)
		return at + 2;
	for (size_t i = at; i < n;) {
		const uint8_t *nul = memchr(p + i, 0, n - i);
		if (!nul)
			return 0;
		if (str->n < MAX_STRINGS)
			str->s[str->n++] = (const char *)p + i;
		i = (size_t)(nul - p) + 1;
		if (i < n && p[i] == 0)
			return i + 1;
	}
	return 0;
}

static char *string_at(const struct strings *str, const uint8_t *f, size_t len, size_t field)
{
	size_t k = field < len ? f[field] : 0;
	if (k == 0 || k > str->n)
		return NULL;
	return clean_text(str->s[k - 1], strlen(str->s[k - 1]));
}

static void replace(char **dst, char *value)
{
	free(*dst);
	*dst = value;
}

static void bios_info(struct smbios *m, const uint8_t *f, size_t len, const struct strings *str)
{
	m->have_bios = true;
	replace(&m->bios_vendor, string_at(str, f, len, 4));
	replace(&m->bios_version, string_at(str, f, len, 5));
	replace(&m->bios_date, string_at(str, f, len, 8));
	if (len >= 0x16 && f[0x14] != 0xff)
		replace(&m->bios_revision, xasprintf("%u.%u", f[0x14], f[0x15]));
}

static void board_info(struct smbios *m, const uint8_t *f, size_t len, const struct strings *str)
{
	m->have_board = true;
	replace(&m->board_vendor, string_at(str, f, len, 4));
	replace(&m->board_product, string_at(str, f, len, 5));
	replace(&m->board_version, string_at(str, f, len, 6));
}

void smbios_parse(const uint8_t *p, size_t n, const char *where, struct smbios *m)
{
	struct strings str;
	size_t off = 0;
	for (size_t count = 0; off + 4 <= n && count < MAX_STRUCTS; count++) {
		size_t len = p[off + 1], next;
		if (len < 4 || off + len > n) {
			warn_at(where, off,
				"structure of length %zu does not fit (%zu bytes left); "
				"the rest of the table is ignored",
				len, n - off);
			return;
		}
		next = string_set(p, n, off + len, &str);
		if (!next) {
			warn_at(where, off + len,
				"strings of the type %u structure are not "
				"terminated; the rest of the table is ignored",
				p[off]);
			return;
		}
		if (p[off] == 0 && !m->have_bios)
			bios_info(m, p + off, len, &str);
		else if (p[off] == 2 && !m->have_board)
			board_info(m, p + off, len, &str);
		else if (p[off] == 127)
			return;
		off = next;
	}
}

static char *dmi_id(struct source *s, const char *file)
{
	struct buf b = {0};
	char *path = xasprintf("/sys/class/dmi/id/%s", file), *v = NULL;
	if (source_read(s, path, 4096, 0, &b) == 0 && *trim(b.data)) {
		char *t = trim(b.data);
		v = clean_text(t, strlen(t));
	}
	free(path);
	buf_free(&b);
	return v;
}

/* World-readable copies of the same strings, for non-root runs. */
static void from_sysfs(struct source *s, struct smbios *m)
{
	m->bios_vendor = dmi_id(s, "bios_vendor");
	m->bios_version = dmi_id(s, "bios_version");
	m->bios_date = dmi_id(s, "bios_date");
	m->bios_revision = dmi_id(s, "bios_release");
	m->board_vendor = dmi_id(s, "board_vendor");
	m->board_product = dmi_id(s, "board_name");
	m->board_version = dmi_id(s, "board_version");
	m->have_bios = m->bios_vendor || m->bios_version;
	m->have_board = m->board_vendor || m->board_product;
	if (m->have_bios || m->have_board)
		m->from = "/sys/class/dmi/id";
}

void smbios_read(struct source *s, struct smbios *m)
{
	struct buf b = {0};
	m->status = source_read(s, "/sys/firmware/dmi/tables/DMI", 16u << 20, 0, &b);
	if (m->status == 0) {
		char *where = source_path(s, "/sys/firmware/dmi/tables/DMI");
		smbios_parse((const uint8_t *)b.data, b.len, where, m);
		free(where);
		m->from = "/sys/firmware/dmi/tables/DMI";
	}
	buf_free(&b);
	if (!m->have_bios && !m->have_board)
		from_sysfs(s, m);
}

void smbios_free(struct smbios *m)
{
	char **all[] = {&m->bios_vendor,  &m->bios_version,  &m->bios_date,    &m->bios_revision,
			&m->board_vendor, &m->board_product, &m->board_version};
	for (size_t i = 0; i < ARRAY_SIZE(all); i++)
		free(*all[i]);
	memset(m, 0, sizeof(*m));
}
