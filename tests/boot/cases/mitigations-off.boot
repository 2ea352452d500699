# "mitigations=off" on the command line: the return stack is not filled at exits, and the L1D
# flush the tables ask for is off, as the mitigations line says; the VMs run. For measuring what
# the defences cost (tests/bench/exit-cost), never for production.
cmdline: poweroff mitigations=off
tables: config_hv.c s/ACFG_HV_MCE_ON_PSC,/ACFG_HV_MCE_ON_PSC | ACFG_HV_L1D_VMENTRY,/
guest: VM0_COUNTER counter.elf
guest: VM1_COUNTER counter.elf
timeout: 150
expect hv: mitigations: exit: return stack not filled, guest registers cleared; retpolines; L1D flush: off by the command line; VERW: off by the command line; IBPB: off
expect VM0_COUNTER: progress 8
expect VM1_COUNTER: progress 8
expect hv: powering off
