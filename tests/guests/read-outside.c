/* Reads outside its own memory: the HPET's registers, which no VM is given (its I/O APIC and
 * local APIC pages are its own, emulated). */
#include "guest.h"

void guest_main(void)
{
	puts_("hello from guest\n");
	puts_("reading 0xfed00000\n");
	puthex(*(volatile uint32_t *)0xfed00000);
	puts_("\nread went through\n");
}
