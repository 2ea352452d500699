/* Writes where the other VM's memory lies in host physical memory: outside its own guest RAM. */
#include "guest.h"

void guest_main(void)
{
	puts_("hello from guest\n");
	puts_("writing to 0x4000000\n");
	*(volatile uint32_t *)0x4000000 = 0xdeadbeef;
	puts_("write went through\n");
}
