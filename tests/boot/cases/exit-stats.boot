# The hypervisor's VM-exit statistics (exitstat.c): VM0 makes exits of known kinds in known
# numbers (tests/guests/exitstat.c) and stops; the counts printed at its end show each reason,
# and the ports, MSRs and MMIO addresses that exited most, first the largest, counted exactly,
# though ten other ports filled the table before the largest came, and two ports read in turn
# (each port that finds the table full takes the place of the one ranked lowest and inherits its
# rank: eight of the ten, read twice each, end in "other"; the console's LSR and data port hold
# 33 each, one per character printed). KERNEL_GS_BASE, which the MSR bitmap leaves to the guest,
# keeps what the guest writes and costs no exit; a non-canonical value gets #GP from the CPU.
# (The MMIO line may hold more: the hypervisor may take an EPT exit of its own for guest code.)
cmdline: poweroff
guest: VM0_COUNTER exitstat.elf
guest: VM1_COUNTER halt.elf
timeout: 90
expect VM0_COUNTER: kgs: ok
expect VM0_COUNTER: exits: done
expect hv: VM0_COUNTER: ran 
expect hv: VM exits (hlt 1, I/O 2286, rdmsr 300, wrmsr 200, EPT 
expect hv: VM0_COUNTER: I/O exits: out 0x80 1000, in 0x80 600, in 0x4d0 300, in 0x4d1 300, in 0x3fd 33, out 0x3f8 33, in 0x3fb 2, in 0x3fc 2, other 16
expect hv: VM0_COUNTER: MSR exits: rdmsr 0x1b 300, wrmsr 0x2ff 200, other 0
expect hv: VM0_COUNTER: MMIO exits: read 0xfec00010 150, write 0xfec00000 100, 
expect hv: powering off
reject *: WRONG
