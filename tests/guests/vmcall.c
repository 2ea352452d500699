/* Makes a hypercall though its VM may not: the VMCALL must raise #UD in the guest. */
#include "guest.h"

void guest_main(void)
{
	uint32_t eax = 0;

	puts_("hello from guest\n");
	puts_("executing vmcall\n");
	trap_skip = 3;
	__asm__ volatile("vmcall" : "+a"(eax) : : "memory");
	puts_(trap_skip ? "vmcall returned without a trap\n" : "vmcall refused\n");
}
