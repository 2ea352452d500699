/* x86 instructions, registers and MSRs, and what the arch files share; never included by core/. */
#ifndef X86_H
#define X86_H

#include "types.h"

#define MSR_APIC_BASE	    0x1b
#define MSR_FEATURE_CONTROL 0x3a
#define MSR_SYSENTER_CS	    0x174
#define MSR_SYSENTER_ESP    0x175
#define MSR_SYSENTER_EIP    0x176
#define MSR_PAT		    0x277
#define MSR_VMX_MISC	    0x485
#define MSR_EFER	    0xc0000080
#define MSR_FS_BASE	    0xc0000100
#define MSR_GS_BASE	    0xc0000101

#define RFLAGS_IF 0x200UL

#define CR0_PE	 0x1UL
#define CR0_ET	 0x10UL
#define CR0_NE	 0x20UL
#define CR0_PG	 0x80000000UL
#define CR4_VMXE 0x2000UL
#define EFER_LME 0x100UL
#define EFER_LMA 0x400UL

#define SPURIOUS_VECTOR 0xff /* the LAPIC's; it needs no EOI */
#define SELFTEST_VECTOR 0x40 /* the self-IPI of "selftest=interrupt" */

#define SEL_CODE 0x08
#define SEL_DATA 0x10
#define SEL_TSS	 0x18

static inline void outb(uint16_t port, uint8_t v)
{
	__asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static inline void outw(uint16_t port, uint16_t v)
{
	__asm__ volatile("outw %0, %1" : : "a"(v), "Nd"(port));
}

static inline uint8_t inb(uint16_t port)
{
	uint8_t v;

	__asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline uint64_t rdmsr(uint32_t msr)
{
	uint32_t lo, hi;

	__asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return (uint64_t)hi << 32 | lo;
}

static inline void wrmsr(uint32_t msr, uint64_t v)
{
	__asm__ volatile("wrmsr" : : "c"(msr), "a"((uint32_t)v), "d"((uint32_t)(v >> 32)));
}

static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return (uint64_t)hi << 32 | lo;
}

static inline void cpuid(uint32_t leaf, uint32_t sub, uint32_t r[4])
{
	__asm__ volatile("cpuid"
			 : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3])
			 : "a"(leaf), "c"(sub));
}

#define DEFINE_CR(n)                                                                               \
	static inline uint64_t read_cr##n(void)                                                    \
	{                                                                                          \
		uint64_t v;                                                                        \
		__asm__ volatile("mov %%cr" #n ", %0" : "=r"(v));                                  \
		return v;                                                                          \
	}                                                                                          \
	static inline void write_cr##n(uint64_t v)                                                 \
	{                                                                                          \
		__asm__ volatile("mov %0, %%cr" #n : : "r"(v) : "memory");                         \
	}
DEFINE_CR(0)
DEFINE_CR(2)
DEFINE_CR(3)
DEFINE_CR(4)

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
	uint16_t rsvd2, iomap_base;
} __attribute__((packed));

struct x86_cpu {
	uint64_t gdt[5];
	struct x86_tss tss;
	uint8_t ist_stack[4096] ALIGNED(16);
};

extern struct x86_cpu x86_cpus[];
extern uint8_t pcpu_stacks[]; /* head.S: PCPU_MAX stacks of X86_STACK_SIZE */
#define X86_STACK_SIZE 16384

void serial_init(void);
void serial_flush(void);
void mb2_parse(uint32_t magic, uint64_t info);
void cpu_init(unsigned id);
uint32_t lapic_id(void);
void lapic_init(void);
void lapic_eoi(void);
void lapic_self_ipi(unsigned vector);
void tsc_calibrate(void);
extern uint64_t tsc_per_10ms; /* TSC counts in 10 ms, measured on the boot pCPU */
void pit_delay_us(unsigned us);
void pic_mask_all(void);

/* Entered from head.S */
NORETURN void x86_boot(uint32_t magic, uint64_t mb2_info);
NORETURN void x86_ap_boot(unsigned id);

#endif
