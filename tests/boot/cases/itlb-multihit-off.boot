# The scenario's MCE_ON_PSC_ENABLED reaches the hypervisor through the tables: with the switch
# off (acfg_hv.features without ACFG_HV_MCE_ON_PSC), guests' 2 MiB pages are executable as they
# are, nothing is split, and the mitigations line says the switch is off.
cmdline: poweroff
tables: config_hv.c s/ACFG_HV_MCE_ON_PSC/0U/
guest: VM0_COUNTER exec-2m.elf
guest: VM1_COUNTER counter.elf
timeout: 150
expect hv: iTLB multihit: off (MCE_ON_PSC_ENABLED n)
expect VM0_COUNTER: called code at 0x400000
expect VM1_COUNTER: progress 8
expect hv: powering off
reject hv: is executable as 4 KiB pages
reject hv: EPT violation
