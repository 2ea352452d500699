/* Turns interrupts off and spins for ever: the hypervisor's timer must still take the pCPU back. */
#include "guest.h"

void guest_main(void)
{
	puts_("hello from guest\n");
	puts_("spinning with interrupts off\n");
	__asm__ volatile("cli");
	for (;;)
		__asm__ volatile("" ::: "memory");
}
