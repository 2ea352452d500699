/* VM exits: a table of handlers indexed by the basic exit reason. */
#include "x86.h"
#include "vmx.h"
#include "console.h"
#include "lib.h"
#include "vm.h"
#include "vlapic.h"
#include "vdev.h"
#include "hypercall.h"
#include "ioreq.h"

#define VEC_DB	       1U
#define CS_AR_L	       0x2000UL /* 64-bit code */
#define CS_AR_DB       0x4000UL /* 32-bit code (outside 64-bit mode) */
#define DEBUGCTL_BTF   0x2UL	/* TF steps branches only */
#define PENDING_DBG_BS 0x4000UL /* a single-step #DB is pending */
#define GUEST_HLT      1U	/* the activity state */
#define VEC_UD	       6U
#define VEC_GP	       13U
/* Exceptions that push an error code in protected mode: #DF, #TS, #NP, #SS, #GP, #PF, #AC, #CP */
#define EXC_WITH_ERROR 0x227d00U

typedef void (*exit_handler)(struct vcpu *v, struct guest_regs *r);

/* The instruction pointer wraps as the code segment's size says: at 4 GiB in 32-bit code, at
 * 64 KiB in 16-bit code (VM entry refuses a RIP above 4 GiB outside 64-bit mode). */
static uint64_t next_rip(void)
{
	uint64_t rip = vmread(GUEST_RIP) + vmread(EXIT_INSTR_LEN);
	uint64_t ar = vmread(GUEST_CS_AR);

	if (((vmread(GUEST_EFER) & EFER_LMA) == 0U) || ((ar & CS_AR_L) == 0U)) {
		rip &= ((ar & CS_AR_DB) != 0U) ? 0xffffffffUL : 0xffffUL;
	}
	return rip;
}

/*
 * An instruction the hypervisor did for a guest single-stepping it (RFLAGS.TF, and not only on
 * branches: DEBUGCTL.BTF clear) ends with the single-step #DB it would have raised, DR6.BS set,
 * injected here: the CPU saves no pending single step on such an exit (the SDM; Bochs does save
 * one, which is cleared so that both behave alike). A vCPU going to HLT keeps it pending, to be
 * delivered when it wakes (VM entry requires BS pending there).
 */
static void single_step_trap(void)
{
	uint64_t pending = vmread(GUEST_PENDING_DBG);
	uint64_t keep = pending & ~PENDING_DBG_BS;
	bool step = ((vmread(GUEST_RFLAGS) & RFLAGS_TF) != 0U) &&
		    ((vmread(GUEST_DEBUGCTL) & DEBUGCTL_BTF) == 0U);
	bool halting = vmread(GUEST_ACTIVITY) == GUEST_HLT;

	if (step && halting) {
		keep |= PENDING_DBG_BS;
	} else if (step && ((vmread(ENTRY_INTR_INFO) & INTR_INFO_VALID) == 0U)) {
		write_dr6(read_dr6() | DR6_BS); /* the guest's DR6: the hypervisor uses none */
		vmwrite(ENTRY_INTR_INFO,
			VEC_DB | ((uint32_t)INTR_TYPE_HW_EXCEPTION << 8) | INTR_INFO_VALID);
	} else {
		/* no step, or an event the handler queued goes first, as in the CPU */
	}
	if (keep != pending) {
		vmwrite(GUEST_PENDING_DBG, keep);
	}
}

void vmx_skip_instruction(void)
{
	vmwrite(GUEST_RIP, next_rip());
	vmwrite(GUEST_INTERRUPTIBILITY, vmread(GUEST_INTERRUPTIBILITY) & ~3UL);
	single_step_trap();
}

/* Real mode delivers no error code: VM entry refuses one there (an AP before its switch to
 * protected mode, a guest that went back to real mode). */
void vmx_inject_exception(unsigned vector)
{
	uint32_t info = vector | ((uint32_t)INTR_TYPE_HW_EXCEPTION << 8) | INTR_INFO_VALID;

	if ((((EXC_WITH_ERROR >> vector) & 1U) != 0U) && ((vmread(GUEST_CR0) & CR0_PE) != 0U)) {
		info |= INTR_HAS_ERROR;
		vmwrite(ENTRY_EXC_ERROR, 0U);
	}
	vmwrite(ENTRY_INTR_INFO, info);
}

uint64_t guest_gpr(const struct guest_regs *r, unsigned n)
{
	return (n == GPR_RSP) ? vmread(GUEST_RSP) : r->gpr[n & (GPR_COUNT - 1U)];
}

void guest_set_gpr(struct guest_regs *r, unsigned n, uint64_t v)
{
	if (n == GPR_RSP) {
		vmwrite(GUEST_RSP, v);
	} else {
		r->gpr[n & (GPR_COUNT - 1U)] = v;
	}
}

static void exit_cpuid(struct vcpu *v, struct guest_regs *r)
{
	uint32_t out[4];

	vcpuid(v, (uint32_t)r->gpr[GPR_RAX], (uint32_t)r->gpr[GPR_RCX], out);
	r->gpr[GPR_RAX] = out[0];
	r->gpr[GPR_RBX] = out[1];
	r->gpr[GPR_RCX] = out[2];
	r->gpr[GPR_RDX] = out[3];
	vmx_skip_instruction();
}

/* The ports of the VM's PCI configuration mechanism and ACPI blocks (16- and 32-bit
 * registers), then those of the core's devices. */
static uint32_t pio_in(struct vm *vm, uint16_t port, unsigned size)
{
	uint32_t val;

	if (!vpci_pio_in(vm, port, size, &val) && !vpm_pio_in(vm, port, size, &val) &&
	    !svmdev_pio_in(vm, port, size, &val)) {
		val = vm_pio_in(vm, port, size);
	}
	return val;
}

static void pio_out(struct vm *vm, uint16_t port, unsigned size, uint32_t val)
{
	if (!vpci_pio_out(vm, port, size, val) && !vpm_pio_out(vm, port, size, val) &&
	    !svmdev_pio_out(vm, port, size, val)) {
		vm_pio_out(vm, port, size, val);
	}
}

/* A post-launched VM's port: its vUARTs and platform devices here; false: none of them has it,
 * and the access goes to the Service VM's device model (ioreq), PCI configuration ports too. */
static bool uvm_pio_local(struct vm *vm, uint16_t port, unsigned size, bool in, uint32_t *val)
{
	bool ours;

	spin_lock(&vm->io_lock);
	ours = in ? (vuart_pio_in(vm, port, val) || vm_arch_pio_in(vm, port, size, val))
		  : (vuart_pio_out(vm, port, *val) || vm_arch_pio_out(vm, port, size, *val));
	spin_unlock(&vm->io_lock);
	return ours;
}

/* The bits of a port access of size bytes (1, 2 or 4). */
static uint64_t pio_mask(unsigned size)
{
	unsigned bits = 8U * size;

	return (1UL << bits) - 1UL;
}

/* IN to EAX clears the upper half of RAX, as any write of a 32-bit register does. */
static void set_rax(struct guest_regs *r, unsigned size, uint64_t val)
{
	uint64_t mask = pio_mask(size);
	uint64_t keep = (size == 4U) ? 0U : (r->gpr[GPR_RAX] & ~mask);

	r->gpr[GPR_RAX] = keep | (val & mask);
}

void vcpu_arch_io_done(struct vcpu *v, uint64_t value)
{
	if (v->io.type == IOREQ_PIO) {
		set_rax(&v->arch->regs, v->io.size, value);
	} else {
		vmmio_load_done(v, &v->arch->regs, value);
	}
}

static void exit_io(struct vcpu *v, struct guest_regs *r)
{
	uint64_t q = vmread(EXIT_QUALIFICATION);
	unsigned size = (unsigned)(q & 7U) + 1U;
	uint16_t port = (uint16_t)(q >> 16);
	bool in = (q & 0x8U) != 0U;
	uint32_t val = (uint32_t)(r->gpr[GPR_RAX] & pio_mask(size));

	if ((q & 0x10U) != 0U) { /* string I/O */
		vm_stop(v->vm, "string I/O to port 0x%x is not emulated (RIP 0x%lx)", port,
			vmread(GUEST_RIP));
		return;
	}
	if (ioreq_routes(v->vm)) {
		if (!uvm_pio_local(v->vm, port, size, in, &val)) {
			vmx_skip_instruction();
			ioreq_send(v, IOREQ_PIO, !in, port, size, val);
			return;
		}
	} else if (in) {
		val = pio_in(v->vm, port, size);
	} else {
		pio_out(v->vm, port, size, val);
	}
	if (in) {
		set_rax(r, size, val);
	}
	vmx_skip_instruction();
}

static void exit_hlt(struct vcpu *v, struct guest_regs *r)
{
	(void)r;
	if ((vmread(GUEST_RFLAGS) & RFLAGS_IF) == 0U) {
		vcpu_halt(v, "halted with interrupts off at RIP 0x%lx", vmread(GUEST_RIP));
	} else if (!vlapic_halt(v)) {
		vcpu_halt(v, "halted at RIP 0x%lx waiting for an interrupt nothing can send",
			  vmread(GUEST_RIP));
	} else {
		vmx_skip_instruction();
	}
}

/* An access to an emulated device's MMIO is done; any other stops the VM. */
static void exit_ept_violation(struct vcpu *v, struct guest_regs *r)
{
	uint64_t q = vmread(EXIT_QUALIFICATION);
	const char *access = "read";

	if (((q & 4U) == 0U) && vmmio_emulate(v, r, vmread(GUEST_PHYS_ADDR))) {
		return; /* a device register */
	}
	if (((q & 4U) != 0U) && ept_exec_fault(v->vm, vmread(GUEST_PHYS_ADDR))) {
		return; /* code in a 2 MiB page, now 4 KiB pages it may execute */
	}
	if ((q & 4U) != 0U) {
		access = "instruction fetch";
	} else if ((q & 2U) != 0U) {
		access = "write";
	} else {
		/* a read */
	}
	vm_stop(v->vm, "EPT violation: %s at GPA 0x%lx (RIP 0x%lx)", access,
		vmread(GUEST_PHYS_ADDR), vmread(GUEST_RIP));
}

static void exit_triple_fault(struct vcpu *v, struct guest_regs *r)
{
	(void)r;
	vm_stop(v->vm, "triple fault at RIP 0x%lx", vmread(GUEST_RIP));
}

static void exit_rdmsr(struct vcpu *v, struct guest_regs *r)
{
	uint32_t msr = (uint32_t)r->gpr[GPR_RCX];
	uint64_t value;
	int apic = vlapic_rdmsr(v, msr, &value);

	if ((apic < 0) || ((apic == 0) && !vmsr_read(v->arch, msr, &value))) {
		vm_report(v->vm, "rdmsr 0x%x at RIP 0x%lx is not allowed: #GP", msr,
			  vmread(GUEST_RIP));
		vmx_inject_exception(VEC_GP);
		return;
	}
	r->gpr[GPR_RAX] = (uint32_t)value;
	r->gpr[GPR_RDX] = value >> 32;
	vmx_skip_instruction();
}

static void exit_wrmsr(struct vcpu *v, struct guest_regs *r)
{
	uint32_t msr = (uint32_t)r->gpr[GPR_RCX];
	uint64_t value =
	    ((r->gpr[GPR_RDX] & 0xffffffffUL) << 32) | (r->gpr[GPR_RAX] & 0xffffffffUL);
	int apic = vlapic_wrmsr(v, msr, value);

	if ((apic < 0) || ((apic == 0) && !vmsr_write(v->arch, msr, value))) {
		vm_report(v->vm, "wrmsr 0x%x value 0x%lx at RIP 0x%lx is not allowed: #GP", msr,
			  value, vmread(GUEST_RIP));
		vmx_inject_exception(VEC_GP);
		return;
	}
	vmx_skip_instruction();
}

/* Only a VM the tables allow hypercalls (the Service VM) may VMCALL (others get #UD), and only
 * from CPL 0 (#GP(0) otherwise, as ACRN): the ID in R8, arguments in RDI and RSI, the result in
 * RAX; every other register is kept. */
static void exit_vmcall(struct vcpu *v, struct guest_regs *r)
{
	if ((v->vm->cfg->flags & ACFG_VM_HYPERCALLS) == 0U) {
		vm_report(v->vm, "vmcall at RIP 0x%lx: hypercalls are not allowed to it: #UD",
			  vmread(GUEST_RIP));
		vmx_inject_exception(VEC_UD);
	} else if (((vmread(GUEST_SS_AR) >> 5) & 3U) != 0U) { /* the CPL is SS's DPL */
		vm_report(v->vm, "vmcall at RIP 0x%lx from CPL %lu: #GP", vmread(GUEST_RIP),
			  (vmread(GUEST_SS_AR) >> 5) & 3U);
		vmx_inject_exception(VEC_GP);
	} else {
		r->gpr[GPR_RAX] =
		    (uint64_t)hypercall(v, r->gpr[GPR_R8], r->gpr[GPR_RDI], r->gpr[GPR_RSI]);
		vmx_skip_instruction();
	}
}

/* VMX, GETSEC, MONITOR and MWAIT: CPUID offers none of them, so they raise #UD, as on a CPU
 * without them. */
static void exit_undefined(struct vcpu *v, struct guest_regs *r)
{
	(void)v;
	(void)r;
	vmx_inject_exception(VEC_UD);
}

/* RDPMC that the CPU lets through (CR4.PCE or CPL 0): the guest has no performance counters
 * (CPUID leaf 0xA reads zero), and the physical ones count for whoever ran before: #GP, as
 * for a counter that does not exist. */
static void exit_rdpmc(struct vcpu *v, struct guest_regs *r)
{
	vm_report(v->vm, "rdpmc of counter 0x%x at RIP 0x%lx: no counters: #GP",
		  (uint32_t)r->gpr[GPR_RCX], vmread(GUEST_RIP));
	vmx_inject_exception(VEC_GP);
}

/* INVD would drop the cache's dirty lines, which may be another VM's: it exits always. Guest
 * memory is write-back and coherent, so keeping the lines is what the guest can observe of a
 * write-back first (as WBINVD would do): INVD is done as a no-op and reported. */
static void exit_invd(struct vcpu *v, struct guest_regs *r)
{
	(void)r;
	vm_report(v->vm, "invd at RIP 0x%lx: done as a no-op (the caches keep their data)",
		  vmread(GUEST_RIP));
	vmx_skip_instruction();
}

/* WBINVD would write back and empty the caches the other VMs share, for as long as that takes:
 * it exits. Guest memory is write-back and coherent, and no device does DMA for a guest, so the
 * flush would change nothing the guest can see: it is done as a no-op and reported. */
static void exit_wbinvd(struct vcpu *v, struct guest_regs *r)
{
	(void)r;
	vm_report(v->vm, "wbinvd at RIP 0x%lx: done as a no-op (the caches are shared)",
		  vmread(GUEST_RIP));
	vmx_skip_instruction();
}

/* A task switch (CALL, JMP or IRET to a TSS, or a task gate in the IDT) is not emulated: the
 * VM stops, with what it tried. Linux never switches tasks in 64-bit mode, where they do not
 * exist. */
static void exit_task_switch(struct vcpu *v, struct guest_regs *r)
{
	static const char *const sources[4] = {"CALL", "IRET", "JMP", "a task gate"};
	uint64_t q = vmread(EXIT_QUALIFICATION);

	(void)r;
	vm_stop(v->vm, "task switch by %s to TSS selector 0x%lx at RIP 0x%lx: not emulated",
		sources[(q >> 30) & 3U], q & 0xffffUL, vmread(GUEST_RIP));
}

/* The VMX-preemption timer ran out: the hypervisor's tick or the guest timer's expiry, which
 * the next entry takes care of (vcpu_arch_run). */
static void exit_timer(struct vcpu *v, struct guest_regs *r)
{
	(void)r;
	v->arch->timer_target = 0; /* it ran out */
}

/* The guest can take an interrupt (or NMI) again: vlapic_before_entry injects it. */
static void exit_nothing(struct vcpu *v, struct guest_regs *r)
{
	(void)v;
	(void)r;
}

/*
 * Only another pCPU's notification of interrupts posted to this vCPU should interrupt a pCPU
 * (the PICs are masked, no device is programmed): it exits, acknowledged on exit, and the next
 * entry takes what was posted. Whatever else arrives is reported and ended, never passed to a
 * guest.
 */
static void exit_interrupt(struct vcpu *v, struct guest_regs *r)
{
	unsigned vector = INTR_INFO_VECTOR((unsigned)vmread(EXIT_INTR_INFO));

	(void)r;
	if (vector != SPURIOUS_VECTOR) {
		lapic_eoi();
	}
	if (pirq_interrupt(v, vector)) {
		return; /* a Service VM device's, raised on its virtual I/O APIC */
	}
	if (vector != VLAPIC_NOTIFY_VECTOR) {
		vm_report(v->vm, "pCPU%u took interrupt vector 0x%x: ended", v->pcpu, vector);
	}
}

/* An event the exit interrupted while the guest took it (an injected timer interrupt, say)
 * is delivered again on the next entry, unless the handler queued another. */
static void redeliver(struct vcpu *v)
{
	uint32_t info = (uint32_t)vmread(IDT_VECTORING_INFO);

	if (((info & INTR_INFO_VALID) == 0U) || !vm_running(v->vm) ||
	    ((vmread(ENTRY_INTR_INFO) & INTR_INFO_VALID) != 0U)) {
		return;
	}
	vmwrite(ENTRY_INTR_INFO, info & ~INTR_NMI_UNBLOCKED);
	if (INTR_INFO_TYPE(info) >= INTR_TYPE_SOFT_INTR) { /* INT n, INT3, INTO */
		vmwrite(ENTRY_INSTR_LEN, vmread(EXIT_INSTR_LEN));
	}
	if ((info & INTR_HAS_ERROR) != 0U) {
		vmwrite(ENTRY_EXC_ERROR, vmread(IDT_VECTORING_ERROR));
	}
}

void vmx_handle_exit(struct vcpu *v)
{
	static const exit_handler exit_handlers[EXIT_REASON_MAX] = {
	    [EXIT_EXCEPTION_NMI] = exit_exception_nmi,
	    [EXIT_EXT_INTR] = exit_interrupt,
	    [EXIT_TRIPLE_FAULT] = exit_triple_fault,
	    [EXIT_INTR_WINDOW] = exit_nothing,
	    [EXIT_TASK_SWITCH] = exit_task_switch,
	    [EXIT_NMI_WINDOW] = exit_nothing,
	    [EXIT_CPUID] = exit_cpuid,
	    [EXIT_GETSEC] = exit_undefined,
	    [EXIT_HLT] = exit_hlt,
	    [EXIT_INVD] = exit_invd,
	    [EXIT_RDPMC] = exit_rdpmc,
	    [EXIT_VMCALL] = exit_vmcall,
	    [EXIT_VMCLEAR] = exit_undefined,
	    [EXIT_VMLAUNCH] = exit_undefined,
	    [EXIT_VMPTRLD] = exit_undefined,
	    [EXIT_VMPTRST] = exit_undefined,
	    [EXIT_VMREAD] = exit_undefined,
	    [EXIT_VMRESUME] = exit_undefined,
	    [EXIT_VMWRITE] = exit_undefined,
	    [EXIT_VMXOFF] = exit_undefined,
	    [EXIT_VMXON] = exit_undefined,
	    [EXIT_CR_ACCESS] = exit_cr_access,
	    [EXIT_IO] = exit_io,
	    [EXIT_RDMSR] = exit_rdmsr,
	    [EXIT_WRMSR] = exit_wrmsr,
	    [EXIT_MWAIT] = exit_undefined,
	    [EXIT_MONITOR] = exit_undefined,
	    [EXIT_EPT_VIOLATION] = exit_ept_violation,
	    [EXIT_PREEMPT_TIMER] = exit_timer,
	    [EXIT_INVEPT] = exit_undefined,
	    [EXIT_INVVPID] = exit_undefined,
	    [EXIT_WBINVD] = exit_wbinvd,
	    [EXIT_XSETBV] = exit_xsetbv,
	};
	uint32_t reason = (uint32_t)vmread(EXIT_REASON);
	unsigned basic = reason & 0xffffU;

	exitstat_count(v->arch, basic);
	if ((reason & EXIT_REASON_ENTRY_FAIL) != 0U) {
		vm_stop(v->vm, "VM entry failed, exit reason %u, qualification 0x%lx", basic,
			vmread(EXIT_QUALIFICATION));
	} else if ((basic < EXIT_REASON_MAX) && (exit_handlers[basic] != NULL)) {
		exit_handlers[basic](v, &v->arch->regs);
	} else {
		vm_stop(v->vm, "unhandled VM exit %u, qualification 0x%lx, at RIP 0x%lx", basic,
			vmread(EXIT_QUALIFICATION), vmread(GUEST_RIP));
	}
	redeliver(v);
}
