# Two VMs on two pCPUs, one from an ELF image and one from a raw binary, both print and count.
cmdline: poweroff
module: counter.elf guest0
module: counter.bin guest1
timeout: 90
expect: hv: VM0_COUNTER: started on pCPU0
expect: hv: VM1_COUNTER: started on pCPU1
expect: [VM0_COUNTER] hello from guest
expect: [VM1_COUNTER] hello from guest
expect: [VM0_COUNTER] cpuid: hypervisor "ACRNACRNACRN", vmx hidden
expect: [VM1_COUNTER] cpuid: hypervisor "ACRNACRNACRN", vmx hidden
expect: [VM0_COUNTER] progress 8
expect: [VM1_COUNTER] progress 8
expect: hv: VM0_COUNTER: stopped: halted with interrupts off
expect: hv: VM1_COUNTER: stopped: halted with interrupts off
expect: hv: powering off
