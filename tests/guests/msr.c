/*
 * Writes MSRs a guest must not: the LAPIC base, the VMX feature control, the microcode update
 * trigger; each must raise #GP. Then an MSR it may own (SYSENTER_EIP) must keep what it writes.
 */
#include "guest.h"

static void try_wrmsr(uint32_t msr, uint64_t value)
{
	puts_("wrmsr ");
	puthex(msr);
	putc_('\n');
	trap_skip = 2;
	wrmsr(msr, value);
	puts_(trap_skip ? "wrmsr went through\n" : "wrmsr refused\n");
	trap_skip = 0;
}

void guest_main(void)
{
	puts_("hello from guest\n");
	try_wrmsr(0x1b, 0xfed00900); /* IA32_APIC_BASE: move the LAPIC */
	try_wrmsr(0x3a, 0x5);	     /* IA32_FEATURE_CONTROL: turn VMX on */
	try_wrmsr(0x79, 0x100000);   /* IA32_BIOS_UPDT_TRIG: load microcode */
	wrmsr(0x176, 0x12345678);    /* IA32_SYSENTER_EIP: the guest's own */
	puts_(rdmsr(0x176) == 0x12345678 ? "sysenter_eip kept\n" : "sysenter_eip lost\n");
	puts_((rdmsr(0x3a) & 5) == 1 ? "feature control: locked, vmx off\n"
				     : "feature control: vmx on\n");
}
