/*
 * Its ACPI tables and power-off, as a guest's OS finds them: the RSDP at 0xF2400 in the BIOS area
 * (the hypervisor copied the tables there), the XSDT's tables by signature, the FADT's PM1a
 * blocks; PM1_CNT reads with SCI_EN set, PM1_EN keeps what is written, PM1_STS reads 0, a sleep
 * type other than S5 is refused; then SLP_TYP = 5 with SLP_EN, which must stop this VM only.
 */
#include "guest.h"

#define RSDP 0xf2400U

static uint32_t le32(const volatile uint8_t *p)
{
	return p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void put_sig(const volatile uint8_t *p, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		putc_((char)p[i]);
}

static uint16_t inw(uint16_t port)
{
	uint16_t v;

	__asm__ volatile("inw %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

/* The XSDT's tables (64-bit entries, below 4 GiB here); the FADT's PM1a ports. */
static void tables(uint32_t *evt, uint32_t *cnt)
{
	const volatile uint8_t *rsdp = (const volatile uint8_t *)RSDP;
	const volatile uint8_t *xsdt = (const volatile uint8_t *)le32(rsdp + 24);
	uint32_t n = (le32(xsdt + 4) - 36) / 8;

	puts_("RSDP: ");
	put_sig(rsdp, 8);
	puts_(", XSDT: ");
	put_sig(xsdt, 4);
	puts_(", tables:");
	for (uint32_t i = 0; i < n; i++) {
		const volatile uint8_t *t = (const volatile uint8_t *)le32(xsdt + 36 + 8 * i);

		putc_(' ');
		put_sig(t, 4);
		if (t[0] == 'F' && t[1] == 'A' && t[2] == 'C' && t[3] == 'P') {
			*evt = le32(t + 56);
			*cnt = le32(t + 64);
		}
	}
	putc_('\n');
}

void guest_main(void)
{
	uint32_t evt = 0, cnt = 0;

	tables(&evt, &cnt);
	puts_("PM1a event block ");
	puthex(evt);
	puts_(", control block ");
	puthex(cnt);
	putc_('\n');
	puts_("PM1_CNT ");
	puthex(inw((uint16_t)cnt));
	puts_(", PM1_STS ");
	puthex(inw((uint16_t)evt));
	outw((uint16_t)(evt + 2), 0x0120);
	puts_(", PM1_EN after writing 0x120: ");
	puthex(inw((uint16_t)(evt + 2)));
	putc_('\n');
	puts_("entering S1\n");
	outw((uint16_t)cnt, 1 << 10 | 1 << 13);
	puts_("still running after S1\n");
	puts_("entering S5\n");
	outw((uint16_t)cnt, 5 << 10 | 1 << 13);
	puts_("still running after S5\n");
}
