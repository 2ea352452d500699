/* Greets and stops at once: the other VM of a benchmark, leaving its pCPU idle. */
#include "guest.h"

void guest_main(void)
{
	puts_("hello from guest\n");
}
