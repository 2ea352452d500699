/*
 * The console: whole lines under one lock, so pCPUs and VMs never interleave mid-line. The
 * hypervisor's own lines start "hv: ", a VM's "[NAME] " (written here, never by the guest: its
 * vUART sends whole lines without control characters), so each line names its writer.
 */
#include "console.h"
#include "boot.h"
#include "lib.h"
#include "pcpu.h"
#include "spinlock.h"

static struct spinlock console_lock;

static void put_locked(const char *s)
{
	for (size_t i = 0U; s[i] != '\0'; i++) {
		if (s[i] == '\n') {
			console_arch_putc('\r');
		}
		console_arch_putc(s[i]);
	}
}

static void console_vprintf(const char *fmt, va_list ap)
{
	char buf[256];
	int n = vsnprintf(buf, sizeof(buf), fmt, ap);

	/* A message cut short still ends its line, so that the next line (a VM's, perhaps) starts
	 * at the beginning of one and is attributed to its writer. */
	if ((n < 0) || ((size_t)n >= sizeof(buf))) {
		buf[sizeof(buf) - 2U] = '\n';
	}
	spin_lock(&console_lock);
	put_locked(buf);
	spin_unlock(&console_lock);
}

void console_printf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	console_vprintf(fmt, ap);
	va_end(ap);
}

void console_vm_line(const char *name, const char *line)
{
	spin_lock(&console_lock);
	put_locked("[");
	put_locked(name);
	put_locked("] ");
	put_locked(line);
	put_locked("\n");
	spin_unlock(&console_lock);
}

/* Fatal: report, then power off if the command line asks for it (boot tests), else halt. */
void panic(const char *fmt, ...)
{
	char buf[200];
	va_list ap;

	va_start(ap, fmt);
	(void)vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	console_printf("hv: FATAL: pCPU%u: %s\n", pcpu_arch_id(), buf);
	if (boot_option("poweroff")) {
		platform_arch_poweroff();
	}
	pcpu_arch_halt();
}
