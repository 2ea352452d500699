/*
 * The hypervisor's own page tables (head.S: an identity map of the low 4 GiB in 2 MiB pages, all
 * of it writable and executable) made W^X once on the boot pCPU, before any other pCPU starts
 * or any guest memory is touched: with EFER.NXE on (head.S, on every pCPU), only the image's code
 * and the AP start-up page are executable, and the code is read-only. The 2 MiB pages the image
 * lies in become 4 KiB pages; every other page, guest memory among them, is execute-disabled, so
 * nothing a guest writes can ever run in the hypervisor.
 */
#include "x86.h"
#include "boot.h"
#include "config_abi.h"
#include "console.h"
#include "mm.h"

#define PTE_P	      0x1UL
#define PTE_RW	      0x2UL
#define PTE_CACHE     0x18UL /* PWT, PCD */
#define PTE_PS	      0x80UL
#define PTE_XD	      (1UL << 63)
#define PTE_ADDR      0x000ffffffffff000UL
#define PD_ENTRIES    2048U /* four page directories: 4 GiB */
#define IMAGE_PTS     8U    /* 4 KiB tables: the image's 2 MiB pages and the AP start-up page's */
#define AP_START_PAGE 0x8000UL /* head.S's AP_TRAMPOLINE, where lapic.c copies it */
#define SIZE_2M	      (2UL * MIB)

/* cppcheck-suppress misra-c2012-8.11 ; a label in head.S: an address, no C object */
extern uint64_t boot_pml4[];
/* cppcheck-suppress misra-c2012-8.11 ; a linker label: an address, no C object */
extern char __text_end[];

/* Page directory entry i (2 MiB each from address 0), through the PML4 and PDPT. */
static uint64_t *pd_entry(unsigned i)
{
	/* cppcheck-suppress misra-c2012-11.5 ; a page-table entry holds the next table's address */
	const uint64_t *pdpt = mm_hva(boot_pml4[0] & PTE_ADDR);
	/* cppcheck-suppress misra-c2012-11.5 ; a page-table entry holds the next table's address */
	uint64_t *pd = mm_hva(pdpt[i / 512U] & PTE_ADDR);

	return &pd[i % 512U];
}

/* The 4 KiB entry for pa in an image page table. */
static uint64_t image_pte(uint64_t pa, uint64_t cache)
{
	uint64_t e = pa | PTE_P | PTE_RW | cache;

	if ((pa >= mm_hpa(__hv_start)) && (pa < mm_hpa(__text_end))) {
		e &= ~PTE_RW; /* code */
	} else if (pa != AP_START_PAGE) {
		e |= PTE_XD;
	} else {
		/* the AP start-up code: lapic.c writes it, each AP runs it */
	}
	return e;
}

/* Whether 2 MiB page i holds the image or the AP start-up page: it becomes 4 KiB pages. */
static bool pd_split(unsigned i)
{
	uint64_t base = (uint64_t)i * SIZE_2M;

	return ((base < mm_hpa(__hv_end)) && ((base + SIZE_2M) > mm_hpa(__hv_start))) ||
	       ((AP_START_PAGE >= base) && (AP_START_PAGE < (base + SIZE_2M)));
}

void hostmap_protect(void)
{
	static uint64_t image_pts[IMAGE_PTS][512] ALIGNED(PAGE_SIZE);
	unsigned used = 0U;

	for (unsigned i = 0U; i < PD_ENTRIES; i++) {
		uint64_t *pde = pd_entry(i);

		if (!pd_split(i)) {
			*pde |= PTE_XD;
			continue;
		}
		if (used == IMAGE_PTS) {
			panic("the image 0x%lx-0x%lx needs more than %u page tables",
			      mm_hpa(__hv_start), mm_hpa(__hv_end), IMAGE_PTS);
		}
		for (unsigned j = 0U; j < 512U; j++) {
			image_pts[used][j] = image_pte(
			    ((uint64_t)i * SIZE_2M) + ((uint64_t)j * PAGE_SIZE), *pde & PTE_CACHE);
		}
		*pde = mm_hpa(image_pts[used]) | PTE_P | PTE_RW;
		used++;
	}
	write_cr3(read_cr3());
}

/* What the tables allow, read back: bytes executable, and of those writable. */
void hostmap_census(uint64_t *exec, uint64_t *wx)
{
	*exec = 0U;
	*wx = 0U;
	for (unsigned i = 0U; i < PD_ENTRIES; i++) {
		uint64_t pde = *pd_entry(i);
		const uint64_t *pt = ((pde & PTE_PS) == 0U) ? mm_hva(pde & PTE_ADDR) : NULL;

		for (unsigned j = 0U; j < ((pt != NULL) ? 512U : 1U); j++) {
			uint64_t e = (pt != NULL) ? pt[j] : pde;
			uint64_t size = (pt != NULL) ? PAGE_SIZE : SIZE_2M;

			if (((e & PTE_P) != 0U) && (((e | pde) & PTE_XD) == 0U)) {
				*exec += size;
				*wx += ((e & pde & PTE_RW) != 0U) ? size : 0U;
			}
		}
	}
}

/* "selftest=exec-guest": a RET written to the first VM's memory and called; "selftest=write-code":
 * a byte of the hypervisor's code written. Each must end in a page fault. */
void hostmap_selftest(void)
{
	if (boot_option("selftest=exec-guest") && (acfg_vms.vm_count != 0U) &&
	    (acfg_vms.vms[0].region_count != 0U)) {
		/* cppcheck-suppress misra-c2012-11.5 ; guest memory, written as a byte of code */
		volatile uint8_t *code = mm_hva(acfg_vms.vms[0].regions[0].hpa);

		*code = 0xc3U; /* ret */
		__asm__ volatile("call __x86_indirect_thunk_rax" : : "a"(code) : "memory");
	}
	if (boot_option("selftest=write-code")) {
		volatile char *text = __hv_start;

		*text = 0;
	}
}
