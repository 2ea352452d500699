/* EPT: each VM's second-level page tables, 4-level, write-back, 2 MiB leaves where aligned. */
#include "x86.h"
#include "vmx.h"
#include "mm.h"
#include "vm.h"

#define EPT_RWX	    7UL
#define EPT_WB	    (6UL << 3)
#define EPT_LEAF_2M (1UL << 7)
#define EPT_ADDR    0x000ffffffffff000UL
#define EPTP_WALK4  (3UL << 3)
#define EPTP_WB	    6UL

struct vm_arch {
	uint64_t *pml4;
};

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

uint64_t ept_pointer(const struct vcpu *v)
{
	return mm_hpa(v->vm->arch->pml4) | EPTP_WALK4 | EPTP_WB;
}
