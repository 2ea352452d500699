/*
 * Interrupts: /proc/interrupts (which IOAPIC pin each Linux IRQ is, and who uses it) and the
 * kernel log's "IOAPIC[i]: ... GSI a-b" lines, which give each IOAPIC's number of pins (the
 * MADT gives only the first GSI; the version register would need /dev/mem).
 */
#ifndef INSPECTOR_INTERRUPTS_H
#define INSPECTOR_INTERRUPTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct acpi;
struct source;

struct irq_line {
	unsigned irq; /* Linux IRQ number */
	bool ioapic;  /* an IO-APIC line; pin is its pin */
	unsigned pin;
};

struct kmsg_ioapic {
	unsigned apic_id;
	uint32_t address;
	unsigned gsi_first, gsi_last;
};

struct irqs {
	int status, kmsg_status;
	struct irq_line *v;
	size_t n, cap;
	struct kmsg_ioapic *io;
	size_t nio, capio;
};

/* ioapics: how many IOAPICs the MADT has (0: unknown), so the log is read only that far. */
void irq_read(struct source *s, struct irqs *q, size_t ioapics);
void irq_free(struct irqs *q);
/* The IOAPIC pin behind a Linux IRQ. */
bool irq_pin(const struct irqs *q, unsigned irq, unsigned *pin);
/* Fills gsi_count of the MADT's IOAPICs; without a readable MADT the IOAPICs come from
 * the kernel log. */
void irq_count_ioapic_pins(const struct irqs *q, struct acpi *a);

/* Buffer-level parsers (the fuzzer calls these). */
void irq_parse_interrupts(const char *text, size_t len, const char *where, struct irqs *q);
/* Returns the lines used (for the capture); the caller frees it. */
char *irq_parse_kmsg(const char *text, size_t len, struct irqs *q);

#endif
