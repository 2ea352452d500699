/* Queries on what the boot loader passed: command-line words, modules, the memory map. */
#include "boot.h"
#include "config_abi.h"
#include "console.h"
#include "lib.h"
#include "mm.h"

struct boot_info boot_info;

const struct boot_module *boot_find_module(const char *name)
{
	for (unsigned i = 0U; i < boot_info.nmodules; i++) {
		if (strcmp(boot_info.modules[i].name, name) == 0) {
			return &boot_info.modules[i];
		}
	}
	return NULL;
}

/* True if word is one of the space-separated words of the hypervisor command line. */
bool boot_option(const char *word)
{
	const char *s = boot_info.cmdline;
	size_t n = strlen(word);
	size_t i = 0U;

	while (s[i] != '\0') {
		while (s[i] == ' ') {
			i++;
		}
		if ((strncmp(&s[i], word, n) == 0) && ((s[i + n] == ' ') || (s[i + n] == '\0'))) {
			return true;
		}
		while ((s[i] != '\0') && (s[i] != ' ')) {
			i++;
		}
	}
	return false;
}

/* True if [base, base + size) lies inside one RAM entry of the memory map; no sum that wraps. */
bool boot_range_is_ram(uint64_t base, uint64_t size)
{
	for (unsigned i = 0U; i < boot_info.nmem; i++) {
		const struct boot_mem *m = &boot_info.mem[i];

		if ((m->type == BOOT_MEM_RAM) && (base >= m->base) && (size <= m->size) &&
		    ((base - m->base) <= (m->size - size))) {
			return true;
		}
	}
	return false;
}

static const char *mem_type_name(uint32_t type)
{
	static const char *const names[BOOT_MEM_BAD + 1U] = {
	    [0] = "?",
	    [BOOT_MEM_RAM] = "RAM",
	    [BOOT_MEM_RESERVED] = "reserved",
	    [BOOT_MEM_ACPI] = "ACPI",
	    [BOOT_MEM_NVS] = "ACPI NVS",
	    [BOOT_MEM_BAD] = "bad",
	};

	return names[(type <= BOOT_MEM_BAD) ? type : 0U];
}

void boot_print(void)
{
	console_printf("hv: boot loader \"%s\", command line \"%s\"\n", boot_info.loader,
		       boot_info.cmdline);
	console_printf("hv: image 0x%lx-0x%lx\n", mm_hpa(__hv_start), mm_hpa(__hv_end) - 1U);
	console_printf("hv: memory map, %u entries:\n", boot_info.nmem);
	for (unsigned i = 0U; i < boot_info.nmem; i++) {
		const struct boot_mem *m = &boot_info.mem[i];

		console_printf("hv:   0x%016lx-0x%016lx %s\n", m->base, (m->base + m->size) - 1U,
			       mem_type_name(m->type));
	}
	console_printf("hv: %u modules:\n", boot_info.nmodules);
	for (unsigned i = 0U; i < boot_info.nmodules; i++) {
		const struct boot_module *m = &boot_info.modules[i];
		const char *args = m->args;
		bool has_args = args[0] != '\0';

		console_printf("hv:   0x%08lx-0x%08lx %s%s%s\n", m->start, m->end - 1U, m->name,
			       has_args ? " " : "", m->args);
	}
}

/* True if [start, end) lies inside the area; no sum that could wrap. */
static bool boot_in_area(const struct acfg_mem_range *area, uint64_t start, uint64_t end)
{
	return (start >= area->base) && (end >= start) && ((end - area->base) <= area->size);
}

/*
 * The image runs where the tables say the hypervisor lives (acfg_hv.ram_start and ram_size,
 * which acrn-cfgc keeps free of guest memory): the linker script takes the address from the
 * same resolved value, so only tables edited after the fact or built for another image differ.
 */
static void boot_check_image(void)
{
	const struct acfg_mem_range hv = {acfg_hv.ram_start, acfg_hv.ram_size};

	if (!mm_range_ok(hv.base, hv.size) || (mm_hpa(__hv_start) != hv.base) ||
	    !boot_in_area(&hv, mm_hpa(__hv_start), mm_hpa(__hv_end))) {
		panic("the image 0x%lx-0x%lx is not where the tables place the hypervisor "
		      "(HV_RAM_START 0x%lx, HV_RAM_SIZE 0x%lx): the tables were not built for this "
		      "image",
		      mm_hpa(__hv_start), mm_hpa(__hv_end) - 1U, hv.base, hv.size);
	}
}

/*
 * acrn-cfgc gives no VM memory in the boot area (acfg_hv.boot_area), so the modules are safe
 * from guests only if the boot loader put them there: stop if it did not.
 */
void boot_check_area(void)
{
	const struct acfg_mem_range *area = &acfg_hv.boot_area;
	uint64_t last = area->base + (area->size - 1U);

	if (!mm_range_ok(area->base, area->size)) {
		panic("the boot area 0x%lx+0x%lx of the tables is empty or wraps", area->base,
		      area->size);
	}
	for (unsigned i = 0U; i < boot_info.nmodules; i++) {
		const struct boot_module *m = &boot_info.modules[i];

		if (!boot_in_area(area, m->start, m->end)) {
			panic("module %s at 0x%lx-0x%lx lies outside the boot area 0x%lx-0x%lx, "
			      "which "
			      "the tables keep free of guest memory: GRUB loads modules from the "
			      "lowest free address up, so make them smaller or free that memory",
			      m->name, m->start, m->end - 1U, area->base, last);
		}
	}
	boot_check_image();
}
