/* Copies what GRUB passes in the multiboot2 information (command line, memory map, modules). */
#include "x86.h"
#include "boot.h"
#include "console.h"
#include "lib.h"
#include "mm.h"

#define MB2_BOOT_MAGIC 0x36d76289U
#define MB2_ALIGN_MASK 7UL /* tags start 8-byte aligned */

/* Tag types */
#define MB2_END	    0U
#define MB2_CMDLINE 1U
#define MB2_LOADER  2U
#define MB2_MODULE  3U
#define MB2_MMAP    6U

struct mb2_tag {
	uint32_t type;
	uint32_t size;
};

/* The module's command line follows, NUL-terminated. */
struct mb2_module {
	struct mb2_tag tag;
	uint32_t start;
	uint32_t end;
};

struct mb2_mmap {
	struct mb2_tag tag;
	uint32_t entry_size;
	uint32_t entry_version;
};

struct mb2_mmap_entry {
	uint64_t base;
	uint64_t len;
	uint32_t type;
	uint32_t zero;
};

static void mb2_module(const uint8_t *tag)
{
	const struct mb2_module *m = (const void *)tag;
	const char *s = (const void *)&tag[sizeof(*m)];
	struct boot_module *bm;
	size_t n = 0U;
	size_t name_size;

	if (boot_info.nmodules == BOOT_MAX_MODULES) {
		panic("more than %u multiboot2 modules", BOOT_MAX_MODULES);
	}
	bm = &boot_info.modules[boot_info.nmodules];
	boot_info.nmodules++;
	bm->start = m->start;
	bm->end = m->end;
	while ((s[n] != '\0') && (s[n] != ' ')) {
		n++;
	}
	name_size = n + 1U;
	if (name_size > BOOT_NAME_LEN) {
		name_size = BOOT_NAME_LEN;
	}
	(void)strlcpy(bm->name, s, name_size);
	while (s[n] == ' ') {
		n++;
	}
	(void)strlcpy(bm->args, &s[n], BOOT_NAME_LEN);
}

static void mb2_mmap(const uint8_t *tag)
{
	const struct mb2_mmap *m = (const void *)tag;
	uint64_t off = sizeof(*m);

	while ((m->entry_size != 0U) && ((off + m->entry_size) <= m->tag.size)) {
		const struct mb2_mmap_entry *e = (const void *)&tag[off];
		struct boot_mem *bm;

		if (boot_info.nmem == BOOT_MAX_MEM) {
			panic("more than %u memory map entries", BOOT_MAX_MEM);
		}
		bm = &boot_info.mem[boot_info.nmem];
		boot_info.nmem++;
		bm->base = e->base;
		bm->size = e->len;
		bm->type = (e->type <= BOOT_MEM_BAD) ? e->type : BOOT_MEM_RESERVED;
		off += m->entry_size;
	}
}

void mb2_parse(uint32_t magic, uint64_t info)
{
	/* cppcheck-suppress misra-c2012-11.5 ; the boot loader's information, as bytes */
	const uint8_t *mbi = mm_hva(info);
	const uint32_t *total_size = (const void *)mbi;
	uint64_t off = 8U; /* past the total size and a reserved word */

	if (magic != MB2_BOOT_MAGIC) {
		panic("not started by a multiboot2 loader (magic 0x%x)", magic);
	}
	while ((off + sizeof(struct mb2_tag)) <= *total_size) {
		const uint8_t *tag = &mbi[off];
		const struct mb2_tag *t = (const void *)tag;
		const char *text = (const void *)&tag[sizeof(*t)];

		if (t->type == MB2_END) {
			break;
		}
		if (t->type == MB2_CMDLINE) {
			(void)strlcpy(boot_info.cmdline, text, sizeof(boot_info.cmdline));
		} else if (t->type == MB2_LOADER) {
			(void)strlcpy(boot_info.loader, text, sizeof(boot_info.loader));
		} else if (t->type == MB2_MODULE) {
			mb2_module(tag);
		} else if (t->type == MB2_MMAP) {
			mb2_mmap(tag);
		} else {
			/* other tags are not used */
		}
		off += ((uint64_t)t->size + MB2_ALIGN_MASK) & ~MB2_ALIGN_MASK;
	}
}
