# Interrupts between the two vCPUs of one VM (tests/guests/ipi.c): a fixed IPI wakes vCPU1 from
# HLT and it answers; an NMI reaches it with its interrupts off; each shorthand and destination
# (physical, x2APIC logical, broadcast, lowest priority) reaches exactly the vCPUs it names; a
# vector below 16 is refused with the send-illegal-vector error; an APIC id outside the VM is
# dropped and reported.
scenario: tests/boot/smp-vm.xml
cmdline: poweroff
guest: SMP_VM ipi.elf
timeout: 90
expect SMP_VM: vCPU1: started, waiting in HLT
expect SMP_VM: vCPU1: woken by IPI 0x40
expect SMP_VM: vCPU0: answered by IPI 0x41
expect SMP_VM: vCPU1: NMI taken with interrupts off
expect SMP_VM: all but self: as addressed
expect SMP_VM: all including self: as addressed
expect SMP_VM: self: as addressed
expect SMP_VM: broadcast 0xffffffff: as addressed
expect SMP_VM: physical 1: as addressed
expect SMP_VM: LDR: cluster 0, bit 0
expect SMP_VM: logical cluster 0 bit 1: as addressed
expect SMP_VM: logical cluster 0 bits 0-1: as addressed
expect SMP_VM: logical cluster 1: as addressed
expect SMP_VM: lowest priority: one vCPU took it
expect SMP_VM: vector 15: send illegal vector in ESR
expect hv: SMP_VM: IPI to APIC id 0x9, which is no vCPU of it: dropped
expect SMP_VM: APIC id 9: as addressed
expect SMP_VM: vCPU0 took no NMI
expect SMP_VM: vCPU0: done
expect hv: SMP_VM: stopped: halted with interrupts off
expect hv: powering off
reject *: NOT
reject *: wrong
reject *: unexpected
