# The mitigations lines of the default scenario, each read back from the state it sets: the exit
# path fills the return stack and clears the guest's registers (vmentry.S; the image build checks
# the code, hypervisor/Makefile branches.txt), indirect branches go through retpolines (the same
# check), no L1D flush (L1D_VMENTRY_ENABLED n), VERW and IBPB not offered by Bochs' CPU; EFER.NXE
# on and, walking the host page tables, only the image's code and the AP start-up page
# executable (its 4 KiB the only writable ones); the machine-check, iTLB and cache lines. Both
# VMs run under them.
cmdline: poweroff
guest: VM0_COUNTER counter.elf
guest: VM1_COUNTER counter.elf
timeout: 150
expect hv: mitigations: exit: return stack filled, guest registers cleared; retpolines; L1D flush: off (L1D_VMENTRY_ENABLED n); VERW: not offered by this CPU (no MD_CLEAR); IBPB: not offered by this CPU
expect hv: mitigations: host pages: EFER.NXE on, 
expect hv: KiB executable (the image's code, the AP start-up page), 4 KiB of them writable; guest SPEC_CTRL/PRED_CMD: not offered by this CPU
expect hv: mitigations: machine checks: CR4.MCE on
expect hv: mitigations: hyperthreads: the CPU gives no SMT level (CPUID leaf 0xB): none assumed
expect hv: mitigations: guest RAM write-back, CR0.CD/NW shadowed, WBINVD a no-op
expect VM0_COUNTER: progress 8
expect VM1_COUNTER: progress 8
expect hv: powering off
