/*
 * The VM's I/O APIC at 0xfec00000, reached by emulated MMIO: its version and read-only
 * registers; COM1's IRQ 4 on pin 4, edge-triggered, on the vector its redirection entry names;
 * level-triggered: remote IRR and TMR set until the EOI, the message sent again while the line
 * stays up, held while the pin is masked and sent on unmasking; the instruction forms a
 * compiler emits for MMIO (MOV to and from registers with and without SIB and displacement, MOV
 * of an immediate, MOV with a direct offset, MOVZX; an 8-bit load into AH merging), and the same
 * accesses under 32-bit and PAE paging, through an alias of the I/O APIC's page, by code running
 * at an alias of its own.
 */
#include <stdbool.h>

#include "guest.h"
#include "apic.h"

#define IOAPIC	     0xfec00000U
#define IOWIN	     0x10
#define RTE_LEVEL    (1U << 15)
#define RTE_REMOTE   (1U << 14)
#define RTE_MASKED   (1U << 16)
#define COM1_PIN     4
#define UART_IER     1
#define UART_IIR     2
#define UART_MCR     4
#define VERSION_48   0x002f0011U /* version 0x11, redirection entries 0..47 */
#define CODE_ALIAS   0x40000000U
#define IOAPIC_ALIAS 0xc0000000U

static volatile uint32_t *ioapic = (volatile uint32_t *)IOAPIC;
static volatile uint32_t taken, taken_vector, remote_in_handler, tmr_in_handler;
static volatile bool level_test;

static uint32_t io_read(uint32_t reg)
{
	ioapic[0] = reg;
	return ioapic[IOWIN / 4];
}

static void io_write(uint32_t reg, uint32_t val)
{
	ioapic[0] = reg;
	ioapic[IOWIN / 4] = val;
}

static void route(uint32_t low)
{
	io_write(0x10 + 2 * COM1_PIN + 1, 0); /* APIC id 0, physical */
	io_write(0x10 + 2 * COM1_PIN, low);
}

/* The level-triggered case leaves the line up at the first EOI, so the pin sends again. */
void guest_interrupt(uint32_t vector)
{
	taken_vector = vector;
	taken++;
	if (level_test && taken == 1) {
		remote_in_handler = io_read(0x10 + 2 * COM1_PIN) & RTE_REMOTE;
		tmr_in_handler = apic_vector_set(X2APIC_TMR0, vector);
	} else {
		(void)inb(COM1 + UART_IIR); /* ends the THRE interrupt: the line drops */
		outb(COM1 + UART_IER, 0);
	}
	apic_eoi();
}

static void raise_com1(void)
{
	outb(COM1 + UART_MCR, inb(COM1 + UART_MCR) | 0x08); /* OUT2 */
	outb(COM1 + UART_IER, 0x02);			    /* THRE */
}

static void registers(void)
{
	puts_(io_read(1) == VERSION_48 ? "I/O APIC version 0x11, 48 pins\n" : "version wrong\n");
	io_write(0, 0x0f000000);
	io_write(1, 0);
	puts_(io_read(0) == 0 && io_read(1) == VERSION_48 ? "ID and version stay as they are\n"
							  : "ID or version NOT read-only\n");
	puts_(io_read(0x10 + 2 * COM1_PIN) == RTE_MASKED ? "pin 4 masked at reset\n"
							 : "pin 4 NOT masked at reset\n");
}

static void edge(void)
{
	route(0x44);
	raise_com1();
	take_interrupts();
	puts_(taken == 1 && taken_vector == 0x44 ? "edge: IRQ 4 through pin 4 on vector 0x44\n"
						 : "edge: NOT delivered on 0x44\n");
}

static void level(void)
{
	taken = 0;
	level_test = true;
	route(RTE_LEVEL | 0x45);
	raise_com1();
	take_interrupts();
	take_interrupts();
	puts_(taken == 2 && remote_in_handler && tmr_in_handler
		  ? "level: remote IRR and TMR set in the handler, sent again after the EOI\n"
		  : "level: NOT sent again with remote IRR and TMR\n");
	puts_(!(io_read(0x10 + 2 * COM1_PIN) & RTE_REMOTE) ? "level: remote IRR clear at the end\n"
							   : "level: remote IRR NOT clear\n");
	level_test = false;
	taken = 0;
	route(RTE_MASKED | RTE_LEVEL | 0x46);
	raise_com1();
	take_interrupts();
	route(RTE_LEVEL | 0x46);
	take_interrupts();
	puts_(taken == 1 && taken_vector == 0x46 ? "level: held while masked, sent on unmasking\n"
						 : "level: NOT held while masked\n");
	route(RTE_MASKED);
}

/* Reads of the version register through instruction forms a compiler may emit; true if each
 * gave it. base is the I/O APIC's page as the code sees it. */
static bool forms(uint32_t base)
{
	uint32_t a, b, c, d = 0x1234, one = 1, win = IOWIN;

	__asm__ volatile("movl %0, (%1)" ::"r"(one), "r"(base) : "memory"); /* 89 /r */
	__asm__ volatile("movl (%1,%2,1), %0" : "=r"(a) : "r"(base), "r"(win) : "memory"); /* SIB */
	__asm__ volatile("movl $1, (%0)" ::"r"(base) : "memory");		  /* C7 /0 */
	__asm__ volatile("movzbl 0x10(%1), %0" : "=r"(b) : "r"(base) : "memory"); /* 0F B6 */
	__asm__ volatile("movzwl 0x12(%1), %0" : "=r"(c) : "r"(base) : "memory");
	/* an 8-bit load is no register access: it gives 0, and AH only changes */
	__asm__ volatile("movb 0x10(%1), %%ah" : "+a"(d) : "r"(base) : "memory");
	return a == VERSION_48 && b == 0 && c == 0 && d == 0x34;
}

/* The forms with the address in the instruction: MOV with a direct offset (A1, A3) and MOV
 * with a 32-bit displacement and no base. */
static bool forms_direct(void)
{
	uint32_t a, b, one = 1;

	__asm__ volatile("movl %%eax, 0xfec00000" ::"a"(one) : "memory");
	__asm__ volatile("movl 0xfec00010, %%eax" : "=a"(a)::"memory");
	__asm__ volatile("movl 0xfec00010, %%ecx" : "=c"(b)::"memory");
	return a == VERSION_48 && b == VERSION_48;
}

/* Paging: the first 16 MiB and the I/O APIC's 4 MiB identity-mapped, the I/O APIC's page also
 * at IOAPIC_ALIAS, the first 4 MiB (this code) also at CODE_ALIAS. */
static uint32_t pd32[1024] __attribute__((aligned(4096)));
static uint64_t pdpt[4] __attribute__((aligned(32)));
static uint64_t pd_pae[4][512] __attribute__((aligned(4096)));

typedef bool (*forms_fn)(uint32_t base);

static bool forms_at_alias(void)
{
	forms_fn f = (forms_fn)((uint32_t)forms + CODE_ALIAS);

	return f(IOAPIC_ALIAS);
}

static void paging32(void)
{
	for (uint32_t i = 0; i < 4; i++)
		pd32[i] = i << 22 | 0x83;   /* 4 MiB, present, writable */
	pd32[IOAPIC >> 22] = IOAPIC | 0x9b; /* uncached */
	pd32[IOAPIC_ALIAS >> 22] = IOAPIC | 0x9b;
	pd32[CODE_ALIAS >> 22] = 0x83;
	__asm__ volatile("mov %%cr4, %%eax; or $0x10, %%eax; mov %%eax, %%cr4; mov %0, %%cr3;"
			 "mov %%cr0, %%eax; or $0x80000000, %%eax; mov %%eax, %%cr0" ::"r"(pd32)
			 : "eax", "memory");
	puts_(forms_at_alias() ? "32-bit paging: the forms through aliases\n"
			       : "32-bit paging: forms NOT read\n");
	__asm__ volatile("mov %%cr0, %%eax; and $0x7fffffff, %%eax; mov %%eax, %%cr0" ::: "eax");
}

static void paging_pae(void)
{
	for (uint32_t i = 0; i < 4; i++)
		pdpt[i] = (uint32_t)pd_pae[i] | 1;
	for (uint32_t i = 0; i < 8; i++)
		pd_pae[0][i] = i << 21 | 0x83; /* 2 MiB pages */
	pd_pae[1][0] = 0x83;		       /* CODE_ALIAS */
	pd_pae[1][1] = 0x200000 | 0x83;
	pd_pae[3][0] = IOAPIC | 0x9b; /* IOAPIC_ALIAS */
	pd_pae[3][(IOAPIC >> 21) & 511] = IOAPIC | 0x9b;
	__asm__ volatile("mov %%cr4, %%eax; or $0x20, %%eax; mov %%eax, %%cr4; mov %0, %%cr3;"
			 "mov %%cr0, %%eax; or $0x80000000, %%eax; mov %%eax, %%cr0" ::"r"(pdpt)
			 : "eax", "memory");
	puts_(forms_at_alias() ? "PAE paging: the forms through aliases\n"
			       : "PAE paging: forms NOT read\n");
	__asm__ volatile("mov %%cr0, %%eax; and $0x7fffffff, %%eax; mov %%eax, %%cr0" ::: "eax");
}

void guest_main(void)
{
	__asm__ volatile("cli");
	puts_("hello from guest\n");
	wrmsr(X2APIC_SVR, SVR_ON);
	registers();
	edge();
	level();
	puts_(forms(IOAPIC) && forms_direct() ? "instruction forms: each read the version\n"
					      : "instruction forms: NOT each read the version\n");
	paging32();
	paging_pae();
	puts_("done\n");
}
