/* Raises an exception with no IDT (limit 0): #UD, then #GP, then #DF, then a triple fault. */
#include "guest.h"

void guest_main(void)
{
	puts_("hello from guest\n");
	puts_("executing ud2 without an IDT\n");
	__asm__ volatile("ud2");
	puts_("still running\n");
}
