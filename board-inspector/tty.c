/* Serial port attributes of the 8250 driver in sysfs. */
#include "tty.h"

#include <stdlib.h>
#include <string.h>

#include "source.h"
#include "util.h"

/* A number from /sys/class/tty/NAME/FILE; false when missing or unreadable. */
static bool read_num(struct source *s, const char *name, const char *file, uint64_t *v)
{
	struct buf b = {0};
	char *path = xasprintf("/sys/class/tty/%s/%s", name, file);
	bool ok = source_read(s, path, 256, 0, &b) == 0;
	if (ok && parse_u64(b.data, v) != 0) {
		char *where = source_path(s, path);
		warn_line(where, 1, "expected a number; ignored");
		free(where);
		ok = false;
	}
	free(path);
	buf_free(&b);
	return ok;
}

static bool serial_index(const char *name, unsigned *index)
{
	uint64_t v;
	if (strncmp(name, "ttyS", 4) != 0 || !name[4] ||
	    strspn(name + 4, "0123456789") != strlen(name + 4) || parse_u64(name + 4, &v) != 0 ||
	    v > 65535)
		return false;
	*index = (unsigned)v;
	return true;
}

/* io_type: 0 port I/O, 2 and up memory-mapped (1 is HUB6, port I/O too). */
static void read_port(struct source *s, const char *name, unsigned index, struct ttys *t)
{
	uint64_t type, io_type = 0, base = 0, irq;
	if (!read_num(s, name, "type", &type))
		return;
	read_num(s, name, "io_type", &io_type);
	struct tty p = {.index = index, .type = (unsigned)type, .mmio = io_type >= 2};
	if (read_num(s, name, p.mmio ? "iomem_base" : "port", &base))
		p.base = base;
	if (read_num(s, name, "irq", &irq) && irq <= UINT32_MAX) {
		p.has_irq = true;
		p.irq = (unsigned)irq;
	}
	GROW(t->v, t->n, t->cap);
	t->v[t->n++] = p;
}

static int ttycmp(const void *a, const void *b)
{
	const struct tty *x = a, *y = b;
	return x->index < y->index ? -1 : x->index > y->index;
}

void tty_read(struct source *s, struct ttys *t)
{
	char **names;
	size_t n;
	t->status = source_list(s, "/sys/class/tty", &names, &n);
	for (size_t i = 0; i < n; i++) {
		unsigned index;
		if (serial_index(names[i], &index))
			read_port(s, names[i], index, t);
	}
	source_free_list(names, n);
	if (t->n > 1)
		qsort(t->v, t->n, sizeof(*t->v), ttycmp);
}

void tty_free(struct ttys *t)
{
	free(t->v);
	memset(t, 0, sizeof(*t));
}
