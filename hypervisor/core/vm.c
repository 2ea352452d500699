/* VMs from the generated tables: memory checks, second-level maps, images; running and stopping. */
#include "vm.h"
#include "boot.h"
#include "console.h"
#include "lib.h"
#include "mm.h"
#include "pcpu.h"

static struct vm vms[VM_MAX];
static unsigned vm_count;

const char *vm_name(const struct vm *vm)
{
	return vm->cfg->name;
}

/* The vCPU that runs on pCPU, among those of the first count VMs, or NULL. */
static struct vcpu *vcpu_on(unsigned count, unsigned pcpu)
{
	for (unsigned i = 0; i < count; i++) {
		for (unsigned j = 0; j < vms[i].vcpu_count; j++) {
			if (vms[i].vcpus[j].pcpu == pcpu) {
				return &vms[i].vcpus[j];
			}
		}
	}
	return NULL;
}

/* The second-level map holds this VM's regions and nothing else. */
static void vm_map_regions(struct vm *vm)
{
	const struct acfg_vm *c = vm->cfg;

	vm->regions = c->regions;
	vm->region_count = c->region_count;
	if (vm_arch_init(vm) != 0) {
		panic("%s: cannot build its second-level page tables", c->name);
	}
	for (unsigned i = 0; i < c->region_count; i++) {
		const struct acfg_mem_region *r = &c->regions[i];

		if (vm_arch_map(vm, r->gpa, r->hpa, r->size) != 0) {
			panic("%s: cannot map GPA 0x%lx in its second-level page tables", c->name,
			      r->gpa);
		}
		/* RAM and shared memory alike: nothing of an earlier boot or owner is seen */
		(void)memset(mm_hva(r->hpa), 0, r->size);
	}
}

/* The scenario's name for a kernel type, as the user wrote it in <kern_type>. */
static const char *kernel_type_name(uint32_t type)
{
	const char *name = "an unknown kernel type";

	if (type == ACFG_KERN_ELF) {
		name = "KERNEL_ELF";
	} else if (type == ACFG_KERN_RAWIMAGE) {
		name = "KERNEL_RAWIMAGE";
	} else if (type == ACFG_KERN_BZIMAGE) {
		name = "KERNEL_BZIMAGE";
	} else if (type == ACFG_KERN_NONE) {
		name = "no kernel type";
	} else {
		/* a table from another ABI revision would have failed its header check */
	}
	return name;
}

/* The VM's ACPI tables (acrn-cfgc's, checked at boot by config_check_acpi) copied to their guest
 * addresses before its image is loaded (an image must not lie over them); false if its RAM does
 * not hold them. */
static bool vm_place_acpi(struct vm *vm)
{
	const struct acfg_acpi_vm *a = &acfg_acpi.vms[vm->cfg_index];

	for (uint32_t i = 0U; i < a->table_count; i++) {
		const struct acfg_acpi_table *t = &a->tables[i];
		void *dst = vm_gpa_to_hva(vm, t->gpa, t->length);

		if (dst == NULL) {
			return false;
		}
		(void)memcpy(dst, t->bytes, t->length);
	}
	if (a->table_count != 0U) {
		vm->acpi_rsdp = a->tables[0].gpa;
	}
	return true;
}

/* A VM whose image does not load is not started: it says why, its pCPUs stay idle, and the
 * other VMs run. */
static void vm_load(struct vm *vm)
{
	const struct acfg_vm *c = vm->cfg;
	const struct acfg_kernel *k = &c->kernel;
	const struct boot_module *m = boot_find_module(k->mod_tag);
	char why[160];

	if (m == NULL) {
		vm->state = VM_STOPPED;
		console_printf("hv: %s: not started: no multiboot2 module named \"%s\"\n", c->name,
			       k->mod_tag);
		return;
	}
	if (!vm_place_acpi(vm)) {
		vm->state = VM_STOPPED;
		console_printf(
		    "hv: %s: not started: its ACPI tables (GPA 0x%x-0x%x) are not in its "
		    "RAM\n",
		    c->name, ACFG_VACPI_RSDP, ACFG_VACPI_END - 1U);
		return;
	}
	if (vm_load_image(vm, mm_hva(m->start), m->end - m->start, why, sizeof(why)) != 0) {
		vm->state = VM_STOPPED;
		console_printf("hv: %s: not started: image %s (%s): %s\n", c->name, k->mod_tag,
			       kernel_type_name(k->type), why);
		return;
	}
	if (vm == vm_service()) {
		console_printf("hv: %s: image %s (%s), entry 0x%lx, pCPU%u%s\n", c->name,
			       k->mod_tag, kernel_type_name(k->type), vm->start.entry, c->pcpus[0],
			       (vm->vcpu_count > 1U) ? " (vCPU0) and more" : "");
	} else {
		console_printf("hv: %s: %u memory region(s), %lu MiB of RAM at GPA 0x%lx (HPA "
			       "0x%lx), image %s (%s), entry 0x%lx, pCPU%u%s\n",
			       c->name, c->region_count, c->regions[0].size / MIB,
			       c->regions[0].gpa, c->regions[0].hpa, k->mod_tag,
			       kernel_type_name(k->type), vm->start.entry, c->pcpus[0],
			       (vm->vcpu_count > 1U) ? " (vCPU0) and more" : "");
	}
	for (unsigned i = 1; i < vm->vcpu_count; i++) {
		console_printf("hv: %s: vCPU%u on pCPU%u, started by vCPU0\n", c->name, i,
			       c->pcpus[i]);
	}
}

/* Its memory mapped, its devices and vCPUs set up, its image loaded; false if the Service VM
 * finds no memory (then nothing of it is kept). */
static bool vm_init(struct vm *vm, unsigned cfg_index, unsigned slot)
{
	const struct acfg_vm *c = &acfg_vms.vms[cfg_index];

	vm->id = slot;
	vm->cfg_index = cfg_index;
	vm->cfg = c;
	if (c->load_order == ACFG_LOAD_SERVICE) {
		if (!svm_init_memory(vm, vms, slot)) {
			return false;
		}
	} else {
		vm_map_regions(vm);
	}
	vuart_init(vm);
	vm_arch_devices_init(vm);
	if (c->load_order == ACFG_LOAD_SERVICE) {
		vm_arch_service_init(vm);
	}
	for (unsigned i = 0; i < c->pcpu_count; i++) {
		vm->vcpus[i].vm = vm;
		vm->vcpus[i].id = i;
		vm->vcpus[i].pcpu = c->pcpus[i];
		vm->vcpus[i].start_vector = -1;
		vm->vcpus[i].slot = (slot * VCPU_MAX) + i;
	}
	vm->vcpu_count = c->pcpu_count;
	vm_load(vm);
	return true;
}

/* The VM started for acfg_vms.vms[cfg_index], or NULL. */
static struct vm *vm_of_cfg(unsigned cfg_index)
{
	for (unsigned i = 0; i < vm_count; i++) {
		if (vms[i].cfg_index == cfg_index) {
			return &vms[i];
		}
	}
	return NULL;
}

/* The VM whose console vUART takes what is typed on the hypervisor's console: the one the
 * command line names ("input=NAME"), else the first with a console vUART. */
static void vm_choose_input(void)
{
	struct vm *in = NULL;
	char word[48];

	for (unsigned i = 0; i < vm_count; i++) {
		(void)snprintf(word, sizeof(word), "input=%s", vm_name(&vms[i]));
		if (boot_option(word) || ((in == NULL) && (vms[i].console.base != 0U))) {
			in = &vms[i];
		}
	}
	if (in != NULL) {
		in->console_input = true;
		console_printf("hv: %s: its console takes the console's input\n", vm_name(in));
	}
}

/* Whether VM i of the tables starts in this round: the pre-launched VMs first, then the
 * Service VM, whose memory is what they leave; post-launched VMs never start at boot. */
static bool vm_starts_now(unsigned i, uint32_t load_order)
{
	const struct acfg_vm *c = &acfg_vms.vms[i];

	if (c->load_order != load_order) {
		return false;
	}
	if (!vm_cfg_name_ok(c)) {
		console_printf("hv: VM %u: not started: its name has no NUL in its 16 bytes "
			       "(15 characters at most)\n",
			       i);
		return false;
	}
	if ((load_order == ACFG_LOAD_SERVICE) && (vm_service() != NULL)) {
		console_printf("hv: %s: not started: %s is the Service VM\n", c->name,
			       vm_name(vm_service()));
		return false;
	}
	if (vm_count == VM_MAX) {
		panic("more than %u VMs to start at boot", VM_MAX);
	}
	return (load_order == ACFG_LOAD_SERVICE) ? vm_cfg_accept_service(c, vms, vm_count)
						 : vm_cfg_accept(c, vms, vm_count);
}

/* The pre-launched VMs and the Service VM of the tables. */
void vm_init_all(void)
{
	static const uint32_t rounds[2] = {ACFG_LOAD_PRE_LAUNCHED, ACFG_LOAD_SERVICE};

	for (unsigned r = 0U; r < 2U; r++) {
		for (unsigned i = 0U; i < acfg_vms.vm_count; i++) {
			if (vm_starts_now(i, rounds[r]) && vm_init(&vms[vm_count], i, vm_count)) {
				vm_count++;
			}
		}
	}
	for (unsigned i = 0U; i < acfg_vms.vm_count; i++) {
		if (acfg_vms.vms[i].load_order == ACFG_LOAD_POST_LAUNCHED) {
			console_printf("hv: %s: post-launched: not started at boot\n",
				       vm_cfg_name(&acfg_vms.vms[i]));
		}
	}
	for (unsigned i = 0; i < vm_count; i++) {
		for (unsigned j = 0; j < vms[i].link_count; j++) {
			vuart_connect(&vms[i], j, vm_of_cfg(vms[i].cfg->vuarts[j].peer_vm));
		}
	}
	vm_choose_input();
}

struct vcpu *vm_vcpu_of_pcpu(unsigned pcpu)
{
	return vcpu_on(vm_count, pcpu);
}

/* Only hypercalls call it, one at a time (core/hypercall.c). */
struct vm *vm_slot(unsigned cfg_index)
{
	struct vm *vm = vm_of_cfg(cfg_index);

	if ((vm == NULL) && (vm_count < VM_MAX)) {
		vm = &vms[vm_count];
		vm->id = vm_count;
		vm->cfg_index = cfg_index;
		vm->cfg = &acfg_vms.vms[cfg_index];
		vm->state = VM_STOPPED;
		__atomic_store_n(&vm_count, vm_count + 1U, __ATOMIC_RELEASE);
	}
	return vm;
}

struct vcpu *vm_vcpu(struct vm *vm, unsigned id)
{
	return (id < vm->vcpu_count) ? &vm->vcpus[id] : NULL;
}

bool vcpu_start(struct vcpu *v, unsigned vector)
{
	int waiting = -1;

	return (v->id != 0U) &&
	       __atomic_compare_exchange_n(&v->start_vector, &waiting, (int)vector, false,
					   __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE);
}

/* Guest [gpa, gpa + size) by the VM's second-level map, if it maps all of it as RAM, in one
 * piece of host memory the hypervisor reaches: a post-launched VM's memory, which the Service VM
 * gives it at run time. */
static void *vm_ept_to_hva(const struct vm *vm, uint64_t gpa, uint64_t size)
{
	uint64_t first = 0U;
	uint64_t span = 0U;
	uint64_t off = 0U;

	if (!mm_range_ok(gpa, size) || (size > MM_HPA_LIMIT) ||
	    !vm_arch_translate(vm, gpa, &first, &span)) {
		return NULL;
	}
	while (off < size) {
		uint64_t hpa = 0U;

		if (!vm_arch_translate(vm, gpa + off, &hpa, &span) || (hpa != (first + off))) {
			return NULL;
		}
		off += span;
	}
	if ((first >= MM_HPA_LIMIT) || (size > (MM_HPA_LIMIT - first))) {
		return NULL;
	}
	return mm_hva(first);
}

/* Guest [gpa, gpa + size) in host memory, if one region of the VM holds all of it; for the
 * Service VM, if its map holds all of it as RAM now. */
void *vm_gpa_to_hva(struct vm *vm, uint64_t gpa, uint64_t size)
{
	if (vm == vm_service()) {
		return svm_gpa_to_hva(vm, gpa, size);
	}
	if (vm->cfg->load_order == ACFG_LOAD_POST_LAUNCHED) {
		return vm_ept_to_hva(vm, gpa, size);
	}
	for (unsigned i = 0; i < vm->region_count; i++) {
		const struct acfg_mem_region *r = &vm->regions[i];

		if ((gpa >= r->gpa) && (size <= r->size) && ((gpa - r->gpa) <= (r->size - size))) {
			return mm_hva(r->hpa + (gpa - r->gpa));
		}
	}
	return NULL;
}

bool vm_running(const struct vm *vm)
{
	return __atomic_load_n(&vm->state, __ATOMIC_ACQUIRE) == VM_RUNNING;
}

/* "N VM exits (...)" after "ran S.CC s" (the run time in timer ticks), then a line for each
 * kind of exit it had by port, MSR or address. */
static void vcpu_print_stats(const struct vcpu *v, const char *what)
{
	char exits[200];
	char who[24];
	unsigned kind = 0U;
	int more;

	who[0] = '\0';
	vcpu_arch_exit_summary(v, exits, sizeof(exits));
	if (v->vm->vcpu_count > 1U) {
		(void)snprintf(who, sizeof(who), "vCPU%u: ", v->id);
	}
	console_printf("hv: %s: %s%s %lu.%02lu s, %s\n", vm_name(v->vm), who, what,
		       v->ticks / HV_TICK_HZ, ((v->ticks % HV_TICK_HZ) * 100U) / HV_TICK_HZ, exits);
	more = vcpu_arch_exit_kind(v, kind, exits, sizeof(exits));
	while (more >= 0) {
		if (more > 0) {
			console_printf("hv: %s: %s%s\n", vm_name(v->vm), who, exits);
		}
		kind++;
		more = vcpu_arch_exit_kind(v, kind, exits, sizeof(exits));
	}
}

bool vcpu_begin(struct vcpu *v)
{
	struct vm *vm = v->vm;

	if (__atomic_load_n(&vm->state, __ATOMIC_ACQUIRE) == VM_STOPPED) {
		return false; /* not started: its image did not load */
	}
	__atomic_add_fetch(&vm->vcpus_running, 1, __ATOMIC_ACQ_REL);
	v->begun = true;
	if (vcpu_arch_init(v) != 0) {
		vm_stop(vm, "cannot set up vCPU%u on pCPU%u", v->id, v->pcpu);
		return false;
	}
	if (v->id == 0U) {
		int setup = 0;

		/* a post-launched VM is running already (HC_START_VM) */
		(void)__atomic_compare_exchange_n(&vm->state, &setup, VM_RUNNING, false,
						  __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE);
		console_printf("hv: %s: started on pCPU%u (TSC %lu)\n", vm_name(vm), v->pcpu,
			       pcpu_arch_cycles());
	} else {
		console_printf("hv: %s: vCPU%u started on pCPU%u at 0x%x\n", vm_name(vm), v->id,
			       v->pcpu, (unsigned)v->start_vector << 12);
	}
	return true;
}

void vcpu_end(struct vcpu *v)
{
	v->begun = false;
	vcpu_print_stats(v, "ran");
}

/* vCPU 0 starts the VM; another vCPU waits for its start-up IPI, or for the VM to stop. */
void vcpu_run(struct vcpu *v)
{
	struct vm *vm = v->vm;

	while ((v->id != 0U) && __atomic_load_n(&v->start_vector, __ATOMIC_ACQUIRE) < 0) {
		if (__atomic_load_n(&vm->state, __ATOMIC_ACQUIRE) == VM_STOPPED) {
			return;
		} else {
			pcpu_arch_relax();
		}
	}
	if (!vcpu_begin(v)) {
		return;
	}
	while (vm_running(vm) && !v->halted) {
		vcpu_arch_run(v);
	}
	vcpu_end(v);
}

void vcpu_halt(struct vcpu *v, const char *fmt, ...)
{
	char why[120];
	va_list ap;

	va_start(ap, fmt);
	(void)vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	v->halted = true;
	if (__atomic_sub_fetch(&v->vm->vcpus_running, 1, __ATOMIC_ACQ_REL) == 0) {
		vm_stop(v->vm, "%s", why);
	} else {
		console_printf("hv: %s: vCPU%u: %s\n", vm_name(v->vm), v->id, why);
	}
}

/* With "stats" on the command line, each running VM's exit counts every second of its run. */
void vcpu_tick(struct vcpu *v)
{
	v->ticks++;
	if (v->id == 0U) {
		spin_lock(&v->vm->io_lock);
		if (v->vm->console_input) {
			vuart_console_input(v->vm);
		}
		vuart_poll(v->vm);
		spin_unlock(&v->vm->io_lock);
	}
	if (((v->ticks % HV_TICK_HZ) == 0U) && boot_option("stats")) {
		vcpu_print_stats(v, "running");
	}
}

/* How many times the VM made this report before (counted by its format: one per call site). */
static unsigned report_seen(struct vm *vm, const char *fmt)
{
	unsigned i = 0U;
	unsigned n;

	spin_lock(&vm->report_lock);
	while ((i < (VM_REPORT_KINDS - 1U)) && (vm->report_fmt[i] != NULL) &&
	       (vm->report_fmt[i] != fmt)) {
		i++;
	}
	if (vm->report_fmt[i] == NULL) {
		vm->report_fmt[i] = fmt;
	}
	n = vm->report_count[i];
	if (n < VM_REPORTS) {
		vm->report_count[i] = n + 1U;
	}
	spin_unlock(&vm->report_lock);
	return n;
}

void vm_report(struct vm *vm, const char *fmt, ...)
{
	char what[160];
	va_list ap;
	unsigned n = report_seen(vm, fmt);

	if (n >= VM_REPORTS) {
		return;
	}
	va_start(ap, fmt);
	(void)vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	if ((n + 1U) == VM_REPORTS) {
		console_printf("hv: %s: %s (%u times now: no more of these are reported)\n",
			       vm_name(vm), what, VM_REPORTS);
	} else {
		console_printf("hv: %s: %s\n", vm_name(vm), what);
	}
}

/* Ports of no vUART and no platform device are nobody's: the guest sees an empty bus. */
uint32_t vm_pio_in(struct vm *vm, uint16_t port, unsigned size)
{
	uint32_t val;
	bool ours;

	spin_lock(&vm->io_lock);
	ours = vuart_pio_in(vm, port, &val) || vm_arch_pio_in(vm, port, size, &val);
	spin_unlock(&vm->io_lock);
	if (ours) {
		return val;
	}
	vm_report(vm, "I/O port 0x%x is not assigned to it: %u-byte read gives all ones", port,
		  size);
	return (size == 4U) ? 0xffffffffU : ((1U << (8U * size)) - 1U);
}

void vm_pio_out(struct vm *vm, uint16_t port, unsigned size, uint32_t val)
{
	bool ours;

	spin_lock(&vm->io_lock);
	ours = vuart_pio_out(vm, port, val) || vm_arch_pio_out(vm, port, size, val);
	spin_unlock(&vm->io_lock);
	if (!ours) {
		vm_report(vm, "I/O port 0x%x is not assigned to it: %u-byte write of 0x%x dropped",
			  port, size, val);
	}
}

void vm_stop(struct vm *vm, const char *fmt, ...)
{
	char why[160];
	va_list ap;

	if (__atomic_exchange_n(&vm->state, VM_STOPPED, __ATOMIC_ACQ_REL) == VM_STOPPED) {
		return;
	}
	va_start(ap, fmt);
	(void)vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	spin_lock(&vm->io_lock);
	vuart_flush(vm);
	spin_unlock(&vm->io_lock);
	console_printf("hv: %s: stopped: %s\n", vm_name(vm), why);
}
