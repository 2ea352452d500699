# The hypervisor's code is read-only ("selftest=write-code": a byte of the image's first page
# written): a page fault on the write (error code 0x3: present, write).
cmdline: poweroff selftest=write-code
guest: VM0_COUNTER counter.elf
guest: VM1_COUNTER counter.elf
timeout: 150
expect hv: FATAL: pCPU0: exception 14 (#PF) at RIP 0x
expect hv: error code 0x3, CR2 0x100000,
expect hv: powering off
reject VM0_COUNTER:
