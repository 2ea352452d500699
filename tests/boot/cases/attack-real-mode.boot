# An exception while a vCPU is in real mode: vCPU1 of SMP_VM (tests/boot/smp-vm.xml) writes a
# refused MSR before it leaves real mode. The #GP is delivered as real mode does, through the IVT
# and with no error code (one would fail the VM entry), and the guest's handler steps over it.
scenario: tests/boot/smp-vm.xml
cmdline: poweroff
guest: SMP_VM real-mode.elf
timeout: 60
expect SMP_VM: vCPU0: hello
expect hv: SMP_VM: wrmsr 0x79 value 0x0 at RIP 0x
expect SMP_VM: vCPU1: #GP in real mode at 0x00000800:0x
expect SMP_VM: , the WRMSR: no error code
expect SMP_VM: vCPU0: vCPU1 came through
expect hv: SMP_VM: stopped: halted with interrupts off
expect hv: powering off
reject SMP_VM: not the WRMSR
reject hv: VM entry failed
