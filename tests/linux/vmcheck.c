/*
 * vmcheck: the test guest's own program, run by /init in the initramfs. It checks what Linux
 * found in its VM against what the scenario gives it (vmcheck.KEY=VALUE words of the kernel
 * command line, or KEY=VALUE lines of /etc/vmcheck.conf; KEY=VALUE arguments, from a shell, win
 * over both), one console line per check:
 *   vmcheck: PASS name: what it saw
 *   vmcheck: FAIL name: expected ..., got ...
 * then a summary line, and then runs what the command line (vmcheck.then=) or the console asks
 * for: reads and writes through /dev/mem (outside the VM's RAM: the hypervisor must stop the
 * VM) and power-off. Boot tests judge the VM by these lines (tests/linux/README.md).
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <sched.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/klog.h>
#include <sys/mman.h>
#include <sys/reboot.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#include <x86intrin.h>

#define MAX_ITEMS  64
#define ITEM_LEN   32
#define TABLE_MAX  (64 * 1024)
#define POKE_VALUE 0x600dc0deU

/* What the scenario says, by key; NULL where it says nothing. */
enum key {
	K_CPUS,
	K_MEM_MB,
	K_E820,
	K_ACPI,
	K_APIC_IDS,
	K_IOAPIC,
	K_PCI,
	K_CONSOLE_IRQ,
	K_SLEEP_MS,
	K_THEN,
	K_COUNT
};
static const char *const key_names[K_COUNT] = {"cpus",	   "mem_mb", "e820", "acpi",
					       "apic_ids", "ioapic", "pci",  "console_irq",
					       "sleep_ms", "then"};
static char *expect[K_COUNT];

/* A list of short strings: table names, PCI addresses, numbers written canonically. */
struct list {
	char item[MAX_ITEMS][ITEM_LEN];
	unsigned n;
};

static unsigned passed, failed, skipped;

static void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void report(const char *verdict, const char *name, const char *fmt, va_list ap);

static void say(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("vmcheck: ", stdout);
	vprintf(fmt, ap);
	fputc('\n', stdout);
	fflush(stdout);
	va_end(ap);
}

static void report(const char *verdict, const char *name, const char *fmt, va_list ap)
{
	printf("vmcheck: %s %s: ", verdict, name);
	vprintf(fmt, ap);
	fputc('\n', stdout);
	fflush(stdout);
}

static void pass(const char *name, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void pass(const char *name, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report("PASS", name, fmt, ap);
	va_end(ap);
	passed++;
}

static void fail(const char *name, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void fail(const char *name, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report("FAIL", name, fmt, ap);
	va_end(ap);
	failed++;
}

static void skip(const char *name, enum key k)
{
	printf("vmcheck: SKIP %s: no vmcheck.%s given\n", name, key_names[k]);
	fflush(stdout);
	skipped++;
}

/* Waits until the console has sent what was printed: a VM stopped abruptly loses its queue. */
static void drain(void)
{
	fflush(stdout);
	(void)tcdrain(STDOUT_FILENO);
}

/* ---- reading files ---- */

/* The whole of a small file (NUL-terminated), or -1. */
static ssize_t read_file(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY);
	size_t len = 0;
	ssize_t r = 1;

	if (fd < 0) {
		return -1;
	}
	while (len + 1 < size && (r = read(fd, buf + len, size - 1 - len)) > 0) {
		len += (size_t)r;
	}
	close(fd);
	buf[len] = '\0';
	return r < 0 ? -1 : (ssize_t)len;
}

/* The first line of a sysfs attribute, without its newline. */
static bool read_attr(const char *path, char *buf, size_t size)
{
	if (read_file(path, buf, size) < 0) {
		return false;
	}
	buf[strcspn(buf, "\n")] = '\0';
	return true;
}

static bool parse_u64(const char *s, uint64_t *v)
{
	char *end;

	errno = 0;
	*v = strtoull(s, &end, 0);
	return errno == 0 && end != s && *end == '\0';
}

/* ---- expectations ---- */

static bool set_expect(const char *word, const char *source)
{
	const char *eq = strchr(word, '=');

	for (unsigned k = 0; eq != NULL && k < K_COUNT; k++) {
		if (strlen(key_names[k]) == (size_t)(eq - word) &&
		    strncmp(word, key_names[k], (size_t)(eq - word)) == 0) {
			free(expect[k]);
			expect[k] = strdup(eq + 1);
			return true;
		}
	}
	fail("config",
	     "%s: unknown setting '%s' (known: cpus, mem_mb, e820, acpi, apic_ids, "
	     "ioapic, pci, console_irq, sleep_ms, then)",
	     source, word);
	return false;
}

/* KEY=VALUE lines of the file a test may put in the initramfs; # starts a comment. */
static void read_conf(const char *path)
{
	char line[512];
	FILE *f = fopen(path, "r");

	while (f != NULL && fgets(line, sizeof(line), f) != NULL) {
		char *s = line + strspn(line, " \t");

		s[strcspn(s, "#\r\n")] = '\0';
		for (size_t n = strlen(s); n > 0 && isspace((unsigned char)s[n - 1]); n--) {
			s[n - 1] = '\0';
		}
		if (*s != '\0') {
			set_expect(s, path);
		}
	}
	if (f != NULL) {
		fclose(f);
	}
}

/* vmcheck.KEY=VALUE words of the kernel command line; they win over the file's. */
static void read_cmdline(void)
{
	static char buf[4096];

	if (read_file("/proc/cmdline", buf, sizeof(buf)) < 0) {
		fail("config", "cannot read /proc/cmdline: %s", strerror(errno));
		return;
	}
	char *save;

	for (char *w = strtok_r(buf, " \t\n", &save); w != NULL;
	     w = strtok_r(NULL, " \t\n", &save)) {
		if (strncmp(w, "vmcheck.", 8) == 0) {
			set_expect(w + 8, "kernel command line");
		}
	}
}

/* ---- lists ---- */

static void list_add(struct list *l, const char *s)
{
	if (l->n < MAX_ITEMS) {
		snprintf(l->item[l->n], ITEM_LEN, "%s", s);
		l->n++;
	}
}

static int cmp_item(const void *a, const void *b)
{
	return strcmp(a, b);
}

static void list_sort(struct list *l)
{
	qsort(l->item, l->n, ITEM_LEN, cmp_item);
}

/* The items joined by sep, in a static buffer. */
static const char *list_text(const struct list *l, const char *sep)
{
	static char buf[MAX_ITEMS * (ITEM_LEN + 2)];
	size_t len = 0;

	buf[0] = '\0';
	for (unsigned i = 0; i < l->n; i++) {
		len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s%s", i ? sep : "",
					l->item[i]);
	}
	return l->n ? buf : "none";
}

/* A comma-separated expectation as a list; numeric ones written canonically (hex when hex). */
static bool list_parse(const char *csv, bool numeric, struct list *l)
{
	char copy[1024], num[ITEM_LEN], *save;

	snprintf(copy, sizeof(copy), "%s", csv);
	l->n = 0;
	for (char *s = strtok_r(copy, ",", &save); s != NULL; s = strtok_r(NULL, ",", &save)) {
		uint64_t v;

		if (!numeric) {
			list_add(l, s);
			continue;
		}
		if (!parse_u64(s, &v)) {
			return false;
		}
		snprintf(num, sizeof(num), strncmp(s, "0x", 2) ? "%" PRIu64 : "0x%" PRIx64, v);
		list_add(l, num);
	}
	return true;
}

static bool list_equal(struct list *a, struct list *b)
{
	list_sort(a);
	list_sort(b);
	if (a->n != b->n) {
		return false;
	}
	for (unsigned i = 0; i < a->n; i++) {
		if (strcmp(a->item[i], b->item[i]) != 0) {
			return false;
		}
	}
	return true;
}

/* Compares what was found with expectation k as sets; one PASS or FAIL line. */
static void check_set(const char *name, enum key k, bool numeric, struct list *got,
		      const char *what)
{
	struct list want;
	char got_text[sizeof(want.item) + MAX_ITEMS];

	if (!list_parse(expect[k], numeric, &want)) {
		fail(name, "vmcheck.%s=%s is not a list of numbers", key_names[k], expect[k]);
		return;
	}
	if (list_equal(&want, got)) {
		pass(name, "%s %s", what, list_text(got, " "));
		return;
	}
	snprintf(got_text, sizeof(got_text), "%s", list_text(got, " "));
	fail(name, "expected %s %s, got %s", what, list_text(&want, " "), got_text);
}

/* ---- CPUs ---- */

static void check_cpus(void)
{
	char online[64] = "?";
	uint64_t want;
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	if (expect[K_CPUS] == NULL) {
		skip("cpus", K_CPUS);
		return;
	}
	(void)read_attr("/sys/devices/system/cpu/online", online, sizeof(online));
	if (!parse_u64(expect[K_CPUS], &want)) {
		fail("cpus", "vmcheck.cpus=%s is not a number", expect[K_CPUS]);
	} else if ((uint64_t)n == want) {
		pass("cpus", "%ld online (%s)", n, online);
	} else {
		fail("cpus", "expected %" PRIu64 " online, got %ld (%s)", want, n, online);
	}
}

/* ---- memory: the firmware's e820 map and what the kernel made of it ---- */

struct range {
	uint64_t start, end; /* inclusive */
};

static int cmp_range(const void *a, const void *b)
{
	const struct range *x = a, *y = b;

	return (x->start > y->start) - (x->start < y->start);
}

/* One /sys/firmware/memmap entry, when it is RAM. */
static bool memmap_ram(const char *dir, struct range *r)
{
	char path[300], buf[64];

	snprintf(path, sizeof(path), "/sys/firmware/memmap/%s/type", dir);
	if (!read_attr(path, buf, sizeof(buf)) || strcmp(buf, "System RAM") != 0) {
		return false;
	}
	snprintf(path, sizeof(path), "/sys/firmware/memmap/%s/start", dir);
	if (!read_attr(path, buf, sizeof(buf)) || !parse_u64(buf, &r->start)) {
		return false;
	}
	snprintf(path, sizeof(path), "/sys/firmware/memmap/%s/end", dir);
	return read_attr(path, buf, sizeof(buf)) && parse_u64(buf, &r->end);
}

/* The e820 RAM ranges, sorted and with touching ones merged; -1 without a memmap. */
static int e820_ram(struct range *r, int max)
{
	DIR *d = opendir("/sys/firmware/memmap");
	struct dirent *e;
	int n = 0, m = 0;

	if (d == NULL) {
		return -1;
	}
	while ((e = readdir(d)) != NULL && n < max) {
		n += e->d_name[0] != '.' && memmap_ram(e->d_name, &r[n]);
	}
	closedir(d);
	qsort(r, (size_t)n, sizeof(*r), cmp_range);
	for (int i = 0; i < n; i++) {
		if (m > 0 && r[i].start <= r[m - 1].end + 1) {
			r[m - 1].end = r[i].end > r[m - 1].end ? r[i].end : r[m - 1].end;
		} else {
			r[m++] = r[i];
		}
	}
	return m;
}

static struct list ranges_list(const struct range *r, int n)
{
	struct list l = {.n = 0};
	char buf[ITEM_LEN];

	for (int i = 0; i < n; i++) {
		snprintf(buf, sizeof(buf), "0x%" PRIx64 "-0x%" PRIx64, r[i].start, r[i].end);
		list_add(&l, buf);
	}
	return l;
}

/* The sum of the RAM ranges must be the VM's memory, less at most 2 MiB of legacy holes. */
static void check_mem_mb(uint64_t ram_kib, int n)
{
	uint64_t want;

	if (expect[K_MEM_MB] == NULL) {
		skip("mem", K_MEM_MB);
	} else if (!parse_u64(expect[K_MEM_MB], &want)) {
		fail("mem", "vmcheck.mem_mb=%s is not a number", expect[K_MEM_MB]);
	} else if (ram_kib <= want * 1024 && ram_kib + 2048 >= want * 1024) {
		pass("mem", "e820 RAM %" PRIu64 " KiB in %d range(s), the VM's %" PRIu64 " MiB",
		     ram_kib, n, want);
	} else {
		fail("mem",
		     "expected %" PRIu64 " MiB of e820 RAM (less at most 2 MiB), got %" PRIu64
		     " KiB in %d range(s)",
		     want, ram_kib, n);
	}
}

/* MemTotal: what the kernel kept for use, at most the RAM and at least 3/4 of it less 16 MiB. */
static void check_meminfo(uint64_t ram_kib)
{
	char buf[4096];
	unsigned long long total = 0;
	const char *p;

	if (read_file("/proc/meminfo", buf, sizeof(buf)) < 0 ||
	    (p = strstr(buf, "MemTotal:")) == NULL || sscanf(p, "MemTotal: %llu", &total) != 1) {
		fail("meminfo", "no MemTotal in /proc/meminfo");
	} else if (total <= ram_kib && total + 16384 >= ram_kib / 4 * 3) {
		pass("meminfo", "MemTotal %llu KiB of %" PRIu64 " KiB e820 RAM", total, ram_kib);
	} else {
		fail("meminfo",
		     "expected MemTotal between 3/4 of the e820 RAM less 16 MiB and %" PRIu64
		     " KiB, got %llu KiB",
		     ram_kib, total);
	}
}

static void check_memory(void)
{
	struct range r[MAX_ITEMS];
	int n = e820_ram(r, MAX_ITEMS);
	uint64_t kib = 0;
	struct list got;

	if (n < 0) {
		fail("mem", "no /sys/firmware/memmap (CONFIG_FIRMWARE_MEMMAP)");
		return;
	}
	for (int i = 0; i < n; i++) {
		kib += (r[i].end - r[i].start + 1) / 1024;
	}
	check_mem_mb(kib, n);
	check_meminfo(kib);
	got = ranges_list(r, n);
	if (expect[K_E820] != NULL) {
		check_set("e820", K_E820, false, &got, "RAM");
	}
}

/* ---- ACPI ---- */

/*
 * A table from /sys/firmware/acpi/tables with its length and checksum checked (the FACS has a
 * length but no checksum); NULL if bad.
 */
static const uint8_t *acpi_table(const char *name, size_t *len, char *why, size_t why_size)
{
	static uint8_t buf[TABLE_MAX];
	char path[300];
	ssize_t n;
	uint8_t sum = 0;

	snprintf(path, sizeof(path), "/sys/firmware/acpi/tables/%s", name);
	n = read_file(path, (char *)buf, sizeof(buf));
	if (n < 36) {
		snprintf(why, why_size, "%s: %s", name, n < 0 ? strerror(errno) : "too short");
		return NULL;
	}
	for (ssize_t i = 0; i < n; i++) {
		sum = (uint8_t)(sum + buf[i]);
	}
	*len = (size_t)n;
	if ((size_t)(buf[4] | buf[5] << 8 | buf[6] << 16 | (uint32_t)buf[7] << 24) != *len ||
	    (sum != 0 && strcmp(name, "FACS") != 0)) {
		snprintf(why, why_size, "%s: length field or checksum wrong (sum 0x%02x)", name,
			 sum);
		return NULL;
	}
	return buf;
}

/* The table files present (ACPICA names: APIC, FACP, DSDT, MCFG, SSDT1, ...). */
static bool acpi_names(struct list *l)
{
	DIR *d = opendir("/sys/firmware/acpi/tables");
	struct dirent *e;

	l->n = 0;
	if (d == NULL) {
		return false;
	}
	while ((e = readdir(d)) != NULL) {
		if (e->d_type == DT_REG) {
			list_add(l, e->d_name);
		}
	}
	closedir(d);
	return true;
}

static void check_acpi(void)
{
	struct list names;
	char why[128];
	size_t len;

	if (!acpi_names(&names)) {
		fail("acpi", "no /sys/firmware/acpi/tables: the kernel found no ACPI");
		return;
	}
	for (unsigned i = 0; i < names.n; i++) {
		if (acpi_table(names.item[i], &len, why, sizeof(why)) == NULL) {
			fail("acpi", "%s", why);
			return;
		}
	}
	if (expect[K_ACPI] == NULL) {
		skip("acpi", K_ACPI);
		return;
	}
	check_set("acpi", K_ACPI, false, &names, "tables (checksums right)");
}

/* The MADT's enabled local APIC ids (xAPIC and x2APIC entries) and I/O APIC addresses. */
static bool madt_walk(struct list *ids, struct list *ioapics, char *why, size_t why_size)
{
	size_t len;
	const uint8_t *t = acpi_table("APIC", &len, why, why_size);
	char buf[ITEM_LEN];

	ids->n = ioapics->n = 0;
	for (size_t off = 44; t != NULL && off + 2 <= len; off += t[off + 1]) {
		const uint8_t *e = t + off;

		if (e[1] < 2 || off + e[1] > len) {
			snprintf(why, why_size, "MADT entry at offset %zu has length %u", off,
				 e[1]);
			return false;
		}
		if (e[0] == 0 && e[1] >= 8 && (e[4] & 1U)) {
			snprintf(buf, sizeof(buf), "%u", e[3]);
			list_add(ids, buf);
		} else if (e[0] == 9 && e[1] >= 16 && (e[8] & 1U)) {
			snprintf(buf, sizeof(buf), "%u",
				 e[4] | e[5] << 8 | e[6] << 16 | e[7] << 24);
			list_add(ids, buf);
		} else if (e[0] == 1 && e[1] >= 12) {
			snprintf(buf, sizeof(buf), "0x%x",
				 e[4] | e[5] << 8 | e[6] << 16 | (uint32_t)e[7] << 24);
			list_add(ioapics, buf);
		}
	}
	return t != NULL;
}

static void check_madt(void)
{
	struct list ids, ioapics;
	char why[128];

	if (expect[K_APIC_IDS] == NULL && expect[K_IOAPIC] == NULL) {
		skip("madt", K_APIC_IDS);
		return;
	}
	if (!madt_walk(&ids, &ioapics, why, sizeof(why))) {
		fail("madt", "%s", why);
		return;
	}
	if (expect[K_APIC_IDS] != NULL) {
		check_set("madt", K_APIC_IDS, true, &ids, "enabled local APIC ids");
	}
	if (expect[K_IOAPIC] != NULL) {
		check_set("ioapic", K_IOAPIC, true, &ioapics, "I/O APICs at");
	}
}

/* ---- PCI ---- */

static void check_host_bridge(void)
{
	char class[32] = "", ids[2][16] = {"", ""};

	(void)read_attr("/sys/bus/pci/devices/0000:00:00.0/class", class, sizeof(class));
	(void)read_attr("/sys/bus/pci/devices/0000:00:00.0/vendor", ids[0], sizeof(ids[0]));
	(void)read_attr("/sys/bus/pci/devices/0000:00:00.0/device", ids[1], sizeof(ids[1]));
	if (strncmp(class, "0x0600", 6) == 0) {
		pass("pci-host-bridge", "00:00.0 is a host bridge (class %s, %s:%s)", class, ids[0],
		     ids[1]);
	} else {
		fail("pci-host-bridge", "expected class 0x0600xx at 00:00.0, got '%s'", class);
	}
}

/* The devices Linux enumerated, as BB:DD.F in segment 0 (DDDD:BB:DD.F elsewhere). */
static void check_pci(void)
{
	DIR *d;
	struct dirent *e;
	struct list got = {.n = 0};

	if (expect[K_PCI] == NULL) {
		skip("pci", K_PCI);
		return;
	}
	d = opendir("/sys/bus/pci/devices");
	while (d != NULL && (e = readdir(d)) != NULL) {
		if (e->d_name[0] != '.') {
			list_add(&got, e->d_name + (strncmp(e->d_name, "0000:", 5) ? 0 : 5));
		}
	}
	if (d != NULL) {
		closedir(d);
	}
	check_set("pci", K_PCI, false, &got, "devices");
	if (strstr(expect[K_PCI], "00:00.0") != NULL) {
		check_host_bridge();
	}
}

/* ---- interrupts ---- */

/*
 * The total over all CPUs of the /proc/interrupts row whose label (e.g. "RES") or last word
 * (e.g. "ttyS0") is want; -1 if there is none. *irq gets a numeric label.
 */
static long long irq_count(const char *want, long *irq)
{
	static char buf[16384];
	int cpus = 0;
	long long total = -1;

	if (read_file("/proc/interrupts", buf, sizeof(buf)) < 0) {
		return -1;
	}
	char *save;

	for (char *line = strtok_r(buf, "\n", &save); line != NULL;
	     line = strtok_r(NULL, "\n", &save)) {
		char *label = line + strspn(line, " "), *p = strchr(label, ':'), *last;
		long long sum = 0;

		if (cpus == 0) {
			for (char *w = strstr(line, "CPU"); w != NULL; w = strstr(w + 3, "CPU")) {
				cpus++;
			}
			continue;
		}
		if (p == NULL) {
			continue;
		}
		*p++ = '\0';
		for (int c = 0; c < cpus; c++) {
			sum += strtoll(p, &p, 10);
		}
		last = strrchr(p, ' ');
		if (strcmp(label, want) == 0 || (last != NULL && strcmp(last + 1, want) == 0)) {
			*irq = strtol(label, NULL, 10);
			total = sum;
		}
	}
	return total;
}

/* The console's 8250 runs on its interrupt: sending a line raises its count. */
static void check_console_irq(void)
{
	long irq = -1;
	long long before = irq_count("ttyS0", &irq), after;
	uint64_t want;

	if (before < 0) {
		fail("console-irq",
		     "ttyS0 has no interrupt in /proc/interrupts: the 8250 is polled");
		return;
	}
	say("sending a line to count the console's interrupts");
	drain();
	after = irq_count("ttyS0", &irq);
	if (expect[K_CONSOLE_IRQ] != NULL &&
	    (!parse_u64(expect[K_CONSOLE_IRQ], &want) || want != (uint64_t)irq)) {
		fail("console-irq", "expected ttyS0 on IRQ %s, got IRQ %ld", expect[K_CONSOLE_IRQ],
		     irq);
	} else if (after <= before) {
		fail("console-irq",
		     "ttyS0 (IRQ %ld) took no interrupt for a line: %lld before, "
		     "%lld after",
		     irq, before, after);
	} else {
		pass("console-irq", "ttyS0 on IRQ %ld, %lld interrupts for one line", irq,
		     after - before);
	}
}

/* ---- the timer: a sleep measured by the clock and by the TSC ---- */

static double now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

/* The TSC rate the kernel uses, from its log: refined, else detected (TSC, else processor). */
static double kernel_tsc_mhz(void)
{
	static char log[1 << 17];
	static const char *const keys[] = {
	    "Refined TSC clocksource calibration: ", "tsc: Detected ", "tsc: Detected "};
	int n = klogctl(3, log, sizeof(log) - 1);
	double mhz = 0;

	if (n <= 0) {
		return 0;
	}
	log[n] = '\0';
	for (unsigned k = 0; k < 3 && mhz == 0; k++) {
		for (const char *p = strstr(log, keys[k]); p != NULL; p = strstr(p + 1, keys[k])) {
			char unit[16] = "";

			if (sscanf(p + strlen(keys[k]), "%lf MHz %15s", &mhz, unit) >= 1 &&
			    (k == 0 || strcmp(unit, k == 1 ? "TSC" : "processor") == 0)) {
				break;
			}
			mhz = 0;
		}
	}
	return mhz;
}

static void check_timer(void)
{
	uint64_t ms = 200, t0;
	double c0, by_clock, by_tsc, mhz = kernel_tsc_mhz();
	long irq;
	long long loc0 = irq_count("LOC", &irq);
	struct timespec ts;

	if (expect[K_SLEEP_MS] != NULL && !parse_u64(expect[K_SLEEP_MS], &ms)) {
		fail("timer", "vmcheck.sleep_ms=%s is not a number", expect[K_SLEEP_MS]);
		return;
	}
	ts = (struct timespec){.tv_sec = (time_t)(ms / 1000),
			       .tv_nsec = (long)(ms % 1000) * 1000000};
	c0 = now_ms();
	t0 = __rdtsc();
	nanosleep(&ts, NULL);
	by_tsc = mhz > 0 ? (double)(__rdtsc() - t0) / (mhz * 1e3) : 0;
	by_clock = now_ms() - c0;
	if (mhz <= 0) {
		fail("timer", "no TSC frequency in the kernel log");
	} else if (by_clock < (double)ms || by_clock > (double)ms * 2 + 2000) {
		fail("timer", "expected a %" PRIu64 " ms sleep, got %.1f ms by the clock", ms,
		     by_clock);
	} else if (by_tsc < by_clock * 0.95 || by_tsc > by_clock * 1.05) {
		fail("timer",
		     "expected the TSC (%.3f MHz) to count %.1f ms (within 5%%), got %.1f ms", mhz,
		     by_clock, by_tsc);
	} else if (irq_count("LOC", &irq) <= loc0) {
		fail("timer", "no local APIC timer interrupt during a %" PRIu64 " ms sleep", ms);
	} else {
		pass("timer",
		     "slept %" PRIu64 " ms: %.1f ms by the clock, %.1f ms by the TSC at %.3f MHz",
		     ms, by_clock, by_tsc, mhz);
	}
}

/* ---- IPIs: a task on every CPU ---- */

/* A child that moves itself to cpu and exits 0 if it runs there. */
static pid_t run_on(int cpu)
{
	pid_t pid = fork();

	if (pid == 0) {
		cpu_set_t set;
		unsigned where = ~0U;

		CPU_ZERO(&set);
		CPU_SET(cpu, &set);
		if (sched_setaffinity(0, sizeof(set), &set) != 0) {
			_exit(2);
		}
		syscall(SYS_getcpu, &where, NULL, NULL);
		_exit(where == (unsigned)cpu ? 0 : 1);
	}
	return pid;
}

static void check_ipi(void)
{
	cpu_set_t all;
	pid_t pids[CPU_SETSIZE];
	int cpus = 0, ran = 0, status;
	long irq;
	long long ipis = irq_count("RES", &irq) + irq_count("CAL", &irq);

	sched_getaffinity(0, sizeof(all), &all);
	for (int c = 0; c < CPU_SETSIZE; c++) {
		pids[c] = CPU_ISSET(c, &all) ? run_on(c) : 0;
		cpus += pids[c] != 0;
	}
	for (int c = 0; c < CPU_SETSIZE; c++) {
		ran += pids[c] > 0 && waitpid(pids[c], &status, 0) == pids[c] &&
		       WIFEXITED(status) && WEXITSTATUS(status) == 0;
	}
	ipis = irq_count("RES", &irq) + irq_count("CAL", &irq) - ipis;
	if (ran != cpus) {
		fail("ipi", "expected a task to run on each of %d CPUs, it ran on %d", cpus, ran);
	} else if (cpus > 1 && ipis <= 0) {
		fail("ipi", "tasks ran on %d CPUs without a rescheduling or call IPI", cpus);
	} else {
		pass("ipi", "a task ran on each of %d CPU(s), %lld IPIs (rescheduling and call)",
		     cpus, ipis);
	}
}

/* ---- actions: /dev/mem accesses and power-off ---- */

/* In the child: one 4-byte access at addr; exit 0 when it went through. */
static void devmem_child(uint64_t addr, bool write)
{
	long page = sysconf(_SC_PAGESIZE);
	int fd = open("/dev/mem", O_RDWR | O_SYNC);
	volatile uint32_t *p;
	void *map;

	if (fd < 0) {
		say("%s 0x%" PRIx64 ": refused: open /dev/mem: %s", write ? "poke" : "peek", addr,
		    strerror(errno));
		_exit(2);
	}
	map = mmap(NULL, (size_t)page, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
		   (off_t)(addr & ~(uint64_t)(page - 1)));
	if (map == MAP_FAILED) {
		say("%s 0x%" PRIx64 ": refused: mmap: %s", write ? "poke" : "peek", addr,
		    strerror(errno));
		_exit(3);
	}
	p = (volatile uint32_t *)((char *)map + (addr & (uint64_t)(page - 1)));
	if (write) {
		*p = POKE_VALUE;
	} else {
		say("peek 0x%" PRIx64 ": read 0x%08x", addr, *p);
	}
	_exit(0);
}

/* A root access through /dev/mem, in a child so that a fault ends only the child. */
static void devmem(const char *verb, const char *arg)
{
	bool write = strcmp(verb, "poke") == 0;
	uint64_t addr;
	pid_t pid;
	int status;

	if (arg == NULL || !parse_u64(arg, &addr) || (addr & 3U) != 0) {
		say("%s: needs a 4-byte aligned physical address, got '%s'", verb, arg ? arg : "");
		return;
	}
	say("%s 0x%" PRIx64 ": %s through /dev/mem", verb, addr,
	    write ? "writing 0x600dc0de" : "reading 4 bytes");
	drain();
	pid = fork();
	if (pid == 0) {
		devmem_child(addr, write);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid) {
		say("%s 0x%" PRIx64 ": cannot start the child: %s", verb, addr, strerror(errno));
	} else if (WIFSIGNALED(status)) {
		say("%s 0x%" PRIx64 ": the child was killed by signal %d", verb, addr,
		    WTERMSIG(status));
	} else if (WEXITSTATUS(status) == 0) {
		say("%s 0x%" PRIx64 ": the %s went through", verb, addr, write ? "write" : "read");
	}
}

static void power_off(void)
{
	say("powering off (TSC %" PRIu64 ")", (uint64_t)__rdtsc());
	drain();
	sync();
	reboot(RB_POWER_OFF);
	say("power-off failed: %s", strerror(errno));
}

/* One action; false when it ends the program (to a shell). */
static bool act(const char *verb, const char *arg)
{
	if (strcmp(verb, "poke") == 0 || strcmp(verb, "peek") == 0) {
		devmem(verb, arg);
	} else if (strcmp(verb, "echo") == 0) {
		say("echo: %s", arg ? arg : "");
	} else if (strcmp(verb, "poweroff") == 0) {
		power_off();
	} else if (strcmp(verb, "shell") == 0) {
		return false;
	} else {
		say("unknown command '%s' (poke ADDR, peek ADDR, echo TEXT, poweroff, shell)",
		    verb);
	}
	return true;
}

/* vmcheck.then=ACTION[,ACTION...], each VERB or VERB:ARG. */
static bool run_then(char *list)
{
	char *save;

	for (char *a = strtok_r(list, ",", &save); a != NULL; a = strtok_r(NULL, ",", &save)) {
		char *colon = strchr(a, ':');

		if (colon != NULL) {
			*colon++ = '\0';
		}
		if (!act(a, colon)) {
			return false;
		}
	}
	return true;
}

/* Commands typed on the console, one a line: VERB [ARG]. */
static void command_loop(void)
{
	char line[256];

	say("ready for commands (poke ADDR, peek ADDR, echo TEXT, poweroff, shell)");
	while (fgets(line, sizeof(line), stdin) != NULL) {
		char *verb = line + strspn(line, " \t"), *arg;

		verb[strcspn(verb, "\r\n")] = '\0';
		arg = strchr(verb, ' ');
		if (arg != NULL) {
			*arg++ = '\0';
		}
		if (*verb != '\0' && !act(verb, arg)) {
			return;
		}
	}
}

static double uptime(void)
{
	char buf[64];

	return read_file("/proc/uptime", buf, sizeof(buf)) > 0 ? strtod(buf, NULL) : -1;
}

int main(int argc, char **argv)
{
	struct utsname u;

	setvbuf(stdout, NULL, _IOLBF, 0);
	uname(&u);
	/* The TSC counts from the CPU's reset (Bochs: its tick count, one instruction a tick and
	 * CPU), unless a hypervisor offsets it: a boot time that wall clocks cannot skew. */
	say("started %.2f s after boot, Linux %s, TSC %" PRIu64, uptime(), u.release,
	    (uint64_t)__rdtsc());
	read_conf("/etc/vmcheck.conf");
	read_cmdline();
	for (int i = 1; i < argc; i++) {
		set_expect(argv[i], "the arguments");
	}
	check_cpus();
	check_memory();
	check_acpi();
	check_madt();
	check_pci();
	check_console_irq();
	check_timer();
	check_ipi();
	say("done: %u passed, %u failed, %u skipped (%.2f s after boot)", passed, failed, skipped,
	    uptime());
	/* Run from a shell with arguments, it returns to that shell when its actions are done. */
	if (expect[K_THEN] != NULL) {
		if (run_then(expect[K_THEN]) && argc == 1) {
			command_loop();
		}
	} else if (argc == 1) {
		command_loop();
	}
	return failed != 0;
}
