/*
 * VM exits of known kinds in known numbers, for the hypervisor's exit statistics
 * (hypervisor/arch/x86/exitstat.c): ten ports the VM's devices answer, twice each, fill the
 * table of eight port kinds first; then 1000 OUTs and 600 INs at port 0x80 must still show as
 * the two largest, counted exactly, and two ports read in turn 300 times each, which find the
 * table full at every first read, must climb into it all the same; 300 RDMSRs of APIC_BASE and
 * 200 WRMSRs of the MTRR default type; 100 writes of the I/O APIC's register select and 150
 * reads of its window. And 100 writes and reads of KERNEL_GS_BASE, which the MSR bitmap leaves
 * to the guest (vmsr.c): each value kept, none an exit, a non-canonical one refused with #GP by
 * the CPU itself. Then it stops (HLT with interrupts off), and the hypervisor prints the counts.
 */
#include "guest.h"

#define IOAPIC	      0xfec00000U
#define PORT_POST     0x80
#define MSR_APIC      0x1b
#define MSR_MTRR_DEF  0x2ff
#define MTRR_ON_WB    0xc06
#define MSR_KERNEL_GS 0xc0000102U
#define NON_CANONICAL 0x8000000000000000ULL

static volatile uint32_t *ioapic = (volatile uint32_t *)IOAPIC;

/* KERNEL_GS_BASE keeps each of 100 values; a non-canonical one raises #GP. */
static int kernel_gs_base_ok(void)
{
	uint32_t kept = 0;
	int refused;

	for (uint32_t i = 0; i < 100; i++) {
		wrmsr(MSR_KERNEL_GS, 0xffff800000001000ULL + 0x1000ULL * i);
		kept += rdmsr(MSR_KERNEL_GS) == 0xffff800000001000ULL + 0x1000ULL * i;
	}
	trap_quiet = 1;
	trap_skip = 2;
	wrmsr(MSR_KERNEL_GS, NON_CANONICAL);
	refused = !trap_skip && trap_vector == 13;
	trap_skip = 0;
	return kept == 100 && refused && rdmsr(MSR_KERNEL_GS) != NON_CANONICAL;
}

void guest_main(void)
{
	static const uint16_t ports[10] = {0x20,  0x21, 0xa0,  0xa1,  0x4d0,
					   0x4d1, 0x71, 0x3f9, 0x3fb, 0x3fc};
	volatile uint32_t sink = 0;

	puts_("exits: start\n");
	for (int i = 0; i < 10; i++) {
		sink += inb(ports[i]);
		sink += inb(ports[i]);
	}
	for (int i = 0; i < 1000; i++)
		outb(PORT_POST, 0);
	for (int i = 0; i < 600; i++)
		sink += inb(PORT_POST);
	for (int i = 0; i < 300; i++) {
		sink += inb(0x4d0);
		sink += inb(0x4d1);
	}
	for (int i = 0; i < 300; i++)
		sink += (uint32_t)rdmsr(MSR_APIC);
	for (int i = 0; i < 200; i++)
		wrmsr(MSR_MTRR_DEF, MTRR_ON_WB);
	for (int i = 0; i < 150; i++) {
		if (i < 100)
			ioapic[0] = 1;
		sink += ioapic[4];
	}
	puts_(kernel_gs_base_ok() ? "kgs: ok\n" : "kgs: WRONG\n");
	puts_("exits: done\n");
}
