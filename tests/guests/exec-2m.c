/*
 * The iTLB multihit mitigation as a guest meets it (tests/boot/cases/itlb-multihit*.boot): it runs
 * from its first 2 MiB page, calls code it wrote into the third (GPA 0x400000), and only writes
 * and reads the fourth (0x600000). With the mitigation on, the hypervisor splits the first two for
 * execution and not the fourth; either way the guest sees nothing of it.
 */
#include "guest.h"

#define CODE_GPA 0x400000u
#define DATA_GPA 0x600000u

void guest_main(void)
{
	volatile uint8_t *code = (volatile uint8_t *)CODE_GPA;
	volatile uint32_t *data = (volatile uint32_t *)DATA_GPA;

	puts_("exec-2m\n");
	data[0] = 0x12345678u;
	puts_(data[0] == 0x12345678u ? "wrote and read 0x600000\n" : "0x600000: WRONG\n");
	code[0] = 0xc3; /* ret */
	((void (*)(void))CODE_GPA)();
	puts_("called code at 0x400000\n");
}
