# L1D_VMENTRY_ENABLED reaches the hypervisor through the tables (set here by an edit of them):
# Bochs' CPU has no IA32_ARCH_CAPABILITIES (so it counts as exposed to L1TF) and no
# IA32_FLUSH_CMD, so the L1D is flushed by reading 64 KiB before each VM entry; the VMs run.
# "mitigations=off" turns the per-entry and per-exit defences off (to measure their cost).
cmdline: poweroff
tables: config_hv.c s/ACFG_HV_MCE_ON_PSC,/ACFG_HV_MCE_ON_PSC | ACFG_HV_L1D_VMENTRY,/
guest: VM0_COUNTER counter.elf
guest: VM1_COUNTER counter.elf
timeout: 150
expect hv: L1D flush: 64 KiB read before each entry;
expect VM0_COUNTER: progress 8
expect VM1_COUNTER: progress 8
expect hv: powering off
