/* The memory map readers. */
#include "memmap.h"

#include <stdlib.h>
#include <string.h>

#include "source.h"

#define MEMMAP_MAX 4096

static void add(struct mem_range **v, size_t *n, size_t *cap, uint64_t start, uint64_t end,
		const char *type)
{
	GROW(*v, *n, *cap);
	(*v)[(*n)++] = (struct mem_range){start, end, xstrdup(type)};
}

static int rangecmp(const void *a, const void *b)
{
	const struct mem_range *x = a, *y = b;
	return x->start < y->start ? -1 : x->start > y->start;
}

/* Reads one small text file below dir; returns its trimmed text or NULL. */
static char *read_value(struct source *s, const char *dir, const char *file, char **where)
{
	struct buf b = {0};
	char *path = xasprintf("%s/%s", dir, file);
	char *value = NULL;
	*where = source_path(s, path);
	if (source_read(s, path, 4096, 0, &b) == 0)
		value = xstrdup(trim(b.data));
	free(path);
	buf_free(&b);
	return value;
}

static void memmap_entry(struct source *s, const char *name, struct memmap *m)
{
	char *dir = xasprintf("/sys/firmware/memmap/%s", name), *where[3];
	char *v[3] = {read_value(s, dir, "start", &where[0]), read_value(s, dir, "end", &where[1]),
		      read_value(s, dir, "type", &where[2])};
	uint64_t a, b;
	if (!v[0] || !v[1] || !v[2] || parse_u64(v[0], &a) != 0 || parse_u64(v[1], &b) != 0 ||
	    b < a) {
		warn("%s: expected start and end addresses (0x hex, start <= end) and a type; "
		     "entry ignored",
		     where[0]);
	} else {
		char *type = clean_text(v[2], strlen(v[2]));
		add(&m->fw, &m->nfw, &m->capfw, a, b, type);
		free(type);
	}
	for (size_t i = 0; i < 3; i++) {
		free(v[i]);
		free(where[i]);
	}
	free(dir);
}

static bool numeric(const char *s)
{
	return *s && strspn(s, "0123456789") == strlen(s);
}

static void read_firmware_map(struct source *s, struct memmap *m)
{
	char **names;
	size_t n;
	m->memmap_status = source_list(s, "/sys/firmware/memmap", &names, &n);
	for (size_t i = 0; i < n && i < MEMMAP_MAX; i++)
		if (numeric(names[i]))
			memmap_entry(s, names[i], m);
	source_free_list(names, n);
	if (m->nfw > 1)
		qsort(m->fw, m->nfw, sizeof(*m->fw), rangecmp);
}

/* "  00100000-bfffffff : System RAM": returns the indent, or -1 for an unreadable line. */
static int iomem_line(const char *l, uint64_t *start, uint64_t *end, const char **name)
{
	size_t indent = strspn(l, " ");
	const char *dash = strchr(l + indent, '-'), *sep = strstr(l + indent, " : ");
	if (!dash || !sep || sep < dash ||
	    parse_hex_n(l + indent, (size_t)(dash - l - indent), start) != 0 ||
	    parse_hex_n(dash + 1, (size_t)(sep - dash - 1), end) != 0 || *end < *start)
		return -1;
	*name = sep + 3;
	return (int)(indent > 64 ? 64 : indent);
}

static void iomem_keep(struct memmap *m, const char *l, size_t n, int indent, uint64_t start,
		       uint64_t end, const char *name, bool *zero)
{
	char *clean = clean_text(l, n);
	buf_puts(&m->iomem, clean);
	buf_puts(&m->iomem, "\n");
	free(clean);
	*zero &= start == 0 && end == 0;
	if (indent == 0 && strcmp(name, "System RAM") == 0)
		add(&m->ram, &m->nram, &m->capram, start, end, "System RAM");
}

void memmap_parse_iomem(const char *text, size_t len, const char *where, struct memmap *m)
{
	size_t lineno = 0;
	bool zero = true;
	for (size_t pos = 0; pos < len;) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - (text + pos)) : len - pos;
		char *l = xstrndup(text + pos, n);
		uint64_t start, end;
		const char *name;
		int indent = iomem_line(l, &start, &end, &name);
		lineno++;
		if (indent >= 0)
			iomem_keep(m, l, strlen(l), indent, start, end, name, &zero);
		else if (*trim(l))
			warn_line(where, lineno,
				  "expected 'START-END : NAME' in hex; line left out");
		free(l);
		pos += n + 1;
	}
	m->iomem_zero = zero && m->iomem.len;
}

static void read_meminfo(struct source *s, struct memmap *m)
{
	struct buf b = {0};
	m->meminfo_status = source_read(s, "/proc/meminfo", 1u << 20, 0, &b);
	const char *p = m->meminfo_status == 0 ? strstr(b.data, "MemTotal:") : NULL;
	if (p) {
		char *line = xstrndup(p + 9, strcspn(p + 9, "\n"));
		char *kb = strstr(line, "kB");
		if (kb)
			*kb = '\0';
		m->have_total = kb && parse_u64(line, &m->total_kb) == 0;
		free(line);
	}
	if (m->meminfo_status == 0 && !m->have_total)
		warn("/proc/meminfo: no readable 'MemTotal: N kB' line");
	buf_free(&b);
}

static void clear_ram(struct memmap *m)
{
	for (size_t i = 0; i < m->nram; i++)
		free(m->ram[i].type);
	m->nram = 0;
}

/* The firmware map is the better source of RAM: /proc/iomem hides the first page, and it
 * reads as zeros for non-root users. */
static void choose_ram(struct memmap *m)
{
	if (m->nfw) {
		clear_ram(m);
		for (size_t i = 0; i < m->nfw; i++)
			if (strcmp(m->fw[i].type, "System RAM") == 0)
				add(&m->ram, &m->nram, &m->capram, m->fw[i].start, m->fw[i].end,
				    "System RAM");
		m->ram_source = "/sys/firmware/memmap";
	} else if (m->nram && !m->iomem_zero) {
		m->ram_source = "/proc/iomem";
	} else {
		clear_ram(m);
	}
	if (m->nram > 1)
		qsort(m->ram, m->nram, sizeof(*m->ram), rangecmp);
}

void memmap_read(struct source *s, struct memmap *m)
{
	struct buf b = {0};
	read_firmware_map(s, m);
	m->iomem_status = source_read(s, "/proc/iomem", 8u << 20, 0, &b);
	if (m->iomem_status == 0) {
		char *where = source_path(s, "/proc/iomem");
		memmap_parse_iomem(b.data, b.len, where, m);
		free(where);
	}
	buf_free(&b);
	choose_ram(m);
	read_meminfo(s, m);
}

static void free_ranges(struct mem_range *r, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(r[i].type);
	free(r);
}

void memmap_free(struct memmap *m)
{
	free_ranges(m->fw, m->nfw);
	free_ranges(m->ram, m->nram);
	buf_free(&m->iomem);
	memset(m, 0, sizeof(*m));
}
