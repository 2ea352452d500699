/*
 * A Service VM's view of the machine (tests/boot/service-vm.xml): ACRN's CPUID leaves with the
 * privileged bit, its RAM at the host's addresses (written and read back at each address the
 * command line of the case gives with "ram"), and what is not its own: the pre-launched VM's
 * memory and the hypervisor's, where writes must be dropped and reads give all ones.
 */
#include "guest.h"

/* Host addresses of the scenario (tests/boot/service-vm.xml, boards/bochs-pc.xml): RAM the
 * Service VM should have (low memory, just above the boot area, its own image's page, the top
 * of the board's RAM), then the pre-launched VM's first page and the hypervisor's image. */
static const uint32_t ram[] = {0x9000, 0x5000000, 0x8100000, 0xffef000};
static const uint32_t foreign[] = {0x4000000, 0x4fff000, 0x100000};

static void print_hv_leaves(void)
{
	uint32_t r[4];
	char sig[13];

	cpuid(0x40000000, r);
	for (int i = 0; i < 12; i++)
		sig[i] = (char)(r[1 + i / 4] >> (8 * (i % 4)));
	sig[12] = 0;
	puts_("cpuid: hypervisor \"");
	puts_(sig);
	puts_("\", max leaf ");
	puthex(r[0]);
	cpuid(0x40000001, r);
	puts_(", features ");
	puthex(r[0]);
	puts_((r[0] & 1) ? " (privileged)" : " (not privileged)");
	cpuid(0x40000010, r);
	puts_(", TSC ");
	putdec(r[0]);
	puts_(" kHz\n");
}

/* A value no memory holds by chance: the address mixed with a constant. */
static uint32_t pattern(uint32_t addr)
{
	return addr ^ 0x5a5aa5a5u;
}

static void check_ram(uint32_t addr)
{
	volatile uint32_t *p = (volatile uint32_t *)addr;

	*p = pattern(addr);
	puts_("ram ");
	puthex(addr);
	puts_(*p == pattern(addr) ? ": written and read back\n" : ": FAILED to read back\n");
}

static void check_foreign(uint32_t addr)
{
	volatile uint32_t *p = (volatile uint32_t *)addr;
	uint32_t before = *p;
	uint32_t after;

	*p = pattern(addr);
	after = *p;
	puts_("foreign ");
	puthex(addr);
	puts_(": read ");
	puthex(before);
	puts_(", after a write ");
	puthex(after);
	puts_(after == pattern(addr) ? ": WRITE WENT THROUGH\n" : ": refused\n");
}

void guest_main(void)
{
	puts_("hello from the Service VM\n");
	print_hv_leaves();
	for (unsigned i = 0; i < sizeof(ram) / sizeof(ram[0]); i++)
		check_ram(ram[i]);
	for (unsigned i = 0; i < sizeof(foreign) / sizeof(foreign[0]); i++)
		check_foreign(foreign[i]);
	puts_("done\n");
}
