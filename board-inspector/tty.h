/* Serial ports from /sys/class/tty/ttyS*: the kernel's port type, I/O kind, base and IRQ. */
#ifndef INSPECTOR_TTY_H
#define INSPECTOR_TTY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct source;

struct tty {
	unsigned index; /* N of ttySN */
	unsigned type;	/* 0: no UART behind the node */
	bool mmio;
	uint64_t base;
	bool has_irq;
	unsigned irq; /* Linux IRQ number */
};

struct ttys {
	int status;
	struct tty *v;
	size_t n, cap;
};

void tty_read(struct source *s, struct ttys *t);
void tty_free(struct ttys *t);

#endif
