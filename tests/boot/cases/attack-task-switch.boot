# ATTACKER jumps to a TSS of its own GDT: a task switch, which the hypervisor does not emulate
# (ACRN does not either); that VM stops, saying what it tried, and VICTIM keeps counting.
scenario: scenarios/bochs-pc/attack.xml
cmdline: poweroff
guest: VICTIM counter.elf
guest: ATTACKER task-switch.elf
timeout: 90
expect ATTACKER: jumping to a TSS
expect hv: ATTACKER: stopped: task switch by JMP to TSS selector 0x18 at RIP 0x
expect VICTIM: progress 8
expect hv: VICTIM: stopped: halted with interrupts off
expect hv: powering off
reject ATTACKER: the task switch returned
reject hv: VM entry failed
