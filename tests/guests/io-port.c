/* Uses I/O ports that are not its own: PCI configuration and the ACPI power-off port; and sets
 * the time of its CMOS RTC, which is read-only. */
#include "guest.h"

void guest_main(void)
{
	puts_("hello from guest\n");
	outl(0xcf8, 0x80000000);
	puts_("PCI config read 0xcfc: ");
	puthex(inl(0xcfc));
	putc_('\n');
	outb(0x70, 0x00);
	puts_("RTC seconds: ");
	puthex(inb(0x71));
	putc_('\n');
	outb(0x70, 0x84); /* hours, with the NMI-disable bit */
	outb(0x71, 0x23);
	outb(0x71, 0x22);
	puts_("writing 0x2000 to 0xb004 to power the machine off\n");
	outw(0xb004, 0x2000);
	puts_("still running after the power-off write\n");
}
