# ATTACKER triple faults: only that VM stops, VICTIM keeps counting to the end.
scenario: scenarios/bochs-pc/attack.xml
cmdline: poweroff
guest: VICTIM counter.elf
guest: ATTACKER triple-fault.elf
timeout: 90
expect ATTACKER: executing ud2 without an IDT
expect hv: ATTACKER: stopped: triple fault
expect VICTIM: progress 8
expect hv: VICTIM: stopped: halted with interrupts off
expect hv: powering off
reject ATTACKER: still running
