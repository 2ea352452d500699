/* VMs from their descriptions: memory checks, second-level maps, images; running and stopping. */
#include "vm.h"
#include "boot.h"
#include "console.h"
#include "lib.h"
#include "mm.h"
#include "pcpu.h"

static struct vm vms[VM_MAX];
static unsigned vm_count;

static bool overlaps(uint64_t a, uint64_t asize, uint64_t b, uint64_t bsize)
{
	return a < b + bsize && b < a + asize;
}

/* The generator checks all of this; the hypervisor still refuses tables that break isolation. */
static void vm_check_desc(const struct vm_desc *d, unsigned id)
{
	uint64_t hv = mm_hpa(__hv_start), hv_size = mm_hpa(__hv_end) - hv;

	if (d->pcpu >= pcpu_hw_count)
		panic("%s: pCPU%u is not configured", d->name, d->pcpu);
	if (!d->size || ((d->gpa | d->hpa | d->size) & (PAGE_SIZE - 1)))
		panic("%s: memory 0x%lx+0x%lx is not page aligned", d->name, d->hpa, d->size);
	if (!boot_range_is_ram(d->hpa, d->size))
		panic("%s: host memory 0x%lx-0x%lx is not RAM in the boot memory map", d->name,
		      d->hpa, d->hpa + d->size - 1);
	if (overlaps(d->hpa, d->size, hv, hv_size))
		panic("%s: host memory overlaps the hypervisor image", d->name);
	for (unsigned i = 0; i < boot_info.nmodules; i++) {
		const struct boot_module *m = &boot_info.modules[i];

		if (overlaps(d->hpa, d->size, m->start, m->end - m->start))
			panic("%s: host memory overlaps module %s", d->name, m->name);
	}
	for (unsigned i = 0; i < id; i++) {
		if (overlaps(d->hpa, d->size, vm_descs[i].hpa, vm_descs[i].size))
			panic("%s: host memory overlaps %s", d->name, vm_descs[i].name);
		if (d->pcpu == vm_descs[i].pcpu)
			panic("%s: pCPU%u is already %s's", d->name, d->pcpu, vm_descs[i].name);
	}
}

static void vm_init(struct vm *vm, unsigned id)
{
	const struct vm_desc *d = &vm_descs[id];
	const struct boot_module *m;

	vm_check_desc(d, id);
	vm->id = id;
	vm->desc = d;
	vm->vcpu.vm = vm;
	vm->vcpu.pcpu = d->pcpu;
	if (vm_arch_init(vm) || vm_arch_map(vm, d->gpa, d->hpa, d->size))
		panic("%s: cannot build its second-level page tables", d->name);
	memset(mm_hva(d->hpa), 0, d->size);
	m = boot_find_module(d->image);
	if (!m)
		panic("%s: no multiboot2 module named \"%s\"", d->name, d->image);
	if (vm_load_image(vm, mm_hva(m->start), m->end - m->start))
		panic("%s: image %s does not fit its memory", d->name, d->image);
	console_printf("hv: %s: %lu MiB of RAM at GPA 0x%lx (HPA 0x%lx), image %s, entry 0x%lx, "
		       "pCPU%u\n",
		       d->name, d->size / MIB, d->gpa, d->hpa, d->image, vm->vcpu.entry, d->pcpu);
}

void vm_init_all(void)
{
	if (vm_desc_count > VM_MAX)
		panic("%u VMs configured, at most %u supported", vm_desc_count, VM_MAX);
	for (unsigned i = 0; i < vm_desc_count; i++)
		vm_init(&vms[i], i);
	vm_count = vm_desc_count;
}

struct vcpu *vm_vcpu_of_pcpu(unsigned pcpu)
{
	for (unsigned i = 0; i < vm_count; i++)
		if (vms[i].vcpu.pcpu == pcpu)
			return &vms[i].vcpu;
	return NULL;
}

void *vm_gpa_to_hva(struct vm *vm, uint64_t gpa, uint64_t size)
{
	const struct vm_desc *d = vm->desc;

	if (gpa < d->gpa || size > d->size || gpa - d->gpa > d->size - size)
		return NULL;
	return mm_hva(d->hpa + (gpa - d->gpa));
}

bool vm_running(const struct vm *vm)
{
	return __atomic_load_n(&vm->state, __ATOMIC_ACQUIRE) == VM_RUNNING;
}

void vcpu_run(struct vcpu *v)
{
	if (vcpu_arch_init(v)) {
		vm_stop(v->vm, "cannot set up its vCPU on pCPU%u", v->pcpu);
		return;
	}
	__atomic_store_n(&v->vm->state, VM_RUNNING, __ATOMIC_RELEASE);
	console_printf("hv: %s: started on pCPU%u\n", v->vm->desc->name, v->pcpu);
	while (vm_running(v->vm))
		vcpu_arch_run(v);
}

void vm_stop(struct vm *vm, const char *fmt, ...)
{
	char why[160];
	va_list ap;

	if (__atomic_exchange_n(&vm->state, VM_STOPPED, __ATOMIC_ACQ_REL) == VM_STOPPED)
		return;
	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	vuart_flush(vm);
	console_printf("hv: %s: stopped: %s\n", vm->desc->name, why);
}
