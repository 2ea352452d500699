/* The local APIC (xAPIC, MMIO): ids, EOI, self-IPIs, starting APs with INIT-SIPI-SIPI. */
#include "x86.h"
#include "console.h"
#include "lib.h"
#include "mm.h"
#include "pcpu.h"

#define LAPIC_ID      0x020U
#define LAPIC_VERSION 0x030U
#define LAPIC_EOI     0x0b0U
#define LAPIC_SVR     0x0f0U
#define LAPIC_ICR_LO  0x300U
#define LAPIC_ICR_HI  0x310U

#define SVR_ENABLE  0x100U
#define ICR_INIT    0x4500U /* INIT, level assert */
#define ICR_SIPI    0x4600U /* start-up, vector in bits 7:0 */
#define ICR_PENDING 0x1000U
#define ICR_SELF    0x44000U /* fixed delivery to the sender itself, vector in bits 7:0 */
#define ICR_FIXED   0x4000U  /* fixed delivery to the destination, vector in bits 7:0 */
#define ICR_NMI	    0x4400U  /* NMI to the destination */

#define AP_TRAMPOLINE 0x8000U /* must match head.S */

/* head.S: the real-mode code an AP starts in, copied to AP_TRAMPOLINE, and where it ends. */
/* cppcheck-suppress misra-c2012-8.11 ; a label in head.S: an address, no C object */
extern const uint8_t ap_trampoline[];
/* cppcheck-suppress misra-c2012-8.11 ; a label in head.S: an address, no C object */
extern const uint8_t ap_trampoline_end[];
extern volatile uint32_t ap_boot_id;
/* head.S: the pCPUs' stacks (the IST stacks are in x86_cpus, inside the image). */
/* cppcheck-suppress misra-c2012-8.11 ; a label in head.S: an address, no C object */
extern const uint8_t pcpu_stacks[];
/* cppcheck-suppress misra-c2012-8.11 ; a label in head.S: an address, no C object */
extern const uint8_t pcpu_stacks_end[];

static uint64_t lapic_base;

static volatile uint32_t *lapic_reg(unsigned reg)
{
	return mm_hva(lapic_base + reg); /* the LAPIC's registers are 32-bit MMIO words */
}

static uint32_t lapic_read(unsigned reg)
{
	return *lapic_reg(reg);
}

static void lapic_write(unsigned reg, uint32_t v)
{
	*lapic_reg(reg) = v;
}

static uint32_t lapic_id(void)
{
	return lapic_read(LAPIC_ID) >> 24;
}

void lapic_eoi(void)
{
	lapic_write(LAPIC_EOI, 0U);
}

void lapic_init(void)
{
	lapic_base = rdmsr(MSR_APIC_BASE) & ~0xfffUL;
	lapic_write(LAPIC_SVR, lapic_read(LAPIC_SVR) | SVR_ENABLE | SPURIOUS_VECTOR);
}

void pcpu_arch_describe(char *buf, size_t size)
{
	(void)snprintf(buf, size, "LAPIC version 0x%x at 0x%lx, TSC %lu kHz",
		       lapic_read(LAPIC_VERSION), lapic_base, tsc_per_10ms / 10U);
}

uint32_t pcpu_arch_hw_id(void)
{
	return lapic_id();
}

void lapic_self_ipi(unsigned vector)
{
	lapic_write(LAPIC_ICR_LO, ICR_SELF | vector);
}

static void lapic_ipi(uint32_t hw_id, uint32_t icr)
{
	lapic_write(LAPIC_ICR_HI, hw_id << 24);
	lapic_write(LAPIC_ICR_LO, icr);
	while ((lapic_read(LAPIC_ICR_LO) & ICR_PENDING) != 0U) {
		pcpu_arch_relax();
	}
}

void lapic_nmi(uint32_t hw_id)
{
	lapic_ipi(hw_id, ICR_NMI);
}

/* By its own APIC id: the "self" shorthand takes fixed interrupts only. */
void lapic_self_nmi(void)
{
	lapic_ipi(lapic_id(), ICR_NMI);
}

void lapic_notify(uint32_t hw_id, unsigned vector)
{
	lapic_ipi(hw_id, ICR_FIXED | vector);
}

/* Every pCPU started after a VM runs executes the AP start-up page: it is never a guest's. */
unsigned mm_arch_reserved(struct mm_range *r, unsigned max)
{
	unsigned n = 0U;

	if (max >= 2U) {
		r[0].base = AP_TRAMPOLINE;
		r[0].size = PAGE_SIZE;
		r[0].what = "the AP start-up page";
		r[1].base = mm_hpa(pcpu_stacks);
		r[1].size = mm_hpa(pcpu_stacks_end) - mm_hpa(pcpu_stacks);
		r[1].what = "the pCPU stacks";
		n = 2U;
	}
	return n;
}

int pcpu_arch_start(unsigned id, uint32_t hw_id)
{
	/* The labels' addresses, not pointers into one object: their difference is the size. */
	uint64_t size = mm_hpa(ap_trampoline_end) - mm_hpa(ap_trampoline);

	(void)memcpy(mm_hva(AP_TRAMPOLINE), ap_trampoline, size);
	ap_boot_id = id;
	lapic_ipi(hw_id, ICR_INIT);
	pit_delay_us(10000U);
	for (unsigned i = 0U; i < 2U; i++) {
		lapic_ipi(hw_id, ICR_SIPI | (AP_TRAMPOLINE >> 12));
		pit_delay_us(200U);
	}
	for (unsigned ms = 0U; ms < 100U; ms++) {
		bool online = __atomic_load_n(&pcpu_table[id].online, __ATOMIC_ACQUIRE);

		if (online) {
			return 0;
		}
		pit_delay_us(1000U);
	}
	return -1;
}
