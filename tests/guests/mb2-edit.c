/*
 * A boot loader between GRUB and the hypervisor, for the boot tests of the hypervisor's
 * multiboot2 parsing (run-boot's "loader:" key): GRUB loads this as the multiboot2 kernel and
 * the hypervisor as module "hv" (its command line after the tag); this moves the other modules
 * to 32 MiB (out of the way of the hypervisor's image), loads the hypervisor's ELF at its
 * physical addresses, and enters it as GRUB would, with a copy of GRUB's information edited as
 * its command line says:
 *   tag-size-0        a tag of size 0 before the end tag (a loop, for a parser that adds it)
 *   module-backwards  module guest1 ends one page before it starts
 *   mmap-entry-short  the memory map's entries said to be 16 bytes, shorter than their fields
 * 32-bit protected mode, paging off, as multiboot2 enters it; linked at 56 MiB (mb2-edit.ld).
 */
#include "guest.h"

#define MB2_MAGIC   0x36d76289U
#define TAG_END	    0U
#define TAG_CMDLINE 1U
#define TAG_MODULE  3U
#define TAG_MMAP    6U
#define INFO_MAX    16384U
#define MODULES_AT  0x2000000U /* where the other modules go */
#define SCRATCH	    0x3000000U /* the hypervisor's ELF file, before its segments are placed */

__asm__(".section .multiboot, \"a\"\n"
	".balign 8\n"
	"mb2_header:\n"
	"	.long 0xe85250d6, 0, 24, -(0xe85250d6 + 24)\n"
	"	.short 0, 0\n"
	"	.long 8\n"
	".text\n"
	".globl edit_start\n"
	"edit_start:\n"
	"	mov $edit_stack + 4096, %esp\n"
	"	push %ebx\n"
	"	push %eax\n"
	"	call edit_main\n"
	"1:	cli\n"
	"	hlt\n"
	"	jmp 1b\n");

uint8_t edit_stack[4096] __attribute__((aligned(16)));
static uint8_t in[INFO_MAX] __attribute__((aligned(8)));
static uint8_t out[INFO_MAX] __attribute__((aligned(8)));

void edit_main(uint32_t magic, uint32_t info);

static void fail(const char *why)
{
	uart_puts(COM1, "mb2-edit: ");
	uart_puts(COM1, why);
	uart_puts(COM1, "\n");
	for (;;)
		__asm__ volatile("cli; hlt");
}

static void copy(void *dst, const void *src, uint32_t n)
{
	uint8_t *d = dst;
	const uint8_t *s = src;

	if (d < s) {
		for (uint32_t i = 0; i < n; i++)
			d[i] = s[i];
	} else {
		while (n--)
			d[n] = s[n];
	}
}

static int starts(const char *s, const char *word)
{
	while (*word)
		if (*s++ != *word++)
			return 0;
	return *s == ' ' || *s == 0;
}

static uint32_t get32(const uint8_t *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

static void put32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

/* The ELF64 image at file: each PT_LOAD segment at its physical address; its entry. */
static uint32_t load_elf(const uint8_t *file)
{
	uint32_t phoff = get32(file + 0x20), phnum = file[0x38] | file[0x39] << 8;
	uint32_t phsize = file[0x36] | file[0x37] << 8;

	if (get32(file) != 0x464c457fU || file[4] != 2)
		fail("module hv is not an ELF64 file");
	for (uint32_t i = 0; i < phnum; i++) {
		const uint8_t *ph = file + phoff + i * phsize;
		uint8_t *dst = (uint8_t *)get32(ph + 0x18);
		uint32_t filesz = get32(ph + 0x20), memsz = get32(ph + 0x28);

		if (get32(ph) != 1)
			continue;
		copy(dst, file + get32(ph + 8), filesz);
		for (uint32_t j = filesz; j < memsz; j++)
			dst[j] = 0;
	}
	return get32(file + 0x18);
}

/* Copies tag t to out at *o (8-byte aligned), moving a module's bytes to *next; 0 for hv's. */
static void copy_tag(const uint8_t *t, uint32_t *o, uint32_t *next, const char *mode,
		     const uint8_t **hv, uint32_t *hv_size)
{
	uint32_t type = get32(t), size = get32(t + 4);
	uint8_t *c = out + *o;

	if (*o + size + 8 > INFO_MAX)
		fail("GRUB's information does not fit");
	if (type == TAG_MODULE && starts((const char *)t + 16, "hv")) {
		const char *args = (const char *)t + 18;
		uint32_t n = 0;

		*hv = (const uint8_t *)get32(t + 8);
		*hv_size = get32(t + 12) - get32(t + 8);
		while (*args == ' ')
			args++;
		while (args[n])
			n++;
		put32(c, TAG_CMDLINE); /* the hypervisor's command line, in place of this one's */
		put32(c + 4, 8 + n + 1);
		copy(c + 8, args, n + 1);
		*o += (8 + n + 1 + 7) & ~7U;
		return;
	}
	if (type == TAG_CMDLINE)
		return;
	copy(c, t, size);
	if (type == TAG_MODULE) {
		uint32_t start = get32(t + 8), end = get32(t + 12);

		copy((void *)*next, (const void *)start, end - start);
		put32(c + 8, *next);
		put32(c + 12, *next + (end - start));
		if (starts((const char *)t + 16, "guest1") && starts(mode, "module-backwards"))
			put32(c + 12, *next - 4096);
		*next = (*next + (end - start) + 4095) & ~4095U;
	}
	if (type == TAG_MMAP && starts(mode, "mmap-entry-short"))
		put32(c + 8, 16); /* entry_size: the 24-byte entries read as 16 */
	*o += (size + 7) & ~7U;
}

void edit_main(uint32_t magic, uint32_t info)
{
	const char *mode = "";
	const uint8_t *hv = 0;
	uint32_t hv_size = 0, total = get32((const uint8_t *)info), o = 8, next = MODULES_AT;

	if (magic != MB2_MAGIC || total > INFO_MAX)
		fail("not started by a multiboot2 loader, or its information is too big");
	copy(in, (const void *)info, total);
	for (uint32_t off = 8; off + 8 <= total && get32(in + off) != TAG_END;
	     off += (get32(in + off + 4) + 7) & ~7U)
		if (get32(in + off) == TAG_CMDLINE)
			mode = (const char *)in + off + 8;
	for (uint32_t off = 8; off + 8 <= total && get32(in + off) != TAG_END;
	     off += (get32(in + off + 4) + 7) & ~7U)
		copy_tag(in + off, &o, &next, mode, &hv, &hv_size);
	if (!hv)
		fail("no module hv");
	if (starts(mode, "tag-size-0")) {
		put32(out + o, 0x7fU); /* a type no parser knows, of size 0 */
		put32(out + o + 4, 0);
		o += 8;
	}
	put32(out + o, TAG_END);
	put32(out + o + 4, 8);
	put32(out, o + 8);
	put32(out + 4, 0);
	copy((void *)SCRATCH, hv, hv_size);
	uint32_t entry = load_elf((const uint8_t *)SCRATCH);
	__asm__ volatile("jmp *%2" : : "a"(MB2_MAGIC), "b"(out), "r"(entry) : "memory");
}
