/*
 * What a guest may do to the caches it shares with the other VMs (tests/boot/cases/caches.boot):
 * CR0.CD and NW read back as written but the hypervisor keeps caching on (it reports the CPU's
 * CR0); WBINVD runs as a no-op; a PAT of uncached types reads back, while its RAM stays
 * write-back (the EPT ignores the PAT).
 */
#include "guest.h"

#define CR0_NW	(1u << 29)
#define CR0_CD	(1u << 30)
#define MSR_PAT 0x277

static uint32_t read_cr0(void)
{
	uint32_t v;

	__asm__ volatile("mov %%cr0, %0" : "=r"(v));
	return v;
}

static void write_cr0(uint32_t v)
{
	__asm__ volatile("mov %0, %%cr0" : : "r"(v) : "memory");
}

void guest_main(void)
{
	uint32_t cr0 = read_cr0();

	puts_("caches\n");
	write_cr0(cr0 | CR0_CD);
	puts_((read_cr0() & CR0_CD) ? "cr0 reads CD set\n" : "cr0 CD: WRONG\n");
	write_cr0(cr0 | CR0_CD | CR0_NW);
	puts_((read_cr0() & (CR0_CD | CR0_NW)) == (CR0_CD | CR0_NW) ? "cr0 reads CD and NW set\n"
								    : "cr0 CD NW: WRONG\n");
	write_cr0(cr0);
	puts_(read_cr0() == cr0 ? "cr0 as before\n" : "cr0 after: WRONG\n");
	TRY("wbinvd", : : : "memory");
	puts_(tried() ? "wbinvd: WRONG\n" : "wbinvd: done\n");
	wrmsr(MSR_PAT, 0);
	puts_(rdmsr(MSR_PAT) == 0 ? "pat of uncached types reads back\n" : "pat: WRONG\n");
	wrmsr(MSR_PAT, 0x0007040600070406ull);
}
