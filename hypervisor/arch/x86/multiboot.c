/* Copies what GRUB passes in the multiboot2 information (command line, memory map, modules). */
#include "x86.h"
#include "boot.h"
#include "console.h"
#include "lib.h"

#define MB2_BOOT_MAGIC 0x36d76289

enum { MB2_END = 0, MB2_CMDLINE = 1, MB2_LOADER = 2, MB2_MODULE = 3, MB2_MMAP = 6 };

struct mb2_tag {
	uint32_t type, size;
};

struct mb2_module {
	struct mb2_tag tag;
	uint32_t start, end;
	char string[];
};

struct mb2_mmap {
	struct mb2_tag tag;
	uint32_t entry_size, entry_version;
};

struct mb2_mmap_entry {
	uint64_t base, len;
	uint32_t type, zero;
};

static void mb2_module(const struct mb2_module *m)
{
	struct boot_module *bm;
	const char *s = m->string;
	size_t n = 0;

	if (boot_info.nmodules == BOOT_MAX_MODULES)
		panic("more than %u multiboot2 modules", BOOT_MAX_MODULES);
	bm = &boot_info.modules[boot_info.nmodules++];
	bm->start = m->start;
	bm->end = m->end;
	while (s[n] && s[n] != ' ')
		n++;
	strlcpy(bm->name, s, n + 1 < BOOT_NAME_LEN ? n + 1 : BOOT_NAME_LEN);
	while (s[n] == ' ')
		n++;
	strlcpy(bm->args, s + n, BOOT_NAME_LEN);
}

static void mb2_mmap(const struct mb2_mmap *m)
{
	const uint8_t *p = (const uint8_t *)(m + 1), *end = (const uint8_t *)m + m->tag.size;

	for (; p + m->entry_size <= end; p += m->entry_size) {
		const struct mb2_mmap_entry *e = (const void *)p;

		if (boot_info.nmem == BOOT_MAX_MEM)
			panic("more than %u memory map entries", BOOT_MAX_MEM);
		boot_info.mem[boot_info.nmem++] =
		    (struct boot_mem){e->base, e->len, e->type <= 5 ? e->type : BOOT_MEM_RESERVED};
	}
}

void mb2_parse(uint32_t magic, uint64_t info)
{
	const uint8_t *p = (const uint8_t *)info + 8;
	const uint8_t *end = (const uint8_t *)info + *(const uint32_t *)info;

	if (magic != MB2_BOOT_MAGIC)
		panic("not started by a multiboot2 loader (magic 0x%x)", magic);
	while (p + sizeof(struct mb2_tag) <= end) {
		const struct mb2_tag *t = (const void *)p;

		if (t->type == MB2_END)
			break;
		if (t->type == MB2_CMDLINE)
			strlcpy(boot_info.cmdline, (const char *)(t + 1),
				sizeof(boot_info.cmdline));
		else if (t->type == MB2_LOADER)
			strlcpy(boot_info.loader, (const char *)(t + 1), sizeof(boot_info.loader));
		else if (t->type == MB2_MODULE)
			mb2_module((const void *)t);
		else if (t->type == MB2_MMAP)
			mb2_mmap((const void *)t);
		p += (t->size + 7) & ~7U;
	}
}
