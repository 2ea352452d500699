/* Per-pCPU descriptor tables (GDT, TSS, IDT), the exception report, the C entries from head.S. */
#include "x86.h"
#include "console.h"
#include "lib.h"
#include "pcpu.h"

#define GDT_CODE64 0x00af9a000000ffffUL
#define GDT_DATA   0x00cf92000000ffffUL

struct exc_frame {
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8, rbp, rdi, rsi, rdx, rcx, rbx, rax;
	uint64_t vector, error, rip, cs, rflags, rsp, ss;
};

struct x86_cpu x86_cpus[PCPU_MAX];
static uint64_t idt[32 * 2] ALIGNED(16);
extern const uint64_t exc_stubs[32];
void x86_exception(const struct exc_frame *f);

_Static_assert(offsetof(struct pcpu, id) == 0, "pcpu_arch_id reads the id at %gs:0");

static const char *const exc_names[32] = {
    "#DE", "#DB", "NMI", "#BP", "#OF", "#BR", "#UD", "#NM", "#DF", "",	  "#TS",
    "#NP", "#SS", "#GP", "#PF", "",    "#MF", "#AC", "#MC", "#XM", "#VE", "#CP",
};

void x86_exception(const struct exc_frame *f)
{
	panic("exception %lu (%s) at RIP 0x%lx, error code 0x%lx, CR2 0x%lx, RSP 0x%lx", f->vector,
	      exc_names[f->vector & 31], f->rip, f->error, read_cr2(), f->rsp);
}

/* Interrupt gates; the double fault and machine check use the pCPU's own IST stack. */
static void idt_init(void)
{
	for (unsigned v = 0; v < 32; v++) {
		uint64_t off = exc_stubs[v];
		uint64_t ist = (v == 2 || v == 8 || v == 18) ? 1 : 0;

		idt[2 * v] = (off & 0xffff) | (uint64_t)SEL_CODE << 16 | ist << 32 | 0x8eUL << 40 |
			     (off >> 16 & 0xffff) << 48;
		idt[2 * v + 1] = off >> 32;
	}
}

void cpu_init(unsigned id)
{
	struct x86_cpu *c = &x86_cpus[id];
	uint64_t tss = (uint64_t)&c->tss, lim = sizeof(c->tss) - 1;
	struct x86_dtr gdtr = {sizeof(c->gdt) - 1, (uint64_t)c->gdt};
	struct x86_dtr idtr = {sizeof(idt) - 1, (uint64_t)idt};

	if (id == 0)
		idt_init();
	c->tss.ist[1] = (uint64_t)(c->ist_stack + sizeof(c->ist_stack));
	c->tss.iomap_base = sizeof(c->tss);
	c->gdt[0] = 0;
	c->gdt[1] = GDT_CODE64;
	c->gdt[2] = GDT_DATA;
	c->gdt[3] = (lim & 0xffff) | (tss & 0xffffff) << 16 | 0x89UL << 40 |
		    (lim >> 16 & 0xf) << 48 | (tss >> 24 & 0xff) << 56;
	c->gdt[4] = tss >> 32;
	/* Same selectors as the boot GDT, so CS and the data segments stay valid. */
	__asm__ volatile("lgdt %0" : : "m"(gdtr));
	__asm__ volatile("ltr %w0" : : "r"(SEL_TSS));
	__asm__ volatile("lidt %0" : : "m"(idtr));
	wrmsr(MSR_GS_BASE, (uint64_t)&pcpus[id]);
}

unsigned pcpu_arch_id(void)
{
	unsigned id;

	__asm__ volatile("movl %%gs:0, %0" : "=r"(id));
	return id;
}

void pcpu_arch_relax(void)
{
	__asm__ volatile("pause" ::: "memory");
}

void pcpu_arch_halt(void)
{
	for (;;)
		__asm__ volatile("cli; hlt");
}

void x86_boot(uint32_t magic, uint64_t mb2_info)
{
	serial_init();
	pic_mask_all();
	cpu_init(0);
	mb2_parse(magic, mb2_info);
	lapic_init();
	tsc_calibrate();
	hv_main();
}

void x86_ap_boot(unsigned id)
{
	cpu_init(id);
	lapic_init();
	pcpu_main();
}
