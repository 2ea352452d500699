/*
 * The local APIC in xAPIC mode, as a guest gets it by leaving x2APIC mode through the disabled
 * state (the only way the SDM allows): its page at 0xfee00000 reached by emulated MMIO; ID and
 * version; TPR and PPR; a self-IPI through ICR (whose delivery status reads idle) ended by an EOI
 * write; the flat logical model (DFR, LDR) addressing itself; a one-shot timer through the
 * page's timer registers; x2APIC MSRs refused in this mode; the page moved elsewhere and back;
 * then x2APIC mode again.
 */
#include <stdbool.h>

#include "guest.h"
#include "apic.h"

#define XAPIC	    0xfee00000U
#define MOVED	    0xfed00000U
#define X_ID	    0x020
#define X_VERSION   0x030
#define X_TPR	    0x080
#define X_PPR	    0x0a0
#define X_EOI	    0x0b0
#define X_LDR	    0x0d0
#define X_DFR	    0x0e0
#define X_SVR	    0x0f0
#define X_ICR_LO    0x300
#define X_ICR_HI    0x310
#define X_LVT_TIMER 0x320
#define X_TMICT	    0x380
#define X_TMCCT	    0x390
#define X_TDCR	    0x3e0
#define ICR_PENDING 0x1000
#define PERIOD	    40000

static volatile uint32_t *apic = (volatile uint32_t *)XAPIC;
static volatile uint32_t taken, taken_vector;

static uint32_t rd(uint32_t reg)
{
	return apic[reg / 4];
}

static void wr(uint32_t reg, uint32_t v)
{
	apic[reg / 4] = v;
}

void guest_interrupt(uint32_t vector)
{
	taken_vector = vector;
	taken++;
	wr(X_EOI, 0);
}

static bool rdmsr_traps(uint32_t msr)
{
	bool trapped;

	trap_skip = 2;
	(void)rdmsr(msr);
	trapped = trap_skip == 0;
	trap_skip = 0;
	return trapped;
}

static void ipis(void)
{
	wr(X_ICR_HI, 0);
	wr(X_ICR_LO, ICR_FIXED | ICR_TO_SELF | 0x50);
	puts_((rd(X_ICR_LO) & ICR_PENDING) == 0 ? "ICR: delivery status idle\n"
						: "ICR: delivery status NOT idle\n");
	take_interrupts();
	puts_(taken == 1 && taken_vector == 0x50 ? "self-IPI through ICR taken, EOI written\n"
						 : "self-IPI NOT taken\n");
	wr(X_DFR, 0xffffffff); /* flat */
	wr(X_LDR, 1U << 24);
	wr(X_ICR_HI, 1U << 24);
	wr(X_ICR_LO, ICR_FIXED | ICR_LOGICAL | 0x51);
	take_interrupts();
	puts_(taken == 2 && taken_vector == 0x51 ? "flat logical IPI to itself taken\n"
						 : "flat logical IPI NOT taken\n");
}

static void priorities(void)
{
	wr(X_TPR, 0x60);
	wr(X_ICR_LO, ICR_FIXED | ICR_TO_SELF | 0x52);
	take_interrupts();
	puts_(taken == 2 && rd(X_PPR) == 0x60 ? "TPR 0x60 holds vector 0x52 back, PPR 0x60\n"
					      : "TPR did NOT hold it back\n");
	wr(X_TPR, 0);
	take_interrupts();
	puts_(taken == 3 ? "TPR 0: taken\n" : "TPR 0: NOT taken\n");
}

static void timer(void)
{
	wr(X_TDCR, 0xb);
	wr(X_LVT_TIMER, 0x53);
	wr(X_TMICT, PERIOD);
	puts_(rd(X_TMCCT) <= PERIOD && rd(X_TMCCT) > 0 ? "timer counting down\n"
						       : "timer NOT counting\n");
	while (taken < 4)
		__asm__ volatile("sti; hlt; cli" ::: "memory");
	puts_(taken_vector == 0x53 && rd(X_TMCCT) == 0 ? "one-shot timer through the page\n"
						       : "one-shot timer wrong\n");
}

static void move(uint64_t base)
{
	wrmsr(MSR_APIC_BASE, (base & 0xfff) | MOVED);
	apic = (volatile uint32_t *)MOVED;
	puts_(rd(X_VERSION) == 0x50014 ? "page moved: registers at the new address\n"
				       : "page moved: registers NOT there\n");
	wrmsr(MSR_APIC_BASE, base);
	apic = (volatile uint32_t *)XAPIC;
}

void guest_main(void)
{
	uint64_t base;

	__asm__ volatile("cli");
	puts_("hello from guest\n");
	base = rdmsr(MSR_APIC_BASE);
	wrmsr(MSR_APIC_BASE, base & ~0xc00ULL);		  /* disabled */
	wrmsr(MSR_APIC_BASE, (base & ~0xc00ULL) | 0x800); /* xAPIC */
	base = rdmsr(MSR_APIC_BASE);
	puts_(base == 0xfee00900 ? "xAPIC mode at 0xfee00000\n" : "xAPIC mode NOT entered\n");
	puts_(rd(X_ID) == 0 && rd(X_VERSION) == 0x50014 ? "ID 0, version 0x14 with six LVTs\n"
							: "ID or version wrong\n");
	wr(X_SVR, SVR_ON);
	ipis();
	priorities();
	timer();
	puts_(rdmsr_traps(X2APIC_ID) ? "x2APIC MSRs refused in xAPIC mode\n"
				     : "x2APIC MSRs NOT refused\n");
	move(base);
	wrmsr(MSR_APIC_BASE, base | 0xc00);
	puts_(rdmsr(X2APIC_VERSION) == 0x50014 ? "x2APIC mode again\n" : "x2APIC NOT again\n");
	puts_("done\n");
}
