# A guest writes to another VM's host-physical address: stopped with the GPA and the access,
# while the counter VM keeps counting to the end.
cmdline: poweroff
guest: VM0_COUNTER counter.elf
guest: VM1_COUNTER poke-other.elf
timeout: 90
expect: [VM1_COUNTER] writing to 0x4000000
expect: hv: VM1_COUNTER: stopped: EPT violation: write at GPA 0x4000000
expect: [VM0_COUNTER] progress 8
expect: hv: VM0_COUNTER: stopped: halted with interrupts off
expect: hv: powering off
reject: write went through
