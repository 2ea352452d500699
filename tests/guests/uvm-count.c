/* The tiny post-launched guest of the hypercall test (svm64-hcall.c gives it memory and starts
 * it): greets, then counts on its console for as long as it runs. */
#include "guest.h"

#define SPIN 100000

void guest_main(void)
{
	puts_("hello from the post-launched guest\n");
	for (uint32_t n = 1;; n++) {
		for (volatile uint32_t i = 0; i < SPIN; i++)
			;
		puts_("count ");
		putdec(n);
		putc_('\n');
	}
}
