/*
 * The boot benchmark's guest (tests/bench/boot-bench): a bare loop, then CPUID round trips through
 * the hypervisor, each between two console lines the benchmark times; the TSC counts of each go
 * to the console too.
 */
#include "guest.h"

/* tests/guests/exits.c includes this file with counts of its own */
#ifndef LOOPS
#define LOOPS 200000000U /* two instructions each */
#endif
#ifndef CPUIDS
#define CPUIDS 500000U
#endif

static void report(const char *what, uint32_t n, uint64_t cycles)
{
	puts_("bench: ");
	puts_(what);
	puts_(" done: ");
	putdec(n);
	puts_(" in ");
	puthex_digits(cycles, 64);
	puts_(" TSC cycles\n");
}

void guest_main(void)
{
	uint32_t n = LOOPS, r[4];
	uint64_t t0;

	puts_("hello from guest\n");
	puts_("bench: loop start\n");
	t0 = rdtsc();
	__asm__ volatile("1: dec %0; jnz 1b" : "+r"(n));
	report("loop", LOOPS, rdtsc() - t0);
	puts_("bench: cpuid start\n");
	t0 = rdtsc();
	for (n = 0; n < CPUIDS; n++)
		cpuid(0x40000000, r);
	report("cpuid", CPUIDS, rdtsc() - t0);
}
