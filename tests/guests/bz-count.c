/* The 64-bit tiny post-launched guest of the hypercall test: uvm-count.c in 64-bit mode.
 * svm64-hcall.c places its kernel part at 1 MiB of the VM and sets its vCPU's registers for
 * startup_64 (long mode, paging, a GDT of its own) instead of a boot loader. */
#include "guest.h"
#include "xstate.h"

#define SPIN 100000

void guest_main64(void);

/* What it finds of the Service VM's extended state before it has any of its own (xstate.h):
 * XCR0 as the hypervisor starts a vCPU, no word of the Service VM's secret in any register. */
static uint64_t xstate_start(void)
{
	uint64_t xcr0;
	unsigned total;

	xstate_cr4();
	puts_("xstate: XCR0 at start ");
	puthex((uint32_t)xstate_xcr0());
	xcr0 = xstate_enable();
	(void)xstate_holding(xcr0, XSTATE_SECRET, &total);
	puts_(", words of another VM's secret in its registers: ");
	putdec(xstate_count(XSTATE_SECRET));
	puts_(" (of ");
	putdec(total);
	puts_(")\n");
	xstate_fill(xcr0, XSTATE_OWN);
	return xcr0;
}

void guest_main64(void)
{
	uint64_t cr4;
	uint64_t xcr0;
	unsigned total, kept;

	__asm__ volatile("mov %%cr4, %0" : "=r"(cr4));
	puts_("hello from the 64-bit post-launched guest, CR4 ");
	puthex((uint32_t)cr4);
	putc_('\n');
	xcr0 = xstate_start();
	for (uint32_t n = 1;; n++) {
		for (volatile uint32_t i = 0; i < SPIN; i++)
			;
		puts_("count64 ");
		putdec(n);
		kept = xstate_holding(xcr0, XSTATE_OWN, &total);
		puts_(kept == total ? ", its registers kept\n" : ", its registers CHANGED\n");
		xstate_fill(xcr0, XSTATE_OWN);
	}
}
