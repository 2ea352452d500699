/* Queries on what the boot loader passed: command-line words, modules, the memory map. */
#include "boot.h"
#include "console.h"
#include "lib.h"

struct boot_info boot_info;

static const char *const mem_type_names[] = {"?", "RAM", "reserved", "ACPI", "ACPI NVS", "bad"};

const struct boot_module *boot_find_module(const char *name)
{
	for (unsigned i = 0; i < boot_info.nmodules; i++)
		if (!strcmp(boot_info.modules[i].name, name))
			return &boot_info.modules[i];
	return NULL;
}

/* True if word is one of the space-separated words of the hypervisor command line. */
bool boot_option(const char *word)
{
	size_t n = strlen(word);

	for (const char *s = boot_info.cmdline; *s;) {
		while (*s == ' ')
			s++;
		if (!strncmp(s, word, n) && (s[n] == ' ' || s[n] == 0))
			return true;
		while (*s && *s != ' ')
			s++;
	}
	return false;
}

/* True if [base, base + size) lies inside one RAM entry of the memory map. */
bool boot_range_is_ram(uint64_t base, uint64_t size)
{
	for (unsigned i = 0; i < boot_info.nmem; i++) {
		const struct boot_mem *m = &boot_info.mem[i];

		if (m->type == BOOT_MEM_RAM && base >= m->base && base + size <= m->base + m->size)
			return true;
	}
	return false;
}

void boot_print(void)
{
	console_printf("hv: boot loader \"%s\", command line \"%s\"\n", boot_info.loader,
		       boot_info.cmdline);
	console_printf("hv: image 0x%lx-0x%lx\n", (uint64_t)(uintptr_t)__hv_start,
		       (uint64_t)(uintptr_t)__hv_end - 1);
	console_printf("hv: memory map, %u entries:\n", boot_info.nmem);
	for (unsigned i = 0; i < boot_info.nmem; i++) {
		const struct boot_mem *m = &boot_info.mem[i];

		console_printf("hv:   0x%016lx-0x%016lx %s\n", m->base, m->base + m->size - 1,
			       mem_type_names[m->type < ARRAY_SIZE(mem_type_names) ? m->type : 0]);
	}
	console_printf("hv: %u modules:\n", boot_info.nmodules);
	for (unsigned i = 0; i < boot_info.nmodules; i++) {
		const struct boot_module *m = &boot_info.modules[i];

		console_printf("hv:   0x%08lx-0x%08lx %s%s%s\n", m->start, m->end - 1, m->name,
			       m->args[0] ? " " : "", m->args);
	}
}
