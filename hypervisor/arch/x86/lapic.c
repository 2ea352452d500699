/* The local APIC (xAPIC, MMIO): ids, EOI, self-IPIs, starting APs with INIT-SIPI-SIPI. */
#include "x86.h"
#include "console.h"
#include "lib.h"
#include "pcpu.h"

#define LAPIC_ID      0x020
#define LAPIC_VERSION 0x030
#define LAPIC_EOI     0x0b0
#define LAPIC_SVR     0x0f0
#define LAPIC_ICR_LO  0x300
#define LAPIC_ICR_HI  0x310

#define ICR_INIT    0x4500 /* INIT, level assert */
#define ICR_SIPI    0x4600 /* start-up, vector in bits 7:0 */
#define ICR_PENDING 0x1000
#define ICR_SELF    0x44000 /* fixed delivery to the sender itself, vector in bits 7:0 */

#define AP_TRAMPOLINE 0x8000 /* must match head.S */

extern const uint8_t ap_trampoline[], ap_trampoline_end[];
extern volatile uint32_t ap_boot_id;

static uint64_t lapic_base;

static uint32_t lapic_read(unsigned reg)
{
	return *(volatile uint32_t *)(lapic_base + reg);
}

static void lapic_write(unsigned reg, uint32_t v)
{
	*(volatile uint32_t *)(lapic_base + reg) = v;
}

uint32_t lapic_id(void)
{
	return lapic_read(LAPIC_ID) >> 24;
}

void lapic_eoi(void)
{
	lapic_write(LAPIC_EOI, 0);
}

void lapic_init(void)
{
	lapic_base = rdmsr(MSR_APIC_BASE) & ~0xfffUL;
	lapic_write(LAPIC_SVR, lapic_read(LAPIC_SVR) | 0x100 | SPURIOUS_VECTOR);
}

void pcpu_arch_describe(char *buf, size_t size)
{
	snprintf(buf, size, "LAPIC version 0x%x at 0x%lx, TSC %lu MHz", lapic_read(LAPIC_VERSION),
		 lapic_base, tsc_per_10ms / 10000);
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
	while (lapic_read(LAPIC_ICR_LO) & ICR_PENDING)
		pcpu_arch_relax();
}

int pcpu_arch_start(unsigned id, uint32_t hw_id)
{
	memcpy((void *)AP_TRAMPOLINE, ap_trampoline, (size_t)(ap_trampoline_end - ap_trampoline));
	ap_boot_id = id;
	lapic_ipi(hw_id, ICR_INIT);
	pit_delay_us(10000);
	for (int i = 0; i < 2; i++) {
		lapic_ipi(hw_id, ICR_SIPI | AP_TRAMPOLINE >> 12);
		pit_delay_us(200);
	}
	for (int ms = 0; ms < 100; ms++) {
		if (__atomic_load_n(&pcpus[id].online, __ATOMIC_ACQUIRE))
			return 0;
		pit_delay_us(1000);
	}
	return -1;
}
