/*
 * hsmcheck: run in the Service VM, a small device model on Linux's unmodified ACRN HSM driver
 * (/dev/acrn_hsm, <linux/acrn.h>). It creates the scenario's post-launched VM, gives it memory
 * from a buffer of its own (SET_MEMSEG) holding the tiny guest tests/guests/uvm-io.c at 1 MiB
 * and a flat GDT at 0x1000, sets its vCPU's registers, starts it and serves its port I/O, MMIO and
 * PCI configuration requests through the ioreq client (CREATE/ATTACH_IOREQ_CLIENT,
 * NOTIFY_REQUEST_FINISH), answering as the guest expects; injects an MSI and pulses an IRQ line
 * for it; reads the interrupt monitor; pauses, resets and destroys it and creates it again.
 * Then, on a VM created again, the ioctls left: CPU power states, the device ones (refused: no
 * VT-d, no emulated devices), ioeventfd, irqfd, CLEAR_VM_IOREQ, UNSET_MEMSEG; and what the driver
 * lets user space try and the hypervisor must refuse: a pre-launched VM's memory (through a
 * /dev/mem mapping) and the hypervisor's as guest memory, more VMs than the scenario has. One
 * console line per check:
 *   hsmcheck: PASS name: what it saw
 *   hsmcheck: FAIL name: what it expected, what it got
 * and "hsmcheck: done: P passed, F failed". Usage: hsmcheck GUEST VM PCPU PRE_VM_HPA HV_HPA
 * (GUEST: uvm-io.bin; VM: the post-launched VM's name; PCPU: its pCPU; the two host addresses
 * the hypervisor must not give it). Exit status: 0 when every check passed.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <linux/acrn.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <termios.h>
#include <unistd.h>

#include "uvm-io.h"

#define RAM_SIZE   0x200000UL /* the VM's RAM at GPA 0 */
#define IMAGE_GPA  0x100000UL
#define GDT_GPA	   0x1000UL
#define PAGE	   4096UL
#define SERVE_SECS 60 /* a run that sends nothing for this long is stuck */

static unsigned passed, failed;
static const char *vm_name;
static uint64_t pcpu, pre_vm_hpa, hv_hpa;
static uint8_t *image;
static size_t image_size;

static void say(const char *verdict, const char *name, const char *fmt, va_list ap)
{
	printf("hsmcheck: %s %s: ", verdict, name);
	vprintf(fmt, ap);
	putchar('\n');
	fflush(stdout);
	tcdrain(STDOUT_FILENO); /* out of the UART before anything that could stop this VM */
}

static void check(bool ok, const char *name, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void check(bool ok, const char *name, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	say(ok ? "PASS" : "FAIL", name, fmt, ap);
	va_end(ap);
	if (ok)
		passed++;
	else
		failed++;
}

/* An ioctl that must succeed. */
static bool expect_ok(int fd, unsigned long req, void *arg, const char *name)
{
	int rc = ioctl(fd, req, arg);

	check(rc == 0, name, rc == 0 ? "done" : "refused: %s", strerror(errno));
	return rc == 0;
}

/* An ioctl that must be refused (by the driver or, through it, the hypervisor). */
static void expect_refused(int fd, unsigned long req, void *arg, const char *name)
{
	int rc = ioctl(fd, req, arg);

	check(rc != 0, name, rc != 0 ? "refused: %s" : "accepted", strerror(errno));
}

/* ---- one VM: its memory, its ioreq page, what its device model keeps ---- */

struct vm {
	int fd;
	uint16_t vmid;
	uint8_t *ram;
	struct acrn_io_request_buffer *iopage;
	uint32_t kept, mmio_kept, ask, cycles;
	bool done;
};

static void *page_buffer(size_t size)
{
	void *p = mmap(NULL, size, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

static bool create(struct vm *vm, const char *name)
{
	struct acrn_vm_creation c = {0};

	vm->fd = open("/dev/acrn_hsm", O_RDWR);
	if (vm->fd < 0) {
		check(false, name, "cannot open /dev/acrn_hsm: %s", strerror(errno));
		return false;
	}
	memcpy(c.uuid.b, vm_name, strnlen(vm_name, sizeof(c.uuid.b) - 1));
	c.ioreq_buf = (uint64_t)(uintptr_t)vm->iopage;
	c.cpu_affinity = 1UL << pcpu;
	if (!expect_ok(vm->fd, ACRN_IOCTL_CREATE_VM, &c, name))
		return false;
	vm->vmid = c.vmid;
	check(c.vcpu_num == 1, "create-vm-vcpus", "vmid %u, %u vCPU(s)", c.vmid, c.vcpu_num);
	return true;
}

/* The tiny guest and its GDT into the buffer, before it is the VM's memory. */
static void place_guest(struct vm *vm)
{
	static const uint64_t gdt[3] = {0, 0x00cf9b000000ffffUL, 0x00cf93000000ffffUL};

	memset(vm->ram, 0, RAM_SIZE);
	memcpy(vm->ram + IMAGE_GPA, image, image_size);
	memcpy(vm->ram + GDT_GPA, gdt, sizeof(gdt));
}

static bool set_memory(struct vm *vm)
{
	struct acrn_vm_memmap m = {
	    .type = ACRN_MEMMAP_RAM,
	    .attr = ACRN_MEM_ACCESS_RWX,
	    .user_vm_pa = 0,
	    .vma_base = (uint64_t)(uintptr_t)vm->ram,
	    .len = RAM_SIZE,
	};

	return expect_ok(vm->fd, ACRN_IOCTL_SET_MEMSEG, &m, "set-memseg");
}

/* 32-bit protected mode, flat segments, paging off, at the image's entry. */
static bool set_regs(struct vm *vm)
{
	struct acrn_vcpu_regs r = {0};
	struct acrn_regs *g = &r.vcpu_regs;

	g->gdt.limit = 23;
	g->gdt.base = GDT_GPA;
	g->rip = IMAGE_GPA;
	g->cr0 = 0x31;
	g->rflags = 0x2;
	g->cs_ar = 0xc09b;
	g->cs_limit = 0xffffffff;
	g->cs_sel = 0x8;
	g->ss_sel = g->ds_sel = g->es_sel = g->fs_sel = g->gs_sel = 0x10;
	return expect_ok(vm->fd, ACRN_IOCTL_SET_VCPU_REGS, &r, "set-vcpu-regs");
}

/* ---- the device model ---- */

static void uvm_report(struct vm *vm, uint32_t val)
{
	uint32_t id = (val >> 8) & 0xff;

	if (uvm_check_name(id) == NULL) {
		check(false, "uvm-report", "unknown report 0x%x", val);
		return;
	}
	check(val & 1, uvm_check_name(id),
	      (val & 1) ? "the guest saw what it expected" : "the guest's check failed");
	vm->done = id == CHECK_DONE;
}

static uint32_t pio(struct vm *vm, uint64_t port, bool write, uint32_t val)
{
	switch (port) {
	case DEV_PORT:
		if (write)
			vm->kept = val;
		return ~vm->kept;
	case DEV_BYTE:
		return 0x777777a5;
	case DEV_WORD:
		return 0x7777beef;
	case REPORT_PORT:
		uvm_report(vm, val);
		return 0;
	case ASK_PORT:
		vm->ask = val;
		return 0;
	case READY_PORT:
		return UVM_READY;
	case CYCLES_PORT:
		printf("hsmcheck: I/O round trip through the HSM, %s read: %u TSC cycles\n",
		       vm->cycles++ == 0 ? "port" : "MMIO", val);
		return 0;
	default:
		check(false, "uvm-port", "unexpected port 0x%" PRIx64, port);
		return ~0U;
	}
}

static uint64_t mmio(struct vm *vm, uint64_t addr, bool write, uint64_t val)
{
	if (addr == DEV_MMIO && write)
		vm->mmio_kept = (uint32_t)val;
	else if (addr == DEV_MMIO + 4)
		return vm->mmio_kept + 1;
	else if (addr == DEV_MMIO + 8)
		return 0x6666665a;
	else if (addr == DEV_MMIO + 12)
		return 0x77771234;
	else
		check(false, "uvm-mmio", "unexpected MMIO 0x%" PRIx64, addr);
	return 0;
}

/* The HSM answers 0xCF8 itself and turns 0xCFC into a PCI request: 00:00.0 is a host bridge. */
static uint32_t pci(const struct acrn_pci_request *p)
{
	if (p->bus == 0 && p->dev == 0 && p->func == 0 && p->reg == 0)
		return 0x5af08086;
	return ~0U;
}

static void send_interrupt(struct vm *vm)
{
	struct acrn_msi_entry msi = {.msi_addr = 0xfee00000, .msi_data = 0x41};
	uint64_t line = 5 | (2ULL << 32); /* GSI 5, a raising pulse */

	if (vm->ask == UVM_ASK_MSI)
		expect_ok(vm->fd, ACRN_IOCTL_INJECT_MSI, &msi, "inject-msi");
	else if (vm->ask == UVM_ASK_GSI)
		expect_ok(vm->fd, ACRN_IOCTL_SET_IRQLINE, (void *)(uintptr_t)line, "set-irqline");
	vm->ask = 0;
}

static void serve_slot(struct vm *vm, struct acrn_io_request *s, uint32_t vcpu)
{
	struct acrn_ioreq_notify n = {.vmid = vm->vmid, .vcpu = vcpu};

	if (s->type == ACRN_IOREQ_TYPE_PORTIO) {
		struct acrn_pio_request *p = &s->reqs.pio_request;

		p->value = pio(vm, p->address, p->direction == ACRN_IOREQ_DIR_WRITE, p->value);
	} else if (s->type == ACRN_IOREQ_TYPE_MMIO) {
		struct acrn_mmio_request *m = &s->reqs.mmio_request;

		m->value = mmio(vm, m->address, m->direction == ACRN_IOREQ_DIR_WRITE, m->value);
	} else if (s->type == ACRN_IOREQ_TYPE_PCICFG) {
		s->reqs.pci_request.value = pci(&s->reqs.pci_request);
	}
	if (ioctl(vm->fd, ACRN_IOCTL_NOTIFY_REQUEST_FINISH, &n) != 0)
		check(false, "notify-request-finish", "refused: %s", strerror(errno));
	send_interrupt(vm);
}

static void on_alarm(int sig)
{
	(void)sig;
}

/* ATTACH_IOREQ_CLIENT sleeps until the HSM hands the client a request (PROCESSING in its slot);
 * an alarm ends a wait that lasts too long. */
static void serve(struct vm *vm)
{
	struct sigaction sa = {.sa_handler = on_alarm};

	sigaction(SIGALRM, &sa, NULL);
	while (!vm->done) {
		alarm(SERVE_SECS);
		if (ioctl(vm->fd, ACRN_IOCTL_ATTACH_IOREQ_CLIENT, 0) != 0) {
			check(false, "attach-ioreq-client", "%s", strerror(errno));
			break;
		}
		alarm(0);
		struct acrn_io_request *s = &vm->iopage->req_slot[0];

		if (__atomic_load_n(&s->processed, __ATOMIC_ACQUIRE) ==
			ACRN_IOREQ_STATE_PROCESSING &&
		    !s->kernel_handled)
			serve_slot(vm, s, 0);
	}
	alarm(0);
}

static void run(struct vm *vm, const char *what)
{
	uint64_t *monitor = page_buffer(PAGE);

	printf("hsmcheck: run: %s\n", what);
	if (!create(vm, "create-vm"))
		return;
	place_guest(vm);
	if (!set_memory(vm) || !set_regs(vm))
		return;
	monitor[0] = 0; /* INTR_CMD_GET_DATA, buf_cnt 0 */
	expect_ok(vm->fd, ACRN_IOCTL_VM_INTR_MONITOR, monitor, "vm-intr-monitor");
	if (!expect_ok(vm->fd, ACRN_IOCTL_CREATE_IOREQ_CLIENT, NULL, "create-ioreq-client") ||
	    !expect_ok(vm->fd, ACRN_IOCTL_START_VM, NULL, "start-vm"))
		return;
	serve(vm);
	expect_ok(vm->fd, ACRN_IOCTL_PAUSE_VM, NULL, "pause-vm");
	expect_ok(vm->fd, ACRN_IOCTL_RESET_VM, NULL, "reset-vm");
	expect_ok(vm->fd, ACRN_IOCTL_DESTROY_IOREQ_CLIENT, NULL, "destroy-ioreq-client");
	expect_ok(vm->fd, ACRN_IOCTL_DESTROY_VM, NULL, "destroy-vm");
	close(vm->fd);
	munmap(monitor, PAGE);
}

/* ---- the other ioctls, on a VM that is created and not started ---- */

/* CPU power states: the C-state count (0: the tables give a VM none, one byte as ACRN writes
 * it); the P-state count is refused, as ACRN refuses it for a VM without P-state data. */
static void power_states(struct vm *vm)
{
	uint64_t cmd[1];
	uint64_t vmid = (uint64_t)vm->vmid << 24;

	cmd[0] = ACRN_PMCMD_GET_CX_CNT | vmid;
	if (ioctl(vm->fd, ACRN_IOCTL_PM_GET_CPU_STATE, cmd) != 0)
		check(false, "pm-cx-count", "refused: %s", strerror(errno));
	else
		check((cmd[0] & 0xff) == 0, "pm-cx-count", "%" PRIu64 " C-states", cmd[0] & 0xff);
	cmd[0] = ACRN_PMCMD_GET_PX_CNT | vmid;
	expect_refused(vm->fd, ACRN_IOCTL_PM_GET_CPU_STATE, cmd, "pm-px-count-refused");
}

/* Passthrough and emulated devices: the board's IDE controller (00:01.1), its INTx, the TPM's
 * MMIO range, a virtual device; the hypervisor has no VT-d to confine a device's DMA and
 * emulates no device for a post-launched VM, so each is refused and nothing changes. */
static void devices(struct vm *vm)
{
	struct acrn_pcidev pci = {.virt_bdf = 0x0008, .phys_bdf = 0x0009};
	struct acrn_ptdev_irq irq = {.type = ACRN_PTDEV_IRQ_INTX,
				     .virt_bdf = 0x0008,
				     .phys_bdf = 0x0009,
				     .intx = {.virt_pin = 5, .phys_pin = 14}};
	struct acrn_mmiodev mmio = {.name = "tpm"};
	struct acrn_vdev vdev = {0};

	mmio.res[0].user_vm_pa = mmio.res[0].service_vm_pa = 0xfed40000;
	mmio.res[0].size = 0x5000;
	vdev.id.fields.vendor = 0x1af4;
	vdev.id.fields.device = 0x1110;
	vdev.slot = 0x0010;
	expect_refused(vm->fd, ACRN_IOCTL_ASSIGN_PCIDEV, &pci, "assign-pcidev-refused");
	expect_refused(vm->fd, ACRN_IOCTL_DEASSIGN_PCIDEV, &pci, "deassign-pcidev-refused");
	expect_refused(vm->fd, ACRN_IOCTL_SET_PTDEV_INTR, &irq, "set-ptdev-intr-refused");
	expect_refused(vm->fd, ACRN_IOCTL_RESET_PTDEV_INTR, &irq, "reset-ptdev-intr-refused");
	expect_refused(vm->fd, ACRN_IOCTL_ASSIGN_MMIODEV, &mmio, "assign-mmiodev-refused");
	expect_refused(vm->fd, ACRN_IOCTL_DEASSIGN_MMIODEV, &mmio, "deassign-mmiodev-refused");
	expect_refused(vm->fd, ACRN_IOCTL_CREATE_VDEV, &vdev, "create-vdev-refused");
	expect_refused(vm->fd, ACRN_IOCTL_DESTROY_VDEV, &vdev, "destroy-vdev-refused");
}

/* What the driver does on its own with eventfds (an ioeventfd for a port, an irqfd that injects
 * an MSI through the hypervisor when signalled), clearing the VM's requests, and unmapping
 * guest memory that was never mapped (refused). */
static void driver_ioctls(struct vm *vm)
{
	int efd = eventfd(0, EFD_NONBLOCK);
	uint64_t one = 1;
	struct acrn_ioeventfd io = {
	    .fd = (uint32_t)efd, .flags = ACRN_IOEVENTFD_FLAG_PIO, .addr = 0x6000, .len = 4};
	struct acrn_irqfd irq = {.fd = efd, .msi = {.msi_addr = 0xfee00000, .msi_data = 0x41}};
	struct acrn_vm_memmap m = {.type = ACRN_MEMMAP_MMIO,
				   .attr = ACRN_MEM_ACCESS_RWX,
				   .user_vm_pa = 0xe0000000,
				   .len = PAGE};

	if (efd < 0) {
		check(false, "eventfd", "%s", strerror(errno));
		return;
	}
	expect_ok(vm->fd, ACRN_IOCTL_IOEVENTFD, &io, "ioeventfd");
	io.flags |= ACRN_IOEVENTFD_FLAG_DEASSIGN;
	expect_ok(vm->fd, ACRN_IOCTL_IOEVENTFD, &io, "ioeventfd-deassign");
	if (expect_ok(vm->fd, ACRN_IOCTL_IRQFD, &irq, "irqfd"))
		check(write(efd, &one, sizeof(one)) == sizeof(one), "irqfd-signal", "signalled");
	irq.flags = ACRN_IRQFD_FLAG_DEASSIGN;
	expect_ok(vm->fd, ACRN_IOCTL_IRQFD, &irq, "irqfd-deassign");
	close(efd);
	expect_ok(vm->fd, ACRN_IOCTL_CLEAR_VM_IOREQ, NULL, "clear-vm-ioreq");
	expect_refused(vm->fd, ACRN_IOCTL_UNSET_MEMSEG, &m, "unset-memseg-unmapped-refused");
}

/* ---- what the hypervisor must refuse ---- */

/* A second VM while the scenario's one post-launched VM exists. */
static void too_many(struct vm *vm)
{
	struct vm other = {.iopage = page_buffer(PAGE)};
	struct acrn_vm_creation c = {0};

	if (!create(vm, "create-vm-for-attacks"))
		return;
	other.fd = open("/dev/acrn_hsm", O_RDWR);
	memcpy(c.uuid.b, vm_name, strnlen(vm_name, sizeof(c.uuid.b) - 1));
	c.ioreq_buf = (uint64_t)(uintptr_t)other.iopage;
	c.cpu_affinity = 1UL << pcpu;
	expect_refused(other.fd, ACRN_IOCTL_CREATE_VM, &c, "create-vm-beyond-scenario-refused");
	close(other.fd);
}

/* Guest memory from host memory that is not the Service VM's: a pre-launched VM's RAM mapped
 * through /dev/mem (the driver takes its physical address from the mapping), and the
 * hypervisor's given as MMIO (the driver passes the address as it is). */
static void foreign_memory(struct vm *vm)
{
	int mem = open("/dev/mem", O_RDWR | O_SYNC);
	void *pre =
	    mem < 0 ? MAP_FAILED
		    : mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, mem, (off_t)pre_vm_hpa);
	struct acrn_vm_memmap m = {.type = ACRN_MEMMAP_RAM,
				   .attr = ACRN_MEM_ACCESS_RWX,
				   .user_vm_pa = 0x400000,
				   .len = PAGE};

	if (pre == MAP_FAILED) {
		check(false, "memseg-pre-vm-refused", "no /dev/mem mapping of 0x%" PRIx64 ": %s",
		      pre_vm_hpa, strerror(errno));
	} else {
		m.vma_base = (uint64_t)(uintptr_t)pre;
		expect_refused(vm->fd, ACRN_IOCTL_SET_MEMSEG, &m, "memseg-pre-vm-refused");
		munmap(pre, PAGE);
	}
	if (mem >= 0)
		close(mem);
	m = (struct acrn_vm_memmap){.type = ACRN_MEMMAP_MMIO,
				    .attr = ACRN_MEM_ACCESS_RWX,
				    .user_vm_pa = 0xe0000000,
				    .service_vm_pa = hv_hpa,
				    .len = PAGE};
	expect_refused(vm->fd, ACRN_IOCTL_SET_MEMSEG, &m, "memseg-hypervisor-refused");
	m.service_vm_pa = pre_vm_hpa;
	expect_refused(vm->fd, ACRN_IOCTL_SET_MEMSEG, &m, "memseg-mmio-pre-vm-refused");
}

static void attacks(struct vm *vm)
{
	printf("hsmcheck: run: what the hypervisor must refuse\n");
	too_many(vm);
	if (vm->fd >= 0) {
		power_states(vm);
		devices(vm);
		driver_ioctls(vm);
		foreign_memory(vm);
		expect_ok(vm->fd, ACRN_IOCTL_DESTROY_VM, NULL, "destroy-vm-after-attacks");
		close(vm->fd);
	}
}

static bool load_image(const char *path)
{
	FILE *f = fopen(path, "rb");

	image = malloc(RAM_SIZE - IMAGE_GPA);
	if (f == NULL || image == NULL) {
		check(false, "guest-image", "cannot read %s: %s", path, strerror(errno));
		return false;
	}
	image_size = fread(image, 1, RAM_SIZE - IMAGE_GPA, f);
	fclose(f);
	return image_size > 0;
}

int main(int argc, char **argv)
{
	struct vm first = {0}, again = {0}, attack = {0};

	if (argc != 6) {
		fprintf(stderr, "usage: hsmcheck GUEST VM PCPU PRE_VM_HPA HV_HPA\n");
		return 2;
	}
	vm_name = argv[2];
	pcpu = strtoull(argv[3], NULL, 0);
	pre_vm_hpa = strtoull(argv[4], NULL, 0);
	hv_hpa = strtoull(argv[5], NULL, 0);
	if (!load_image(argv[1]))
		return 1;
	first.ram = again.ram = page_buffer(RAM_SIZE);
	first.iopage = again.iopage = attack.iopage = page_buffer(PAGE);
	if (first.ram == NULL || first.iopage == NULL) {
		check(false, "buffers", "no memory: %s", strerror(errno));
		return 1;
	}
	run(&first, "a VM created, served through the ioreq client, destroyed");
	run(&again, "the same VM created again");
	attacks(&attack);
	printf("hsmcheck: done: %u passed, %u failed\n", passed, failed);
	return failed == 0 ? 0 : 1;
}
