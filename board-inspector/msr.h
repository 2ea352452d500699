/*
 * Model-specific registers, read only: live from /dev/cpu/N/msr (the msr module, as root), or
 * from a capture's msr.txt, one line per "CPU MSR VALUE".
 */
#ifndef INSPECTOR_MSR_H
#define INSPECTOR_MSR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util.h"

#define MSR_FEATURE_CONTROL   0x3a
#define MSR_PLATFORM_INFO     0xce
#define MSR_ARCH_CAPABILITIES 0x10a
#define MSR_MISC_ENABLE	      0x1a0
#define MSR_VMX_BASIC	      0x480
#define MSR_VMX_PINBASED      0x481
#define MSR_VMX_PROCBASED     0x482
#define MSR_VMX_EXIT	      0x483
#define MSR_VMX_ENTRY	      0x484
#define MSR_VMX_PROCBASED2    0x48b
#define MSR_VMX_EPT_VPID      0x48c
#define MSR_HWP_CAPABILITIES  0x771

struct msr_val {
	unsigned cpu;
	uint32_t msr;
	uint64_t value;
};

/* Sorted by (cpu, msr). */
struct msr_set {
	struct msr_val *v;
	size_t n, cap;
};

/* The MSRs the inspector reads, in order. */
extern const uint32_t msr_list[];
extern const size_t msr_list_len;

/*
 * Reads msr_list of one CPU of this host. 0, or a negative errno of opening the device
 * (-ENOENT: no msr module; -EACCES: not root). A register the CPU lacks is just left out.
 */
int msr_read_live(unsigned cpu, struct msr_set *out);
void msr_parse(const char *text, size_t len, const char *where, struct msr_set *out);
void msr_format(const struct msr_set *s, struct buf *out);
void msr_sort(struct msr_set *s);
bool msr_get(const struct msr_set *s, unsigned cpu, uint32_t msr, uint64_t *value);
void msr_set_free(struct msr_set *s);

#endif
