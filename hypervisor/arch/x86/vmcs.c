/* A vCPU's VMCS: controls fitted to the CPU, host state, the guest's first state; entering it. */
#include "x86.h"
#include "vmx.h"
#include "boot.h"
#include "console.h"
#include "lib.h"
#include "mm.h"
#include "pcpu.h"
#include "vm.h"
#include "vlapic.h"
#include "ioreq.h"
#include "vdev.h"

#define AR_CODE32	   0xc09bU /* present, code, read, accessed, 32-bit, 4 KiB granularity */
#define AR_CODE64	   0xa09bU /* the same, 64-bit */
#define AR_DATA32	   0xc093U
#define AR_TSS_BUSY	   0x008bU
#define AR_UNUSABLE	   0x10000U
#define AR_CODE16	   0x009bU /* present, code, read, accessed, 16-bit, byte granularity */
#define AR_DATA16	   0x0093U
#define SEL_CODE32	   0x08U /* the guest's flat segments: selectors it may load later */
#define SEL_DATA32	   0x10U
#define SEL_BOOT_CS	   0x10U /* Linux's __BOOT_CS and __BOOT_DS */
#define SEL_BOOT_DS	   0x18U
#define GDT_LIMIT	   0x1fU		/* null, unused, __BOOT_CS, __BOOT_DS */
#define PAT_RESET	   0x0007040600070406UL /* the power-on value: WB, WT, UC-, UC, twice */
#define GUEST_ACTIVITY_HLT 1U

/* Guest segment registers in the order of their VMCS fields */
#define SEG_ES	 0U
#define SEG_CS	 1U
#define SEG_SS	 2U
#define SEG_DS	 3U
#define SEG_FS	 4U
#define SEG_GS	 5U
#define SEG_LDTR 6U
#define SEG_TR	 7U

static void vmcs_segment(unsigned seg, uint16_t sel, uint32_t limit, uint32_t ar)
{
	vmwrite(GUEST_ES_SELECTOR + (2U * seg), sel);
	vmwrite(GUEST_ES_BASE + (2U * seg), 0U);
	vmwrite(GUEST_ES_LIMIT + (2U * seg), limit);
	vmwrite(GUEST_ES_AR + (2U * seg), ar);
}

/*
 * What exits: external interrupts and NMIs, the preemption timer, HLT, all port I/O, CR8
 * accesses (the vLAPIC's TPR), MONITOR and MWAIT (#UD: not offered), RDPMC (#GP: no counters),
 * WBINVD (a no-op: it would flush caches other VMs use), and what always exits.
 * RDTSCP and INVPCID run in the guest where the CPU lets them (CPUID offers them only then).
 */
static int vmcs_controls(const struct vcpu *v, bool ia32e)
{
	uint32_t may2 = (uint32_t)(rdmsr(MSR_VMX_PROCBASED2) >> 32);
	bool ok = true;

	vmwrite(PIN_CONTROLS, vmx_fit(PIN_EXT_INTR | PIN_NMI | PIN_VIRTUAL_NMI | PIN_PREEMPT_TIMER,
				      MSR_VMX_PINBASED, "pin-based", &ok));
	vmwrite(PROC_CONTROLS, vmx_fit(PROC_HLT | PROC_UNCOND_IO | PROC_CR8_LOAD | PROC_CR8_STORE |
					   PROC_MWAIT | PROC_MONITOR | PROC_RDPMC | PROC_SECONDARY,
				       MSR_VMX_PROCBASED, "processor-based", &ok));
	vmwrite(PROC2_CONTROLS, vmx_fit(PROC2_EPT | PROC2_UNRESTRICTED | PROC2_WBINVD |
					    (may2 & (PROC2_RDTSCP | PROC2_INVPCID)),
					MSR_VMX_PROCBASED2, "secondary processor-based", &ok));
	vmwrite(EXIT_CONTROLS,
		vmx_fit(EXIT_HOST_64 | EXIT_ACK_INTR | EXIT_SAVE_PAT | EXIT_LOAD_PAT |
			    EXIT_SAVE_EFER | EXIT_LOAD_EFER | EXIT_SAVE_PREEMPT,
			MSR_VMX_EXIT, "VM-exit", &ok));
	vmwrite(ENTRY_CONTROLS,
		vmx_fit(ENTRY_LOAD_PAT | ENTRY_LOAD_EFER | (ia32e ? ENTRY_IA32E : 0U),
			MSR_VMX_ENTRY, "VM-entry", &ok));
	vmwrite(EXCEPTION_BITMAP, mitigations_exception_bitmap());
	vmwrite(EPT_POINTER, ept_pointer(v));
	vmwrite(VMCS_LINK_POINTER, ~0UL);
	return ok ? 0 : -1;
}

static void vmcs_host_state(void)
{
	unsigned id = pcpu_arch_id();
	struct x86_dtr idtr;

	__asm__ volatile("sidt %0" : "=m"(idtr));
	vmwrite(HOST_CR0, read_cr0());
	vmwrite(HOST_CR3, read_cr3());
	vmwrite(HOST_CR4, read_cr4());
	vmwrite(HOST_CS_SELECTOR, SEL_CODE);
	vmwrite(HOST_TR_SELECTOR, SEL_TSS);
	for (uint32_t f = HOST_ES_SELECTOR; f <= HOST_GS_SELECTOR; f += 2U) {
		if (f != HOST_CS_SELECTOR) {
			vmwrite(f, SEL_DATA);
		}
	}
	vmwrite(HOST_FS_BASE, 0);
	vmwrite(HOST_GS_BASE, rdmsr(MSR_GS_BASE));
	vmwrite(HOST_TR_BASE, mm_hpa(&x86_cpus[id].tss));
	vmwrite(HOST_GDTR_BASE, mm_hpa(x86_cpus[id].gdt));
	vmwrite(HOST_IDTR_BASE, idtr.base);
	vmwrite(HOST_SYSENTER_CS, 0);
	vmwrite(HOST_SYSENTER_ESP, 0);
	vmwrite(HOST_SYSENTER_EIP, 0);
	vmwrite(HOST_PAT, rdmsr(MSR_PAT));
	vmwrite(HOST_EFER, rdmsr(MSR_EFER));
	vmwrite(HOST_RIP, (uint64_t)vmx_exit);
}

/* Segments, descriptor tables and control registers that no start mode sets otherwise. */
static void vmcs_guest_common(void)
{
	vmcs_segment(SEG_LDTR, 0, 0, AR_UNUSABLE);
	vmcs_segment(SEG_TR, 0, 0xff, AR_TSS_BUSY);
	vmwrite(GUEST_GDTR_BASE, 0);
	vmwrite(GUEST_GDTR_LIMIT, 0);
	vmwrite(GUEST_IDTR_BASE, 0);
	vmwrite(GUEST_IDTR_LIMIT, 0);
	vmwrite(GUEST_CR3, 0);
	vmwrite(GUEST_DR7, 0x400);
	vmwrite(GUEST_RSP, 0);
	vmwrite(GUEST_RFLAGS, 0x2);
	vmwrite(GUEST_DEBUGCTL, 0);
	vmwrite(GUEST_PAT, PAT_RESET);
	vmwrite(GUEST_EFER, 0);
	vmwrite(GUEST_FS_BASE, 0);
	vmwrite(GUEST_GS_BASE, 0);
	vmwrite(GUEST_SYSENTER_CS, 0);
	vmwrite(GUEST_SYSENTER_ESP, 0);
	vmwrite(GUEST_SYSENTER_EIP, 0);
	vmwrite(GUEST_ACTIVITY, 0);
	vmwrite(GUEST_INTERRUPTIBILITY, 0);
	vmwrite(GUEST_PENDING_DBG, 0);
}

/* CR0 and CR4 as the guest reads them; the VMCS holds them with the bits VMX fixes. */
static void vmcs_guest_crs(uint64_t cr0, uint64_t cr4)
{
	vmwrite(GUEST_CR0, cr0 | CR0_NE);
	vmwrite(GUEST_CR4, cr4 | CR4_VMXE);
	vcr_init(cr0, cr4);
}

/* An application processor: real mode at the start-up IPI's page, CR0 and the descriptor
 * tables as after INIT (the IDTR's limit 0xffff: real mode's interrupt table is 256 vectors). */
static void vmcs_guest_real(int start_vector)
{
	vmwrite(GUEST_GDTR_LIMIT, 0xffffU);
	vmwrite(GUEST_IDTR_LIMIT, 0xffffU);
	for (unsigned s = SEG_ES; s <= SEG_GS; s++) {
		vmcs_segment(s, 0U, 0xffffU, (s == SEG_CS) ? AR_CODE16 : AR_DATA16);
	}
	vmwrite(GUEST_ES_SELECTOR + (2U * SEG_CS), (uint64_t)start_vector << 8);
	vmwrite(GUEST_ES_BASE + (2U * SEG_CS), (uint64_t)start_vector << 12);
	vmwrite(GUEST_RIP, 0);
	vmcs_guest_crs(CR0_ET, 0U);
}

/* vCPU 0 of a flat image: 32-bit protected mode, flat segments, paging off (unrestricted
 * guest allows it). */
static void vmcs_guest_flat32(const struct vm_start *st)
{
	for (unsigned s = SEG_ES; s <= SEG_GS; s++) {
		bool code = s == SEG_CS;

		vmcs_segment(s, code ? SEL_CODE32 : SEL_DATA32, 0xffffffffU,
			     code ? AR_CODE32 : AR_DATA32);
	}
	vmwrite(GUEST_RIP, st->entry);
	vmcs_guest_crs(CR0_PE | CR0_ET | CR0_NE, 0U);
}

/* vCPU 0 of a Linux bzImage, as the 64-bit boot protocol says: 64-bit mode, paging on (the
 * loader's identity map), CS __BOOT_CS and the data segments __BOOT_DS of the loader's GDT,
 * interrupts off, RSI the boot_params. */
static void vmcs_guest_linux64(struct vcpu_arch *a, const struct vm_start *st)
{
	for (unsigned s = SEG_ES; s <= SEG_GS; s++) {
		bool code = s == SEG_CS;

		vmcs_segment(s, code ? SEL_BOOT_CS : SEL_BOOT_DS, 0xffffffffU,
			     code ? AR_CODE64 : AR_DATA32);
	}
	vmwrite(GUEST_GDTR_BASE, st->gdt);
	vmwrite(GUEST_GDTR_LIMIT, GDT_LIMIT);
	vmwrite(GUEST_CR3, st->cr3);
	vmwrite(GUEST_EFER, EFER_LME | EFER_LMA);
	vmwrite(GUEST_RIP, st->entry);
	vmcs_guest_crs(CR0_PE | CR0_ET | CR0_NE | CR0_PG, CR4_PAE);
	a->regs.gpr[GPR_RSI] = st->arg;
}

/* vCPU 0 of a post-launched VM before HC_SET_VCPU_REGS: as after power-on, real mode at
 * 0xFFFFFFF0 (CS base 0xFFFF0000, IP 0xFFF0). */
static void vmcs_guest_reset(void)
{
	vmcs_guest_real(0);
	vmwrite(GUEST_ES_SELECTOR + (2U * SEG_CS), 0xf000U);
	vmwrite(GUEST_ES_BASE + (2U * SEG_CS), 0xffff0000U);
	vmwrite(GUEST_RIP, 0xfff0U);
}

/* The state HC_SET_VCPU_REGS gave, as ACRN sets it: CS as given, the other segments flat with
 * the mode's limit and access rights, LDTR and TR by their selectors only. */
static void vmcs_guest_regs(struct vcpu_arch *a, const struct vm_regs *r)
{
	static const unsigned data_segs[4] = {SEG_SS, SEG_DS, SEG_ES, SEG_FS};
	bool pe = (r->cr0 & CR0_PE) != 0U;

	for (unsigned i = 0U; i < 4U; i++) {
		vmcs_segment(data_segs[i], r->sel[i + 1U], pe ? 0xffffffffU : 0xffffU,
			     pe ? AR_DATA32 : AR_DATA16);
	}
	vmcs_segment(SEG_GS, r->sel[5], pe ? 0xffffffffU : 0xffffU, pe ? AR_DATA32 : AR_DATA16);
	vmcs_segment(SEG_CS, r->sel[0], r->cs_limit, r->cs_ar);
	vmwrite(GUEST_ES_BASE + (2U * SEG_CS), r->cs_base);
	vmcs_segment(SEG_LDTR, r->sel[6], 0xffffU, (r->sel[6] != 0U) ? 0x82U : AR_UNUSABLE);
	vmcs_segment(SEG_TR, r->sel[7], 0xffffU, AR_TSS_BUSY);
	vmwrite(GUEST_GDTR_BASE, r->gdt_base);
	vmwrite(GUEST_GDTR_LIMIT, r->gdt_limit);
	vmwrite(GUEST_IDTR_BASE, r->idt_base);
	vmwrite(GUEST_IDTR_LIMIT, r->idt_limit);
	vmwrite(GUEST_CR3, r->cr3);
	vmwrite(GUEST_EFER, r->efer);
	vmwrite(GUEST_RIP, r->rip);
	vmwrite(GUEST_RSP, r->gpr[GPR_RSP]);
	vmwrite(GUEST_RFLAGS, (r->rflags & ~0x8d5UL) | 0x2UL);
	vmcs_guest_crs(r->cr0, r->cr4);
	for (unsigned i = 0U; i < GPR_COUNT; i++) {
		a->regs.gpr[i] = (i == GPR_RSP) ? 0U : r->gpr[i];
	}
}

/* Whether the vCPU starts in IA-32e mode (the VM-entry control must say so). */
static bool vcpu_starts_ia32e(const struct vcpu *v)
{
	const struct vm_start *st = &v->vm->start;

	if (v->start_vector >= 0) {
		return false;
	}
	return (st->mode == VM_START_LINUX64) ||
	       ((st->mode == VM_START_REGS) && ((st->regs.efer & EFER_LMA) != 0U));
}

/* The vCPU's first state, by how its VM starts. */
static void vmcs_guest_start(struct vcpu *v)
{
	const struct vm_start *st = &v->vm->start;

	if (v->start_vector >= 0) {
		vmcs_guest_real(v->start_vector);
	} else if (st->mode == VM_START_LINUX64) {
		vmcs_guest_linux64(v->arch, st);
	} else if (st->mode == VM_START_RESET) {
		vmcs_guest_reset();
	} else if (st->mode == VM_START_REGS) {
		vmcs_guest_regs(v->arch, &st->regs);
	} else {
		vmcs_guest_flat32(st);
	}
}

/* The vCPU whose VMCS each pCPU loaded last (each pCPU writes its own). */
static struct vcpu *vmcs_loaded[PCPU_MAX];

/* Per vCPU: a pCPU may run several by turns (core/sched.c). A VM created again in its slot
 * keeps its vCPUs' VMCS pages. */
int vcpu_arch_init(struct vcpu *v)
{
	static struct vcpu_arch vcpu_archs[VM_MAX * VCPU_MAX];
	struct vcpu_arch *a = &vcpu_archs[v->slot];
	uint64_t *vmcs = a->vmcs;
	uint64_t pa;
	struct vcpu *last = vmcs_loaded[v->pcpu];

	if ((last != NULL) && (last != v)) {
		vmsr_save(last->arch); /* vmsr_init clears the pCPU's MSRs for v */
		xstate_save(last->arch);
	}
	v->arch = a;
	(void)memset(a, 0, sizeof(*a));
	vlapic_reset(v);
	a->vmcs = (vmcs != NULL) ? vmcs : page_alloc();
	a->vmcs[0] = rdmsr(MSR_VMX_BASIC) & 0x7fffffffUL; /* the revision; the abort indicator 0 */
	pa = mm_hpa(a->vmcs);
	if (!vmclear(pa) || !vmptrld(pa)) {
		return -1;
	}
	vmcs_loaded[v->pcpu] = v;
	vmcs_host_state();
	vmcs_guest_common();
	vmcs_guest_start(v);
	if (vmcs_controls(v, vcpu_starts_ia32e(v)) != 0) {
		return -1;
	}
	vmsr_init(a);
	xstate_init(a);
	svmdev_vcpu_init(v);
	a->tick_tsc = (tsc_per_10ms * 100U) / HV_TICK_HZ;
	a->next_tick = rdtsc() + a->tick_tsc;
	a->timer_shift = (unsigned)rdmsr(MSR_VMX_MISC) & 0x1fU;
	mitigations_vcpu_start();
	if (boot_option("selftest=interrupt")) {
		lapic_self_ipi(SELFTEST_VECTOR);
	}
	return 0;
}

/* The hypervisor's tick (vcpu_tick), at the first entry once it is due, whatever exit came
 * first: usually one of the guest's own (its timer's), so that the tick costs no exit. */
static void hv_tick(struct vcpu *v, uint64_t now)
{
	struct vcpu_arch *a = v->arch;

	if (now < a->next_tick) {
		return;
	}
	a->next_tick += a->tick_tsc;
	if (a->next_tick <= now) {
		a->next_tick = now + a->tick_tsc;
	}
	vcpu_tick(v);
	mca_report();
}

/*
 * The hypervisor's timer: the VMX-preemption timer, which counts down in the guest whatever the
 * guest does, aimed at the guest timer's expiry or, at the latest, 7/8 of a tick after the
 * hypervisor's next tick is due: a guest whose own timer exits at the tick's rate (Linux's
 * does, at 100 Hz) brings the tick with one of them, and a guest that never exits still loses
 * its pCPU within two ticks. The VMCS keeps what is left of the count across exits, so it is
 * set again only when that target changes or it ran out (the time the hypervisor itself runs
 * only delays the expiry).
 */
static void arm_preemption_timer(struct vcpu_arch *a, uint64_t guest_deadline, uint64_t now)
{
	uint64_t next = a->next_tick + (a->tick_tsc - (a->tick_tsc >> 3));
	uint64_t count = 0U;

	if ((guest_deadline != 0U) && (guest_deadline < next)) {
		next = guest_deadline;
	}
	if (next == a->timer_target) {
		return;
	}
	if (next > now) {
		count = (next - now) >> a->timer_shift;
	}
	vmwrite(PREEMPT_TIMER, (count > 0xffffffffUL) ? 0xffffffffUL : count);
	a->timer_target = next;
}

void vcpu_arch_run(struct vcpu *v)
{
	struct vcpu_arch *a = v->arch;
	uint64_t now = rdtsc();
	int err;

	hv_tick(v, now);
	if (!ioreq_before_entry(v)) {
		pcpu_arch_relax(); /* its I/O request is not answered yet */
		return;
	}
	arm_preemption_timer(a, vlapic_before_entry(v), now);
	ept_before_entry(v);
	mitigations_before_entry();
	err = vmx_enter(&a->regs, a->launched ? 1 : 0);
	ept_after_exit(v);
	if (err != 0) {
		vm_stop(v->vm, "%s failed, VM-instruction error %lu",
			a->launched ? "VMRESUME" : "VMLAUNCH", vmread(VM_INSTR_ERROR));
		return;
	}
	a->launched = true;
	vmx_handle_exit(v);
}

void vcpu_arch_load(struct vcpu *v)
{
	struct vcpu *last = vmcs_loaded[v->pcpu];

	if (last == v) {
		return;
	}
	if ((last == NULL) || (last->vm != v->vm)) {
		mitigations_vcpu_start(); /* what another VM left in the predictors goes */
	}
	if (last != NULL) {
		vmsr_save(last->arch);
		xstate_save(last->arch);
	}
	vmsr_restore(v->arch);
	xstate_restore(v->arch);
	(void)vmptrld(mm_hpa(v->arch->vmcs));
	vmcs_loaded[v->pcpu] = v;
	/* its ticks count its own time: the next is a tick after it gets the pCPU back */
	v->arch->next_tick = rdtsc() + v->arch->tick_tsc;
	v->arch->timer_target = 0U;
}

bool vcpu_arch_waiting(struct vcpu *v)
{
	vcpu_arch_load(v);
	return (vmread(GUEST_ACTIVITY) == GUEST_ACTIVITY_HLT) && !vlapic_pending(v);
}

void pcpu_arch_kick(unsigned pcpu)
{
	if (pcpu != pcpu_arch_id()) {
		lapic_notify(pcpu_table[pcpu].hw_id, VLAPIC_NOTIFY_VECTOR);
	}
}
