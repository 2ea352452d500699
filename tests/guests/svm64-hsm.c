/*
 * A "mini HSM": a 64-bit test guest run as the Service VM that does with hypercalls what Linux's
 * HSM driver and a device model do: creates the post-launched VM of its scenario, gives it a
 * page of I/O requests and memory of its own holding the tiny guest (uvm-io.c, at 1 MiB of the
 * VM, a GDT of flat segments at 0x1000), sets its vCPU's registers, starts it and serves every
 * request by polling the page, answering as uvm-io.c expects; then pauses, resets and destroys
 * the VM, and creates it again with completion polling and a slot it broke on purpose. Between,
 * it attacks the state machine and the hypercalls' arguments. Each check prints "hsm: PASS NAME"
 * or "hsm: FAIL NAME: ..."; the boot case (tests/boot/cases/ioreq-hsm.boot) judges the lines.
 */
#include <stdbool.h>
#include <linux/acrn.h>

#include "guest.h"
#include "hcall.h"
#include "apic.h"
#include "uvm-io.h"

#define FLAG_POLLING  0x4UL /* GUEST_FLAG_IO_COMPLETION_POLLING */
#define UVM_NAME      "POST_VM"
#define UVM_PCPU      2		  /* its pCPU in tests/boot/hsm.xml */
#define HV_PAGE	      0x100000UL  /* the hypervisor's image (HV_RAM_START) */
#define PRE_VM_RAM    0x4000000UL /* the pre-launched VM's RAM (hsm.xml) */
#define UVM_RAM_SIZE  0x200000UL
#define UVM_IMAGE     0x100000UL
#define UVM_GDT	      0x1000UL
#define SPIN_MAX      40000000U /* pause loops without a request: the run is stuck */
#define PRE_FREE_SPIN 300000U	/* the broken slot stays so this long after the start */

/* The tiny guest's image, and its length. */
__asm__(".section .rodata\n.balign 16\n.globl uvm_bin\nuvm_bin:\n.incbin \"" UVM_BIN "\"\n"
	"uvm_bin_end:\n.balign 8\n.globl uvm_bin_len\nuvm_bin_len:\n.quad uvm_bin_end - uvm_bin\n"
	".previous\n");
extern const uint8_t uvm_bin[];
extern const uint64_t uvm_bin_len;

/* Kernel-internal hypercall arguments of the HSM (drivers/virt/acrn/acrn_drv.h). */
struct region_op {
	uint32_t type; /* 0 add, 2 delete */
	uint32_t attr;
	uint64_t user_vm_pa;
	uint64_t service_vm_pa;
	uint64_t size;
};

struct region_batch {
	uint16_t vmid;
	uint16_t reserved[3];
	uint32_t regions_num;
	uint32_t pad;
	uint64_t regions_gpa;
};

struct intr_monitor {
	uint32_t cmd;
	uint32_t buf_cnt;
	uint64_t buffer[48];
};

static struct acrn_io_request_buffer iopage __attribute__((aligned(4096)));
static uint8_t uvm_ram[UVM_RAM_SIZE] __attribute__((aligned(4096)));
static struct intr_monitor monitor __attribute__((aligned(4096)));
static struct acrn_vm_creation creation;
static struct acrn_vcpu_regs regs;
static struct region_batch batch;
static struct region_op op;
static uint64_t buffer_arg, msi_arg[2];
static volatile uint32_t upcalls;
static unsigned passed, failed;

/* One run of the tiny guest: the VM, and what its device model keeps. */
struct run {
	uint16_t vmid;
	bool polling;
	bool broken_slot; /* the slot set to state 7 before the start (the attack run) */
	bool done;
	bool first_seen;
	uint32_t kept, mmio_kept, pci_addr;
	uint32_t ask; /* an interrupt the guest asked for, sent after its request completes */
	unsigned cycles;
	unsigned served;
};

static int64_t hc(uint64_t id, uint64_t a1, uint64_t a2)
{
	register uint64_t r8 __asm__("r8") = id;
	int64_t ret;

	__asm__ volatile("vmcall" : "=a"(ret) : "r"(r8), "D"(a1), "S"(a2) : "memory");
	return ret;
}

void guest_irq(void);
void guest_irq(void)
{
	upcalls++;
	wrmsr(X2APIC_EOI, 0);
}

static void putdec64(int64_t v)
{
	if (v < 0) {
		putc_('-');
		v = -v;
	}
	putdec((uint32_t)v);
}

static void check(const char *name, bool ok, const char *what, int64_t got)
{
	puts_(ok ? "hsm: PASS " : "hsm: FAIL ");
	puts_(name);
	if (!ok) {
		puts_(": ");
		puts_(what);
		puts_(", got ");
		putdec64(got);
	}
	putc_('\n');
	if (ok)
		passed++;
	else
		failed++;
}

static void expect_rc(const char *name, int64_t rc, int64_t want)
{
	check(name, rc == want, want == 0 ? "0 expected" : "an error expected", rc);
}

static uint64_t gpa(const void *p)
{
	return (uint64_t)p; /* the Service VM's memory is identity-mapped, and so is this guest */
}

/* ---- the device model: what the tiny guest's accesses read ---- */

static void uvm_report(struct run *r, uint32_t val)
{
	uint32_t id = (val >> 8) & 0xff;
	uint32_t refused = val >> 16;

	if (id == CHECK_READY) {
		/* refused reads before the first served: none, unless the slot was broken */
		check(r->broken_slot ? "uvm-broken-slot-refused" : "uvm-ready",
		      r->broken_slot ? refused > 0 : refused == 0, "refused reads", refused);
		return;
	}
	check(uvm_check_name(id) ? uvm_check_name(id) : "uvm-unknown", val & 1,
	      "the guest's check failed", 0);
	r->done = id == CHECK_DONE;
}

static uint64_t pio(struct run *r, uint64_t port, bool write, uint32_t val)
{
	if (port == DEV_PORT && write)
		r->kept = val;
	else if (port == DEV_PORT)
		return ~r->kept;
	else if (port == DEV_BYTE)
		return 0x777777a5; /* the hypervisor keeps the byte */
	else if (port == DEV_WORD)
		return 0x7777beef;
	else if (port == REPORT_PORT)
		uvm_report(r, val);
	else if (port == ASK_PORT)
		r->ask = val;
	else if (port == READY_PORT)
		return UVM_READY;
	else if (port == CYCLES_PORT) {
		puts_(r->cycles++ == 0 ? "hsm: I/O round trip, port read: "
				       : "hsm: I/O round trip, MMIO read: ");
		putdec(val);
		puts_(" TSC cycles\n");
	} else if (port == 0xcf8 && write)
		r->pci_addr = val;
	else if (port == 0xcf8)
		return r->pci_addr;
	else if (port == 0xcfc)
		return r->pci_addr == 0x80000000 ? 0x5af08086 : ~0U;
	else {
		puts_("hsm: FAIL unexpected port ");
		puthex((uint32_t)port);
		putc_('\n');
		failed++;
	}
	return 0;
}

static uint64_t mmio(struct run *r, uint64_t addr, bool write, uint64_t val)
{
	if (addr == DEV_MMIO && write)
		r->mmio_kept = (uint32_t)val;
	else if (addr == DEV_MMIO + 4)
		return r->mmio_kept + 1;
	else if (addr == DEV_MMIO + 8)
		return 0x6666665a;
	else if (addr == DEV_MMIO + 12)
		return 0x77771234;
	else {
		puts_("hsm: FAIL unexpected MMIO ");
		puthex_digits(addr, 64);
		putc_('\n');
		failed++;
	}
	return 0;
}

/* The interrupt the guest asked for, once its request is complete. */
static void send_interrupt(struct run *r)
{
	if (r->ask == UVM_ASK_MSI) {
		msi_arg[0] = 0xfee00000;
		msi_arg[1] = 0x41;
		expect_rc("inject-msi", hc(HC_INJECT_MSI, r->vmid, gpa(msi_arg)), 0);
	} else if (r->ask == UVM_ASK_GSI) {
		expect_rc("set-irqline-pulse", hc(HC_SET_IRQLINE, r->vmid, 5 | 2UL << 32), 0);
	}
	r->ask = 0;
}

/* The first request is seen PENDING: finishing it before it is COMPLETE is refused; then it is
 * finished twice, and the second time refused. */
static void complete(struct run *r, struct acrn_io_request *s)
{
	bool first = !r->first_seen && !r->polling;

	__atomic_store_n(&s->processed, ACRN_IOREQ_STATE_COMPLETE, __ATOMIC_RELEASE);
	if (r->polling)
		return;
	if (first)
		expect_rc("notify-complete", hc(HC_NOTIFY_REQUEST_FINISH, r->vmid, 0), 0);
	else if (hc(HC_NOTIFY_REQUEST_FINISH, r->vmid, 0) != 0)
		check("notify", false, "0 expected", -1);
	if (first)
		expect_rc("notify-twice-refused", hc(HC_NOTIFY_REQUEST_FINISH, r->vmid, 0),
			  -EINVAL);
}

static void serve_one(struct run *r, struct acrn_io_request *s)
{
	struct acrn_pio_request *p = &s->reqs.pio_request;
	struct acrn_mmio_request *m = &s->reqs.mmio_request;
	bool write;

	if (!r->first_seen && !r->polling)
		expect_rc("notify-pending-refused", hc(HC_NOTIFY_REQUEST_FINISH, r->vmid, 0),
			  -EINVAL);
	__atomic_store_n(&s->processed, ACRN_IOREQ_STATE_PROCESSING, __ATOMIC_RELEASE);
	if (s->type == ACRN_IOREQ_TYPE_PORTIO) {
		write = p->direction == ACRN_IOREQ_DIR_WRITE;
		p->value = (uint32_t)pio(r, p->address, write, p->value);
	} else if (s->type == ACRN_IOREQ_TYPE_MMIO) {
		write = m->direction == ACRN_IOREQ_DIR_WRITE;
		m->value = mmio(r, m->address, write, m->value);
	} else {
		check("request-type", false, "port I/O or MMIO expected", s->type);
	}
	if (!r->first_seen)
		check("polling-flag", s->completion_polling == (r->polling ? 1U : 0U),
		      "completion_polling as the VM was created", s->completion_polling);
	complete(r, s);
	r->first_seen = true;
	r->served++;
	send_interrupt(r);
}

/* Serves slot 0 (one vCPU) until the guest says it is done, or nothing comes for too long. In
 * the attack run the slot holds state 7 at the start, and the hypervisor must refuse the
 * guest's accesses until this device model sets it free. */
static void serve(struct run *r)
{
	struct acrn_io_request *s = &iopage.req_slot[0];
	uint32_t idle = 0;

	while (!r->done && idle < SPIN_MAX) {
		if (r->broken_slot && !r->first_seen && idle == PRE_FREE_SPIN)
			__atomic_store_n(&s->processed, ACRN_IOREQ_STATE_FREE, __ATOMIC_RELEASE);
		if (__atomic_load_n(&s->processed, __ATOMIC_ACQUIRE) != ACRN_IOREQ_STATE_PENDING) {
			idle++;
			__asm__ volatile("pause");
			continue;
		}
		idle = 0;
		serve_one(r, s);
	}
	check("uvm-finished", r->done, "the guest's last report", r->served);
}

/* ---- creating the VM ---- */

static int64_t create(struct run *r, uint64_t flags)
{
	int64_t rc;

	creation = (struct acrn_vm_creation){0};
	for (unsigned i = 0; i < sizeof(UVM_NAME); i++)
		creation.uuid.b[i] = (uint8_t)UVM_NAME[i];
	creation.vm_flag = flags;
	creation.cpu_affinity = 1UL << UVM_PCPU;
	rc = hc(HC_CREATE_VM, gpa(&creation), 0);
	r->vmid = creation.vmid;
	return rc;
}

/* The tiny guest at 1 MiB and a flat GDT at 0x1000, written before the memory is the VM's (the
 * hypervisor may take it out of this VM's map). */
static void place_guest(void)
{
	static const uint64_t gdt[3] = {0, 0x00cf9b000000ffffUL, 0x00cf93000000ffffUL};
	uint64_t n = uvm_bin_len;

	for (uint64_t i = 0; i < UVM_RAM_SIZE; i++)
		uvm_ram[i] = 0;
	for (uint64_t i = 0; i < n; i++)
		uvm_ram[UVM_IMAGE + i] = uvm_bin[i];
	for (unsigned i = 0; i < sizeof(gdt); i++)
		uvm_ram[UVM_GDT + i] = (uint8_t)(gdt[i / 8] >> (8 * (i % 8)));
}

static int64_t set_memory(struct run *r, uint32_t type)
{
	op = (struct region_op){type, type == 0 ? 0x47 : 0, 0, gpa(uvm_ram), UVM_RAM_SIZE};
	batch = (struct region_batch){.vmid = r->vmid, .regions_num = 1, .regions_gpa = gpa(&op)};
	return hc(HC_VM_SET_MEMORY_REGIONS, gpa(&batch), 0);
}

/* 32-bit protected mode, flat segments, paging off, at the image's entry. */
static int64_t set_regs(struct run *r)
{
	struct acrn_regs *g = &regs.vcpu_regs;

	regs = (struct acrn_vcpu_regs){0};
	g->gdt.limit = 23;
	g->gdt.base = UVM_GDT;
	g->rip = UVM_IMAGE;
	g->cr0 = 0x31; /* PE, ET, NE */
	g->rflags = 0x2;
	g->cs_ar = 0xc09b;
	g->cs_limit = 0xffffffff;
	g->cs_sel = 0x8;
	g->ss_sel = g->ds_sel = g->es_sel = g->fs_sel = g->gs_sel = 0x10;
	return hc(HC_SET_VCPU_REGS, r->vmid, gpa(&regs));
}

/* Arguments the hypervisor must refuse: pages not the Service VM's, a misaligned page. */
static void buffer_attacks(struct run *r)
{
	buffer_arg = HV_PAGE;
	check("ioreq-buffer-hv-refused", hc(HC_SET_IOREQ_BUFFER, r->vmid, gpa(&buffer_arg)) < 0,
	      "an error", 0);
	buffer_arg = PRE_VM_RAM;
	check("ioreq-buffer-pre-vm-refused", hc(HC_SET_IOREQ_BUFFER, r->vmid, gpa(&buffer_arg)) < 0,
	      "an error", 0);
	buffer_arg = gpa(&iopage) + 8;
	check("ioreq-buffer-misaligned-refused",
	      hc(HC_SET_IOREQ_BUFFER, r->vmid, gpa(&buffer_arg)) < 0, "an error", 0);
	check("ioreq-buffer-arg-hv-refused", hc(HC_SET_IOREQ_BUFFER, r->vmid, HV_PAGE) < 0,
	      "an error", 0);
	check("ioreq-buffer-not-a-post-vm", hc(HC_SET_IOREQ_BUFFER, 0, gpa(&buffer_arg)) < 0,
	      "an error", 0);
	if (!r->polling) /* a polling VM's finish does nothing: 0, as ACRN */
		check("notify-not-waiting-refused", hc(HC_NOTIFY_REQUEST_FINISH, r->vmid, 0) < 0,
		      "an error", 0);
	check("notify-vcpu-out-of-range", hc(HC_NOTIFY_REQUEST_FINISH, r->vmid, 5) < 0, "an error",
	      0);
}

static void interrupt_attacks(struct run *r)
{
	msi_arg[0] = 0x12345678;
	msi_arg[1] = 0x41;
	check("inject-msi-bad-address", hc(HC_INJECT_MSI, r->vmid, gpa(msi_arg)) < 0, "an error",
	      0);
	msi_arg[0] = 0xfee00000;
	msi_arg[1] = 0x5;
	check("inject-msi-bad-vector", hc(HC_INJECT_MSI, r->vmid, gpa(msi_arg)) < 0, "an error", 0);
	check("inject-msi-arg-hv", hc(HC_INJECT_MSI, r->vmid, HV_PAGE) < 0, "an error", 0);
	check("set-irqline-bad-gsi", hc(HC_SET_IRQLINE, r->vmid, 48) < 0, "an error", 0);
	check("set-irqline-bad-op", hc(HC_SET_IRQLINE, r->vmid, 5 | 4UL << 32) < 0, "an error", 0);
	monitor.cmd = 0;
	monitor.buf_cnt = 48;
	expect_rc("intr-monitor-get", hc(HC_VM_INTR_MONITOR, r->vmid, gpa(&monitor)), 0);
	check("intr-monitor-count", monitor.buf_cnt == 0, "no entries", monitor.buf_cnt);
	monitor.cmd = 9;
	check("intr-monitor-bad-cmd", hc(HC_VM_INTR_MONITOR, r->vmid, gpa(&monitor)) < 0,
	      "an error", 0);
	check("intr-monitor-pre-vm", hc(HC_VM_INTR_MONITOR, r->vmid, PRE_VM_RAM) < 0, "an error",
	      0);
}

/* Create, give the page, the memory and the registers, start, serve, then take it down. */
static void run_guest(struct run *r, uint64_t flags, const char *what)
{
	puts_("hsm: run: ");
	puts_(what);
	putc_('\n');
	if (create(r, flags) != 0) {
		check("create-vm", false, "0 expected", -1);
		return;
	}
	check("create-vm", true, "", 0);
	check("create-vm-vcpus", creation.vcpu_num == 1, "one vCPU", creation.vcpu_num);
	buffer_attacks(r);
	buffer_arg = gpa(&iopage);
	expect_rc("set-ioreq-buffer", hc(HC_SET_IOREQ_BUFFER, r->vmid, gpa(&buffer_arg)), 0);
	place_guest();
	expect_rc("set-memory", set_memory(r, 0), 0);
	expect_rc("set-vcpu-regs", set_regs(r), 0);
	interrupt_attacks(r);
	if (r->broken_slot)
		iopage.req_slot[0].processed = 7;
	upcalls = 0;
	expect_rc("start-vm", hc(HC_START_VM, r->vmid, 0), 0);
	serve(r);
	check("upcalls", upcalls > 0, "vector 0xF3 taken", upcalls);
	expect_rc("pause-vm", hc(HC_PAUSE_VM, r->vmid, 0), 0);
	expect_rc("reset-vm", hc(HC_RESET_VM, r->vmid, 0), 0);
	expect_rc("destroy-vm", hc(HC_DESTROY_VM, r->vmid, 0), 0);
}

void guest_main64(void *boot_params);
void guest_main64(void *boot_params)
{
	struct run first = {0}, again = {.polling = true, .broken_slot = true};

	(void)boot_params;
	puts_("hsm: mini HSM in the Service VM\n");
	wrmsr(X2APIC_SVR, SVR_ON);
	__asm__ volatile("sti");
	run_guest(&first, 0, "completion by HC_NOTIFY_REQUEST_FINISH");
	run_guest(&again, FLAG_POLLING, "completion polling, the slot broken before the start");
	puts_("hsm: done: ");
	putdec(passed);
	puts_(" passed, ");
	putdec(failed);
	puts_(" failed\n");
}
