# Two VMs on two pCPUs, VM0 from an ELF image and VM1 from a raw image (the scenario's kernel
# types: tests/boot/raw-image.xml), both print and count.
scenario: tests/boot/raw-image.xml
cmdline: poweroff
guest: VM0_COUNTER counter.elf
guest: VM1_COUNTER counter.bin
timeout: 90
expect hv: VM0_COUNTER: 1 memory region(s), 16 MiB of RAM at GPA 0x0 (HPA 0x4000000), image guest0 (KERNEL_ELF), entry 0x100000, pCPU0
expect hv: VM1_COUNTER: 1 memory region(s), 16 MiB of RAM at GPA 0x0 (HPA 0x5000000), image guest1 (KERNEL_RAWIMAGE), entry 0x100000, pCPU1
expect hv: VM0_COUNTER: started on pCPU0
expect hv: VM1_COUNTER: started on pCPU1
expect VM0_COUNTER: hello from guest
expect VM1_COUNTER: hello from guest
expect VM0_COUNTER: cpuid: hypervisor "ACRNACRNACRN", vmx hidden
expect VM1_COUNTER: cpuid: hypervisor "ACRNACRNACRN", vmx hidden
expect VM0_COUNTER: progress 8
expect VM1_COUNTER: progress 8
expect hv: VM0_COUNTER: stopped: halted with interrupts off
expect hv: VM1_COUNTER: stopped: halted with interrupts off
expect hv: powering off
