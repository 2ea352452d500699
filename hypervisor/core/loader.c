/* Guest images into guest memory: ELF (32- or 64-bit, by physical address) or a raw image. */
#include "vm.h"
#include "lib.h"

#define PT_LOAD 1

struct elf_ident {
	uint8_t magic[4], cls, data, version, pad[9];
	uint16_t type, machine;
};

struct elf32_ehdr {
	struct elf_ident id;
	uint32_t version, entry, phoff, shoff, flags;
	uint16_t ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};

struct elf32_phdr {
	uint32_t type, offset, vaddr, paddr, filesz, memsz, flags, align;
};

struct elf64_ehdr {
	struct elf_ident id;
	uint32_t version;
	uint64_t entry, phoff, shoff;
	uint32_t flags;
	uint16_t ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};

struct elf64_phdr {
	uint32_t type, flags;
	uint64_t offset, vaddr, paddr, filesz, memsz, align;
};

/* One PT_LOAD segment: file bytes at paddr; the rest of memsz stays zero (RAM starts zeroed). */
static int load_segment(struct vm *vm, const uint8_t *img, uint64_t size, uint64_t off,
			uint64_t paddr, uint64_t filesz, uint64_t memsz)
{
	void *dst = vm_gpa_to_hva(vm, paddr, memsz);

	if (!dst || filesz > memsz || off > size || filesz > size - off)
		return -1;
	memcpy(dst, img + off, filesz);
	return 0;
}

static bool table_fits(uint64_t size, uint64_t off, uint64_t count, uint64_t entsize)
{
	return off <= size && count * entsize <= size - off;
}

static int load_elf32(struct vm *vm, const uint8_t *img, uint64_t size)
{
	const struct elf32_ehdr *e = (const void *)img;
	const struct elf32_phdr *p;

	if (size < sizeof(*e) || !table_fits(size, e->phoff, e->phnum, sizeof(*p)))
		return -1;
	p = (const void *)(img + e->phoff);
	for (unsigned i = 0; i < e->phnum; i++, p++)
		if (p->type == PT_LOAD &&
		    load_segment(vm, img, size, p->offset, p->paddr, p->filesz, p->memsz))
			return -1;
	vm->entry = e->entry;
	return 0;
}

static int load_elf64(struct vm *vm, const uint8_t *img, uint64_t size)
{
	const struct elf64_ehdr *e = (const void *)img;
	const struct elf64_phdr *p;

	if (size < sizeof(*e) || !table_fits(size, e->phoff, e->phnum, sizeof(*p)))
		return -1;
	p = (const void *)(img + e->phoff);
	for (unsigned i = 0; i < e->phnum; i++, p++)
		if (p->type == PT_LOAD &&
		    load_segment(vm, img, size, p->offset, p->paddr, p->filesz, p->memsz))
			return -1;
	vm->entry = e->entry;
	return 0;
}

static int load_elf(struct vm *vm, const uint8_t *img, uint64_t size)
{
	const struct elf_ident *id = (const void *)img;

	if (size < sizeof(*id) || memcmp(id->magic, "\177ELF", 4))
		return -1;
	if (id->cls == 1)
		return load_elf32(vm, img, size);
	if (id->cls == 2)
		return load_elf64(vm, img, size);
	return -1;
}

/* A raw image goes to the configured load address and starts there unless told otherwise. */
static int load_raw(struct vm *vm, const uint8_t *img, uint64_t size)
{
	const struct acfg_kernel *k = &vm->cfg->kernel;

	if (!(k->flags & ACFG_KERN_LOAD_ADDR) ||
	    load_segment(vm, img, size, 0, k->load_addr, size, size))
		return -1;
	vm->entry = k->load_addr;
	return 0;
}

/* The image as the kernel type of the tables says; their entry address overrides the image's. */
int vm_load_image(struct vm *vm, const void *image, uint64_t size)
{
	const struct acfg_kernel *k = &vm->cfg->kernel;
	int err = -1;

	if (k->type == ACFG_KERN_ELF)
		err = load_elf(vm, image, size);
	else if (k->type == ACFG_KERN_RAWIMAGE)
		err = load_raw(vm, image, size);
	if (!err && (k->flags & ACFG_KERN_ENTRY_ADDR))
		vm->entry = k->entry_addr;
	return err;
}
