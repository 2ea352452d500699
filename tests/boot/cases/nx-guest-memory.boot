# No guest memory is executable in the hypervisor ("selftest=exec-guest": a RET written to VM0's
# first page of RAM, HPA 0x4000000, and called): the host page tables execute-disable it, so the
# call ends in a page fault on the instruction fetch (error code 0x11: present, fetch).
cmdline: poweroff selftest=exec-guest
guest: VM0_COUNTER counter.elf
guest: VM1_COUNTER counter.elf
timeout: 150
expect hv: FATAL: pCPU0: exception 14 (#PF) at RIP 0x4000000, error code 0x11, CR2 0x4000000
expect hv: powering off
reject VM0_COUNTER:
