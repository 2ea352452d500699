/* Guest images into guest memory: ELF (32- or 64-bit, by physical address) or a raw binary. */
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
	vm->vcpu.entry = e->entry;
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
	vm->vcpu.entry = e->entry;
	return 0;
}

int vm_load_image(struct vm *vm, const void *image, uint64_t size)
{
	const struct elf_ident *id = image;

	if (size >= sizeof(*id) && !memcmp(id->magic, "\177ELF", 4)) {
		if (id->cls == 1)
			return load_elf32(vm, image, size);
		if (id->cls == 2)
			return load_elf64(vm, image, size);
		return -1;
	}
	if (load_segment(vm, image, size, 0, vm->desc->load_gpa, size, size))
		return -1;
	vm->vcpu.entry = vm->desc->load_gpa;
	return 0;
}
