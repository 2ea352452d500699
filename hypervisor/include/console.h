/* The hypervisor console: its own log and each VM's vUART lines, never interleaved mid-line. */
#ifndef HV_CONSOLE_H
#define HV_CONSOLE_H

#include "types.h"

void console_printf(const char *fmt, ...) PRINTF_FMT(1, 2);
/* One complete line of a VM's console output, shown as "[name] line". */
void console_vm_line(const char *name, const char *line);
NORETURN void panic(const char *fmt, ...) PRINTF_FMT(1, 2);

/* Write one byte to the hypervisor's console device. */
void console_arch_putc(char c);
/* A byte the console device has received, or -1 when none waits. */
int console_arch_getc(void);

#endif
