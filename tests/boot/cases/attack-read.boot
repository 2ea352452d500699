# ATTACKER reads device memory no VM is given (the HPET): stopped with the GPA and the access,
# while VICTIM keeps counting to the end.
scenario: scenarios/bochs-pc/attack.xml
cmdline: poweroff
guest: VICTIM counter.elf
guest: ATTACKER read-outside.elf
timeout: 90
expect ATTACKER: reading 0xfed00000
expect hv: ATTACKER: stopped: EPT violation: read at GPA 0xfed00000
expect VICTIM: progress 8
expect hv: VICTIM: stopped: halted with interrupts off
expect hv: powering off
reject *: read went through
