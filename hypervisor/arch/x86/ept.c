/*
 * EPT: each VM's second-level page tables, 4-level, 2 MiB leaves where aligned. Guest memory is
 * write-back whatever the guest's PAT (or MTRRs, or CR0.CD: vcr.c) say: the leaves ignore its PAT,
 * so no guest makes its RAM uncached, which would slow the caches and buses it shares, or takes a
 * bus lock with an uncached locked access.
 * On a CPU with the iTLB multihit erratum (a 2 MiB code page whose size changes can raise a
 * machine check), and when the scenario asks for the mitigation (MCE_ON_PSC_ENABLED), no 2 MiB
 * leaf is executable: the first instruction fetch from one exits, and the page becomes 512 4 KiB
 * pages that are (ept_exec_fault). The pages for that come from a reserve of their own.
 * RAM leaves carry a bit the CPU ignores (EPT_SW_RAM), so that a translation for the hypervisor's
 * own use (vm_arch_translate) reaches guest RAM and never a device a VM may later get mapped.
 * The Service VM's map changes at run time (vm_arch_unmap, vm_arch_map again): each change is
 * followed by vm_arch_flush, which makes every pCPU of the VM drop its cached translations before
 * its vCPU runs guest code again.
 */
#include "x86.h"
#include "vmx.h"
#include "console.h"
#include "mm.h"
#include "pcpu.h"
#include "spinlock.h"
#include "vlapic.h"
#include "vm.h"

#define EPT_RW			3UL
#define EPT_RWX			7UL
#define EPT_IPAT		(1UL << 6)
#define EPT_WB			((6UL << 3) | EPT_IPAT) /* write-back, whatever the guest PAT says */
#define EPT_UC			EPT_IPAT /* uncached (type 0), whatever the PAT says */
#define EPT_LEAF_2M		(1UL << 7)
#define EPT_SW_RAM		(1UL << 11) /* ignored by the CPU: a RAM leaf */
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
	struct spinlock lock; /* splits: by any of its vCPUs; changes of the map */
	unsigned splits;
	uint64_t gen;		 /* changes of the map that need every pCPU's INVEPT */
	uint64_t seen[PCPU_MAX]; /* the gen each pCPU's cached translations are of */
	bool in_guest[PCPU_MAX]; /* the pCPU may be running the VM's guest code */
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

/* A VM created again in its slot keeps its root table, which vm_arch_clear emptied. */
int vm_arch_init(struct vm *vm)
{
	static struct vm_arch vm_archs[VM_MAX];

	vm->arch = &vm_archs[vm->id];
	if (vm->arch->pml4 == NULL) {
		vm->arch->pml4 = page_alloc();
	}
	return 0;
}

/* The table that entry idx of table points to, created if absent; NULL if a leaf is in the way
 * or the page pool has no page left. */
static uint64_t *ept_next(uint64_t *table, unsigned idx)
{
	uint64_t *next = NULL;
	uint64_t *fresh = NULL;

	if ((table[idx] & EPT_RWX) == 0U) {
		fresh = page_try_alloc(); /* a hypercall's map must not stop the hypervisor */
		if (fresh == NULL) {
			return NULL;
		}
		table[idx] = mm_hpa(fresh) | EPT_RWX;
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

/* One leaf at level 1 (4 KiB) or 2 (2 MiB); -1 if the range is already mapped, 1 if a 2 MiB
 * leaf cannot go where a table of 4 KiB leaves is (one an unmap left: map by 4 KiB there). */
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
	if ((level == 2U) && ((t[idx] & EPT_RWX) != 0U) && ((t[idx] & EPT_LEAF_2M) == 0U)) {
		return 1;
	}
	if (t[idx] != 0U) {
		return -1;
	}
	t[idx] = hpa | EPT_RWX | EPT_WB | EPT_SW_RAM;
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

		int err;

		if (!big || !aligned || ((size - off) < step)) {
			step = PAGE_SIZE;
			level = 1U;
		}
		spin_lock(&vm->arch->lock);
		err = ept_map_leaf(vm->arch->pml4, gpa + off, hpa + off, level);
		if (err > 0) {
			step = PAGE_SIZE;
			err = ept_map_leaf(vm->arch->pml4, gpa + off, hpa + off, 1U);
		}
		spin_unlock(&vm->arch->lock);
		if (err != 0) {
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
		pt[i] = (base + ((uint64_t)i * PAGE_SIZE)) | EPT_RWX | EPT_WB | EPT_SW_RAM;
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

/* The leaf that translates gpa and the size it maps (4 KiB or 2 MiB), or NULL. */
static uint64_t *ept_leaf(const struct vm *vm, uint64_t gpa, uint64_t *span)
{
	uint64_t *pd = ept_pd(vm, gpa);
	uint64_t *e = (pd != NULL) ? &pd[ept_index(gpa, 2U)] : NULL;

	*span = 2U * MIB;
	if ((e != NULL) && ((*e & EPT_RWX) != 0U) && ((*e & EPT_LEAF_2M) == 0U)) {
		/* cppcheck-suppress misra-c2012-11.5 ; an EPT entry holds the next table's address
		 */
		uint64_t *pt = mm_hva(*e & EPT_ADDR);

		e = &pt[ept_index(gpa, 1U)];
		*span = PAGE_SIZE;
	}
	return ((e != NULL) && ((*e & EPT_RWX) != 0U)) ? e : NULL;
}

bool vm_arch_translate(const struct vm *vm, uint64_t gpa, uint64_t *hpa, uint64_t *span)
{
	uint64_t size = 0U;
	const uint64_t *e = ept_leaf(vm, gpa, &size);

	if ((e == NULL) || ((*e & EPT_SW_RAM) == 0U)) {
		return false;
	}
	*hpa = (*e & EPT_ADDR & ~(size - 1U)) + (gpa & (size - 1U));
	*span = size - (gpa & (size - 1U));
	return true;
}

/* The 2 MiB leaf *e as 512 4 KiB leaves of the same rights, from the page pool; false when the
 * pool has no page left. A RAM leaf that was not executable only because it was 2 MiB (iTLB
 * multihit) becomes executable 4 KiB pages, as split_2m makes them: ept_exec_fault splits only
 * 2 MiB leaves, so a fetch from one of these would otherwise fault again and again. */
static bool split_keep(uint64_t *e)
{
	uint64_t *pt = page_try_alloc();
	uint64_t base = *e & EPT_ADDR;
	uint64_t flags = *e & ~(EPT_ADDR | EPT_LEAF_2M);

	if (pt == NULL) {
		return false;
	}
	if (exec_2m_refused && ((flags & EPT_SW_RAM) != 0U)) {
		flags |= EPT_RWX;
	}
	for (unsigned i = 0U; i < 512U; i++) {
		pt[i] = (base + ((uint64_t)i * PAGE_SIZE)) | flags;
	}
	__atomic_store_n(e, mm_hpa(pt) | EPT_RWX, __ATOMIC_RELEASE);
	return true;
}

/* One step of an unmap at gpa, size bytes left: a whole 2 MiB leaf, a 4 KiB one, or the split
 * of a 2 MiB leaf the range covers in part; the bytes it got through, 0 if nothing is mapped
 * there, or -1 when a split finds no page. */
static int64_t unmap_step(struct vm *vm, uint64_t gpa, uint64_t size)
{
	uint64_t span = 0U;
	uint64_t *e = ept_leaf(vm, gpa, &span);

	if (e == NULL) {
		return 0;
	}
	if ((span == PAGE_SIZE) || (((gpa & (span - 1U)) == 0U) && (size >= span))) {
		__atomic_store_n(e, 0UL, __ATOMIC_RELEASE);
		return (int64_t)span;
	}
	return split_keep(e) ? (int64_t)0 : (int64_t)-1;
}

int vm_arch_unmap(struct vm *vm, uint64_t gpa, uint64_t size)
{
	uint64_t off = 0U;
	int err = 0;

	if ((((gpa | size) & (PAGE_SIZE - 1U)) != 0U) || !mm_range_ok(gpa, size)) {
		return -1;
	}
	spin_lock(&vm->arch->lock);
	while ((off < size) && (err == 0)) {
		uint64_t span = 0U;
		bool mapped = ept_leaf(vm, gpa + off, &span) != NULL;
		uint64_t hole = span - ((gpa + off) & (span - 1U)); /* to the end of the gap */
		int64_t done = mapped ? unmap_step(vm, gpa + off, size - off) : 0;

		if (done < 0) {
			err = -1;
		} else {
			off += mapped ? (uint64_t)done : hole;
		}
	}
	spin_unlock(&vm->arch->lock);
	vm_arch_flush(vm);
	return err;
}

/* Before the vCPU on this pCPU enters its guest: marked as in the guest first, so that a change
 * of the map after this either sees the mark or is seen here. */
void ept_before_entry(const struct vcpu *v)
{
	struct vm_arch *a = v->vm->arch;
	uint64_t gen;

	__atomic_store_n(&a->in_guest[v->pcpu], true, __ATOMIC_SEQ_CST);
	gen = __atomic_load_n(&a->gen, __ATOMIC_SEQ_CST);
	if (a->seen[v->pcpu] != gen) {
		invept(v->vm);
		__atomic_store_n(&a->seen[v->pcpu], gen, __ATOMIC_RELEASE);
	}
}

void ept_after_exit(const struct vcpu *v)
{
	__atomic_store_n(&v->vm->arch->in_guest[v->pcpu], false, __ATOMIC_RELEASE);
}

/* The caller's pCPU drops the VM's translations now; every other pCPU of the VM that may be in
 * its guest is interrupted (an exit, ended silently: exit_interrupt) and waited for, so that on
 * return no pCPU runs the VM with a translation from before the change. */
void vm_arch_flush(struct vm *vm)
{
	struct vm_arch *a = vm->arch;
	uint64_t gen = __atomic_add_fetch(&a->gen, 1U, __ATOMIC_SEQ_CST);
	unsigned self = pcpu_arch_id();

	invept(vm);
	for (unsigned i = 0U; i < vm->vcpu_count; i++) {
		unsigned p = vm->vcpus[i].pcpu;
		bool kicked = false;

		while ((p != self) && __atomic_load_n(&a->in_guest[p], __ATOMIC_SEQ_CST) &&
		       (__atomic_load_n(&a->seen[p], __ATOMIC_ACQUIRE) != gen)) {
			if (!kicked) {
				lapic_notify(pcpu_table[p].hw_id, VLAPIC_NOTIFY_VECTOR);
				kicked = true;
			}
			pcpu_arch_relax();
		}
	}
}

/* A page directory emptied: each mapping given back, each page table freed (the tables are
 * walked level by level, not by recursion: MISRA rule 17.2). */
static void clear_pd(struct vm *vm, uint64_t *pd)
{
	for (unsigned i = 0U; i < 512U; i++) {
		uint64_t e = pd[i];

		pd[i] = 0U;
		if ((e & EPT_RWX) == 0U) {
			continue;
		} else if ((e & EPT_LEAF_2M) != 0U) {
			uvm_give_back(vm, e & EPT_ADDR, 2U * MIB);
		} else {
			/* cppcheck-suppress misra-c2012-11.5 ; an EPT entry holds the next table's
			 * address */
			uint64_t *pt = mm_hva(e & EPT_ADDR);

			for (unsigned j = 0U; j < 512U; j++) {
				if ((pt[j] & EPT_RWX) != 0U) {
					uvm_give_back(vm, pt[j] & EPT_ADDR, PAGE_SIZE);
				}
			}
			page_free(pt);
		}
	}
}

void vm_arch_clear(struct vm *vm)
{
	uint64_t *pml4 = vm->arch->pml4;

	spin_lock(&vm->arch->lock);
	for (unsigned i = 0U; i < 512U; i++) {
		uint64_t *pdpt = ((pml4[i] & EPT_RWX) != 0U) ? mm_hva(pml4[i] & EPT_ADDR) : NULL;

		for (unsigned j = 0U; (pdpt != NULL) && (j < 512U); j++) {
			uint64_t *pd =
			    ((pdpt[j] & EPT_RWX) != 0U) ? mm_hva(pdpt[j] & EPT_ADDR) : NULL;

			if (pd != NULL) {
				clear_pd(vm, pd);
				page_free(pd);
			}
		}
		if (pdpt != NULL) {
			page_free(pdpt);
		}
		pml4[i] = 0U;
	}
	spin_unlock(&vm->arch->lock);
	vm_arch_flush(vm);
}

/* 4 KiB leaves: device and firmware ranges are small and rarely 2 MiB aligned. */
int vm_arch_map_mmio(struct vm *vm, uint64_t gpa, uint64_t size)
{
	int err = 0;

	if (((gpa | size) & (PAGE_SIZE - 1U)) != 0U) {
		return -1;
	}
	spin_lock(&vm->arch->lock);
	for (uint64_t off = 0U; (off < size) && (err == 0); off += PAGE_SIZE) {
		uint64_t *pt = vm->arch->pml4;

		for (unsigned l = 4U; (l > 1U) && (pt != NULL); l--) {
			pt = ept_next(pt, ept_index(gpa + off, l));
		}
		if ((pt == NULL) || (pt[ept_index(gpa + off, 1U)] != 0U)) {
			err = -1;
		} else {
			pt[ept_index(gpa + off, 1U)] = (gpa + off) | EPT_RW | EPT_UC;
		}
	}
	spin_unlock(&vm->arch->lock);
	return err;
}
