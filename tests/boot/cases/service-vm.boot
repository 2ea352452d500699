# A Service VM beside a pre-launched VM (tests/boot/service-vm.xml): its memory is every RAM range
# of the board's map less the hypervisor's image and pages, the boot modules and PRE_COUNTER's 16
# MiB, identity mapped; it sees ACRN's CPUID leaves with the privileged bit, reads and writes its
# RAM at host addresses on both sides of PRE_COUNTER's, and its writes to PRE_COUNTER's memory and
# the hypervisor's image are dropped (reads give all ones), reported, and it runs on, while
# PRE_COUNTER counts to the end.
scenario: tests/boot/service-vm.xml
cmdline: poweroff
guest: PRE_COUNTER counter.elf
guest: SERVICE_VM svm-memory.elf
timeout: 90
expect hv: SERVICE_VM: RAM 0x0-0x7fff (GPA = HPA)
expect hv: SERVICE_VM: RAM 0x9000-0x9efff (GPA = HPA)
expect hv: SERVICE_VM: RAM 0x5000000-0xffeffff (GPA = HPA)
expect hv: SERVICE_VM: Service VM, 
expect hv: SERVICE_VM: image guest1 (KERNEL_ELF), entry 0x8000000, pCPU1
expect SERVICE_VM: cpuid: hypervisor "ACRNACRNACRN", max leaf 0x40000010, features 0x00000001 (privileged), TSC 
expect PRE_COUNTER: cpuid: hypervisor "ACRNACRNACRN"
expect SERVICE_VM: ram 0x00009000: written and read back
expect SERVICE_VM: ram 0x05000000: written and read back
expect SERVICE_VM: ram 0x08100000: written and read back
expect SERVICE_VM: ram 0x0ffef000: written and read back
expect SERVICE_VM: foreign 0x04000000: read 0xffffffff, after a write 0xffffffff: refused
expect SERVICE_VM: foreign 0x04fff000: read 0xffffffff, after a write 0xffffffff: refused
expect SERVICE_VM: foreign 0x00100000: read 0xffffffff, after a write 0xffffffff: refused
expect hv: SERVICE_VM: 4-byte write of 0x5e5aa5a5 to GPA 0x4000000, which is not its: dropped
expect hv: SERVICE_VM: 4-byte read of GPA 0x100000, which is not its: all ones
expect SERVICE_VM: done
expect hv: SERVICE_VM: stopped: halted with interrupts off
expect PRE_COUNTER: progress 8
expect hv: PRE_COUNTER: stopped: halted with interrupts off
expect hv: powering off
reject SERVICE_VM: WRITE WENT THROUGH
reject SERVICE_VM: FAILED
reject hv: SERVICE_VM: stopped: EPT
