/* One end of a vUART connection: sends "ping N" on COM2 and waits for each answer. */
#include "guest.h"

#define ROUNDS 3

void guest_main(void)
{
	char line[64];

	puts_("hello from guest\n");
	for (uint32_t n = 1; n <= ROUNDS; n++) {
		com2_puts("ping ");
		com2_putc((char)('0' + n));
		com2_putc('\n');
		com2_getline(line, sizeof(line));
		puts_("received: ");
		puts_(line);
		putc_('\n');
	}
	puts_("done\n");
}
