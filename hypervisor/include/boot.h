/* What the boot loader handed over, copied out of its own format by the arch code before use. */
#ifndef HV_BOOT_H
#define HV_BOOT_H

#include "types.h"

#define BOOT_MAX_MEM	 32U
#define BOOT_MAX_MODULES 16U
#define BOOT_NAME_LEN	 64U

/* boot_mem.type: the multiboot2 memory map's types; another is read as reserved. */
#define BOOT_MEM_RAM	  1U
#define BOOT_MEM_RESERVED 2U
#define BOOT_MEM_ACPI	  3U
#define BOOT_MEM_NVS	  4U
#define BOOT_MEM_BAD	  5U

struct boot_mem {
	uint64_t base;
	uint64_t size;
	uint32_t type;
};

struct boot_module {
	uint64_t start;
	uint64_t end;		  /* exclusive */
	char name[BOOT_NAME_LEN]; /* first word of the module's command line */
	char args[BOOT_NAME_LEN]; /* the rest of it */
};

struct boot_info {
	char loader[BOOT_NAME_LEN];
	char cmdline[256];
	unsigned nmem;
	struct boot_mem mem[BOOT_MAX_MEM];
	unsigned nmodules;
	struct boot_module modules[BOOT_MAX_MODULES];
};

extern struct boot_info boot_info;

/* Linker symbols: the hypervisor image in host memory, and its zero-initialised part. */
/* cppcheck-suppress misra-c2012-8.11 ; a linker symbol: an address, no object of known size */
extern char __hv_start[];
/* cppcheck-suppress misra-c2012-8.11 ; a linker symbol: an address, no object of known size */
extern char __hv_end[];

const struct boot_module *boot_find_module(const char *name);
bool boot_option(const char *word);
bool boot_range_is_ram(uint64_t base, uint64_t size);
void boot_print(void);
/* Stops unless every module lies in the tables' boot area and the image where they place the
 * hypervisor (HV_RAM_START). */
void boot_check_area(void);

#endif
