/*
 * Corners of the architecture a hypervisor must keep when it does an instruction for the guest
 * (tests/boot/cases/corners.boot): single-stepping (RFLAGS.TF) an instruction that exits still
 * traps right after it, with DR6.BS; a 32-bit EIP wraps at 4 GiB past an instruction that exits;
 * RDPMC with CR4.PCE set shows no performance counter; and a HLT with the one-shot timer far
 * ahead returns only for an interrupt, while the hypervisor keeps its ticks.
 */
#include "guest.h"
#include "apic.h"

#define LOW_CODE    0x8000u /* guest RAM below the image, for the wrap test's code */
#define SEL_LOW	    0x18u   /* a 32-bit code segment based at LOW_CODE */
#define DR6_BS	    0x4000u
#define EFLAGS_TF   0x100u
#define TIMER_VEC   0x30u
#define TDCR_DIV128 0xau

volatile uint32_t db_eip, db_dr6, db_count;

/* #DB: where it trapped and DR6 (then cleared), TF off in the frame so that it traps once. */
__asm__(".text\n"
	"db_stub:\n"
	"\tpushal\n"
	"\tmov 32(%esp), %eax\n"
	"\tmov %eax, db_eip\n"
	"\tandl $~0x100, 40(%esp)\n"
	"\tmov %dr6, %eax\n"
	"\tmov %eax, db_dr6\n"
	"\txor %eax, %eax\n"
	"\tmov %eax, %dr6\n"
	"\tincl db_count\n"
	"\tpopal\n"
	"\tiret\n");
extern char db_stub[];

struct __attribute__((packed)) dtr {
	uint16_t limit;
	uint32_t base;
};

/* start.S's flat code (0x08) and data (0x10), and SEL_LOW. */
static uint64_t gdt[4] = {0, 0x00cf9a000000ffffull, 0x00cf92000000ffffull,
			  0x00cf9a000000ffffull | ((uint64_t)LOW_CODE << 16)};

static void set_db_gate(void)
{
	struct dtr idtr;
	uint32_t *gate;
	uint32_t off = (uint32_t)db_stub;

	__asm__ volatile("sidt %0" : "=m"(idtr));
	gate = (uint32_t *)(idtr.base + 8);
	gate[0] = (off & 0xffff) | (0x08u << 16);
	gate[1] = (off & 0xffff0000u) | 0x8e00u;
}

static void check_step(const char *what, uint32_t expected)
{
	puts_("single step over ");
	puts_(what);
	if (db_count == 1 && db_eip == expected && (db_dr6 & DR6_BS))
		puts_(": #DB at the next instruction, DR6.BS\n");
	else {
		puts_(": WRONG: ");
		putdec(db_count);
		puts_(" #DB, last at ");
		puthex(db_eip);
		puts_(" (expected ");
		puthex(expected);
		puts_("), DR6 ");
		puthex(db_dr6);
		putc_('\n');
	}
	db_count = 0;
}

/* TF set by POPF traps after the instruction that follows: the one that exits. */
static void step_tests(void)
{
	uint32_t after, a = 0;

	set_db_gate();
	__asm__ volatile("pushf; orl %2, (%%esp); popf\n\tcpuid\n1:\tnop\n\tmovl $1b, %0"
			 : "=r"(after), "+a"(a)
			 : "i"(EFLAGS_TF)
			 : "ebx", "ecx", "edx", "memory");
	check_step("cpuid", after);
	__asm__ volatile("pushf; orl %1, (%%esp); popf\n\toutb %%al, $0x80\n1:\tnop\n\tmovl $1b, %0"
			 : "=r"(after)
			 : "i"(EFLAGS_TF)
			 : "eax", "memory");
	check_step("out", after);
	__asm__ volatile("pushf; orl %1, (%%esp); popf\n\trdmsr\n1:\tnop\n\tmovl $1b, %0"
			 : "=r"(after)
			 : "i"(EFLAGS_TF), "c"(0x10)
			 : "eax", "edx", "memory");
	check_step("rdmsr", after);
}

/*
 * CPUID at EIP 0xfffffffe of a segment based at LOW_CODE, so the next EIP is 0 (linear
 * LOW_CODE), where a far jump leads back. Without the wrap, the entry after the CPUID fails.
 */
static void __attribute__((noinline)) wrap_test(void)
{
	static volatile struct __attribute__((packed)) {
		uint32_t off;
		uint16_t sel;
	} far = {0xfffffffeu, SEL_LOW};
	volatile uint8_t *low = (volatile uint8_t *)(LOW_CODE - 2);
	struct dtr gdtr = {sizeof(gdt) - 1, (uint32_t)gdt};
	extern char wrap_back[];
	uint32_t back = (uint32_t)wrap_back;

	low[0] = 0x0f; /* cpuid, ending at LOW_CODE */
	low[1] = 0xa2;
	low[2] = 0xea; /* ljmp $0x08, $wrap_back */
	for (int i = 0; i < 4; i++)
		low[3 + i] = (uint8_t)(back >> (8 * i));
	low[7] = 0x08;
	low[8] = 0x00;
	__asm__ volatile("lgdt %0" : : "m"(gdtr));
	__asm__ volatile("xor %%eax, %%eax\n\tljmp *%0\nwrap_back:"
			 :
			 : "m"(far)
			 : "eax", "ebx", "ecx", "edx", "memory");
	puts_("eip wrapped to 0 after cpuid at 0xfffffffe\n");
}

static void rdpmc_tests(void)
{
	__asm__ volatile("mov %%cr4, %%eax; or $0x100, %%eax; mov %%eax, %%cr4" ::: "eax");
	TRY("rdpmc", : : "c"(0) : "eax", "edx");
	puts_(tried() == 13 ? "rdpmc counter 0: #GP\n" : "rdpmc counter 0: NOT refused\n");
	TRY("rdpmc", : : "c"(0x40000000) : "eax", "edx");
	puts_(tried() == 13 ? "rdpmc fixed counter 0: #GP\n"
			    : "rdpmc fixed counter 0: NOT refused\n");
}

void guest_interrupt(uint32_t vector)
{
	puts_("unexpected interrupt ");
	puthex(vector);
	putc_('\n');
	apic_eoi();
}

void guest_main(void)
{
	puts_("corners\n");
	step_tests();
	wrap_test();
	rdpmc_tests();
	wrmsr(X2APIC_SVR, SVR_ON);
	wrmsr(X2APIC_TDCR, TDCR_DIV128);
	wrmsr(X2APIC_LVT_TMR, TIMER_VEC);
	wrmsr(X2APIC_TMICT, 0xffffffffu);
	puts_("halting with the one-shot timer far ahead\n");
	for (;;) {
		__asm__ volatile("sti; hlt; cli");
		puts_("woke up without an interrupt\n");
	}
}
