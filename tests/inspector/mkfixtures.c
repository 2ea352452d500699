/*
 * mkfixtures DIR: writes the hand-made sysroot fixtures of the board-inspector tests below DIR
 * (DIR/hybrid, DIR/server, DIR/amd-epyc, DIR/malformed, DIR/nothing), each describing a
 * machine the development VMs cannot show. The committed fixtures are its output;
 * run-inspector checks they still are. Build: cc -std=c11 -o mkfixtures mkfixtures.c
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static char outdir[4096];

static void die(const char *what)
{
	perror(what);
	exit(1);
}

static void mkdirs(char *path)
{
	for (char *p = path + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(path, 0755) != 0 && errno != EEXIST)
			die(path);
		*p = '/';
	}
}

static void put(const char *rel, const void *data, size_t n)
{
	char path[8192];
	snprintf(path, sizeof(path), "%s/%s", outdir, rel);
	mkdirs(path);
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(data, 1, n, f) != n || fclose(f) != 0)
		die(path);
}

static void putf(const char *rel, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void putf(const char *rel, const char *fmt, ...)
{
	char *text = NULL;
	va_list ap;
	va_start(ap, fmt);
	int n = vasprintf(&text, fmt, ap);
	va_end(ap);
	if (n < 0)
		die("vasprintf");
	put(rel, text, (size_t)n);
	free(text);
}

/* ---- binary blobs ---- */

struct blob {
	uint8_t b[65536];
	size_t n;
};

static void b8(struct blob *b, unsigned v)
{
	b->b[b->n++] = (uint8_t)v;
}

static void b16(struct blob *b, unsigned v)
{
	b8(b, v & 0xff);
	b8(b, (v >> 8) & 0xff);
}

static void b32(struct blob *b, uint32_t v)
{
	b16(b, v & 0xffff);
	b16(b, v >> 16);
}

static void b64(struct blob *b, uint64_t v)
{
	b32(b, (uint32_t)v);
	b32(b, (uint32_t)(v >> 32));
}

static void bstr(struct blob *b, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		b8(b, i < strlen(s) ? (uint8_t)s[i] : 0);
}

static void set16(struct blob *b, size_t at, unsigned v)
{
	b->b[at] = (uint8_t)v;
	b->b[at + 1] = (uint8_t)(v >> 8);
}

static void set32(struct blob *b, size_t at, uint32_t v)
{
	set16(b, at, v & 0xffff);
	set16(b, at + 2, v >> 16);
}

/* ---- ACPI ---- */

static void acpi_begin(struct blob *b, const char *sig, unsigned rev)
{
	b->n = 0;
	bstr(b, sig, 4);
	b32(b, 0); /* length, set by acpi_end */
	b8(b, rev);
	b8(b, 0); /* checksum */
	bstr(b, "MKFIX", 6);
	bstr(b, "FIXTURE", 8);
	b32(b, 1);
	bstr(b, "MKFX", 4);
	b32(b, 1);
}

static void acpi_end(struct blob *b, bool good_checksum)
{
	uint8_t sum = 0;
	set32(b, 4, (uint32_t)b->n);
	for (size_t i = 0; i < b->n; i++)
		sum = (uint8_t)(sum + b->b[i]);
	b->b[9] = (uint8_t)(-sum + (good_checksum ? 0 : 1));
}

static void put_table(const char *sig, const struct blob *b)
{
	char rel[256];
	snprintf(rel, sizeof(rel), "sys/firmware/acpi/tables/%s", sig);
	put(rel, b->b, b->n);
}

static void madt_begin(struct blob *b)
{
	acpi_begin(b, "APIC", 5);
	b32(b, 0xfee00000);
	b32(b, 1); /* PCAT_COMPAT */
}

static void madt_lapic(struct blob *b, unsigned uid, unsigned apic)
{
	b8(b, 0);
	b8(b, 8);
	b8(b, uid);
	b8(b, apic);
	b32(b, 1);
}

static void madt_x2apic(struct blob *b, uint32_t uid, uint32_t x2apic)
{
	b8(b, 9);
	b8(b, 16);
	b16(b, 0);
	b32(b, x2apic);
	b32(b, 1);
	b32(b, uid);
}

static void madt_ioapic(struct blob *b, unsigned id, uint32_t address, uint32_t gsi_base)
{
	b8(b, 1);
	b8(b, 12);
	b8(b, id);
	b8(b, 0);
	b32(b, address);
	b32(b, gsi_base);
}

static void madt_iso(struct blob *b, unsigned irq, uint32_t gsi)
{
	b8(b, 2);
	b8(b, 10);
	b8(b, 0);
	b8(b, irq);
	b32(b, gsi);
	b16(b, 0);
}

static void mcfg(uint64_t ecam, unsigned last_bus)
{
	struct blob b;
	acpi_begin(&b, "MCFG", 1);
	b64(&b, 0);
	b64(&b, ecam);
	b16(&b, 0);
	b8(&b, 0);
	b8(&b, last_bus);
	b32(&b, 0);
	acpi_end(&b, true);
	put_table("MCFG", &b);
}

static void dmar_begin(struct blob *b)
{
	acpi_begin(b, "DMAR", 1);
	b8(b, 38); /* host address width - 1 */
	b8(b, 1);  /* INTR_REMAP */
	for (int i = 0; i < 10; i++)
		b8(b, 0);
}

/* Starts a DRHD; returns its offset so dmar_close can set its length. */
static size_t drhd_begin(struct blob *b, unsigned flags, unsigned segment, uint64_t base)
{
	size_t at = b->n;
	b16(b, 0);
	b16(b, 0);
	b8(b, flags);
	b8(b, 0);
	b16(b, segment);
	b64(b, base);
	return at;
}

static void dmar_close(struct blob *b, size_t at)
{
	set16(b, at + 2, (unsigned)(b->n - at));
}

static void scope(struct blob *b, unsigned type, unsigned id, unsigned bus, unsigned dev,
		  unsigned fn)
{
	b8(b, type);
	b8(b, 8);
	b16(b, 0);
	b8(b, id);
	b8(b, bus);
	b8(b, dev);
	b8(b, fn);
}

/* An RMRR (type 1), which the inspector skips. */
static void rmrr(struct blob *b, uint64_t start, uint64_t end)
{
	size_t at = b->n;
	b16(b, 1);
	b16(b, 0);
	b16(b, 0);
	b16(b, 0);
	b64(b, start);
	b64(b, end);
	scope(b, 1, 0, 0, 0x14, 0);
	dmar_close(b, at);
}

struct gas {
	unsigned space, width, offset, access;
	uint64_t address;
};

static void bgas(struct blob *b, struct gas g)
{
	b8(b, g.space);
	b8(b, g.width);
	b8(b, g.offset);
	b8(b, g.access);
	b64(b, g.address);
}

struct fadt_spec {
	unsigned rev, length; /* 116 for ACPI 1.0, 276 for 6.x */
	uint32_t facs, flags;
	unsigned sci;
	uint32_t pm1a_evt, pm1a_cnt;
	struct gas reset;
	unsigned reset_value;
	bool x_blocks;
};

static void fadt(const struct fadt_spec *s)
{
	struct blob b;
	acpi_begin(&b, "FACP", s->rev);
	b32(&b, s->facs);     /* 36 FIRMWARE_CTRL */
	b32(&b, 0x7ff00000);  /* 40 DSDT */
	b8(&b, 0);	      /* 44 */
	b8(&b, 0);	      /* 45 preferred PM profile */
	b16(&b, s->sci);      /* 46 */
	b32(&b, 0xb2);	      /* 48 SMI_CMD */
	b32(&b, 0);	      /* 52 ACPI_ENABLE.. */
	b32(&b, s->pm1a_evt); /* 56 PM1a_EVT_BLK */
	b32(&b, 0);	      /* 60 PM1b_EVT_BLK */
	b32(&b, s->pm1a_cnt); /* 64 PM1a_CNT_BLK */
	b32(&b, 0);	      /* 68 PM1b_CNT_BLK */
	while (b.n < 88)
		b8(&b, 0);
	b8(&b, 4); /* 88 PM1_EVT_LEN */
	b8(&b, 2); /* 89 PM1_CNT_LEN */
	while (b.n < 112)
		b8(&b, 0);
	b32(&b, s->flags); /* 112 */
	if (s->length > 116) {
		bgas(&b, s->reset);	/* 116 RESET_REG */
		b8(&b, s->reset_value); /* 128 */
		while (b.n < 132)
			b8(&b, 0);
		b64(&b, 0); /* 132 X_FIRMWARE_CTRL */
		b64(&b, 0); /* 140 X_DSDT */
		struct gas none = {0, 0, 0, 0, 0};
		bgas(&b, s->x_blocks ? (struct gas){1, 32, 0, 2, s->pm1a_evt} : none);
		bgas(&b, none);
		bgas(&b, s->x_blocks ? (struct gas){1, 16, 0, 2, s->pm1a_cnt} : none);
		bgas(&b, none);
		while (b.n < s->length)
			b8(&b, 0);
	}
	acpi_end(&b, true);
	put_table("FACP", &b);
}

/* An integer constant: Zero and One opcodes, else BytePrefix. */
static void aml_int(struct blob *b, unsigned v)
{
	if (v > 1)
		b8(b, 0x0a);
	b8(b, v);
}

/* Name (_Sx_, Package (4) {a, c, 0, 0}), as compilers emit it. */
static void aml_sleep(struct blob *b, const char *name, unsigned a, unsigned c)
{
	b8(b, 0x08);
	bstr(b, name, 4);
	b8(b, 0x12);
	b8(b, 2 + (a > 1 ? 2 : 1) + (c > 1 ? 2 : 1) + 2); /* PkgLength counts itself */
	b8(b, 4);
	aml_int(b, a);
	aml_int(b, c);
	aml_int(b, 0);
	aml_int(b, 0);
}

static void dsdt_with(const char *extra, size_t n)
{
	struct blob b;
	acpi_begin(&b, "DSDT", 2);
	/* Scope (\_SB) { Device (PCI0) {} }: a little AML around the names */
	const uint8_t scope[] = {0x10, 0x0d, '\\', '_', 'S', 'B', '_',	0x5b,
				 0x82, 0x06, 'P',  'C', 'I', '0', 0x00, 0x00};
	for (size_t i = 0; i < sizeof(scope); i++)
		b8(&b, scope[i]);
	for (size_t i = 0; i < n; i++)
		b8(&b, (uint8_t)extra[i]);
	acpi_end(&b, true);
	put_table("DSDT", &b);
}

static void empty_table(const char *sig)
{
	struct blob b;
	acpi_begin(&b, sig, 4);
	for (int i = 0; i < 16; i++)
		b8(&b, 0);
	acpi_end(&b, true);
	put_table(sig, &b);
}

/* ---- CPUID ---- */

struct cache_spec {
	unsigned level, type, ways, partitions, line, sets, sharing;
	bool inclusive, complex;
};

struct level_spec {
	unsigned type, shift;
};

struct cpu_spec {
	const char *vendor, *brand;
	uint32_t sig, max_leaf, max_ext;
	uint32_t l1_ecx, l1_edx, l6_eax, l7_ebx, l7_ecx, l7_edx, ext_ecx, ext_edx;
	uint32_t topo_leaf;
	struct level_spec levels[4];
	uint32_t cache_leaf;
	struct cache_spec caches[6];
	uint32_t leaf1a;
	unsigned l3_cbm, l3_clos, l2_cbm, l2_clos; /* 0: no CAT at that level */
	bool l3_cdp, l2_cdp;
	uint32_t addr_bits;
};

static void line(FILE *f, unsigned cpu, uint32_t leaf, uint32_t sub, uint32_t a, uint32_t b,
		 uint32_t c, uint32_t d)
{
	fprintf(f, "%u 0x%08x 0x%x 0x%08x 0x%08x 0x%08x 0x%08x\n", cpu, leaf, sub, a, b, c, d);
}

static uint32_t chars(const char *s)
{
	uint32_t v = 0;
	for (int i = 0; i < 4 && s[i]; i++)
		v |= (uint32_t)(uint8_t)s[i] << (8 * i);
	return v;
}

static void caches(FILE *f, unsigned cpu, uint32_t leaf, const struct cpu_spec *s)
{
	unsigned k = 0;
	for (; k < ARRAY_SIZE(s->caches) && s->caches[k].level; k++) {
		const struct cache_spec *c = &s->caches[k];
		uint32_t a = c->type | c->level << 5 | 1u << 8 | (c->sharing - 1) << 14;
		uint32_t b = (c->line - 1) | (c->partitions - 1) << 12 | (c->ways - 1) << 22;
		uint32_t d = (uint32_t)c->inclusive << 1 | (uint32_t)c->complex << 2;
		line(f, cpu, leaf, k, a, b, c->sets - 1, d);
	}
	line(f, cpu, leaf, k, 0, 0, 0, 0);
}

static void topology(FILE *f, unsigned cpu, uint32_t leaf, uint32_t x2apic,
		     const struct level_spec *lv, size_t n)
{
	size_t k = 0;
	for (; k < n && lv[k].type; k++)
		line(f, cpu, leaf, (uint32_t)k, lv[k].shift, 1u << lv[k].shift,
		     lv[k].type << 8 | (uint32_t)k, x2apic);
	line(f, cpu, leaf, (uint32_t)k, 0, 0, (uint32_t)k, x2apic);
}

static void rdt(FILE *f, unsigned cpu, const struct cpu_spec *s)
{
	uint32_t mask = (s->l3_cbm ? 2u : 0) | (s->l2_cbm ? 4u : 0);
	line(f, cpu, 0x10, 0, 0, mask, 0, 0);
	if (s->l3_cbm)
		line(f, cpu, 0x10, 1, s->l3_cbm - 1, 0, (uint32_t)s->l3_cdp << 2, s->l3_clos - 1);
	if (s->l2_cbm)
		line(f, cpu, 0x10, 2, s->l2_cbm - 1, 0, (uint32_t)s->l2_cdp << 2, s->l2_clos - 1);
}

static void basic_leaves(FILE *f, unsigned cpu, uint32_t x2apic, const struct cpu_spec *s)
{
	line(f, cpu, 0, 0, s->max_leaf, chars(s->vendor), chars(s->vendor + 8),
	     chars(s->vendor + 4));
	line(f, cpu, 1, 0, s->sig, (x2apic & 0xff) << 24 | 0x10u << 16 | 0x0800, s->l1_ecx,
	     s->l1_edx);
	if (s->cache_leaf == 4)
		caches(f, cpu, 4, s);
	else
		line(f, cpu, 4, 0, 0, 0, 0, 0);
	line(f, cpu, 6, 0, s->l6_eax, 0, 0, 0);
	line(f, cpu, 7, 0, 0, s->l7_ebx, s->l7_ecx, s->l7_edx);
	if (s->topo_leaf == 0x1f) {
		/* Leaf 0xB shows SMT and one core level up to the package. */
		size_t last = 0;
		while (last + 1 < ARRAY_SIZE(s->levels) && s->levels[last + 1].type)
			last++;
		struct level_spec two[2] = {s->levels[0], {2, s->levels[last].shift}};
		topology(f, cpu, 0xb, x2apic, two, 2);
	}
	if (s->topo_leaf)
		topology(f, cpu, s->topo_leaf, x2apic, s->levels, ARRAY_SIZE(s->levels));
	if (s->max_leaf >= 0x10)
		rdt(f, cpu, s);
	if (s->max_leaf >= 0x1a)
		line(f, cpu, 0x1a, 0, s->leaf1a, 0, 0, 0);
}

static void ext_leaves(FILE *f, unsigned cpu, const struct cpu_spec *s)
{
	char brand[48] = {0};
	strncpy(brand, s->brand, sizeof(brand) - 1);
	line(f, cpu, 0x80000000u, 0, s->max_ext, 0, 0, 0);
	line(f, cpu, 0x80000001u, 0, 0, 0, s->ext_ecx, s->ext_edx);
	for (uint32_t i = 0; i < 3; i++)
		line(f, cpu, 0x80000002u + i, 0, chars(brand + 16 * i), chars(brand + 16 * i + 4),
		     chars(brand + 16 * i + 8), chars(brand + 16 * i + 12));
	line(f, cpu, 0x80000007u, 0, 0, 0, 0, 1u << 8);
	line(f, cpu, 0x80000008u, 0, s->addr_bits, 0, 0, 0);
	if (s->cache_leaf == 0x8000001du)
		caches(f, cpu, 0x8000001du, s);
}

static void cpuid_cpu(FILE *f, unsigned cpu, uint32_t x2apic, const struct cpu_spec *s)
{
	basic_leaves(f, cpu, x2apic, s);
	ext_leaves(f, cpu, s);
}

/* A full set of VMX capabilities and the other MSRs the inspector reads. */
static void msrs(FILE *f, unsigned cpu, unsigned hwp_high, unsigned hwp_guar)
{
	fprintf(f, "%u 0x3a 0x0000000000000005\n", cpu);
	fprintf(f, "%u 0x1a0 0x0000000000850089\n", cpu);
	fprintf(f, "%u 0x480 0x00da040000000004\n", cpu);
	fprintf(f, "%u 0x481 0x000000ff00000016\n", cpu);
	fprintf(f, "%u 0x482 0xfffbfffe0401e172\n", cpu);
	fprintf(f, "%u 0x483 0x01ffffff00036dff\n", cpu);
	fprintf(f, "%u 0x484 0x0003ffff000011ff\n", cpu);
	fprintf(f, "%u 0x48b 0x005fffff00000000\n", cpu);
	fprintf(f, "%u 0x48c 0x00000f0106734141\n", cpu);
	fprintf(f, "%u 0x771 0x%016llx\n", cpu,
		(unsigned long long)(0x01u << 24 | 0x08u << 16 | hwp_guar << 8 | hwp_high));
}

/* ---- PCI ---- */

struct cfg {
	uint8_t c[4096];
	size_t n;
	uint8_t last_cap;
};

static void cfg16(struct cfg *c, size_t at, unsigned v)
{
	c->c[at] = (uint8_t)v;
	c->c[at + 1] = (uint8_t)(v >> 8);
}

static void cfg32(struct cfg *c, size_t at, uint32_t v)
{
	cfg16(c, at, v & 0xffff);
	cfg16(c, at + 2, v >> 16);
}

static void cfg_init(struct cfg *c, size_t n, unsigned vendor, unsigned device, uint32_t cls,
		     unsigned rev, unsigned header)
{
	memset(c, 0, sizeof(*c));
	c->n = n;
	cfg16(c, 0, vendor);
	cfg16(c, 2, device);
	cfg16(c, 4, 0x0406);
	c->c[8] = (uint8_t)rev;
	c->c[9] = (uint8_t)cls;
	c->c[0xa] = (uint8_t)(cls >> 8);
	c->c[0xb] = (uint8_t)(cls >> 16);
	c->c[0xe] = (uint8_t)header;
	if ((header & 0x7f) == 0) {
		cfg16(c, 0x2c, vendor);
		cfg16(c, 0x2e, 0x7270);
	}
}

static void cfg_bridge(struct cfg *c, unsigned bus, unsigned secondary, unsigned subordinate)
{
	c->c[0x18] = (uint8_t)bus;
	c->c[0x19] = (uint8_t)secondary;
	c->c[0x1a] = (uint8_t)subordinate;
}

/* Appends a standard capability at `at`, linked from the previous one. */
static void cap(struct cfg *c, uint8_t at, uint8_t id)
{
	if (!c->last_cap) {
		c->c[0x34] = at;
		cfg16(c, 6, 0x0010);
	} else {
		c->c[c->last_cap + 1] = at;
	}
	c->c[at] = id;
	c->c[at + 1] = 0;
	c->last_cap = at;
}

static void cap_msi(struct cfg *c, uint8_t at, unsigned log2_vectors, bool is64, bool mask)
{
	cap(c, at, 0x05);
	cfg16(c, at + 2, log2_vectors << 1 | (unsigned)is64 << 7 | (unsigned)mask << 8);
}

static void cap_msix(struct cfg *c, uint8_t at, unsigned size, unsigned bir, uint32_t table,
		     unsigned pba_bir, uint32_t pba)
{
	cap(c, at, 0x11);
	cfg16(c, at + 2, size - 1);
	cfg32(c, at + 4, table | bir);
	cfg32(c, at + 8, pba | pba_bir);
}

static void cap_ssvid(struct cfg *c, uint8_t at, unsigned vendor, unsigned device)
{
	cap(c, at, 0x0d);
	cfg16(c, at + 4, vendor);
	cfg16(c, at + 6, device);
}

static void ext(struct cfg *c, unsigned at, unsigned id, unsigned next)
{
	cfg32(c, at, id | 1u << 16 | next << 20);
}

static void ext_sriov(struct cfg *c, unsigned at, unsigned next, unsigned total, unsigned num,
		      unsigned offset, unsigned stride, unsigned vf_device)
{
	ext(c, at, 0x10, next);
	cfg16(c, at + 0x0c, total);
	cfg16(c, at + 0x0e, total);
	cfg16(c, at + 0x10, num);
	cfg16(c, at + 0x14, offset);
	cfg16(c, at + 0x16, stride);
	cfg16(c, at + 0x1a, vf_device);
	cfg32(c, at + 0x1c, 0x553);
}

struct res {
	char text[2048];
	size_t n;
};

#define MEM  0x200u
#define IO   0x100u
#define PREF 0x2000u
#define M64  0x100000u

static void res_add(struct res *r, uint64_t start, uint64_t size, uint32_t flags)
{
	uint64_t end = size ? start + size - 1 : 0;
	r->n += (size_t)snprintf(r->text + r->n, sizeof(r->text) - r->n,
				 "0x%016llx 0x%016llx 0x%016llx\n", (unsigned long long)start,
				 (unsigned long long)end, (unsigned long long)(size ? flags : 0));
}

/* Pads with empty lines up to `lines` (7 without kernel IOV support, 13 with). */
static void res_pad(struct res *r, size_t lines)
{
	size_t have = 0;
	for (size_t i = 0; i < r->n; i++)
		have += r->text[i] == '\n';
	while (have++ < lines)
		res_add(r, 0, 0, 0);
}

static void put_pci(const char *name, const struct cfg *c, const struct res *r, int irq)
{
	char rel[256];
	snprintf(rel, sizeof(rel), "sys/bus/pci/devices/%s/config", name);
	put(rel, c->c, c->n);
	if (r) {
		snprintf(rel, sizeof(rel), "sys/bus/pci/devices/%s/resource", name);
		put(rel, r->text, r->n);
	}
	if (irq >= 0) {
		snprintf(rel, sizeof(rel), "sys/bus/pci/devices/%s/irq", name);
		putf(rel, "%d\n", irq);
	}
}

/* ---- common files ---- */

static void memmap(const uint64_t (*ranges)[2], const char *const *types, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char rel[128];
		snprintf(rel, sizeof(rel), "sys/firmware/memmap/%zu/start", i);
		putf(rel, "0x%llx\n", (unsigned long long)ranges[i][0]);
		snprintf(rel, sizeof(rel), "sys/firmware/memmap/%zu/end", i);
		putf(rel, "0x%llx\n", (unsigned long long)ranges[i][1]);
		snprintf(rel, sizeof(rel), "sys/firmware/memmap/%zu/type", i);
		putf(rel, "%s\n", types[i]);
	}
}

static void tty(const char *name, unsigned type, unsigned io_type, uint64_t base, unsigned irq)
{
	char rel[128];
	snprintf(rel, sizeof(rel), "sys/class/tty/%s/type", name);
	putf(rel, "%u\n", type);
	snprintf(rel, sizeof(rel), "sys/class/tty/%s/io_type", name);
	putf(rel, "%u\n", io_type);
	snprintf(rel, sizeof(rel), "sys/class/tty/%s/%s", name,
		 io_type >= 2 ? "iomem_base" : "port");
	putf(rel, "0x%llX\n", (unsigned long long)base);
	snprintf(rel, sizeof(rel), "sys/class/tty/%s/irq", name);
	putf(rel, "%u\n", irq);
}

/* An SMBIOS structure with its strings. */
static void smbios_struct(struct blob *b, unsigned type, const uint8_t *formatted, size_t len,
			  const char *const *strings, size_t nstrings)
{
	b8(b, type);
	b8(b, (unsigned)len + 4);
	b16(b, 0x100 + type);
	for (size_t i = 0; i < len; i++)
		b8(b, formatted[i]);
	for (size_t i = 0; i < nstrings; i++)
		bstr(b, strings[i], strlen(strings[i]) + 1);
	if (!nstrings)
		b8(b, 0);
	b8(b, 0);
}

static void smbios_bios_board(struct blob *b, const char *const bios[3], const char *const board[3],
			      unsigned major, unsigned minor)
{
	/* type 0 after its header: vendor 1, version 2, start segment, date 3, ROM size,
	 * characteristics (8), extensions (2), BIOS major, minor, EC major, minor */
	uint8_t t0[20] = {1, 2, 0x00, 0xf0, 3,	  0xff,		  0x80,		  0,	0,   0, 0,
			  0, 0, 0,    0x03, 0x0d, (uint8_t)major, (uint8_t)minor, 0xff, 0xff};
	uint8_t t2[11] = {1, 2, 3, 0, 0, 0x09, 0, 0, 0, 0x0a, 0};
	b->n = 0;
	smbios_struct(b, 0, t0, sizeof(t0), bios, 3);
	smbios_struct(b, 2, t2, sizeof(t2), board, 3);
	smbios_struct(b, 127, NULL, 0, NULL, 0);
	put("sys/firmware/dmi/tables/DMI", b->b, b->n);
}

/* ---- the hybrid client: P and E cores, L2 and L3 CAT, DMAR, SR-IOV, a root port ---- */

/* Leaf 1 ECX/EDX and leaf 7 of a recent Intel client part. */
#define INTEL_L1_ECX 0x7ffafbffu
#define INTEL_L1_EDX 0xbfebfbffu
#define INTEL_L7_EBX 0x239ca7ebu
#define INTEL_L7_ECX 0x98c027acu
#define INTEL_L7_EDX 0xfc1cc410u

static const struct cpu_spec adl_p = {
    .vendor = "GenuineIntel",
    .brand = "12th Gen Intel(R) Core(TM) i9-12900K",
    .sig = 0x00090672,
    .max_leaf = 0x20,
    .max_ext = 0x80000008u,
    .l1_ecx = INTEL_L1_ECX & ~(1u << 31),
    .l1_edx = INTEL_L1_EDX,
    .l6_eax = 0x00dff8f7,
    .l7_ebx = INTEL_L7_EBX,
    .l7_ecx = INTEL_L7_ECX,
    .l7_edx = INTEL_L7_EDX | 1u << 15,
    .ext_ecx = 0x121,
    .ext_edx = 0x2c100800,
    .topo_leaf = 0x1f,
    .levels = {{1, 1}, {2, 3}, {3, 5}},
    .cache_leaf = 4,
    .caches = {{1, 1, 12, 1, 64, 64, 2, false, false},
	       {1, 2, 8, 1, 64, 64, 2, false, false},
	       {2, 3, 10, 1, 64, 2048, 2, false, false},
	       {3, 3, 10, 1, 64, 49152, 32, false, true}},
    .leaf1a = 0x40000001,
    .l3_cbm = 10,
    .l3_clos = 16,
    .l2_cbm = 10,
    .l2_clos = 8,
    .l2_cdp = true,
    .addr_bits = 0x3027,
};

static struct cpu_spec adl_e(void)
{
	struct cpu_spec e = adl_p;
	e.caches[0] = (struct cache_spec){1, 1, 8, 1, 64, 64, 1, false, false};
	e.caches[1] = (struct cache_spec){1, 2, 8, 1, 64, 128, 1, false, false};
	e.caches[2] = (struct cache_spec){2, 3, 16, 1, 64, 2048, 8, false, false};
	e.leaf1a = 0x20000001;
	e.l2_cbm = 16;
	e.l2_cdp = false;
	return e;
}

static void hybrid_cpus(void)
{
	/* cpu0-3: two P cores with two threads; cpu4-7: four E cores of one module */
	static const uint32_t x2apic[8] = {0, 1, 8, 9, 16, 18, 20, 22};
	struct cpu_spec e = adl_e();
	char *text = NULL, *mtext = NULL;
	size_t n = 0, mn = 0;
	FILE *f = open_memstream(&text, &n), *m = open_memstream(&mtext, &mn);
	fprintf(f, "# hand-made: a hybrid client part (mkfixtures.c)\n");
	fprintf(m, "# CPU MSR VALUE\n");
	for (unsigned cpu = 0; cpu < 8; cpu++) {
		cpuid_cpu(f, cpu, x2apic[cpu], cpu < 4 ? &adl_p : &e);
		msrs(m, cpu, cpu < 4 ? 0x39 : 0x2c, cpu < 4 ? 0x24 : 0x1c);
	}
	fclose(f);
	fclose(m);
	put("cpuid.txt", text, n);
	put("msr.txt", mtext, mn);
	free(text);
	free(mtext);
	putf("sys/devices/system/cpu/online", "0-7\n");
	putf("sys/devices/system/cpu/present", "0-7\n");
	for (unsigned cpu = 0; cpu < 8; cpu++) {
		char rel[128];
		snprintf(rel, sizeof(rel), "sys/devices/system/cpu/cpu%u/cpufreq/freqdomain_cpus",
			 cpu);
		putf(rel, cpu < 4 ? "0 1 2 3\n" : "4 5 6 7\n");
	}
	putf("sys/devices/system/cpu/cpu0/cpufreq/scaling_driver", "intel_pstate\n");
	putf("sys/devices/system/cpu/cpu0/cpufreq/cpuinfo_min_freq", "800000\n");
	putf("sys/devices/system/cpu/cpu0/cpufreq/cpuinfo_max_freq", "5200000\n");
	static const char *const idle[][2] = {{"POLL", "0"}, {"C1_ACPI", "1"}, {"C2_ACPI", "127"}};
	for (size_t i = 0; i < 3; i++) {
		char rel[128];
		snprintf(rel, sizeof(rel), "sys/devices/system/cpu/cpu0/cpuidle/state%zu/name", i);
		putf(rel, "%s\n", idle[i][0]);
		snprintf(rel, sizeof(rel), "sys/devices/system/cpu/cpu0/cpuidle/state%zu/latency",
			 i);
		putf(rel, "%s\n", idle[i][1]);
	}
}

static void hybrid_acpi(void)
{
	static const uint32_t x2apic[8] = {0, 1, 8, 9, 16, 18, 20, 22};
	struct blob b;
	madt_begin(&b);
	for (unsigned i = 0; i < 8; i++)
		madt_lapic(&b, i, x2apic[i]);
	madt_ioapic(&b, 2, 0xfec00000, 0);
	madt_iso(&b, 0, 2);
	madt_iso(&b, 9, 9);
	acpi_end(&b, true);
	put_table("APIC", &b);
	dmar_begin(&b);
	size_t d0 = drhd_begin(&b, 0, 0, 0xfed90000);
	scope(&b, 1, 0, 0, 2, 0);
	dmar_close(&b, d0);
	size_t d1 = drhd_begin(&b, 1, 0, 0xfed91000);
	scope(&b, 3, 2, 0, 0x1e, 7);
	scope(&b, 4, 0, 0, 0x1e, 6);
	dmar_close(&b, d1);
	rmrr(&b, 0x6c000000, 0x6c7fffff);
	acpi_end(&b, true);
	put_table("DMAR", &b);
	struct fadt_spec fs = {6,      276,    0x6c9fe000,	    0x000084a5, 9,
			       0x1800, 0x1804, {1, 8, 0, 1, 0xcf9}, 6,		true};
	fadt(&fs);
	b.n = 0;
	aml_sleep(&b, "_S3_", 5, 5);
	aml_sleep(&b, "_S5_", 7, 0);
	dsdt_with((const char *)b.b, b.n);
	mcfg(0xc0000000, 0xff);
	empty_table("TPM2");
	putf("dev/kmsg", "6,1,25465,-;IOAPIC[0]: apic_id 2, version 32, address 0xfec00000, GSI "
			 "0-119\n");
}

static void hybrid_gpu(void)
{
	struct cfg c;
	struct res r = {.n = 0};
	cfg_init(&c, 4096, 0x8086, 0x4680, 0x030000, 0x0c, 0);
	cfg32(&c, 0x10, 0x00000004 | 0xa0000000u);
	cfg32(&c, 0x14, 0x60);
	cfg32(&c, 0x18, 0x0000000c);
	cfg32(&c, 0x1c, 0x40);
	cfg32(&c, 0x20, 0x3001);
	c.c[0x3d] = 1;
	cap(&c, 0x40, 0x09);
	cap(&c, 0x70, 0x10);
	cap_msi(&c, 0xac, 0, true, false);
	cap(&c, 0xd0, 0x01);
	ext(&c, 0x100, 0x1b, 0x200);
	ext(&c, 0x200, 0x0f, 0x300);
	ext_sriov(&c, 0x300, 0, 7, 2, 1, 1, 0x4680);
	res_add(&r, 0x60a0000000ull, 16 << 20, MEM | M64);
	res_add(&r, 0, 0, 0);
	res_add(&r, 0x4000000000ull, 256 << 20, MEM | M64 | PREF);
	res_add(&r, 0, 0, 0);
	res_add(&r, 0x3000, 64, IO);
	res_pad(&r, 13);
	put_pci("0000:00:02.0", &c, &r, 16);
	for (unsigned vf = 1; vf <= 2; vf++) {
		char name[32];
		struct res vr = {.n = 0};
		cfg_init(&c, 4096, 0xffff, 0xffff, 0x030000, 0x0c, 0);
		cfg16(&c, 0x2c, 0x8086);
		res_add(&vr, 0x60a1000000ull + (vf - 1) * (16u << 20), 16 << 20, MEM | M64);
		res_pad(&vr, 13);
		snprintf(name, sizeof(name), "0000:00:02.%u", vf);
		put_pci(name, &c, &vr, -1);
	}
}

static void hybrid_root_port(void);
static void hybrid_endpoints(void);

static void hybrid_pci(void)
{
	struct cfg c;
	struct res r = {.n = 0};
	cfg_init(&c, 4096, 0x8086, 0x4660, 0x060000, 0x02, 0);
	cap(&c, 0xe0, 0x09);
	res_pad(&r, 13);
	put_pci("0000:00:00.0", &c, &r, -1);
	hybrid_gpu();
	hybrid_root_port();
	hybrid_endpoints();
}

/* A root port to bus 1, which holds an NVMe drive. */
static void hybrid_root_port(void)
{
	struct cfg c;
	struct res r = {.n = 0};
	cfg_init(&c, 4096, 0x8086, 0x464d, 0x060400, 0x05, 1);
	cfg_bridge(&c, 0, 1, 1);
	c.c[0x3d] = 1;
	cap(&c, 0x40, 0x10);
	cap_msi(&c, 0x80, 0, false, false);
	cap_ssvid(&c, 0x90, 0x8086, 0x7270);
	cap(&c, 0xa0, 0x01);
	ext(&c, 0x100, 0x01, 0x220);
	ext(&c, 0x220, 0x19, 0);
	r.n = 0;
	res_pad(&r, 13);
	res_add(&r, 0, 0, 0);
	res_add(&r, 0x6e000000, 1 << 20, MEM);
	res_add(&r, 0, 0, 0);
	res_add(&r, 0, 0, 0);
	put_pci("0000:00:06.0", &c, &r, 122);
	cfg_init(&c, 4096, 0x144d, 0xa808, 0x010802, 0x00, 0);
	cfg32(&c, 0x10, 0x6e000004);
	c.c[0x3d] = 1;
	cap(&c, 0x40, 0x01);
	cap_msi(&c, 0x50, 5, true, true);
	cap(&c, 0x70, 0x10);
	cap_msix(&c, 0xb0, 33, 0, 0x3000, 0, 0x2000);
	ext(&c, 0x100, 0x01, 0x148);
	ext(&c, 0x148, 0x03, 0x158);
	ext(&c, 0x158, 0x04, 0x168);
	ext(&c, 0x168, 0x0e, 0x178);
	ext(&c, 0x178, 0x19, 0x198);
	ext(&c, 0x198, 0x18, 0x1a0);
	ext(&c, 0x1a0, 0x1e, 0);
	r.n = 0;
	res_add(&r, 0x6e000000, 16 << 10, MEM | M64);
	res_pad(&r, 13);
	put_pci("0000:01:00.0", &c, &r, 16);
}

/* USB, the LPC bridge and the Ethernet controller. */
static void hybrid_endpoints(void)
{
	struct cfg c;
	struct res r = {.n = 0};
	cfg_init(&c, 256, 0x8086, 0x7ae0, 0x0c0330, 0x11, 0);
	cfg32(&c, 0x10, 0x70200004);
	c.c[0x3d] = 1;
	cap(&c, 0x70, 0x01);
	cap_msi(&c, 0x80, 3, true, false);
	r.n = 0;
	res_add(&r, 0x70200000, 64 << 10, MEM | M64);
	res_pad(&r, 13);
	put_pci("0000:00:14.0", &c, &r, 16);
	cfg_init(&c, 256, 0x8086, 0x7a84, 0x060100, 0x11, 0x80);
	r.n = 0;
	res_pad(&r, 13);
	put_pci("0000:00:1f.0", &c, &r, -1);
	cfg_init(&c, 256, 0x8086, 0x1a1c, 0x020000, 0x11, 0);
	cfg32(&c, 0x10, 0x70300000);
	c.c[0x3d] = 1;
	cap(&c, 0xc8, 0x01);
	cap_msi(&c, 0xd0, 0, true, false);
	r.n = 0;
	res_add(&r, 0x70300000, 128 << 10, MEM);
	res_pad(&r, 13);
	put_pci("0000:00:1f.6", &c, &r, 19);
}

static void hybrid_platform(void)
{
	static const uint64_t ram[][2] = {{0x0, 0x9efff},
					  {0x9f000, 0xfffff},
					  {0x100000, 0x3fffffff},
					  {0x40000000, 0x403fffff},
					  {0x40400000, 0x6bffffff},
					  {0x6c000000, 0x7fffffff},
					  {0x100000000ull, 0x47fffffffull}};
	static const char *const types[] = {"System RAM", "Reserved", "System RAM", "Reserved",
					    "System RAM", "Reserved", "System RAM"};
	memmap(ram, types, ARRAY_SIZE(ram));
	putf("proc/iomem", "00000000-00000fff : Reserved\n"
			   "00001000-0009efff : System RAM\n"
			   "0009f000-000fffff : Reserved\n"
			   "  000f0000-000fffff : System ROM\n"
			   "00100000-3fffffff : System RAM\n"
			   "40000000-403fffff : Reserved\n"
			   "40400000-6bffffff : System RAM\n"
			   "6c000000-7fffffff : Reserved\n"
			   "80000000-bfffffff : PCI Bus 0000:00\n"
			   "  6e000000-6e0fffff : PCI Bus 0000:01\n"
			   "c0000000-cfffffff : PCI ECAM 0000 [bus 00-ff]\n"
			   "fec00000-fec00fff : Reserved\n"
			   "  fec00000-fec003ff : IOAPIC 0\n"
			   "fed90000-fed90fff : dmar0\n"
			   "fed91000-fed91fff : dmar1\n"
			   "fee00000-fee00fff : Local APIC\n"
			   "100000000-47fffffff : System RAM\n"
			   "  2a0000000-2a1ffffff : Kernel code\n"
			   "4000000000-7fffffffff : PCI Bus 0000:00\n");
	putf("proc/meminfo", "MemTotal:       16110436 kB\nMemFree:        14000000 kB\n");
}

static void hybrid_devices(void)
{
	putf("proc/interrupts",
	     "            CPU0       CPU1       CPU2       CPU3       CPU4       "
	     "CPU5       CPU6       CPU7\n"
	     "   4:          0          0          0          0          0          "
	     "0          0          0  IR-IO-APIC    4-edge      ttyS0\n"
	     "   9:          0          4          0          0          0          "
	     "0          0          0  IR-IO-APIC    9-fasteoi   acpi\n"
	     "  16:          0          0        100          0          0          "
	     "0          0          0  IR-IO-APIC   16-fasteoi   i801_smbus\n"
	     "  20:          0          0          0          0          0          "
	     "0          0          0  IR-IO-APIC   20-fasteoi   ttyS4\n"
	     " 122:          0          0          0          0          0          "
	     "0          0          0  IR-PCI-MSI-0000:00:06.0    0-edge      "
	     "PCIe PME\n"
	     " NMI:          0          0          0          0          0          "
	     "0          0          0   Non-maskable interrupts\n");
	tty("ttyS0", 4, 0, 0x3f8, 4);
	tty("ttyS1", 0, 0, 0x2f8, 3);
	tty("ttyS4", 4, 2, 0x6000100000ull, 20);
	static const char *const bios[3] = {"Intel Corp.", "ADLSFWI1.R00.3091.A00.2205311354",
					    "05/31/2022"};
	static const char *const board[3] = {"Intel Corporation", "ADL-S DDR5 UDIMM RVP",
					     "Fab B & <2>"};
	struct blob b;
	smbios_bios_board(&b, bios, board, 5, 26);
	putf("proc/cpuinfo", "processor\t: 0\nvendor_id\t: GenuineIntel\ncpu family\t: 6\n"
			     "model\t\t: 151\nmodel name\t: 12th Gen Intel(R) Core(TM) i9-12900K\n"
			     "stepping\t: 2\napicid\t\t: 0\n\n");
}

/* The entries of pci.ids for some of the functions, as a capture keeps them. */
static void hybrid_names(void)
{
	putf("usr/share/misc/pci.ids", "# The entries of pci.ids that board-inspector looked up\n"
				       "144d  Samsung Electronics Co Ltd\n"
				       "\ta808  NVMe SSD Controller SM981/PM981/PM983\n"
				       "8086  Intel Corporation\n"
				       "\t1a1c  Ethernet Connection (17) I219-LM\n"
				       "\t4680  AlderLake-S GT1\n"
				       "C 02  Network controller\n"
				       "\t00  Ethernet controller\n"
				       "C 03  Display controller\n"
				       "\t00  VGA compatible controller\n");
}

static void hybrid(void)
{
	hybrid_devices();
	hybrid_names();
	hybrid_cpus();
	hybrid_acpi();
	hybrid_pci();
	hybrid_platform();
}

/* ---- the server: two sockets, two IOAPICs, three DRHDs, a PCIe switch, two root buses ---- */

static const struct cpu_spec skx = {
    .vendor = "GenuineIntel",
    .brand = "Intel(R) Xeon(R) Gold 6130 CPU @ 2.10GHz",
    .sig = 0x00050654,
    .max_leaf = 0x16,
    .max_ext = 0x80000008u,
    .l1_ecx = INTEL_L1_ECX & ~(1u << 31),
    .l1_edx = INTEL_L1_EDX,
    .l7_ebx = 0xd39ffffbu,
    .l7_ecx = 0x8,
    .l7_edx = 0xbc000400u,
    .ext_ecx = 0x121,
    .ext_edx = 0x2c100800,
    .topo_leaf = 0xb,
    .levels = {{1, 1}, {2, 5}},
    .cache_leaf = 4,
    .caches = {{1, 1, 8, 1, 64, 64, 2, false, false},
	       {1, 2, 8, 1, 64, 64, 2, false, false},
	       {2, 3, 16, 1, 64, 1024, 2, false, false},
	       {3, 3, 11, 1, 64, 32768, 32, false, true}},
    .l3_cbm = 11,
    .l3_clos = 16,
    .l3_cdp = true,
    .addr_bits = 0x302e,
};

/* Linux numbers the first thread of every core before the second ones. */
static const uint32_t server_x2apic[8] = {0, 2, 32, 34, 1, 3, 33, 35};

static void server_cpus(void)
{
	char *text = NULL, *info = NULL;
	size_t n = 0, in = 0;
	FILE *f = open_memstream(&text, &n), *ci = open_memstream(&info, &in);
	fprintf(f, "# hand-made: a two-socket server (mkfixtures.c)\n");
	for (unsigned cpu = 0; cpu < 8; cpu++) {
		cpuid_cpu(f, cpu, server_x2apic[cpu], &skx);
		fprintf(ci,
			"processor\t: %u\nvendor_id\t: GenuineIntel\ncpu family\t: 6\n"
			"model\t\t: 85\nmodel name\t: %s\nstepping\t: 4\napicid\t\t: %u\n\n",
			cpu, skx.brand, server_x2apic[cpu]);
	}
	fclose(f);
	fclose(ci);
	put("cpuid.txt", text, n);
	put("proc/cpuinfo", info, in);
	free(text);
	free(info);
	putf("sys/devices/system/cpu/online", "0-7\n");
	putf("sys/devices/system/cpu/present", "0-7\n");
}

/* An ATSR (type 2) without scopes, which the inspector skips. */
static void atsr(struct blob *b)
{
	b16(b, 2);
	b16(b, 8);
	b8(b, 1);
	b8(b, 0);
	b16(b, 0);
}

static void server_acpi(void)
{
	struct blob b;
	madt_begin(&b);
	for (unsigned i = 0; i < 8; i++)
		if (server_x2apic[i] < 32)
			madt_lapic(&b, i, server_x2apic[i]);
		else
			madt_x2apic(&b, i, server_x2apic[i]);
	madt_ioapic(&b, 8, 0xfec00000, 0);
	madt_ioapic(&b, 9, 0xfec01000, 24);
	acpi_end(&b, true);
	put_table("APIC", &b);
	dmar_begin(&b);
	size_t d = drhd_begin(&b, 0, 0, 0xd37fc000);
	scope(&b, 2, 0, 0, 1, 0);
	dmar_close(&b, d);
	d = drhd_begin(&b, 0, 0, 0xe0ffc000);
	scope(&b, 2, 0, 0x80, 2, 0);
	scope(&b, 3, 9, 0x80, 5, 4);
	dmar_close(&b, d);
	d = drhd_begin(&b, 1, 0, 0xfbffc000);
	scope(&b, 3, 8, 0, 0x1f, 0);
	scope(&b, 4, 0, 0, 0x1f, 0);
	dmar_close(&b, d);
	atsr(&b);
	acpi_end(&b, true);
	put_table("DMAR", &b);
	struct fadt_spec fs = {1, 116, 0x7ffe0000, 0x000004a5, 9, 0x500, 0x504, {0}, 0, false};
	fadt(&fs);
	/* Method (_S3_) is not a package; Name (_S5_) has a two-byte PkgLength. */
	static const char aml[] = {0x14, 0x08, '_',  'S',  '3',	 '_',  0x00, (char)0xa4,
				   0x01, 0x08, '_',  'S',  '5',	 '_',  0x12, 0x48,
				   0x00, 0x04, 0x0a, 0x07, 0x00, 0x00, 0x00};
	dsdt_with(aml, sizeof(aml));
	mcfg(0x80000000, 0xff);
	putf("dev/kmsg",
	     "6,2,25000,-;IOAPIC[1]: apic_id 9, version 32, address 0xfec01000, GSI 24-55\n");
}

static void bridge(const char *name, unsigned vendor, unsigned device, unsigned bus,
		   unsigned secondary, unsigned subordinate, uint64_t mem, uint64_t size)
{
	struct cfg c;
	struct res r = {.n = 0};
	cfg_init(&c, 4096, vendor, device, 0x060400, 0x00, 1);
	cfg_bridge(&c, bus, secondary, subordinate);
	cap(&c, 0x40, 0x10);
	cap_msi(&c, 0x60, 0, true, false);
	ext(&c, 0x100, 0x01, 0);
	res_pad(&r, 7);
	res_add(&r, 0, 0, 0);
	res_add(&r, mem, size, MEM);
	res_add(&r, 0, 0, 0);
	res_add(&r, 0, 0, 0);
	put_pci(name, &c, &r, -1);
}

static void x710(const char *name, unsigned fn, uint64_t bar0, int irq)
{
	struct cfg c;
	struct res r = {.n = 0};
	cfg_init(&c, 4096, 0x8086, 0x1572, 0x020000, 0x02, fn ? 0 : 0x80);
	cfg32(&c, 0x10, (uint32_t)bar0 | 0xc);
	cfg32(&c, 0x1c, (uint32_t)(bar0 + 0x800000) | 0xc);
	c.c[0x3d] = 1;
	cap(&c, 0x40, 0x01);
	cap_msi(&c, 0x50, 0, true, true);
	cap_msix(&c, 0x70, 129, 3, 0, 3, 0x1000);
	cap(&c, 0xa0, 0x10);
	ext(&c, 0x100, 0x01, 0x140);
	ext(&c, 0x140, 0x03, 0x150);
	ext(&c, 0x150, 0x0e, 0x160);
	ext_sriov(&c, 0x160, 0, 64, 0, 0x10, 1, 0x154c);
	res_add(&r, bar0, 8 << 20, MEM | M64 | PREF);
	res_add(&r, 0, 0, 0);
	res_add(&r, 0, 0, 0);
	res_add(&r, bar0 + 0x800000, 32 << 10, MEM | M64 | PREF);
	res_pad(&r, 7);
	put_pci(name, &c, &r, irq);
}

static void server_pci(void)
{
	struct cfg c;
	struct res r = {.n = 0};
	cfg_init(&c, 4096, 0x8086, 0x2020, 0x060000, 0x04, 0);
	res_pad(&r, 7);
	put_pci("0000:00:00.0", &c, &r, -1);
	put_pci("0001:00:00.0", &c, &r, -1);
	bridge("0000:00:01.0", 0x8086, 0x2030, 0, 1, 4, 0xc4000000, 32 << 20);
	bridge("0000:01:00.0", 0x10b5, 0x8747, 1, 2, 4, 0xc4000000, 32 << 20);
	bridge("0000:02:00.0", 0x10b5, 0x8747, 2, 3, 3, 0xc4000000, 32 << 20);
	bridge("0000:02:01.0", 0x10b5, 0x8747, 2, 4, 4, 0, 0);
	x710("0000:03:00.0", 0, 0xc5000000, 34);
	x710("0000:03:00.1", 1, 0xc4000000, 35);
	bridge("0000:80:02.0", 0x8086, 0x2032, 0x80, 0x81, 0x81, 0xe1000000, 1 << 20);
	cfg_init(&c, 4096, 0x8086, 0x2036, 0x080020, 0x04, 0);
	cfg32(&c, 0x10, 0xe0f00000);
	r.n = 0;
	res_add(&r, 0xe0f00000, 4 << 10, MEM);
	res_pad(&r, 7);
	put_pci("0000:80:05.4", &c, &r, -1);
	cfg_init(&c, 4096, 0x8086, 0x0a54, 0x010802, 0x00, 0);
	cfg32(&c, 0x10, 0xe1000004);
	cap(&c, 0x40, 0x01);
	cap(&c, 0x50, 0x10);
	cap_msix(&c, 0xb0, 32, 0, 0x2000, 0, 0x3000);
	ext(&c, 0x100, 0x01, 0);
	r.n = 0;
	res_add(&r, 0xe1000000, 16 << 10, MEM | M64);
	res_pad(&r, 7);
	put_pci("0000:81:00.0", &c, &r, -1);
}

static void server_platform(void)
{
	static const uint64_t ram[][2] = {{0x0, 0x9bfff},
					  {0x9c000, 0xfffff},
					  {0x100000, 0x6fffffff},
					  {0x70000000, 0x8fffffff},
					  {0x100000000ull, 0x107fffffffull}};
	static const char *const types[] = {"System RAM", "Reserved", "System RAM", "Reserved",
					    "System RAM"};
	memmap(ram, types, ARRAY_SIZE(ram));
	putf("proc/iomem", "00000000-00000fff : Reserved\n"
			   "00001000-0009bfff : System RAM\n"
			   "0009c000-000fffff : Reserved\n"
			   "00100000-6fffffff : System RAM\n"
			   "70000000-8fffffff : Reserved\n"
			   "  80000000-8fffffff : PCI MMCONFIG 0000 [bus 00-ff]\n"
			   "c4000000-c5ffffff : PCI Bus 0000:01\n"
			   "e0f00000-e0f00fff : 0000:80:05.4\n"
			   "e1000000-e10fffff : PCI Bus 0000:81\n"
			   "fec00000-fec003ff : IOAPIC 0\n"
			   "fec01000-fec013ff : IOAPIC 1\n"
			   "fee00000-fee00fff : Local APIC\n"
			   "100000000-107fffffff : System RAM\n");
	putf("proc/interrupts",
	     "    CPU0  CPU1  CPU2  CPU3  CPU4  CPU5  CPU6  CPU7\n"
	     "  3:    0     0     0     0     0     0     0     0  IO-APIC   3-edge   ttyS1\n"
	     "  4:    0     9     0     0     0     0     0     0  IO-APIC   4-edge   ttyS0\n"
	     "  9:    0     0     0     0     0     0     0     0  IO-APIC   9-fasteoi acpi\n"
	     " 34:    0     0     0     0     0     0     0     0  IO-APIC  10-fasteoi i40e\n"
	     "LOC: 1000  1000  1000  1000  1000  1000  1000  1000  Local timer interrupts\n");
	tty("ttyS0", 4, 0, 0x3f8, 4);
	tty("ttyS1", 4, 0, 0x2f8, 3);
	tty("ttyS2", 0, 0, 0x3e8, 4);
	tty("ttyS3", 0, 0, 0x2e8, 3);
	static const char *const bios[3] = {"American Megatrends Inc.", "3.4", "11/19/2020"};
	static const char *const board[3] = {"Supermicro", "X11DPi-N(T)", "1.02"};
	struct blob b;
	smbios_bios_board(&b, bios, board, 5, 14);
}

static void server(void)
{
	server_cpus();
	server_acpi();
	server_pci();
	server_platform();
}

/* ---- an AMD EPYC virtual machine on QEMU's i440FX: no DMAR, MCFG, SMBIOS or MSRs ---- */

static const struct cpu_spec epyc = {
    .vendor = "AuthenticAMD",
    .brand = "AMD EPYC 7B13",
    .sig = 0x00a00f11,
    .max_leaf = 0xd,
    .max_ext = 0x8000001fu,
    .l1_ecx = 0xfef83203u | 1u << 31,
    .l1_edx = 0x178bfbffu,
    .l7_ebx = 0x219c07abu,
    .l7_ecx = 0x0040069cu,
    .ext_ecx = 0x00000121u,
    .ext_edx = 0x2fd3fbffu,
    .topo_leaf = 0xb,
    .levels = {{1, 1}, {2, 7}},
    .cache_leaf = 0x8000001du,
    .caches = {{1, 1, 8, 1, 64, 64, 2, false, false},
	       {1, 2, 8, 1, 64, 64, 2, false, false},
	       {2, 3, 8, 1, 64, 1024, 2, true, false},
	       {3, 3, 16, 1, 64, 32768, 4, false, false}},
    .addr_bits = 0x3030,
};

static void amd_cpus(void)
{
	char *text = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&text, &n);
	fprintf(f, "# hand-made: an AMD EPYC virtual machine (mkfixtures.c)\n");
	for (unsigned cpu = 0; cpu < 4; cpu++)
		cpuid_cpu(f, cpu, cpu, &epyc);
	fclose(f);
	put("cpuid.txt", text, n);
	free(text);
	putf("sys/devices/system/cpu/online", "0-3\n");
}

static void amd_acpi(void)
{
	struct blob b;
	madt_begin(&b);
	for (unsigned i = 0; i < 4; i++)
		madt_lapic(&b, i, i);
	madt_ioapic(&b, 0, 0xfec00000, 0);
	madt_iso(&b, 0, 2);
	acpi_end(&b, true);
	put_table("APIC", &b);
	struct fadt_spec fs = {3,     244,   0xbffe0000,	  0x000084a5, 9,
			       0x600, 0x604, {1, 8, 0, 0, 0xcf9}, 0xf,	      false};
	fadt(&fs);
	b.n = 0;
	aml_sleep(&b, "_S3_", 1, 1);
	aml_sleep(&b, "_S5_", 0, 0);
	dsdt_with((const char *)b.b, b.n);
}

static void qemu_function(const char *name, unsigned vendor, unsigned device, uint32_t cls,
			  unsigned rev, const struct res *r)
{
	struct cfg c;
	cfg_init(&c, 256, vendor, device, cls, rev, 0);
	put_pci(name, &c, r, -1);
}

static void amd_pci(void)
{
	struct res r = {.n = 0};
	res_pad(&r, 7);
	qemu_function("0000:00:00.0", 0x8086, 0x1237, 0x060000, 0x02, &r);
	qemu_function("0000:00:01.0", 0x8086, 0x7000, 0x060100, 0x00, &r);
	qemu_function("0000:00:01.3", 0x8086, 0x7113, 0x068000, 0x03, &r);
	r.n = 0;
	for (int i = 0; i < 4; i++)
		res_add(&r, 0, 0, 0);
	res_add(&r, 0xc040, 16, IO);
	res_pad(&r, 7);
	qemu_function("0000:00:01.1", 0x8086, 0x7010, 0x010180, 0x00, &r);
	r.n = 0;
	res_add(&r, 0xfd000000, 16 << 20, MEM | PREF);
	res_add(&r, 0, 0, 0);
	res_add(&r, 0xfebf0000, 4 << 10, MEM);
	res_pad(&r, 7);
	qemu_function("0000:00:02.0", 0x1234, 0x1111, 0x030000, 0x02, &r);
	struct cfg c;
	cfg_init(&c, 256, 0x1af4, 0x1000, 0x020000, 0x00, 0);
	cfg16(&c, 0x2e, 0x0001);
	cfg32(&c, 0x10, 0xc001);
	cfg32(&c, 0x14, 0xfebf1000);
	cfg32(&c, 0x20, 0xfe00000c);
	c.c[0x3d] = 1;
	cap_msix(&c, 0x98, 3, 1, 0, 1, 0x800);
	cap(&c, 0x84, 0x09);
	r.n = 0;
	res_add(&r, 0xc000, 32, IO);
	res_add(&r, 0xfebf1000, 4 << 10, MEM);
	res_add(&r, 0, 0, 0);
	res_add(&r, 0, 0, 0);
	res_add(&r, 0xfe000000, 16 << 10, MEM | M64 | PREF);
	res_pad(&r, 7);
	put_pci("0000:00:03.0", &c, &r, 11);
}

static void amd_platform(void)
{
	static const uint64_t ram[][2] = {
	    {0x0, 0x9fbff},	      {0x9fc00, 0x9ffff},
	    {0xf0000, 0xfffff},	      {0x100000, 0xbffdffff},
	    {0xbffe0000, 0xbfffffff}, {0xfeffc000, 0xfeffffff},
	    {0xfffc0000, 0xffffffff}, {0x100000000ull, 0x23fffffffull}};
	static const char *const types[] = {"System RAM", "Reserved", "Reserved", "System RAM",
					    "Reserved",	  "Reserved", "Reserved", "System RAM"};
	memmap(ram, types, ARRAY_SIZE(ram));
	putf("proc/iomem", "00000000-00000fff : Reserved\n"
			   "00001000-0009fbff : System RAM\n"
			   "0009fc00-0009ffff : Reserved\n"
			   "000a0000-000bffff : PCI Bus 0000:00\n"
			   "000f0000-000fffff : Reserved\n"
			   "00100000-bffdffff : System RAM\n"
			   "bffe0000-bfffffff : Reserved\n"
			   "c0000000-febfffff : PCI Bus 0000:00\n"
			   "  fd000000-fdffffff : 0000:00:02.0\n"
			   "fec00000-fec003ff : IOAPIC 0\n"
			   "fee00000-fee00fff : Local APIC\n"
			   "fffc0000-ffffffff : Reserved\n"
			   "100000000-23fffffff : System RAM\n");
	putf("proc/meminfo", "MemTotal:        8152060 kB\n");
	putf("proc/interrupts", "           CPU0       CPU1       CPU2       CPU3\n"
				"  1:          9          0          0          0   IO-APIC   "
				"1-edge      i8042\n"
				"  4:          0        120          0          0   IO-APIC   "
				"4-edge      ttyS0\n"
				"  9:          0          0          0          0   IO-APIC   "
				"9-fasteoi   acpi\n"
				" 11:          0          0       3000          0   IO-APIC  "
				"11-fasteoi   virtio0\n"
				" 12:          0          0          0          0   IO-APIC  "
				"12-edge      i8042\n"
				" 14:          0          0          0          0   IO-APIC  "
				"14-edge      ata_piix\n"
				" 15:          0          0          0          0   IO-APIC  "
				"15-edge      ata_piix\n");
	tty("ttyS0", 4, 0, 0x3f8, 4);
	for (int i = 1; i < 4; i++) {
		char name[16];
		snprintf(name, sizeof(name), "ttyS%d", i);
		tty(name, 0, 0, i == 1 ? 0x2f8 : i == 2 ? 0x3e8 : 0x2e8, i == 2 ? 4 : 3);
	}
}

static void amd_epyc(void)
{
	amd_cpus();
	amd_acpi();
	amd_pci();
	amd_platform();
}

/* ---- malformed input everywhere: every reader must warn with file and offset, and go on ---- */

static const struct cpu_spec kbl = {
    .vendor = "GenuineIntel",
    .brand = "Intel(R) Core(TM) i5-8500 CPU @ 3.00GHz",
    .sig = 0x000906ea,
    .max_leaf = 0xd,
    .max_ext = 0x80000008u,
    .l1_ecx = INTEL_L1_ECX & ~(1u << 31),
    .l1_edx = INTEL_L1_EDX,
    .l7_ebx = 0x029c67afu,
    .ext_ecx = 0x121,
    .ext_edx = 0x2c100800,
    .topo_leaf = 0xb,
    .levels = {{1, 0}, {2, 3}},
    .cache_leaf = 4,
    .caches = {{1, 1, 8, 1, 64, 64, 1, false, false}, {3, 3, 12, 1, 64, 12288, 8, false, true}},
    .addr_bits = 0x3027,
};

static void malformed_cpus(void)
{
	char *text = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&text, &n);
	fprintf(f, "# hand-made: two good CPUs, then lines no parser should accept\n");
	cpuid_cpu(f, 0, 0, &kbl);
	cpuid_cpu(f, 1, 1, &kbl);
	fprintf(f, "this is not a cpuid line\n"
		   "0 0x1 0x0 0x1 0x2 0x3\n"
		   "0 0x1 0x0 0x100000000 0 0 0\n"
		   "99999 0x0 0x0 0 0 0 0\n"
		   "0 0x4 zz 0 0 0 0\n"
		   "1 0x00000000 0x0 0x00000016 0 0 0\n"
		   "\x01\x02\xff binary\n"
		   "0 -1 0 0 0 0 0\n"
		   "1 0x1 0x0 0x000906ea 0x01100800 0x7ffafbff 0xbfebfbff 0x0\n");
	fclose(f);
	put("cpuid.txt", text, n);
	free(text);
	putf("msr.txt", "# CPU MSR VALUE\n0 0x1a0\nx y z\n0 0x1a0 0x1\n1 0x1a0 0x1 0x2\n");
	putf("sys/devices/system/cpu/online", "0-1,x\n");
}

static void malformed_acpi(void)
{
	struct blob b;
	madt_begin(&b);
	madt_lapic(&b, 0, 0);
	madt_ioapic(&b, 0, 0xfec00000, 0);
	b8(&b, 0); /* an entry of length 0 */
	b8(&b, 0);
	acpi_end(&b, true);
	set32(&b, 4, 200); /* the header claims more than the file holds */
	put_table("APIC", &b);
	dmar_begin(&b);
	size_t d = drhd_begin(&b, 1, 0, 0xfed90000);
	scope(&b, 3, 0, 0, 0x1f, 0);
	dmar_close(&b, d);
	d = drhd_begin(&b, 0, 0, 0xfed91000);
	b8(&b, 1);
	b8(&b, 40); /* a scope longer than its DRHD */
	b16(&b, 0);
	b32(&b, 0);
	dmar_close(&b, d);
	b16(&b, 0); /* a structure of length 2 */
	b16(&b, 2);
	acpi_end(&b, false);
	put_table("DMAR", &b);
	acpi_begin(&b, "FACP", 1);
	bstr(&b, "", 14);
	acpi_end(&b, true);
	put_table("FACP", &b);
	/* _S5_ holds a name, not an integer; _S3_ is cut by the end of the table */
	static const char aml[] = {0x08, '_', 'S',  '5',  '_', 0x12, 0x07, 0x02, 'A', 'B',
				   'C',	 'D', 0x00, 0x08, '_', 'S',  '3',  '_',	 0x12};
	dsdt_with(aml, sizeof(aml));
	acpi_begin(&b, "MCFG", 1);
	b64(&b, 0);
	b64(&b, 0xe0000000);
	acpi_end(&b, true);
	put_table("MCFG", &b);
}

static void malformed_pci_config(void)
{
	struct cfg c;
	struct res r = {.n = 0};
	res_pad(&r, 7);
	cfg_init(&c, 4096, 0x8086, 0x3e0f, 0x060000, 0x07, 0);
	put_pci("0000:00:00.0", &c, &r, -1);
	/* a standard capability list that loops: 0x40 -> 0x50 -> 0x40 */
	cfg_init(&c, 256, 0x8086, 0x15bb, 0x020000, 0x10, 0);
	cap(&c, 0x40, 0x01);
	cap_msi(&c, 0x50, 0, true, false);
	c.c[0x51] = 0x40;
	put_pci("0000:00:01.0", &c, &r, -1);
	/* an extended list that loops, through an SR-IOV with 65535 VFs */
	cfg_init(&c, 4096, 0x8086, 0x1563, 0x020000, 0x01, 0);
	cap(&c, 0x40, 0x10);
	ext(&c, 0x100, 0x01, 0x140);
	ext_sriov(&c, 0x140, 0x100, 0xffff, 0xffff, 1, 1, 0x1565);
	put_pci("0000:00:02.0", &c, &r, -1);
	/* a config space cut inside the header */
	cfg_init(&c, 32, 0x8086, 0x1234, 0x010000, 0, 0);
	put_pci("0000:00:03.0", &c, &r, -1);
	/* a capability pointer beyond the 128 bytes present; an MSI-X cut by the end */
	cfg_init(&c, 128, 0x8086, 0x2345, 0x0c0330, 0, 0);
	cap(&c, 0x7c, 0x11);
	c.c[0x7d] = 0x90;
	put_pci("0000:00:07.0", &c, &r, -1);
}

static void malformed_pci(void)
{
	struct cfg c;
	struct res r = {.n = 0};
	malformed_pci_config();
	/* a resource file with garbage lines after a good BAR */
	cfg_init(&c, 256, 0x8086, 0x10d3, 0x020000, 0, 0);
	cfg32(&c, 0x10, 0xf7000000);
	res_add(&r, 0xf7000000, 128 << 10, MEM);
	strcat(r.text, "garbage\n0x1 0x2\n0xzz 0x1 0x200\n");
	r.n = strlen(r.text);
	put_pci("0000:00:04.0", &c, &r, -1);
	/* bridges: 00:05.0 to bus 2, 00:06.0 claims bus 2 too, 02:00.0 says bus 2 is below it */
	r.n = 0;
	r.text[0] = '\0';
	res_pad(&r, 11);
	cfg_init(&c, 256, 0x8086, 0xa110, 0x060400, 0, 1);
	cfg_bridge(&c, 0, 2, 2);
	put_pci("0000:00:05.0", &c, &r, -1);
	cfg_bridge(&c, 0, 2, 2);
	put_pci("0000:00:06.0", &c, &r, -1);
	cfg_bridge(&c, 2, 2, 2);
	put_pci("0000:02:00.0", &c, &r, -1);
	put_pci("0000:00:zz.0", &c, &r, -1);
}

static void malformed_platform(void)
{
	static const uint64_t ram[][2] = {{0x0, 0x9ffff}, {0x200000, 0x100000}};
	static const char *const types[] = {"System RAM", "System RAM"};
	memmap(ram, types, ARRAY_SIZE(ram));
	putf("sys/firmware/memmap/2/start", "0x100000\n");
	putf("sys/firmware/memmap/2/end", "0x3fffffff\n");
	putf("sys/firmware/memmap/3/start", "0x100000\n");
	putf("sys/firmware/memmap/3/end", "0x3fffffff\n");
	putf("sys/firmware/memmap/3/type", "System RAM\n");
	putf("sys/firmware/memmap/x/type", "System RAM\n");
	putf("proc/iomem", "00000000-0009ffff : System RAM\n"
			   "garbage line here\n"
			   "zzzz-0000 : Bad\n"
			   "00100000-3fffffff : System RAM\n"
			   "  00100000-001fffff : Kernel code\n");
	putf("proc/interrupts", "\n  4: 1 2 IO-APIC 4-edge ttyS0\nNMI: 0 0\n");
	putf("sys/class/tty/ttyS0/type", "abc\n");
	putf("sys/class/tty/ttyS0/port", "0x3F8\n");
	putf("sys/class/tty/ttyS1/type", "4\n");
	putf("sys/class/tty/ttyS1/port", "0x2F8\n");
	putf("sys/class/tty/ttyS1/irq", "-3\n");
	struct blob b = {.n = 0};
	static const uint8_t t0[20] = {1, 2, 0, 0xf0, 3,    0xff, 0x80, 0, 0,	 0,
				       0, 0, 0, 0,    0x03, 0x0d, 1,	0, 0xff, 0xff};
	static const char *const bios[3] = {"Firmware Inc.", "1.0", "01/01/2024"};
	smbios_struct(&b, 0, t0, sizeof(t0), bios, 3);
	b8(&b, 2); /* a type 2 structure whose strings never end */
	b8(&b, 8);
	b16(&b, 0x102);
	b32(&b, 0x00030201);
	bstr(&b, "Board", 5);
	put("sys/firmware/dmi/tables/DMI", b.b, b.n);
}

static void malformed(void)
{
	malformed_cpus();
	malformed_acpi();
	malformed_pci();
	malformed_platform();
}

static void nothing(void)
{
	putf("ABOUT", "An empty sysroot: the inspector must still write a valid board XML whose\n"
		      "sections all say why they are empty.\n");
}

int main(int argc, char **argv)
{
	static const struct {
		const char *name;
		void (*make)(void);
	} fixtures[] = {{"hybrid", hybrid},
			{"server", server},
			{"amd-epyc", amd_epyc},
			{"malformed", malformed},
			{"nothing", nothing}};
	if (argc != 2) {
		fprintf(stderr, "usage: mkfixtures DIR\n");
		return 2;
	}
	for (size_t i = 0; i < ARRAY_SIZE(fixtures); i++) {
		snprintf(outdir, sizeof(outdir), "%s/%s", argv[1], fixtures[i].name);
		fixtures[i].make();
	}
	return 0;
}
