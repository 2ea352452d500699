/*
 * What every test guest shares: port I/O, CPUID, MSRs, its vUARTs (COM1 console, COM2), and the
 * #UD/#GP handler start.S (32-bit guests) or start64.S (64-bit bzImage guests, bz-*.c) installs.
 * Each guest is one C file that includes this once.
 */
#ifndef GUEST_H
#define GUEST_H

#include <stdint.h>

static inline void outb(uint16_t port, uint8_t v)
{
	__asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static inline uint8_t inb(uint16_t port)
{
	uint8_t v;

	__asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline void outw(uint16_t port, uint16_t v)
{
	__asm__ volatile("outw %0, %1" : : "a"(v), "Nd"(port));
}

static inline uint32_t inl(uint16_t port)
{
	uint32_t v;

	__asm__ volatile("inl %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline void outl(uint16_t port, uint32_t v)
{
	__asm__ volatile("outl %0, %1" : : "a"(v), "Nd"(port));
}

static inline uint64_t rdmsr(uint32_t msr)
{
	uint32_t lo, hi;

	__asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return (uint64_t)hi << 32 | lo;
}

static inline void wrmsr(uint32_t msr, uint64_t v)
{
	__asm__ volatile("wrmsr" : : "c"(msr), "a"((uint32_t)v), "d"((uint32_t)(v >> 32)));
}

static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return (uint64_t)hi << 32 | lo;
}

static inline void cpuid(uint32_t leaf, uint32_t r[4])
{
	__asm__ volatile("cpuid"
			 : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3])
			 : "a"(leaf), "c"(0));
}

/* A 16550 at base: COM1 is each test guest's console, COM2 the vUART connection to another VM
 * in the scenarios that have one. Polled: wait for the line status, then move one byte. */
#define COM1	 0x3f8
#define COM2	 0x2f8
#define UART_LSR 5

static inline void uart_putc(uint16_t base, char c)
{
	while (!(inb(base + UART_LSR) & 0x20))
		;
	outb(base, (uint8_t)c);
}

static inline char uart_getc(uint16_t base)
{
	while (!(inb(base + UART_LSR) & 0x01))
		;
	return (char)inb(base);
}

static inline void uart_puts(uint16_t base, const char *s)
{
	for (; *s; s++)
		uart_putc(base, *s);
}

/* A line without its newline, cut at size - 1 characters. */
static inline void uart_getline(uint16_t base, char *buf, unsigned size)
{
	unsigned n = 0;
	char c;

	while ((c = uart_getc(base)) != '\n')
		if (n + 1 < size)
			buf[n++] = c;
	buf[n] = 0;
}

static inline void putc_(char c)
{
	uart_putc(COM1, c);
}

static inline void puts_(const char *s)
{
	uart_puts(COM1, s);
}

static inline void putdec(uint32_t v)
{
	char buf[12];
	int n = 0;

	do {
		buf[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n)
		putc_(buf[--n]);
}

static inline void puthex_digits(uint64_t v, int bits)
{
	puts_("0x");
	for (int i = bits - 4; i >= 0; i -= 4)
		putc_("0123456789abcdef"[(v >> i) & 0xf]);
}

static inline void puthex(uint32_t v)
{
	puthex_digits(v, 32);
}

void guest_main(void);

/* The handler start.S calls for the NMI (vector 2) and for vectors 0x20..0xff. A guest that
 * takes interrupts defines it; in the others, start.S's weak default calls
 * guest_unexpected_interrupt, which reports the interrupt and stops the guest. */
void guest_interrupt(uint32_t vector);
void guest_unexpected_interrupt(uint32_t vector);
void guest_unexpected_interrupt(uint32_t vector)
{
	puts_("unexpected interrupt ");
	puthex(vector);
	putc_('\n');
	for (;;)
		__asm__ volatile("cli; hlt");
}

/* The frame start.S (start64.S for the 64-bit guests) builds for a trap. */
#ifdef __x86_64__
struct trap_frame {
	uint64_t r11, r10, r9, r8, rdi, rsi, rbp, rbx, rdx, rcx, rax;
	uint64_t vector, error, eip, cs, eflags, rsp, ss;
};
#else
struct trap_frame {
	uint32_t edi, esi, ebp, esp, ebx, edx, ecx, eax;
	uint32_t vector, error, eip, cs, eflags;
};
#endif

/* Bytes of the instruction the next expected trap comes from; 0: a trap is not expected.
 * With trap_quiet set, expected traps are counted in trap_count instead of reported. */
volatile uint32_t trap_skip, trap_quiet, trap_count;
/* The vector of the last expected trap. */
volatile uint32_t trap_vector;
void guest_trap(struct trap_frame *f);

/* Reports the trap; an expected one resumes after its instruction, any other stops the guest. */
void guest_trap(struct trap_frame *f)
{
	if (!trap_skip || !trap_quiet) {
		puts_(f->vector == 6 ? "trap: #UD" : "trap: #GP");
		puts_(" at ");
		puthex((uint32_t)f->eip);
		putc_('\n');
	}
	if (!trap_skip) {
		puts_("unexpected trap: stopping\n");
		for (;;)
			__asm__ volatile("cli; hlt");
	}
	f->eip += trap_skip;
	trap_vector = (uint32_t)f->vector;
	trap_skip = 0;
	trap_count++;
}

/*
 * TRY("insn", : outputs : inputs : clobbers) runs one instruction that may trap: trap_skip is
 * set to its length first, so an expected #UD or #GP resumes after it. tried() then says what
 * happened: 0 when it ran, else the vector it raised.
 */
#ifdef __x86_64__
#define TRAP_SKIP_OPERAND "trap_skip(%%rip)"
#else
#define TRAP_SKIP_OPERAND "trap_skip"
#endif
#define TRY(insn, ...)                                                                             \
	__asm__ volatile("movl $(2f - 1f), " TRAP_SKIP_OPERAND "\n1:\t" insn "\n2:" __VA_ARGS__)

static inline uint32_t tried(void)
{
	uint32_t v = trap_skip ? 0 : trap_vector;

	trap_skip = 0;
	return v;
}

#endif
