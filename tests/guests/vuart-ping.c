/* One end of a vUART connection: sends "ping N" on COM2 and waits for each answer. */
#include "guest.h"

#define ROUNDS 3

void guest_main(void)
{
	char line[64];

	puts_("hello from guest\n");
	for (uint32_t n = 1; n <= ROUNDS; n++) {
		uart_puts(COM2, "ping ");
		uart_putc(COM2, (char)('0' + n));
		uart_putc(COM2, '\n');
		uart_getline(COM2, line, sizeof(line));
		puts_("received: ");
		puts_(line);
		putc_('\n');
	}
	puts_("done\n");
}
