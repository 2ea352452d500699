/*
 * A guest with two vCPUs: vCPU0 starts vCPU1 with INIT and a start-up IPI through its x2APIC
 * (vector 0x08: the real-mode trampoline below, linked at 0x8000), tries an IPI to an APIC id
 * that is not its own and a second start-up IPI, then both count and report;
 * vCPU0 waits for vCPU1 to finish.
 */
#include <stdbool.h>

#include "guest.h"
#include "ap.h"

#define ROUNDS 4
#define SPIN   400000

#define X2APIC_ICR  0x830
#define ICR_INIT    0x4500 /* INIT, level assert */
#define ICR_STARTUP 0x4600 /* start-up, vector in bits 7:0 */

static volatile uint32_t print_lock, ap_rounds;

static void say(const char *what, uint32_t n, bool hex)
{
	uint32_t r[4];

	cpuid(1, r);
	while (__atomic_exchange_n(&print_lock, 1, __ATOMIC_ACQUIRE))
		;
	puts_("vCPU");
	putdec(r[1] >> 24);
	puts_(": ");
	puts_(what);
	if (hex)
		puthex(n);
	else
		putdec(n);
	putc_('\n');
	__atomic_store_n(&print_lock, 0, __ATOMIC_RELEASE);
}

static void count(volatile uint32_t *done)
{
	for (uint32_t n = 1; n <= ROUNDS; n++) {
		for (volatile uint32_t i = 0; i < SPIN; i++)
			;
		say("progress ", n, false);
		if (done)
			*done = n;
	}
}

void ap_main(void)
{
	say("started, x2APIC id ", (uint32_t)rdmsr(0x802), false);
	count(&ap_rounds);
}

void guest_main(void)
{
	say("hello, APIC base ", (uint32_t)rdmsr(0x1b), true);
	wrmsr(X2APIC_ICR, 1ULL << 32 | ICR_INIT);
	wrmsr(X2APIC_ICR, 1ULL << 32 | ICR_STARTUP | 0x08);
	wrmsr(X2APIC_ICR, 7ULL << 32 | ICR_INIT);	    /* APIC id 7: no vCPU of this VM */
	wrmsr(X2APIC_ICR, 1ULL << 32 | ICR_STARTUP | 0x08); /* vCPU1 runs already */
	count(0);
	while (ap_rounds < ROUNDS)
		;
	say("both vCPUs counted to ", ROUNDS, false);
}
