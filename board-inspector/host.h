/* Everything the inspector learnt about the target, as the readers left it for the writer. */
#ifndef INSPECTOR_HOST_H
#define INSPECTOR_HOST_H

#include "acpi.h"
#include "cache.h"
#include "interrupts.h"
#include "memmap.h"
#include "pci.h"
#include "smbios.h"
#include "topology.h"
#include "tty.h"

struct pciids;
struct source;

struct host {
	char *board_name;
	struct cpus cpus;
	struct caches caches;
	struct memmap mem;
	struct acpi acpi;
	struct pci pci;
	struct pciids *ids;
	struct ttys ttys;
	struct irqs irqs;
	struct smbios smbios;
};

/* Runs every reader; board_name NULL derives one from SMBIOS. */
void host_inspect(struct source *s, const char *board_name, struct host *h);
void host_free(struct host *h);
/* The GSI of a Linux IRQ when /proc/interrupts says which IOAPIC pin it is (one IOAPIC). */
bool host_gsi(const struct host *h, unsigned linux_irq, unsigned *gsi);

#endif
