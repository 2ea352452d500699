/* VMX: capability MSRs, VMCS field encodings, control bits, exit reasons, a vCPU's arch state. */
#ifndef X86_VMX_H
#define X86_VMX_H

#include "types.h"

#define MSR_VMX_BASIC	     0x480
#define MSR_VMX_PINBASED     0x481
#define MSR_VMX_PROCBASED    0x482
#define MSR_VMX_EXIT	     0x483
#define MSR_VMX_ENTRY	     0x484
#define MSR_VMX_CR0_FIXED0   0x486
#define MSR_VMX_CR0_FIXED1   0x487
#define MSR_VMX_CR4_FIXED0   0x488
#define MSR_VMX_CR4_FIXED1   0x489
#define MSR_VMX_PROCBASED2   0x48b
#define MSR_VMX_EPT_VPID_CAP 0x48c
#define VMX_BASIC_TRUE_CTLS  (1UL << 55)
#define VMX_TRUE_OFFSET	     0xc /* IA32_VMX_TRUE_PINBASED_CTLS = PINBASED + 0xc, etc. */

enum vmcs_field {
	/* guest segment fields are these plus 2 * (ES, CS, SS, DS, FS, GS, LDTR, TR) */
	GUEST_ES_SELECTOR = 0x0800,
	GUEST_ES_LIMIT = 0x4800,
	GUEST_ES_AR = 0x4814,
	GUEST_ES_BASE = 0x6806,
	HOST_ES_SELECTOR = 0x0c00,
	HOST_CS_SELECTOR = 0x0c02,
	HOST_SS_SELECTOR = 0x0c04,
	HOST_DS_SELECTOR = 0x0c06,
	HOST_FS_SELECTOR = 0x0c08,
	HOST_GS_SELECTOR = 0x0c0a,
	HOST_TR_SELECTOR = 0x0c0c,
	EPT_POINTER = 0x201a,
	GUEST_PHYS_ADDR = 0x2400,
	VMCS_LINK_POINTER = 0x2800,
	GUEST_DEBUGCTL = 0x2802,
	GUEST_PAT = 0x2804,
	GUEST_EFER = 0x2806,
	HOST_PAT = 0x2c00,
	HOST_EFER = 0x2c02,
	PIN_CONTROLS = 0x4000,
	PROC_CONTROLS = 0x4002,
	EXCEPTION_BITMAP = 0x4004,
	EXIT_CONTROLS = 0x400c,
	ENTRY_CONTROLS = 0x4012,
	ENTRY_INTR_INFO = 0x4016,
	ENTRY_EXC_ERROR = 0x4018,
	ENTRY_INSTR_LEN = 0x401a,
	PROC2_CONTROLS = 0x401e,
	VM_INSTR_ERROR = 0x4400,
	EXIT_REASON = 0x4402,
	EXIT_INTR_INFO = 0x4404,
	IDT_VECTORING_INFO = 0x4408,
	IDT_VECTORING_ERROR = 0x440a,
	EXIT_INSTR_LEN = 0x440c,
	GUEST_GDTR_LIMIT = 0x4810,
	GUEST_IDTR_LIMIT = 0x4812,
	GUEST_INTERRUPTIBILITY = 0x4824,
	GUEST_ACTIVITY = 0x4826,
	GUEST_SYSENTER_CS = 0x482a,
	PREEMPT_TIMER = 0x482e,
	HOST_SYSENTER_CS = 0x4c00,
	CR0_MASK = 0x6000,
	CR4_MASK = 0x6002,
	CR0_SHADOW = 0x6004,
	CR4_SHADOW = 0x6006,
	EXIT_QUALIFICATION = 0x6400,
	GUEST_CR0 = 0x6800,
	GUEST_CR3 = 0x6802,
	GUEST_CR4 = 0x6804,
	GUEST_FS_BASE = 0x680e,
	GUEST_GS_BASE = 0x6810,
	GUEST_GDTR_BASE = 0x6816,
	GUEST_IDTR_BASE = 0x6818,
	GUEST_DR7 = 0x681a,
	GUEST_RSP = 0x681c,
	GUEST_RIP = 0x681e,
	GUEST_RFLAGS = 0x6820,
	GUEST_PENDING_DBG = 0x6822,
	GUEST_SYSENTER_ESP = 0x6824,
	GUEST_SYSENTER_EIP = 0x6826,
	HOST_CR0 = 0x6c00,
	HOST_CR3 = 0x6c02,
	HOST_CR4 = 0x6c04,
	HOST_FS_BASE = 0x6c06,
	HOST_GS_BASE = 0x6c08,
	HOST_TR_BASE = 0x6c0a,
	HOST_GDTR_BASE = 0x6c0c,
	HOST_IDTR_BASE = 0x6c0e,
	HOST_SYSENTER_ESP = 0x6c10,
	HOST_SYSENTER_EIP = 0x6c12,
	HOST_RSP = 0x6c14,
	HOST_RIP = 0x6c16,
};

#define PIN_EXT_INTR	   (1U << 0)
#define PIN_NMI		   (1U << 3)
#define PIN_PREEMPT_TIMER  (1U << 6)
#define PROC_INTR_WINDOW   (1U << 2)
#define PROC_HLT	   (1U << 7)
#define PROC_UNCOND_IO	   (1U << 24)
#define PROC_SECONDARY	   (1U << 31)
#define PROC2_EPT	   (1U << 1)
#define PROC2_UNRESTRICTED (1U << 7)
#define EXIT_HOST_64	   (1U << 9)
#define EXIT_ACK_INTR	   (1U << 15)
#define EXIT_SAVE_PAT	   (1U << 18)
#define EXIT_LOAD_PAT	   (1U << 19)
#define EXIT_SAVE_PREEMPT  (1U << 22)
#define EXIT_SAVE_EFER	   (1U << 20)
#define EXIT_LOAD_EFER	   (1U << 21)
#define ENTRY_LOAD_PAT	   (1U << 14)
#define ENTRY_LOAD_EFER	   (1U << 15)

#define EPT_CAP_WALK4 (1UL << 6)
#define EPT_CAP_WB    (1UL << 14)
#define EPT_CAP_2M    (1UL << 16)

enum exit_reason {
	EXIT_EXCEPTION = 0,
	EXIT_EXT_INTR = 1,
	EXIT_TRIPLE_FAULT = 2,
	EXIT_INTR_WINDOW = 7,
	EXIT_CPUID = 10,
	EXIT_HLT = 12,
	EXIT_VMCALL = 18,
	EXIT_VMCLEAR = 19,
	EXIT_VMLAUNCH = 20,
	EXIT_VMPTRLD = 21,
	EXIT_VMPTRST = 22,
	EXIT_VMREAD = 23,
	EXIT_VMRESUME = 24,
	EXIT_VMWRITE = 25,
	EXIT_VMXOFF = 26,
	EXIT_VMXON = 27,
	EXIT_IO = 30,
	EXIT_RDMSR = 31,
	EXIT_WRMSR = 32,
	EXIT_EPT_VIOLATION = 48,
	EXIT_EPT_MISCONFIG = 49,
	EXIT_INVEPT = 50,
	EXIT_PREEMPT_TIMER = 52,
	EXIT_INVVPID = 53,
	EXIT_REASON_MAX = 70,
};
#define EXIT_REASON_ENTRY_FAIL (1U << 31)

/* The interruption-information format: VM-entry injection, exit and IDT-vectoring information. */
#define INTR_INFO_VECTOR(info) ((info)&0xffU)
#define INTR_INFO_TYPE(info)   (((info) >> 8) & 7U)
#define INTR_TYPE_EXTERNAL     0U
#define INTR_TYPE_HW_EXCEPTION 3U
#define INTR_TYPE_SOFT_INTR    4U /* this type and those above it need an instruction length */
#define INTR_HAS_ERROR	       (1U << 11)
#define INTR_NMI_UNBLOCKED     (1U << 12) /* in exit information only; reserved on entry */
#define INTR_INFO_VALID	       (1U << 31)

/* Guest general registers the VMCS does not hold; the layout is used by vmx_enter in vmentry.S. */
struct guest_regs {
	uint64_t rax, rbx, rcx, rdx, rsi, rdi, rbp;
	uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
};

struct vcpu_arch {
	struct guest_regs regs;
	void *vmcs;
	bool launched;
	uint32_t exits[EXIT_REASON_MAX]; /* VM exits by basic reason */
	uint64_t tick_tsc;		 /* TSC cycles in one HV_TICK_HZ tick */
	uint64_t next_tick;		 /* TSC of the next tick */
	unsigned timer_shift;		 /* the VMX-preemption timer counts TSC >> timer_shift */
	uint64_t timer_target; /* the TSC the preemption timer is set for; 0: set it again */
	/* its local APIC (vlapic.c); the timer counts TSC cycles / divide */
	uint32_t apic_tpr, apic_svr, apic_lvt_timer, apic_tdcr;
	uint64_t apic_icr, apic_tmict;
	uint64_t timer_deadline; /* TSC of its next expiry; 0: not armed */
	uint64_t timer_period;	 /* TSC cycles between periodic expiries; 0: one-shot */
	bool timer_pending, timer_in_service;
	bool window_exiting; /* interrupt-window exiting is on */
};

static inline void vmwrite(uint32_t field, uint64_t v)
{
	__asm__ volatile("vmwrite %1, %0" : : "r"((uint64_t)field), "rm"(v) : "cc");
}

static inline uint64_t vmread(uint32_t field)
{
	uint64_t v;

	__asm__ volatile("vmread %1, %0" : "=rm"(v) : "r"((uint64_t)field) : "cc");
	return v;
}

/* Executes a VMX instruction on a physical address; false if it failed (CF or ZF set). */
#define VMX_PA_INSN(name, insn)                                                                    \
	static inline bool name(uint64_t pa)                                                       \
	{                                                                                          \
		bool bad;                                                                          \
		__asm__ volatile(insn " %1; setna %0" : "=q"(bad) : "m"(pa) : "cc", "memory");     \
		return !bad;                                                                       \
	}
VMX_PA_INSN(vmxon, "vmxon")
VMX_PA_INSN(vmclear, "vmclear")
VMX_PA_INSN(vmptrld, "vmptrld")

struct vcpu;
uint32_t vmx_fit(uint32_t want, uint32_t msr, const char *what, bool *ok);
uint64_t ept_pointer(const struct vcpu *v);
void vmx_handle_exit(struct vcpu *v);
void vmsr_init(void);
/* x2APIC MSRs and APIC_BASE: 1 done, 0 not an APIC MSR, -1 the access raises #GP. */
int vlapic_rdmsr(struct vcpu *v, uint32_t msr, uint64_t *value);
int vlapic_wrmsr(struct vcpu *v, uint32_t msr, uint64_t value);
/* Before each VM entry: a due timer interrupt injected, or an exit asked for when the guest can
 * take it; returns the TSC of the guest timer's next expiry (0: none). */
uint64_t vlapic_before_entry(struct vcpu *v);
/* HLT with interrupts on: waits for the guest timer; false if no interrupt can come. */
bool vlapic_wait(struct vcpu *v);
/* The guest's MSR value, or its write done; false: the access raises #GP. */
bool vmsr_read(uint32_t msr, uint64_t *value);
bool vmsr_write(uint32_t msr, uint64_t value);
int vmx_enter(struct guest_regs *regs, int launched);
void vmx_exit(void);

#endif
