/*
 * Abuses its local APIC (x2APIC MSRs) beside another VM: IPIs in delivery modes the vLAPIC does
 * not emulate, to APIC ids that are no vCPU of its VM, then every mode to every destination and
 * shorthand, which must reach nothing but itself; APIC_BASE moved into its RAM, switched in ways
 * the SDM forbids, given reserved bits; reserved bits of TPR, SVR, LVT, TDCR, EOI, ESR, ICR and
 * SELF_IPI; every MSR of the x2APIC range read and written, each refused exactly where the SDM
 * says (its table of x2APIC registers, below); a periodic timer of one TSC cycle, which must not
 * starve it with interrupts off nor stop it with them on.
 */
#include <stdbool.h>

#include "guest.h"
#include "apic.h"

#define VEC	 0x40
#define QUIET_N	 100000
#define STORM_IF 200 /* the storm's interrupts taken with interrupts on */
#define R	 1
#define W	 2

/* The x2APIC registers of an APIC without CMCI (version: six LVT entries), as the SDM lists
 * them: MSR, count, access. Every other MSR of 0x800..0x8ff raises #GP. */
static const struct {
	uint16_t msr, n, rw;
} sdm[] = {
    {0x802, 1, R},     {0x803, 1, R},	  {0x808, 1, R | W}, {0x80a, 1, R},	{0x80b, 1, W},
    {0x80d, 1, R},     {0x80f, 1, R | W}, {0x810, 8, R},     {0x818, 8, R},	{0x820, 8, R},
    {0x828, 1, R | W}, {0x830, 1, R | W}, {0x832, 6, R | W}, {0x838, 1, R | W}, {0x839, 1, R},
    {0x83e, 1, R | W}, {0x83f, 1, W},
};

static volatile uint32_t own, nmis, storm_limit;

/* In the storm, the handler stops the timer after storm_limit interrupts: with interrupts on,
 * one due at every instruction boundary leaves the guest nothing but its handler, as on a PC. */
void guest_interrupt(uint32_t vector)
{
	if (vector == 2) {
		nmis++;
		return;
	}
	own++;
	if (storm_limit != 0 && own >= storm_limit)
		wrmsr(X2APIC_TMICT, 0);
	apic_eoi();
}

static unsigned access(uint32_t msr)
{
	for (unsigned i = 0; i < sizeof(sdm) / sizeof(sdm[0]); i++)
		if (msr >= sdm[i].msr && msr < (uint32_t)sdm[i].msr + sdm[i].n)
			return sdm[i].rw;
	return 0;
}

static bool wrmsr_traps(uint32_t msr, uint64_t v)
{
	bool trapped;

	trap_skip = 2;
	wrmsr(msr, v);
	trapped = trap_skip == 0;
	trap_skip = 0;
	return trapped;
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

static void expect_gp(const char *what, uint32_t msr, uint64_t v)
{
	puts_(what);
	puts_(wrmsr_traps(msr, v) ? ": #GP\n" : ": NOT refused\n");
}

static void odd_ipis(void)
{
	apic_ipi(0, ICR_SMI);
	apic_ipi(0, ICR_FIXED | 0x300 | VEC); /* delivery mode 3: reserved */
	apic_ipi(1, ICR_FIXED | VEC);	      /* APIC id 1: the other VM's vCPU has id 0 */
	apic_ipi(0, ICR_STARTUP | 0x10);      /* vCPU0 runs already */
	apic_ipi(0, ICR_INIT);
	take_interrupts();
	puts_("odd IPIs sent, still running\n");
}

static void apic_base(void)
{
	uint64_t base = rdmsr(MSR_APIC_BASE);

	expect_gp("APIC base into its RAM", MSR_APIC_BASE, (base & 0xfff) | 0x100000);
	expect_gp("APIC base x2APIC to xAPIC", MSR_APIC_BASE, base & ~0x400ULL);
	expect_gp("APIC base reserved bit", MSR_APIC_BASE, base | 0x200);
	expect_gp("APIC base above 4 GiB", MSR_APIC_BASE, base | (1ULL << 40));
	wrmsr(MSR_APIC_BASE, base & ~0xc00ULL); /* disabled: the SDM allows it */
	puts_(rdmsr_traps(X2APIC_ID) ? "disabled APIC: its MSRs #GP\n"
				     : "disabled APIC: MSRs NOT refused\n");
	wrmsr(MSR_APIC_BASE, (base & ~0xc00ULL) | 0x800); /* xAPIC */
	wrmsr(MSR_APIC_BASE, base);			  /* x2APIC again */
	puts_(rdmsr(X2APIC_SVR) == 0xff ? "APIC reset by disabling it\n" : "APIC NOT reset\n");
	wrmsr(X2APIC_SVR, SVR_ON);
}

static void reserved_bits(void)
{
	expect_gp("TPR 0x100", X2APIC_TPR, 0x100);
	expect_gp("SVR bit 12", X2APIC_SVR, 0x1000 | SVR_ON);
	expect_gp("LVT timer bit 19", X2APIC_LVT_TMR, 0x80000 | VEC);
	expect_gp("LVT timer mode 3", X2APIC_LVT_TMR, (3U << 17) | VEC);
	expect_gp("TDCR bit 2", X2APIC_TDCR, 0x4);
	expect_gp("EOI 1", X2APIC_EOI, 1);
	expect_gp("ESR 1", X2APIC_ESR, 1);
	expect_gp("SELF_IPI 0x100", X2APIC_SELF_IPI, 0x100 | VEC);
	expect_gp("ICR bit 13", X2APIC_ICR, 0x2000 | ICR_FIXED | VEC);
	expect_gp("ICR delivery status", X2APIC_ICR, 0x1000 | ICR_FIXED | VEC);
	/* read-only bits are no reserved bits: Linux sets them when it gives LINT0 to the PIC */
	puts_(!wrmsr_traps(X2APIC_LVT_LINT0, 0x5000 | LVT_EXTINT) &&
		      rdmsr(X2APIC_LVT_LINT0) == LVT_EXTINT
		  ? "LINT0 with its read-only bits set: taken, the bits ignored\n"
		  : "LINT0 read-only bits NOT ignored\n");
	wrmsr(X2APIC_LVT_LINT0, LVT_MASKED | LVT_EXTINT);
}

/* Each MSR of the range read, then written with 0, refused where the SDM's table says. */
static void sweep(void)
{
	uint32_t wrong = 0;

	for (uint32_t msr = 0x800; msr <= 0x8ff; msr++) {
		unsigned rw = access(msr);

		if (rdmsr_traps(msr) == ((rw & R) != 0) || wrmsr_traps(msr, 0) == ((rw & W) != 0)) {
			puts_("MSR ");
			puthex(msr);
			puts_(" NOT as the SDM says\n");
			wrong++;
		}
	}
	wrmsr(X2APIC_SVR, SVR_ON);
	puts_(wrong == 0 ? "x2APIC MSRs 0x800-0x8ff: each refused where the SDM says\n"
			 : "x2APIC MSRs NOT as the SDM says\n");
}

/* Every delivery mode to every 8-bit destination and the wide ones, and each shorthand: only
 * its own vCPU (APIC id 0) may take them. */
static void flood(void)
{
	static const uint32_t modes[] = {ICR_FIXED | VEC,    ICR_LOWEST | VEC, ICR_SMI,
					 ICR_FIXED | 0x300,  ICR_NMI,	       ICR_INIT,
					 ICR_STARTUP | 0x10, ICR_FIXED | 0x700};
	static const uint32_t wide[] = {0xffffffff, 0x100, 0xffff, 0xfffffffe, 0x10001};
	uint32_t sent = 0;

	for (unsigned m = 0; m < sizeof(modes) / sizeof(modes[0]); m++) {
		for (uint32_t d = 0; d < 256; d++, sent++)
			apic_ipi(d, modes[m]);
		for (unsigned w = 0; w < sizeof(wide) / sizeof(wide[0]); w++, sent += 2) {
			apic_ipi(wide[w], modes[m]);
			apic_ipi(wide[w], ICR_LOGICAL | modes[m]);
		}
		apic_ipi(0, ICR_TO_ALL | modes[m]);
		apic_ipi(0, ICR_TO_OTHERS | modes[m]);
		sent += 2;
		take_interrupts();
	}
	puts_("flood: ");
	putdec(sent);
	puts_(" IPIs sent; its own vCPU took ");
	putdec(own);
	puts_(" interrupts and ");
	putdec(nmis);
	puts_(" NMIs\n");
}

static uint32_t loop_tsc(uint32_t n)
{
	uint64_t t0 = rdtsc();

	for (volatile uint32_t i = 0; i < n; i++)
		;
	return (uint32_t)(rdtsc() - t0);
}

static void storm(void)
{
	uint32_t quiet = loop_tsc(QUIET_N), busy;

	wrmsr(X2APIC_TDCR, 0xb); /* divide by 1 */
	wrmsr(X2APIC_LVT_TMR, LVT_PERIODIC | VEC);
	wrmsr(X2APIC_TMICT, 1);
	busy = loop_tsc(QUIET_N);
	puts_("timer storm, interrupts off: the loop took ");
	putdec(busy / (quiet / 100));
	puts_(busy < quiet + quiet / 2
		  ? "% of its quiet time, not starved\n"
		  : "% of its quiet time, starved: NOT one interrupt pending\n");
	own = 0;
	storm_limit = STORM_IF;
	take_interrupts();
	storm_limit = 0;
	puts_(own >= STORM_IF ? "timer storm, interrupts on: its handler ran for each\n"
			      : "timer storm, interrupts on: NOT taken\n");
}

void guest_main(void)
{
	__asm__ volatile("cli");
	puts_("hello from guest\n");
	trap_quiet = 1; /* each #GP is reported below, and by the hypervisor */
	wrmsr(X2APIC_SVR, SVR_ON);
	odd_ipis();
	apic_base();
	reserved_bits();
	sweep();
	flood();
	storm();
	puts_("done\n");
}
