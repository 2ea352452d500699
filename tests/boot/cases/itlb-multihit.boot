# iTLB multihit (MCE_ON_PSC_ENABLED y, the default scenario's; Bochs' CPU has no
# IA32_ARCH_CAPABILITIES, so it counts as affected): no 2 MiB guest page is executable; a guest's
# first instruction fetch from one splits it into executable 4 KiB pages, once, and pages it only
# reads and writes stay 2 MiB (tests/guests/exec-2m.c). The mitigations line says so.
cmdline: poweroff
guest: VM0_COUNTER exec-2m.elf
guest: VM1_COUNTER counter.elf
timeout: 150
expect hv: mitigations: machine checks: CR4.MCE on
expect hv: iTLB multihit: 2 MiB guest pages not executable, split on execute
expect hv: VM0_COUNTER: its 2 MiB page at GPA 0x0 is executable as 4 KiB pages (iTLB multihit)
expect hv: VM0_COUNTER: its 2 MiB page at GPA 0x400000 is executable as 4 KiB pages
expect hv: VM1_COUNTER: its 2 MiB page at GPA 0x0 is executable as 4 KiB pages
expect VM0_COUNTER: wrote and read 0x600000
expect VM0_COUNTER: called code at 0x400000
expect VM1_COUNTER: progress 8
expect hv: powering off
reject hv: GPA 0x600000
reject hv: GPA 0x200000
reject *: WRONG
reject hv: EPT violation
