# ATTACKER writes to VICTIM's host-physical address, a GPA outside its own memory: stopped with
# the GPA and the access, while VICTIM keeps counting to the end.
scenario: scenarios/bochs-pc/attack.xml
cmdline: poweroff
guest: VICTIM counter.elf
guest: ATTACKER poke-other.elf
timeout: 90
expect ATTACKER: writing to 0x4000000
expect hv: ATTACKER: stopped: EPT violation: write at GPA 0x4000000
expect VICTIM: progress 8
expect hv: VICTIM: stopped: halted with interrupts off
expect hv: powering off
reject ATTACKER: write went through
