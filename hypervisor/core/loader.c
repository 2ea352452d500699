/* Guest images into guest memory: ELF (32- or 64-bit, by physical address), a raw image, or a
 * Linux bzImage with its ramdisk and command line (the arch's boot protocol). */
#include "vm.h"
#include "boot.h"
#include "lib.h"
#include "mm.h"

#define PT_LOAD	   1U
#define ELFCLASS32 1U
#define ELFCLASS64 2U

struct elf_ident {
	uint8_t magic[4];
	uint8_t cls;
	uint8_t data;
	uint8_t version;
	uint8_t pad[9];
	uint16_t type;
	uint16_t machine;
};

struct elf32_ehdr {
	struct elf_ident id;
	uint32_t version;
	uint32_t entry;
	uint32_t phoff;
	uint32_t shoff;
	uint32_t flags;
	uint16_t ehsize;
	uint16_t phentsize;
	uint16_t phnum;
	uint16_t shentsize;
	uint16_t shnum;
	uint16_t shstrndx;
};

struct elf32_phdr {
	uint32_t type;
	uint32_t offset;
	uint32_t vaddr;
	uint32_t paddr;
	uint32_t filesz;
	uint32_t memsz;
	uint32_t flags;
	uint32_t align;
};

struct elf64_ehdr {
	struct elf_ident id;
	uint32_t version;
	uint64_t entry;
	uint64_t phoff;
	uint64_t shoff;
	uint32_t flags;
	uint16_t ehsize;
	uint16_t phentsize;
	uint16_t phnum;
	uint16_t shentsize;
	uint16_t shnum;
	uint16_t shstrndx;
};

struct elf64_phdr {
	uint32_t type;
	uint32_t flags;
	uint64_t offset;
	uint64_t vaddr;
	uint64_t paddr;
	uint64_t filesz;
	uint64_t memsz;
	uint64_t align;
};

/* One PT_LOAD segment: file bytes at paddr; the rest of memsz stays zero (RAM starts zeroed). */
static int load_segment(struct vm *vm, const uint8_t *img, uint64_t size, uint64_t off,
			uint64_t paddr, uint64_t filesz, uint64_t memsz)
{
	void *dst = vm_gpa_to_hva(vm, paddr, memsz);

	if ((dst == NULL) || (filesz > memsz) || (off > size) || (filesz > (size - off))) {
		return -1;
	}
	(void)memcpy(dst, &img[off], filesz);
	return 0;
}

static bool table_fits(uint64_t size, uint64_t off, uint64_t count, uint64_t entsize)
{
	return (off <= size) && ((count * entsize) <= (size - off));
}

static int load_elf32(struct vm *vm, const uint8_t *img, uint64_t size)
{
	const struct elf32_ehdr *e = (const void *)img;
	const struct elf32_phdr *ph;

	if ((size < sizeof(*e)) || !table_fits(size, e->phoff, e->phnum, sizeof(*ph))) {
		return -1;
	}
	ph = (const void *)&img[e->phoff];
	for (unsigned i = 0U; i < e->phnum; i++) {
		const struct elf32_phdr *p = &ph[i];

		if ((p->type == PT_LOAD) &&
		    (load_segment(vm, img, size, p->offset, p->paddr, p->filesz, p->memsz) != 0)) {
			return -1;
		}
	}
	vm->start.entry = e->entry;
	return 0;
}

static int load_elf64(struct vm *vm, const uint8_t *img, uint64_t size)
{
	const struct elf64_ehdr *e = (const void *)img;
	const struct elf64_phdr *ph;

	if ((size < sizeof(*e)) || !table_fits(size, e->phoff, e->phnum, sizeof(*ph))) {
		return -1;
	}
	ph = (const void *)&img[e->phoff];
	for (unsigned i = 0U; i < e->phnum; i++) {
		const struct elf64_phdr *p = &ph[i];

		if ((p->type == PT_LOAD) &&
		    (load_segment(vm, img, size, p->offset, p->paddr, p->filesz, p->memsz) != 0)) {
			return -1;
		}
	}
	vm->start.entry = e->entry;
	return 0;
}

static int load_elf(struct vm *vm, const uint8_t *img, uint64_t size)
{
	static const uint8_t elf_magic[4] = {0x7fU, (uint8_t)'E', (uint8_t)'L', (uint8_t)'F'};
	const struct elf_ident *id = (const void *)img;

	if ((size < sizeof(*id)) || (memcmp(id->magic, elf_magic, sizeof(elf_magic)) != 0)) {
		return -1;
	}
	if (id->cls == ELFCLASS32) {
		return load_elf32(vm, img, size);
	}
	if (id->cls == ELFCLASS64) {
		return load_elf64(vm, img, size);
	}
	return -1;
}

/* A raw image goes to the configured load address and starts there unless told otherwise. */
static int load_raw(struct vm *vm, const uint8_t *img, uint64_t size)
{
	const struct acfg_kernel *k = &vm->cfg->kernel;

	if (((k->flags & ACFG_KERN_LOAD_ADDR) == 0U) ||
	    (load_segment(vm, img, size, 0U, k->load_addr, size, size) != 0)) {
		return -1;
	}
	vm->start.entry = k->load_addr;
	return 0;
}

/* A bzImage: the ramdisk module the table names, its boot arguments, its ACPI tables. */
static int load_linux(struct vm *vm, const uint8_t *img, uint64_t size, char *why, size_t n)
{
	const struct acfg_kernel *k = &vm->cfg->kernel;
	struct vm_linux_extra x = {
	    .bootargs = k->bootargs,
	    .bootargs_len = k->bootargs_len,
	    .initrd = NULL,
	    .initrd_size = 0U,
	    .acpi_rsdp = vm->acpi_rsdp,
	};

	if (k->ramdisk_tag_len != 0U) {
		const struct boot_module *m = boot_find_module(k->ramdisk_tag);

		if (m == NULL) {
			(void)snprintf(why, n, "no multiboot2 module named \"%s\" for its ramdisk",
				       k->ramdisk_tag);
			return -1;
		}
		x.initrd = mm_hva(m->start);
		x.initrd_size = m->end - m->start;
	}
	return vm_arch_load_linux(vm, img, size, &x, why, n);
}

/* The image as the kernel type of the tables says; their entry address overrides the image's. */
int vm_load_image(struct vm *vm, const void *image, uint64_t size, char *why, size_t n)
{
	const struct acfg_kernel *k = &vm->cfg->kernel;
	int err = -1;

	vm->start.mode = VM_START_FLAT32;
	if (k->type == ACFG_KERN_ELF) {
		err = load_elf(vm, image, size);
		(void)snprintf(why, n, "not an ELF file, or a segment outside the VM's memory");
	} else if (k->type == ACFG_KERN_RAWIMAGE) {
		err = load_raw(vm, image, size);
		(void)snprintf(why, n,
			       "no kern_load_addr, or the image does not fit the VM's memory "
			       "there");
	} else if (k->type == ACFG_KERN_BZIMAGE) {
		err = load_linux(vm, image, size, why, n);
	} else {
		(void)snprintf(why, n, "the tables give it no kernel type");
	}
	if ((err == 0) && (k->type != ACFG_KERN_BZIMAGE) &&
	    ((k->flags & ACFG_KERN_ENTRY_ADDR) != 0U)) {
		vm->start.entry = k->entry_addr; /* a bzImage's entry is the boot protocol's */
	}
	return err;
}
