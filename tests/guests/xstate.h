/*
 * The extended state (x87, SSE, AVX, AVX-512) as two 64-bit test guests that share a pCPU see
 * it: svm64-hcall.c (the Service VM) fills every register of every component with a secret, and
 * bz-count.c (a post-launched VM on the same pCPU) looks for it in its own registers and fills
 * them with its own pattern; each then checks that its registers still hold what it put there.
 * The whole state is written and read with XRSTOR and XSAVE (standard form) over every component
 * the CPU offers, so nothing is missed. Include after guest.h.
 */
#ifndef GUEST_XSTATE_H
#define GUEST_XSTATE_H

#define XSTATE_SIZE    4096
#define XSTATE_MXCSR   24  /* in the legacy region */
#define XSTATE_REGS    160 /* XMM0-15, up to byte 416 */
#define XSTATE_LEGACY  416
#define XSTATE_HEADER  512		     /* XSTATE_BV, then XCOMP_BV (0: standard form) */
#define XSTATE_SECRET  0x5ec2e75ec2e75ec2ULL /* the Service VM's */
#define XSTATE_OWN     0x0b5e55ed0b5e55edULL /* the post-launched VM's */
#define CR4_OSFXSR     (1UL << 9)
#define CR4_OSXMMEXCPT (1UL << 10)
#define CR4_OSXSAVE    (1UL << 18)

static uint8_t xstate_area[XSTATE_SIZE] __attribute__((aligned(64)));

static inline void xstate_cpuid(uint32_t sub, uint32_t r[4])
{
	__asm__ volatile("cpuid"
			 : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3])
			 : "a"(0xd), "c"(sub));
}

/* The CR4 bits for SSE and XSAVE (XCR0 stays as it is). */
static inline void xstate_cr4(void)
{
	uint64_t cr4;

	__asm__ volatile("mov %%cr4, %0" : "=r"(cr4));
	cr4 |= CR4_OSFXSR | CR4_OSXMMEXCPT | CR4_OSXSAVE;
	__asm__ volatile("mov %0, %%cr4" : : "r"(cr4));
}

/* XCR0 = every component offered; returns that XCR0. */
static inline uint64_t xstate_enable(void)
{
	uint32_t r[4];
	uint64_t all;

	xstate_cr4();
	xstate_cpuid(0, r);
	all = (uint64_t)r[3] << 32 | r[0];
	__asm__ volatile("xsetbv" : : "c"(0), "a"((uint32_t)all), "d"((uint32_t)(all >> 32)));
	return all;
}

static inline uint64_t xstate_xcr0(void)
{
	uint32_t lo, hi;

	__asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
	return (uint64_t)hi << 32 | lo;
}

static inline void xstate_save(void)
{
	__asm__ volatile("xsave64 (%0)" : : "r"(xstate_area), "a"(~0U), "d"(~0U) : "memory");
}

/* Whether the 8-byte word v is at byte i of the area (a register's bytes). */
static inline int xstate_word_is(unsigned i, uint64_t v)
{
	return *(volatile uint64_t *)(xstate_area + i) == v;
}

/* Calls fn(offset) for every 8-byte word of register contents in the area: the XMM registers,
 * and each component from AVX up that XCR0 holds, where CPUID puts it. */
static inline void xstate_each_word(uint64_t xcr0, void (*fn)(unsigned))
{
	uint32_t r[4];

	for (unsigned i = XSTATE_REGS; i < XSTATE_LEGACY; i += 8)
		fn(i);
	for (unsigned c = 2; c < 63; c++) {
		if (!(xcr0 >> c & 1))
			continue;
		xstate_cpuid(c, r);
		for (unsigned i = 0; i + 8 <= r[0] && r[1] + i + 8 <= XSTATE_SIZE; i += 8)
			fn(r[1] + i);
	}
}

static uint64_t xstate_value;

static inline void xstate_put_word(unsigned i)
{
	*(volatile uint64_t *)(xstate_area + i) = xstate_value;
}

/* Every register of every component in xcr0 loaded with v. */
static inline void xstate_fill(uint64_t xcr0, uint64_t v)
{
	for (unsigned i = 0; i < XSTATE_SIZE; i++)
		xstate_area[i] = 0;
	xstate_value = v;
	xstate_each_word(xcr0, xstate_put_word);
	*(uint32_t *)(xstate_area + XSTATE_MXCSR) = 0x1f80;
	*(uint64_t *)(xstate_area + XSTATE_HEADER) = xcr0;
	__asm__ volatile("xrstor64 (%0)" : : "r"(xstate_area), "a"(~0U), "d"(~0U) : "memory");
}

static unsigned xstate_words, xstate_matches;

static inline void xstate_match_word(unsigned i)
{
	xstate_words++;
	xstate_matches += xstate_word_is(i, xstate_value);
}

/* Saves the state (into a cleared area); returns how many register words of the components in
 * xcr0 hold v, and in *total of how many. */
static inline unsigned xstate_holding(uint64_t xcr0, uint64_t v, unsigned *total)
{
	for (unsigned i = 0; i < XSTATE_SIZE; i++)
		xstate_area[i] = 0;
	xstate_save();
	xstate_value = v;
	xstate_words = xstate_matches = 0;
	xstate_each_word(xcr0, xstate_match_word);
	*total = xstate_words;
	return xstate_matches;
}

/* How many 8-byte words of the whole area, as last saved, are v. */
static inline unsigned xstate_count(uint64_t v)
{
	unsigned n = 0;

	for (unsigned i = 0; i < XSTATE_SIZE; i += 8)
		n += xstate_word_is(i, v);
	return n;
}

#endif
