/*
 * The front end end to end (load, validate, model): exact facts of our own Bochs board and
 * scenario and of ACRN corpus files, and the schema and value errors of tiny scenarios, each
 * with its rule name and the line it points at.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "frontend.h"
#include "tests.h"
#include "util.h"

#define BOCHS_BOARD    TOP_SRCDIR "/boards/bochs-pc.xml"
#define BOCHS_SCENARIO TOP_SRCDIR "/scenarios/bochs-pc/partitioned.xml"

static struct schema_set *schemas;

static int load_schemas(void)
{
	return test_schemas_load(&schemas, SCHEMA_ALL);
}

static int free_schemas(void)
{
	return test_schemas_free(&schemas);
}

/* Runs the front end on files; prints the diagnostics when there are any, to explain failures. */
static void run_files(struct frontend *fe, struct diag_list *dl, const char *board,
		      const char *scenario)
{
	frontend_init(fe);
	diag_list_init(dl);
	frontend_run(fe, schemas, board, scenario, dl);
	if (dl->count)
		diag_list_print(dl, DIAG_FORMAT_TEXT, stderr);
}

static void run_scenario_text(struct frontend *fe, struct diag_list *dl, const char *text)
{
	frontend_init(fe);
	diag_list_init(dl);
	frontend_run_buffer(fe, schemas, INPUT_SCENARIO, "s.xml", text, strlen(text), dl);
}

static void done(struct frontend *fe, struct diag_list *dl)
{
	frontend_free(fe);
	diag_list_free(dl);
}

static const struct board_pci_dev *find_pci(const struct board *b, unsigned bus, unsigned dev,
					    unsigned fn)
{
	for (size_t i = 0; i < b->pci_count; i++)
		if (b->pci[i].bdf.bus == bus && b->pci[i].bdf.dev == dev && b->pci[i].bdf.fn == fn)
			return &b->pci[i];
	return NULL;
}

static const struct pci_bar *find_bar(const struct board_pci_dev *d, unsigned index)
{
	for (size_t i = 0; d && i < d->bar_count; i++)
		if (d->bars[i].index == index)
			return &d->bars[i];
	return NULL;
}

/* ---- the Bochs board ---- */

static void test_bochs_clean(void)
{
	struct frontend fe;
	struct diag_list dl;
	run_files(&fe, &dl, BOCHS_BOARD, BOCHS_SCENARIO);
	CU_ASSERT_EQUAL(dl.count, 0);
	CU_ASSERT_TRUE(fe.board_in.modelled);
	CU_ASSERT_TRUE(fe.scenario_in.modelled);
	CU_ASSERT_FALSE(frontend_io_error(&fe));
	ASSERT_STR_EQ(fe.board.name, "bochs-pc");
	ASSERT_STR_EQ(fe.board.cpu_brand, "Intel(R) Core(TM) i7-7800X CPU @ 3.50GHz");
	CU_ASSERT_EQUAL(fe.board.pos.line, 1);
	done(&fe, &dl);
}

static void test_bochs_threads(void)
{
	struct frontend fe;
	struct diag_list dl;
	run_files(&fe, &dl, BOCHS_BOARD, NULL);
	const struct board *b = &fe.board;
	CU_ASSERT_EQUAL_FATAL(b->thread_count, 2);
	for (unsigned i = 0; i < 2; i++) {
		CU_ASSERT_EQUAL(b->threads[i].cpu_id, i);
		CU_ASSERT_EQUAL(b->threads[i].apic_id, i);
		CU_ASSERT_EQUAL(b->threads[i].x2apic_id, i);
		CU_ASSERT_EQUAL(b->threads[i].core_id, i);
		CU_ASSERT_EQUAL(b->threads[i].die_id, 0);
		CU_ASSERT_EQUAL(b->threads[i].family, 6);
		CU_ASSERT_EQUAL(b->threads[i].model, 0x55);
		CU_ASSERT_EQUAL(b->threads[i].stepping, 4);
	}
	CU_ASSERT_EQUAL(b->threads[0].pos.line, 254);
	CU_ASSERT_EQUAL(b->threads[0].pos.col, 9);
	CU_ASSERT_EQUAL(b->threads[1].pos.line, 266);
	CU_ASSERT_EQUAL(b->cpu_id_count, 2);
	if (b->cpu_id_count == 2)
		CU_ASSERT_TRUE(b->cpu_ids[0] == 0 && b->cpu_ids[1] == 1);
	done(&fe, &dl);
}

static void test_bochs_memory(void)
{
	struct frontend fe;
	struct diag_list dl;
	run_files(&fe, &dl, BOCHS_BOARD, NULL);
	const struct board *b = &fe.board;
	CU_ASSERT_EQUAL_FATAL(b->ram_count, 2);
	CU_ASSERT_EQUAL(b->ram[0].start, 0);
	CU_ASSERT_EQUAL(b->ram[0].end, 0x9efff);
	CU_ASSERT_EQUAL(b->ram[1].start, 0x100000);
	CU_ASSERT_EQUAL(b->ram[1].end, 0xffeffff);
	CU_ASSERT_EQUAL(b->ram[0].pos.line, 346);
	CU_ASSERT_EQUAL(b->ram[1].pos.line, 347);
	CU_ASSERT_TRUE(b->total_mem_kb.set);
	CU_ASSERT_EQUAL(b->total_mem_kb.value, 261692);
	CU_ASSERT_FALSE(b->mmcfg_base.set); /* i440FX has no ECAM */
	/* PIIX4 power management: PM1a control at port 0xb004, S5 is SLP_TYP 0 */
	CU_ASSERT_TRUE(b->pm1a_cnt.set && b->pm1a_cnt.value == 0xb004);
	ASSERT_STR_EQ(b->pm1a_cnt_space, "SPACE_SYSTEM_IO");
	CU_ASSERT_TRUE(b->s5_pm1a.set && b->s5_pm1a.value == 0);
	CU_ASSERT_TRUE(b->max_msix_table_num.set);
	CU_ASSERT_EQUAL(b->max_msix_table_num.value, 1);
	done(&fe, &dl);
}

/* Our board indents IOMEM_INFO with blanks only, not a tab: every range is still top level. */
static void test_bochs_iomem(void)
{
	struct frontend fe;
	struct diag_list dl;
	run_files(&fe, &dl, BOCHS_BOARD, NULL);
	const struct board *b = &fe.board;
	CU_ASSERT_EQUAL_FATAL(b->iomem_count, 12);
	CU_ASSERT_EQUAL(b->iomem[8].start, 0xfec00000);
	CU_ASSERT_EQUAL(b->iomem[8].end, 0xfec003ff);
	ASSERT_STR_EQ(b->iomem[8].name, "IOAPIC 0");
	CU_ASSERT_EQUAL(b->iomem[8].pos.line, 113);
	CU_ASSERT_EQUAL(b->iomem[0].pos.line, 105);
	size_t nested = 0;
	for (size_t i = 0; i < b->iomem_count; i++)
		nested += b->iomem[i].depth != 0;
	CU_ASSERT_EQUAL(nested, 0);
	done(&fe, &dl);
}

static void test_bochs_caches(void)
{
	struct frontend fe;
	struct diag_list dl;
	run_files(&fe, &dl, BOCHS_BOARD, NULL);
	const struct board *b = &fe.board;
	CU_ASSERT_EQUAL_FATAL(b->cache_count, 4);
	const struct board_cache *l1d = &b->caches[0], *l3 = &b->caches[3];
	CU_ASSERT_TRUE(l1d->level == 1 && l1d->type == 1 && l1d->id == 0);
	CU_ASSERT_EQUAL(l1d->size, 32768);
	CU_ASSERT_EQUAL(l1d->ways, 8);
	CU_ASSERT_EQUAL(l1d->line_size, 64);
	CU_ASSERT_EQUAL(l1d->sets, 64);
	CU_ASSERT_EQUAL(b->caches[1].type, 2);
	CU_ASSERT_TRUE(l3->level == 3 && l3->type == 3);
	CU_ASSERT_EQUAL(l3->size, 8650752);
	CU_ASSERT_EQUAL(l3->ways, 11);
	CU_ASSERT_EQUAL(l3->sets, 12288);
	CU_ASSERT_FALSE(l3->cat);
	CU_ASSERT_FALSE(l3->cdp);
	CU_ASSERT_EQUAL_FATAL(l3->processor_count, 2);
	CU_ASSERT_TRUE(l3->processors[0] == 0 && l3->processors[1] == 1);
	CU_ASSERT_EQUAL(l3->pos.line, 328);
	done(&fe, &dl);
}

static void test_bochs_pci(void)
{
	struct frontend fe;
	struct diag_list dl;
	run_files(&fe, &dl, BOCHS_BOARD, NULL);
	const struct board *b = &fe.board;
	CU_ASSERT_EQUAL(b->pci_count, 5);
	static const struct {
		unsigned fn, device, class_code;
	} piix[] = {{0, 0x7000, 0x060100},
		    {1, 0x7010, 0x010180},
		    {2, 0x7020, 0x0c0300},
		    {3, 0x7113, 0x068000}};
	const struct board_pci_dev *host = find_pci(b, 0, 0, 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(host);
	CU_ASSERT_TRUE(host->vendor == 0x8086 && host->device == 0x1237);
	CU_ASSERT_TRUE(host->is_host_bridge);
	CU_ASSERT_EQUAL(host->pos.line, 359);
	for (size_t i = 0; i < 4; i++) {
		const struct board_pci_dev *d = find_pci(b, 0, 1, piix[i].fn);
		CU_ASSERT_PTR_NOT_NULL_FATAL(d);
		CU_ASSERT_EQUAL(d->vendor, 0x8086);
		CU_ASSERT_EQUAL(d->device, piix[i].device);
		CU_ASSERT_EQUAL(d->class_code, piix[i].class_code);
		CU_ASSERT_FALSE(d->from_legacy_only);
		CU_ASSERT_FALSE(d->is_host_bridge);
		CU_ASSERT_TRUE(d->subsystem_vendor.set && d->subsystem_vendor.value == 0);
	}
	done(&fe, &dl);
}

static void test_bochs_usb(void)
{
	struct frontend fe;
	struct diag_list dl;
	run_files(&fe, &dl, BOCHS_BOARD, NULL);
	const struct board_pci_dev *usb = find_pci(&fe.board, 0, 1, 2);
	CU_ASSERT_PTR_NOT_NULL_FATAL(usb);
	ASSERT_STR_EQ(usb->description,
		      "USB controller: Intel Corporation 82371SB PIIX3 USB [Natoma/Triton II]");
	CU_ASSERT_EQUAL(usb->pos.line, 642);
	CU_ASSERT_EQUAL(usb->pos.col, 9);
	CU_ASSERT_EQUAL(usb->bar_count, 1);
	const struct pci_bar *bar = find_bar(usb, 4);
	CU_ASSERT_PTR_NOT_NULL_FATAL(bar);
	CU_ASSERT_TRUE(bar->io);
	CU_ASSERT_EQUAL(bar->base, 0xc020);
	CU_ASSERT_EQUAL(bar->size, 0x20);
	ASSERT_STR_EQ(usb->int_pin, "INTD#");
	CU_ASSERT_FALSE(usb->int_source.set); /* routed through a link device, not a GSI */
	CU_ASSERT_FALSE(usb->msi);
	done(&fe, &dl);
}

static void test_bochs_irq_serial(void)
{
	struct frontend fe;
	struct diag_list dl;
	run_files(&fe, &dl, BOCHS_BOARD, NULL);
	const struct board *b = &fe.board;
	CU_ASSERT_EQUAL_FATAL(b->ioapic_count, 1);
	CU_ASSERT_EQUAL(b->ioapics[0].id, 2);
	CU_ASSERT_EQUAL(b->ioapics[0].address, 0xfec00000);
	CU_ASSERT_EQUAL(b->ioapics[0].gsi_base, 0);
	CU_ASSERT_EQUAL(b->ioapics[0].gsi_count, 24);
	CU_ASSERT_EQUAL(b->ioapics[0].pos.line, 350);
	CU_ASSERT_EQUAL_FATAL(b->serial_count, 1);
	ASSERT_STR_EQ(b->serials[0].dev_path, "/dev/ttyS0");
	CU_ASSERT_FALSE(b->serials[0].mmio);
	CU_ASSERT_EQUAL(b->serials[0].base, 0x3f8);
	CU_ASSERT_TRUE(b->serials[0].irq.set && b->serials[0].irq.value == 4);
	CU_ASSERT_EQUAL(b->serials[0].pos.line, 121);
	static const uint32_t irqs[] = {3, 5, 6, 7, 10, 11, 13};
	CU_ASSERT_EQUAL_FATAL(b->free_irq_count, 7);
	for (size_t i = 0; i < 7; i++)
		CU_ASSERT_EQUAL(b->free_irqs[i], irqs[i]);
	done(&fe, &dl);
}

/* Every object of the board model points into the file. */
static void test_bochs_board_positions(void)
{
	struct frontend fe;
	struct diag_list dl;
	run_files(&fe, &dl, BOCHS_BOARD, NULL);
	const struct board *b = &fe.board;
	for (size_t i = 0; i < b->thread_count; i++)
		CU_ASSERT_TRUE(b->threads[i].pos.line > 0);
	for (size_t i = 0; i < b->cache_count; i++)
		CU_ASSERT_TRUE(b->caches[i].pos.line > 0);
	for (size_t i = 0; i < b->ram_count; i++)
		CU_ASSERT_TRUE(b->ram[i].pos.line > 0);
	for (size_t i = 0; i < b->iomem_count; i++)
		CU_ASSERT_TRUE(b->iomem[i].pos.line > 0);
	for (size_t i = 0; i < b->pci_count; i++)
		CU_ASSERT_TRUE(b->pci[i].pos.line > 0 && b->pci[i].pos.col > 0);
	for (size_t i = 0; i < b->ioapic_count; i++)
		CU_ASSERT_TRUE(b->ioapics[i].pos.line > 0);
	for (size_t i = 0; i < b->serial_count; i++)
		CU_ASSERT_TRUE(b->serials[i].pos.line > 0);
	ASSERT_STR_EQ(b->pos.file, BOCHS_BOARD);
	done(&fe, &dl);
}

/* ---- the Bochs scenario ---- */

static void check_bochs_vm(const struct vm *vm, unsigned id, const char *name, uint64_t hpa,
			   unsigned line)
{
	CU_ASSERT_EQUAL(vm->id, id);
	ASSERT_STR_EQ(vm->name, name);
	CU_ASSERT_EQUAL(vm->pos.line, line);
	CU_ASSERT_EQUAL(vm->pos.col, 3);
	CU_ASSERT_EQUAL(vm->name_pos.line, line + 3);
	CU_ASSERT_EQUAL(vm->name_pos.col, 11);
	CU_ASSERT_EQUAL(vm->load_order, LOAD_PRE_LAUNCHED);
	CU_ASSERT_EQUAL(vm->vm_type, VM_STANDARD);
	CU_ASSERT_EQUAL_FATAL(vm->pcpu_count, 1);
	CU_ASSERT_EQUAL(vm->pcpus[0].id, id);
	CU_ASSERT_FALSE(vm->pcpus[0].real_time);
	CU_ASSERT_EQUAL(vm->pcpus[0].pos.line, line + 5);
	CU_ASSERT_FALSE(vm->memory_size_mb.set);
	CU_ASSERT_EQUAL_FATAL(vm->hpa_region_count, 1);
	CU_ASSERT_EQUAL(vm->hpa_regions[0].start, hpa);
	CU_ASSERT_EQUAL(vm->hpa_regions[0].size_mb, 16);
	CU_ASSERT_EQUAL(vm->hpa_regions[0].pos.line, line + 14);
	CU_ASSERT_TRUE(vm->os.present);
	ASSERT_STR_EQ(vm->os.kern_type, "KERNEL_ELF");
	ASSERT_STR_EQ(vm->os.ramdisk_mod, "");
	ASSERT_STR_EQ(vm->console_vuart, "COM Port 1");
	CU_ASSERT_EQUAL(vm->pci_dev_count, 0);
	CU_ASSERT_FALSE(vm->lapic_passthrough);
}

static void test_bochs_vms(void)
{
	struct frontend fe;
	struct diag_list dl;
	run_files(&fe, &dl, NULL, BOCHS_SCENARIO);
	const struct scenario *s = &fe.scenario;
	CU_ASSERT_EQUAL_FATAL(s->vm_count, 2);
	check_bochs_vm(&s->vms[0], 0, "VM0_COUNTER", 0x4000000, 68);
	check_bochs_vm(&s->vms[1], 1, "VM1_COUNTER", 0x5000000, 99);
	ASSERT_STR_EQ(s->vms[0].os.kern_mod, "guest0");
	ASSERT_STR_EQ(s->vms[1].os.kern_mod, "guest1");
	ASSERT_STR_EQ(load_order_name(s->vms[0].load_order), "PRE_LAUNCHED_VM");
	ASSERT_STR_EQ(vm_type_name(s->vms[0].vm_type), "STANDARD_VM");
	done(&fe, &dl);
}

static const struct hv_flag *find_flag(const struct hv_settings *hv, const char *name)
{
	for (size_t i = 0; i < hv->feature_count; i++)
		if (strcmp(hv->features[i].name, name) == 0)
			return &hv->features[i];
	return NULL;
}

static void test_bochs_hv(void)
{
	struct frontend fe;
	struct diag_list dl;
	run_files(&fe, &dl, NULL, BOCHS_SCENARIO);
	const struct hv_settings *hv = &fe.scenario.hv;
	ASSERT_STR_EQ(hv->build_type, "debug");
	ASSERT_STR_EQ(hv->serial_console, "/dev/ttyS0");
	CU_ASSERT_TRUE(hv->mem_loglevel.set && hv->mem_loglevel.value == 5);
	CU_ASSERT_TRUE(hv->console_loglevel.set && hv->console_loglevel.value == 3);
	ASSERT_STR_EQ(hv->scheduler, "SCHED_BVT");
	CU_ASSERT_FALSE(hv->rdt_enabled);
	CU_ASSERT_EQUAL(hv->ivshmem_count, 0);
	CU_ASSERT_EQUAL_FATAL(hv->vuart_count, 1);
	const struct vuart_connection *c = &hv->vuarts[0];
	ASSERT_STR_EQ(c->name, "vUART connection 1");
	ASSERT_STR_EQ(c->type, "legacy");
	CU_ASSERT_EQUAL(c->pos.line, 54);
	CU_ASSERT_EQUAL_FATAL(c->endpoint_count, 2);
	for (size_t i = 0; i < 2; i++) {
		ASSERT_STR_EQ(c->endpoints[i].vm_name, i ? "VM1_COUNTER" : "VM0_COUNTER");
		CU_ASSERT_TRUE(c->endpoints[i].io_port.set &&
			       c->endpoints[i].io_port.value == 0x2f8);
		CU_ASSERT_FALSE(c->endpoints[i].has_vbdf);
	}
	CU_ASSERT_TRUE(hv->stack_size.set && hv->stack_size.value == 0x2000);
	CU_ASSERT_TRUE(hv->max_vm_num.set && hv->max_vm_num.value == 16);
	CU_ASSERT_TRUE(hv->max_pci_dev_num.set && hv->max_pci_dev_num.value == 96);
	CU_ASSERT_TRUE(hv->gpu_sbdf.set && hv->gpu_sbdf.value == 0x10);
	CU_ASSERT_FALSE(hv->hv_ram_start.set);
	const struct hv_flag *reloc = find_flag(hv, "RELOC_ENABLED");
	const struct hv_flag *cdp = find_flag(hv, "CDP_ENABLED");
	CU_ASSERT_PTR_NOT_NULL_FATAL(reloc);
	CU_ASSERT_PTR_NOT_NULL_FATAL(cdp);
	ASSERT_STR_EQ(reloc->value, "y");
	CU_ASSERT_EQUAL(reloc->pos.line, 20);
	ASSERT_STR_EQ(cdp->value, "n");
	CU_ASSERT_EQUAL(cdp->pos.line, 28);
	CU_ASSERT_PTR_NULL(find_flag(hv, "IVSHMEM"));
	done(&fe, &dl);
}

/* ---- corpus boards ---- */

static void run_corpus(struct frontend *fe, struct diag_list *dl, const char *board,
		       const char *scenario)
{
	char *bp = board ? corpus_path(board) : NULL;
	char *sp = scenario ? corpus_path(scenario) : NULL;
	run_files(fe, dl, bp, sp);
	free(bp);
	free(sp);
}

static void test_whl_sata(void)
{
	struct frontend fe;
	struct diag_list dl;
	run_corpus(&fe, &dl, "boards/whl-ipc-i5.xml", NULL);
	CU_ASSERT_EQUAL(dl.errors, 0);
	CU_ASSERT_TRUE(fe.board_in.modelled);
	const struct board_pci_dev *d = find_pci(&fe.board, 0, 0x17, 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	CU_ASSERT_TRUE(d->vendor == 0x8086 && d->device == 0x9dd3);
	CU_ASSERT_EQUAL(d->class_code, 0x010601);
	CU_ASSERT_TRUE(d->subsystem_device.set && d->subsystem_device.value == 0x7270);
	CU_ASSERT_EQUAL(d->pos.line, 1156);
	CU_ASSERT_TRUE(d->msi);
	CU_ASSERT_EQUAL(d->msi_vectors, 1);
	CU_ASSERT_FALSE(d->msix);
	ASSERT_STR_EQ(d->int_pin, "INTA#");
	CU_ASSERT_TRUE(d->int_source.set && d->int_source.value == 16);
	CU_ASSERT_EQUAL(d->bar_count, 6);
	const struct pci_bar *bar0 = find_bar(d, 0), *bar4 = find_bar(d, 4);
	CU_ASSERT_PTR_NOT_NULL_FATAL(bar0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(bar4);
	CU_ASSERT_TRUE(bar0->base == 0xa1414000 && bar0->size == 0x2000);
	CU_ASSERT_FALSE(bar0->io || bar0->is64 || bar0->prefetchable);
	CU_ASSERT_TRUE(bar4->io && bar4->base == 0x5060 && bar4->size == 0x20);
	done(&fe, &dl);
}

static const struct iomem_entry *find_iomem(const struct board *b, uint64_t start, const char *name)
{
	for (size_t i = 0; i < b->iomem_count; i++)
		if (b->iomem[i].start == start && strcmp(b->iomem[i].name, name) == 0)
			return &b->iomem[i];
	return NULL;
}

static void test_whl_legacy(void)
{
	struct frontend fe;
	struct diag_list dl;
	run_corpus(&fe, &dl, "boards/whl-ipc-i5.xml", NULL);
	const struct board *b = &fe.board;
	const struct iomem_entry *igb = find_iomem(b, 0xa1100000, "igb");
	CU_ASSERT_PTR_NOT_NULL_FATAL(igb);
	CU_ASSERT_EQUAL(igb->end, 0xa111ffff);
	CU_ASSERT_EQUAL(igb->depth, 3);
	CU_ASSERT_EQUAL(igb->pos.line, 196);
	const struct iomem_entry *bus = find_iomem(b, 0x90000000, "PCI Bus 0000:00");
	CU_ASSERT_PTR_NOT_NULL(bus);
	CU_ASSERT_TRUE(bus && bus->depth == 0 && bus->end == 0xdfffffff);
	CU_ASSERT_TRUE(b->mmcfg_base.set);
	CU_ASSERT_EQUAL(b->mmcfg_base.value, 0xe0000000);
	CU_ASSERT_TRUE(b->pm1a_cnt.set && b->pm1a_cnt.value == 0x1804);
	CU_ASSERT_TRUE(b->s5_pm1a.set && b->s5_pm1a.value == 7);
	CU_ASSERT_EQUAL_FATAL(b->serial_count, 6);
	ASSERT_STR_EQ(b->serials[1].dev_path, "/dev/ttyS1");
	CU_ASSERT_EQUAL(b->serials[1].base, 0x2f8);
	CU_ASSERT_EQUAL(b->serials[1].irq.value, 3);
	CU_ASSERT_EQUAL(b->serials[1].pos.line, 267);
	CU_ASSERT_EQUAL(b->serials[5].base, 0x2e0);
	CU_ASSERT_EQUAL(b->cpu_id_count, 4);
	CU_ASSERT_EQUAL(b->free_irq_count, 6);
	done(&fe, &dl);
}

/* DRHD_INFO's units and scopes, and which bridge each device of the devices tree sits below. */
static void test_nuc_dmar(void)
{
	struct frontend fe;
	struct diag_list dl;
	run_corpus(&fe, &dl, "boards/nuc11tnbi5.xml", NULL);
	CU_ASSERT_EQUAL(dl.count, 0);
	const struct board *b = &fe.board;
	CU_ASSERT_EQUAL_FATAL(b->drhd_count, 4);
	CU_ASSERT_EQUAL(b->drhd_scope_count, 5);
	const struct board_drhd *gpu = &b->drhds[0], *all = &b->drhds[3];
	CU_ASSERT_TRUE(gpu->index == 0 && gpu->ignore && !gpu->include_all && gpu->segment == 0);
	CU_ASSERT_EQUAL(gpu->pos.line, 136);
	CU_ASSERT_TRUE(all->index == 3 && !all->ignore && all->include_all);
	const struct board_drhd_scope *s = &b->drhd_scopes[1]; /* DRHD1's bridge 00:07.0 */
	CU_ASSERT_TRUE(s->unit == 1 && s->index == 0 && s->known == 7);
	CU_ASSERT_TRUE(s->type == DRHD_SCOPE_BRIDGE && s->bus == 0 && s->path == 0x38);
	const struct board_pci_dev *nvme = find_pci(b, 1, 0, 0), *gfx = find_pci(b, 0, 2, 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(nvme);
	CU_ASSERT_PTR_NOT_NULL_FATAL(gfx);
	CU_ASSERT_TRUE(nvme->has_upstream && nvme->upstream.bus == 0 && nvme->upstream.dev == 6 &&
		       nvme->upstream.fn == 0);
	CU_ASSERT_FALSE(gfx->has_upstream);
	done(&fe, &dl);
}

static void test_generic_cat(void)
{
	struct frontend fe;
	struct diag_list dl;
	run_corpus(&fe, &dl, "boards/generic_board.xml", NULL);
	CU_ASSERT_EQUAL(dl.errors, 0);
	const struct board *b = &fe.board;
	const struct board_cache *l2 = NULL, *l3 = NULL;
	for (size_t i = 0; i < b->cache_count; i++) {
		if (b->caches[i].level == 2 && b->caches[i].id == 0)
			l2 = &b->caches[i];
		if (b->caches[i].level == 3 && b->caches[i].id == 0)
			l3 = &b->caches[i];
	}
	CU_ASSERT_PTR_NOT_NULL_FATAL(l2);
	CU_ASSERT_PTR_NOT_NULL_FATAL(l3);
	CU_ASSERT_TRUE(l2->cat);
	CU_ASSERT_EQUAL(l2->cbm_length, 20);
	CU_ASSERT_EQUAL(l2->clos_count, 8);
	CU_ASSERT_TRUE(l2->cdp);
	CU_ASSERT_EQUAL(l2->size, 1310720);
	CU_ASSERT_EQUAL(l2->pos.line, 637);
	CU_ASSERT_FALSE(l3->cat);
	CU_ASSERT_EQUAL(l3->processor_count, 4);
	if (l3->processor_count == 4)
		CU_ASSERT_EQUAL(l3->processors[3], 6);
	done(&fe, &dl);
}

/* ---- a corpus scenario with ivshmem, vUARTs and an RTVM ---- */

#define HYBRID_RT "scenarios/cfl-k700-i7/hybrid_rt.xml"

static void check_bdf(struct bdf b, unsigned bus, unsigned dev, unsigned fn)
{
	CU_ASSERT_TRUE(b.bus == bus && b.dev == dev && b.fn == fn);
}

static void test_hybrid_rt_ivshmem(void)
{
	struct frontend fe;
	struct diag_list dl;
	run_corpus(&fe, &dl, NULL, HYBRID_RT);
	CU_ASSERT_EQUAL(dl.errors, 0);
	const struct hv_settings *hv = &fe.scenario.hv;
	CU_ASSERT_EQUAL_FATAL(hv->ivshmem_count, 1);
	const struct ivshmem_region *r = &hv->ivshmem[0];
	ASSERT_STR_EQ(r->name, "shm_region_0");
	ASSERT_STR_EQ(r->provided_by, "Hypervisor");
	CU_ASSERT_EQUAL(r->size_mb, 2);
	CU_ASSERT_EQUAL(r->pos.line, 28);
	CU_ASSERT_EQUAL_FATAL(r->member_count, 2);
	ASSERT_STR_EQ(r->members[0].vm_name, "PRE_RT_VM0");
	ASSERT_STR_EQ(r->members[1].vm_name, "POST_STD_VM1");
	for (size_t i = 0; i < 2; i++) {
		CU_ASSERT_TRUE(r->members[i].has_vbdf);
		check_bdf(r->members[i].vbdf, 0, 8, 0);
	}
	CU_ASSERT_EQUAL(r->members[1].pos.line, 37);
	CU_ASSERT_FALSE(hv->max_msix_table_num.set); /* written empty */
	done(&fe, &dl);
}

static void test_hybrid_rt_vuart(void)
{
	struct frontend fe;
	struct diag_list dl;
	run_corpus(&fe, &dl, NULL, HYBRID_RT);
	const struct hv_settings *hv = &fe.scenario.hv;
	CU_ASSERT_EQUAL_FATAL(hv->vuart_count, 1);
	const struct vuart_connection *c = &hv->vuarts[0];
	ASSERT_STR_EQ(c->name, "vUART connection 1");
	ASSERT_STR_EQ(c->type, "legacy");
	CU_ASSERT_EQUAL(c->pos.line, 61);
	CU_ASSERT_EQUAL_FATAL(c->endpoint_count, 2);
	ASSERT_STR_EQ(c->endpoints[0].vm_name, "PRE_RT_VM0");
	ASSERT_STR_EQ(c->endpoints[1].vm_name, "ACRN_Service_VM");
	for (size_t i = 0; i < 2; i++) {
		CU_ASSERT_TRUE(c->endpoints[i].io_port.set);
		CU_ASSERT_EQUAL(c->endpoints[i].io_port.value, 0x2f8);
		CU_ASSERT_FALSE(c->endpoints[i].has_vbdf);
	}
	CU_ASSERT_EQUAL(c->endpoints[1].pos.line, 68);
	done(&fe, &dl);
}

static void test_hybrid_rt_rtvm(void)
{
	struct frontend fe;
	struct diag_list dl;
	run_corpus(&fe, &dl, NULL, HYBRID_RT);
	CU_ASSERT_EQUAL_FATAL(fe.scenario.vm_count, 4);
	const struct vm *rt = &fe.scenario.vms[0];
	ASSERT_STR_EQ(rt->name, "PRE_RT_VM0");
	CU_ASSERT_EQUAL(rt->load_order, LOAD_PRE_LAUNCHED);
	CU_ASSERT_EQUAL(rt->vm_type, VM_RTVM);
	CU_ASSERT_TRUE(rt->lapic_passthrough);
	CU_ASSERT_EQUAL_FATAL(rt->pcpu_count, 2);
	CU_ASSERT_TRUE(rt->pcpus[0].id == 6 && rt->pcpus[0].real_time);
	CU_ASSERT_TRUE(rt->pcpus[1].id == 7 && rt->pcpus[1].real_time);
	CU_ASSERT_EQUAL_FATAL(rt->hpa_region_count, 1);
	CU_ASSERT_EQUAL(rt->hpa_regions[0].start, 0x100000000ull);
	CU_ASSERT_EQUAL(rt->hpa_regions[0].size_mb, 1024);
	ASSERT_STR_EQ(rt->os.kern_mod, "RT_bzImage");
	CU_ASSERT_TRUE(rt->os.bootargs && strstr(rt->os.bootargs, "idle=poll"));
	CU_ASSERT_EQUAL_FATAL(rt->pci_dev_count, 2);
	check_bdf(rt->pci_devs[0].bdf, 0, 0x1f, 6);
	ASSERT_STR_EQ(rt->pci_devs[0].description,
		      "Ethernet controller: Intel Corporation Ethernet Connection (7) I219-LM "
		      "(rev 10)");
	CU_ASSERT_EQUAL(rt->pci_devs[0].pos.line, 114);
	CU_ASSERT_EQUAL(rt->pci_devs[0].pos.col, 16);
	check_bdf(rt->pci_devs[1].bdf, 1, 0, 0);
	done(&fe, &dl);
}

static void test_hybrid_rt_post_vms(void)
{
	struct frontend fe;
	struct diag_list dl;
	run_corpus(&fe, &dl, NULL, HYBRID_RT);
	CU_ASSERT_EQUAL_FATAL(fe.scenario.vm_count, 4);
	const struct vm *sos = &fe.scenario.vms[1], *post = &fe.scenario.vms[2];
	CU_ASSERT_EQUAL(sos->load_order, LOAD_SERVICE);
	CU_ASSERT_EQUAL(sos->pcpu_count, 0);
	ASSERT_STR_EQ(sos->os.kern_mod, "Linux_bzImage");
	CU_ASSERT_EQUAL(post->id, 2);
	CU_ASSERT_EQUAL(post->load_order, LOAD_POST_LAUNCHED);
	CU_ASSERT_EQUAL(post->pcpu_count, 3);
	CU_ASSERT_TRUE(post->memory_size_mb.set && post->memory_size_mb.value == 4096);
	CU_ASSERT_EQUAL(post->memory_pos.line, 145);
	ASSERT_STR_EQ(post->os_type, "Windows OS");
	CU_ASSERT_TRUE(post->vbootloader);
	CU_ASSERT_FALSE(post->vuart0);
	CU_ASSERT_EQUAL_FATAL(post->pci_dev_count, 1);
	check_bdf(post->pci_devs[0].bdf, 0, 2, 0);
	CU_ASSERT_EQUAL_FATAL(post->virtio_count, 4);
	ASSERT_STR_EQ(post->virtio[1].kind, "network");
	ASSERT_STR_EQ(post->virtio[1].value, "WaaG");
	ASSERT_STR_EQ(post->virtio[3].kind, "block");
	ASSERT_STR_EQ(post->virtio[3].value, "./win10-ltsc.img");
	CU_ASSERT_EQUAL(post->virtio[3].pos.line, 163);
	done(&fe, &dl);
}

/* ---- schema errors in tiny scenarios ---- */

/* The smallest scenario the schema accepts: an empty hv and one VM with its three musts. */
static const char minimal[] = "<acrn-config>\n"
			      "  <hv/>\n"
			      "  <vm id=\"0\">\n"
			      "    <load_order>SERVICE_VM</load_order>\n"
			      "    <name>SOS</name>\n"
			      "    <vm_type>STANDARD_VM</vm_type>\n"
			      "  </vm>\n"
			      "</acrn-config>\n";

static void test_minimal_valid(void)
{
	struct frontend fe;
	struct diag_list dl;
	run_scenario_text(&fe, &dl, minimal);
	CU_ASSERT_EQUAL(dl.count, 0);
	CU_ASSERT_TRUE(fe.scenario_in.modelled);
	CU_ASSERT_EQUAL_FATAL(fe.scenario.vm_count, 1);
	ASSERT_STR_EQ(fe.scenario.vms[0].name, "SOS");
	CU_ASSERT_EQUAL(fe.scenario.vms[0].load_order, LOAD_SERVICE);
	CU_ASSERT_EQUAL(fe.scenario.vms[0].pcpu_count, 0);
	CU_ASSERT_FALSE(fe.scenario.vms[0].os.present);
	done(&fe, &dl);
}

/* FEATURES switches left out take ACRN's defaults: on for five of them, marked as defaulted. */
static void test_feature_defaults(void)
{
	static const char *const on[] = {"RELOC_ENABLED", "MULTIBOOT2_ENABLED", "HYPERV_ENABLED",
					 "ACPI_PARSE_ENABLED", "MCE_ON_PSC_ENABLED"};
	struct frontend fe;
	struct diag_list dl;
	run_scenario_text(&fe, &dl, minimal);
	CU_ASSERT_EQUAL(dl.count, 0);
	for (size_t i = 0; i < sizeof(on) / sizeof(on[0]); i++) {
		const struct hv_flag *f = find_flag(&fe.scenario.hv, on[i]);
		CU_ASSERT_PTR_NOT_NULL_FATAL(f);
		ASSERT_STR_EQ(f->value, "y");
		CU_ASSERT_TRUE(f->defaulted);
		CU_ASSERT_EQUAL(f->pos.line, 2); /* at <hv/>: no FEATURES to point at */
	}
	CU_ASSERT_PTR_NULL(find_flag(&fe.scenario.hv, "SPLIT_LOCK_DETECTION_ENABLED"));
	done(&fe, &dl);

	/* A switch written as n stays n; one left out beside it is on, at <FEATURES>. */
	static const char written[] = "<acrn-config>\n"
				      "  <hv>\n"
				      "    <FEATURES>\n"
				      "      <MCE_ON_PSC_ENABLED>n</MCE_ON_PSC_ENABLED>\n"
				      "    </FEATURES>\n"
				      "  </hv>\n"
				      "  <vm id=\"0\">\n"
				      "    <load_order>SERVICE_VM</load_order>\n"
				      "    <name>SOS</name>\n"
				      "    <vm_type>STANDARD_VM</vm_type>\n"
				      "  </vm>\n"
				      "</acrn-config>\n";
	run_scenario_text(&fe, &dl, written);
	CU_ASSERT_EQUAL(dl.count, 0);
	const struct hv_flag *mce = find_flag(&fe.scenario.hv, "MCE_ON_PSC_ENABLED");
	const struct hv_flag *reloc = find_flag(&fe.scenario.hv, "RELOC_ENABLED");
	CU_ASSERT_PTR_NOT_NULL_FATAL(mce);
	CU_ASSERT_PTR_NOT_NULL_FATAL(reloc);
	ASSERT_STR_EQ(mce->value, "n");
	CU_ASSERT_FALSE(mce->defaulted);
	CU_ASSERT_EQUAL(mce->pos.line, 4);
	ASSERT_STR_EQ(reloc->value, "y");
	CU_ASSERT_TRUE(reloc->defaulted);
	CU_ASSERT_EQUAL(reloc->pos.line, 3);
	done(&fe, &dl);
}

/* Runs text, which must give exactly one error, with rule, at line:col (col 0: any). */
static const struct diag *expect_one(struct frontend *fe, struct diag_list *dl, const char *text,
				     const char *rule, unsigned line, unsigned col)
{
	run_scenario_text(fe, dl, text);
	CU_ASSERT_EQUAL(dl->errors, 1);
	CU_ASSERT_FALSE(fe->scenario_in.modelled);
	const struct diag *d = find_rule(dl, rule);
	CU_ASSERT_PTR_NOT_NULL(d);
	if (!d) {
		diag_list_print(dl, DIAG_FORMAT_TEXT, stderr);
		return NULL;
	}
	ASSERT_STR_EQ(d->pos.file, "s.xml");
	CU_ASSERT_EQUAL(d->pos.line, line);
	if (col)
		CU_ASSERT_EQUAL(d->pos.col, col);
	return d;
}

static void test_unknown_element(void)
{
	static const char doc[] = "<acrn-config>\n"
				  "  <hv/>\n"
				  "  <vm id=\"0\">\n"
				  "    <load_order>SERVICE_VM</load_order>\n"
				  "    <name>SOS</name>\n"
				  "    <vm_type>STANDARD_VM</vm_type>\n"
				  "    <bogus>1</bogus>\n"
				  "  </vm>\n"
				  "</acrn-config>\n";
	struct frontend fe;
	struct diag_list dl;
	const struct diag *d = expect_one(&fe, &dl, doc, "schema-element", 7, 5);
	if (d)
		CU_ASSERT_PTR_NOT_NULL(strstr(d->message, "<bogus>"));
	done(&fe, &dl);
}

/* Serialized tree of a document, for comparing before and after validation (malloc'd). */
static char *dump_doc(xmlDocPtr doc)
{
	xmlChar *mem = NULL;
	int len = 0;
	xmlDocDumpMemory(doc, &mem, &len);
	char *copy = mem ? strdup((const char *)mem) : NULL;
	xmlFree(mem);
	return copy;
}

/*
 * Validation repairs the document between its passes (validate_passes.c) and undoes every
 * repair: the tree the rules read afterwards is the one parsed, node for node.
 */
static void test_repairs_undone(void)
{
	static const char doc[] =
	    "<acrn-config>\n"
	    "  <hv><vuart_connections><vuart_connection>\n"
	    "    <type>legacy</type><name>c</name>\n"
	    "    <endpoint><vm_name>A</vm_name></endpoint>\n"
	    "    <endpoint><vm_name>B</vm_name><io_port>x</io_port></endpoint>\n"
	    "  </vuart_connection></vuart_connections></hv>\n"
	    "  <vm id=\"0\">\n"
	    "    <load_order>PRE_LAUNCHED_VM</load_order><name>A</name>\n"
	    "    <name>A2</name><vm_typ>STANDARD_VM</vm_typ><!-- c -->\n"
	    "    <memory><size>1Q</size></memory>\n"
	    "  </vm>\n"
	    "  <vm id=\"1\"><kind>x</kind><name>B</name>\n"
	    "    <load_order>PRE_LAUNCHED_VM</load_order><bogus/>\n"
	    "  </vm>\n"
	    "</acrn-config>\n";
	struct xml_source parsed;
	struct frontend fe;
	struct diag_list dl;
	memset(&parsed, 0, sizeof(parsed));
	diag_list_init(&dl);
	CU_ASSERT_EQUAL_FATAL(xml_source_parse(&parsed, "s.xml", doc, strlen(doc), &dl),
			      XML_LOAD_OK);
	char *before = dump_doc(parsed.doc);
	xml_source_free(&parsed);
	diag_list_free(&dl);
	run_scenario_text(&fe, &dl, doc);
	char *after = dump_doc(fe.scenario_in.src.doc);
	ASSERT_STR_EQ(after, before);
	CU_ASSERT_TRUE(fe.scenario_in.loaded);
	CU_ASSERT_FALSE(fe.scenario_in.modelled);
	CU_ASSERT_FALSE(fe.scenario_in.broken.whole);
	/* every mistake, each once: type, name, vm_typ, kind, bogus; 1Q, io_port x */
	CU_ASSERT_EQUAL(count_rule(&dl, "schema-element"), 5);
	CU_ASSERT_EQUAL(count_rule(&dl, "schema-value"), 2);
	static const char *const broken[] = {"vm_typ", "vm_type", "size", "io_port", "kind"};
	for (size_t i = 0; i < sizeof(broken) / sizeof(broken[0]); i++)
		CU_ASSERT_TRUE(broken_has(&fe.scenario_in.broken, broken[i], strlen(broken[i])));
	CU_ASSERT_FALSE(broken_has(&fe.scenario_in.broken, "vm_name", 7));
	free(before);
	free(after);
	done(&fe, &dl);
}

static void test_missing_name(void)
{
	static const char doc[] = "<acrn-config>\n"
				  "  <hv/>\n"
				  "  <vm id=\"0\">\n"
				  "    <load_order>SERVICE_VM</load_order>\n"
				  "    <vm_type>STANDARD_VM</vm_type>\n"
				  "  </vm>\n"
				  "</acrn-config>\n";
	struct frontend fe;
	struct diag_list dl;
	const struct diag *d = expect_one(&fe, &dl, doc, "schema-element", 3, 3);
	if (d)
		CU_ASSERT_PTR_NOT_NULL(strstr(d->message, "name"));
	done(&fe, &dl);
}

static void test_bad_load_order(void)
{
	static const char doc[] = "<acrn-config>\n"
				  "  <hv/>\n"
				  "  <vm id=\"0\">\n"
				  "    <load_order>FOO</load_order>\n"
				  "    <name>SOS</name>\n"
				  "    <vm_type>STANDARD_VM</vm_type>\n"
				  "  </vm>\n"
				  "</acrn-config>\n";
	struct frontend fe;
	struct diag_list dl;
	const struct diag *d = expect_one(&fe, &dl, doc, "schema-value", 4, 17);
	if (d) {
		CU_ASSERT_PTR_NOT_NULL(strstr(d->message, "'FOO'"));
		CU_ASSERT_PTR_NOT_NULL(strstr(d->message, "PRE_LAUNCHED_VM"));
		CU_ASSERT_PTR_NOT_NULL(strstr(d->message, "SERVICE_VM"));
		CU_ASSERT_PTR_NOT_NULL(strstr(d->message, "POST_LAUNCHED_VM"));
	}
	done(&fe, &dl);
}

static void test_bad_pcpu_id(void)
{
	static const char doc[] = "<acrn-config>\n"
				  "  <hv/>\n"
				  "  <vm id=\"0\">\n"
				  "    <load_order>SERVICE_VM</load_order>\n"
				  "    <name>SOS</name>\n"
				  "    <vm_type>STANDARD_VM</vm_type>\n"
				  "    <cpu_affinity>\n"
				  "      <pcpu><pcpu_id>x</pcpu_id></pcpu>\n"
				  "    </cpu_affinity>\n"
				  "  </vm>\n"
				  "</acrn-config>\n";
	struct frontend fe;
	struct diag_list dl;
	const struct diag *d = expect_one(&fe, &dl, doc, "schema-value", 8, 22);
	if (d) {
		CU_ASSERT_PTR_NOT_NULL(strstr(d->message, "'x'"));
		CU_ASSERT_PTR_NOT_NULL(strstr(d->message, "decimal integer"));
	}
	done(&fe, &dl);
}

static void test_duplicate_name(void)
{
	static const char doc[] = "<acrn-config>\n"
				  "  <hv/>\n"
				  "  <vm id=\"0\">\n"
				  "    <load_order>SERVICE_VM</load_order>\n"
				  "    <name>SOS</name>\n"
				  "    <vm_type>STANDARD_VM</vm_type>\n"
				  "  </vm>\n"
				  "  <vm id=\"1\">\n"
				  "    <load_order>POST_LAUNCHED_VM</load_order>\n"
				  "    <name>SOS</name>\n"
				  "    <vm_type>STANDARD_VM</vm_type>\n"
				  "  </vm>\n"
				  "</acrn-config>\n";
	struct frontend fe;
	struct diag_list dl;
	const struct diag *d = expect_one(&fe, &dl, doc, "schema-unique", 10, 11);
	if (d) {
		CU_ASSERT_PTR_NOT_NULL(strstr(d->message, "'SOS'"));
		CU_ASSERT_EQUAL_FATAL(d->note_count, 1);
		CU_ASSERT_EQUAL(d->notes[0].pos.line, 5);
		CU_ASSERT_EQUAL(d->notes[0].pos.col, 11);
	}
	done(&fe, &dl);
}

static void test_duplicate_id(void)
{
	static const char doc[] = "<acrn-config>\n"
				  "  <hv/>\n"
				  "  <vm id=\"0\">\n"
				  "    <load_order>SERVICE_VM</load_order>\n"
				  "    <name>SOS</name>\n"
				  "    <vm_type>STANDARD_VM</vm_type>\n"
				  "  </vm>\n"
				  "  <vm id=\"0\">\n"
				  "    <load_order>POST_LAUNCHED_VM</load_order>\n"
				  "    <name>UOS</name>\n"
				  "    <vm_type>STANDARD_VM</vm_type>\n"
				  "  </vm>\n"
				  "</acrn-config>\n";
	struct frontend fe;
	struct diag_list dl;
	const struct diag *d = expect_one(&fe, &dl, doc, "schema-unique", 8, 7);
	if (d) {
		CU_ASSERT_EQUAL_FATAL(d->note_count, 1);
		CU_ASSERT_EQUAL(d->notes[0].pos.line, 3);
		CU_ASSERT_EQUAL(d->notes[0].pos.col, 7);
	}
	done(&fe, &dl);
}

/* The duplicated id is the attribute, even when a child element holds the same text. */
static void test_duplicate_id_twin_text(void)
{
	static const char doc[] = "<acrn-config>\n"
				  "  <hv/>\n"
				  "  <vm id=\"1\">\n"
				  "    <load_order>SERVICE_VM</load_order>\n"
				  "    <name>SOS</name>\n"
				  "    <vm_type>STANDARD_VM</vm_type>\n"
				  "  </vm>\n"
				  "  <vm id=\"1\">\n"
				  "    <load_order>POST_LAUNCHED_VM</load_order>\n"
				  "    <name>UOS</name>\n"
				  "    <vm_type>STANDARD_VM</vm_type>\n"
				  "    <companion_vmid>1</companion_vmid>\n"
				  "  </vm>\n"
				  "</acrn-config>\n";
	struct frontend fe;
	struct diag_list dl;
	const struct diag *d = expect_one(&fe, &dl, doc, "schema-unique", 8, 7);
	if (d) {
		CU_ASSERT_PTR_NULL(strstr(d->message, "companion_vmid"));
		CU_ASSERT_EQUAL(d->note_count, 1);
	}
	done(&fe, &dl);
}

/* A range facet of a documented type: one error, in the type's words. */
static void test_loglevel_range(void)
{
	static const char doc[] =
	    "<acrn-config>\n"
	    "  <hv>\n"
	    "    <DEBUG_OPTIONS><MEM_LOGLEVEL>9</MEM_LOGLEVEL></DEBUG_OPTIONS>\n"
	    "  </hv>\n"
	    "  <vm id=\"0\">\n"
	    "    <load_order>SERVICE_VM</load_order>\n"
	    "    <name>SOS</name>\n"
	    "    <vm_type>STANDARD_VM</vm_type>\n"
	    "  </vm>\n"
	    "</acrn-config>\n";
	struct frontend fe;
	struct diag_list dl;
	const struct diag *d = expect_one(&fe, &dl, doc, "schema-value", 3, 34);
	if (d) {
		CU_ASSERT_PTR_NOT_NULL(strstr(d->message, "'9'"));
		CU_ASSERT_PTR_NOT_NULL(strstr(d->message, "from 0 to 5"));
	}
	done(&fe, &dl);
}

static void test_long_vm_name(void)
{
	static const char doc[] = "<acrn-config>\n"
				  "  <hv/>\n"
				  "  <vm id=\"0\">\n"
				  "    <load_order>SERVICE_VM</load_order>\n"
				  "    <name>ABCDEFGHIJKLMNOP</name>\n"
				  "    <vm_type>STANDARD_VM</vm_type>\n"
				  "  </vm>\n"
				  "</acrn-config>\n";
	struct frontend fe;
	struct diag_list dl;
	const struct diag *d = expect_one(&fe, &dl, doc, "schema-value", 5, 11);
	if (d)
		CU_ASSERT_PTR_NOT_NULL(strstr(d->message, "1 to 15"));
	done(&fe, &dl);
}

static void test_board_as_scenario(void)
{
	struct frontend fe;
	struct diag_list dl;
	frontend_init(&fe);
	diag_list_init(&dl);
	frontend_run(&fe, schemas, NULL, BOCHS_BOARD, &dl);
	CU_ASSERT_EQUAL(dl.errors, 1);
	const struct diag *d = find_rule(&dl, "input-kind");
	CU_ASSERT_PTR_NOT_NULL(d);
	if (d) {
		CU_ASSERT_EQUAL(d->pos.line, 1);
		CU_ASSERT_PTR_NOT_NULL(strstr(d->message, "--board"));
	}
	CU_ASSERT_FALSE(fe.scenario_in.modelled);
	done(&fe, &dl);
}

static void test_scenario_as_board(void)
{
	struct frontend fe;
	struct diag_list dl;
	frontend_init(&fe);
	diag_list_init(&dl);
	frontend_run_buffer(&fe, schemas, INPUT_BOARD, "s.xml", minimal, strlen(minimal), &dl);
	CU_ASSERT_EQUAL(dl.errors, 1);
	CU_ASSERT_PTR_NOT_NULL(find_rule(&dl, "input-kind"));
	CU_ASSERT_FALSE(fe.board_in.modelled);
	done(&fe, &dl);
}

static void test_missing_input(void)
{
	struct frontend fe;
	struct diag_list dl;
	frontend_init(&fe);
	diag_list_init(&dl);
	frontend_run(&fe, schemas, BOCHS_BOARD, "/nonexistent/acrn-cfgc/s.xml", &dl);
	CU_ASSERT_TRUE(frontend_io_error(&fe));
	CU_ASSERT_TRUE(fe.board_in.modelled); /* the board is still checked */
	CU_ASSERT_EQUAL(count_rule(&dl, "io"), 1);
	done(&fe, &dl);
}

/* ---- values the schema lets through but the model cannot hold ---- */

static void test_pcpu_overflow(void)
{
	static const char doc[] = "<acrn-config>\n"
				  "  <hv/>\n"
				  "  <vm id=\"0\">\n"
				  "    <load_order>SERVICE_VM</load_order>\n"
				  "    <name>SOS</name>\n"
				  "    <vm_type>STANDARD_VM</vm_type>\n"
				  "    <cpu_affinity>\n"
				  "      <pcpu><pcpu_id>99999999999999999999999</pcpu_id></pcpu>\n"
				  "    </cpu_affinity>\n"
				  "  </vm>\n"
				  "</acrn-config>\n";
	struct frontend fe;
	struct diag_list dl;
	const struct diag *d = expect_one(&fe, &dl, doc, "value-number", 8, 22);
	if (d)
		CU_ASSERT_PTR_NOT_NULL(strstr(d->message, "99999999999999999999999"));
	done(&fe, &dl);
}

static void test_pcpu_out_of_range(void)
{
	static const char doc[] = "<acrn-config>\n"
				  "  <hv/>\n"
				  "  <vm id=\"0\">\n"
				  "    <load_order>SERVICE_VM</load_order>\n"
				  "    <name>SOS</name>\n"
				  "    <vm_type>STANDARD_VM</vm_type>\n"
				  "    <cpu_affinity>\n"
				  "      <pcpu><pcpu_id>4294967296</pcpu_id></pcpu>\n"
				  "    </cpu_affinity>\n"
				  "  </vm>\n"
				  "</acrn-config>\n";
	struct frontend fe;
	struct diag_list dl;
	expect_one(&fe, &dl, doc, "value-range", 8, 22);
	done(&fe, &dl);
}

static void test_size_overflow(void)
{
	static const char doc[] = "<acrn-config>\n"
				  "  <hv/>\n"
				  "  <vm id=\"0\">\n"
				  "    <load_order>POST_LAUNCHED_VM</load_order>\n"
				  "    <name>UOS</name>\n"
				  "    <vm_type>STANDARD_VM</vm_type>\n"
				  "    <memory>\n"
				  "      <size>99999999999999999999999</size>\n"
				  "    </memory>\n"
				  "  </vm>\n"
				  "</acrn-config>\n";
	struct frontend fe;
	struct diag_list dl;
	expect_one(&fe, &dl, doc, "value-number", 8, 13);
	done(&fe, &dl);
}

/* size_hpa is in MiB: it must still fit in 64 bits once shifted to bytes. */
static void test_size_hpa_out_of_range(void)
{
	static const char doc[] = "<acrn-config>\n"
				  "  <hv/>\n"
				  "  <vm id=\"0\">\n"
				  "    <load_order>PRE_LAUNCHED_VM</load_order>\n"
				  "    <name>PRE</name>\n"
				  "    <vm_type>STANDARD_VM</vm_type>\n"
				  "    <memory>\n"
				  "      <hpa_region><start_hpa>0x100000000</start_hpa>\n"
				  "        <size_hpa>17592186044416</size_hpa></hpa_region>\n"
				  "    </memory>\n"
				  "  </vm>\n"
				  "</acrn-config>\n";
	struct frontend fe;
	struct diag_list dl;
	const struct diag *d = expect_one(&fe, &dl, doc, "value-range", 9, 19);
	if (d)
		CU_ASSERT_PTR_NOT_NULL(strstr(d->message, "17592186044415"));
	done(&fe, &dl);
}

static void test_vm_id_out_of_range(void)
{
	static const char doc[] = "<acrn-config>\n"
				  "  <hv/>\n"
				  "  <vm id=\"70000\">\n"
				  "    <load_order>SERVICE_VM</load_order>\n"
				  "    <name>SOS</name>\n"
				  "    <vm_type>STANDARD_VM</vm_type>\n"
				  "  </vm>\n"
				  "</acrn-config>\n";
	struct frontend fe;
	struct diag_list dl;
	expect_one(&fe, &dl, doc, "value-range", 3, 7);
	done(&fe, &dl);
}

/* ---- schemas prepared at build time (schema_table.h) ---- */

/* dir/name gets the source schema directory's file of that name, with extra appended. */
static void copy_schema(const char *dir, const char *name, const char *extra)
{
	char *from = xasprintf("%s/%s", SOURCE_SCHEMA_DIR, name);
	char *to = xasprintf("%s/%s", dir, name);
	FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
	CU_ASSERT_PTR_NOT_NULL_FATAL(in);
	CU_ASSERT_PTR_NOT_NULL_FATAL(out);
	char buf[4096];
	size_t n;
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
		CU_ASSERT_EQUAL(fwrite(buf, 1, n, out), n);
	fputs(extra, out);
	fclose(in);
	fclose(out);
	free(from);
	free(to);
}

static void remove_schema(const char *dir, const char *name)
{
	char *path = xasprintf("%s/%s", dir, name);
	unlink(path);
	free(path);
}

/* What the front end says about text as kind, with these schemas, as one string per diagnostic. */
static char *diagnostics_of(struct schema_set *set, enum input_kind kind, const char *text)
{
	struct frontend fe;
	struct diag_list dl;
	frontend_init(&fe);
	diag_list_init(&dl);
	frontend_run_buffer(&fe, set, kind, "in.xml", text, strlen(text), &dl);
	char *all = diag_lines(&dl);
	done(&fe, &dl);
	return all;
}

static const char bad_board[] =
    "<acrn-config board=\"b\">\n"
    "  <processors><die id=\"zz\"><core id=\"0\"><thread>\n"
    "    <cpu_id>x</cpu_id><apic_id>0x0</apic_id><apic_id>0x1</apic_id>\n"
    "  </thread></core></die></processors>\n"
    "  <memory><range start=\"0x0\" end=\"0xfff\" size=\"4096\" extra=\"y\"/></memory>\n"
    "  <devices><bus type=\"nope\"><device address=\"0xg\"/></bus></devices>\n"
    "</acrn-config>\n";

/* Children missing and repeated where a count is checked (acrn-cfgc does it, not libxml2,
 * from the prepared schema: occurrence.c), in places libxml2 looks and places it does not. */
static const char bad_board_counts[] =
    "<acrn-config board=\"b\">\n"
    "  <processors><die id=\"0x0\"><core id=\"0x0\">\n"
    "    <thread id=\"0x0\"><cpu_id>0</cpu_id><apic_id>0x0</apic_id><apic_id>0x1</apic_id>"
    "<apic_id>0x2</apic_id><x2apic_id>0</x2apic_id><model_id>0x55</model_id></thread>\n"
    "    <thread id=\"0x1\"><cpu_id>x</cpu_id><cpu_id>1</cpu_id></thread>\n"
    "    <cpu_id><thread id=\"0x2\"/></cpu_id>\n"
    "  </core></die><extra><thread id=\"0x3\"><core_type/></thread></extra></processors>\n"
    "  <caches><cache level=\"2\" id=\"0x1\" type=\"3\"><ways>4</ways><ways>8</ways>\n"
    "    <capability id=\"CAT\"><clos_number>4</clos_number><clos_number>8</clos_number>"
    "</capability>\n"
    "    <first_vf_bdf><cache/></first_vf_bdf></cache></caches>\n"
    "  <ioapics><ioapic id=\"0x1\"><address>0xfec00000</address></ioapic></ioapics>\n"
    "  <devices><device><ioapic/></device></devices>\n"
    "</acrn-config>\n";

static const char bad_scenario[] =
    "<acrn-config>\n"
    "  <hv><DEBUG_OPTIONS><BUILD_TYPE>fast</BUILD_TYPE></DEBUG_OPTIONS></hv>\n"
    "  <vm id=\"0\"><load_order>PRE</load_order><nmae>x</nmae></vm>\n"
    "</acrn-config>\n";

/*
 * The shipped schemas compile from their build-time preparation, which says exactly what the
 * files say about bad inputs; a schema directory whose files differ (here types.xsd by a
 * comment) is compiled from its files.
 */
static void test_prepared_schemas(void)
{
	CU_ASSERT_TRUE(schema_set_prepared(schemas, INPUT_BOARD));
	CU_ASSERT_TRUE(schema_set_prepared(schemas, INPUT_SCENARIO));
	char tmpl[] = "/tmp/test-model.XXXXXX";
	char *dir = mkdtemp(tmpl);
	CU_ASSERT_PTR_NOT_NULL_FATAL(dir);
	copy_schema(dir, "board.xsd", "");
	copy_schema(dir, "scenario.xsd", "");
	copy_schema(dir, "types.xsd", "<!-- edited -->\n");
	struct diag_list dl;
	diag_list_init(&dl);
	struct schema_set *files = schema_set_load(dir, &dl);
	CU_ASSERT_PTR_NOT_NULL_FATAL(files);
	CU_ASSERT_FALSE(schema_set_prepared(files, INPUT_BOARD));
	CU_ASSERT_FALSE(schema_set_prepared(files, INPUT_SCENARIO));
	static const struct {
		enum input_kind kind;
		const char *text;
	} inputs[] = {{INPUT_BOARD, bad_board},
		      {INPUT_BOARD, bad_board_counts},
		      {INPUT_SCENARIO, bad_scenario}};
	for (size_t i = 0; i < ARRAY_SIZE(inputs); i++) {
		char *prepared = diagnostics_of(schemas, inputs[i].kind, inputs[i].text);
		char *from_files = diagnostics_of(files, inputs[i].kind, inputs[i].text);
		CU_ASSERT_STRING_EQUAL(prepared, from_files);
		CU_ASSERT(strlen(prepared) > 0);
		free(prepared);
		free(from_files);
	}
	schema_set_free(files);
	diag_list_free(&dl);
	remove_schema(dir, "board.xsd");
	remove_schema(dir, "scenario.xsd");
	remove_schema(dir, "types.xsd");
	rmdir(dir);
}

void register_model_tests(void)
{
	static const struct test_case cases[] = {
	    {"bochs board and scenario check clean", test_bochs_clean},
	    {"bochs threads", test_bochs_threads},
	    {"bochs memory", test_bochs_memory},
	    {"bochs IOMEM_INFO", test_bochs_iomem},
	    {"bochs caches", test_bochs_caches},
	    {"bochs PCI functions", test_bochs_pci},
	    {"bochs USB function", test_bochs_usb},
	    {"bochs IOAPIC, serial, free IRQs", test_bochs_irq_serial},
	    {"bochs board positions", test_bochs_board_positions},
	    {"bochs VMs", test_bochs_vms},
	    {"bochs hv settings", test_bochs_hv},
	    {"FEATURES defaults", test_feature_defaults},
	    {"minimal scenario is valid", test_minimal_valid},
	    {"unknown element", test_unknown_element},
	    {"missing required element", test_missing_name},
	    {"validation repairs are undone, every error once", test_repairs_undone},
	    {"invalid load_order", test_bad_load_order},
	    {"invalid pcpu_id", test_bad_pcpu_id},
	    {"duplicate VM name", test_duplicate_name},
	    {"duplicate VM id", test_duplicate_id},
	    {"duplicate VM id beside a child with that text", test_duplicate_id_twin_text},
	    {"log level out of range", test_loglevel_range},
	    {"VM name too long", test_long_vm_name},
	    {"board given as scenario", test_board_as_scenario},
	    {"scenario given as board", test_scenario_as_board},
	    {"missing scenario file", test_missing_input},
	    {"pcpu_id overflows 64 bits", test_pcpu_overflow},
	    {"pcpu_id above 32 bits", test_pcpu_out_of_range},
	    {"memory size overflows 64 bits", test_size_overflow},
	    {"size_hpa too large for bytes", test_size_hpa_out_of_range},
	    {"VM id above 16 bits", test_vm_id_out_of_range},
	    {"prepared schemas say what their files say", test_prepared_schemas},
	};
	ADD_SUITE("model", load_schemas, free_schemas, cases);
	static const struct test_case corpus_cases[] = {
	    {"whl-ipc-i5 SATA controller", test_whl_sata},
	    {"whl-ipc-i5 legacy sections", test_whl_legacy},
	    {"nuc11tnbi5 DMA remapping units", test_nuc_dmar},
	    {"generic_board CAT cache", test_generic_cat},
	    {"hybrid_rt ivshmem", test_hybrid_rt_ivshmem},
	    {"hybrid_rt vUART", test_hybrid_rt_vuart},
	    {"hybrid_rt RTVM", test_hybrid_rt_rtvm},
	    {"hybrid_rt service and post-launched VMs", test_hybrid_rt_post_vms},
	};
	ADD_CORPUS_SUITE("model/corpus", load_schemas, free_schemas, corpus_cases);
}
