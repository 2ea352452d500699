/* The 64-bit tiny post-launched guest of the hypercall test: uvm-count.c in 64-bit mode.
 * svm64-hcall.c places its kernel part at 1 MiB of the VM and sets its vCPU's registers for
 * startup_64 (long mode, paging, a GDT of its own) instead of a boot loader. */
#include "guest.h"

#define SPIN 100000

void guest_main64(void);

void guest_main64(void)
{
	uint64_t cr4;

	__asm__ volatile("mov %%cr4, %0" : "=r"(cr4));
	puts_("hello from the 64-bit post-launched guest, CR4 ");
	puthex((uint32_t)cr4);
	putc_('\n');
	for (uint32_t n = 1;; n++) {
		for (volatile uint32_t i = 0; i < SPIN; i++)
			;
		puts_("count64 ");
		putdec(n);
		putc_('\n');
	}
}
