# A deliberate write to unmapped memory: the page fault handler reports vector, RIP, error code.
cmdline: poweroff selftest=pagefault
timeout: 60
expect hv: FATAL: pCPU0: exception 14 (#PF) at RIP 0x
expect hv: error code 0x2, CR2 0x7ff000000000
