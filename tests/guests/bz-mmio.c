/*
 * Emulated MMIO from 64-bit code under 4-level paging, in the forms Linux's own accesses take:
 * its I/O APIC read through a register base (also r8-r15, REX), through an absolute address in
 * the top 2 GiB (sign-extended disp32 with SIB, as Linux's fixmap gives), through MOV with a
 * 64-bit direct offset, and RIP-relative from code running at an alias in the top 2 GiB; a
 * 64-, 16- and 8-bit load (SIL, with REX) reach no register and give 0 in the bytes they load,
 * the rest of the register kept. The guest's own page tables map the top 2 GiB.
 */
#include "guest.h"

#define IOAPIC	 0xfec00000UL
#define HIGH	 0xffffffffc0000000UL	     /* PML4 511, PDPT 511: the top GiB */
#define IO_HIGH	 (HIGH + 510UL * 0x200000UL) /* 0xffffffffffc00000: the I/O APIC's 2 MiB */
#define VERSION	 0x002f0011U
#define PG_FLAGS 0x3UL	/* present, writable */
#define PG_LARGE 0x83UL /* and 2 MiB */
#define PG_UC	 0x18UL /* PWT, PCD */

static uint64_t pml4[512] __attribute__((aligned(4096)));
static uint64_t pdpt[512] __attribute__((aligned(4096)));
static uint64_t pd[512] __attribute__((aligned(4096)));

/* RIP-relative accesses to IO_HIGH from code at HIGH + its link address: the linker computes
 * each displacement to these absolute symbols from the link address, so they are the targets
 * less HIGH. */
__asm__(".text\n"
	".globl rip_version\n"
	"rip_version:\n"
	"	movl $1, io_sel_rel(%rip)\n"
	"	movl io_win_rel(%rip), %eax\n"
	"	ret\n"
	".set io_sel_rel, 0x3fc00000\n"
	".set io_win_rel, 0x3fc00010\n");
uint32_t rip_version(void);

static void map_high(void)
{
	uint64_t cr3;
	const uint64_t *old;

	__asm__ volatile("mov %%cr3, %0" : "=r"(cr3));
	old = (const uint64_t *)(cr3 & ~0xfffUL);
	pml4[0] = old[0]; /* the identity map of the low 4 GiB the loader built */
	pml4[511] = (uint64_t)pdpt | PG_FLAGS;
	pdpt[511] = (uint64_t)pd | PG_FLAGS;
	pd[0] = 0 | PG_LARGE;		     /* HIGH: this code's alias */
	pd[510] = IOAPIC | PG_LARGE | PG_UC; /* IO_HIGH */
	__asm__ volatile("mov %0, %%cr3" ::"r"((uint64_t)pml4) : "memory");
}

static int forms(void)
{
	uint32_t a, b, c, d, e;
	uint64_t base = IOAPIC;

	/* a register base, r9 and r10d: REX.B and REX.R */
	__asm__ volatile("mov %2, %%r9; movl $1, (%%r9); movl 0x10(%%r9), %%r10d; mov %%r10d, %0;"
			 "movl $1, (%%r9); movl 0x10(%%r9), %1"
			 : "=r"(a), "=r"(b)
			 : "r"(base)
			 : "r9", "r10", "memory");
	/* absolute, sign-extended disp32 (SIB without base or index) */
	__asm__ volatile("movl $1, 0xffffffffffc00000; movl 0xffffffffffc00010, %0"
			 : "=r"(c)::"memory");
	/* MOV with a 64-bit direct offset (A3, A1) */
	__asm__ volatile("movl $1, %%eax; movabs %%eax, 0xfec00000; movabs 0xfec00010, %%eax"
			 : "=a"(d)::"memory");
	e = ((uint32_t(*)(void))((uint64_t)rip_version + HIGH))();
	return a == VERSION && b == VERSION && c == VERSION && d == VERSION && e == VERSION;
}

static int narrow(void)
{
	uint64_t q = ~0UL, w = 0x1111222233334444UL, s = 0x5555666677778888UL;
	uint64_t base = IOAPIC;

	__asm__ volatile("movq 0x10(%3), %0; movw 0x10(%3), %w1; movb 0x10(%3), %b2"
			 : "+r"(q), "+r"(w), "+S"(s)
			 : "r"(base)
			 : "memory");
	return q == 0 && w == 0x1111222233330000UL && s == 0x5555666677778800UL;
}

void guest_main64(void *boot_params);
void guest_main64(void *boot_params)
{
	(void)boot_params;
	puts_("hello from a bzImage\n");
	map_high();
	puts_(forms() ? "64-bit MMIO forms: each read the I/O APIC's version\n"
		      : "64-bit MMIO forms: NOT each read the version\n");
	puts_(narrow() ? "64-bit MMIO: 8-, 16- and 64-bit loads give 0, the rest kept\n"
		       : "64-bit MMIO: narrow loads NOT as expected\n");
	puts_("done\n");
}
