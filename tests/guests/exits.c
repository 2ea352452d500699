/*
 * The exit-cost measurement's guest (tests/bench/exit-cost): a bare loop, then CPUID round trips
 * through the hypervisor (each a VM exit and an entry), the TSC counts of each on the console.
 * Small enough to boot in seconds: under Bochs the TSC counts emulated instructions, so the
 * counts are exact whatever the machine's load.
 */
#include "guest.h"

#define LOOPS  1000000U /* two instructions each */
#define CPUIDS 20000U

static void report(const char *what, uint32_t n, uint64_t cycles)
{
	puts_("exits: ");
	puts_(what);
	puts_(": ");
	putdec(n);
	puts_(" in ");
	puthex_digits(cycles, 64);
	puts_(" TSC cycles\n");
}

void guest_main(void)
{
	uint32_t n = LOOPS, r[4];
	uint64_t t0 = rdtsc();

	__asm__ volatile("1: dec %0; jnz 1b" : "+r"(n));
	report("loop", LOOPS, rdtsc() - t0);
	t0 = rdtsc();
	for (n = 0; n < CPUIDS; n++)
		cpuid(0x40000000, r);
	report("cpuid", CPUIDS, rdtsc() - t0);
}
