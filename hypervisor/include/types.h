/* Basic types and attributes for the freestanding hypervisor (only the compiler's own headers). */
#ifndef HV_TYPES_H
#define HV_TYPES_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define NORETURN	 __attribute__((noreturn))
#define ALIGNED(n)	 __attribute__((aligned(n)))
#define PRINTF_FMT(f, a) __attribute__((format(printf, f, a)))
#define PAGE_SIZE	 4096UL
#define MIB		 (1024UL * 1024UL)

#endif
