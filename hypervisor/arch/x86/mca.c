/*
 * Machine checks and NMIs. Each pCPU runs with CR4.MCE on and its error-reporting banks enabled,
 * so a hardware error raises #MC (on the pCPU's own IST stack) instead of shutting it down. The
 * handler reads and clears the banks; the interrupted code goes on when MCG_STATUS says it can
 * (RIPV), else the pCPU stops. A #MC while a guest runs exits (exception bitmap) and stops only
 * that VM when it cannot go on. An NMI taken in the hypervisor or on an idle pCPU is counted and
 * dropped, as is one that makes a guest exit: nothing on these boards sends NMIs on purpose.
 * Handlers may interrupt a holder of the console lock, so they only record; the pCPU reports at
 * its next tick and in its idle loop (mca_report).
 */
#include "x86.h"
#include "vmx.h"
#include "boot.h"
#include "console.h"
#include "vm.h"

#define MSR_MCG_CAP	  0x179U
#define MSR_MCG_STATUS	  0x17aU
#define MSR_MCG_CTL	  0x17bU
#define MSR_MC0_CTL	  0x400U /* bank i: CTL, STATUS, ADDR, MISC at 0x400 + 4i */
#define MCG_CAP_COUNT	  0xffUL
#define MCG_CAP_CTL_P	  0x100UL
#define MCG_STATUS_RIPV	  0x1UL /* the interrupted code may go on */
#define MCG_STATUS_MCIP	  0x4UL /* a machine check is in progress */
#define MCI_STATUS_VAL	  (1UL << 63)
#define MCI_STATUS_ADDRV  (1UL << 58)
#define CPUID1_EDX_MCE	  0x80U
#define CPUID1_EDX_MCA	  0x4000U
#define VEC_AC		  17U
#define VEC_MC		  18U
#define INTR_TYPE_NMI_EVT 2U  /* the exit interruption information of an NMI */
#define NMI_TEST_TICKS	  10U /* "selftest=nmi": NMIs pCPU0 sends the others, one a tick */

static bool selftest_nmi;

static unsigned mca_bank_count(void)
{
	uint32_t r[4];

	cpuid(1U, 0U, r);
	return ((r[3] & CPUID1_EDX_MCA) != 0U) ? (unsigned)(rdmsr(MSR_MCG_CAP) & MCG_CAP_COUNT)
					       : 0U;
}

/* Errors logged before the hypervisor ran are reported, then every bank but 0 (whose control
 * the firmware owns on some models) reports all errors. */
void mca_init(unsigned id)
{
	uint32_t r[4];
	struct x86_cpu *c = &x86_cpus[id];

	cpuid(1U, 0U, r);
	if ((r[3] & CPUID1_EDX_MCE) != 0U) {
		write_cr4(read_cr4() | CR4_MCE);
	}
	c->mc_banks = mca_bank_count();
	if ((c->mc_banks != 0U) && ((rdmsr(MSR_MCG_CAP) & MCG_CAP_CTL_P) != 0U)) {
		wrmsr(MSR_MCG_CTL, ~0UL);
	}
	for (unsigned b = 0U; b < c->mc_banks; b++) {
		uint64_t status = rdmsr(MSR_MC0_CTL + (4U * b) + 1U);

		if ((status & MCI_STATUS_VAL) != 0U) {
			console_printf(
			    "hv: pCPU%u: machine-check bank %u logged 0x%lx before boot\n", id, b,
			    status);
			wrmsr(MSR_MC0_CTL + (4U * b) + 1U, 0U);
		}
		if (b != 0U) {
			wrmsr(MSR_MC0_CTL + (4U * b), ~0UL);
		}
	}
	selftest_nmi = boot_option("selftest=nmi");
}

/* The banks' logs into the pCPU's record, cleared; MCG_STATUS as the #MC left it. */
static uint64_t mca_collect(struct x86_cpu *c)
{
	uint64_t mcg = (c->mc_banks != 0U) ? rdmsr(MSR_MCG_STATUS) : 0U;

	c->mc_status = 0U; /* stays 0 when no bank logged an error */

	for (unsigned b = 0U; b < c->mc_banks; b++) {
		uint32_t msr = MSR_MC0_CTL + (4U * b);
		uint64_t status = rdmsr(msr + 1U);

		if ((status & MCI_STATUS_VAL) != 0U) {
			c->mc_bank = b;
			c->mc_status = status;
			c->mc_addr = ((status & MCI_STATUS_ADDRV) != 0U) ? rdmsr(msr + 2U) : 0U;
			wrmsr(msr + 1U, 0U);
		}
	}
	c->mc_count++;
	if (c->mc_banks != 0U) {
		wrmsr(MSR_MCG_STATUS, 0U);
	}
	return mcg;
}

/* #MC in the hypervisor: whether the interrupted code may go on (also when none is in
 * progress: a spurious #MC, or the "selftest=mce" INT 18). */
bool mca_exception(void)
{
	struct x86_cpu *c = &x86_cpus[pcpu_arch_id()];
	uint64_t mcg = mca_collect(c);

	return ((mcg & MCG_STATUS_MCIP) == 0U) || ((mcg & MCG_STATUS_RIPV) != 0U);
}

/* An NMI in the hypervisor or idle: counted, reported later. */
void mca_nmi(void)
{
	x86_cpus[pcpu_arch_id()].nmis++;
}

/* The self-test's NMIs to the other pCPUs, which mostly run their guests. */
static void nmi_selftest_send(struct x86_cpu *c, unsigned id)
{
	if (!selftest_nmi || (id != 0U) || (c->ticks > NMI_TEST_TICKS)) {
		return;
	}
	for (unsigned i = 1U; i < PCPU_MAX; i++) {
		bool online = __atomic_load_n(&pcpu_table[i].online, __ATOMIC_ACQUIRE);

		if (online) {
			lapic_nmi(pcpu_table[i].hw_id);
		}
	}
}

/* What the handlers recorded since the last report, from where the console can be used. */
void mca_report(void)
{
	unsigned id = pcpu_arch_id();
	struct x86_cpu *c = &x86_cpus[id];
	uint32_t nmis = __atomic_load_n(&c->nmis, __ATOMIC_RELAXED);

	c->ticks++;
	if (nmis != c->nmis_reported) {
		console_printf("hv: pCPU%u: %u NMI(s) %s: ignored\n", id, nmis - c->nmis_reported,
			       c->idle ? "while idle" : "in the hypervisor");
		c->nmis_reported = nmis;
	}
	if ((c->mc_count != c->mc_reported) && (c->mc_status == 0U)) {
		console_printf(
		    "hv: pCPU%u: machine check with no error logged (%u so far): went on\n", id,
		    c->mc_count);
	} else if (c->mc_count != c->mc_reported) {
		console_printf("hv: pCPU%u: machine check: bank %u status 0x%lx address 0x%lx "
			       "(%u so far): went on\n",
			       id, c->mc_bank, c->mc_status, c->mc_addr, c->mc_count);
	} else {
		/* nothing new */
	}
	c->mc_reported = c->mc_count;
	nmi_selftest_send(c, id);
}

/* The pCPU's first NMI of "selftest=nmi": to itself (in the hypervisor, or idle). */
void mca_selftest_self(void)
{
	if (selftest_nmi) {
		lapic_self_nmi();
		mca_report();
	}
}

/* A guest exit for an NMI, a #MC, or an #AC (split-lock detection: mitigate.c). The NMI is the
 * host's: reported, not passed on, and NMIs unblocked (an NMI exit leaves them blocked until an
 * IRET). */
void exit_exception_nmi(struct vcpu *v, struct guest_regs *r)
{
	uint32_t info = (uint32_t)vmread(EXIT_INTR_INFO);
	struct x86_cpu *c = &x86_cpus[v->pcpu];

	(void)r;
	if (INTR_INFO_TYPE(info) == INTR_TYPE_NMI_EVT) {
		x86_nmi_unblock();
		console_printf("hv: pCPU%u: NMI while %s ran: the host's, ignored\n", v->pcpu,
			       vm_name(v->vm));
	} else if (INTR_INFO_VECTOR(info) == VEC_MC) {
		uint64_t mcg = mca_collect(c);

		c->mc_reported = c->mc_count;
		console_printf("hv: pCPU%u: machine check while %s ran: bank %u status 0x%lx\n",
			       v->pcpu, vm_name(v->vm), c->mc_bank, c->mc_status);
		if ((mcg & MCG_STATUS_RIPV) == 0U) {
			vm_stop(v->vm, "a machine check it cannot go on from (MCG_STATUS 0x%lx)",
				mcg);
		}
	} else if (INTR_INFO_VECTOR(info) == VEC_AC) {
		mitigations_ac_exit(v);
	} else {
		vm_stop(v->vm, "unexpected exception %u exit", INTR_INFO_VECTOR(info));
	}
}
