/* /proc/interrupts and the kernel log's IOAPIC lines. */
#include "interrupts.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acpi.h"
#include "capture.h"
#include "source.h"
#include "util.h"

#define LINES_MAX 65536

static size_t count_words(const char *l)
{
	size_t n = 0;
	for (const char *p = l; *p;) {
		p += strspn(p, " \t");
		if (*p)
			n++;
		p += strcspn(p, " \t");
	}
	return n;
}

/* " 26:   0  10  IO-APIC   4-edge   ttyS0": one counter per CPU, then the chip and pin. */
static void interrupt_line(char *l, struct irqs *q)
{
	char *save = NULL, *tok = strtok_r(l, " \t", &save);
	uint64_t irq, pin;
	size_t n = tok ? strlen(tok) : 0;
	if (n < 2 || tok[n - 1] != ':')
		return;
	tok[n - 1] = '\0';
	if (parse_u64(tok, &irq) != 0 || irq > UINT32_MAX)
		return; /* NMI:, LOC:, ... */
	/* The per-CPU counts, then the chip: skip numbers (the header may be wrong). */
	char *chip = strtok_r(NULL, " \t", &save);
	for (size_t i = 0; chip && strspn(chip, "0123456789") == strlen(chip) && i < 8192; i++)
		chip = strtok_r(NULL, " \t", &save);
	char *hw = chip ? strtok_r(NULL, " \t", &save) : NULL;
	struct irq_line line = {(unsigned)irq, false, 0};
	if (chip && hw && (strcmp(chip, "IO-APIC") == 0 || strcmp(chip, "IR-IO-APIC") == 0)) {
		hw[strcspn(hw, "-")] = '\0';
		line.ioapic = parse_u64(hw, &pin) == 0 && pin < 256;
		line.pin = (unsigned)pin;
	}
	if (q->n < LINES_MAX) {
		GROW(q->v, q->n, q->cap);
		q->v[q->n++] = line;
	}
}

void irq_parse_interrupts(const char *text, size_t len, const char *where, struct irqs *q)
{
	size_t ncpu = 0, lineno = 0;
	for (size_t pos = 0; pos < len;) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - (text + pos)) : len - pos;
		char *l = xstrndup(text + pos, n);
		if (lineno++ == 0)
			ncpu = count_words(l);
		else
			interrupt_line(l, q);
		free(l);
		pos += n + 1;
	}
	if (len && ncpu == 0)
		warn_line(where, 1, "expected the 'CPU0 CPU1 ...' header line");
}

bool irq_pin(const struct irqs *q, unsigned irq, unsigned *pin)
{
	for (size_t i = 0; i < q->n; i++)
		if (q->v[i].irq == irq && q->v[i].ioapic) {
			*pin = q->v[i].pin;
			return true;
		}
	return false;
}

/* "IOAPIC[0]: apic_id 0, version 17, address 0xfec00000, GSI 0-23" anywhere in a record. */
static bool kmsg_line(const char *l, struct irqs *q)
{
	const char *p = strstr(l, "IOAPIC[");
	unsigned idx, id, version, first, last;
	uint32_t address;
	if (!p ||
	    sscanf(p, "IOAPIC[%u]: apic_id %u, version %u, address 0x%x, GSI %u-%u", &idx, &id,
		   &version, &address, &first, &last) != 6 ||
	    last < first)
		return false;
	if (q->nio < 128) {
		GROW(q->io, q->nio, q->capio);
		q->io[q->nio++] = (struct kmsg_ioapic){id, address, first, last};
	}
	return true;
}

char *irq_parse_kmsg(const char *text, size_t len, struct irqs *q)
{
	struct buf used = {0};
	buf_puts(&used, "");
	for (size_t pos = 0; pos < len;) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - (text + pos)) : len - pos;
		char *l = xstrndup(text + pos, n);
		if (kmsg_line(l, q)) {
			buf_puts(&used, l);
			buf_puts(&used, "\n");
		}
		free(l);
		pos += n + 1;
	}
	return used.data;
}

/*
 * The kernel log is read only for its IOAPIC lines, and only those go into a capture: the
 * rest of the log is large and may be private.
 */
struct kmsg_wait {
	size_t want, seen;
};

/* Stops reading the log once every IOAPIC of the MADT has had its line. */
static bool enough(const char *rec, size_t n, void *ctx)
{
	struct kmsg_wait *k = ctx;
	char *line = xstrndup(rec, n);
	struct irqs scratch = {0};
	k->seen += kmsg_line(line, &scratch);
	free(line);
	free(scratch.io);
	return k->want && k->seen >= k->want;
}

static void read_kmsg(struct source *s, struct irqs *q, size_t ioapics)
{
	struct buf b = {0};
	struct kmsg_wait k = {ioapics, 0};
	q->kmsg_status = source_read_records(s, "/dev/kmsg", 16u << 20, enough, &k, &b);
	if (q->kmsg_status == 0) {
		char *used = irq_parse_kmsg(b.data, b.len, q);
		if (source_capture(s) && *used)
			capture_put(source_capture(s), "/dev/kmsg", used, strlen(used));
		free(used);
	}
	buf_free(&b);
}

void irq_read(struct source *s, struct irqs *q, size_t ioapics)
{
	struct buf b = {0};
	q->status = source_read(s, "/proc/interrupts", 8u << 20, 0, &b);
	if (q->status == 0) {
		char *where = source_path(s, "/proc/interrupts");
		irq_parse_interrupts(b.data, b.len, where, q);
		free(where);
	}
	buf_free(&b);
	read_kmsg(s, q, ioapics);
}

static bool from_kmsg(const struct irqs *q, struct acpi_ioapic *io)
{
	for (size_t k = 0; k < q->nio; k++)
		if (q->io[k].address == io->address && q->io[k].gsi_first == io->gsi_base) {
			io->gsi_count = q->io[k].gsi_last - q->io[k].gsi_first + 1;
			return true;
		}
	return false;
}

/* The lowest GSI base above this IOAPIC's, or 0 when it is the last one. */
static uint32_t next_base(const struct acpi *a, uint32_t base)
{
	uint32_t next = 0;
	for (size_t k = 0; k < a->nioapics; k++)
		if (a->ioapics[k].gsi_base > base && (!next || a->ioapics[k].gsi_base < next))
			next = a->ioapics[k].gsi_base;
	return next;
}

/* Without a readable MADT (non-root), the kernel log still names each IOAPIC. */
static void ioapics_from_kmsg(const struct irqs *q, struct acpi *a)
{
	for (size_t k = 0; k < q->nio; k++) {
		GROW(a->ioapics, a->nioapics, a->capioapics);
		a->ioapics[a->nioapics++] =
		    (struct acpi_ioapic){q->io[k].apic_id, q->io[k].address, q->io[k].gsi_first,
					 q->io[k].gsi_last - q->io[k].gsi_first + 1, false};
	}
	if (q->nio)
		warn("the IOAPICs are taken from the kernel log: the MADT is unreadable");
}

void irq_count_ioapic_pins(const struct irqs *q, struct acpi *a)
{
	if (!a->nioapics && a->status[ACPI_APIC] != 0)
		ioapics_from_kmsg(q, a);
	for (size_t i = 0; i < a->nioapics; i++) {
		struct acpi_ioapic *io = &a->ioapics[i];
		uint32_t next = next_base(a, io->gsi_base);
		if (from_kmsg(q, io))
			continue;
		if (next && next - io->gsi_base <= 240) {
			io->gsi_count = next - io->gsi_base;
			continue;
		}
		io->gsi_count = 24;
		io->count_guessed = true;
		warn("IOAPIC %u at 0x%x: its number of pins is not in the kernel log (%s); 24 "
		     "assumed (the version register needs /dev/mem, which is not read)",
		     io->id, io->address,
		     q->kmsg_status == -ENOENT ? "no /dev/kmsg"
		     : q->kmsg_status	       ? "/dev/kmsg unreadable: run as root"
					       : "no IOAPIC line in it");
	}
}

void irq_free(struct irqs *q)
{
	free(q->v);
	free(q->io);
	memset(q, 0, sizeof(*q));
}
