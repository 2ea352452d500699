/*
 * The defences against what one VM could do to another, or learn of it, through the hardware
 * they share, chosen once on the boot pCPU from the CPU and the scenario's switches
 * (acfg_hv.features), set on every pCPU, and reported in the boot log's "mitigations:" line:
 * split-lock and UC-lock detection (SPLIT_LOCK_DETECTION_ENABLED, UC_LOCK_DETECTION_ENABLED:
 * IA32_TEST_CTRL, where IA32_CORE_CAPABILITIES offers it), cache allocation (RDT: each VM's CLOS
 * mask, each pCPU's CLOS), and what mca.c and ept.c decide.
 */
#include "x86.h"
#include "vmx.h"
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
#define L7_EBX_RDT_A	    (1U << 15)
#define L7_EDX_CORE_CAP	    (1U << 30)
#define CR0_AM		    (1UL << 18)
#define RFLAGS_AC	    (1UL << 18)
#define VEC_AC		    17U
#define VEC_MC		    18U

static uint64_t test_ctrl;    /* the IA32_TEST_CTRL bits every pCPU sets */
static uint32_t cat_mask_msr; /* the CLOS mask MSRs programmed; 0: none */

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

	if (((acfg_hv.features & ACFG_HV_RDT) == 0U) || (level == 0U)) {
		(void)snprintf(buf, size, "off");
		return;
	}
	cpuid(7U, 0U, r);
	if ((r[1] & L7_EBX_RDT_A) != 0U) {
		cpuid(0x10U, 0U, r);
	}
	if (((level != 2U) && (level != 3U)) || ((r[1] & (1U << (level - 1U))) == 0U) ||
	    (cat->cdp != 0U)) {
		(void)snprintf(buf, size,
			       "L%u%s masks asked for, this CPU has no such cache "
			       "allocation: not programmed",
			       level, (cat->cdp != 0U) ? " CDP" : "");
		return;
	}
	cpuid(0x10U, (level == 3U) ? 1U : 2U, r);
	if (cat_program((level == 3U) ? MSR_L3_MASK0 : MSR_L2_MASK0, (r[0] & 0x1fU) + 1U,
			r[3] & 0xffffU)) {
		cat_mask_msr = (level == 3U) ? MSR_L3_MASK0 : MSR_L2_MASK0;
		(void)snprintf(buf, size, "L%u masks programmed", level);
	} else {
		(void)snprintf(buf, size, "L%u masks refused: not programmed", level);
	}
}

/* The CLOS of the VM that owns the pCPU (0, the default class, for none). */
static uint32_t pcpu_clos(unsigned id)
{
	for (uint32_t i = 0U; i < acfg_vms.vm_count; i++) {
		const struct acfg_vm *vm = &acfg_vms.vms[i];

		for (uint32_t j = 0U; j < vm->pcpu_count; j++) {
			if ((vm->pcpus[j] == id) && (vm->clos.id != ACFG_NONE)) {
				return vm->clos.id;
			}
		}
	}
	return 0U;
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
	return (1U << VEC_MC) | (((test_ctrl & TEST_CTRL_SPLIT) != 0U) ? (1U << VEC_AC) : 0U);
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
	console_printf("hv: mitigations: machine checks: CR4.MCE %s, %u banks; iTLB multihit: %s\n",
		       ((read_cr4() & CR4_MCE) != 0U) ? "on" : "off", x86_cpus[0].mc_banks, itlb);
	console_printf("hv: mitigations: guest RAM write-back, CR0.CD/NW shadowed, WBINVD a no-op; "
		       "split-lock #AC: %s; UC-lock #GP: %s\n",
		       split, uc);
	console_printf("hv: mitigations: cache allocation: %s\n", cat);
}
