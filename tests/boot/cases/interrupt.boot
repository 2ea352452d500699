# An interrupt reaches a pCPU while its guest runs (a self-IPI the hypervisor sends itself with
# "selftest=interrupt"): it exits, is acknowledged and reported, never reaches the guest, and
# both VMs run to the end.
cmdline: poweroff selftest=interrupt
guest: VM0_COUNTER counter.elf
guest: VM1_COUNTER counter.elf
timeout: 60
expect hv: VM0_COUNTER: pCPU0 took interrupt vector 0x40: ended
expect hv: VM1_COUNTER: pCPU1 took interrupt vector 0x40: ended
expect VM0_COUNTER: progress 8
expect VM1_COUNTER: progress 8
expect hv: VM0_COUNTER: ran 
expect hv: VM1_COUNTER: ran 
expect hv: powering off
