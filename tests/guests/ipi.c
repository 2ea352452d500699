/*
 * Interrupts between the two vCPUs of one VM (tests/boot/smp-vm.xml), through their x2APICs:
 * vCPU0 starts vCPU1, which waits in HLT with interrupts on; a fixed IPI wakes it and it answers
 * with one; an NMI reaches vCPU1 while its interrupts are off; the shorthands (all, all but self)
 * and the destinations (physical, x2APIC logical cluster, broadcast, lowest priority) each reach
 * exactly the vCPUs they name; an IPI of vector 15 is refused with the send-illegal-vector error
 * in ESR; one to an APIC id outside the VM is dropped (the hypervisor reports it).
 */
#include <stdbool.h>

#include "guest.h"
#include "apic.h"
#include "ap.h"

#define WAIT_TSC 40000000ULL /* 10 s at Bochs' 4 MHz TSC */

/* Interrupts taken, by vCPU and vector (0x40..0x4f), and NMIs by vCPU. */
static volatile uint32_t got[2][16], nmis[2];
static volatile uint32_t print_lock, ap_phase;

static uint32_t me(void)
{
	return (uint32_t)rdmsr(X2APIC_ID) & 1;
}

void guest_interrupt(uint32_t vector)
{
	uint32_t id = me();

	if (vector == 2) {
		nmis[id]++;
		return;
	}
	if (vector >= 0x40 && vector < 0x50)
		got[id][vector - 0x40]++;
	apic_eoi();
}

static void say(const char *what)
{
	while (__atomic_exchange_n(&print_lock, 1, __ATOMIC_ACQUIRE))
		;
	puts_("vCPU");
	putdec(me());
	puts_(": ");
	puts_(what);
	putc_('\n');
	__atomic_store_n(&print_lock, 0, __ATOMIC_RELEASE);
}

/* Waits with interrupts on until *what reaches n; false after WAIT_TSC. */
static bool wait_for(volatile uint32_t *what, uint32_t n)
{
	uint64_t end = rdtsc() + WAIT_TSC;

	while (*what < n && rdtsc() < end)
		take_interrupts();
	return *what >= n;
}

/* A moment for an IPI's delivery, interrupts taken meanwhile. */
static void settle(void)
{
	for (uint64_t end = rdtsc() + WAIT_TSC / 20; rdtsc() < end;)
		take_interrupts();
}

/* The counts of vector v on vCPU0 and vCPU1 as expected, after a moment for delivery. */
static void check(const char *what, uint32_t v, uint32_t on0, uint32_t on1)
{
	settle();
	while (__atomic_exchange_n(&print_lock, 1, __ATOMIC_ACQUIRE))
		;
	puts_(what);
	puts_(got[0][v - 0x40] == on0 && got[1][v - 0x40] == on1
		  ? ": as addressed\n"
		  : ": delivered NOT as addressed\n");
	__atomic_store_n(&print_lock, 0, __ATOMIC_RELEASE);
}

void ap_main(void)
{
	wrmsr(X2APIC_SVR, SVR_ON);
	say("started, waiting in HLT");
	ap_phase = 1;
	__asm__ volatile("sti; hlt; cli" ::: "memory");
	say(got[1][0] == 1 ? "woken by IPI 0x40" : "woken, but NOT by IPI 0x40");
	apic_ipi(0, ICR_FIXED | 0x41);
	while (ap_phase < 2)
		;
	/* interrupts off: only the NMI can come */
	while (nmis[1] == 0 && ap_phase < 3)
		;
	say(nmis[1] == 1 ? "NMI taken with interrupts off" : "NMI NOT taken");
	ap_phase = 4;
	while (ap_phase < 5)
		take_interrupts();
}

static void shorthands(void)
{
	apic_ipi(0, ICR_TO_OTHERS | ICR_FIXED | 0x42);
	check("all but self", 0x42, 0, 1);
	apic_ipi(0, ICR_TO_ALL | ICR_FIXED | 0x43);
	check("all including self", 0x43, 1, 1);
	apic_ipi(0, ICR_TO_SELF | ICR_FIXED | 0x44);
	check("self", 0x44, 1, 0);
	apic_ipi(0xffffffff, ICR_FIXED | 0x45);
	check("broadcast 0xffffffff", 0x45, 1, 1);
	apic_ipi(1, ICR_FIXED | 0x46);
	check("physical 1", 0x46, 0, 1);
}

static void logical(void)
{
	puts_(rdmsr(X2APIC_LDR) == 1 ? "LDR: cluster 0, bit 0\n" : "LDR wrong\n");
	apic_ipi(0x2, ICR_LOGICAL | ICR_FIXED | 0x47);
	check("logical cluster 0 bit 1", 0x47, 0, 1);
	apic_ipi(0x3, ICR_LOGICAL | ICR_FIXED | 0x48);
	check("logical cluster 0 bits 0-1", 0x48, 1, 1);
	apic_ipi(0x10001, ICR_LOGICAL | ICR_FIXED | 0x49);
	check("logical cluster 1", 0x49, 0, 0);
	apic_ipi(0x3, ICR_LOGICAL | ICR_LOWEST | 0x4a);
	settle();
	puts_(got[0][0xa] + got[1][0xa] == 1 ? "lowest priority: one vCPU took it\n"
					     : "lowest priority: NOT one vCPU\n");
}

void guest_main(void)
{
	wrmsr(X2APIC_SVR, SVR_ON);
	say("starting vCPU1");
	apic_ipi(1, ICR_INIT);
	apic_ipi(1, ICR_STARTUP | AP_START_VECTOR);
	if (!wait_for(&ap_phase, 1))
		say("vCPU1 did NOT start");
	/* vCPU1 sleeps in HLT; give it a moment to get there */
	for (uint64_t end = rdtsc() + WAIT_TSC / 40; rdtsc() < end;)
		;
	apic_ipi(1, ICR_FIXED | 0x40);
	say(wait_for(&got[0][1], 1) ? "answered by IPI 0x41" : "NOT answered");
	ap_phase = 2;
	apic_ipi(1, ICR_NMI);
	wait_for(&ap_phase, 4);
	ap_phase = 4;
	shorthands();
	logical();
	wrmsr(X2APIC_ESR, 0);
	apic_ipi(1, ICR_FIXED | 0x0f);
	wrmsr(X2APIC_ESR, 0);
	puts_(rdmsr(X2APIC_ESR) == ESR_SEND_ILLEGAL ? "vector 15: send illegal vector in ESR\n"
						    : "vector 15: ESR NOT set\n");
	apic_ipi(9, ICR_FIXED | 0x4b);
	check("APIC id 9", 0x4b, 0, 0);
	puts_(nmis[0] == 0 ? "vCPU0 took no NMI\n" : "vCPU0 took an NMI NOT sent to it\n");
	say("done");
	ap_phase = 5;
}
