/* VMX: capability MSRs, VMCS field encodings, control bits, exit reasons, a vCPU's arch state. */
#ifndef X86_VMX_H
#define X86_VMX_H

#include "types.h"

#define MSR_VMX_BASIC	     0x480U
#define MSR_VMX_PINBASED     0x481U
#define MSR_VMX_PROCBASED    0x482U
#define MSR_VMX_EXIT	     0x483U
#define MSR_VMX_ENTRY	     0x484U
#define MSR_VMX_CR0_FIXED0   0x486U
#define MSR_VMX_CR0_FIXED1   0x487U
#define MSR_VMX_CR4_FIXED0   0x488U
#define MSR_VMX_CR4_FIXED1   0x489U
#define MSR_VMX_PROCBASED2   0x48bU
#define MSR_VMX_EPT_VPID_CAP 0x48cU
#define VMX_BASIC_TRUE_CTLS  (1UL << 55)
#define VMX_TRUE_OFFSET	     0xcU /* IA32_VMX_TRUE_PINBASED_CTLS = PINBASED + 0xc, etc. */

/* guest segment fields are these plus 2 * (ES, CS, SS, DS, FS, GS, LDTR, TR) */
#define GUEST_ES_SELECTOR 0x0800U
#define GUEST_ES_LIMIT	  0x4800U
#define GUEST_ES_AR	  0x4814U
#define GUEST_ES_BASE	  0x6806U
#define GUEST_CS_AR	  0x4816U
#define GUEST_SS_AR	  0x4818U
/* HOST_ES_SELECTOR to HOST_GS_SELECTOR: ES, CS, SS, DS, FS, GS, two apart */
#define HOST_ES_SELECTOR       0x0c00U
#define HOST_CS_SELECTOR       0x0c02U
#define HOST_GS_SELECTOR       0x0c0aU
#define HOST_TR_SELECTOR       0x0c0cU
#define IO_BITMAP_A	       0x2000U
#define IO_BITMAP_B	       0x2002U
#define MSR_BITMAP_ADDR	       0x2004U
#define EPT_POINTER	       0x201aU
#define GUEST_PHYS_ADDR	       0x2400U
#define VMCS_LINK_POINTER      0x2800U
#define GUEST_DEBUGCTL	       0x2802U
#define GUEST_PAT	       0x2804U
#define GUEST_EFER	       0x2806U
#define GUEST_PDPTE0	       0x280aU /* PDPTE1..3 follow, two apart */
#define HOST_PAT	       0x2c00U
#define HOST_EFER	       0x2c02U
#define PIN_CONTROLS	       0x4000U
#define PROC_CONTROLS	       0x4002U
#define EXCEPTION_BITMAP       0x4004U
#define EXIT_CONTROLS	       0x400cU
#define ENTRY_CONTROLS	       0x4012U
#define ENTRY_INTR_INFO	       0x4016U
#define ENTRY_EXC_ERROR	       0x4018U
#define ENTRY_INSTR_LEN	       0x401aU
#define PROC2_CONTROLS	       0x401eU
#define VM_INSTR_ERROR	       0x4400U
#define EXIT_REASON	       0x4402U
#define EXIT_INTR_INFO	       0x4404U
#define IDT_VECTORING_INFO     0x4408U
#define IDT_VECTORING_ERROR    0x440aU
#define EXIT_INSTR_LEN	       0x440cU
#define GUEST_GDTR_LIMIT       0x4810U
#define GUEST_IDTR_LIMIT       0x4812U
#define GUEST_INTERRUPTIBILITY 0x4824U
#define GUEST_ACTIVITY	       0x4826U
#define GUEST_SYSENTER_CS      0x482aU
#define PREEMPT_TIMER	       0x482eU
#define HOST_SYSENTER_CS       0x4c00U
#define CR0_MASK	       0x6000U
#define CR4_MASK	       0x6002U
#define CR0_SHADOW	       0x6004U
#define CR4_SHADOW	       0x6006U
#define EXIT_QUALIFICATION     0x6400U
#define GUEST_CR0	       0x6800U
#define GUEST_CR3	       0x6802U
#define GUEST_CR4	       0x6804U
#define GUEST_FS_BASE	       0x680eU
#define GUEST_GS_BASE	       0x6810U
#define GUEST_GDTR_BASE	       0x6816U
#define GUEST_IDTR_BASE	       0x6818U
#define GUEST_DR7	       0x681aU
#define GUEST_RSP	       0x681cU
#define GUEST_RIP	       0x681eU
#define GUEST_RFLAGS	       0x6820U
#define GUEST_PENDING_DBG      0x6822U
#define GUEST_SYSENTER_ESP     0x6824U
#define GUEST_SYSENTER_EIP     0x6826U
#define HOST_CR0	       0x6c00U
#define HOST_CR3	       0x6c02U
#define HOST_CR4	       0x6c04U
#define HOST_FS_BASE	       0x6c06U
#define HOST_GS_BASE	       0x6c08U
#define HOST_TR_BASE	       0x6c0aU
#define HOST_GDTR_BASE	       0x6c0cU
#define HOST_IDTR_BASE	       0x6c0eU
#define HOST_SYSENTER_ESP      0x6c10U
#define HOST_SYSENTER_EIP      0x6c12U
#define HOST_RIP	       0x6c16U

#define PIN_EXT_INTR	   0x1U
#define PIN_NMI		   0x8U
#define PIN_VIRTUAL_NMI	   0x20U
#define PIN_PREEMPT_TIMER  0x40U
#define PROC_INTR_WINDOW   0x4U
#define PROC_HLT	   0x80U
#define PROC_MWAIT	   0x400U
#define PROC_RDPMC	   0x800U
#define PROC_CR8_LOAD	   0x80000U
#define PROC_CR8_STORE	   0x100000U
#define PROC_NMI_WINDOW	   0x400000U
#define PROC_UNCOND_IO	   0x1000000U
#define PROC_IO_BITMAP	   0x2000000U
#define PROC_MSR_BITMAP	   0x10000000U
#define PROC_MONITOR	   0x20000000U
#define PROC_SECONDARY	   0x80000000U
#define PROC2_EPT	   0x2U
#define PROC2_RDTSCP	   0x8U
#define PROC2_WBINVD	   0x40U
#define PROC2_INVPCID	   0x1000U
#define PROC2_UNRESTRICTED 0x80U
#define EXIT_HOST_64	   0x200U
#define EXIT_ACK_INTR	   0x8000U
#define EXIT_SAVE_PAT	   0x40000U
#define EXIT_LOAD_PAT	   0x80000U
#define EXIT_SAVE_PREEMPT  0x400000U
#define EXIT_SAVE_EFER	   0x100000U
#define EXIT_LOAD_EFER	   0x200000U
#define ENTRY_IA32E	   0x200U /* the guest is in IA-32e mode: kept equal to EFER.LMA */
#define ENTRY_LOAD_PAT	   0x4000U
#define ENTRY_LOAD_EFER	   0x8000U

#define EPT_CAP_WALK4 (1UL << 6)
#define EPT_CAP_WB    (1UL << 14)
#define EPT_CAP_2M    (1UL << 16)

#define EXIT_EXCEPTION_NMI     0U
#define EXIT_EXT_INTR	       1U
#define EXIT_TRIPLE_FAULT      2U
#define EXIT_INTR_WINDOW       7U
#define EXIT_NMI_WINDOW	       8U
#define EXIT_TASK_SWITCH       9U
#define EXIT_CPUID	       10U
#define EXIT_GETSEC	       11U
#define EXIT_HLT	       12U
#define EXIT_INVD	       13U
#define EXIT_RDPMC	       15U
#define EXIT_VMCALL	       18U
#define EXIT_VMCLEAR	       19U
#define EXIT_VMLAUNCH	       20U
#define EXIT_VMPTRLD	       21U
#define EXIT_VMPTRST	       22U
#define EXIT_VMREAD	       23U
#define EXIT_VMRESUME	       24U
#define EXIT_VMWRITE	       25U
#define EXIT_VMXOFF	       26U
#define EXIT_VMXON	       27U
#define EXIT_CR_ACCESS	       28U
#define EXIT_IO		       30U
#define EXIT_RDMSR	       31U
#define EXIT_WRMSR	       32U
#define EXIT_MWAIT	       36U
#define EXIT_MONITOR	       39U
#define EXIT_EPT_VIOLATION     48U
#define EXIT_INVEPT	       50U
#define EXIT_PREEMPT_TIMER     52U
#define EXIT_INVVPID	       53U
#define EXIT_WBINVD	       54U
#define EXIT_XSETBV	       55U
#define EXIT_REASON_MAX	       70U
#define EXIT_REASON_ENTRY_FAIL 0x80000000U

/* The interruption-information format: VM-entry injection, exit and IDT-vectoring information. */
#define INTR_INFO_VECTOR(info) ((info)&0xffU)
#define INTR_INFO_TYPE(info)   (((info) >> 8) & 7U)
#define INTR_TYPE_EXTERNAL     0U
#define INTR_TYPE_HW_EXCEPTION 3U
#define INTR_TYPE_SOFT_INTR    4U /* this type and those above it need an instruction length */
#define INTR_HAS_ERROR	       0x800U
#define INTR_NMI_UNBLOCKED     0x1000U /* in exit information only; reserved on entry */
#define INTR_INFO_VALID	       0x80000000U

/*
 * Guest general registers the VMCS does not hold, by their number in instruction encodings
 * (ModRM, the exit qualifications), so a decoded operand indexes them directly. RSP is in the
 * VMCS: its slot is unused (guest_gpr and guest_set_gpr reach it). vmentry.S uses the layout.
 */
#define GPR_RAX	  0U
#define GPR_RCX	  1U
#define GPR_RDX	  2U
#define GPR_RBX	  3U
#define GPR_RSP	  4U
#define GPR_RSI	  6U
#define GPR_RDI	  7U
#define GPR_R8	  8U
#define GPR_COUNT 16U

struct guest_regs {
	uint64_t gpr[GPR_COUNT];
};

/* VM exits of one kind by what caused them (exitstat.c): the EXIT_KINDS most frequent keys */
#define EXIT_KINDS	8U
#define EXIT_KIND_IO	0U /* key: the port, and whether it was IN */
#define EXIT_KIND_MSR	1U /* key: the MSR, and whether it was WRMSR */
#define EXIT_KIND_MMIO	2U /* key: the guest-physical address, and whether it was a write */
#define EXIT_KIND_COUNT 3U
struct exit_kinds {
	uint64_t key[EXIT_KINDS];
	uint32_t count[EXIT_KINDS]; /* its exits since it entered the table; 0: the entry is free */
	uint32_t rank[EXIT_KINDS];  /* count, plus the rank of the key it took the place of */
};

/* A load the Service VM answers (vmmio.c): the register it goes to, as the decoder found it. */
struct vmmio_load {
	uint8_t reg;
	bool byte_high;
	uint8_t size;
	uint8_t op_size;
};

#define VMSR_PCPU_MAX 24U /* vmsr.c's table of guest MSRs, by index */

/* The XSAVE area of a vCPU: x87, SSE, AVX and AVX-512 take 2688 bytes. */
#define XSTATE_AREA 3072U

struct vcpu_arch {
	struct guest_regs regs;
	uint64_t *vmcs;
	bool launched;
	uint32_t exits[EXIT_REASON_MAX]; /* VM exits by basic reason */
	struct exit_kinds kinds[EXIT_KIND_COUNT];
	uint64_t tick_tsc;	/* TSC cycles in one HV_TICK_HZ tick */
	uint64_t next_tick;	/* TSC of the next tick */
	unsigned timer_shift;	/* the VMX-preemption timer counts TSC >> timer_shift */
	uint64_t timer_target;	/* the TSC the preemption timer is set for; 0: set it again */
	uint64_t mtrr_def_type; /* vmsr.c: IA32_MTRR_DEF_TYPE as the guest wrote it */
	/* vmsr.c: what the guest owns on the pCPU, kept while another vCPU has the pCPU */
	uint64_t pcpu_msrs[VMSR_PCPU_MAX];
	uint64_t spec_ctrl;
	uint64_t cr2;
	struct vmmio_load mmio_load;
	/* xstate.c: its XCR0 and extended state while another vCPU has the pCPU */
	uint64_t xcr0;
	uint8_t xstate[XSTATE_AREA] ALIGNED(64);
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

/* VMX instructions on a physical address; false if they failed (CF or ZF set). */
static inline bool vmxon(uint64_t pa)
{
	bool bad;

	__asm__ volatile("vmxon %1; setna %0" : "=q"(bad) : "m"(pa) : "cc", "memory");
	return !bad;
}

static inline bool vmclear(uint64_t pa)
{
	bool bad;

	__asm__ volatile("vmclear %1; setna %0" : "=q"(bad) : "m"(pa) : "cc", "memory");
	return !bad;
}

static inline bool vmptrld(uint64_t pa)
{
	bool bad;

	__asm__ volatile("vmptrld %1; setna %0" : "=q"(bad) : "m"(pa) : "cc", "memory");
	return !bad;
}

struct vcpu;
struct vm;
uint32_t vmx_fit(uint32_t want, uint32_t msr, const char *what, bool *ok);
uint64_t ept_pointer(const struct vcpu *v);
/* iTLB multihit (ept.c): what the EPT does against it, decided once before any VM is mapped;
 * an instruction fetch that exited, done when it was one from a 2 MiB page made executable. */
const char *ept_itlb_multihit_init(void);
bool ept_exec_fault(struct vm *vm, uint64_t gpa);
/* Around each VM entry of the vCPU on its pCPU: the INVEPT a change of its VM's map asks for
 * (vm_arch_flush), and the mark that it runs guest code. */
void ept_before_entry(const struct vcpu *v);
void ept_after_exit(const struct vcpu *v);
/* The exceptions that exit (#MC; #AC with split-lock detection), and an #AC exit (mitigate.c). */
uint32_t mitigations_exception_bitmap(void);
void mitigations_ac_exit(struct vcpu *v);
/* An exit for an NMI or a guest's machine check (mca.c). */
void exit_exception_nmi(struct vcpu *v, struct guest_regs *r);
void vmx_handle_exit(struct vcpu *v);
void vmsr_init(struct vcpu_arch *a);
/* The guest state of a vCPU that no VMCS holds, off and onto its shared pCPU. */
void vmsr_save(struct vcpu_arch *a);
void vmsr_restore(const struct vcpu_arch *a);
/* The extended state (xstate.c): the XCR0 components a guest may enable (found once per pCPU
 * at VMX start, xstate_setup), a new vCPU's initial state loaded, a vCPU's state off and onto its
 * shared pCPU. */
void xstate_setup(void);
uint64_t xstate_components(void);
void xstate_cpuid(uint32_t sub, uint32_t r[4]);
void xstate_init(struct vcpu_arch *a);
void xstate_save(struct vcpu_arch *a);
void xstate_restore(const struct vcpu_arch *a);
/* The guest's MSR value, or its write done; false: the access raises #GP. */
bool vmsr_read(const struct vcpu_arch *a, uint32_t msr, uint64_t *value);
bool vmsr_write(struct vcpu_arch *a, uint32_t msr, uint64_t value);
/* CPUID leaf, subleaf as the vCPU sees it (vcpuid.c). */
void vcpuid(const struct vcpu *v, uint32_t leaf, uint32_t sub, uint32_t r[4]);

/* An exit of that basic reason counted, and its key if it is of a kind (exitstat.c). */
void exitstat_count(struct vcpu_arch *a, uint32_t basic);

/* What the exit handlers share (vmexit.c). */
/* Past the exiting instruction, which also ends an STI or MOV SS interrupt shadow. */
void vmx_skip_instruction(void);
/* Queue a hardware exception (its error code 0 where the vector has one and the guest's mode
 * delivers one) for the next VM entry; the faulting instruction is not skipped. */
void vmx_inject_exception(unsigned vector);
/* A general register by its encoding number (RSP from the VMCS). */
uint64_t guest_gpr(const struct guest_regs *r, unsigned n);
void guest_set_gpr(struct guest_regs *r, unsigned n, uint64_t v);

/* Control registers and XCR0 (vcr.c): the masks and read shadows of a vCPU starting with cr0
 * and cr4 (what it reads), and the exits of MOV to or from CR0, CR4 and CR8, and XSETBV. */
void vcr_init(uint64_t cr0, uint64_t cr4);
void exit_cr_access(struct vcpu *v, struct guest_regs *r);
void exit_xsetbv(struct vcpu *v, struct guest_regs *r);
/* The VM's PCI configuration ports 0xCF8 and 0xCFC-0xCFF (vpci.c), and its ACPI PM1a event and
 * control blocks (vpm.c); false: not their ports. */
bool vpci_pio_in(struct vm *vm, uint16_t port, unsigned size, uint32_t *val);
bool vpci_pio_out(struct vm *vm, uint16_t port, unsigned size, uint32_t val);
bool vpm_pio_in(struct vm *vm, uint16_t port, unsigned size, uint32_t *val);
bool vpm_pio_out(struct vm *vm, uint16_t port, unsigned size, uint32_t val);
int vmx_enter(struct guest_regs *regs, int launched);
void vmx_exit(void);

#endif
