/*
 * A task switch: a far JMP to a TSS descriptor of its own GDT. A task switch always exits and the
 * hypervisor does not emulate one (nor does ACRN: 64-bit Linux never switches tasks), so it must
 * stop this VM, saying what it tried, and no other.
 */
#include "guest.h"

static uint32_t tss[26]; /* a 32-bit TSS: 104 bytes */
static uint64_t gdt[4] __attribute__((aligned(8)));

/* An available 32-bit TSS descriptor for base, limit 103. */
static uint64_t tss_descriptor(uint32_t base)
{
	return 103U | (uint64_t)(base & 0xffffffU) << 16 | 0x89ULL << 40 |
	       (uint64_t)(base >> 24) << 56;
}

void guest_main(void)
{
	struct __attribute__((packed)) {
		uint16_t limit;
		uint32_t base;
	} gdtr = {sizeof(gdt) - 1, (uint32_t)gdt};

	puts_("hello from guest\n");
	gdt[1] = 0x00cf9a000000ffffULL; /* the same flat code and data as start.S's */
	gdt[2] = 0x00cf92000000ffffULL;
	gdt[3] = tss_descriptor((uint32_t)tss);
	__asm__ volatile("lgdt %0" : : "m"(gdtr));
	puts_("jumping to a TSS\n");
	__asm__ volatile("ljmp $0x18, $0");
	puts_("the task switch returned\n");
}
