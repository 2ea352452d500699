/* Per-pCPU descriptor tables (GDT, TSS, IDT), the exception report, the C entries from head.S. */
#include "x86.h"
#include "vdev.h"
#include "console.h"
#include "lib.h"
#include "mm.h"
#include "pcpu.h"
#include "boot.h"

#define GDT_CODE64 0x00af9a000000ffffUL
#define GDT_DATA   0x00cf92000000ffffUL
#define EXC_COUNT  32U

/* What entry.S pushes, from the lowest address. */
struct exc_frame {
	uint64_t r15;
	uint64_t r14;
	uint64_t r13;
	uint64_t r12;
	uint64_t r11;
	uint64_t r10;
	uint64_t r9;
	uint64_t r8;
	uint64_t rbp;
	uint64_t rdi;
	uint64_t rsi;
	uint64_t rdx;
	uint64_t rcx;
	uint64_t rbx;
	uint64_t rax;
	uint64_t vector;
	uint64_t error;
	uint64_t rip;
	uint64_t cs;
	uint64_t rflags;
	uint64_t rsp;
	uint64_t ss;
};

struct x86_cpu x86_cpus[PCPU_MAX];
static uint64_t idt[EXC_COUNT * 2U] ALIGNED(16);
extern const uint64_t exc_stubs[EXC_COUNT];
void x86_exception(const struct exc_frame *f);

/* cppcheck-suppress misra-c2012-10.4 ; offsetof is a size_t, which the addon cannot see */
_Static_assert(offsetof(struct pcpu, id) == 0UL, "pcpu_arch_id reads the id at %gs:0");

/* Fatal but for an NMI and a machine check the pCPU can go on from: those return, and entry.S
 * goes back to the interrupted code. */
void x86_exception(const struct exc_frame *f)
{
	static const char *const exc_names[EXC_COUNT] = {
	    "#DE", "#DB", "NMI", "#BP", "#OF", "#BR", "#UD", "#NM", "#DF", "",	  "#TS",
	    "#NP", "#SS", "#GP", "#PF", "",    "#MF", "#AC", "#MC", "#XM", "#VE", "#CP",
	    "",	   "",	  "",	 "",	"",    "",    "",    "",    "",	   "",
	};

	if (f->vector == 2U) {
		mca_nmi();
		return;
	}
	if ((f->vector == 18U) && mca_exception()) {
		return;
	}
	panic("exception %lu (%s) at RIP 0x%lx, error code 0x%lx, CR2 0x%lx, RSP 0x%lx", f->vector,
	      exc_names[f->vector & (EXC_COUNT - 1U)], f->rip, f->error, read_cr2(), f->rsp);
}

/* Interrupt gates; the NMI and double fault use the pCPU's own IST stack, the machine check
 * another (it may arrive during the NMI handler). */
static void idt_init(void)
{
	for (unsigned v = 0U; v < EXC_COUNT; v++) {
		uint64_t off = exc_stubs[v];
		uint64_t ist = ((v == 2U) || (v == 8U)) ? 1UL : ((v == 18U) ? 2UL : 0UL);

		idt[2U * v] = (off & 0xffffUL) | ((uint64_t)SEL_CODE << 16) | (ist << 32) |
			      (0x8eUL << 40) | (((off >> 16) & 0xffffUL) << 48);
		idt[(2U * v) + 1U] = off >> 32;
	}
}

void cpu_init(unsigned id)
{
	struct x86_cpu *c = &x86_cpus[id];
	uint64_t tss = mm_hpa(&c->tss);
	uint64_t lim = sizeof(c->tss) - 1U;
	struct x86_dtr gdtr = {sizeof(c->gdt) - 1U, mm_hpa(c->gdt)};
	struct x86_dtr idtr = {sizeof(idt) - 1U, mm_hpa(idt)};

	if (id == 0U) {
		idt_init();
	}
	c->tss.ist[1] = mm_hpa(&c->ist_stack[sizeof(c->ist_stack)]);
	c->tss.ist[2] = mm_hpa(&c->mc_stack[sizeof(c->mc_stack)]);
	c->tss.iomap_base = sizeof(c->tss);
	c->gdt[0] = 0U;
	c->gdt[1] = GDT_CODE64;
	c->gdt[2] = GDT_DATA;
	c->gdt[3] = (lim & 0xffffUL) | ((tss & 0xffffffUL) << 16) | (0x89UL << 40) |
		    (((lim >> 16) & 0xfUL) << 48) | (((tss >> 24) & 0xffUL) << 56);
	c->gdt[4] = tss >> 32;
	/* Same selectors as the boot GDT, so CS and the data segments stay valid. */
	__asm__ volatile("lgdt %0" : : "m"(gdtr));
	__asm__ volatile("ltr %w0" : : "r"(SEL_TSS));
	__asm__ volatile("lidt %0" : : "m"(idtr));
	wrmsr(MSR_GS_BASE, mm_hpa(&pcpu_table[id]));
}

unsigned pcpu_arch_id(void)
{
	unsigned id;

	__asm__ volatile("movl %%gs:0, %0" : "=r"(id));
	return id;
}

uint64_t pcpu_arch_cycles(void)
{
	return rdtsc();
}

void pcpu_arch_relax(void)
{
	__asm__ volatile("pause" ::: "memory");
}

/* Idle for good: an NMI or a machine check wakes it only to be reported. */
void pcpu_arch_halt(void)
{
	x86_cpus[pcpu_arch_id()].idle = true;
	mca_selftest_self();
	for (;;) {
		mca_report();
		__asm__ volatile("cli; hlt");
	}
}

/* "selftest=mce": a #MC with nothing logged (INT 18), which the handler must go on from. */
static void selftest_mce(void)
{
	if (boot_option("selftest=mce")) {
		__asm__ volatile("int $18");
		mca_report();
	}
}

void x86_boot(uint32_t magic, uint64_t mb2_info)
{
	serial_init();
	pic_mask_all();
	cpu_init(0);
	hostmap_protect();
	mb2_parse(magic, mb2_info);
	hostmap_selftest();
	lapic_init();
	mca_init(0);
	mca_selftest_self();
	selftest_mce();
	mitigations_init();
	tsc_calibrate();
	vrtc_init();
	hv_main();
}

void x86_ap_boot(unsigned id)
{
	cpu_init(id);
	lapic_init();
	mca_init(id);
	mitigations_pcpu(id);
	pcpu_main();
}
