/* The other end of a vUART connection: answers each line read on COM2 with "pong" and it. */
#include "guest.h"

#define ROUNDS 3

void guest_main(void)
{
	char line[64];

	puts_("hello from guest\n");
	for (int n = 0; n < ROUNDS; n++) {
		uart_getline(COM2, line, sizeof(line));
		puts_("received: ");
		puts_(line);
		putc_('\n');
		uart_puts(COM2, "pong to ");
		uart_puts(COM2, line);
		uart_putc(COM2, '\n');
	}
	puts_("done\n");
}
