/*
 * The capability names of a CPU model, from CPUID feature bits and (when readable) the VMX
 * capability MSRs, in the names ACRN's board files use.
 */
#ifndef INSPECTOR_CPUFEAT_H
#define INSPECTOR_CPUFEAT_H

#include <stdbool.h>

#include "cpuid.h"
#include "msr.h"

typedef void (*feature_fn)(void *ctx, const char *name);

/* Calls fn for each capability of the CPU, in a fixed order. */
void features_list(const struct cpuid_cpu *c, const struct msr_set *m, unsigned cpu, feature_fn fn,
		   void *ctx);
/* True when this CPU's VMX capabilities are known (the MSRs were read). */
bool features_vmx_known(const struct msr_set *m, unsigned cpu);

#endif
