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

/* The NUL-terminated text at the start of the n bytes at text, into dst; the tag's end bounds it
 * even when the loader left the NUL out. */
static void mb2_text(char *dst, size_t size, const char *text, uint64_t n)
{
	size_t k = 0U;

	while ((k < n) && ((k + 1U) < size) && (text[k] != '\0')) {
		dst[k] = text[k];
		k++;
	}
	dst[k] = '\0';
}

/* A module: its bytes, then its command line (the name, the rest). One that ends before it
 * starts is left out, so the VM that wants it is not started. */
static void mb2_module(const uint8_t *tag, uint32_t size)
{
	const struct mb2_module *m = (const void *)tag;
	struct boot_module *bm;
	char line[2U * BOOT_NAME_LEN];
	size_t n = 0U;

	if (size < sizeof(*m)) {
		panic("multiboot2 module tag of %u bytes, shorter than its fields", size);
	}
	mb2_text(line, sizeof(line), (const void *)&tag[sizeof(*m)], size - sizeof(*m));
	if (m->end < m->start) {
		console_printf("hv: multiboot2 module \"%s\" ends (0x%x) before it starts (0x%x): "
			       "left out\n",
			       line, m->end, m->start);
		return;
	}
	if (boot_info.nmodules == BOOT_MAX_MODULES) {
		panic("more than %u multiboot2 modules", BOOT_MAX_MODULES);
	}
	bm = &boot_info.modules[boot_info.nmodules];
	boot_info.nmodules++;
	bm->start = m->start;
	bm->end = m->end;
	while ((line[n] != '\0') && (line[n] != ' ')) {
		n++;
	}
	mb2_text(bm->name, sizeof(bm->name), line, n);
	while (line[n] == ' ') {
		n++;
	}
	mb2_text(bm->args, sizeof(bm->args), &line[n], sizeof(line) - n);
}

/* The memory map; an entry shorter than its fields, or the tag shorter than its header, stops. */
static void mb2_mmap(const uint8_t *tag, uint32_t size)
{
	const struct mb2_mmap *m = (const void *)tag;
	uint64_t off = sizeof(*m);

	if ((size < sizeof(*m)) || (m->entry_size < sizeof(struct mb2_mmap_entry))) {
		panic("multiboot2 memory map of %u bytes with entries of %u: shorter than their "
		      "fields",
		      size, (size < sizeof(*m)) ? 0U : m->entry_size);
	}
	while ((size - off) >= m->entry_size) {
		const struct mb2_mmap_entry *e = (const void *)&tag[off];
		struct boot_mem *bm;

		if (boot_info.nmem == BOOT_MAX_MEM) {
			panic("more than %u memory map entries", BOOT_MAX_MEM);
		}
		bm = &boot_info.mem[boot_info.nmem];
		boot_info.nmem++;
		bm->base = e->base;
		bm->size = e->len;
		bm->type = ((e->type <= BOOT_MEM_BAD) && mm_range_ok(e->base, e->len))
			       ? e->type
			       : BOOT_MEM_RESERVED;
		off += m->entry_size;
	}
}

/* One tag of a size its header covers: what the hypervisor uses of it. */
static void mb2_tag(const uint8_t *tag, uint32_t type, uint32_t size)
{
	const char *text = (const void *)&tag[sizeof(struct mb2_tag)];
	uint32_t body = size - (uint32_t)sizeof(struct mb2_tag);

	if (type == MB2_CMDLINE) {
		mb2_text(boot_info.cmdline, sizeof(boot_info.cmdline), text, body);
	} else if (type == MB2_LOADER) {
		mb2_text(boot_info.loader, sizeof(boot_info.loader), text, body);
	} else if (type == MB2_MODULE) {
		mb2_module(tag, size);
	} else if (type == MB2_MMAP) {
		mb2_mmap(tag, size);
	} else {
		/* other tags are not used */
	}
}

/* Each tag within the information's total size, 8-byte aligned; a tag shorter than its header
 * (size 0 would be read forever) or past the end stops the walk, with a line saying so. */
void mb2_parse(uint32_t magic, uint64_t info)
{
	/* cppcheck-suppress misra-c2012-11.5 ; the boot loader's information, as bytes */
	const uint8_t *mbi = mm_hva(info);
	const uint32_t *total_size = (const void *)mbi;
	uint64_t total = *total_size;
	uint64_t off = 8U; /* past the total size and a reserved word */

	if (magic != MB2_BOOT_MAGIC) {
		panic("not started by a multiboot2 loader (magic 0x%x)", magic);
	}
	while ((off < total) && ((total - off) >= sizeof(struct mb2_tag))) {
		const uint8_t *tag = &mbi[off];
		const struct mb2_tag *t = (const void *)tag;

		if ((t->type == MB2_END) && (t->size == sizeof(*t))) {
			off = total;
		} else if ((t->size < sizeof(*t)) || (t->size > (total - off))) {
			console_printf("hv: multiboot2 tag %u at offset %lu has size %u (%lu bytes "
				       "left): the tags from it on are ignored\n",
				       t->type, off, t->size, total - off);
			off = total;
		} else {
			mb2_tag(tag, t->type, t->size);
			off += ((uint64_t)t->size + MB2_ALIGN_MASK) & ~MB2_ALIGN_MASK;
		}
	}
}
