# The scenario's SPLIT_LOCK_DETECTION_ENABLED and RDT (an L3 CLOS mask per VM) reach the
# hypervisor through the tables (edited here: the board and build rules refuse RDT on Bochs),
# which finds that Bochs' CPU has neither split-lock detection nor cache allocation, says so and
# programs nothing; the VMs run.
cmdline: poweroff
tables: config_hv.c s/ACFG_HV_MCE_ON_PSC,/ACFG_HV_MCE_ON_PSC | ACFG_HV_SPLIT_LOCK_DETECTION | ACFG_HV_RDT,/
tables: config_hv.c s/\.clos_cache = {\.level = 0}/.clos_cache = {.level = 3, .cbm_length = 11, .clos_count = 4}/
guest: VM0_COUNTER counter.elf
guest: VM1_COUNTER counter.elf
timeout: 150
expect hv: split-lock #AC: asked for, not offered by this CPU;
expect hv: mitigations: cache allocation: L3 masks asked for, this CPU has no such cache allocation: not programmed
expect VM0_COUNTER: progress 8
expect VM1_COUNTER: progress 8
expect hv: powering off
