/*
 * VM-exit statistics, always on: each vCPU counts its exits by basic reason, and for the three
 * kinds whose cost depends on what the guest touches (port I/O, RDMSR/WRMSR, MMIO of emulated
 * devices) the ports, MSRs and addresses that exit most. Counting is a handful of compares per
 * exit on the vCPU's own pCPU; the counts are printed when the vCPU ends and, with "stats" on
 * the command line, every second of its run (core/vm.c).
 */
#include "x86.h"
#include "vmx.h"
#include "lib.h"
#include "vm.h"

#define KEY_IN	  0x10000UL	/* I/O: a read (IN), beside the port */
#define KEY_WRITE 0x100000000UL /* MSR: WRMSR, beside the MSR; MMIO: a write, bit 0 */

/* Where the entry for key is, a free one, or the one ranked lowest: what a new key takes. */
static unsigned kind_slot(const struct exit_kinds *k, uint64_t key)
{
	unsigned lowest = 0U;

	for (unsigned i = 0U; i < EXIT_KINDS; i++) {
		if ((k->count[i] == 0U) || (k->key[i] == key)) {
			return i;
		}
		if (k->rank[i] < k->rank[lowest]) {
			lowest = i;
		}
	}
	return lowest;
}

/*
 * The table keeps the EXIT_KINDS keys that exit most (the space-saving method): a key that finds
 * it full takes the place of the one ranked lowest and inherits its rank, counting its own exits
 * from then on. So a key that keeps coming climbs into the table whatever else comes between its
 * exits (two keys that alternate outside it cannot keep pushing each other out), and what is
 * printed for it is exact: its exits since it entered.
 */
static void kind_count(struct exit_kinds *k, uint64_t key)
{
	unsigned i = kind_slot(k, key);

	if (k->key[i] != key) {
		k->key[i] = key;
		k->count[i] = 0U;
	}
	k->count[i]++;
	k->rank[i]++;
}

void exitstat_count(struct vcpu_arch *a, uint32_t basic)
{
	if (basic >= EXIT_REASON_MAX) {
		return;
	}
	a->exits[basic]++;
	if (basic == EXIT_IO) {
		uint64_t q = vmread(EXIT_QUALIFICATION);

		kind_count(&a->kinds[EXIT_KIND_IO],
			   ((q >> 16) & 0xffffUL) | (((q & 0x8UL) != 0U) ? KEY_IN : 0UL));
	} else if ((basic == EXIT_RDMSR) || (basic == EXIT_WRMSR)) {
		kind_count(&a->kinds[EXIT_KIND_MSR], (a->regs.gpr[GPR_RCX] & 0xffffffffUL) |
							 ((basic == EXIT_WRMSR) ? KEY_WRITE : 0UL));
	} else if (basic == EXIT_EPT_VIOLATION) {
		kind_count(&a->kinds[EXIT_KIND_MMIO],
			   (vmread(GUEST_PHYS_ADDR) << 1) |
			       ((vmread(EXIT_QUALIFICATION) >> 1) & 1UL));
	} else {
		/* counted by reason only */
	}
}

/* "in 0x3fd", "wrmsr 0x6e0", "write 0xfee000b0": what a key of the kind stands for. */
static int key_text(unsigned kind, uint64_t key, char *buf, size_t size)
{
	int n;

	if (kind == EXIT_KIND_IO) {
		n = snprintf(buf, size, "%s 0x%lx", ((key & KEY_IN) != 0U) ? "in" : "out",
			     key & 0xffffUL);
	} else if (kind == EXIT_KIND_MSR) {
		n = snprintf(buf, size, "%s 0x%lx", ((key & KEY_WRITE) != 0U) ? "wrmsr" : "rdmsr",
			     key & 0xffffffffUL);
	} else {
		n = snprintf(buf, size, "%s 0x%lx", ((key & 1UL) != 0U) ? "write" : "read",
			     key >> 1);
	}
	return n;
}

/* The exits of a kind: those of its reasons. */
static uint32_t kind_total(const struct vcpu_arch *a, unsigned kind)
{
	uint32_t total;

	if (kind == EXIT_KIND_IO) {
		total = a->exits[EXIT_IO];
	} else if (kind == EXIT_KIND_MSR) {
		total = a->exits[EXIT_RDMSR] + a->exits[EXIT_WRMSR];
	} else {
		total = a->exits[EXIT_EPT_VIOLATION];
	}
	return total;
}

/* The index of the largest count not yet printed (printed[] marks them), or EXIT_KINDS. */
static unsigned next_largest(const struct exit_kinds *k, const bool printed[EXIT_KINDS])
{
	unsigned best = EXIT_KINDS;

	for (unsigned i = 0U; i < EXIT_KINDS; i++) {
		if (!printed[i] && (k->count[i] != 0U) &&
		    ((best == EXIT_KINDS) || (k->count[i] > k->count[best]))) {
			best = i;
		}
	}
	return best;
}

int vcpu_arch_exit_kind(const struct vcpu *v, unsigned kind, char *buf, size_t size)
{
	static const char *const names[EXIT_KIND_COUNT] = {"I/O", "MSR", "MMIO"};
	const struct exit_kinds *k;
	bool printed[EXIT_KINDS];
	size_t n;
	unsigned i;
	uint32_t other;

	if (kind >= EXIT_KIND_COUNT) {
		return -1;
	}
	other = kind_total(v->arch, kind);
	for (i = 0U; i < EXIT_KINDS; i++) {
		printed[i] = false;
	}
	k = &v->arch->kinds[kind];
	i = next_largest(k, printed);
	if (i == EXIT_KINDS) {
		return 0;
	}
	n = (size_t)snprintf(buf, size, "%s exits:", names[kind]);
	while ((i < EXIT_KINDS) && (n < size)) {
		printed[i] = true;
		other -= k->count[i];
		n += (size_t)snprintf(&buf[n], size - n, " ");
		if (n < size) {
			n += (size_t)key_text(kind, k->key[i], &buf[n], size - n);
		}
		if (n < size) {
			n += (size_t)snprintf(&buf[n], size - n, " %u,", k->count[i]);
		}
		i = next_largest(k, printed);
	}
	if (n < size) {
		(void)snprintf(&buf[n], size - n, " other %u", other);
	}
	return 1;
}

void vcpu_arch_exit_summary(const struct vcpu *v, char *buf, size_t size)
{
	static const char *const exit_names[EXIT_REASON_MAX] = {
	    [EXIT_PREEMPT_TIMER] = "timer", [EXIT_EXT_INTR] = "interrupt",
	    [EXIT_INTR_WINDOW] = "window",  [EXIT_TRIPLE_FAULT] = "triple fault",
	    [EXIT_CPUID] = "cpuid",	    [EXIT_HLT] = "hlt",
	    [EXIT_VMCALL] = "vmcall",	    [EXIT_IO] = "I/O",
	    [EXIT_RDMSR] = "rdmsr",	    [EXIT_WRMSR] = "wrmsr",
	    [EXIT_EPT_VIOLATION] = "EPT",   [EXIT_CR_ACCESS] = "CR",
	    [EXIT_XSETBV] = "xsetbv",
	};
	const uint32_t *exits = v->arch->exits;
	uint64_t total = 0U;
	uint64_t other = 0U;
	size_t n;

	for (unsigned i = 0U; i < EXIT_REASON_MAX; i++) {
		total += exits[i];
		if (exit_names[i] == NULL) {
			other += exits[i];
		}
	}
	n = (size_t)snprintf(buf, size, "%lu VM exits (", total);
	for (unsigned i = 0U; (i < EXIT_REASON_MAX) && (n < size); i++) {
		if ((exit_names[i] != NULL) && (exits[i] != 0U)) {
			n +=
			    (size_t)snprintf(&buf[n], size - n, "%s %u, ", exit_names[i], exits[i]);
		}
	}
	if (n < size) {
		(void)snprintf(&buf[n], size - n, "other %lu)", other);
	}
}
