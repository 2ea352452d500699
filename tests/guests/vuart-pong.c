/* The other end of a vUART connection: answers each line read on COM2 with "pong" and it. */
#include "guest.h"

#define ROUNDS 3

void guest_main(void)
{
	char line[64];

	puts_("hello from guest\n");
	for (int n = 0; n < ROUNDS; n++) {
		com2_getline(line, sizeof(line));
		puts_("received: ");
		puts_(line);
		putc_('\n');
		com2_puts("pong to ");
		com2_puts(line);
		com2_putc('\n');
	}
	puts_("done\n");
}
