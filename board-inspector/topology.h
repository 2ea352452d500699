/*
 * The CPUs: which are online, their CPUID and MSR values, identity (APIC ids, family, model,
 * stepping, hybrid core type) and place in the topology (die > tile > module > core > thread,
 * from CPUID leaf 0x1F or 0xB, else sysfs), HWP levels and cpufreq domains.
 */
#ifndef INSPECTOR_TOPOLOGY_H
#define INSPECTOR_TOPOLOGY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cpuid.h"
#include "msr.h"
#include "util.h"

struct source;

struct cpu {
	unsigned id;
	const struct cpuid_cpu *cpuid; /* NULL when this CPU has no CPUID values */
	bool known;		       /* identity known (from CPUID or /proc/cpuinfo) */
	uint32_t apic_id, x2apic_id;
	uint32_t family, model, stepping;
	bool has_core_type; /* CPUID leaf 0x1A exists */
	uint8_t core_type;
	uint32_t native_model;
	bool has_module, has_tile;
	uint32_t core_id, module_id, tile_id, die_id;
	bool has_hwp;
	unsigned hwp_highest, hwp_guaranteed, hwp_lowest;
	char *freqdomain;
};

struct cpus {
	int online_status, cpuid_status, msr_status;
	struct idlist online;
	struct cpu *v;
	size_t n;
	struct cpuid_dump cpuid;
	struct msr_set msr;
	char vendor[13];
	char *brand;
	bool hypervisor, vmx;
	struct buf idle; /* cpuidle states of the first CPU, as a comment text */
	struct buf freq; /* its cpufreq limits and driver */
};

void topology_read(struct source *s, struct cpus *c);
void topology_free(struct cpus *c);
/* "Core", "Atom" or "Reserved" for a leaf 0x1A core type; "" without the leaf. */
const char *topology_core_type(const struct cpu *cpu);

#endif
