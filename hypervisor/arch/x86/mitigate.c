/*
 * The defences against what one VM could do to another, or learn of it, through the hardware
 * they share, chosen once on the boot pCPU from the CPU and the scenario's switches
 * (acfg_hv.features), set on every pCPU, and reported in the boot log's "mitigations:" line:
 * split-lock and UC-lock detection (SPLIT_LOCK_DETECTION_ENABLED, UC_LOCK_DETECTION_ENABLED:
 * IA32_TEST_CTRL, where IA32_CORE_CAPABILITIES offers it), cache allocation (RDT: each VM's CLOS
 * mask, each pCPU's CLOS), and what mca.c, ept.c and hostmap.c decide. Speculation, as Intel
 * asks of a VMM: the return stack filled and the guest's registers cleared at each exit, and
 * the buffers cleared by VERW at each entry where MD_CLEAR makes it do so (vmentry.S); no
 * indirect branch but through a retpoline (retpoline.S); the L1D flushed before each entry when
 * L1D_VMENTRY_ENABLED asks and the CPU is exposed to L1TF (IA32_FLUSH_CMD, or reading 64 KiB);
 * IBPB before a pCPU enters a VM; the guests' own IA32_SPEC_CTRL and IA32_PRED_CMD (vmsr.c).
 * "mitigations=off" on the command line turns the per-entry and per-exit ones off, to measure
 * what they cost.
 */
#include "x86.h"
#include "vmx.h"
#include "boot.h"
#include "console.h"
#include "lib.h"
#include "vm.h"

#define MSR_TEST_CTRL	    0x33U
#define MSR_CORE_CAP	    0xcfU
#define MSR_PQR_ASSOC	    0xc8fU
#define MSR_L3_MASK0	    0xc90U
#define MSR_L2_MASK0	    0xd10U
#define TEST_CTRL_UC_LOCK   (1UL << 28) /* #GP for a locked access to uncached memory */
#define TEST_CTRL_SPLIT	    (1UL << 29) /* #AC for a locked access across cache lines */
#define CORE_CAP_UC_LOCK    (1UL << 4)
#define CORE_CAP_SPLIT_LOCK (1UL << 5)
#define L7_EBX_RDT_A	    0x8000U
#define L7_EDX_CORE_CAP	    0x40000000U
#define CR0_AM		    (1UL << 18)
#define RFLAGS_AC	    (1UL << 18)
#define VEC_AC		    17U
#define EXC_BIT_AC	    0x20000U /* the exception bitmap's bits: #AC, #MC */
#define EXC_BIT_MC	    0x40000U
#define MSR_PRED_CMD	    0x49U
#define MSR_ARCH_CAP	    0x10aU
#define MSR_FLUSH_CMD	    0x10bU
#define L7_EDX_MD_CLEAR	    0x400U
#define L7_EDX_IBPB	    0x4000000U
#define L7_EDX_L1D_FLUSH    0x10000000U
#define L7_EDX_ARCH_CAP	    0x20000000U
#define ARCH_CAP_RDCL_NO    (1UL << 0) /* not exposed to L1TF */
#define ARCH_CAP_SKIP_L1D   (1UL << 3) /* no L1D flush needed on VM entry */
#define ARCH_CAP_MDS_NO	    (1UL << 5)
#define L1D_NONE	    0U
#define L1D_MSR		    1U
#define L1D_READ	    2U
#define L1D_READ_SIZE	    (64U * 1024U) /* twice the L1D of the CPUs that need it, as KVM */
#define CACHE_LINE	    64U

/* vmentry.S: VERW before each entry; the return stack filled after each exit. */
extern uint8_t vmx_verw;
extern uint8_t vmx_rsb_fill;

static uint64_t test_ctrl;	      /* the IA32_TEST_CTRL bits every pCPU sets */
static unsigned l1d_flush = L1D_NONE; /* L1D_* */
static bool ibpb;
static uint32_t cat_mask_msr; /* the CLOS mask MSRs programmed; 0: none */

static uint32_t cpuid7_edx(void)
{
	uint32_t r[4];

	cpuid(7U, 0U, r);
	return r[3];
}

static uint64_t arch_caps(void)
{
	return ((cpuid7_edx() & L7_EDX_ARCH_CAP) != 0U) ? rdmsr(MSR_ARCH_CAP) : 0U;
}

/* What a guest could read of the L1D (L1TF) is flushed before each entry, when asked for. */
static const char *l1d_init(void)
{
	const char *state = "off (L1D_VMENTRY_ENABLED n)";

	if ((acfg_hv.features & ACFG_HV_L1D_VMENTRY) == 0U) {
		/* the scenario's switch is off */
	} else if ((arch_caps() & (ARCH_CAP_RDCL_NO | ARCH_CAP_SKIP_L1D)) != 0U) {
		state = "not needed by this CPU";
	} else if ((cpuid7_edx() & L7_EDX_L1D_FLUSH) != 0U) {
		l1d_flush = L1D_MSR;
		state = "IA32_FLUSH_CMD before each entry";
	} else {
		l1d_flush = L1D_READ;
		state = "64 KiB read before each entry";
	}
	return state;
}

/* VERW clears the CPU's buffers (MDS) only with MD_CLEAR; the L1D flush clears them too. */
static const char *verw_init(void)
{
	const char *state = "not offered by this CPU (no MD_CLEAR)";

	if ((arch_caps() & ARCH_CAP_MDS_NO) != 0U) {
		state = "not needed by this CPU";
	} else if ((cpuid7_edx() & L7_EDX_MD_CLEAR) == 0U) {
		/* VERW would not clear anything */
	} else if (l1d_flush == L1D_MSR) {
		state = "done by the L1D flush";
	} else {
		vmx_verw = 1U;
		state = "before each entry";
	}
	return state;
}

static void l1d_read(void)
{
	static uint8_t fill[L1D_READ_SIZE] ALIGNED(PAGE_SIZE);

	for (uint32_t i = 0U; i < L1D_READ_SIZE; i += CACHE_LINE) {
		volatile const uint8_t *line = &fill[i];

		(void)*line;
	}
}

void mitigations_before_entry(void)
{
	if (l1d_flush == L1D_MSR) {
		wrmsr(MSR_FLUSH_CMD, 1U);
	} else if (l1d_flush == L1D_READ) {
		l1d_read();
	} else {
		/* no flush */
	}
}

/* Each pCPU runs one vCPU: the predictions the hypervisor and firmware left go before its
 * first entry (when pCPUs are shared, this is where a switch of VM goes). */
void mitigations_vcpu_start(void)
{
	if (ibpb) {
		wrmsr(MSR_PRED_CMD, 1U);
	}
}

static uint64_t core_caps(void)
{
	uint32_t r[4];

	cpuid(7U, 0U, r);
	return ((r[3] & L7_EDX_CORE_CAP) != 0U) ? rdmsr(MSR_CORE_CAP) : 0U;
}

/* A lock detection the scenario may ask for: on where the CPU offers it. */
static const char *lock_detection(uint32_t feature, uint64_t cap, uint64_t bit)
{
	const char *state = "off";

	if ((acfg_hv.features & feature) == 0U) {
		/* the scenario's switch is off */
	} else if ((core_caps() & cap) == 0U) {
		state = "asked for, not offered by this CPU";
	} else {
		test_ctrl |= bit;
		state = "on";
	}
	return state;
}

/* Each VM's mask into its CLOS; false when a table entry does not fit the hardware's. */
static bool cat_program(uint32_t base, uint32_t cbm_len, uint32_t cos_max)
{
	bool ok = true;

	for (uint32_t i = 0U; i < acfg_vms.vm_count; i++) {
		const struct acfg_clos *c = &acfg_vms.vms[i].clos;

		if (c->id == ACFG_NONE) {
			continue;
		}
		if ((c->id > cos_max) || (c->mask == 0U) || ((c->mask >> cbm_len) != 0U)) {
			console_printf(
			    "hv: %s: CLOS %u mask 0x%lx does not fit the cache (%u CLOS, "
			    "%u-bit masks)\n",
			    acfg_vms.vms[i].name, c->id, c->mask, cos_max + 1U, cbm_len);
			ok = false;
		} else {
			wrmsr(base + c->id, c->mask);
		}
	}
	return ok;
}

/* Cache allocation as the scenario's RDT asks: the masks, once, on the boot pCPU. */
static void cat_init(char *buf, size_t size)
{
	const struct acfg_cat *cat = &acfg_hv.clos_cache;
	uint32_t r[4];
	uint32_t level = cat->level;
	uint32_t base = MSR_L2_MASK0;
	uint32_t resources = 0U; /* CPUID.(0x10,0).EBX: bit 1 L3, bit 2 L2 allocation */

	if (((acfg_hv.features & ACFG_HV_RDT) == 0U) || (level == 0U)) {
		(void)snprintf(buf, size, "off");
		return;
	}
	cpuid(7U, 0U, r);
	if ((r[1] & L7_EBX_RDT_A) != 0U) {
		cpuid(0x10U, 0U, r);
		resources = r[1];
	}
	if (level == 3U) {
		base = MSR_L3_MASK0;
	}
	if (((level != 2U) && (level != 3U)) ||
	    ((resources & ((level == 3U) ? 0x2U : 0x4U)) == 0U) || (cat->cdp != 0U)) {
		(void)snprintf(buf, size,
			       "L%u%s masks asked for, this CPU has no such cache "
			       "allocation: not programmed",
			       level, (cat->cdp != 0U) ? " CDP" : "");
		return;
	}
	cpuid(0x10U, (level == 3U) ? 1U : 2U, r);
	if (cat_program(base, (r[0] & 0x1fU) + 1U, r[3] & 0xffffU)) {
		cat_mask_msr = base;
		(void)snprintf(buf, size, "L%u masks programmed", level);
	} else {
		(void)snprintf(buf, size, "L%u masks refused: not programmed", level);
	}
}

/* The VM of the tables that runs on pCPU id, or NULL. */
static const struct acfg_vm *pcpu_owner(unsigned id)
{
	for (uint32_t i = 0U; i < acfg_vms.vm_count; i++) {
		const struct acfg_vm *vm = &acfg_vms.vms[i];

		for (uint32_t j = 0U; j < vm->pcpu_count; j++) {
			if (vm->pcpus[j] == id) {
				return vm;
			}
		}
	}
	return NULL;
}

/* The CLOS of the VM that owns the pCPU (0, the default class, for none). */
static uint32_t pcpu_clos(unsigned id)
{
	const struct acfg_vm *vm = pcpu_owner(id);

	return ((vm != NULL) && (vm->clos.id != ACFG_NONE)) ? vm->clos.id : 0U;
}

/* A VM's name, ended even when it fills its array. */
static void name_copy(char *dst, const struct acfg_vm *vm)
{
	(void)memcpy(dst, vm->name, ACFG_VM_NAME_LEN);
	dst[ACFG_VM_NAME_LEN] = '\0';
}

/* Two VMs on hyperthreads of one core share its L1D and branch predictors: each such pair is
 * reported (acrn-cfgc warns of it too, from the board file). Siblings differ only in the APIC id
 * bits below CPUID leaf 0xB's SMT shift. */
static void siblings_report(void)
{
	uint32_t r[4];
	unsigned pairs = 0U;

	cpuid(0xbU, 0U, r);
	if (((r[2] >> 8) & 0xffU) != 1U) {
		console_printf(
		    "hv: mitigations: hyperthreads: the CPU gives no SMT level (CPUID leaf "
		    "0xB): none assumed\n");
		return;
	}
	for (unsigned i = 0U; i < acfg_board.pcpu_count; i++) {
		for (unsigned j = i + 1U; j < acfg_board.pcpu_count; j++) {
			const struct acfg_vm *a = pcpu_owner(i);
			const struct acfg_vm *b = pcpu_owner(j);
			uint32_t shift = r[0] & 0x1fU;

			if ((a != NULL) && (b != NULL) && (a != b) &&
			    ((acfg_board.pcpus[i].apic_id >> shift) ==
			     (acfg_board.pcpus[j].apic_id >> shift))) {
				char an[ACFG_VM_NAME_LEN + 1];
				char bn[ACFG_VM_NAME_LEN + 1];

				name_copy(an, a);
				name_copy(bn, b);
				console_printf("hv: mitigations: pCPU%u (%s) and pCPU%u (%s) are "
					       "hyperthreads of one core\n",
					       i, an, j, bn);
				pairs++;
			}
		}
	}
	if (pairs == 0U) {
		console_printf("hv: mitigations: hyperthreads: no two VMs share a core\n");
	}
}

void mitigations_pcpu(unsigned id)
{
	if (test_ctrl != 0U) {
		wrmsr(MSR_TEST_CTRL, rdmsr(MSR_TEST_CTRL) | test_ctrl);
	}
	if (cat_mask_msr != 0U) {
		wrmsr(MSR_PQR_ASSOC, (uint64_t)pcpu_clos(id) << 32);
	}
}

uint32_t mitigations_exception_bitmap(void)
{
	uint32_t bitmap = EXC_BIT_MC;

	if ((test_ctrl & TEST_CTRL_SPLIT) != 0U) {
		bitmap |= EXC_BIT_AC;
	}
	return bitmap;
}

/* #AC with split-lock detection: the guest's own alignment check (CR0.AM, RFLAGS.AC, CPL 3)
 * goes back to it; a split lock stops the VM, which would otherwise lock the bus for all. */
void mitigations_ac_exit(struct vcpu *v)
{
	unsigned cpl = (unsigned)(vmread(GUEST_SS_AR) >> 5) & 3U;

	if (((vmread(GUEST_CR0) & CR0_AM) != 0U) && ((vmread(GUEST_RFLAGS) & RFLAGS_AC) != 0U) &&
	    (cpl == 3U)) {
		vmx_inject_exception(VEC_AC);
	} else {
		vm_stop(v->vm, "split lock at RIP 0x%lx (SPLIT_LOCK_DETECTION_ENABLED)",
			vmread(GUEST_RIP));
	}
}

/* The speculation defences' line: each read back from what it set. */
static void speculation_init(void)
{
	bool off = boot_option("mitigations=off");
	const char *l1d = off ? "off by the command line" : l1d_init();
	const char *verw = off ? "off by the command line" : verw_init();
	uint64_t exec;
	uint64_t wx;

	ibpb = !off && ((cpuid7_edx() & L7_EDX_IBPB) != 0U);
	vmx_rsb_fill = (uint8_t)(off ? 0U : 1U);
	hostmap_census(&exec, &wx);
	console_printf(
	    "hv: mitigations: exit: return stack %s, guest registers cleared; retpolines; "
	    "L1D flush: %s; VERW: %s; IBPB: %s\n",
	    (vmx_rsb_fill != 0U) ? "filled" : "not filled", l1d, verw,
	    ibpb ? "before a pCPU's first entry" : (off ? "off" : "not offered by this CPU"));
	console_printf(
	    "hv: mitigations: host pages: EFER.NXE %s, %lu KiB executable (the image's code, "
	    "the AP start-up page), %lu KiB of them writable; guest SPEC_CTRL/PRED_CMD: %s\n",
	    ((rdmsr(MSR_EFER) & EFER_NXE) != 0U) ? "on" : "off", exec / 1024U, wx / 1024U,
	    ((cpuid7_edx() & L7_EDX_IBPB) != 0U) ? "the guest's" : "not offered by this CPU");
}

void mitigations_init(void)
{
	const char *itlb = ept_itlb_multihit_init();
	const char *split =
	    lock_detection(ACFG_HV_SPLIT_LOCK_DETECTION, CORE_CAP_SPLIT_LOCK, TEST_CTRL_SPLIT);
	const char *uc =
	    lock_detection(ACFG_HV_UC_LOCK_DETECTION, CORE_CAP_UC_LOCK, TEST_CTRL_UC_LOCK);
	char cat[96];

	cat_init(cat, sizeof(cat));
	mitigations_pcpu(0U);
	speculation_init();
	siblings_report();
	console_printf("hv: mitigations: machine checks: CR4.MCE %s, %u banks; iTLB multihit: %s\n",
		       ((read_cr4() & CR4_MCE) != 0U) ? "on" : "off", x86_cpus[0].mc_banks, itlb);
	console_printf("hv: mitigations: guest RAM write-back, CR0.CD/NW shadowed, WBINVD a no-op; "
		       "split-lock #AC: %s; UC-lock #GP: %s\n",
		       split, uc);
	console_printf("hv: mitigations: cache allocation: %s\n", cat);
}
