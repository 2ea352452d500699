/*
 * The inspection: the readers in order, then the cross-checks that need several of them
 * (IOAPIC sizes from the kernel log, a board name) and the warnings about what the target is.
 */
#include "host.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "pciids.h"
#include "source.h"
#include "util.h"

/* Board names become file and directory names in ACRN's build: keep them plain. */
static char *plain_name(const char *s)
{
	char *n = xstrdup(s);
	for (char *p = n; *p; p++)
		if (!isalnum((unsigned char)*p) && *p != '-' && *p != '_')
			*p = '-';
	return n;
}

static void warn_target(const struct host *h)
{
	const struct cpus *c = &h->cpus;
	if (c->hypervisor)
		warn("running in a virtual machine (CPUID hypervisor bit): the board XML describes "
		     "the virtual hardware");
	if (c->vendor[0] && strcmp(c->vendor, "GenuineIntel") != 0)
		warn("CPU vendor %s: the hypervisor needs Intel VT-x; the board XML is written all "
		     "the same",
		     c->vendor);
	else if (c->vendor[0] && !c->vmx)
		warn("no VMX in CPUID: VT-x is off or hidden; the hypervisor cannot run here");
	if (h->acpi.status[ACPI_DMAR] == -ENOENT && h->acpi.status[ACPI_APIC] == 0)
		warn("no DMAR table: VT-d is unavailable, so no device can be passed through "
		     "(DRHD_INFO is left empty)");
	for (int t = 0; t < ACPI_COUNT; t++)
		if (h->acpi.status[t] == -EACCES || h->acpi.status[t] == -EPERM)
			warn("/sys/firmware/acpi/tables/%s: permission denied; run as root",
			     acpi_table_name((enum acpi_table)t));
	if (h->pci.short_configs)
		warn("%u PCI config spaces stop at the 64-byte header (not root): MSI, MSI-X and "
		     "SR-IOV capabilities are unknown; run as root",
		     h->pci.short_configs);
	size_t other = 0;
	for (size_t i = 0; i < h->pci.n; i++)
		other += h->pci.f[i].seg != 0;
	if (other)
		warn(
		    "%zu PCI functions outside segment 0 are left out: the board format has no PCI "
		    "segments",
		    other);
	if (h->mem.iomem_zero)
		warn("/proc/iomem shows every address as 0 (not root): IOMEM_INFO is left empty; "
		     "run as root");
}

static void name_board(struct host *h, const char *board_name)
{
	const char *from = board_name ? board_name : h->smbios.board_product;
	h->board_name = plain_name(from && *from ? from : "my-board");
}

void host_inspect(struct source *s, const char *board_name, struct host *h)
{
	memset(h, 0, sizeof(*h));
	topology_read(s, &h->cpus);
	cache_collect(s, &h->cpus, &h->caches);
	memmap_read(s, &h->mem);
	acpi_read(s, &h->acpi);
	irq_read(s, &h->irqs, h->acpi.nioapics);
	irq_count_ioapic_pins(&h->irqs, &h->acpi);
	pci_read(s, &h->pci);
	h->ids = pciids_load(s);
	tty_read(s, &h->ttys);
	smbios_read(s, &h->smbios);
	name_board(h, board_name);
	warn_target(h);
}

bool host_gsi(const struct host *h, unsigned linux_irq, unsigned *gsi)
{
	unsigned pin;
	if (!irq_pin(&h->irqs, linux_irq, &pin) || h->acpi.nioapics > 1)
		return false;
	*gsi = pin + (h->acpi.nioapics ? h->acpi.ioapics[0].gsi_base : 0);
	return true;
}

void host_free(struct host *h)
{
	free(h->board_name);
	topology_free(&h->cpus);
	cache_free(&h->caches);
	memmap_free(&h->mem);
	acpi_free(&h->acpi);
	pci_free(&h->pci);
	pciids_free(h->ids);
	tty_free(&h->ttys);
	irq_free(&h->irqs);
	smbios_free(&h->smbios);
}
