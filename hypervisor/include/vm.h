/* VMs and vCPUs: what the core knows of them, and the hooks the arch code provides to run them. */
#ifndef HV_VM_H
#define HV_VM_H

#include "types.h"
#include "config_abi.h"

#define VM_MAX	    8
#define VM_LINE_MAX 120

enum vm_state {
	VM_READY,
	VM_RUNNING,
	VM_STOPPED,
};

struct vm;
struct vm_arch;
struct vcpu_arch;

struct vcpu {
	struct vm *vm;
	unsigned pcpu;
	uint64_t entry; /* GPA of the first instruction */
	struct vcpu_arch *arch;
};

struct vuart {
	uint8_t ier, lcr, mcr, scr, dll, dlm;
	unsigned len;
	char line[VM_LINE_MAX + 1];
};

struct vm {
	unsigned id; /* slot in the hypervisor's VM array */
	const struct acfg_vm *cfg;
	int state; /* enum vm_state, changed atomically */
	struct vcpu vcpu;
	struct vm_arch *arch;
	struct vuart uart;
};

void vm_init_all(void);
struct vcpu *vm_vcpu_of_pcpu(unsigned pcpu);
void vcpu_run(struct vcpu *v);
void vm_stop(struct vm *vm, const char *fmt, ...) PRINTF_FMT(2, 3);
bool vm_running(const struct vm *vm);
int vm_load_image(struct vm *vm, const void *image, uint64_t size);
void *vm_gpa_to_hva(struct vm *vm, uint64_t gpa, uint64_t size);

const char *vm_name(const struct vm *vm);

/* Port I/O of a guest: the vUART on its console port, nothing elsewhere (reads all ones). */
uint32_t vm_pio_in(struct vm *vm, uint16_t port, unsigned size);
void vm_pio_out(struct vm *vm, uint16_t port, unsigned size, uint32_t val);

uint8_t vuart_in(struct vm *vm, unsigned reg);
void vuart_out(struct vm *vm, unsigned reg, uint8_t val);
void vuart_flush(struct vm *vm);

/* Create the VM's (empty) second-level address translation. */
int vm_arch_init(struct vm *vm);
/* Map guest [gpa, gpa + size) to host [hpa, hpa + size), read/write/execute, write-back. */
int vm_arch_map(struct vm *vm, uint64_t gpa, uint64_t hpa, uint64_t size);
/* Prepare the vCPU on the calling pCPU to start at v->entry in 32-bit flat protected mode. */
int vcpu_arch_init(struct vcpu *v);
/* Enter the guest and handle one VM exit. */
void vcpu_arch_run(struct vcpu *v);

#endif
