/*
 * The Service VM's memory: every RAM range of the boot memory map below 4 GiB (the identity map
 * the hypervisor reaches memory through), less the pages the hypervisor uses (its image, which
 * holds the page pool and the pCPU stacks, and the AP start-up page), the boot modules and the
 * memory of every pre-launched VM, mapped at guest-physical addresses equal to the host's, as
 * ACRN maps its Service VM. It is computed here at boot, from the memory map the firmware gave
 * and the modules where GRUB put them, because only then are both known; acrn-cfgc's regions for
 * the Service VM are its estimate at build time and are not used. Nothing of it is zeroed: it
 * holds no other VM's data, only what the firmware and the boot loader left.
 *
 * The map can change while the Service VM runs: svm_unmap takes host pages away from it (while a
 * VM it launched owns them), svm_remap gives them back. vm_gpa_to_hva for the Service VM reads its
 * second-level map itself, so a range taken away is no longer reachable through it.
 */
#include "vm.h"
#include "boot.h"
#include "console.h"
#include "lib.h"
#include "mm.h"

#define SVM_RANGES 32U /* RAM ranges of the Service VM */

static struct acfg_mem_region svm_ram[SVM_RANGES];
static unsigned svm_ram_count;
static struct vm *service;

struct vm *vm_service(void)
{
	return service;
}

/* [base, end) of host memory, widened to whole pages, taken out of svm_ram; false when the
 * pieces left do not fit the array. */
static bool svm_carve(uint64_t base, uint64_t end)
{
	struct acfg_mem_region out[SVM_RANGES];
	uint64_t lo = base & ~(PAGE_SIZE - 1U);
	uint64_t hi = ((end - 1U) | (PAGE_SIZE - 1U)) + 1U;
	unsigned n = 0U;

	for (unsigned i = 0U; i < svm_ram_count; i++) {
		const struct acfg_mem_region *r = &svm_ram[i];
		uint64_t r_end = r->gpa + r->size;

		if ((hi <= r->gpa) || (lo >= r_end)) {
			out[n] = *r;
			n++;
			continue;
		}
		if ((lo > r->gpa) && (n < SVM_RANGES)) {
			out[n] =
			    (struct acfg_mem_region){r->gpa, r->gpa, lo - r->gpa, ACFG_MEM_RAM};
			n++;
		}
		if ((hi < r_end) && (n < SVM_RANGES)) {
			out[n] = (struct acfg_mem_region){hi, hi, r_end - hi, ACFG_MEM_RAM};
			n++;
		} else if (hi < r_end) {
			return false;
		} else {
			/* the range ends inside what is taken */
		}
	}
	(void)memcpy(svm_ram, out, sizeof(out[0]) * n);
	svm_ram_count = n;
	return true;
}

/* The boot memory map's RAM below 4 GiB, in whole pages. */
static bool svm_from_memory_map(void)
{
	svm_ram_count = 0U;
	for (unsigned i = 0U; i < boot_info.nmem; i++) {
		const struct boot_mem *m = &boot_info.mem[i];
		uint64_t base = (m->base + (PAGE_SIZE - 1U)) & ~(PAGE_SIZE - 1U);
		uint64_t end = MM_HPA_LIMIT;

		if ((m->type != BOOT_MEM_RAM) || (m->size == 0U) || (m->base >= MM_HPA_LIMIT)) {
			continue;
		}
		if (m->size < (MM_HPA_LIMIT - m->base)) {
			end = (m->base + m->size) & ~(PAGE_SIZE - 1U);
		}
		if (base < end) {
			if (svm_ram_count == SVM_RANGES) {
				return false;
			}
			svm_ram[svm_ram_count] =
			    (struct acfg_mem_region){base, base, end - base, ACFG_MEM_RAM};
			svm_ram_count++;
		}
	}
	return true;
}

/* Everything that is not the Service VM's: the hypervisor's pages, the modules, the VMs'. */
static bool svm_carve_others(const struct vm *accepted, unsigned count)
{
	struct mm_range hv[VM_HV_RANGES];
	unsigned n = vm_hv_ranges(hv, false);
	bool ok = true;

	for (unsigned i = 0U; i < n; i++) {
		ok = ok && svm_carve(hv[i].base, hv[i].base + hv[i].size);
	}
	for (unsigned i = 0U; i < boot_info.nmodules; i++) {
		ok = ok && svm_carve(boot_info.modules[i].start, boot_info.modules[i].end);
	}
	for (unsigned k = 0U; k < count; k++) {
		for (unsigned i = 0U; i < accepted[k].region_count; i++) {
			const struct acfg_mem_region *r = &accepted[k].regions[i];

			ok = ok && svm_carve(r->hpa, r->hpa + r->size);
		}
	}
	return ok;
}

bool svm_init_memory(struct vm *vm, const struct vm *accepted, unsigned count)
{
	uint64_t total = 0U;

	if (!svm_from_memory_map() || !svm_carve_others(accepted, count)) {
		console_printf("hv: %s: not started: its memory is in more than %u pieces\n",
			       vm_name(vm), SVM_RANGES);
		return false;
	}
	if (svm_ram_count == 0U) {
		console_printf("hv: %s: not started: no RAM is left for it\n", vm_name(vm));
		return false;
	}
	if (vm_arch_init(vm) != 0) {
		panic("%s: cannot build its second-level page tables", vm_name(vm));
	}
	for (unsigned i = 0U; i < svm_ram_count; i++) {
		const struct acfg_mem_region *r = &svm_ram[i];

		if (vm_arch_map(vm, r->gpa, r->hpa, r->size) != 0) {
			panic("%s: cannot map GPA 0x%lx in its second-level page tables",
			      vm_name(vm), r->gpa);
		}
		console_printf("hv: %s: RAM 0x%lx-0x%lx (GPA = HPA)\n", vm_name(vm), r->gpa,
			       r->gpa + (r->size - 1U));
		total += r->size;
	}
	vm->regions = svm_ram;
	vm->region_count = svm_ram_count;
	service = vm;
	console_printf("hv: %s: Service VM, %lu KiB of RAM in %u ranges\n", vm_name(vm),
		       total / 1024U, svm_ram_count);
	return true;
}

void *svm_gpa_to_hva(const struct vm *vm, uint64_t gpa, uint64_t size)
{
	uint64_t off = 0U;
	uint64_t want = (size == 0U) ? 1U : size;

	if (!mm_range_ok(gpa, want)) {
		return NULL;
	}
	while (off < want) {
		uint64_t hpa = 0U;
		uint64_t span = 0U;

		if (!vm_arch_translate(vm, gpa + off, &hpa, &span) || (hpa != (gpa + off))) {
			return NULL;
		}
		off += span;
	}
	return mm_hva(gpa);
}

/* Whether host [gpa, gpa + size) is page aligned and inside one range the Service VM got at
 * boot. */
static bool svm_owns(uint64_t gpa, uint64_t size)
{
	if ((service == NULL) || (((gpa | size) & (PAGE_SIZE - 1U)) != 0U) ||
	    !mm_range_ok(gpa, size)) {
		return false;
	}
	for (unsigned i = 0U; i < svm_ram_count; i++) {
		const struct acfg_mem_region *r = &svm_ram[i];

		if ((gpa >= r->gpa) && (size <= r->size) && ((gpa - r->gpa) <= (r->size - size))) {
			return true;
		}
	}
	return false;
}

int svm_map_range(uint64_t gpa, uint64_t size, bool mapped)
{
	int err = -1;

	if (svm_owns(gpa, size) && !mapped) {
		err = vm_arch_unmap(service, gpa, size);
	} else if (svm_owns(gpa, size)) {
		err = vm_arch_map(service, gpa, gpa, size);
		vm_arch_flush(service);
	} else {
		/* not the Service VM's RAM */
	}
	return err;
}
