/*
 * A Service VM's PCI bus and I/O APIC (tests/boot/cases/service-vm-pci.boot): it lists the
 * functions it finds on bus 0 through 0xCF8/0xCFC (the board's, less the one the scenario gives
 * the pre-launched VM), sizes a BAR as Linux does (all ones, read, the old value back), tries to
 * move it, writes to the hidden function's configuration space, and reads the I/O APIC it finds
 * at 0xFEC00000: its own virtual one (48 pins), never the board's (24).
 */
#include "guest.h"

#define PCI_ADDR 0xcf8
#define PCI_DATA 0xcfc

static uint32_t cfg_addr(uint32_t dev, uint32_t fn, uint32_t reg)
{
	return 0x80000000u | dev << 11 | fn << 8 | reg;
}

static uint32_t cfg_read(uint32_t dev, uint32_t fn, uint32_t reg)
{
	outl(PCI_ADDR, cfg_addr(dev, fn, reg));
	return inl(PCI_DATA);
}

static void cfg_write(uint32_t dev, uint32_t fn, uint32_t reg, uint32_t v)
{
	outl(PCI_ADDR, cfg_addr(dev, fn, reg));
	outl(PCI_DATA, v);
}

static void list_bus(void)
{
	puts_("pci:");
	for (uint32_t dev = 0; dev < 32; dev++) {
		for (uint32_t fn = 0; fn < 8; fn++) {
			uint32_t id = cfg_read(dev, fn, 0);

			if (id == 0xffffffffu)
				continue;
			puts_(" 00:");
			putc_("0123456789abcdef"[dev >> 4]);
			putc_("0123456789abcdef"[dev & 15]);
			putc_('.');
			putc_((char)('0' + fn));
		}
	}
	putc_('\n');
}

/* BAR4 of 00:01.1 (the IDE controller's bus-master block, I/O): sized, then moved. */
static void bar_moves(void)
{
	uint32_t old = cfg_read(1, 1, 0x20), size, now;

	cfg_write(1, 1, 0x20, 0xffffffffu);
	size = cfg_read(1, 1, 0x20);
	cfg_write(1, 1, 0x20, old);
	puts_("bar: 00:01.1 BAR4 ");
	puthex(old);
	puts_(", sizing reads ");
	puthex(size);
	cfg_write(1, 1, 0x20, (old & ~0xfu) + 0x100);
	now = cfg_read(1, 1, 0x20);
	puts_(now == old ? ", a move is refused\n" : ", MOVED\n");
}

/* 00:01.2, the USB controller the scenario gives the pre-launched VM: invisible to writes too. */
static void hidden_write(void)
{
	cfg_write(1, 2, 0x04, 0x7);
	puts_("hidden: 00:01.2 reads ");
	puthex(cfg_read(1, 2, 0));
	putc_('\n');
}

static void ioapic(void)
{
	volatile uint32_t *io = (volatile uint32_t *)0xfec00000;

	io[0] = 1;
	puts_("ioapic: version register ");
	puthex(io[4]);
	putc_('\n');
}

void guest_main(void)
{
	puts_("hello from the Service VM\n");
	list_bus();
	bar_moves();
	hidden_write();
	ioapic();
	puts_("done\n");
}
