/*
 * PCI functions from /sys/bus/pci/devices: the config space (ids, class, header, bridges,
 * capabilities with MSI, MSI-X and SR-IOV details) and the text resource file (BAR bases and
 * sizes, bridge windows). Capability lists are walked with a visited set, so a list that
 * loops ends with a warning.
 */
#ifndef INSPECTOR_PCI_H
#define INSPECTOR_PCI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct source;

struct pci_bar {
	unsigned index;
	bool io, is64, prefetch, size_known;
	uint64_t base, size;
};

struct pci_window {
	bool io, prefetch;
	uint64_t base, size;
};

struct pci_msi {
	bool present, is64, maskable;
	unsigned count;
};

struct pci_msix {
	bool present;
	unsigned table_size, table_bir, pba_bir;
	uint32_t table_offset, pba_offset;
};

struct pci_sriov {
	bool present;
	uint16_t initial, total, num, offset, stride, vf_device;
	uint8_t fdl;
	uint32_t page_sizes;
};

#define PCI_MAX_CAPS 64

struct pci_func {
	char *name; /* "0000:00:1f.6" */
	uint16_t seg;
	uint8_t bus, dev, fn;
	bool config_ok, config_short; /* header read; capabilities unreadable (not root) */
	uint16_t vendor, device, subvendor, subdevice;
	bool has_subsys;
	uint32_t class_code;
	uint8_t revision, header_type, pin;
	bool bridge;
	uint8_t secondary, subordinate;
	bool bad_secondary; /* not below its own bus, or claimed twice: not descended */
	struct pci_bar bars[6];
	size_t nbars;
	struct pci_window windows[4];
	size_t nwindows;
	const char *caps[PCI_MAX_CAPS]; /* names, standard then extended */
	size_t ncaps;
	struct pci_msi msi;
	struct pci_msix msix;
	struct pci_sriov sriov;
	bool is_vf;
	uint8_t pf_bus, pf_dev, pf_fn;
	bool has_irq;
	unsigned linux_irq;
};

struct pci {
	int status; /* reading /sys/bus/pci/devices: 0 or a negative errno */
	struct pci_func *f;
	size_t n, cap;
	unsigned short_configs; /* functions whose config space stopped at the header */
};

void pci_read(struct source *s, struct pci *p);
void pci_free(struct pci *p);
/* The function at seg:bus:dev.fn, or NULL. */
const struct pci_func *pci_find(const struct pci *p, uint16_t seg, uint8_t bus, uint8_t dev,
				uint8_t fn);

/* Buffer-level parsers (the fuzzer calls these). */
void pci_parse_config(const uint8_t *cfg, size_t n, const char *where, struct pci_func *f);
void pci_parse_resource(const char *text, size_t len, const char *where, struct pci_func *f);
/*
 * After the functions are added: sorts them, marks SR-IOV virtual functions (with their
 * physical function's ids) and rejects bridges whose secondary bus would make a loop.
 * s names the files in warnings; NULL for host paths.
 */
void pci_finish(struct pci *p, struct source *s);

#endif
