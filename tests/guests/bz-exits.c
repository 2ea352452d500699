/*
 * The exits a real OS causes, tried from 64-bit mode (this guest is a bzImage, so it starts
 * there): CR4 bits the hypervisor owns (VMXE, SMXE), CR0.NE and the writes to CR0 the CPU
 * refuses, CR8 (the vLAPIC's TPR), EFER writes the CPU refuses, XSETBV with good and bad XCR0
 * values, INVD, and CPUID: each feature it offers runs (RDTSCP, INVPCID, XSAVE), each it hides
 * faults as on a CPU without it (MONITOR, APERF/MPERF). Every step prints what happened.
 */
#include "guest.h"

#define CR0_NE	    0x20UL
#define CR0_NW	    0x20000000UL
#define CR0_CD	    0x40000000UL
#define CR0_PG	    0x80000000UL
#define CR4_VMXE    0x2000UL
#define CR4_SMXE    0x4000UL
#define CR4_OSXSAVE 0x40000UL
#define MSR_EFER    0xc0000080U
#define EFER_LME    0x100UL
#define EFER_NXE    0x800UL
#define X2APIC_TPR  0x808U

static uint64_t read_cr0(void)
{
	uint64_t v;

	__asm__ volatile("mov %%cr0, %0" : "=r"(v));
	return v;
}

static uint64_t read_cr4(void)
{
	uint64_t v;

	__asm__ volatile("mov %%cr4, %0" : "=r"(v));
	return v;
}

static uint64_t read_cr8(void)
{
	uint64_t v;

	__asm__ volatile("mov %%cr8, %0" : "=r"(v));
	return v;
}

static void cpuid_sub(uint32_t leaf, uint32_t sub, uint32_t r[4])
{
	__asm__ volatile("cpuid"
			 : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3])
			 : "a"(leaf), "c"(sub));
}

/* "WHAT: done", or the exception the step raised. */
static void result(const char *what)
{
	unsigned v = tried();

	puts_(what);
	puts_(v == 0 ? ": done\n" : v == 6 ? ": #UD\n" : v == 13 ? ": #GP\n" : ": other trap\n");
}

static void try_cr4(const char *what, uint64_t v)
{
	TRY("mov %0, %%cr4", : : "r"(v) : "memory");
	result(what);
}

static void try_cr0(const char *what, uint64_t v)
{
	TRY("mov %0, %%cr0", : : "r"(v) : "memory");
	result(what);
}

/* The CR0 writes the CPU refuses, each changing NE so that it exits to the hypervisor. */
static void control_registers(void)
{
	uint64_t cr0 = read_cr0(), cr4 = read_cr4();

	puts_(cr4 & CR4_VMXE ? "cr4 reads VMXE set\n" : "cr4 reads VMXE clear\n");
	try_cr4("mov cr4 with VMXE", cr4 | CR4_VMXE);
	try_cr4("mov cr4 with SMXE", cr4 | CR4_SMXE);
	puts_(read_cr4() == cr4 ? "cr4 unchanged\n" : "cr4 changed\n");
	try_cr0("mov cr0 without NE", cr0 & ~CR0_NE);
	puts_(read_cr0() & CR0_NE ? "cr0 reads NE set\n" : "cr0 reads NE clear\n");
	try_cr0("mov cr0 without PG in 64-bit code", (cr0 | CR0_NE) & ~CR0_PG);
	try_cr0("mov cr0 with NW and not CD", (cr0 | CR0_NE | CR0_NW) & ~CR0_CD);
	try_cr0("mov cr0 with bit 32", cr0 | CR0_NE | (1UL << 32));
	try_cr0("mov cr0 with NE again", cr0 | CR0_NE);
	puts_(read_cr0() == (cr0 | CR0_NE) ? "cr0 as before\n" : "cr0 differs\n");
}

static void task_priority(void)
{
	TRY("mov %0, %%cr8", : : "r"(0xfUL) : "memory");
	result("mov 15 to cr8");
	puts_("cr8 ");
	puthex((uint32_t)read_cr8());
	puts_(", x2APIC TPR ");
	puthex((uint32_t)rdmsr(X2APIC_TPR));
	putc_('\n');
	TRY("mov %0, %%cr8", : : "r"(0x10UL) : "memory");
	result("mov 16 to cr8");
	__asm__ volatile("mov %0, %%cr8" : : "r"(0UL));
}

static void try_efer(const char *what, uint64_t v)
{
	TRY("wrmsr", : : "c"(MSR_EFER), "a"((uint32_t)v), "d"((uint32_t)(v >> 32)) : "memory");
	result(what);
}

static void efer(void)
{
	uint64_t e = rdmsr(MSR_EFER);

	try_efer("wrmsr efer without LME, paging on", e & ~EFER_LME);
	try_efer("wrmsr efer with reserved bit 1", e | 2U);
	try_efer("wrmsr efer toggling NXE", e ^ EFER_NXE);
	try_efer("wrmsr efer back", e);
	puts_(rdmsr(MSR_EFER) == e ? "efer as before\n" : "efer differs\n");
}

static void try_xsetbv(const char *what, uint32_t xcr, uint64_t v)
{
	TRY("xsetbv", : : "c"(xcr), "a"((uint32_t)v), "d"((uint32_t)(v >> 32)) : "memory");
	result(what);
}

static uint8_t xsave_area[8192] __attribute__((aligned(64)));

static void xsave_state(void)
{
	uint32_t r[4];
	uint64_t offered;

	cpuid_sub(1, 0, r);
	if (!(r[2] & (1U << 26))) {
		puts_("xsave not offered\n");
		return;
	}
	try_xsetbv("xsetbv with CR4.OSXSAVE clear", 0, 3);
	__asm__ volatile("mov %0, %%cr4" : : "r"(read_cr4() | CR4_OSXSAVE));
	cpuid_sub(1, 0, r);
	puts_(r[2] & (1U << 27) ? "cpuid OSXSAVE follows cr4\n" : "cpuid OSXSAVE stale\n");
	cpuid_sub(0xd, 0, r);
	offered = (uint64_t)r[3] << 32 | r[0];
	try_xsetbv("xsetbv xcr0 0", 0, 0);
	try_xsetbv("xsetbv xcr0 AVX without SSE", 0, 5);
	try_xsetbv("xsetbv xcr1", 1, 3);
	try_xsetbv("xsetbv xcr0 beyond cpuid", 0, offered | (1UL << 62));
	try_xsetbv("xsetbv xcr0 as cpuid offers", 0, offered);
	if (r[2] > sizeof(xsave_area)) {
		puts_("xsave area too big\n");
		return;
	}
	TRY("xsave64 (%0)", : : "r"(xsave_area), "a"(~0U), "d"(~0U) : "memory");
	result("xsave of every component");
	TRY("xrstor64 (%0)", : : "r"(xsave_area), "a"(~0U), "d"(~0U) : "memory");
	result("xrstor of every component");
}

static void cpu_features(void)
{
	uint32_t r[4], lo, hi, aux;
	struct {
		uint64_t pcid, addr;
	} desc = {0, 0};

	cpuid_sub(1, 0, r);
	puts_(r[2] & 0x8 ? "monitor offered\n" : "monitor hidden\n");
	TRY("monitor", : : "a"(xsave_area), "c"(0), "d"(0) : "memory");
	result("monitor");
	cpuid_sub(0x80000001, 0, r);
	puts_(r[3] & (1U << 27) ? "rdtscp offered\n" : "rdtscp hidden\n");
	TRY("rdtscp", : "=a"(lo), "=d"(hi), "=c"(aux) : : "memory");
	result("rdtscp");
	cpuid_sub(7, 0, r);
	puts_(r[1] & (1U << 10) ? "invpcid offered\n" : "invpcid hidden\n");
	TRY("invpcid (%0), %1", : : "r"(&desc), "r"(2UL) : "memory");
	result("invpcid all contexts");
	cpuid_sub(6, 0, r);
	puts_(r[2] & 1 ? "aperf/mperf offered\n" : "aperf/mperf hidden\n");
	TRY("rdmsr", : "=a"(lo), "=d"(hi) : "c"(0xe7) : "memory");
	result("rdmsr aperf");
	cpuid_sub(0x40000010, 0, r);
	puts_("tsc from leaf 0x40000010: ");
	putdec(r[0]);
	puts_(" kHz\n");
}

void guest_main64(const uint8_t *bp);

void guest_main64(const uint8_t *bp)
{
	(void)bp;
	puts_("exits from 64-bit mode\n");
	control_registers();
	task_priority();
	efer();
	xsave_state();
	TRY("invd", : : : "memory");
	result("invd");
	cpu_features();
	puts_("done\n");
}
