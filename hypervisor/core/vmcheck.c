/*
 * A VM's table entry, checked as untrusted input before anything of it is used: its name, its
 * pCPUs, and every host range it would own (RAM, ivshmem, the MMIO of its passthrough devices)
 * against the pages the hypervisor itself uses, the boot modules and every range of every VM
 * accepted before it. Only an ivshmem region the tables declare, which both VMs are members
 * of, may be another VM's too. acrn-cfgc checks the same; the tables could have been built from
 * other inputs. A VM that fails is not started, the log says which of its ranges hit what, and
 * the other VMs run.
 */
#include "vm.h"
#include "boot.h"
#include "console.h"
#include "lib.h"
#include "mm.h"
#include "pcpu.h"

#define WHY_LEN	    200U
#define RANGE_TEXT  80U
#define RESERVED    VM_HV_RANGES /* the hypervisor's: the arch's, the pool, the image */
#define REGIONS_MAX 32U		 /* memory regions per VM: acrn-cfgc writes a few */

#define RANGE_NONE    0U
#define RANGE_RAM     1U
#define RANGE_IVSHMEM 2U
#define RANGE_MMIO    3U

/* Host memory a VM would own: a memory region, or a memory BAR of a passthrough device. */
struct vm_range {
	uint32_t kind;	 /* RANGE_* */
	uint32_t shared; /* an ivshmem region the tables declare: its index; else ACFG_NONE */
	uint64_t base;
	uint64_t size;
	uint64_t gpa; /* memory: where the guest sees it */
	uint16_t bdf; /* MMIO: the device */
	uint32_t bar; /* and its BAR */
};

/* Why a VM is refused, filled by the first check that fails. */
struct refusal {
	bool refused;
	char why[WHY_LEN];
};

static void refuse(struct refusal *f, const char *fmt, ...) PRINTF_FMT(2, 3);
static void refuse(struct refusal *f, const char *fmt, ...)
{
	va_list ap;

	if (!f->refused) {
		f->refused = true;
		va_start(ap, fmt);
		(void)vsnprintf(f->why, sizeof(f->why), fmt, ap);
		va_end(ap);
	}
}

bool vm_cfg_name_ok(const struct acfg_vm *c)
{
	bool ended = false;

	for (size_t i = 0U; i < sizeof(c->name); i++) {
		ended = ended || (c->name[i] == '\0');
	}
	return ended;
}

const char *vm_cfg_name(const struct acfg_vm *c)
{
	return vm_cfg_name_ok(c) ? c->name : "(a VM whose name has no NUL)";
}

/* The index of the ivshmem region r is, if c has a device for it there; else ACFG_NONE. */
static uint32_t ivshmem_declared(const struct acfg_vm *c, const struct acfg_mem_region *r)
{
	uint32_t k = ACFG_NONE;

	for (unsigned i = 0U; (i < c->ivshmem_count) && (k == ACFG_NONE); i++) {
		const struct acfg_ivshmem_dev *d = &c->ivshmem[i];
		const struct acfg_ivshmem_region *s =
		    (d->region < acfg_vms.ivshmem_count) ? &acfg_vms.ivshmem[d->region] : NULL;

		if ((s != NULL) && (s->provider == ACFG_IVSHMEM_BY_HV) && (d->bar2 == r->gpa) &&
		    (s->hpa == r->hpa) && (s->size == r->size)) {
			k = d->region;
		}
	}
	return k;
}

static unsigned range_count(const struct acfg_vm *c)
{
	return c->region_count + (c->ptdev_count * ACFG_PCI_BARS);
}

/* Range i of VM c: its regions, then each passthrough device's BARs (kind NONE: no memory). */
static struct vm_range range_get(const struct acfg_vm *c, unsigned i)
{
	struct vm_range v = {RANGE_NONE, ACFG_NONE, 0U, 0U, 0U, 0U, 0U};

	if (i < c->region_count) {
		const struct acfg_mem_region *r = &c->regions[i];

		v.kind = RANGE_RAM;
		if (r->attr == ACFG_MEM_IVSHMEM) {
			v.kind = RANGE_IVSHMEM;
			v.shared = ivshmem_declared(c, r);
		}
		v.base = r->hpa;
		v.size = r->size;
		v.gpa = r->gpa;
	} else {
		unsigned bar = (i - c->region_count) % ACFG_PCI_BARS;
		uint32_t dev = c->ptdevs[(i - c->region_count) / ACFG_PCI_BARS].board_dev;
		const struct acfg_pci_bar *b = &acfg_board.pci_devs[dev].bars[bar];

		if ((b->type == ACFG_BAR_MEM32) || (b->type == ACFG_BAR_MEM64)) {
			v.kind = RANGE_MMIO;
			v.base = b->base;
			v.size = b->size;
			v.bdf = acfg_board.pci_devs[dev].bdf;
			v.bar = bar;
		}
	}
	return v;
}

/* "RAM 0x5000000-0x5ffffff (GPA 0x0)", "MMIO 0xfeb00000-0xfeb00fff (00:03.0 BAR1)" */
static void range_text(const struct vm_range *v, char *buf, size_t size)
{
	uint64_t last = v->base + (v->size - 1U);

	if (v->kind == RANGE_MMIO) {
		(void)snprintf(buf, size, "MMIO 0x%lx-0x%lx (%02x:%02x.%u BAR%u)", v->base, last,
			       (unsigned)v->bdf >> 8U, ((unsigned)v->bdf >> 3U) & 0x1fU,
			       (unsigned)v->bdf & 7U, v->bar);
	} else {
		(void)snprintf(buf, size, "%s 0x%lx-0x%lx (GPA 0x%lx)",
			       (v->kind == RANGE_RAM) ? "RAM" : "ivshmem", v->base, last, v->gpa);
	}
}

/* The region's own fields: kind, size, alignment, and host RAM below 4 GiB that maps. */
static void check_region(const struct acfg_mem_region *r, struct refusal *f)
{
	if ((r->attr != ACFG_MEM_RAM) && (r->attr != ACFG_MEM_IVSHMEM)) {
		refuse(f, "memory region GPA 0x%lx has attributes 0x%x: RAM or ivshmem only",
		       r->gpa, r->attr);
	} else if (!mm_range_ok(r->hpa, r->size) || !mm_range_ok(r->gpa, r->size) ||
		   (((r->gpa | r->hpa | r->size) & (PAGE_SIZE - 1U)) != 0U)) {
		refuse(f, "memory 0x%lx+0x%lx at GPA 0x%lx is empty, wraps or is not page aligned",
		       r->hpa, r->size, r->gpa);
	} else if ((r->hpa >= MM_HPA_LIMIT) || (r->size > (MM_HPA_LIMIT - r->hpa))) {
		refuse(f,
		       "host memory 0x%lx+0x%lx reaches above 4 GiB, which this hypervisor does "
		       "not map yet",
		       r->hpa, r->size);
	} else if (!boot_range_is_ram(r->hpa, r->size)) {
		refuse(f, "host memory 0x%lx+0x%lx is not RAM in the boot memory map", r->hpa,
		       r->size);
	} else {
		/* a region whose fields are right */
	}
}

/* The ranges of the hypervisor itself, most specific first: the first that overlaps is named. */
unsigned vm_hv_ranges(struct mm_range *r, bool reservation)
{
	unsigned n = mm_arch_reserved(r, RESERVED - 3U);

	r[n] = mm_pool();
	r[n + 1U].base = mm_hpa(__hv_start);
	r[n + 1U].size = mm_hpa(__hv_end) - mm_hpa(__hv_start);
	r[n + 1U].what = "the image";
	n += 2U;
	if (reservation) {
		r[n].base = acfg_hv.ram_start;
		r[n].size = acfg_hv.ram_size;
		r[n].what = "the hypervisor's memory";
		n++;
	}
	return n;
}

/* Range v of a VM against the hypervisor (naming every part it hits) and the boot modules. */
static void check_hv(const struct vm_range *v, const char *text, struct refusal *f)
{
	struct mm_range hv[RESERVED];
	unsigned n = vm_hv_ranges(hv, true);
	char hit[WHY_LEN];
	size_t len = 0U;

	hit[0] = '\0';
	for (unsigned i = 0U; i < n; i++) {
		if (mm_overlaps(v->base, v->size, hv[i].base, hv[i].size)) {
			int k = snprintf(&hit[len], sizeof(hit) - len, "%s%s 0x%lx-0x%lx",
					 (len != 0U) ? ", " : "", hv[i].what, hv[i].base,
					 hv[i].base + (hv[i].size - 1U));

			len += (k > 0) ? (size_t)k : 0U;
			len = (len < sizeof(hit)) ? len : (sizeof(hit) - 1U);
		}
	}
	if (len != 0U) {
		refuse(f, "%s overlaps %s", text, hit);
	}
	for (unsigned i = 0U; i < boot_info.nmodules; i++) {
		const struct boot_module *m = &boot_info.modules[i];

		if (mm_overlaps(v->base, v->size, m->start, m->end - m->start)) {
			refuse(f, "%s overlaps module %s", text, m->name);
		}
	}
}

/* Range v of VM c against every range of VM o (c itself: the ranges before v, index i). */
static void check_other(const struct acfg_vm *c, const struct vm_range *v, unsigned i,
			const struct acfg_vm *o, struct refusal *f)
{
	unsigned n = (o == c) ? i : range_count(o);
	char text[RANGE_TEXT];
	char other[RANGE_TEXT];

	for (unsigned j = 0U; (j < n) && !f->refused; j++) {
		struct vm_range w = range_get(o, j);
		bool shared = (o != c) && (v->shared != ACFG_NONE) && (v->shared == w.shared);

		if ((w.kind != RANGE_NONE) && !shared &&
		    mm_overlaps(v->base, v->size, w.base, w.size)) {
			range_text(v, text, sizeof(text));
			range_text(&w, other, sizeof(other));
			refuse(f, "%s overlaps %s%s %s", text, (o == c) ? "its own" : o->name,
			       (o == c) ? "" : "'s", other);
		}
		if ((o == c) && (v->kind != RANGE_MMIO) && (w.kind != RANGE_MMIO) &&
		    mm_overlaps(v->gpa, v->size, w.gpa, w.size)) {
			range_text(v, text, sizeof(text));
			refuse(f, "%s overlaps its own memory at GPA 0x%lx", text, w.gpa);
		}
	}
}

/* The fields of every range of c, then each range against the hypervisor, c and the others. */
static void check_ranges(const struct acfg_vm *c, const struct vm *accepted, unsigned count,
			 struct refusal *f)
{
	char text[RANGE_TEXT];

	for (unsigned i = 0U; i < c->region_count; i++) {
		check_region(&c->regions[i], f);
	}
	for (unsigned i = 0U; i < c->ptdev_count; i++) {
		if (c->ptdevs[i].board_dev >= acfg_board.pci_dev_count) {
			refuse(
			    f,
			    "passthrough device %u is board device %u, which is not on the board",
			    i, c->ptdevs[i].board_dev);
		}
	}
	for (unsigned i = 0U; (i < range_count(c)) && !f->refused; i++) {
		struct vm_range v = range_get(c, i);

		if (v.kind == RANGE_NONE) {
			continue;
		}
		range_text(&v, text, sizeof(text));
		if (!mm_range_ok(v.base, v.size)) {
			refuse(f, "%s is empty or wraps", text);
		}
		check_hv(&v, text, f);
		check_other(c, &v, i, c, f);
		for (unsigned k = 0U; k < count; k++) {
			check_other(c, &v, i, accepted[k].cfg, f);
		}
		if ((v.kind == RANGE_IVSHMEM) && (v.shared == ACFG_NONE)) {
			refuse(f,
			       "%s is no ivshmem region of the tables that the VM is a member of",
			       text);
		}
	}
}

/* pCPUs: on the board, each given once, none another VM's. */
static void check_pcpus(const struct acfg_vm *c, const struct vm *accepted, unsigned count,
			struct refusal *f)
{
	if ((c->pcpu_count == 0U) || (c->pcpu_count > VCPU_MAX)) {
		refuse(f, "%u vCPUs configured, this hypervisor runs 1 to %u per VM", c->pcpu_count,
		       VCPU_MAX);
	}
	for (unsigned i = 0U; (i < c->pcpu_count) && !f->refused; i++) {
		uint32_t p = c->pcpus[i];

		if ((p >= acfg_board.pcpu_count) || (p >= PCPU_MAX)) {
			refuse(f, "pCPU index %u is not on the board", p);
		}
		for (unsigned j = 0U; j < i; j++) {
			if (c->pcpus[j] == p) {
				refuse(f, "pCPU%u is given twice", p);
			}
		}
		for (unsigned k = 0U; k < count; k++) {
			for (unsigned j = 0U; j < accepted[k].cfg->pcpu_count; j++) {
				if (accepted[k].cfg->pcpus[j] == p) {
					refuse(f, "pCPU%u is already %s's", p,
					       accepted[k].cfg->name);
				}
			}
		}
	}
}

bool vm_cfg_accept(const struct acfg_vm *c, const struct vm *accepted, unsigned count)
{
	struct refusal f = {false, ""};

	check_pcpus(c, accepted, count, &f);
	if ((c->region_count == 0U) || (c->region_count > REGIONS_MAX) ||
	    (c->ptdev_count > acfg_board.pci_dev_count) ||
	    (c->ivshmem_count > acfg_vms.ivshmem_count)) {
		refuse(&f,
		       "%u memory regions, %u passthrough devices, %u ivshmem devices: 1 to %u "
		       "regions, at most the board's devices and the tables' ivshmem regions",
		       c->region_count, c->ptdev_count, c->ivshmem_count, REGIONS_MAX);
	}
	if (!f.refused) {
		check_ranges(c, accepted, count, &f);
	}
	if (f.refused) {
		console_printf("hv: %s: not started: %s\n", c->name, f.why);
	}
	return !f.refused;
}

bool vm_cfg_accept_service(const struct acfg_vm *c, const struct vm *accepted, unsigned count)
{
	struct refusal f = {false, ""};

	check_pcpus(c, accepted, count, &f);
	if (c->ptdev_count != 0U) {
		refuse(&f, "%u passthrough devices: a Service VM is given none, it has the board's",
		       c->ptdev_count);
	}
	if (f.refused) {
		console_printf("hv: %s: not started: %s\n", c->name, f.why);
	}
	return !f.refused;
}
