/* x86 instructions, registers and MSRs, and what the arch files share; never included by core/. */
#ifndef X86_H
#define X86_H

#include "types.h"
#include "pcpu.h"

#define MSR_APIC_BASE	    0x1bU
#define MSR_FEATURE_CONTROL 0x3aU
#define MSR_SYSENTER_CS	    0x174U
#define MSR_SYSENTER_ESP    0x175U
#define MSR_SYSENTER_EIP    0x176U
#define MSR_PAT		    0x277U
#define MSR_VMX_MISC	    0x485U
#define MSR_EFER	    0xc0000080U
#define MSR_FS_BASE	    0xc0000100U
#define MSR_GS_BASE	    0xc0000101U

#define RFLAGS_TF 0x100UL
#define RFLAGS_IF 0x200UL
#define DR6_BS	  0x4000UL /* the #DB is a single step */

#define CR0_PE	    0x1UL
#define CR0_ET	    0x10UL
#define CR0_NE	    0x20UL
#define CR0_NW	    0x20000000UL
#define CR0_CD	    0x40000000UL
#define CR0_PG	    0x80000000UL
#define CR4_PAE	    0x20UL
#define CR4_MCE	    0x40UL
#define CR4_VMXE    0x2000UL
#define CR4_SMXE    0x4000UL
#define CR4_PCIDE   0x20000UL
#define CR4_OSXSAVE 0x40000UL
#define CR4_PKE	    0x400000UL
#define EFER_LME    0x100UL
#define EFER_NXE    0x800UL
#define EFER_LMA    0x400UL

#define SPURIOUS_VECTOR 0xffU /* the LAPIC's; it needs no EOI */
#define SELFTEST_VECTOR 0x40U /* the self-IPI of "selftest=interrupt" */

#define SEL_CODE 0x08U
#define SEL_DATA 0x10U
#define SEL_TSS	 0x18U

static inline void outb(uint16_t port, uint8_t v)
{
	__asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static inline void outw(uint16_t port, uint16_t v)
{
	__asm__ volatile("outw %0, %1" : : "a"(v), "Nd"(port));
}

static inline void outl(uint16_t port, uint32_t v)
{
	__asm__ volatile("outl %0, %1" : : "a"(v), "Nd"(port));
}

static inline uint8_t inb(uint16_t port)
{
	uint8_t v;

	__asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline uint16_t inw(uint16_t port)
{
	uint16_t v;

	__asm__ volatile("inw %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline uint32_t inl(uint16_t port)
{
	uint32_t v;

	__asm__ volatile("inl %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline uint64_t rdmsr(uint32_t msr)
{
	uint32_t lo;
	uint32_t hi;

	__asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return ((uint64_t)hi << 32) | lo;
}

static inline void wrmsr(uint32_t msr, uint64_t v)
{
	__asm__ volatile("wrmsr" : : "c"(msr), "a"((uint32_t)v), "d"((uint32_t)(v >> 32)));
}

static inline uint64_t rdtsc(void)
{
	uint32_t lo;
	uint32_t hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

static inline void cpuid(uint32_t leaf, uint32_t sub, uint32_t r[4])
{
	__asm__ volatile("cpuid"
			 : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3])
			 : "a"(leaf), "c"(sub));
}

/* XCR0, the extended state the guest enables (the hypervisor itself uses none of it). */
static inline uint64_t xgetbv(uint32_t xcr)
{
	uint32_t lo;
	uint32_t hi;

	__asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(xcr));
	return ((uint64_t)hi << 32) | lo;
}

static inline void xsetbv(uint32_t xcr, uint64_t v)
{
	__asm__ volatile("xsetbv" : : "c"(xcr), "a"((uint32_t)v), "d"((uint32_t)(v >> 32)));
}

/* XSAVE and FXSAVE of the extended state, 64-byte (XSAVE) or 16-byte aligned (xstate.c). */
static inline void xsave64(uint8_t *area, uint64_t mask)
{
	__asm__ volatile("xsave64 (%0)"
			 :
			 : "r"(area), "a"((uint32_t)mask), "d"((uint32_t)(mask >> 32))
			 : "memory");
}

static inline void xrstor64(const uint8_t *area, uint64_t mask)
{
	__asm__ volatile("xrstor64 (%0)"
			 :
			 : "r"(area), "a"((uint32_t)mask), "d"((uint32_t)(mask >> 32))
			 : "memory");
}

static inline void fxsave64(uint8_t *area)
{
	__asm__ volatile("fxsave64 (%0)" : : "r"(area) : "memory");
}

static inline void fxrstor64(const uint8_t *area)
{
	__asm__ volatile("fxrstor64 (%0)" : : "r"(area) : "memory");
}

static inline uint64_t read_cr0(void)
{
	uint64_t v;

	__asm__ volatile("mov %%cr0, %0" : "=r"(v));
	return v;
}

static inline uint64_t read_cr2(void)
{
	uint64_t v;

	__asm__ volatile("mov %%cr2, %0" : "=r"(v));
	return v;
}

static inline void write_cr2(uint64_t v)
{
	__asm__ volatile("mov %0, %%cr2" : : "r"(v));
}

static inline uint64_t read_cr3(void)
{
	uint64_t v;

	__asm__ volatile("mov %%cr3, %0" : "=r"(v));
	return v;
}

static inline uint64_t read_cr4(void)
{
	uint64_t v;

	__asm__ volatile("mov %%cr4, %0" : "=r"(v));
	return v;
}

static inline uint64_t read_dr6(void)
{
	uint64_t v;

	__asm__ volatile("mov %%dr6, %0" : "=r"(v));
	return v;
}

static inline void write_dr6(uint64_t v)
{
	__asm__ volatile("mov %0, %%dr6" : : "r"(v));
}

static inline void write_cr0(uint64_t v)
{
	__asm__ volatile("mov %0, %%cr0" : : "r"(v) : "memory");
}

static inline void write_cr3(uint64_t v)
{
	__asm__ volatile("mov %0, %%cr3" : : "r"(v) : "memory");
}

static inline void write_cr4(uint64_t v)
{
	__asm__ volatile("mov %0, %%cr4" : : "r"(v) : "memory");
}

struct x86_dtr {
	uint16_t limit;
	uint64_t base;
} __attribute__((packed));

/* Per-pCPU state the hardware points at: GDT (null, code, data, TSS), TSS, exception stack. */
struct x86_tss {
	uint32_t rsvd0;
	uint64_t rsp[3];
	uint64_t ist[8]; /* ist[0] is reserved */
	uint64_t rsvd1;
	uint16_t rsvd2;
	uint16_t iomap_base;
} __attribute__((packed));

struct x86_cpu {
	uint64_t gdt[5];
	struct x86_tss tss;
	uint8_t ist_stack[4096] ALIGNED(16); /* NMI, #DF */
	uint8_t mc_stack[4096] ALIGNED(16);  /* #MC, which may arrive in the NMI handler */
	/* what the NMI and #MC handlers record for mca_report (mca.c) */
	uint32_t nmis;
	uint32_t nmis_reported;
	uint32_t mc_count;
	uint32_t mc_reported;
	unsigned mc_banks;
	uint32_t mc_bank;
	uint64_t mc_status;
	uint64_t mc_addr;
	uint64_t ticks; /* mca_report calls: the pCPU's ticks */
	bool idle;
};

extern struct x86_cpu x86_cpus[PCPU_MAX];

void serial_init(void);
void serial_flush(void);
void mb2_parse(uint32_t magic, uint64_t info);
void cpu_init(unsigned id);
void lapic_init(void);
void lapic_eoi(void);
void lapic_self_ipi(unsigned vector);
/* A fixed IPI of vector to the pCPU of physical APIC id hw_id (it need not wait for it). */
void lapic_notify(uint32_t hw_id, unsigned vector);
/* An NMI to the pCPU of physical APIC id hw_id, or to the calling one. */
void lapic_nmi(uint32_t hw_id);
void lapic_self_nmi(void);
/* Machine checks and NMIs (mca.c): the calling pCPU's setup; the #MC handler (whether the
 * interrupted code may go on); the NMI handler; what they recorded, reported from a context
 * that may print (each tick, the idle loop); "selftest=nmi"'s NMI to the calling pCPU. */
void mca_init(unsigned id);
bool mca_exception(void);
void mca_nmi(void);
void mca_report(void);
void mca_selftest_self(void);
/* entry.S: an IRET to the next instruction, which ends the NMI blocking of an NMI's VM exit. */
void x86_nmi_unblock(void);
/* The host page tables made W^X (boot pCPU, before the others start); what they allow, read
 * back; the boot options that show it fault (hostmap.c). */
void hostmap_protect(void);
void hostmap_census(uint64_t *exec, uint64_t *wx);
void hostmap_selftest(void);
/* The boot pCPU's choice of defences and its "mitigations:" lines; what each pCPU sets of them
 * (mitigate.c). */
void mitigations_init(void);
void mitigations_pcpu(unsigned id);
/* Right before each VM entry: the L1D flush, when chosen; before a vCPU's first entry: IBPB. */
void mitigations_before_entry(void);
void mitigations_vcpu_start(void);
void tsc_calibrate(void);
extern uint64_t tsc_per_10ms; /* TSC counts in 10 ms, measured on the boot pCPU */
void pit_delay_us(unsigned us);
void pic_mask_all(void);

/* Entered from head.S */
NORETURN void x86_boot(uint32_t magic, uint64_t mb2_info);
NORETURN void x86_ap_boot(unsigned id);

#endif
