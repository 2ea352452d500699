/*
 * EPT: each VM's second-level page tables, 4-level, 2 MiB leaves where aligned. Guest memory is
 * write-back whatever the guest's PAT (or MTRRs, or CR0.CD: vcr.c) say: the leaves ignore its PAT,
 * so no guest makes its RAM uncached, which would slow the caches and buses it shares, or takes a
 * bus lock with an uncached locked access.
 * On a CPU with the iTLB multihit erratum (a 2 MiB code page whose size changes can raise a
 * machine check), and when the scenario asks for the mitigation (MCE_ON_PSC_ENABLED), no 2 MiB
 * leaf is executable: the first instruction fetch from one exits, and the page becomes 512 4 KiB
 * pages that are (ept_exec_fault). The pages for that come from a reserve of their own.
 */
#include "x86.h"
#include "vmx.h"
#include "console.h"
#include "mm.h"
#include "spinlock.h"
#include "vm.h"

#define EPT_RW			3UL
#define EPT_RWX			7UL
#define EPT_IPAT		(1UL << 6)
#define EPT_WB			((6UL << 3) | EPT_IPAT) /* write-back, whatever the guest PAT says */
#define EPT_LEAF_2M		(1UL << 7)
#define EPT_ADDR		0x000ffffffffff000UL
#define EPTP_WALK4		(3UL << 3)
#define EPTP_WB			6UL
#define EPT_CAP_SINGLE		(1UL << 25) /* single-context INVEPT */
#define INVEPT_SINGLE		1UL
#define INVEPT_ALL		2UL
#define SPLIT_PAGES		64U /* 4 KiB tables for split pages: 128 MiB of executed guest RAM */
#define SPLIT_REPORTS		4U  /* splits reported per VM */
#define MSR_ARCH_CAP		0x10aU
#define ARCH_CAP_PSCHANGE_MC_NO (1UL << 6)
#define L7_EDX_ARCH_CAP		0x20000000U

struct vm_arch {
	uint64_t *pml4;
	struct spinlock lock; /* splits: by any of its vCPUs */
	unsigned splits;
};

static bool exec_2m_refused;

/* Affected: no IA32_ARCH_CAPABILITIES, or one without PSCHANGE_MC_NO (VMX is Intel's). */
static bool itlb_multihit_affected(void)
{
	uint32_t r[4];

	cpuid(7U, 0U, r);
	return ((r[3] & L7_EDX_ARCH_CAP) == 0U) ||
	       ((rdmsr(MSR_ARCH_CAP) & ARCH_CAP_PSCHANGE_MC_NO) == 0U);
}

const char *ept_itlb_multihit_init(void)
{
	const char *state = "not affected";

	if ((acfg_hv.features & ACFG_HV_MCE_ON_PSC) == 0U) {
		state = "off (MCE_ON_PSC_ENABLED n)";
	} else if (itlb_multihit_affected()) {
		exec_2m_refused = true;
		state = "2 MiB guest pages not executable, split on execute";
	} else {
		/* the CPU says page-size changes raise no machine check */
	}
	return state;
}

int vm_arch_init(struct vm *vm)
{
	static struct vm_arch vm_archs[VM_MAX];

	vm->arch = &vm_archs[vm->id];
	vm->arch->pml4 = page_alloc();
	return 0;
}

/* The table that entry idx of table points to, created if absent; NULL if a leaf is in the way. */
static uint64_t *ept_next(uint64_t *table, unsigned idx)
{
	uint64_t *next = NULL;

	if ((table[idx] & EPT_RWX) == 0U) {
		table[idx] = mm_hpa(page_alloc()) | EPT_RWX;
	}
	if ((table[idx] & EPT_LEAF_2M) == 0U) {
		/* cppcheck-suppress misra-c2012-11.5 ; the address an EPT entry holds is a table's
		 */
		next = mm_hva(table[idx] & EPT_ADDR);
	}
	return next;
}

/* Index into the table of level (1: 4 KiB pages ... 4: the PML4) that translates gpa. */
static unsigned ept_index(uint64_t gpa, unsigned level)
{
	unsigned shift = 12U + (9U * (level - 1U));

	return (unsigned)((gpa >> shift) & 511U);
}

/* One leaf at level 1 (4 KiB) or 2 (2 MiB); -1 if the range is already mapped. */
static int ept_map_leaf(uint64_t *pml4, uint64_t gpa, uint64_t hpa, unsigned level)
{
	uint64_t *t = pml4;
	unsigned idx;

	for (unsigned l = 4U; (l > level) && (t != NULL); l--) {
		t = ept_next(t, ept_index(gpa, l));
	}
	if (t == NULL) {
		return -1;
	}
	idx = ept_index(gpa, level);
	if (t[idx] != 0U) {
		return -1;
	}
	t[idx] = hpa | EPT_RWX | EPT_WB;
	if (level == 2U) {
		t[idx] |= EPT_LEAF_2M;
		if (exec_2m_refused) {
			t[idx] &= ~(EPT_RWX & ~EPT_RW);
		}
	}
	return 0;
}

int vm_arch_map(struct vm *vm, uint64_t gpa, uint64_t hpa, uint64_t size)
{
	bool big = (rdmsr(MSR_VMX_EPT_VPID_CAP) & EPT_CAP_2M) != 0U;
	uint64_t off = 0U;

	if (((gpa | hpa | size) & (PAGE_SIZE - 1U)) != 0U) {
		return -1;
	}
	while (off < size) {
		uint64_t step = 2U * MIB;
		unsigned level = 2U;

		bool aligned = (((gpa + off) | (hpa + off)) & (step - 1U)) == 0U;

		if (!big || !aligned || ((size - off) < step)) {
			step = PAGE_SIZE;
			level = 1U;
		}
		if (ept_map_leaf(vm->arch->pml4, gpa + off, hpa + off, level) != 0) {
			return -1;
		}
		off += step;
	}
	return 0;
}

static uint64_t eptp_of(const struct vm *vm)
{
	return mm_hpa(vm->arch->pml4) | EPTP_WALK4 | EPTP_WB;
}

uint64_t ept_pointer(const struct vcpu *v)
{
	return eptp_of(v->vm);
}

/* The page directory (level 2) that translates gpa, or NULL. */
static uint64_t *ept_pd(const struct vm *vm, uint64_t gpa)
{
	uint64_t *t = vm->arch->pml4;

	for (unsigned l = 4U; (l > 2U) && (t != NULL); l--) {
		uint64_t e = t[ept_index(gpa, l)];

		t = ((e & EPT_RWX) != 0U) ? mm_hva(e & EPT_ADDR) : NULL;
	}
	return t;
}

/* A 4 KiB table for a split page, or NULL when the reserve is used up. */
static uint64_t *split_table(void)
{
	static uint64_t reserve[SPLIT_PAGES][PAGE_SIZE / sizeof(uint64_t)] ALIGNED(PAGE_SIZE);
	static unsigned used;
	unsigned n = __atomic_fetch_add(&used, 1U, __ATOMIC_RELAXED);

	return (n < SPLIT_PAGES) ? reserve[n] : NULL;
}

/* The 2 MiB leaf *e as 512 executable 4 KiB leaves; false when no table is left. */
static bool split_2m(uint64_t *e)
{
	uint64_t *pt = split_table();
	uint64_t base = *e & EPT_ADDR & ~((2U * MIB) - 1U);

	if (pt == NULL) {
		return false;
	}
	for (unsigned i = 0U; i < 512U; i++) {
		pt[i] = (base + ((uint64_t)i * PAGE_SIZE)) | EPT_RWX | EPT_WB;
	}
	__atomic_store_n(e, mm_hpa(pt) | EPT_RWX, __ATOMIC_RELEASE);
	return true;
}

/* Drops the VM's cached translations on this pCPU (the others drop theirs when they fault). */
static void invept(const struct vm *vm)
{
	struct {
		uint64_t eptp;
		uint64_t reserved;
	} desc = {eptp_of(vm), 0U};
	uint64_t type =
	    ((rdmsr(MSR_VMX_EPT_VPID_CAP) & EPT_CAP_SINGLE) != 0U) ? INVEPT_SINGLE : INVEPT_ALL;

	__asm__ volatile("invept %0, %1" : : "m"(desc), "r"(type) : "cc", "memory");
}

bool ept_exec_fault(struct vm *vm, uint64_t gpa)
{
	struct vm_arch *a = vm->arch;
	uint64_t *pd = exec_2m_refused ? ept_pd(vm, gpa) : NULL;
	uint64_t *e = (pd != NULL) ? &pd[ept_index(gpa, 2U)] : NULL;
	bool retry = false;
	bool leaf = false;
	unsigned split = 0U;

	if (e == NULL) {
		return false;
	}
	spin_lock(&a->lock);
	if ((*e & (EPT_LEAF_2M | EPT_RWX)) == (EPT_LEAF_2M | EPT_RW)) {
		leaf = true;
		retry = split_2m(e);
		a->splits += retry ? 1U : 0U;
		split = retry ? a->splits : 0U;
	} else {
		/* split by another vCPU since this one cached the 2 MiB translation */
		retry = ((*e & EPT_LEAF_2M) == 0U) && ((*e & EPT_RWX) != 0U);
	}
	spin_unlock(&a->lock);
	if (retry) {
		invept(vm);
	}
	if (leaf && !retry) {
		console_printf(
		    "hv: %s: no table left to split GPA 0x%lx for execution (%u in use)\n",
		    vm_name(vm), gpa, SPLIT_PAGES);
	} else if ((split != 0U) && (split <= SPLIT_REPORTS)) {
		console_printf("hv: %s: its 2 MiB page at GPA 0x%lx is executable as 4 KiB pages "
			       "(iTLB multihit)%s\n",
			       vm_name(vm), gpa & ~((2U * MIB) - 1U),
			       (split == SPLIT_REPORTS) ? "; further splits are not reported" : "");
	} else {
		/* nothing split, or reported enough */
	}
	return retry;
}
