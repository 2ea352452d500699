/*
 * The hypercall checks, run as the Service VM of tests/boot/hcall.xml
 * (tests/boot/cases/hcall.boot): every hypercall the hypervisor implements or refuses, called with
 * good arguments and with bad ones (a pointer to memory that is not the Service VM's, unaligned or
 * running into a hole, a vmid of no VM, reserved fields set, the hypervisor's or the pre-launched
 * VM's memory offered), each answered with ACRN's value and the Service VM running on; then the
 * life of the post-launched POST_VM, which shares this vCPU's pCPU: created, given memory (which
 * the Service VM loses meanwhile), its registers set, started, paused, reset, started again,
 * destroyed (the memory comes back), created again with memory given page by page, destroyed. Each
 * check prints "hcall: ok NAME" or "hcall: FAIL NAME: got X want Y", and a summary at the end.
 */
#include "guest.h"
#include "hcall.h"
#include "xstate.h"
#include "apic.h"

/* Memory of tests/boot/hcall.xml on bochs-pc: the Service VM has 0x9000-0x9efff and
 * 0x5000000-0xffeffff; the hypervisor is at 1 MiB, PRE_COUNTER at 0x4000000. */
#define HOLE_END   0x9f000UL /* the end of a RAM range of the Service VM, a hole after it */
#define HV_RAM	   0x100000UL
#define PRE_RAM	   0x4000000UL
#define NO_RAM	   0x20000000UL /* above the board's 256 MiB */
#define UVM_RAM	   0xa000000UL	/* what POST_VM gets: 2 MiB, its guest-physical 0 */
#define UVM_SIZE   0x200000UL
#define UVM_IMAGE  0x100000UL  /* uvm-count.bin's place in it */
#define EXEC_RAM   0xa400000UL /* a 2 MiB page of the Service VM's no code ran in yet */
#define MEM_WB_RWX 0x47U
#define MEM_UC_RWX 0x107U
#define SPIN_SHARE 3000000U
#define SLEEP_TSC  2000000U /* a timer sleep: a few hypervisor ticks */
#define TIMER_VEC  0x20U

/* The tiny guests: uvm-count.bin (32-bit, at 1 MiB), bz-count.bzimage (64-bit: its kernel part,
 * from file offset 0x400, at 1 MiB, entered at startup_64, 0x200 into it). */
__asm__(".section .rodata\n.balign 16\n.globl uvm_bin\nuvm_bin:\n.incbin \"" UVM_BIN "\"\n"
	"uvm_bin_end:\n.balign 8\n.globl uvm_bin_size\nuvm_bin_size:\n.quad uvm_bin_end - uvm_bin\n"
	".balign 16\n.globl uvm64_bin\nuvm64_bin:\n.incbin \"" UVM64_BIN "\", 0x400\n"
	"uvm64_bin_end:\n.balign 8\n.globl uvm64_bin_size\nuvm64_bin_size:\n"
	".quad uvm64_bin_end - uvm64_bin\n.previous\n");
extern const uint8_t uvm_bin[], uvm64_bin[];
extern const uint64_t uvm_bin_size, uvm64_bin_size;

static unsigned checks, failed;
static volatile unsigned timer_irqs;

/* Arguments the hypervisor reads: 8-byte aligned, in this image (Service VM RAM). */
static uint8_t arg[4096] __attribute__((aligned(4096)));
static uint8_t ops[4][4096] __attribute__((aligned(4096)));

static long hc(uint64_t id, uint64_t a1, uint64_t a2)
{
	register uint64_t r8 __asm__("r8") = id;
	long ret;

	__asm__ volatile("vmcall" : "=a"(ret), "+r"(r8) : "D"(a1), "S"(a2) : "memory");
	return ret;
}

static void putsigned(long v)
{
	if (v < 0) {
		putc_('-');
		v = -v;
	}
	putdec((uint32_t)v);
}

/* Check "NAME" or "PREFIX NAME" (prefix NULL: none). */
static void check2(const char *prefix, const char *name, long got, long want)
{
	checks++;
	puts_(got == want ? "hcall: ok " : "hcall: FAIL ");
	if (prefix) {
		puts_(prefix);
		putc_(' ');
	}
	puts_(name);
	if (got == want) {
		putc_('\n');
		return;
	}
	failed++;
	puts_(": got ");
	putsigned(got);
	puts_(" want ");
	putsigned(want);
	putc_('\n');
}

static void check(const char *name, long got, long want)
{
	check2(0, name, got, want);
}

static void clear(uint8_t *p, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		p[i] = 0;
}

static void put(uint8_t *p, unsigned off, unsigned n, uint64_t v)
{
	for (unsigned i = 0; i < n; i++)
		p[off + i] = (uint8_t)(v >> (8 * i));
}

static uint64_t get(const uint8_t *p, unsigned off, unsigned n)
{
	uint64_t v = 0;

	for (unsigned i = n; i > 0; i--)
		v = v << 8 | p[off + i - 1];
	return v;
}

static uint64_t gpa(const void *p)
{
	return (uint64_t)(uintptr_t)p;
}

static void spin(uint32_t n)
{
	for (volatile uint32_t i = 0; i < n; i++)
		;
}

/* Every register but RAX is kept across a hypercall (an unknown one: -ENOTTY). */
static long regs_changed(void)
{
	long bad;

	__asm__ volatile("push %%rbp\n\t"
			 "mov $0x1111, %%rbx\n\tmov $0x2222, %%rcx\n\tmov $0x3333, %%rdx\n\t"
			 "mov $0x4444, %%rsi\n\tmov $0x5555, %%rdi\n\tmov $0x6666, %%rbp\n\t"
			 "mov $0x99, %%r8\n\tmov $0x9999, %%r9\n\tmov $0xaaaa, %%r10\n\t"
			 "mov $0xbbbb, %%r11\n\tmov $0xcccc, %%r12\n\tmov $0xdddd, %%r13\n\t"
			 "mov $0xeeee, %%r14\n\tmov $0xffff, %%r15\n\t"
			 "vmcall\n\t"
			 "xor %%eax, %%eax\n\t"
			 "cmp $0x1111, %%rbx\n\tjne 1f\n\tcmp $0x2222, %%rcx\n\tjne 1f\n\t"
			 "cmp $0x3333, %%rdx\n\tjne 1f\n\tcmp $0x4444, %%rsi\n\tjne 1f\n\t"
			 "cmp $0x5555, %%rdi\n\tjne 1f\n\tcmp $0x6666, %%rbp\n\tjne 1f\n\t"
			 "cmp $0x99, %%r8\n\tjne 1f\n\tcmp $0x9999, %%r9\n\tjne 1f\n\t"
			 "cmp $0xaaaa, %%r10\n\tjne 1f\n\tcmp $0xbbbb, %%r11\n\tjne 1f\n\t"
			 "cmp $0xcccc, %%r12\n\tjne 1f\n\tcmp $0xdddd, %%r13\n\tjne 1f\n\t"
			 "cmp $0xeeee, %%r14\n\tjne 1f\n\tcmp $0xffff, %%r15\n\tje 2f\n"
			 "1:\tmov $1, %%eax\n"
			 "2:\tpop %%rbp"
			 : "=a"(bad)
			 :
			 : "rbx", "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10", "r11", "r12",
			   "r13", "r14", "r15", "memory");
	return bad;
}

/* Pointers that are not a Service VM structure: each is -EINVAL for a hypercall that reads (or
 * writes) size bytes at its argument, given by call(addr). */
static void bad_pointers(const char *what, long (*call)(uint64_t), unsigned size)
{
	static const char *const names[5] = {"unmapped", "unaligned", "into a hole", "hypervisor",
					     "pre-launched VM"};
	uint64_t at[5] = {NO_RAM, gpa(arg) + 4, HOLE_END - (size & ~7U) + 8, HV_RAM, PRE_RAM};

	for (unsigned i = 0; i < 5; i++)
		check2(what, names[i], call(at[i]), -EINVAL);
}

static long c_api(uint64_t p)
{
	return hc(HC_GET_API_VERSION, p, 0);
}

static long c_create(uint64_t p)
{
	return hc(HC_CREATE_VM, p, 0);
}

static long c_regs(uint64_t p)
{
	return hc(HC_SET_VCPU_REGS, 1, p);
}

static long c_mem(uint64_t p)
{
	return hc(HC_VM_SET_MEMORY_REGIONS, p, 0);
}

static long c_pm(uint64_t p)
{
	return hc(HC_PM_GET_CPU_STATE, (1UL << 24) | 2, p);
}

static long c_pcidev(uint64_t p)
{
	return hc(HC_ASSIGN_PCIDEV, 1, p);
}

static long c_mmiodev(uint64_t p)
{
	return hc(HC_ASSIGN_MMIODEV, 1, p);
}

static long c_ptirq(uint64_t p)
{
	return hc(HC_SET_PTDEV_INTR, 1, p);
}

static long c_vdev(uint64_t p)
{
	return hc(HC_CREATE_VDEV, 1, p);
}

/* The names CREATE_VM is given, in 16 bytes (the last without a NUL). */
enum { POST_VM, POST_VM2, NOSUCH, PRE_COUNTER, SERVICE_VM, LONG_NAME };
static const char vm_names[][17] = {"POST_VM",	   "POST_VM2",	 "NOSUCH",
				    "PRE_COUNTER", "SERVICE_VM", "POST_VM_POST_VM_"};

/* struct acrn_vm_creation for vm_names[name], pCPU mask affinity. */
static uint64_t creation(unsigned name, uint64_t affinity)
{
	clear(arg, 48);
	for (unsigned i = 0; i < 16; i++)
		arg[8 + i] = (uint8_t)vm_names[name][i];
	put(arg, 40, 8, affinity);
	return gpa(arg);
}

/* struct acrn_vcpu_regs: vCPU 0 in 32-bit flat protected mode at 1 MiB, as test guests start. */
static uint64_t flat32_regs(void)
{
	static const uint16_t sel[8] = {0x08, 0x10, 0x10, 0x10, 0x10, 0x10, 0, 0};

	clear(arg, 296);
	put(arg, 8 + 4 * 8, 8, 0x80000); /* RSP */
	put(arg, 168, 8, UVM_IMAGE);	 /* RIP */
	put(arg, 184, 8, 0x11);		 /* CR0: PE, ET */
	put(arg, 216, 8, 0x2);		 /* RFLAGS */
	put(arg, 256, 4, 0xc09b);	 /* CS access rights */
	put(arg, 260, 4, 0xffffffff);	 /* CS limit */
	for (unsigned i = 0; i < 8; i++)
		put(arg, 276 + 2 * i, 2, sel[i]);
	return gpa(arg);
}

/* struct acrn_vcpu_regs for bz-count's startup_64: 64-bit mode, CR3 the identity map the
 * Service VM wrote at 0x1000 of the VM (its first GiB in 2 MiB pages), a GDT at 0x500 with a
 * 64-bit code segment 0x10 and data 0x18 (Linux's boot selectors). */
static uint64_t long_mode_regs(void)
{
	static const uint16_t sel[8] = {0x10, 0x18, 0x18, 0x18, 0x18, 0x18, 0, 0};

	clear(arg, 296);
	put(arg, 8 + 4 * 8, 8, 0x80000);     /* RSP */
	put(arg, 136, 2, 0x1f);		     /* GDT limit */
	put(arg, 138, 8, 0x500);	     /* GDT base */
	put(arg, 168, 8, UVM_IMAGE + 0x200); /* RIP: startup_64 */
	put(arg, 184, 8, 0x80000031);	     /* CR0: PG, NE, ET, PE */
	put(arg, 192, 8, 0x20);		     /* CR4: PAE */
	put(arg, 200, 8, 0x1000);	     /* CR3 */
	put(arg, 208, 8, 0x500);	     /* EFER: LMA, LME */
	put(arg, 216, 8, 0x2);		     /* RFLAGS */
	put(arg, 256, 4, 0xa09b);	     /* CS: 64-bit code */
	put(arg, 260, 4, 0xffffffff);
	for (unsigned i = 0; i < 8; i++)
		put(arg, 276 + 2 * i, 2, sel[i]);
	return gpa(arg);
}

/* What bz-count needs in the VM's memory beside its image: page tables and a GDT. */
static void long_mode_tables(volatile uint64_t *ram)
{
	ram[0x1000 / 8] = 0x2003;	   /* PML4[0] -> PDPT */
	ram[0x2000 / 8] = 0x3003;	   /* PDPT[0] -> PD */
	for (unsigned i = 0; i < 512; i++) /* PD: 2 MiB pages, present, writable, large */
		ram[0x3000 / 8 + i] = ((uint64_t)i << 21) | 0x83;
	ram[0x500 / 8] = 0;
	ram[0x508 / 8] = 0;
	ram[0x510 / 8] = 0x00af9a000000ffffUL;
	ram[0x518 / 8] = 0x00cf92000000ffffUL;
}

/* A batch of n ops at ops[], for vmid. */
static uint64_t batch(uint16_t vmid, uint32_t n, uint64_t ops_gpa)
{
	clear(arg, 24);
	put(arg, 0, 2, vmid);
	put(arg, 8, 4, n);
	put(arg, 16, 8, ops_gpa);
	return gpa(arg);
}

static void op(unsigned i, uint32_t type, uint32_t attr, uint64_t upa, uint64_t spa, uint64_t size)
{
	uint8_t *o = &ops[0][32 * i];

	put(o, 0, 4, type);
	put(o, 4, 4, attr);
	put(o, 8, 8, upa);
	put(o, 16, 8, spa);
	put(o, 24, 8, size);
}

static long mem1(uint32_t type, uint32_t attr, uint64_t upa, uint64_t spa, uint64_t size)
{
	op(0, type, attr, upa, spa, size);
	return hc(HC_VM_SET_MEMORY_REGIONS, batch(1, 1, gpa(ops)), 0);
}

/*
 * A hypercall from CPL 3 raises #GP (as ACRN): this vCPU's own GDT with ring-3 segments and a
 * TSS (its RSP0 for the way back into ring 0), user access to the pages, an IRETQ to ring 3
 * that does VMCALL (the #GP handler, guest_trap, steps over it) and then INT 0x28, a gate open
 * to ring 3 that comes back here. Returns the vector the VMCALL raised, 0 if none.
 */
static uint64_t gdt[7] __attribute__((aligned(16)));
static uint32_t tss[26] __attribute__((aligned(16)));
static uint8_t ring0_stack[4096] __attribute__((aligned(16)));
static uint8_t ring3_stack[4096] __attribute__((aligned(16), used));
uint64_t ring0_saved_rsp;
uint32_t cpl3_vmcall(void);
__asm__(".text\n"
	"cpl3_vmcall:\n"
	"\tpush %rbx\n\tpush %rbp\n\tpush %r12\n\tpush %r13\n\tpush %r14\n\tpush %r15\n"
	"\tmov %rsp, ring0_saved_rsp(%rip)\n"
	"\tmovl $3, trap_skip(%rip)\n"
	"\tpushq $0x1b\n" /* SS: user data, RPL 3 */
	"\tlea ring3_stack+4096(%rip), %rax\n\tpush %rax\n"
	"\tpushq $0x2\n"  /* RFLAGS: interrupts off */
	"\tpushq $0x23\n" /* CS: user code, RPL 3 */
	"\tlea 1f(%rip), %rax\n\tpush %rax\n"
	"\tiretq\n"
	"1:\tmov $0x80000000, %r8d\n"
	"\tvmcall\n"
	"\tint $0x28\n"
	"ring0_back:\n"
	"\tmov ring0_saved_rsp(%rip), %rsp\n"
	"\tpop %r15\n\tpop %r14\n\tpop %r13\n\tpop %r12\n\tpop %rbp\n\tpop %rbx\n"
	"\tmov trap_skip(%rip), %eax\n" /* 0: the trap came and was stepped over */
	"\ttest %eax, %eax\n\tmov $0, %eax\n\tjnz 2f\n"
	"\tmov trap_vector(%rip), %eax\n"
	"2:\tmovl $0, trap_skip(%rip)\n\tret\n");
extern const uint8_t ring0_back[];

/* User access to every page table entry on the way to the first 4 GiB (2 MiB pages). */
static void user_pages(void)
{
	uint64_t cr3;
	uint64_t *pml4;

	__asm__ volatile("mov %%cr3, %0" : "=r"(cr3));
	pml4 = (uint64_t *)(uintptr_t)(cr3 & ~0xfffUL);
	pml4[0] |= 4;
	for (unsigned i = 0; i < 4; i++) {
		uint64_t *pdpt = (uint64_t *)(uintptr_t)(pml4[0] & ~0xfffUL);
		uint64_t *pd = (uint64_t *)(uintptr_t)(pdpt[i] & ~0xfffUL);

		pdpt[i] |= 4;
		for (unsigned j = 0; j < 512; j++)
			pd[j] |= 4;
	}
	__asm__ volatile("mov %0, %%cr3" : : "r"(cr3) : "memory");
}

static uint32_t from_ring3(void)
{
	uint64_t tss_base = (uint64_t)(uintptr_t)tss;
	uint64_t rsp0 = (uint64_t)(uintptr_t)(ring0_stack + sizeof(ring0_stack));
	uint64_t back = (uint64_t)(uintptr_t)ring0_back;
	struct {
		uint16_t limit;
		uint64_t base;
	} __attribute__((packed)) gdtr = {sizeof(gdt) - 1, (uint64_t)(uintptr_t)gdt}, idtr;
	uint64_t *gate;

	gdt[1] = 0x00af9a000000ffffUL; /* 0x08: ring-0 code, 64-bit (as start32to64.S's) */
	gdt[2] = 0x00cf92000000ffffUL; /* 0x10: ring-0 data */
	gdt[3] = 0x00cff2000000ffffUL; /* 0x18: ring-3 data */
	gdt[4] = 0x00affa000000ffffUL; /* 0x20: ring-3 code, 64-bit */
	gdt[5] = 0x0000890000000067UL | ((tss_base & 0xffffffUL) << 16) |
		 ((tss_base & 0xff000000UL) << 32); /* 0x28: the TSS */
	gdt[6] = tss_base >> 32;
	tss[1] = (uint32_t)rsp0;
	tss[2] = (uint32_t)(rsp0 >> 32);
	__asm__ volatile("sidt %0" : "=m"(idtr));
	gate = (uint64_t *)(uintptr_t)(idtr.base + 0x28 * 16);
	gate[0] = (back & 0xffffUL) | (0x08UL << 16) | (0xee00UL << 32) |
		  ((back & 0xffff0000UL) << 32); /* an interrupt gate ring 3 may use */
	gate[1] = back >> 32;
	user_pages();
	__asm__ volatile("lgdt %0\n\tmov $0x28, %%ax\n\tltr %%ax" : : "m"(gdtr) : "rax", "memory");
	return cpl3_vmcall();
}

/* TSC cycles (Bochs: instructions) per round trip of n hypercalls id(a1), less a bare loop's. */
static uint32_t cost(uint64_t id, uint64_t a1, unsigned n)
{
	uint64_t t0 = rdtsc();
	uint64_t loop;

	if (n == 0)
		return 0;
	for (volatile unsigned i = 0; i < n; i++)
		;
	loop = rdtsc() - t0;
	t0 = rdtsc();
	for (volatile unsigned i = 0; i < n; i++)
		(void)hc(id, a1, 0);
	return (uint32_t)((rdtsc() - t0 - loop) / n);
}

/* What a hypercall costs beside the cheapest exit, CPUID, with nothing else on this pCPU. */
static void costs(void)
{
	uint32_t r[4];
	uint64_t t0 = rdtsc();
	uint64_t loop;

	for (volatile unsigned i = 0; i < 1000; i++)
		;
	loop = rdtsc() - t0;
	t0 = rdtsc();
	for (volatile unsigned i = 0; i < 1000; i++)
		cpuid(0, r);
	puts_("hcall: round trip (TSC): cpuid ");
	putdec((uint32_t)((rdtsc() - t0 - loop) / 1000));
	puts_(", unknown hypercall ");
	putdec(cost(0x80000099UL, 0, 1000));
	puts_(", api version ");
	putdec(cost(HC_GET_API_VERSION, gpa(arg), 1000));
	puts_(", pm state of no VM ");
	putdec(cost(HC_PM_GET_CPU_STATE, 0x2000002UL, 1000));
	putc_('\n');
}

static void nothing_yet(void)
{
	check("api version", hc(HC_GET_API_VERSION, gpa(arg), 0), 0);
	check("api version is 1.0", (long)get(arg, 0, 8), 1);
	bad_pointers("api version", c_api, 8);
	check("unknown id 0x80000099", hc(0x80000099UL, 0, 0), -ENOTTY);
	check("unknown id 0x80000014", hc(0x80000014UL, 0, 0), -ENOTTY);
	check("unknown id 0x12345678", hc(0x12345678UL, 0, 0), -ENOTTY);
	check("unknown id 0x180000010", hc(0x180000010UL, gpa(arg), 0), -ENOTTY);
	check("registers kept", regs_changed(), 0);
	check("vmcall from CPL 3 raises #GP", from_ring3(), 13);
	check("destroy vmid 1 before create", hc(HC_DESTROY_VM, 1, 0), -ENOTTY);
	check("start vmid 1 before create", hc(HC_START_VM, 1, 0), -ENOTTY);
	check("pause vmid 1 before create", hc(HC_PAUSE_VM, 1, 0), -ENOTTY);
	check("reset vmid 1 before create", hc(HC_RESET_VM, 1, 0), -ENOTTY);
	check("destroy the Service VM (vmid 0)", hc(HC_DESTROY_VM, 0, 0), -ENOTTY);
	check("destroy PRE_COUNTER (vmid 0xffff)", hc(HC_DESTROY_VM, 0xffff, 0), -ENOTTY);
	check("destroy vmid 7", hc(HC_DESTROY_VM, 7, 0), -ENOTTY);
	check("destroy vmid 0x10001", hc(HC_DESTROY_VM, 0x10001, 0), -ENOTTY);
	check("pm state of no VM", c_pm(gpa(arg)), -ENOTTY);
	check("remove cpu 0 (the BSP)", hc(HC_SOS_REMOVE_CPU, 0, 0), -EPERM);
	check("remove cpu 7", hc(HC_SOS_REMOVE_CPU, 7, 0), -EINVAL);
	bad_pointers("create", c_create, 48);
	creation(POST_VM, 0);
	arg[2] = 1;
	check("create reserved0", hc(HC_CREATE_VM, gpa(arg), 0), -EINVAL);
	creation(POST_VM, 0);
	arg[6] = 1;
	check("create reserved1", hc(HC_CREATE_VM, gpa(arg), 0), -EINVAL);
	check("create NOSUCH", hc(HC_CREATE_VM, creation(NOSUCH, 0), 0), -ENOTTY);
	check("create PRE_COUNTER", hc(HC_CREATE_VM, creation(PRE_COUNTER, 0), 0), -ENOTTY);
	check("create SERVICE_VM", hc(HC_CREATE_VM, creation(SERVICE_VM, 0), 0), -ENOTTY);
	check("create a name of 16 characters", hc(HC_CREATE_VM, creation(LONG_NAME, 0), 0),
	      -ENOTTY);
	check("create on pCPU0", hc(HC_CREATE_VM, creation(POST_VM, 1), 0), -EPERM);
	check("create on pCPU5", hc(HC_CREATE_VM, creation(POST_VM, 0x20), 0), -EPERM);
}

static void devices(void)
{
	bad_pointers("assign pcidev", c_pcidev, 36);
	clear(arg, 36);
	put(arg, 6, 2, 0x0008); /* 00:01.0 */
	check("assign pcidev", hc(HC_ASSIGN_PCIDEV, 1, gpa(arg)), -ENODEV);
	check("deassign pcidev", hc(HC_DEASSIGN_PCIDEV, 1, gpa(arg)), -ENODEV);
	check("assign pcidev vmid 9", hc(HC_ASSIGN_PCIDEV, 9, gpa(arg)), -ENOTTY);
	bad_pointers("assign mmiodev", c_mmiodev, 104);
	clear(arg, 104);
	check("assign mmiodev without a name", hc(HC_ASSIGN_MMIODEV, 1, gpa(arg)), -EINVAL);
	arg[0] = 'T';
	put(arg, 8, 8, 0xfed40000);
	put(arg, 16, 8, 0xfed40000);
	put(arg, 24, 8, 0x5000);
	check("assign mmiodev", hc(HC_ASSIGN_MMIODEV, 1, gpa(arg)), -ENODEV);
	check("deassign mmiodev", hc(HC_DEASSIGN_MMIODEV, 1, gpa(arg)), -ENODEV);
	put(arg, 24, 8, 0x5004);
	check("assign mmiodev unaligned size", hc(HC_ASSIGN_MMIODEV, 1, gpa(arg)), -EINVAL);
	put(arg, 24, 8, 0x5000);
	put(arg, 32, 8, 1);
	check("assign mmiodev reserved", hc(HC_ASSIGN_MMIODEV, 1, gpa(arg)), -EINVAL);
	bad_pointers("set ptdev intr", c_ptirq, 24);
	clear(arg, 24);
	put(arg, 8, 4, 5);
	check("set ptdev intr", hc(HC_SET_PTDEV_INTR, 1, gpa(arg)), -ENODEV);
	check("reset ptdev intr", hc(HC_RESET_PTDEV_INTR, 1, gpa(arg)), -ENODEV);
	put(arg, 0, 4, 1);
	check("set ptdev intr type MSI", hc(HC_SET_PTDEV_INTR, 1, gpa(arg)), -EINVAL);
	put(arg, 0, 4, 0);
	put(arg, 8, 4, 48);
	check("set ptdev intr pin 48", hc(HC_SET_PTDEV_INTR, 1, gpa(arg)), -EINVAL);
	bad_pointers("create vdev", c_vdev, 192);
	clear(arg, 192);
	put(arg, 0, 4, 0x11101af4); /* ivshmem */
	check("create vdev", hc(HC_CREATE_VDEV, 1, gpa(arg)), -EINVAL);
	check("destroy vdev", hc(HC_DESTROY_VDEV, 1, gpa(arg)), -EINVAL);
}

static void pm(void)
{
	put(arg, 0, 8, 0x5a5a);
	check("pm C-state count", c_pm(gpa(arg)), 0);
	check("pm C-state count is 0", (long)get(arg, 0, 1), 0);
	check("pm C-state count in one byte", (long)get(arg, 1, 1), 0x5a);
	check("pm P-state count", hc(HC_PM_GET_CPU_STATE, (1UL << 24) | 0, gpa(arg)), -EPERM);
	check("pm P-state data", hc(HC_PM_GET_CPU_STATE, (1UL << 24) | 1, gpa(arg)), -EPERM);
	check("pm C-state data", hc(HC_PM_GET_CPU_STATE, (1UL << 24) | 0x103, gpa(arg)), -EPERM);
	check("pm command above 32 bits",
	      hc(HC_PM_GET_CPU_STATE, (1UL << 32) | (1UL << 24) | 2, gpa(arg)), -EINVAL);
	check("pm of vmid 2", hc(HC_PM_GET_CPU_STATE, (2UL << 24) | 2, gpa(arg)), -ENOTTY);
	bad_pointers("pm C-state count", c_pm, 1);
}

static void regs(void)
{
	bad_pointers("set vcpu regs", c_regs, 296);
	flat32_regs();
	arg[2] = 1;
	check("set vcpu regs reserved", hc(HC_SET_VCPU_REGS, 1, gpa(arg)), -EINVAL);
	flat32_regs();
	put(arg, 230, 1, 1);
	check("set vcpu regs reserved_64", hc(HC_SET_VCPU_REGS, 1, gpa(arg)), -EINVAL);
	flat32_regs();
	put(arg, 0, 2, 1);
	check("set vcpu regs of vCPU 1 of 1", hc(HC_SET_VCPU_REGS, 1, gpa(arg)), -EINVAL);
	flat32_regs();
	put(arg, 184, 8, 0x80000010);
	check("set vcpu regs CR0.PG without PE", hc(HC_SET_VCPU_REGS, 1, gpa(arg)), -EINVAL);
	flat32_regs();
	put(arg, 192, 8, 0x2000);
	check("set vcpu regs CR4.VMXE", hc(HC_SET_VCPU_REGS, 1, gpa(arg)), -EINVAL);
	check("set vcpu regs", hc(HC_SET_VCPU_REGS, 1, flat32_regs()), 0);
}

/* The bad memory ops; nothing of them is done. */
static void memory_refused(void)
{
	bad_pointers("memory batch", c_mem, 24);
	check("memory ops unmapped", hc(HC_VM_SET_MEMORY_REGIONS, batch(1, 1, NO_RAM), 0), -EINVAL);
	check("memory ops unaligned", hc(HC_VM_SET_MEMORY_REGIONS, batch(1, 1, gpa(ops) + 4), 0),
	      -EINVAL);
	op(0, 0, MEM_WB_RWX, 0, UVM_RAM, UVM_SIZE);
	batch(1, 1, gpa(ops));
	arg[4] = 1;
	check("memory batch reserved", hc(HC_VM_SET_MEMORY_REGIONS, gpa(arg), 0), -EINVAL);
	check("memory batch of 0 ops", hc(HC_VM_SET_MEMORY_REGIONS, batch(1, 0, gpa(ops)), 0),
	      -EINVAL);
	check("memory batch vmid 5", hc(HC_VM_SET_MEMORY_REGIONS, batch(5, 1, gpa(ops)), 0),
	      -ENOTTY);
	check("memory op type 1", mem1(1, MEM_WB_RWX, 0, UVM_RAM, UVM_SIZE), -EINVAL);
	check("memory op size unaligned", mem1(0, MEM_WB_RWX, 0, UVM_RAM, 0x1800), -EINVAL);
	check("memory op size 0", mem1(0, MEM_WB_RWX, 0, UVM_RAM, 0), -EINVAL);
	check("memory of the hypervisor", mem1(0, MEM_WB_RWX, 0, HV_RAM, UVM_SIZE), -EINVAL);
	check("memory of PRE_COUNTER", mem1(0, MEM_WB_RWX, 0, PRE_RAM, UVM_SIZE), -EINVAL);
	check("memory the board lacks", mem1(0, MEM_WB_RWX, 0, NO_RAM, UVM_SIZE), -EINVAL);
	check("memory running into a hole", mem1(0, MEM_WB_RWX, 0, HOLE_END - 0x1000, 0x2000),
	      -EINVAL);
	check("memory uncached", mem1(0, MEM_UC_RWX, 0, UVM_RAM, UVM_SIZE), -EINVAL);
	check("memory guest address at 512 GiB", mem1(0, MEM_WB_RWX, 1UL << 39, UVM_RAM, UVM_SIZE),
	      -EINVAL);
	check("memory delete of nothing", mem1(2, 0, 0, 0, UVM_SIZE), -EINVAL);
}

/* A tiny guest into the 2 MiB it gets (64-bit: bz-count), then the memory, its registers, its
 * start. */
static void give_and_start(int pages, int long_mode)
{
	volatile uint8_t *ram = (volatile uint8_t *)UVM_RAM;
	const uint8_t *bin = long_mode ? uvm64_bin : uvm_bin;
	unsigned n = (unsigned)(long_mode ? uvm64_bin_size : uvm_bin_size);

	for (unsigned i = 0; i < UVM_SIZE / 8; i++) /* nothing of an earlier run: .bss is 0 */
		((volatile uint64_t *)UVM_RAM)[i] = 0;
	for (unsigned i = 0; i < n; i++)
		ram[UVM_IMAGE + i] = bin[i];
	if (long_mode)
		long_mode_tables((volatile uint64_t *)UVM_RAM);
	if (!pages) {
		check("memory 2 MiB", mem1(0, MEM_WB_RWX, 0, UVM_RAM, UVM_SIZE), 0);
	} else {
		/* as Linux's HSM gives pinned pages: one op per 4 KiB page, 512 of them over two
		 * pages of ops (the batch's op array crosses a page) */
		for (unsigned i = 0; i < 256; i++)
			op(i, 0, MEM_WB_RWX, (uint64_t)i << 12, UVM_RAM + ((uint64_t)i << 12),
			   0x1000);
		for (unsigned i = 0; i < 256; i++)
			op(256 + i, 0, MEM_WB_RWX, (uint64_t)(256 + i) << 12,
			   UVM_RAM + ((uint64_t)(256 + i) << 12), 0x1000);
		check("memory by 512 pages",
		      hc(HC_VM_SET_MEMORY_REGIONS, batch(1, 512, gpa(ops)), 0), 0);
	}
	check("memory given again", mem1(0, MEM_WB_RWX, UVM_SIZE, UVM_RAM, 0x1000), -EINVAL);
	check("given memory as a pointer", hc(HC_GET_API_VERSION, UVM_RAM, 0), -EINVAL);
	check("given memory read by the Service VM", *(volatile uint32_t *)UVM_RAM, 0xffffffffL);
	check(long_mode ? "set vcpu regs 64-bit" : "set vcpu regs",
	      hc(HC_SET_VCPU_REGS, 1, long_mode ? long_mode_regs() : flat32_regs()), 0);
	check("start", hc(HC_START_VM, 1, 0), 0);
}

/* Both run on pCPU1 by turns: the tiny guest counts while this one spins and reports. */
static void share(const char *what)
{
	for (unsigned i = 1; i <= 3; i++) {
		spin(SPIN_SHARE);
		puts_("service: ");
		puts_(what);
		puts_(" ");
		putdec(i);
		putc_('\n');
	}
}

/* Runs "mov $42, %eax; ret" copied to at; returns what it returned. */
static long run_code_at(uint64_t at)
{
	static const uint8_t code[] = {0xb8, 42, 0, 0, 0, 0xc3};
	volatile uint8_t *p = (volatile uint8_t *)at;

	for (unsigned i = 0; i < sizeof(code); i++)
		p[i] = code[i];
	return ((long (*)(void))(uintptr_t)at)();
}

void guest_irq(void);
void guest_irq(void)
{
	timer_irqs++;
	wrmsr(X2APIC_EOI, 0);
}

/* Sleeps in HLT until this vCPU's local APIC timer fires (TSC-deadline or one-shot, both counting
 * TSC cycles): the hypervisor must wake it on its shared pCPU, whether POST_VM runs there or ran
 * there and is gone. The interrupt must come once, not before the time asked. */
static void timer_sleep(const char *what, int deadline)
{
	uint64_t t0 = rdtsc();
	uint64_t slept;

	timer_irqs = 0;
	if (deadline) {
		wrmsr(X2APIC_LVT_TMR, LVT_DEADLINE | TIMER_VEC);
		wrmsr(MSR_TSC_DEADLINE, t0 + SLEEP_TSC);
	} else {
		wrmsr(X2APIC_TDCR, 0xb); /* divide by 1 */
		wrmsr(X2APIC_LVT_TMR, TIMER_VEC);
		wrmsr(X2APIC_TMICT, SLEEP_TSC);
	}
	while (timer_irqs == 0)
		__asm__ volatile("sti; hlt; cli" ::: "memory");
	slept = rdtsc() - t0;
	check2(what, deadline ? "TSC-deadline wakes" : "one-shot wakes", timer_irqs, 1);
	check2(what, "slept as long as asked", slept >= SLEEP_TSC, 1);
	wrmsr(X2APIC_LVT_TMR, LVT_MASKED | TIMER_VEC);
}

static void life(void)
{
	uint64_t xcr0;
	unsigned kept, total;

	check("create POST_VM", hc(HC_CREATE_VM, creation(POST_VM, 0), 0), 0);
	check("POST_VM vmid", (long)get(arg, 0, 2), 1);
	check("POST_VM vcpu_num", (long)get(arg, 4, 2), 1);
	check("create POST_VM again", hc(HC_CREATE_VM, creation(POST_VM, 0), 0), -EPERM);
	check("create POST_VM2", hc(HC_CREATE_VM, creation(POST_VM2, 2), 0), 0);
	check("POST_VM2 vmid", (long)get(arg, 0, 2), 2);
	check("destroy POST_VM2", hc(HC_DESTROY_VM, 2, 0), 0);
	check("destroy POST_VM2 again", hc(HC_DESTROY_VM, 2, 0), -ENOTTY);
	check("pause a created VM", hc(HC_PAUSE_VM, 1, 0), 0);
	devices();
	pm();
	regs();
	memory_refused();
	give_and_start(0, 0);
	check("start again", hc(HC_START_VM, 1, 0), -EPERM);
	check("set vcpu regs while it runs", hc(HC_SET_VCPU_REGS, 1, flat32_regs()), -EPERM);
	check("reset while it runs", hc(HC_RESET_VM, 1, 0), -EPERM);
	check("pm state while it runs", c_pm(gpa(arg)), -EPERM);
	share("first run");
	check("pause", hc(HC_PAUSE_VM, 1, 0), 0);
	puts_("service: paused POST_VM\n");
	spin(SPIN_SHARE);
	check("pause again", hc(HC_PAUSE_VM, 1, 0), 0);
	check("start a paused VM", hc(HC_START_VM, 1, 0), -EPERM);
	check("reset", hc(HC_RESET_VM, 1, 0), 0);
	check("set vcpu regs after reset", hc(HC_SET_VCPU_REGS, 1, flat32_regs()), 0);
	check("start after reset", hc(HC_START_VM, 1, 0), 0);
	share("second run");
	check("destroy while it runs", hc(HC_DESTROY_VM, 1, 0), 0);
	puts_("service: destroyed POST_VM\n");
	*(volatile uint32_t *)UVM_RAM = 0x12345678;
	check("memory back in the Service VM", *(volatile uint32_t *)UVM_RAM, 0x12345678);
	check("memory back as a pointer", hc(HC_GET_API_VERSION, UVM_RAM, 0), 0);
	check("create POST_VM once more", hc(HC_CREATE_VM, creation(POST_VM, 0), 0), 0);
	give_and_start(1, 0);
	share("third run");
	check("pause before delete", hc(HC_PAUSE_VM, 1, 0), 0);
	check("memory delete", mem1(2, 0, 0x1000, 0, 0x1000), 0);
	check("deleted page back as a pointer", hc(HC_GET_API_VERSION, UVM_RAM + 0x1000, 0), 0);
	check("memory delete again", mem1(2, 0, 0x1000, 0, 0x1000), -EINVAL);
	check("one page of a 2 MiB page with no code yet",
	      mem1(0, MEM_WB_RWX, UVM_SIZE, EXEC_RAM, 0x1000), 0);
	check("code runs in the rest of that 2 MiB page", run_code_at(EXEC_RAM + 0x1000), 42);
	check("destroy", hc(HC_DESTROY_VM, 1, 0), 0);
	check("destroyed memory back as a pointer",
	      hc(HC_GET_API_VERSION, UVM_RAM + UVM_SIZE - 8, 0), 0);
	check("destroy again", hc(HC_DESTROY_VM, 1, 0), -ENOTTY);
	check("create POST_VM for 64-bit", hc(HC_CREATE_VM, creation(POST_VM, 0), 0), 0);
	xcr0 = xstate_enable();
	xstate_fill(xcr0, XSTATE_SECRET);
	give_and_start(0, 1);
	share("64-bit run");
	kept = xstate_holding(xcr0, XSTATE_SECRET, &total);
	check("extended state kept beside POST_VM", (long)kept, (long)total);
	check("XCR0 kept beside POST_VM", (long)xstate_xcr0(), (long)xcr0);
	check("no word of POST_VM's extended state", (long)xstate_count(XSTATE_OWN), 0);
	timer_sleep("beside POST_VM:", 1);
	timer_sleep("beside POST_VM:", 0);
	check("destroy the 64-bit guest", hc(HC_DESTROY_VM, 1, 0), 0);
	timer_sleep("after POST_VM:", 1);
	timer_sleep("after POST_VM:", 0);
}

void guest_main64(void);

void guest_main64(void)
{
	puts_("hcall: start\n");
	wrmsr(X2APIC_SVR, SVR_ON);
	costs();
	nothing_yet();
	life();
	puts_("hcall: ");
	putdec(checks);
	puts_(" checks, ");
	putdec(failed);
	puts_(" failed\n");
	puts_("hcall: done\n");
}
