/* Raises an exception with no IDT (limit 0): #UD, then #GP, then #DF, then a triple fault. */
#include "guest.h"

void guest_main(void)
{
	static const struct {
		uint16_t limit;
		uint32_t base;
	} __attribute__((packed)) no_idt = {0, 0};

	puts_("hello from guest\n");
	__asm__ volatile("lidt %0" : : "m"(no_idt));
	puts_("executing ud2 without an IDT\n");
	__asm__ volatile("ud2");
	puts_("still running\n");
}
