/*
 * Attack through a region typed as shared memory: tables that give this VM an ivshmem region at
 * GPA 0x1000000 over VICTIM's RAM (host 0x4000000, tests/boot/cases/attack-ivshmem.boot) would
 * let it rewrite VICTIM's code and data. It looks for the text VICTIM prints in VICTIM's image
 * (loaded at VICTIM's GPA 0x100000) and rewrites it, so that VICTIM prints "pijacked N" (it writes
 * the "p" from code).
 */
#include "guest.h"

#define OTHER_IMAGE 0x1100000U /* VICTIM's GPA 0x100000 through the region */
#define SEARCH	    0x10000U

void guest_main(void)
{
	static const char word[] = "progress ";
	static const char evil[] = "hijacked ";
	volatile char *p = (volatile char *)OTHER_IMAGE;
	uint32_t found = 0;

	puts_("looking for VICTIM's text at GPA 0x1100000\n");
	for (uint32_t i = 0; i + sizeof(word) < SEARCH; i++) {
		uint32_t n = 0;

		while (n + 1 < sizeof(word) && p[i + n] == word[n])
			n++;
		if (n + 1 == sizeof(word)) {
			for (n = 0; n + 1 < sizeof(evil); n++)
				p[i + n] = evil[n];
			found++;
		}
	}
	puts_(found ? "rewrote VICTIM's text\n" : "VICTIM's text not found\n");
}
