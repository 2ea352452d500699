/* Physical CPUs: the core's view, and the hooks the arch code provides to start and stop them. */
#ifndef HV_PCPU_H
#define HV_PCPU_H

#include "types.h"

#define PCPU_MAX 8U

struct vcpu;

struct pcpu {
	unsigned id; /* must stay first: the arch code reads it through its per-CPU base */
	uint32_t hw_id;
	bool online;
	struct vcpu *vcpu;
};

extern struct pcpu pcpu_table[PCPU_MAX];

/* The boot pCPU after the arch's early init; every pCPU then enters pcpu_main(). */
NORETURN void hv_main(void);
NORETURN void pcpu_main(void);

/* Index of the calling pCPU (0 is the boot pCPU). */
unsigned pcpu_arch_id(void);
/* A short description of the calling pCPU for the boot log. */
void pcpu_arch_describe(char *buf, size_t size);
/* Hardware id of the calling pCPU (x86: its LAPIC id). */
uint32_t pcpu_arch_hw_id(void);
/* Start pCPU id with hardware id hw_id so that it enters pcpu_main(); 0 once it runs, -1 if not. */
int pcpu_arch_start(unsigned id, uint32_t hw_id);
/* Turn on hardware virtualisation on the calling pCPU; 0, or -1 after printing why not. */
int pcpu_arch_enable_virt(void);
/* The calling pCPU's cycle counter (x86: the TSC, which guests read unchanged). */
uint64_t pcpu_arch_cycles(void);
/* Pause briefly inside a spin loop. */
void pcpu_arch_relax(void);
/* Stop the calling pCPU for good. */
NORETURN void pcpu_arch_halt(void);
/* Power the machine off; returns if the platform cannot. */
void platform_arch_poweroff(void);

#endif
