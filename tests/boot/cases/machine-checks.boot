# Machine checks and NMIs do not bring the machine down ("selftest=mce selftest=nmi"): CR4.MCE is
# on (the mitigations line reads it back); a #MC with nothing logged (INT 18 on the boot pCPU) is
# handled on its own IST stack, reported, and the boot goes on; an NMI in the hypervisor (the
# boot pCPU's NMI to itself) and on an idle pCPU (the first to go idle sends itself one; the last
# powers the machine off at once) is reported and dropped; the NMIs pCPU0 sends pCPU1 in its first ticks reach it while its guest
# runs, exit, are reported as the host's and not passed to that guest, which runs to its end.
cmdline: poweroff selftest=mce selftest=nmi
guest: VM0_COUNTER counter.elf
guest: VM1_COUNTER counter.elf
timeout: 150
expect hv: mitigations: machine checks: CR4.MCE on
expect hv: pCPU0: machine check with no error logged (1 so far): went on
expect hv: pCPU0: 1 NMI(s) in the hypervisor: ignored
expect hv: pCPU1: NMI while VM1_COUNTER ran: the host's, ignored
expect VM0_COUNTER: progress 8
expect VM1_COUNTER: progress 8
expect hv: 1 NMI(s) while idle: ignored
expect hv: powering off
reject *: unexpected
