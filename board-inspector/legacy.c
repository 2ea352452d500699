/* The legacy text sections. */
#include "legacy.h"

#include <errno.h>
#include <stdio.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "host.h"
#include "pciids.h"
#include "xml.h"

static void line(struct buf *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void line(struct buf *t, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(t, fmt, ap);
	va_end(ap);
	buf_puts(t, "\n");
}

/* Why a file gave nothing, for the comments. */
static const char *unread(int status)
{
	switch (-status) {
	case 0:
		return "read";
	case ENOENT:
		return "absent";
	case EACCES:
	case EPERM:
		return "permission denied: run as root";
	default:
		return strerror(-status);
	}
}

typedef void (*section_fn)(const struct host *h, struct buf *t, char **why);

/* ---- SMBIOS ---- */

static void smbios_why(const struct host *h, char **why)
{
	if (h->smbios.status == -ENOENT)
		*why = xstrdup("no SMBIOS tables (usual in virtual machines)");
	else
		*why = xasprintf("SMBIOS table: %s", unread(h->smbios.status));
}

static void field(struct buf *t, const char *name, const char *value)
{
	if (value)
		line(t, "%s: %s", name, value);
}

static void sec_bios(const struct host *h, struct buf *t, char **why)
{
	const struct smbios *m = &h->smbios;
	if (!m->have_bios) {
		smbios_why(h, why);
		return;
	}
	line(t, "BIOS Information");
	field(t, "Vendor", m->bios_vendor);
	field(t, "Version", m->bios_version);
	field(t, "Release Date", m->bios_date);
	field(t, "BIOS Revision", m->bios_revision);
}

static void sec_board(const struct host *h, struct buf *t, char **why)
{
	const struct smbios *m = &h->smbios;
	if (!m->have_board) {
		smbios_why(h, why);
		return;
	}
	line(t, "Base Board Information");
	field(t, "Manufacturer", m->board_vendor);
	field(t, "Product Name", m->board_product);
	field(t, "Version", m->board_version);
}

/* ---- PCI ---- */

/* lspci's size: the largest unit that divides it. */
static void size_text(uint64_t size, char *out, size_t n)
{
	static const char *const unit[] = {"", "K", "M", "G", "T"};
	size_t i = 0;
	while (i + 1 < ARRAY_SIZE(unit) && size && size % 1024 == 0) {
		size /= 1024;
		i++;
	}
	snprintf(out, n, "%llu%s", (unsigned long long)size, unit[i]);
}

static void region(struct buf *t, const struct pci_bar *b)
{
	char size[32] = "";
	if (b->size_known) {
		char s[24];
		size_text(b->size, s, sizeof(s));
		snprintf(size, sizeof(size), " [size=%s]", s);
	}
	if (b->io)
		line(t, "Region %u: I/O ports at %llx%s", b->index, (unsigned long long)b->base,
		     size);
	else
		line(t, "Region %u: Memory at %llx (%s-bit, %sprefetchable)%s", b->index,
		     (unsigned long long)b->base, b->is64 ? "64" : "32", b->prefetch ? "" : "non-",
		     size);
}

static bool describable(const struct pci_func *f)
{
	return f->seg == 0;
}

static void pci_why(const struct host *h, char **why)
{
	*why = h->pci.status ? xasprintf("/sys/bus/pci/devices: %s", unread(h->pci.status))
			     : xstrdup("no PCI functions in segment 0");
}

static void sec_pci_device(const struct host *h, struct buf *t, char **why)
{
	for (size_t i = 0; i < h->pci.n; i++) {
		const struct pci_func *f = &h->pci.f[i];
		if (!describable(f))
			continue;
		char *d = pciids_describe(h->ids, f->class_code, f->vendor, f->device);
		char rev[16] = "";
		if (f->revision)
			snprintf(rev, sizeof(rev), " (rev %02x)", f->revision);
		line(t, "%02x:%02x.%x %s%s", f->bus, f->dev, f->fn, d, rev);
		free(d);
		for (size_t k = 0; k < f->nbars; k++)
			region(t, &f->bars[k]);
	}
	if (!t->len)
		pci_why(h, why);
}

static void sec_pci_vid(const struct host *h, struct buf *t, char **why)
{
	for (size_t i = 0; i < h->pci.n; i++) {
		const struct pci_func *f = &h->pci.f[i];
		char rev[16] = "";
		if (!describable(f))
			continue;
		if (f->revision)
			snprintf(rev, sizeof(rev), " (rev %02x)", f->revision);
		line(t, "%02x:%02x.%x %04x: %04x:%04x%s", f->bus, f->dev, f->fn, f->class_code >> 8,
		     f->vendor, f->device, rev);
	}
	if (!t->len)
		pci_why(h, why);
}

/* ---- ACPI ---- */

static bool fadt_ok(const struct host *h, char **why)
{
	if (h->acpi.fadt.present)
		return true;
	*why = h->acpi.status[ACPI_FACP]
		   ? xasprintf("FADT (FACP table): %s", unread(h->acpi.status[ACPI_FACP]))
		   : xstrdup("FADT (FACP table) unusable");
	return false;
}

static void sec_wake(const struct host *h, struct buf *t, char **why)
{
	const struct acpi_fadt *f = &h->acpi.fadt;
	if (!fadt_ok(h, why))
		return;
	if (!f->facs) {
		*why = xstrdup("the FADT names no FACS (hardware-reduced ACPI has none): no "
			       "waking vector");
		return;
	}
	line(t, "#define WAKE_VECTOR_32          0x%llXUL", (unsigned long long)f->facs + 12);
	line(t, "#define WAKE_VECTOR_64          0x%llXUL", (unsigned long long)f->facs + 24);
}

static const char *space_name(uint8_t id)
{
	static const char *const names[] = {"SPACE_SYSTEM_MEMORY", "SPACE_SYSTEM_IO",
					    "SPACE_PCI_CONFIG", "SPACE_Embedded_Control",
					    "SPACE_SMBUS"};
	return id < ARRAY_SIZE(names) ? names[id] : id == 0x7f ? "SPACE_FFixedHW" : NULL;
}

static void space_line(struct buf *t, const char *name, uint8_t id)
{
	const char *s = space_name(id);
	if (s)
		line(t, "#define %-23s %s", name, s);
	else
		line(t, "#define %-23s 0x%xU", name, id);
}

static void sec_reset(const struct host *h, struct buf *t, char **why)
{
	const struct acpi_fadt *f = &h->acpi.fadt;
	if (!fadt_ok(h, why))
		return;
	if (!f->has_reset)
		line(t, "/* FADT revision %u: no reset register */", f->revision);
	line(t, "#define RESET_REGISTER_ADDRESS  0x%llXUL", (unsigned long long)f->reset.address);
	space_line(t, "RESET_REGISTER_SPACE_ID", f->reset.space);
	line(t, "#define RESET_REGISTER_VALUE    0x%xU", f->reset_value);
}

static void pm_block(struct buf *t, const char *name, const struct acpi_gas *g)
{
	char key[32];
	snprintf(key, sizeof(key), "%s_SPACE_ID", name);
	space_line(t, key, g->space);
	line(t, "#define %s_BIT_WIDTH      0x%xU", name, g->width);
	line(t, "#define %s_BIT_OFFSET     0x%xU", name, g->offset);
	line(t, "#define %s_ADDRESS        0x%llxUL", name, (unsigned long long)g->address);
	line(t, "#define %s_ACCESS_SIZE    0x%xU", name, g->access);
}

static void sec_pm(const struct host *h, struct buf *t, char **why)
{
	const struct acpi_fadt *f = &h->acpi.fadt;
	if (!fadt_ok(h, why))
		return;
	if (f->hw_reduced) {
		*why = xstrdup("hardware-reduced ACPI (FADT flag HW_REDUCED_ACPI): no PM1 blocks");
		return;
	}
	pm_block(t, "PM1A_EVT", &f->pm1a_evt);
	pm_block(t, "PM1B_EVT", &f->pm1b_evt);
	pm_block(t, "PM1A_CNT", &f->pm1a_cnt);
	pm_block(t, "PM1B_CNT", &f->pm1b_cnt);
}

static void sleep_state(const struct host *h, struct buf *t, char **why, int n,
			const struct acpi_sleep *s)
{
	if (h->acpi.status[ACPI_DSDT]) {
		*why = xasprintf("DSDT: %s", unread(h->acpi.status[ACPI_DSDT]));
		return;
	}
	if (!s->present) {
		*why = xasprintf("the DSDT has no \\_S%d_ package of integer constants", n);
		return;
	}
	line(t, "#define S%d_PKG_VAL_PM1A         0x%llxU", n, (unsigned long long)s->pm1a);
	line(t, "#define S%d_PKG_VAL_PM1B         %lluU", n, (unsigned long long)s->pm1b);
	line(t, "#define S%d_PKG_RESERVED         0x%llxU", n, (unsigned long long)s->reserved);
}

static void sec_s3(const struct host *h, struct buf *t, char **why)
{
	sleep_state(h, t, why, 3, &h->acpi.s3);
}

static void sec_s5(const struct host *h, struct buf *t, char **why)
{
	sleep_state(h, t, why, 5, &h->acpi.s5);
}

/* A unit that covers the integrated graphics (00:02.0) only: ACRN does not use it. */
static bool drhd_ignored(const struct acpi_drhd *d)
{
	if ((d->flags & 1) || !d->nscopes)
		return false;
	for (size_t i = 0; i < d->nscopes; i++) {
		const struct acpi_scope *s = &d->scopes[i];
		if (s->type != 1 || s->bus != 0 || !s->has_path || s->dev != 2 || s->fn != 0)
			return false;
	}
	return true;
}

static void drhd(struct buf *t, size_t i, const struct acpi_drhd *d)
{
	line(t, "#define DRHD%zu_DEV_CNT           0x%zxU", i, d->nscopes);
	line(t, "#define DRHD%zu_SEGMENT           0x%xU", i, d->segment);
	line(t, "#define DRHD%zu_FLAGS             0x%xU", i, d->flags);
	line(t, "#define DRHD%zu_REG_BASE          0x%llXUL", i, (unsigned long long)d->base);
	line(t, "#define DRHD%zu_IGNORE            %s", i, drhd_ignored(d) ? "true" : "false");
	for (size_t k = 0; k < d->nscopes; k++) {
		const struct acpi_scope *s = &d->scopes[k];
		line(t, "#define DRHD%zu_DEVSCOPE%zu_TYPE    0x%xU", i, k, s->type);
		line(t, "#define DRHD%zu_DEVSCOPE%zu_ID      0x%xU", i, k, s->enum_id);
		line(t, "#define DRHD%zu_DEVSCOPE%zu_BUS     0x%xU", i, k, s->bus);
		line(t, "#define DRHD%zu_DEVSCOPE%zu_PATH    0x%xU", i, k,
		     (unsigned)(s->dev << 3 | (s->fn & 7)));
	}
	line(t, "%s", "");
}

static void sec_drhd(const struct host *h, struct buf *t, char **why)
{
	const struct acpi *a = &h->acpi;
	if (a->status[ACPI_DMAR] == -ENOENT) {
		*why = xstrdup("no DMAR table: VT-d unavailable, passthrough impossible");
		return;
	}
	if (a->status[ACPI_DMAR] || !a->ndrhds) {
		*why = a->status[ACPI_DMAR] ? xasprintf("DMAR: %s", unread(a->status[ACPI_DMAR]))
					    : xstrdup("the DMAR table has no DRHD unit");
		return;
	}
	line(t, "#define DRHD_COUNT              %zuU", a->ndrhds);
	line(t, "%s", "");
	for (size_t i = 0; i < a->ndrhds; i++)
		drhd(t, i, &a->drhds[i]);
}

static void sec_mmcfg(const struct host *h, struct buf *t, char **why)
{
	const struct acpi *a = &h->acpi;
	if (!a->have_mcfg_base) {
		*why = a->status[ACPI_MCFG] == -ENOENT
			   ? xstrdup("no MCFG table: no PCIe ECAM, config space through ports "
				     "0xCF8/0xCFC only")
			   : xasprintf("MCFG: %s", a->status[ACPI_MCFG]
						       ? unread(a->status[ACPI_MCFG])
						       : "no entry for PCI segment 0");
		return;
	}
	line(t, "/* PCI mmcfg base of MCFG */");
	line(t, "#define DEFAULT_PCI_MMCFG_BASE   0x%llxUL", (unsigned long long)a->mcfg_base);
}

static bool no_acpi(const struct host *h)
{
	for (int t = 0; t < ACPI_COUNT; t++)
		if (h->acpi.status[t] != -ENOENT)
			return false;
	return true;
}

static void sec_tpm(const struct host *h, struct buf *t, char **why)
{
	int st = h->acpi.status[ACPI_TPM2];
	if (no_acpi(h))
		*why = xstrdup("no ACPI tables in /sys/firmware/acpi/tables");
	else if (st == 0)
		line(t, "TPM2");
	else if (st == -ENOENT)
		line(t, "/* no TPM device */");
	else
		*why = xasprintf("TPM2 table: %s", unread(st));
}

/* ---- CPUs ---- */

static void sec_brand(const struct host *h, struct buf *t, char **why)
{
	if (h->cpus.brand)
		line(t, "\"%s\"", h->cpus.brand);
	else
		*why = xstrdup("no CPUID brand string and no model name in /proc/cpuinfo");
}

static void sec_cx(const struct host *h, struct buf *t, char **why)
{
	(void)why;
	if (h->cpus.idle.len)
		line(t,
		     "/* Cx data is not available: the C-state registers are in ACPI _CST, "
		     "which needs an AML interpreter; Linux idles with %s */",
		     h->cpus.idle.data);
	else
		line(t, "/* Cx data is not available */");
}

static void sec_px(const struct host *h, struct buf *t, char **why)
{
	(void)why;
	if (h->cpus.freq.len)
		line(t,
		     "/* Px data is not available: the P-state table is in ACPI _PSS, which "
		     "needs an AML interpreter; cpufreq: %s */",
		     h->cpus.freq.data);
	else
		line(t, "/* Px data is not available */");
}

/* The first cache of a level with CAT stands for the level. */
static const struct cache *cat_of(const struct host *h, unsigned level)
{
	for (size_t i = 0; i < h->caches.n; i++)
		if (h->caches.v[i].level == level && h->caches.v[i].cat)
			return &h->caches.v[i];
	return NULL;
}

static void sec_clos(const struct host *h, struct buf *t, char **why)
{
	const struct cache *c[2];
	unsigned level[2];
	size_t n = 0;
	for (unsigned l = 2; l <= 3; l++)
		if (cat_of(h, l)) {
			c[n] = cat_of(h, l);
			level[n++] = l;
		}
	if (!n) {
		*why = xstrdup("no cache allocation (CAT) in CPUID leaf 0x10");
		return;
	}
	buf_puts(t, "rdt resources supported:");
	for (size_t i = 0; i < n; i++)
		buf_printf(t, "%s L%u", i ? "," : "", level[i]);
	buf_puts(t, "\nrdt resource clos max:");
	for (size_t i = 0; i < n; i++)
		buf_printf(t, "%s %u", i ? "," : "", c[i]->clos);
	buf_puts(t, "\nrdt resource mask max:");
	for (size_t i = 0; i < n; i++)
		buf_printf(t, "%s '0x%llx'", i ? "," : "", (1ull << c[i]->cbm_len) - 1);
	buf_puts(t, "\n");
}

/* ---- memory, devices, interrupts ---- */

static void sec_iomem(const struct host *h, struct buf *t, char **why)
{
	const struct memmap *m = &h->mem;
	if (m->iomem_status)
		*why = xasprintf("/proc/iomem: %s", unread(m->iomem_status));
	else if (m->iomem_zero)
		*why = xstrdup("/proc/iomem shows every address as 0 to non-root users: run as "
			       "root");
	else
		buf_append(t, m->iomem.data, m->iomem.len);
}

static void sec_block(const struct host *h, struct buf *t, char **why)
{
	(void)h, (void)t;
	*why = xstrdup("not inspected: file system types need blkid, and no configuration "
		       "step uses them");
}

/* A serial port's interrupt as a GSI when /proc/interrupts tells, else Linux's number. */
static unsigned tty_irq(const struct host *h, const struct tty *p)
{
	unsigned gsi;
	return host_gsi(h, p->irq, &gsi) ? gsi : p->irq;
}

static void sec_ttys(const struct host *h, struct buf *t, char **why)
{
	for (size_t i = 0; i < h->ttys.n; i++) {
		const struct tty *p = &h->ttys.v[i];
		if (!p->type)
			continue;
		buf_printf(t, "seri:/dev/ttyS%u type:%s base:0x%llX", p->index,
			   p->mmio ? "mmio" : "portio", (unsigned long long)p->base);
		if (p->has_irq)
			buf_printf(t, " irq:%u", tty_irq(h, p));
		buf_puts(t, "\n");
	}
	if (!t->len)
		*why = h->ttys.status ? xasprintf("/sys/class/tty: %s", unread(h->ttys.status))
				      : xstrdup("no serial port with a UART behind it");
}

/* ISA IRQs 3-15 except the RTC's 8, less those in use: serial ports, the SCI, IOAPIC pins
 * with a handler (pins of the first IOAPIC are ISA IRQs; others are excluded too, safely). */
static void sec_irqs(const struct host *h, struct buf *t, char **why)
{
	bool used[16] = {[0] = true, [1] = true, [2] = true, [8] = true};
	const char *sep = "";
	if (h->irqs.status) {
		*why = xasprintf("/proc/interrupts: %s; the IRQs in use are unknown",
				 unread(h->irqs.status));
		return;
	}
	for (size_t i = 0; i < h->ttys.n; i++)
		if (h->ttys.v[i].type && h->ttys.v[i].has_irq && tty_irq(h, &h->ttys.v[i]) < 16)
			used[tty_irq(h, &h->ttys.v[i])] = true;
	if (h->acpi.fadt.present && h->acpi.fadt.sci < 16 && !h->acpi.fadt.hw_reduced)
		used[h->acpi.fadt.sci] = true;
	for (size_t i = 0; i < h->irqs.n; i++)
		if (h->irqs.v[i].ioapic && h->irqs.v[i].pin < 16)
			used[h->irqs.v[i].pin] = true;
	for (int i = 0; i < 16; i++, sep = t->len ? ", " : "")
		if (!used[i])
			buf_printf(t, "%s%d", sep, i);
	if (t->len)
		buf_puts(t, "\n");
	else
		*why = xstrdup("every ISA IRQ is in use");
}

static void sec_total(const struct host *h, struct buf *t, char **why)
{
	const struct memmap *m = &h->mem;
	uint64_t kb = 0;
	if (m->have_total) {
		line(t, "%llu kB", (unsigned long long)m->total_kb);
		return;
	}
	for (size_t i = 0; i < m->nram; i++)
		kb += (m->ram[i].end - m->ram[i].start + 1) / 1024;
	if (kb)
		line(t, "%llu kB", (unsigned long long)kb);
	else
		*why = xasprintf("/proc/meminfo: %s, and no RAM ranges", unread(m->meminfo_status));
}

static void sec_cpus(const struct host *h, struct buf *t, char **why)
{
	for (size_t i = 0; i < h->cpus.n; i++)
		buf_printf(t, "%s%u", i ? ", " : "", h->cpus.v[i].id);
	if (t->len)
		buf_puts(t, "\n");
	else
		*why = xstrdup("no CPU could be described");
}

static void sec_msix(const struct host *h, struct buf *t, char **why)
{
	unsigned max = 0;
	for (size_t i = 0; i < h->pci.n; i++)
		if (h->pci.f[i].msix.present && h->pci.f[i].msix.table_size > max)
			max = h->pci.f[i].msix.table_size;
	if (!max && h->pci.short_configs)
		*why = xstrdup("PCI capabilities unreadable (not root): MSI-X table sizes unknown");
	else
		line(t, "%u", max ? max : 1);
}

/* ---- the sections in ACRN's order ---- */

static const struct {
	const char *tag;
	section_fn fn;
} sections[] = {
    {"BIOS_INFO", sec_bios},
    {"BASE_BOARD_INFO", sec_board},
    {"PCI_DEVICE", sec_pci_device},
    {"PCI_VID_PID", sec_pci_vid},
    {"WAKE_VECTOR_INFO", sec_wake},
    {"RESET_REGISTER_INFO", sec_reset},
    {"PM_INFO", sec_pm},
    {"S3_INFO", sec_s3},
    {"S5_INFO", sec_s5},
    {"DRHD_INFO", sec_drhd},
    {"CPU_BRAND", sec_brand},
    {"CX_INFO", sec_cx},
    {"PX_INFO", sec_px},
    {"MMCFG_BASE_INFO", sec_mmcfg},
    {"TPM_INFO", sec_tpm},
    {"CLOS_INFO", sec_clos},
    {"IOMEM_INFO", sec_iomem},
    {"BLOCK_DEVICE_INFO", sec_block},
    {"TTYS_INFO", sec_ttys},
    {"AVAILABLE_IRQ_INFO", sec_irqs},
    {"TOTAL_MEM_INFO", sec_total},
    {"CPU_PROCESSOR_INFO", sec_cpus},
    {"MAX_MSIX_TABLE_NUM", sec_msix},
};

/* Each payload line on its own line after a tab, as ACRN's readers expect. */
static void emit(struct xw *w, const char *tag, const struct buf *t)
{
	buf_printf(w->out, "  <%s>\n", tag);
	for (const char *p = t->data; p && *p;) {
		size_t n = strcspn(p, "\n");
		char *l = xstrndup(p, n);
		buf_puts(w->out, "\t");
		xw_escape(w->out, l, false);
		buf_puts(w->out, "\n");
		free(l);
		p += n + (p[n] == '\n');
	}
	buf_printf(w->out, "\t</%s>\n", tag);
}

void legacy_write(struct xw *w, const struct host *h)
{
	for (size_t i = 0; i < ARRAY_SIZE(sections); i++) {
		struct buf t = {0};
		char *why = NULL;
		sections[i].fn(h, &t, &why);
		if (why)
			xw_comment(w, "%s: %s", sections[i].tag, why);
		emit(w, sections[i].tag, &t);
		buf_free(&t);
		free(why);
	}
}
