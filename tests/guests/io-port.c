/* Uses I/O ports that are not its own: the chipset's reset control and the ACPI power-off port
 * (PCI configuration at 0xCF8/0xCFC is its own virtual bus: tests/boot/cases/pci); and sets the
 * time of its CMOS RTC, which is read-only. */
#include "guest.h"

void guest_main(void)
{
	puts_("hello from guest\n");
	puts_("writing 0x6 to 0xcf9 to reset the machine\n");
	outb(0xcf9, 0x06);
	puts_("still running after the reset write\n");
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
