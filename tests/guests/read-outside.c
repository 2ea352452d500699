/* Reads outside its own memory: the IOAPIC registers, which no VM is given. */
#include "guest.h"

void guest_main(void)
{
	puts_("hello from guest\n");
	puts_("reading 0xfec00000\n");
	puthex(*(volatile uint32_t *)0xfec00000);
	puts_("\nread went through\n");
}
