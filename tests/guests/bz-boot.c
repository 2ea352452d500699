/*
 * A 64-bit guest booted as a Linux bzImage: reports the state the 64-bit boot protocol
 * promises at startup_64 (64-bit mode, paging, __BOOT_CS and __BOOT_DS of a GDT, interrupts off)
 * and what the hypervisor's loader put in boot_params: loader type, code32_start, the command
 * line, the e820 map, the initrd (and its first line, read through the identity map), the RSDP
 * and what lies there (the VM's ACPI tables, which the hypervisor placed).
 */
#include "guest.h"

#define BP_ACPI_RSDP	 0x070
#define BP_E820_ENTRIES	 0x1e8
#define BP_E820_TABLE	 0x2d0
#define BP_LOADER_TYPE	 0x210
#define BP_CODE32_START	 0x214
#define BP_RAMDISK_IMAGE 0x218
#define BP_RAMDISK_SIZE	 0x21c
#define BP_CMD_LINE_PTR	 0x228
#define BP_SENTINEL	 0x1ef

static uint64_t get(const uint8_t *p, unsigned n)
{
	uint64_t v = 0;

	while (n--)
		v = v << 8 | p[n];
	return v;
}

static void puthex64(uint64_t v)
{
	puthex_digits(v, v >> 32 ? 64 : 32);
}

static void say_hex(const char *what, uint64_t v)
{
	puts_(what);
	puthex64(v);
	putc_('\n');
}

static void check_entry_state(void)
{
	uint16_t cs, ds, ss;
	uint64_t rflags, cr0, cr4;
	struct __attribute__((packed)) {
		uint16_t limit;
		uint64_t base;
	} gdtr;

	__asm__ volatile("mov %%cs, %0; mov %%ds, %1; mov %%ss, %2" : "=r"(cs), "=r"(ds), "=r"(ss));
	__asm__ volatile("pushfq; popq %0" : "=r"(rflags));
	__asm__ volatile("mov %%cr0, %0; mov %%cr4, %1" : "=r"(cr0), "=r"(cr4));
	__asm__ volatile("sgdt %0" : "=m"(gdtr));
	puts_("64-bit entry: CS ");
	puthex_digits(cs, 8);
	puts_(" DS ");
	puthex_digits(ds, 8);
	puts_(" SS ");
	puthex_digits(ss, 8);
	puts_(rflags & 0x200 ? ", interrupts on" : ", interrupts off");
	puts_(rdmsr(0xc0000080) & 0x400 ? ", long mode" : ", not long mode");
	puts_((cr0 & 0x80000001) == 0x80000001 && (cr4 & 0x20) ? ", paging\n" : ", no paging\n");
	puts_("GDT __BOOT_CS ");
	puthex_digits(((volatile uint64_t *)gdtr.base)[2], 64);
	puts_(" __BOOT_DS ");
	puthex_digits(((volatile uint64_t *)gdtr.base)[3], 64);
	putc_('\n');
}

static void show_e820(const uint8_t *bp)
{
	static const char *const types[] = {"?", "RAM", "reserved", "ACPI", "NVS"};
	unsigned n = bp[BP_E820_ENTRIES];

	puts_("e820: ");
	putdec(n);
	puts_(" entries\n");
	for (unsigned i = 0; i < n; i++) {
		const uint8_t *e = bp + BP_E820_TABLE + 20 * i;
		uint64_t base = get(e, 8), size = get(e + 8, 8);
		uint32_t type = (uint32_t)get(e + 16, 4);

		puts_("e820 ");
		puthex64(base);
		putc_('-');
		puthex64(base + size - 1);
		putc_(' ');
		puts_(types[type < 5 ? type : 0]);
		putc_('\n');
	}
}

static void show_initrd(const uint8_t *bp)
{
	const char *p = (const char *)get(bp + BP_RAMDISK_IMAGE, 4);
	uint32_t size = (uint32_t)get(bp + BP_RAMDISK_SIZE, 4);

	if (!size) {
		puts_("no initrd\n");
		return;
	}
	puts_("initrd ");
	putdec(size);
	puts_(" bytes, page aligned ");
	puts_(((uintptr_t)p & 0xfff) ? "no" : "yes");
	puts_(", first line: ");
	for (uint32_t i = 0; i < size && p[i] != '\n'; i++)
		putc_(p[i]);
	putc_('\n');
}

/* What lies at the RSDP's address: its signature and OEM id. */
static void show_rsdp(const char *rsdp)
{
	if (!rsdp)
		return;
	puts_("RSDP \"");
	for (unsigned i = 0; i < 8; i++)
		putc_(rsdp[i]);
	puts_("\", OEM \"");
	for (unsigned i = 9; i < 15; i++)
		putc_(rsdp[i]);
	puts_("\"\n");
}

void guest_main64(const uint8_t *bp);

void guest_main64(const uint8_t *bp)
{
	puts_("hello from a bzImage\n");
	check_entry_state();
	say_hex("boot_params at ", (uintptr_t)bp);
	say_hex("loader type ", bp[BP_LOADER_TYPE]);
	say_hex("code32_start ", get(bp + BP_CODE32_START, 4));
	say_hex("sentinel ", bp[BP_SENTINEL]);
	puts_("cmdline \"");
	puts_((const char *)get(bp + BP_CMD_LINE_PTR, 4));
	puts_("\"\n");
	show_e820(bp);
	show_initrd(bp);
	say_hex("acpi_rsdp_addr ", get(bp + BP_ACPI_RSDP, 8));
	show_rsdp((const char *)get(bp + BP_ACPI_RSDP, 8));
	puts_("done\n");
}
