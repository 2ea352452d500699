/*
 * The VM's PCI bus, from 64-bit mode with paging (this guest is a bzImage): the host bridge at
 * 00:00.0 and nothing else, through ports 0xCF8/0xCFC (dword, word and byte reads, the address
 * register reading back, a disabled address reading all ones, a BAR that sizes to nothing) and
 * through the ECAM window at 0xE0000000 with the moves Linux and compilers use (8-, 16-, 32-bit
 * loads, a high-byte register, MOVZX, stores of a register and of an immediate). Last it reads
 * past the window, which is no device: the hypervisor must stop this VM there.
 */
#include "guest.h"

#define ECAM 0xe0000000UL

static uint32_t cf8(uint32_t bus, uint32_t dev, uint32_t fn, uint32_t reg)
{
	return 0x80000000U | bus << 16 | dev << 11 | fn << 8 | reg;
}

static void say(const char *what, uint32_t v)
{
	puts_(what);
	puts_(" ");
	puthex(v);
	putc_('\n');
}

static uint16_t inw(uint16_t port)
{
	uint16_t v;

	__asm__ volatile("inw %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static void ports(void)
{
	outl(0xcf8, 0x80000000U);
	say("cf8 reads back", inl(0xcf8));
	outl(0xcf8, cf8(0, 0, 0, 0));
	say("00:00.0 id", inl(0xcfc));
	say("00:00.0 device by word", inw(0xcfe));
	say("00:00.0 device low byte", inb(0xcfe));
	outl(0xcf8, cf8(0, 0, 0, 8));
	say("00:00.0 class", inl(0xcfc));
	outl(0xcf8, cf8(0, 0, 0, 0xc));
	say("00:00.0 header type", inb(0xcfe));
	outl(0xcf8, cf8(0, 0, 0, 0x10));
	outl(0xcfc, 0xffffffffU);
	say("00:00.0 BAR0 after all ones", inl(0xcfc));
	outl(0xcf8, cf8(0, 1, 0, 0));
	say("00:01.0 id", inl(0xcfc));
	outl(0xcf8, cf8(1, 0, 0, 0));
	say("01:00.0 id", inl(0xcfc));
	outl(0xcf8, 0);
	say("disabled address, data", inl(0xcfc));
}

static void ecam(void)
{
	volatile uint32_t *cfg = (volatile uint32_t *)ECAM;
	uint64_t v = 0x1122334455667788UL;
	uint32_t z;

	say("ecam 00:00.0 id", cfg[0]);
	say("ecam 00:00.0 class", cfg[2]);
	say("ecam 00:00.0 device by word", ((volatile uint16_t *)ECAM)[1]);
	__asm__ volatile("movb 2(%1), %%ah" : "+a"(v) : "S"(ECAM) : "memory");
	say("ecam device low byte into AH, RAX low", (uint32_t)v);
	__asm__ volatile("movzbl 3(%1), %0" : "=r"(z) : "r"(ECAM) : "memory");
	say("ecam device high byte by movzx", z);
	cfg[4] = 0xffffffffU;
	__asm__ volatile("movl $0x12345678, 0x14(%0)" : : "r"(ECAM) : "memory");
	say("ecam BAR0, BAR1 after writes", cfg[4] | cfg[5]);
	say("ecam 00:01.0 id", cfg[0x8000 / 4]);
	say("ecam 00:00.0 extended space", cfg[0x100 / 4]);
}

void guest_main64(const uint8_t *bp);

void guest_main64(const uint8_t *bp)
{
	(void)bp;
	puts_("PCI from 64-bit mode\n");
	ports();
	ecam();
	puts_("reading past the ECAM window\n");
	say("past the window", *(volatile uint32_t *)(ECAM + 0x100000));
}
