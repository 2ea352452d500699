/*
 * The firmware's ACPI tables for the Service VM (issue 15): they are the board's, so the Service
 * VM finds its devices, interrupt routing and power controls as the firmware describes them, with
 * two changes made in place at boot, before any VM runs (nothing else reads them: the hypervisor
 * takes the board from its tables, and the pre-launched VMs have acrn-cfgc's): the MADT lists the
 * Service VM's vCPUs (local APIC ids and processor UIDs 0..n-1, LINT1 NMI) instead of the board's
 * CPUs, and a DMAR table is dropped from the RSDT and XSDT (the IOMMU would be the hypervisor's).
 * A table is touched only if it lies in a firmware range of the memory map (ACPI, ACPI NVS,
 * reserved) and its length and checksum are right; else it is left alone and reported.
 */
#include "x86.h"
#include "vdev.h"
#include "boot.h"
#include "console.h"
#include "lib.h"
#include "mm.h"
#include "vm.h"

#define BIOS_AREA      0xe0000UL
#define BIOS_AREA_END  0x100000UL
#define RSDP_LEN_V1    20U
#define RSDP_RSDT      16U
#define RSDP_REVISION  15U
#define RSDP_XSDT      24U
#define HDR_LEN	       36U
#define MADT_HDR_LEN   44U
#define TABLE_MAX      4096U
#define MADT_LAPIC     0U
#define MADT_LAPIC_NMI 4U
#define MADT_X2APIC    9U
#define MADT_X2_NMI    10U
#define FADT_SMI_CMD   48U /* the FADT's SMI command port, and the values that switch ACPI */
#define FADT_ACPI_ON   52U
#define FADT_ACPI_OFF  53U

struct svm_smi svm_smi;

static uint32_t acpi_get32(const uint8_t *p)
{
	return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) |
	       ((uint32_t)p[3] << 24);
}

static void acpi_put32(uint8_t *p, uint32_t v)
{
	for (unsigned i = 0U; i < 4U; i++) {
		p[i] = (uint8_t)(v >> (8U * i));
	}
}

static uint8_t acpi_sum(const uint8_t *p, uint32_t n)
{
	uint8_t s = 0U;

	for (uint32_t i = 0U; i < n; i++) {
		s = (uint8_t)(s + p[i]);
	}
	return s;
}

/* Whether [base, base + len) lies in one firmware range (not RAM) of the memory map. */
static bool in_firmware(uint64_t base, uint64_t len)
{
	for (unsigned i = 0U; i < boot_info.nmem; i++) {
		const struct boot_mem *m = &boot_info.mem[i];

		if ((m->type != BOOT_MEM_RAM) && (base >= m->base) && (len <= m->size) &&
		    ((base - m->base) <= (m->size - len))) {
			return true;
		}
	}
	return false;
}

/* The table at addr if it is one to trust: in firmware memory, a sane length, summing to 0. */
static uint8_t *table_at(uint64_t addr)
{
	uint8_t *t = NULL;

	if (in_firmware(addr, HDR_LEN)) {
		/* cppcheck-suppress misra-c2012-11.5 ; firmware memory, read as bytes */
		uint8_t *p = mm_hva(addr);
		uint32_t len = acpi_get32(&p[4]);

		if ((len >= HDR_LEN) && (len <= TABLE_MAX) && in_firmware(addr, len) &&
		    (acpi_sum(p, len) == 0U)) {
			t = p;
		}
	}
	return t;
}

static bool sig_is(const uint8_t *t, const uint8_t sig[4])
{
	return memcmp(t, sig, 4U) == 0;
}

static void fix_checksum(uint8_t *t)
{
	t[9] = 0U;
	t[9] = (uint8_t)(0x100U - acpi_sum(t, acpi_get32(&t[4])));
}

/* The RSDP in the BIOS area (16-byte aligned, its first 20 bytes summing to 0); 0: none. */
static uint64_t find_rsdp(void)
{
	static const uint8_t sig[8] = {'R', 'S', 'D', ' ', 'P', 'T', 'R', ' '};

	for (uint64_t a = BIOS_AREA; a < BIOS_AREA_END; a += 16U) {
		/* cppcheck-suppress misra-c2012-11.5 ; the BIOS area, read as bytes */
		const uint8_t *p = mm_hva(a);

		if (in_firmware(a, RSDP_LEN_V1) && (memcmp(p, sig, sizeof(sig)) == 0) &&
		    (acpi_sum(p, RSDP_LEN_V1) == 0U)) {
			return a;
		}
	}
	return 0U;
}

/* The MADT with the Service VM's vCPUs: every entry but the local APICs' and their NMIs kept,
 * then one local APIC per vCPU and one NMI on LINT1 for all; false if that is longer. */
static bool madt_rewrite(uint8_t *t, unsigned vcpus)
{
	static uint8_t out[TABLE_MAX];
	uint32_t len = acpi_get32(&t[4]);
	uint32_t n = MADT_HDR_LEN;
	uint32_t off = MADT_HDR_LEN;
	bool more = (off + 2U) <= len;

	(void)memcpy(out, t, MADT_HDR_LEN);
	while (more) {
		uint8_t type = t[off];
		uint8_t elen = t[off + 1U];

		if ((elen < 2U) || (elen > (len - off))) {
			break;
		}
		if ((type != MADT_LAPIC) && (type != MADT_LAPIC_NMI) && (type != MADT_X2APIC) &&
		    (type != MADT_X2_NMI) && ((n + elen) <= TABLE_MAX)) {
			(void)memcpy(&out[n], &t[off], elen);
			n += elen;
		}
		off += elen;
		more = (off + 2U) <= len;
	}
	for (unsigned i = 0U; (i < vcpus) && ((n + 8U) <= TABLE_MAX); i++) {
		static const uint8_t lapic[8] = {MADT_LAPIC, 8U, 0U, 0U, 1U, 0U, 0U, 0U};

		(void)memcpy(&out[n], lapic, sizeof(lapic));
		out[n + 2U] = (uint8_t)i; /* processor UID */
		out[n + 3U] = (uint8_t)i; /* APIC id */
		n += 8U;
	}
	if ((n + 6U) > len) {
		return false;
	}
	out[n] = MADT_LAPIC_NMI;
	out[n + 1U] = 6U;
	out[n + 2U] = 0xffU; /* every processor */
	out[n + 3U] = 0U;
	out[n + 4U] = 0U; /* flags: the bus's default polarity and trigger */
	out[n + 5U] = 1U; /* LINT1 */
	n += 6U;
	(void)memcpy(t, out, n);
	acpi_put32(&t[4], n);
	fix_checksum(t);
	return true;
}

/* Each entry of the RSDT (esize 4) or XSDT (8): the MADT rewritten, a DMAR dropped. */
static void sdt_walk(struct vm *vm, uint8_t *sdt, uint32_t esize)
{
	static const uint8_t sig_dmar[4] = {(uint8_t)'D', (uint8_t)'M', (uint8_t)'A', (uint8_t)'R'};
	static const uint8_t sig_madt[4] = {(uint8_t)'A', (uint8_t)'P', (uint8_t)'I', (uint8_t)'C'};
	static const uint8_t sig_fadt[4] = {(uint8_t)'F', (uint8_t)'A', (uint8_t)'C', (uint8_t)'P'};
	uint32_t len = acpi_get32(&sdt[4]);
	uint32_t off = HDR_LEN;

	while ((off + esize) <= len) {
		uint64_t addr = acpi_get32(&sdt[off]);
		uint8_t *t;

		if ((esize == 8U) && (acpi_get32(&sdt[off + 4U]) != 0U)) {
			addr = MM_HPA_LIMIT; /* above 4 GiB: not reachable, left alone */
		}
		t = (addr < MM_HPA_LIMIT) ? table_at(addr) : NULL;
		if ((t != NULL) && (sig_is(t, sig_dmar))) {
			for (uint32_t i = off; (i + esize) < len; i++) {
				sdt[i] = sdt[i + esize]; /* the entries after it, one down */
			}
			len -= esize;
			acpi_put32(&sdt[4], len);
			console_printf("hv: %s: ACPI: DMAR at 0x%lx hidden\n", vm_name(vm), addr);
			continue;
		}
		if ((t != NULL) && (sig_is(t, sig_fadt)) && (acpi_get32(&t[4]) > FADT_ACPI_OFF)) {
			svm_smi.port = acpi_get32(&t[FADT_SMI_CMD]);
			svm_smi.acpi_on = t[FADT_ACPI_ON];
			svm_smi.acpi_off = t[FADT_ACPI_OFF];
		}
		if ((t != NULL) && (sig_is(t, sig_madt)) && (esize == 4U)) {
			console_printf("hv: %s: ACPI: MADT at 0x%lx %s\n", vm_name(vm), addr,
				       madt_rewrite(t, vm->cfg->pcpu_count)
					   ? "lists its vCPUs"
					   : "left as it is: no room for its vCPUs");
		}
		off += esize;
	}
	fix_checksum(sdt);
}

uint64_t svm_acpi_init(struct vm *vm)
{
	uint64_t rsdp = find_rsdp();
	const uint8_t *p = (rsdp != 0U) ? mm_hva(rsdp) : NULL;
	uint8_t *rsdt = (p != NULL) ? table_at(acpi_get32(&p[RSDP_RSDT])) : NULL;
	uint8_t *xsdt = NULL;

	if (rsdt == NULL) {
		console_printf("hv: %s: ACPI: no RSDP and RSDT in the BIOS area: it gets none\n",
			       vm_name(vm));
		return 0U;
	}
	if ((p[RSDP_REVISION] >= 2U) && (acpi_get32(&p[RSDP_XSDT + 4U]) == 0U)) {
		xsdt = table_at(acpi_get32(&p[RSDP_XSDT]));
	}
	sdt_walk(vm, rsdt, 4U);
	if (xsdt != NULL) {
		sdt_walk(vm, xsdt, 8U);
	}
	console_printf("hv: %s: ACPI: the firmware's tables, RSDP at 0x%lx\n", vm_name(vm), rsdp);
	return rsdp;
}
