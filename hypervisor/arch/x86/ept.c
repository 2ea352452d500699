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

static struct vm_arch vm_archs[VM_MAX];

int vm_arch_init(struct vm *vm)
{
	vm->arch = &vm_archs[vm->id];
	vm->arch->pml4 = page_alloc();
	return 0;
}

/* The table that entry idx of table points to, created if absent; NULL if a leaf is in the way. */
static uint64_t *ept_next(uint64_t *table, unsigned idx)
{
	if (!(table[idx] & EPT_RWX))
		table[idx] = mm_hpa(page_alloc()) | EPT_RWX;
	else if (table[idx] & EPT_LEAF_2M)
		return NULL;
	return mm_hva(table[idx] & EPT_ADDR);
}

/* One leaf at level 1 (4 KiB) or 2 (2 MiB); -1 if the range is already mapped. */
static int ept_map_leaf(uint64_t *pml4, uint64_t gpa, uint64_t hpa, int level)
{
	uint64_t *t = pml4;
	unsigned idx;

	for (int l = 4; l > level && t; l--)
		t = ept_next(t, (gpa >> (12 + 9 * (l - 1))) & 511);
	if (!t)
		return -1;
	idx = (gpa >> (12 + 9 * (level - 1))) & 511;
	if (t[idx])
		return -1;
	t[idx] = hpa | EPT_RWX | EPT_WB | (level == 2 ? EPT_LEAF_2M : 0);
	return 0;
}

int vm_arch_map(struct vm *vm, uint64_t gpa, uint64_t hpa, uint64_t size)
{
	bool big = rdmsr(MSR_VMX_EPT_VPID_CAP) & EPT_CAP_2M;

	if ((gpa | hpa | size) & (PAGE_SIZE - 1))
		return -1;
	while (size) {
		uint64_t step = 2 * MIB;
		int level = 2;

		if (!big || ((gpa | hpa) & (step - 1)) || size < step) {
			step = PAGE_SIZE;
			level = 1;
		}
		if (ept_map_leaf(vm->arch->pml4, gpa, hpa, level))
			return -1;
		gpa += step;
		hpa += step;
		size -= step;
	}
	return 0;
}

uint64_t ept_pointer(const struct vcpu *v)
{
	return mm_hpa(v->vm->arch->pml4) | EPTP_WALK4 | EPTP_WB;
}
