/*
 * A Linux bzImage in a VM, by the 64-bit boot protocol of Documentation/x86/boot.rst: the
 * protected-mode kernel copied where its setup header asks, a zeroed boot_params (the "zero
 * page") holding that header and what the VM's table says (e820 from its memory, the command
 * line from bootargs, the initrd from ramdisk_mod, the RSDP of its ACPI tables), and vCPU 0
 * started in 64-bit mode at the 64-bit entry (startup_64, 0x200 past the loaded kernel) with
 * RSI pointing at boot_params, interrupts off, a GDT with __BOOT_CS and __BOOT_DS, and page
 * tables that map the low 4 GiB one to one.
 *
 * Why the 64-bit entry rather than the 32-bit one: both are documented and need no BIOS; the
 * 64-bit one is ACRN's for its pre-launched VMs, and it is the entry that requires the kernel to
 * say it has one (XLF_KERNEL_64, protocol 2.12), so a 32-bit kernel is refused here with its
 * reason instead of failing inside the guest. The 16-bit entry would need BIOS services.
 *
 * Guest memory below 1 MiB holds what the loader builds, at addresses the kernel does not use
 * before it has copied boot_params and the command line and left the page tables for its own:
 * page tables at 0x1000-0x6fff, boot_params at 0x7000, the GDT at 0x8000, the command line at
 * 0x9000 (in the Service VM, whose page 0x8000 is the hypervisor's, all of it 0x10000 higher).
 * The kernel's decompressor keeps to [runtime start, + init_size) and its trampoline to just
 * below 0x9f000.
 *
 * The Service VM's kernel: its memory is the host's, where code32_start (1 MiB) is the
 * hypervisor's, so a kernel that is not relocatable goes to its preferred address, from which
 * it runs as it is (the boot protocol lets a loader put it there). Its e820 is the firmware's
 * memory map with the RAM that is not the Service VM's marked reserved; its RSDP is the
 * firmware's (svmacpi.c).
 */
#include "x86.h"
#include "vdev.h"
#include "boot.h"
#include "lib.h"
#include "vm.h"

/* The setup header: offsets in the image, and in boot_params where it is copied to 0x1f1. */
#define HDR_START	  0x1f1U
#define HDR_SETUP_SECTS	  0x1f1U
#define HDR_SYSSIZE	  0x1f4U
#define HDR_VID_MODE	  0x1faU
#define HDR_BOOT_FLAG	  0x1feU
#define HDR_JUMP	  0x200U
#define HDR_JUMP_END	  0x201U /* the header ends at 0x202 + this byte */
#define HDR_MAGIC	  0x202U
#define HDR_VERSION	  0x206U
#define HDR_LOADER_TYPE	  0x210U
#define HDR_LOADFLAGS	  0x211U
#define HDR_CODE32_START  0x214U
#define HDR_RAMDISK_IMAGE 0x218U
#define HDR_RAMDISK_SIZE  0x21cU
#define HDR_CMD_LINE_PTR  0x228U
#define HDR_INITRD_MAX	  0x22cU
#define HDR_KERNEL_ALIGN  0x230U
#define HDR_RELOCATABLE	  0x234U
#define HDR_XLOADFLAGS	  0x236U
#define HDR_CMDLINE_SIZE  0x238U
#define HDR_PREF_ADDRESS  0x258U
#define HDR_INIT_SIZE	  0x260U
#define HDR_MAX_END	  0x290U /* boot_params has room for the header up to here */

#define BOOT_FLAG	0xaa55U
#define HDR_SIGNATURE	0x53726448U /* "HdrS" */
#define VERSION_MIN	0x020cU	    /* 2.12: xloadflags, so the 64-bit entry is announced */
#define LOADED_HIGH	0x1U
#define XLF_KERNEL_64	0x1U
#define LOADER_UNKNOWN	0xffU
#define ENTRY64_OFFSET	0x200U /* startup_64 from the start of the loaded kernel */
#define SECTOR		512U
#define SETUP_SECTS_OLD 4U /* what setup_sects 0 means */

#define BP_ACPI_RSDP	    0x070U
#define BP_EXT_RAMDISK	    0x0c0U
#define BP_EXT_RAMDISK_SIZE 0x0c4U
#define BP_E820_ENTRIES	    0x1e8U
#define BP_E820_TABLE	    0x2d0U
#define BP_E820_MAX	    128U
#define E820_ENTRY	    20U
#define E820_RAM	    1U
#define E820_RESERVED	    2U

/* Guest-physical addresses of what the loader builds. */
#define LX_PML4	       0x1000UL
#define LX_PDPT	       0x2000UL
#define LX_PD	       0x3000UL /* four pages: 4 GiB in 2 MiB pages */
#define LX_ZERO_PAGE   0x7000UL
#define LX_GDT	       0x8000UL
#define LX_CMDLINE     0x9000UL
#define LX_AREA_END    0xa000UL
#define LX_CMDLINE_MAX (LX_AREA_END - LX_CMDLINE)
#define LX_SVM_AREA    0x10000UL /* the Service VM's: added to each of the above */
#define PTE_PRESENT_RW 0x3UL
#define PTE_LARGE      0x80UL
#define GDT_BOOT_CS    0x00af9a000000ffffUL /* 64-bit code, flat */
#define GDT_BOOT_DS    0x00cf92000000ffffUL /* data, flat, 4 GiB */

/* The BIOS area, which holds the VM's ACPI tables (from the RSDP at 0xf2400): never RAM. */
#define BIOS_AREA     0xf0000UL
#define BIOS_AREA_END 0x100000UL

struct linux_image {
	const uint8_t *img;
	uint64_t size;
	uint64_t kernel_off; /* where the protected-mode kernel starts in the file */
	uint64_t kernel_size;
	uint64_t load;	  /* where it is copied */
	uint64_t runtime; /* where it runs and needs init_size bytes */
	uint32_t init_size;
	uint64_t area; /* added to the LX_ addresses: 0, or LX_SVM_AREA */
};

static uint32_t get16(const uint8_t *p, uint64_t off)
{
	return (uint32_t)p[off] | ((uint32_t)p[off + 1U] << 8);
}

static uint32_t get32(const uint8_t *p, uint64_t off)
{
	return get16(p, off) | (get16(p, off + 2U) << 16);
}

static uint64_t get64(const uint8_t *p, uint64_t off)
{
	return (uint64_t)get32(p, off) | ((uint64_t)get32(p, off + 4U) << 32);
}

static void put16(uint8_t *p, uint64_t off, uint32_t v)
{
	p[off] = (uint8_t)v;
	p[off + 1U] = (uint8_t)(v >> 8);
}

static void put64(uint8_t *p, uint64_t off, uint64_t v)
{
	for (unsigned i = 0U; i < 8U; i++) {
		unsigned shift = 8U * i;

		p[off + i] = (uint8_t)(v >> shift);
	}
}

static void put32(uint8_t *p, uint64_t off, uint32_t v)
{
	for (unsigned i = 0U; i < 4U; i++) {
		p[off + i] = (uint8_t)(v >> (8U * i));
	}
}

/* The header fields that make it a 64-bit bzImage this loader can start; NULL if they do. */
static const char *check_magic(const uint8_t *img, uint64_t size, char *why, size_t n)
{
	const char *bad = NULL;

	if (size < (HDR_MAX_END + SECTOR)) {
		(void)snprintf(why, n, "%lu bytes, shorter than a setup header", size);
		bad = why;
	} else if (get16(img, HDR_BOOT_FLAG) != BOOT_FLAG) {
		(void)snprintf(why, n, "boot_flag (0x1fe) is 0x%x, not 0xaa55: not a Linux kernel",
			       get16(img, HDR_BOOT_FLAG));
		bad = why;
	} else if (get32(img, HDR_MAGIC) != HDR_SIGNATURE) {
		(void)snprintf(why, n, "header (0x202) is 0x%x, not \"HdrS\": not a bzImage",
			       get32(img, HDR_MAGIC));
		bad = why;
	} else if (get16(img, HDR_VERSION) < VERSION_MIN) {
		(void)snprintf(why, n,
			       "boot protocol version (0x206) is %u.%02u, older than 2.12, the "
			       "first to announce a 64-bit entry",
			       get16(img, HDR_VERSION) >> 8, get16(img, HDR_VERSION) & 0xffU);
		bad = why;
	} else if ((get16(img, HDR_XLOADFLAGS) & XLF_KERNEL_64) == 0U) {
		(void)snprintf(why, n,
			       "xloadflags (0x236) is 0x%x, without XLF_KERNEL_64: the "
			       "kernel has no 64-bit entry",
			       get16(img, HDR_XLOADFLAGS));
		bad = why;
	} else if ((img[HDR_LOADFLAGS] & LOADED_HIGH) == 0U) {
		(void)snprintf(why, n, "loadflags (0x211) is 0x%x, without LOADED_HIGH: a zImage",
			       img[HDR_LOADFLAGS]);
		bad = why;
	} else {
		/* a 64-bit bzImage */
	}
	return bad;
}

/* Where the protected-mode kernel is in the file and how big: setup_sects and syssize. */
static const char *check_size(struct linux_image *li, char *why, size_t n)
{
	unsigned sects = li->img[HDR_SETUP_SECTS];
	uint64_t syssize = (uint64_t)get32(li->img, HDR_SYSSIZE) * 16U;
	const char *bad = NULL;

	if (sects == 0U) {
		sects = SETUP_SECTS_OLD;
	}
	li->kernel_off = ((uint64_t)sects + 1U) * SECTOR;
	if (li->kernel_off >= li->size) {
		(void)snprintf(why, n,
			       "setup_sects (0x1f1) is %u: the setup code would end at 0x%lx, "
			       "past the end of the %lu-byte image",
			       sects, li->kernel_off, li->size);
		bad = why;
	} else if ((syssize == 0U) || (syssize > ((li->size - li->kernel_off) + 15U))) {
		(void)snprintf(why, n,
			       "syssize (0x1f4) gives %lu bytes of kernel, but the image holds "
			       "%lu after its setup code",
			       syssize, li->size - li->kernel_off);
		bad = why;
	} else {
		li->kernel_size = li->size - li->kernel_off;
	}
	return bad;
}

static bool power_of_two(uint64_t v)
{
	return (v != 0U) && ((v & (v - 1U)) == 0U);
}

/* Where it goes: a relocatable kernel at its preferred address aligned to kernel_alignment,
 * another at code32_start, from where it moves itself to its preferred address. Both ranges
 * must be the VM's RAM and clear of what the loader builds below 1 MiB. */
static const char *place_kernel(struct vm *vm, struct linux_image *li, char *why, size_t n)
{
	const uint8_t *img = li->img;
	uint64_t align = get32(img, HDR_KERNEL_ALIGN);
	const char *bad = NULL;

	li->init_size = get32(img, HDR_INIT_SIZE);
	li->runtime = get64(img, HDR_PREF_ADDRESS);
	li->load = get32(img, HDR_CODE32_START);
	if (img[HDR_RELOCATABLE] != 0U) {
		if (!power_of_two(align)) {
			(void)snprintf(
			    why, n, "kernel_alignment (0x230) 0x%lx is not a power of two", align);
			return why;
		}
		li->runtime = (li->runtime + align - 1U) & ~(align - 1U);
		li->load = li->runtime;
	} else if (vm == vm_service()) {
		li->load = li->runtime;
	} else {
		/* at code32_start */
	}
	if (li->init_size < li->kernel_size) {
		(void)snprintf(why, n, "init_size (0x260) 0x%x is less than the %lu-byte kernel",
			       li->init_size, li->kernel_size);
		bad = why;
	} else if ((li->runtime < BIOS_AREA_END) ||
		   (vm_gpa_to_hva(vm, li->runtime, li->init_size) == NULL)) {
		(void)snprintf(why, n,
			       "init_size (0x260) 0x%x at 0x%lx (pref_address, 0x258) does not "
			       "fit the VM's RAM",
			       li->init_size, li->runtime);
		bad = why;
	} else if ((li->load < BIOS_AREA_END) ||
		   (vm_gpa_to_hva(vm, li->load, li->kernel_size) == NULL)) {
		(void)snprintf(why, n,
			       "the %lu-byte kernel at 0x%lx (code32_start, 0x214) does not "
			       "fit the VM's RAM",
			       li->kernel_size, li->load);
		bad = why;
	} else {
		/* both fit */
	}
	return bad;
}

/* A little-endian word into the VM's memory (the loader checked that the address is RAM). */
static void guest_put64(struct vm *vm, uint64_t gpa, uint64_t v)
{
	uint8_t b[8];

	put64(b, 0U, v);
	(void)memcpy(vm_gpa_to_hva(vm, gpa, sizeof(b)), b, sizeof(b));
}

/* The page tables that map the low 4 GiB one to one with 2 MiB pages, and the GDT. */
static void build_paging(struct vm *vm, uint64_t area)
{
	guest_put64(vm, area + LX_PML4, (area + LX_PDPT) | PTE_PRESENT_RW);
	for (uint64_t i = 0U; i < 4U; i++) {
		guest_put64(vm, area + LX_PDPT + (8U * i),
			    (area + LX_PD + (i * PAGE_SIZE)) | PTE_PRESENT_RW);
	}
	for (uint64_t i = 0U; i < 2048U; i++) {
		guest_put64(vm, area + LX_PD + (8U * i), (i << 21) | PTE_LARGE | PTE_PRESENT_RW);
	}
	guest_put64(vm, area + LX_GDT + 16U, GDT_BOOT_CS);
	guest_put64(vm, area + LX_GDT + 24U, GDT_BOOT_DS);
}

static unsigned e820_add(uint8_t *bp, unsigned count, uint64_t base, uint64_t end, uint32_t type)
{
	uint64_t off = BP_E820_TABLE + ((uint64_t)count * E820_ENTRY);

	if ((base >= end) || (count == BP_E820_MAX)) {
		return count;
	}
	put64(bp, off, base);
	put64(bp, off + 8U, end - base);
	put32(bp, off + 16U, type);
	return count + 1U;
}

/* The Service VM's: each entry of the firmware's map, its RAM split into the Service VM's
 * ranges (RAM) and what is not its (reserved: the hypervisor's, the modules', the pre-launched
 * VMs'); RAM above 4 GiB is not its either. */
static unsigned svm_e820(const struct vm *vm, uint8_t *bp)
{
	unsigned n = 0U;

	for (unsigned i = 0U; i < boot_info.nmem; i++) {
		const struct boot_mem *m = &boot_info.mem[i];
		uint64_t at = m->base;
		uint64_t end = m->base + m->size;

		if (m->type != BOOT_MEM_RAM) {
			n = e820_add(bp, n, m->base, end,
				     (m->type <= BOOT_MEM_NVS) ? m->type : E820_RESERVED);
			continue;
		}
		for (unsigned j = 0U; j < vm->region_count; j++) {
			const struct acfg_mem_region *r = &vm->regions[j];

			if ((r->gpa >= at) && (r->gpa < end)) {
				n = e820_add(bp, n, at, r->gpa, E820_RESERVED);
				n = e820_add(bp, n, r->gpa, r->gpa + r->size, E820_RAM);
				at = r->gpa + r->size;
			}
		}
		n = e820_add(bp, n, at, end, E820_RESERVED);
	}
	return n;
}

/* The VM's RAM in guest address order, less the BIOS area that holds its ACPI tables; then the
 * ECAM window, reserved, so that Linux trusts the MCFG. */
static void build_e820(const struct vm *vm, uint8_t *bp)
{
	const struct acfg_vm *c = vm->cfg;
	unsigned n = 0U;

	if (vm == vm_service()) {
		bp[BP_E820_ENTRIES] = (uint8_t)svm_e820(vm, bp);
		return;
	}
	for (unsigned i = 0U; i < c->region_count; i++) {
		const struct acfg_mem_region *r = &c->regions[i];
		uint64_t end = r->gpa + r->size;

		if ((r->attr & ACFG_MEM_RAM) == 0U) {
			continue;
		}
		if ((r->gpa < BIOS_AREA_END) && (end > BIOS_AREA)) {
			n = e820_add(bp, n, r->gpa, BIOS_AREA, E820_RAM);
			n = e820_add(bp, n, BIOS_AREA, BIOS_AREA_END, E820_RESERVED);
			n = e820_add(bp, n, BIOS_AREA_END, end, E820_RAM);
		} else {
			n = e820_add(bp, n, r->gpa, end, E820_RAM);
		}
	}
	n = e820_add(bp, n, ACFG_VPCI_ECAM_BASE, ACFG_VPCI_ECAM_BASE + VPCI_ECAM_SIZE,
		     E820_RESERVED);
	bp[BP_E820_ENTRIES] = (uint8_t)n;
}

/* The highest page-aligned place for the initrd in the VM's RAM above the kernel's init_size
 * and below initrd_addr_max; 0 if there is none. */
static uint64_t place_initrd(const struct vm *vm, const struct linux_image *li, uint64_t size)
{
	uint64_t limit = (uint64_t)get32(li->img, HDR_INITRD_MAX) + 1U;
	uint64_t floor = li->runtime + li->init_size;
	uint64_t best = 0U;

	if ((li->load + li->kernel_size) > floor) {
		floor = li->load + li->kernel_size;
	}
	for (unsigned i = 0U; i < vm->region_count; i++) {
		const struct acfg_mem_region *r = &vm->regions[i];
		uint64_t top = r->gpa + r->size;
		uint64_t at;

		if (top > limit) {
			top = limit;
		}
		if (((r->attr & ACFG_MEM_RAM) == 0U) || (top < size)) {
			continue;
		}
		at = (top - size) & ~(PAGE_SIZE - 1U);
		if ((at >= r->gpa) && (at >= floor) && (at > best)) {
			best = at;
		}
	}
	return best;
}

/* boot_params: the image's setup header, then what this loader says of the VM; built here and
 * copied to the VM (VMs are loaded one after the other, on the boot pCPU). */
static const char *build_boot_params(struct vm *vm, const struct linux_image *li,
				     const struct vm_linux_extra *x, char *why, size_t n)
{
	static uint8_t bp[PAGE_SIZE];
	static const char nul = '\0';
	uint64_t hdr_end = HDR_JUMP + 2U + (uint64_t)li->img[HDR_JUMP_END];
	uint32_t cmdline_max = get32(li->img, HDR_CMDLINE_SIZE);
	uint64_t initrd = 0U;

	if ((x->bootargs_len > cmdline_max) || (x->bootargs_len >= LX_CMDLINE_MAX)) {
		(void)snprintf(why, n, "the bootargs are %u bytes; cmdline_size (0x238) allows %u",
			       x->bootargs_len, cmdline_max);
		return why;
	}
	if (x->initrd_size != 0U) {
		initrd = place_initrd(vm, li, x->initrd_size);
		if (initrd == 0U) {
			(void)snprintf(why, n,
				       "its %lu-byte ramdisk fits nowhere in the VM's RAM "
				       "above the kernel and below initrd_addr_max (0x22c) 0x%x",
				       x->initrd_size, get32(li->img, HDR_INITRD_MAX));
			return why;
		}
		(void)memcpy(vm_gpa_to_hva(vm, initrd, x->initrd_size), x->initrd, x->initrd_size);
	}
	(void)memset(bp, 0, sizeof(bp));
	(void)memcpy(&bp[HDR_START], &li->img[HDR_START],
		     ((hdr_end < HDR_MAX_END) ? hdr_end : HDR_MAX_END) - HDR_START);
	put16(bp, HDR_VID_MODE, 0xffffU); /* "normal" */
	bp[HDR_LOADER_TYPE] = LOADER_UNKNOWN;
	put32(bp, HDR_CODE32_START, (uint32_t)li->load);
	put32(bp, HDR_RAMDISK_IMAGE, (uint32_t)initrd);
	put32(bp, HDR_RAMDISK_SIZE, (uint32_t)x->initrd_size);
	put32(bp, BP_EXT_RAMDISK, (uint32_t)(initrd >> 32));
	put32(bp, BP_EXT_RAMDISK_SIZE, (uint32_t)(x->initrd_size >> 32));
	put32(bp, HDR_CMD_LINE_PTR, (uint32_t)(li->area + LX_CMDLINE));
	put64(bp, BP_ACPI_RSDP, x->acpi_rsdp);
	build_e820(vm, bp);
	(void)memcpy(vm_gpa_to_hva(vm, li->area + LX_ZERO_PAGE, sizeof(bp)), bp, sizeof(bp));
	(void)memcpy(vm_gpa_to_hva(vm, li->area + LX_CMDLINE, x->bootargs_len), x->bootargs,
		     x->bootargs_len);
	(void)memcpy(vm_gpa_to_hva(vm, li->area + LX_CMDLINE + x->bootargs_len, 1U), &nul, 1U);
	return NULL;
}

int vm_arch_load_linux(struct vm *vm, const uint8_t *img, uint64_t size,
		       const struct vm_linux_extra *x, char *why, size_t n)
{
	struct linux_image li = {.img = img, .size = size};
	const char *bad = check_magic(img, size, why, n);
	bool svm = vm == vm_service(); /* its BIOS area is the firmware's */

	li.area = svm ? LX_SVM_AREA : 0U;

	if (bad == NULL) {
		bad = check_size(&li, why, n);
	}
	if (bad == NULL) {
		bad = place_kernel(vm, &li, why, n);
	}
	if ((bad == NULL) &&
	    ((vm_gpa_to_hva(vm, li.area + LX_PML4, LX_AREA_END - LX_PML4) == NULL) ||
	     (!svm && (vm_gpa_to_hva(vm, BIOS_AREA, BIOS_AREA_END - BIOS_AREA) == NULL)))) {
		(void)snprintf(why, n,
			       "the VM has no RAM at guest address 0-1 MiB, where its boot "
			       "parameters and ACPI tables go");
		bad = why;
	}
	if (bad == NULL) {
		bad = build_boot_params(vm, &li, x, why, n);
	}
	if (bad != NULL) {
		return -1;
	}
	(void)memcpy(vm_gpa_to_hva(vm, li.load, li.kernel_size), &img[li.kernel_off],
		     li.kernel_size);
	build_paging(vm, li.area);
	vm->start.mode = VM_START_LINUX64;
	vm->start.entry = li.load + ENTRY64_OFFSET;
	vm->start.cr3 = li.area + LX_PML4;
	vm->start.gdt = li.area + LX_GDT;
	vm->start.arg = li.area + LX_ZERO_PAGE;
	return 0;
}
