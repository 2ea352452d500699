# One VM with two vCPUs (tests/boot/smp-vm.xml): vCPU1 waits until vCPU0 sends it INIT and a
# start-up IPI through its x2APIC, then starts in real mode at the vector's page; an IPI to an
# APIC id outside the VM and a second start-up IPI are dropped and reported; both
# vCPUs count, and the VM stops when the last one halts.
scenario: tests/boot/smp-vm.xml
cmdline: poweroff
guest: SMP_VM smp.elf
timeout: 60
expect hv: SMP_VM: 1 memory region(s), 16 MiB of RAM at GPA 0x0 (HPA 0x4000000), image guest0 (KERNEL_ELF), entry 0x100000, pCPU0 (vCPU0) and more
expect hv: SMP_VM: vCPU1 on pCPU1, started by vCPU0
expect SMP_VM: vCPU0: hello, APIC base 0xfee00d00
expect hv: SMP_VM: vCPU1 started on pCPU1 at 0x8000
expect SMP_VM: vCPU1: started, x2APIC id 1
expect hv: SMP_VM: IPI to APIC id 0x7, which is no vCPU of it: dropped
expect hv: SMP_VM: start-up IPI to vCPU1, which runs already: dropped
expect SMP_VM: vCPU1: progress 4
expect SMP_VM: vCPU0: progress 4
expect SMP_VM: vCPU0: both vCPUs counted to 4
expect hv: SMP_VM: vCPU1: halted with interrupts off
expect hv: SMP_VM: stopped: halted with interrupts off
expect hv: SMP_VM: vCPU0: ran 
expect hv: SMP_VM: vCPU1: ran 
expect hv: powering off
