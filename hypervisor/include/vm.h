/* VMs and vCPUs: what the core knows of them, and the hooks the arch code provides to run them. */
#ifndef HV_VM_H
#define HV_VM_H

#include "types.h"
#include "config_abi.h"
#include "spinlock.h"

#define VM_MAX	    8U
#define VCPU_MAX    4U /* vCPUs of one VM */
#define VM_LINE_MAX 120U
#define VM_REPORTS  8U	 /* reports of one message per VM; the rest are counted only */
#define HV_TICK_HZ  100U /* the timer that takes a pCPU back from its guest */
/* The messages a VM's reports are counted by (the last counts all others too). */
#define VM_REPORT_KINDS 16U

/* vm.state: 0 while it is set up; a post-launched VM is created, started (running), paused */
#define VM_RUNNING 1
#define VM_STOPPED 2
#define VM_CREATED 3
#define VM_PAUSED  4

struct vm;
struct vm_arch;
struct mm_range;
struct vcpu_arch;

/* The I/O request a post-launched vCPU waits for (core/ioreq.c): state VCPU_IO_WAIT from the
 * request until the Service VM answers, VCPU_IO_DONE until it is finished before the next entry. */
#define VCPU_IO_NONE 0
#define VCPU_IO_WAIT 1
#define VCPU_IO_DONE 2

struct vcpu_io {
	int state; /* VCPU_IO_*, changed atomically */
	bool sent; /* in the slot (else answered at once, value all ones) */
	bool write;
	uint32_t type; /* IOREQ_* */
	unsigned size;
	uint64_t addr;
	uint64_t value; /* a write's; then a read's answer */
};

/*
 * vCPU 0 starts at the VM's entry; the others wait until vCPU 0 sends them INIT and a start-up
 * IPI, and start in real mode at its vector, as application processors do.
 */
struct vcpu {
	struct vm *vm;
	unsigned id; /* in the VM, and its virtual APIC id */
	unsigned pcpu;
	unsigned slot;	  /* vm->id * VCPU_MAX + id: its arch state's index */
	int start_vector; /* -1 until started; changed atomically */
	bool halted;	  /* it has halted for good; its pCPU is idle */
	uint64_t ticks;	  /* timer ticks while it ran: its run time */
	struct vcpu_io io;
	struct vcpu_arch *arch;
	/* a shared pCPU's scheduler (core/sched.c); flags other pCPUs change atomically */
	bool begun;   /* set up on its pCPU, and not ended since */
	bool blocked; /* vcpu_block: it waits for vcpu_wake */
	bool kicked;  /* something for it arrived while it waited */
	bool waiting; /* it halted with interrupts on: others go first */
	bool on_cpu;  /* its pCPU is in a step of it (entry, exit, handler) */
	bool offline; /* the Service VM took the vCPU away (HC_SOS_REMOVE_CPU) */
};

#define VM_LINKS   4U	/* vUART connections per VM */
#define VUART_RING 256U /* bytes a connection holds for its reader */

/* A 16550 the guest sees at ports base..base+7 (core/vuart.c). */
struct vuart {
	uint16_t base; /* 0: none */
	bool is_console;
	uint32_t irq; /* its ISA IRQ; ACFG_NONE: none */
	bool irq_level;
	bool thre_pending; /* the "holding register empty" interrupt */
	bool fifo;
	uint8_t ier;
	uint8_t lcr;
	uint8_t mcr;
	uint8_t scr;
	uint8_t dll;
	uint8_t dlm;
	/* the console: the line being written */
	unsigned len;
	char line[VM_LINE_MAX + 1U];
	/* a connection: the other end, and the bytes it sent that this guest has not read */
	struct vuart *peer;
	unsigned rx_head; /* written by the peer's pCPU */
	unsigned rx_tail; /* written by this VM's */
	uint8_t rx[VUART_RING];
};

/* How vCPU 0 starts: the state its kernel's boot protocol asks for (the loader sets it). */
#define VM_START_FLAT32	 0U /* 32-bit protected mode, flat segments, paging off */
#define VM_START_LINUX64 1U /* Linux's 64-bit boot protocol: 64-bit mode, identity paging */
#define VM_START_RESET	 2U /* as after power-on: real mode at 0xFFFFFFF0 */
#define VM_START_REGS	 3U /* the state in regs (HC_SET_VCPU_REGS) */

/* A vCPU's whole state as HC_SET_VCPU_REGS gives it (ACRN's struct acrn_regs): the data segments
 * get base 0 and the limit and access rights of the mode CR0.PE says, as in ACRN. */
struct vm_regs {
	uint64_t gpr[16]; /* RAX, RCX, RDX, RBX, RSP, RBP, RSI, RDI, R8..R15 */
	uint64_t gdt_base;
	uint64_t idt_base;
	uint64_t rip;
	uint64_t cs_base;
	uint64_t cr0;
	uint64_t cr4;
	uint64_t cr3;
	uint64_t efer;
	uint64_t rflags;
	uint32_t cs_ar;
	uint32_t cs_limit;
	uint16_t gdt_limit;
	uint16_t idt_limit;
	uint16_t sel[8]; /* CS, SS, DS, ES, FS, GS, LDTR, TR */
};

struct vm_start {
	unsigned mode;	/* VM_START_* */
	uint64_t entry; /* GPA of the first instruction */
	/* VM_START_LINUX64: the page tables (CR3), a GDT with __BOOT_CS (0x10) and __BOOT_DS
	 * (0x18), and what RSI holds: the boot_params */
	uint64_t cr3;
	uint64_t gdt;
	uint64_t arg;
	struct vm_regs regs; /* VM_START_REGS */
};

struct vm {
	unsigned id;	    /* slot in the hypervisor's VM array */
	unsigned cfg_index; /* in acfg_vms.vms */
	const struct acfg_vm *cfg;
	/* its RAM, in guest address order: the table's regions, or for the Service VM what
	 * core/svm.c found at boot */
	const struct acfg_mem_region *regions;
	unsigned region_count;
	int state; /* 0, VM_RUNNING or VM_STOPPED, changed atomically */
	struct vm_start start;
	uint64_t acpi_rsdp; /* GPA of its ACPI RSDP; 0: it has no ACPI tables */
	uint32_t pci_addr;  /* the PCI configuration address the guest wrote to port 0xCF8 */
	uint16_t pm1_en;    /* ACPI PM1_EN and PM1_CNT as the guest wrote them (under io_lock) */
	uint16_t pm1_cnt;
	struct vcpu vcpus[VCPU_MAX];
	unsigned vcpu_count;
	unsigned vcpus_running;	 /* started and not halted; changed atomically */
	struct spinlock io_lock; /* its vUARTs, which all its vCPUs may use at once */
	struct vm_arch *arch;
	struct vuart console;
	struct vuart links[VM_LINKS]; /* the ends of its vUART connections, in table order */
	unsigned link_count;
	/* vm_report: the messages (formats) reported so far and how often, under report_lock */
	struct spinlock report_lock;
	const char *report_fmt[VM_REPORT_KINDS];
	unsigned report_count[VM_REPORT_KINDS];
	bool console_input; /* its console vUART takes what is typed on the hypervisor's console */
	/* ioreq: the Service VM GPA of its I/O request page (0: none), and whether the
	 * hypervisor polls for completions */
	uint64_t ioreq_gpa;
	bool ioreq_polling;
};

void vm_init_all(void);
/* The Service VM, or NULL when none runs. */
struct vm *vm_service(void);
/* The Service VM's RAM (core/svm.c): every RAM range of the boot memory map below 4 GiB less the
 * hypervisor's pages, the boot modules and the count VMs accepted so far, mapped at the same
 * guest-physical addresses; false (and why printed) when none is left. */
bool svm_init_memory(struct vm *vm, const struct vm *accepted, unsigned count);
/* Host [gpa, gpa + size) taken from the Service VM (mapped false: while another VM owns it) or
 * given back (true: a range taken before, whole), only RAM it had at boot; 0 once no pCPU runs
 * it with the old map, or -1 when the range is not that or the map cannot change. */
int svm_map_range(uint64_t gpa, uint64_t size, bool mapped);
/* vm_gpa_to_hva for the Service VM: what its second-level map holds now, as RAM. */
void *svm_gpa_to_hva(const struct vm *vm, uint64_t gpa, uint64_t size);
/* Whether the VM's name ends within its array (else only its index may be printed). */
bool vm_cfg_name_ok(const struct acfg_vm *c);
/* Its name, or a stand-in for one that does not end. */
const char *vm_cfg_name(const struct acfg_vm *c);
/* Whether VM c may run beside the count VMs accepted so far (core/vmcheck.c); if not, prints
 * why it is not started, naming the range and what it hits. */
bool vm_cfg_accept(const struct acfg_vm *c, const struct vm *accepted, unsigned count);
/* The same for the Service VM, whose memory is not the table's (svm_init_memory): its pCPUs. */
bool vm_cfg_accept_service(const struct acfg_vm *c, const struct vm *accepted, unsigned count);
/* The host memory the hypervisor uses, into r[0..VM_HV_RANGES): how many; with reservation,
 * also all the tables reserve for it (HV_RAM_START, HV_RAM_SIZE), the image or not. */
#define VM_HV_RANGES 8U
unsigned vm_hv_ranges(struct mm_range *r, bool reservation);
struct vcpu *vm_vcpu_of_pcpu(unsigned pcpu);
/* The slot of the post-launched VM of acfg_vms.vms[cfg_index], set up with its table entry: the
 * same slot each time it is created; NULL when every slot is taken. */
struct vm *vm_slot(unsigned cfg_index);
void vcpu_run(struct vcpu *v);
/* vcpu_run in parts, for a shared pCPU's scheduler: set up on the calling pCPU (false: it cannot
 * run, the VM is stopped), and its end (its run time and exits reported). */
bool vcpu_begin(struct vcpu *v);
void vcpu_end(struct vcpu *v);
/* Shared pCPUs (core/sched.c): whether pcpu runs its vCPUs by turns (the Service VM's and
 * post-launched VMs' pCPUs; a pre-launched VM's pCPU runs its one vCPU alone), and its loop,
 * which returns once nothing can run there any more. */
bool sched_shared(unsigned pcpu);
void sched_run(unsigned pcpu);
/* A post-launched vCPU onto / off its pCPU's run list (off: once it is not in a step). */
void sched_add(struct vcpu *v);
void sched_remove(struct vcpu *v);
/* v (on its own pCPU, in its exit handler) does not run again until vcpu_wake(v), from any pCPU. */
void vcpu_block(struct vcpu *v);
void vcpu_wake(struct vcpu *v);
/* Something arrived for v (an interrupt posted): a waiting v gets its pCPU back soon. */
void vcpu_kick(struct vcpu *v);
/* Wait until no other pCPU is in a step of vm's vCPUs (they were made not to run). */
void vm_quiesce(struct vm *vm);
void vm_stop(struct vm *vm, const char *fmt, ...) PRINTF_FMT(2, 3);
bool vm_running(const struct vm *vm);
/* Report something the VM did that the hypervisor refused or ignored: the first VM_REPORTS of
 * each message, so that a guest repeating one refused access does not hide another. */
void vm_report(struct vm *vm, const char *fmt, ...) PRINTF_FMT(2, 3);
/* The vCPU halted for good (HLT with interrupts off); the last one to halt stops the VM. */
void vcpu_halt(struct vcpu *v, const char *fmt, ...) PRINTF_FMT(2, 3);
/* vCPU id of the VM, or NULL. */
struct vcpu *vm_vcpu(struct vm *vm, unsigned id);
/* A start-up IPI to a vCPU that waits for one; false if it was started before. */
bool vcpu_start(struct vcpu *v, unsigned vector);
/* A tick of the hypervisor's timer (HV_TICK_HZ), taken from the running guest. */
void vcpu_tick(struct vcpu *v);
/* The VM's kernel image into its memory, as its kernel type says; 0, or -1 with why filled: what
 * is wrong with the image, naming the field. */
int vm_load_image(struct vm *vm, const void *image, uint64_t size, char *why, size_t n);
void *vm_gpa_to_hva(struct vm *vm, uint64_t gpa, uint64_t size);

const char *vm_name(const struct vm *vm);

/* Port I/O of a guest: its vUARTs; elsewhere reads all ones, writes dropped. */
uint32_t vm_pio_in(struct vm *vm, uint16_t port, unsigned size);
void vm_pio_out(struct vm *vm, uint16_t port, unsigned size, uint32_t val);

void vuart_init(struct vm *vm);
void vuart_connect(struct vm *vm, unsigned i, struct vm *peer);
/* A port access to one of the VM's vUARTs, done; false if no vUART has the port. */
bool vuart_pio_in(struct vm *vm, uint16_t port, uint32_t *val);
bool vuart_pio_out(struct vm *vm, uint16_t port, uint32_t val);
/* Print what the console holds of an unfinished line. */
void vuart_flush(struct vm *vm);
/* Interrupt lines of the VM's vUARTs after changes the guest did not cause (io_lock held). */
void vuart_poll(struct vm *vm);
/* What was typed on the hypervisor's console, into the VM's console vUART (io_lock held). */
void vuart_console_input(struct vm *vm);

/* What a Linux kernel gets beside its image: the command line, the initrd (size 0: none), and
 * the guest address of its ACPI RSDP (0: none). */
struct vm_linux_extra {
	const char *bootargs;
	uint32_t bootargs_len;
	const void *initrd;
	uint64_t initrd_size;
	uint64_t acpi_rsdp;
};

/* Load a Linux bzImage by the arch's boot protocol and set vm->start; 0, or -1 with why filled
 * (naming the header field that is wrong or what does not fit). */
int vm_arch_load_linux(struct vm *vm, const uint8_t *img, uint64_t size,
		       const struct vm_linux_extra *x, char *why, size_t n);
/* The Service VM's share of the platform, once its vUARTs are set up: its ports, the board's
 * PCI functions and firmware tables it gets (x86: arch/x86/svmdev.c); sets vm->acpi_rsdp. */
void vm_arch_service_init(struct vm *vm);
/* Map guest [gpa, gpa + size) to the same host range, read/write, uncached: a device's memory or
 * the firmware's, never RAM to vm_arch_translate; -1 if part of it is mapped already. */
int vm_arch_map_mmio(struct vm *vm, uint64_t gpa, uint64_t size);
/* Create the VM's (empty) second-level address translation. */
int vm_arch_init(struct vm *vm);
/* Map guest [gpa, gpa + size) to host [hpa, hpa + size), read/write/execute, write-back, as RAM;
 * -1 if part of it is mapped already. */
int vm_arch_map(struct vm *vm, uint64_t gpa, uint64_t hpa, uint64_t size);
/* Guest [gpa, gpa + size) unmapped (what is not mapped is skipped), and vm_arch_flush; -1 when
 * not page aligned, or when a 2 MiB page to split finds no page table (what was done stays). */
int vm_arch_unmap(struct vm *vm, uint64_t gpa, uint64_t size);
/* After a change of the VM's map: on return, no pCPU runs the VM with a translation from before
 * it (the others are interrupted and waited for). */
void vm_arch_flush(struct vm *vm);
/* The host address of RAM at gpa and the bytes from there to the end of its page; false if the
 * VM has no RAM mapped there. */
bool vm_arch_translate(const struct vm *vm, uint64_t gpa, uint64_t *hpa, uint64_t *span);
/* Every page of a post-launched VM unmapped, each mapping (4 KiB or 2 MiB) given back to the
 * Service VM (uvm_give_back), every table freed but the root, and vm_arch_flush. */
void vm_arch_clear(struct vm *vm);
void uvm_give_back(struct vm *vm, uint64_t hpa, uint64_t size);
/* Load the vCPU's state on its pCPU (after another vCPU ran there); whether it halted with
 * interrupts on and nothing can be delivered to it now. */
void vcpu_arch_load(struct vcpu *v);
bool vcpu_arch_waiting(struct vcpu *v);
/* Make pCPU leave its guest soon (it ends the interrupt silently). */
void pcpu_arch_kick(unsigned pcpu);
/* Prepare the vCPU on the calling pCPU: vCPU 0 at the VM's entry in the mode of vm->start,
 * the others in real mode at CS = vector << 8, IP = 0 (the start-up IPI's page). */
int vcpu_arch_init(struct vcpu *v);
/* The VM's emulated platform devices (x86: the PICs, the I/O APIC, the RTC) at reset. */
void vm_arch_devices_init(struct vm *vm);
/* Port I/O to those devices, io_lock held; false: none of them has the port. */
bool vm_arch_pio_in(struct vm *vm, uint16_t port, unsigned size, uint32_t *val);
bool vm_arch_pio_out(struct vm *vm, uint16_t port, unsigned size, uint32_t val);
/* A device's interrupt line, its ISA IRQ, asserted or not (io_lock held). */
void vm_arch_set_irq(struct vm *vm, unsigned irq, bool asserted);
/* A read the Service VM answered: its value into the guest's operand (ioreq). */
void vcpu_arch_io_done(struct vcpu *v, uint64_t value);
/* An MSI (address, data) to the VM's local APICs; -1: not an MSI this platform delivers. */
int vm_arch_inject_msi(struct vm *vm, uint64_t addr, uint64_t data);
/* The VM's interrupt lines by GSI: the I/O APIC's pins, the first 16 also the PICs' IRQs
 * (GSI 2 is PIC IRQ 0); asserted or not (io_lock held). */
unsigned vm_arch_gsi_count(void);
void vm_arch_set_gsi(struct vm *vm, uint32_t gsi, bool asserted);
/* Enter the guest and handle one VM exit. */
void vcpu_arch_run(struct vcpu *v);
/* "N VM exits (reason count, ...)" for the vCPU so far. */
void vcpu_arch_exit_summary(const struct vcpu *v, char *buf, size_t size);
/* The vCPU's exits of one kind (0, 1, ... : port I/O, MSRs, MMIO) by what caused them, most
 * frequent first, "I/O exits: in 0x3fd 1200, out 0x3f8 400, other 3": 1; 0 when it had none
 * of that kind; -1 when there is no such kind. */
int vcpu_arch_exit_kind(const struct vcpu *v, unsigned kind, char *buf, size_t size);

#endif
