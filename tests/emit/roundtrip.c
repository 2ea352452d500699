/*
 * Reads the emitted tables back, as the hypervisor and acrn-dm will, and prints them in the
 * canonical text form that tests/emit/expect.xsl prints from the resolved document: the two
 * must match line for line. It links with the emitted config_*.c and dm_vms.c.
 * Before printing it checks what the text cannot show: every table header, config_gen.h
 * against the tables, the indices (in range, vUART peers pointing back), the device model's
 * memory sizes and VM indices. Exit status: 0 consistent, 1 not.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config_abi.h"
#include "config_gen.h"
#include "dm_config_abi.h"

static int failures;

static void fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void fail(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("roundtrip: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	failures++;
}

/* ---- small printers: hex as the resolved document writes it, '-' for absent ---- */

static void hex(uint64_t v)
{
	printf(" 0x%" PRIx64, v);
}

static void hex_or_none(uint32_t v)
{
	if (v == ACFG_NONE)
		fputs(" -", stdout);
	else
		hex(v);
}

static void bdf(uint16_t b)
{
	if (b == ACFG_NO_BDF)
		fputs(" -", stdout);
	else
		printf(" %02x:%02x.%x", b >> 8, (b >> 3) & 0x1f, b & 7);
}

static void text(const char *s, uint32_t len)
{
	if (strlen(s) != len)
		fail("string \"%s\" has length %zu, the table says %" PRIu32, s, strlen(s), len);
	printf(" %s", *s ? s : "-");
}

/* Names of the bits set in v, in bit order. */
static void flag_names(uint32_t v, const char *const *names, size_t count)
{
	for (size_t i = 0; i < count; i++)
		if (v & (1U << i))
			printf(" %s", names[i]);
	if (count < 32 && v >> count)
		fail("unknown flag bits 0x%" PRIx32, v >> count << count);
}

static const char *name_of(uint32_t v, const char *const *names, size_t count)
{
	if (v < count)
		return names[v];
	fail("value %" PRIu32 " out of range", v);
	return "?";
}

#define NAME_OF(v, names)    name_of((v), (names), sizeof(names) / sizeof((names)[0]))
#define FLAG_NAMES(v, names) flag_names((v), (names), sizeof(names) / sizeof((names)[0]))

static void check_header(const char *what, uint32_t sig, uint16_t arch, uint16_t rev, uint32_t kind,
			 uint32_t size, uint32_t want_kind, uint32_t want_size)
{
	if (sig != ACFG_SIGNATURE || arch != ACFG_ARCH_X86_64 || rev != ACFG_REVISION ||
	    kind != want_kind || size != want_size)
		fail("%s: header signature 0x%" PRIx32 " arch %u revision %u kind %" PRIu32
		     " size %" PRIu32 " does not match this ABI",
		     what, sig, arch, rev, kind, size);
}

/* ---- the board ---- */

static void print_ranges(const char *tag, const struct acfg_mem_range *r, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++) {
		printf("%s", tag);
		hex(r[i].base);
		hex(r[i].size);
		putchar('\n');
	}
}

static void print_pci_dev(const struct acfg_pci_dev *d)
{
	static const char *const pins[] = {"none", "INTA#", "INTB#", "INTC#", "INTD#"};
	static const char *const bar_types[] = {"none", "mem32", "mem64", "io"};
	printf("pci");
	bdf(d->bdf);
	hex(d->vendor);
	hex(d->device);
	hex(d->class_code);
	printf(" %s", NAME_OF(d->int_pin, pins));
	hex_or_none(d->gsi);
	printf(" %s\n", d->flags & ACFG_PCI_HOST_BRIDGE ? "host"
			: d->flags & ACFG_PCI_BRIDGE	? "pci"
							: "-");
	for (unsigned i = 0; i < ACFG_PCI_BARS; i++) {
		const struct acfg_pci_bar *b = &d->bars[i];
		if (b->type == ACFG_BAR_NONE)
			continue;
		printf("bar %u %s", i, NAME_OF(b->type, bar_types));
		hex(b->base);
		hex(b->size);
		printf(" %s\n", b->flags & ACFG_BAR_PREFETCHABLE ? "y" : "n");
	}
}

static void print_board(void)
{
	static const char *const serial_types[] = {"none", "portio", "mmio"};
	const struct acfg_board *b = &acfg_board;
	printf("board %s\n", b->name);
	for (uint32_t i = 0; i < b->pcpu_count; i++)
		printf("pcpu %" PRIu32 " 0x%" PRIx32 "\n", b->pcpus[i].id, b->pcpus[i].apic_id);
	print_ranges("ram", b->ram, b->ram_count);
	print_ranges("reserved", b->reserved, b->reserved_count);
	for (uint32_t i = 0; i < b->ioapic_count; i++)
		printf("ioapic %" PRIu32 " 0x%" PRIx64 " 0x%" PRIx32 " %" PRIu32 "\n",
		       b->ioapics[i].id, b->ioapics[i].address, b->ioapics[i].gsi_base,
		       b->ioapics[i].gsi_count);
	for (uint32_t i = 0; i < b->pci_dev_count; i++)
		print_pci_dev(&b->pci_devs[i]);
	printf("console %s", NAME_OF(b->console.type, serial_types));
	if (b->console.type != ACFG_SERIAL_NONE) {
		hex(b->console.base);
		hex_or_none(b->console.irq);
	}
	putchar('\n');
	if (b->cat.level)
		printf("cat %" PRIu32 " %" PRIu32 " %" PRIu32 " %s\n", b->cat.level,
		       b->cat.cbm_length, b->cat.clos_count, b->cat.cdp ? "y" : "n");
	else
		printf("cat none\n");
	if (b->poweroff.space == ACFG_PM_NONE)
		printf("poweroff none\n");
	else
		printf("poweroff %s 0x%" PRIx64 " %" PRIu32 "\n",
		       b->poweroff.space == ACFG_PM_PORTIO ? "portio" : "mmio",
		       b->poweroff.pm1a_cnt, b->poweroff.slp_typ);
}

/* ---- the hypervisor's settings ---- */

static void print_hv(void)
{
	static const char *const features[] = {
	    "DEBUG_BUILD",
	    "RELOC",
	    "MULTIBOOT2",
	    "SPLIT_LOCK_DETECTION",
	    "UC_LOCK_DETECTION",
	    "SECURITY_VM_FIXUP",
	    "KEEP_IRQ_DISABLED",
	    "HYPERV",
	    "IOMMU_ENFORCE_SNP",
	    "ACPI_PARSE",
	    "L1D_VMENTRY",
	    "MCE_ON_PSC",
	    "RDT",
	    "CDP",
	    "VCAT",
	    "SSRAM",
	};
	static const char *const schedulers[] = {"SCHED_NOOP", "SCHED_IORR", "SCHED_BVT",
						 "SCHED_PRIO"};
	const struct acfg_hv *h = &acfg_hv;
	const struct acfg_capacities *c = &h->capacities;
	printf("hv ram 0x%" PRIx64 " 0x%" PRIx64 " stack 0x%" PRIx64 "\n", h->ram_start,
	       h->ram_size, h->stack_size);
	printf("hv boot_area 0x%" PRIx64 " 0x%" PRIx64 "\n", h->boot_area.base, h->boot_area.size);
	printf("hv features");
	FLAG_NAMES(h->features, features);
	printf("\nhv scheduler %s\n", NAME_OF(h->scheduler, schedulers));
	printf("hv loglevel 0x%" PRIx32 " 0x%" PRIx32 " 0x%" PRIx32 "\nhv gpu_sbdf",
	       h->console_loglevel, h->mem_loglevel, h->npk_loglevel);
	hex_or_none(h->gpu_sbdf);
	if (h->clos_cache.level)
		printf("\nhv clos_cache %" PRIu32 " %" PRIu32 " %" PRIu32 " %s\n",
		       h->clos_cache.level, h->clos_cache.cbm_length, h->clos_cache.clos_count,
		       h->clos_cache.cdp ? "y" : "n");
	else
		printf("\nhv clos_cache none\n");
	printf("hv capacities 0x%" PRIx32 " 0x%" PRIx32 " 0x%" PRIx32 " 0x%" PRIx32 " 0x%" PRIx32
	       " 0x%" PRIx32 " 0x%" PRIx32 "\n",
	       c->max_vm_num, c->max_ioapic_num, c->max_pci_dev_num, c->max_ioapic_lines,
	       c->max_pt_irq_entries, c->max_msix_table_num, c->max_emulated_mmio);
}

/* ---- VMs ---- */

static void print_vuart(uint32_t type, uint16_t port, uint32_t irq, uint16_t vbdf)
{
	static const char *const types[] = {"none", "legacy", "pci"};
	printf(" %s", NAME_OF(type, types));
	if (type == ACFG_VUART_LEGACY)
		hex(port);
	else
		fputs(" -", stdout);
	hex_or_none(irq);
	bdf(vbdf);
}

static const char *vm_name(uint32_t index)
{
	if (index < acfg_vms.vm_count)
		return acfg_vms.vms[index].name;
	fail("VM index %" PRIu32 " out of range", index);
	return "?";
}

/* The other end of a connection must name this end. */
static void check_peer(uint32_t vm, uint32_t conn, uint32_t peer_vm, uint32_t peer_conn)
{
	if (peer_vm == ACFG_NONE)
		return;
	if (peer_vm >= acfg_vms.vm_count || peer_conn >= acfg_vms.vms[peer_vm].vuart_count) {
		fail("VM %" PRIu32 " vUART %" PRIu32 ": peer out of range", vm, conn);
		return;
	}
	const struct acfg_vuart_conn *p = &acfg_vms.vms[peer_vm].vuarts[peer_conn];
	if (p->peer_vm != vm || p->peer_conn != conn)
		fail("VM %" PRIu32 " vUART %" PRIu32 ": the peer does not point back", vm, conn);
}

static void print_vm_pcpus(const struct acfg_vm *v)
{
	printf("  pcpus");
	for (uint32_t i = 0; i < v->pcpu_count; i++) {
		if (v->pcpus[i] < acfg_board.pcpu_count)
			printf(" %" PRIu32, acfg_board.pcpus[v->pcpus[i]].id);
		else
			fail("VM %s: pCPU index %" PRIu32 " out of range", v->name, v->pcpus[i]);
	}
	putchar('\n');
}

static void print_vm_memory(const struct acfg_vm *v)
{
	for (uint32_t i = 0; i < v->region_count; i++) {
		const struct acfg_mem_region *r = &v->regions[i];
		printf("  mem");
		hex(r->gpa);
		if (r->attr & ACFG_MEM_DM)
			fputs(" -", stdout);
		else
			hex(r->hpa);
		hex(r->size);
		printf(" %s\n", r->attr == ACFG_MEM_RAM			  ? "ram"
				: r->attr == (ACFG_MEM_RAM | ACFG_MEM_DM) ? "ram+dm"
				: r->attr == ACFG_MEM_IVSHMEM		  ? "ivshmem"
									  : "?");
	}
}

static void print_vm_devices(uint32_t index, const struct acfg_vm *v)
{
	for (uint32_t i = 0; i < v->vuart_count; i++) {
		const struct acfg_vuart_conn *c = &v->vuarts[i];
		printf("  vuart");
		print_vuart(c->vuart.type, c->vuart.io_port, c->vuart.irq, c->vuart.vbdf);
		if (c->peer_vm == ACFG_NONE)
			printf(" -> - -\n");
		else
			printf(" -> %s %" PRIu32 "\n", vm_name(c->peer_vm), c->peer_conn);
		check_peer(index, i, c->peer_vm, c->peer_conn);
	}
	for (uint32_t i = 0; i < v->ptdev_count; i++) {
		const struct acfg_ptdev *p = &v->ptdevs[i];
		if (p->board_dev >= acfg_board.pci_dev_count) {
			fail("VM %s: board device index %" PRIu32 " out of range", v->name,
			     p->board_dev);
			continue;
		}
		printf("  ptdev");
		bdf(acfg_board.pci_devs[p->board_dev].bdf);
		bdf(p->vbdf);
		hex_or_none(p->pgsi);
		hex_or_none(p->vgsi);
		putchar('\n');
	}
	for (uint32_t i = 0; i < v->ivshmem_count; i++) {
		const struct acfg_ivshmem_dev *d = &v->ivshmem[i];
		if (d->region >= acfg_vms.ivshmem_count) {
			fail("VM %s: ivshmem region index out of range", v->name);
			continue;
		}
		printf("  ivshmem %s", acfg_vms.ivshmem[d->region].name);
		bdf(d->vbdf);
		hex(d->bar0);
		hex(d->bar2);
		putchar('\n');
	}
}

static void print_vm_kernel(const struct acfg_vm *v)
{
	static const char *const kern_types[] = {"none", "KERNEL_BZIMAGE", "KERNEL_RAWIMAGE",
						 "KERNEL_ELF"};
	const struct acfg_kernel *k = &v->kernel;
	printf("  kernel %s", NAME_OF(k->type, kern_types));
	text(k->mod_tag, k->mod_tag_len);
	text(k->ramdisk_tag, k->ramdisk_tag_len);
	if (k->flags & ACFG_KERN_LOAD_ADDR)
		hex(k->load_addr);
	else
		fputs(" -", stdout);
	if (k->flags & ACFG_KERN_ENTRY_ADDR)
		hex(k->entry_addr);
	else
		fputs(" -", stdout);
	if (strlen(k->bootargs) != k->bootargs_len)
		fail("VM %s: bootargs length %" PRIu32 " is wrong", v->name, k->bootargs_len);
	printf("\n  bootargs \"%s\"\n", k->bootargs);
}

static void print_vm(uint32_t index, const struct acfg_vm *v)
{
	static const char *const loads[] = {"PRE_LAUNCHED_VM", "SERVICE_VM", "POST_LAUNCHED_VM"};
	static const char *const types[] = {"STANDARD_VM", "RTVM", "TEE_VM", "REE_VM"};
	static const char *const flags[] = {"LAPIC_PASSTHROUGH",     "HYPERCALLS",  "REAL_TIME",
					    "IO_COMPLETION_POLLING", "NESTED_VIRT", "VCAT"};
	printf("vm %" PRIu32 " %" PRIu32 " %s %s %s %s", index, v->id, v->name,
	       NAME_OF(v->load_order, loads), NAME_OF(v->vm_type, types),
	       v->priority == ACFG_PRIO_HIGH ? "PRIO_HIGH" : "PRIO_LOW");
	FLAG_NAMES(v->flags, flags);
	putchar('\n');
	print_vm_pcpus(v);
	print_vm_memory(v);
	printf("  console");
	print_vuart(v->console.type, v->console.io_port, v->console.irq, v->console.vbdf);
	putchar('\n');
	print_vm_devices(index, v);
	if (v->clos.id == ACFG_NONE)
		printf("  clos none\n");
	else
		printf("  clos %" PRIu32 " 0x%" PRIx64 "\n", v->clos.id, v->clos.mask);
	print_vm_kernel(v);
}

static void print_vms(void)
{
	for (uint32_t i = 0; i < acfg_vms.ivshmem_count; i++) {
		const struct acfg_ivshmem_region *r = &acfg_vms.ivshmem[i];
		printf("ivshmem %s", r->name);
		hex(r->size);
		if (r->provider == ACFG_IVSHMEM_BY_HV)
			hex(r->hpa);
		else
			fputs(" -", stdout);
		printf(" %s\n", r->provider == ACFG_IVSHMEM_BY_HV ? "hv" : "dm");
	}
	printf("vms %" PRIu32 "\n", acfg_vms.vm_count);
	for (uint32_t i = 0; i < acfg_vms.vm_count; i++)
		print_vm(i, &acfg_vms.vms[i]);
}

/* ---- the device model's table ---- */

static void check_dm_vm(const struct dmcfg_vm *v)
{
	uint64_t sum = 0;
	for (uint32_t i = 0; i < v->region_count; i++)
		sum += v->regions[i].size;
	if (sum != v->memory_size)
		fail("DM VM %s: memory_size 0x%" PRIx64 " is not the sum of its regions", v->name,
		     v->memory_size);
	if (v->vm_index >= acfg_vms.vm_count ||
	    acfg_vms.vms[v->vm_index].load_order != ACFG_LOAD_POST_LAUNCHED ||
	    acfg_vms.vms[v->vm_index].id != v->id ||
	    strcmp(acfg_vms.vms[v->vm_index].name, v->name) != 0)
		fail("DM VM %s: vm_index %" PRIu32 " is not this post-launched VM", v->name,
		     v->vm_index);
}

static void print_dm_devices(const struct dmcfg_vm *v)
{
	static const char *const kinds[] = {"?",     "console", "network", "input",
					    "block", "gpu",	"vsock"};
	for (uint32_t i = 0; i < v->vuart_count; i++) {
		const struct dmcfg_vuart_conn *c = &v->vuarts[i];
		printf("  dm vuart");
		print_vuart(c->vuart.type, c->vuart.io_port, c->vuart.irq, c->vuart.vbdf);
		if (c->peer_vm == DMCFG_NONE)
			printf(" -> - -\n");
		else
			printf(" -> %s %" PRIu32 "\n", vm_name(c->peer_vm), c->peer_conn);
	}
	for (uint32_t i = 0; i < v->ptdev_count; i++) {
		printf("  dm ptdev");
		bdf(v->ptdevs[i].pbdf);
		bdf(v->ptdevs[i].vbdf);
		hex_or_none(v->ptdevs[i].pgsi);
		putchar('\n');
	}
	for (uint32_t i = 0; i < v->ivshmem_count; i++) {
		const struct dmcfg_ivshmem_dev *d = &v->ivshmem[i];
		printf("  dm ivshmem %s", d->name);
		hex(d->size);
		bdf(d->vbdf);
		hex(d->bar0);
		hex(d->bar2);
		printf(" %s\n", d->provider == DMCFG_IVSHMEM_BY_HV ? "hv" : "dm");
	}
	for (uint32_t i = 0; i < v->virtio_count; i++) {
		const struct dmcfg_virtio *d = &v->virtio[i];
		printf("  dm virtio %s", NAME_OF(d->kind, kinds));
		text(d->value, d->value_len);
		bdf(d->vbdf);
		putchar('\n');
	}
}

static void print_dm(void)
{
	static const char *const types[] = {"STANDARD_VM", "RTVM", "TEE_VM", "REE_VM"};
	static const char *const flags[] = {"LAPIC_PASSTHROUGH",     "-",	    "REAL_TIME",
					    "IO_COMPLETION_POLLING", "NESTED_VIRT", "VCAT"};
	printf("dm vms %" PRIu32 "\n", dmcfg_vms.vm_count);
	for (uint32_t i = 0; i < dmcfg_vms.vm_count; i++) {
		const struct dmcfg_vm *v = &dmcfg_vms.vms[i];
		check_dm_vm(v);
		printf("dm vm %" PRIu32 " %" PRIu32 " %s %s", v->vm_index, v->id, v->name,
		       NAME_OF(v->vm_type, types));
		FLAG_NAMES(v->flags, flags);
		printf("\n  dm pcpus");
		for (uint32_t c = 0; c < v->pcpu_count; c++)
			printf(" %" PRIu32, v->pcpu_ids[c]);
		putchar('\n');
		for (uint32_t r = 0; r < v->region_count; r++) {
			printf("  dm mem");
			hex(v->regions[r].gpa);
			hex(v->regions[r].size);
			putchar('\n');
		}
		printf("  dm console");
		print_vuart(v->console.type, v->console.io_port, v->console.irq, v->console.vbdf);
		putchar('\n');
		print_dm_devices(v);
	}
}

/* ---- config_gen.h against the tables ---- */

static uint32_t count_load(uint32_t load)
{
	uint32_t n = 0;
	for (uint32_t i = 0; i < acfg_vms.vm_count; i++)
		n += acfg_vms.vms[i].load_order == load;
	return n;
}

static void check_gen(void)
{
	if (ACFG_GEN_PCPU_COUNT != acfg_board.pcpu_count ||
	    ACFG_GEN_IOAPIC_COUNT != acfg_board.ioapic_count ||
	    ACFG_GEN_PCI_DEV_COUNT != acfg_board.pci_dev_count ||
	    ACFG_GEN_VM_COUNT != acfg_vms.vm_count ||
	    ACFG_GEN_IVSHMEM_REGION_COUNT != acfg_vms.ivshmem_count ||
	    ACFG_GEN_PRE_LAUNCHED_VM_COUNT != count_load(ACFG_LOAD_PRE_LAUNCHED) ||
	    ACFG_GEN_SERVICE_VM_COUNT != count_load(ACFG_LOAD_SERVICE) ||
	    ACFG_GEN_POST_LAUNCHED_VM_COUNT != count_load(ACFG_LOAD_POST_LAUNCHED) ||
	    ACFG_GEN_POST_LAUNCHED_VM_COUNT != dmcfg_vms.vm_count)
		fail("config_gen.h counts differ from the tables");
	uint32_t vcpus = 0, regions = 0, ptdevs = 0, service = ACFG_NONE;
	for (uint32_t i = 0; i < acfg_vms.vm_count; i++) {
		const struct acfg_vm *v = &acfg_vms.vms[i];
		vcpus = v->pcpu_count > vcpus ? v->pcpu_count : vcpus;
		regions = v->region_count > regions ? v->region_count : regions;
		ptdevs = v->ptdev_count > ptdevs ? v->ptdev_count : ptdevs;
		if (v->load_order == ACFG_LOAD_SERVICE && service == ACFG_NONE)
			service = i;
	}
	if (ACFG_GEN_MAX_VCPUS_PER_VM != vcpus || ACFG_GEN_MAX_REGIONS_PER_VM != regions ||
	    ACFG_GEN_MAX_PTDEVS_PER_VM != ptdevs || ACFG_GEN_SERVICE_VM_INDEX != service)
		fail("config_gen.h maxima differ from the tables");
	/* the hypervisor is linked where its tables say it lives */
	if (ACFG_GEN_HV_RAM_START != acfg_hv.ram_start || ACFG_GEN_HV_RAM_SIZE != acfg_hv.ram_size)
		fail("config_gen.h places the hypervisor elsewhere than acfg_hv");
}

int main(void)
{
	const struct acfg_header *b = &acfg_board.header, *h = &acfg_hv.header,
				 *v = &acfg_vms.header;
	const struct dmcfg_header *d = &dmcfg_vms.header;
	check_header("config_board.c", b->signature, b->arch, b->revision, b->kind, b->size,
		     ACFG_TABLE_BOARD, sizeof(acfg_board));
	check_header("config_hv.c", h->signature, h->arch, h->revision, h->kind, h->size,
		     ACFG_TABLE_HV, sizeof(acfg_hv));
	check_header("config_vms.c", v->signature, v->arch, v->revision, v->kind, v->size,
		     ACFG_TABLE_VMS, sizeof(acfg_vms));
	if (!acfg_header_ok(b, ACFG_TABLE_BOARD, sizeof(acfg_board)) ||
	    !acfg_header_ok(h, ACFG_TABLE_HV, sizeof(acfg_hv)) ||
	    !acfg_header_ok(v, ACFG_TABLE_VMS, sizeof(acfg_vms)) ||
	    !dmcfg_header_ok(d, sizeof(dmcfg_vms)))
		fail("a table header is not accepted by its ABI header's check");
	if (failures)
		return EXIT_FAILURE; /* nothing else in the tables can be trusted */
	check_gen();
	print_board();
	print_hv();
	print_vms();
	print_dm();
	return failures ? EXIT_FAILURE : EXIT_SUCCESS;
}
