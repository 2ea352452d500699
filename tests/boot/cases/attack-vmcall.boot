# ATTACKER makes a hypercall, which only a Service VM may: #UD in the guest, reported, and VICTIM
# keeps counting to the end.
scenario: scenarios/bochs-pc/attack.xml
cmdline: poweroff
guest: VICTIM counter.elf
guest: ATTACKER vmcall.elf
timeout: 90
expect ATTACKER: executing vmcall
expect hv: ATTACKER: vmcall at RIP 0x
expect hv: hypercalls are not allowed to it: #UD
expect ATTACKER: trap: #UD at 0x
expect ATTACKER: vmcall refused
expect hv: ATTACKER: stopped: halted with interrupts off
expect VICTIM: progress 8
expect hv: VICTIM: stopped: halted with interrupts off
expect hv: powering off
reject ATTACKER: vmcall returned without a trap
