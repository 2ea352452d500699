# A guest triple faults: only that VM stops, the counter VM keeps counting to the end.
cmdline: poweroff
guest: VM0_COUNTER triple-fault.elf
guest: VM1_COUNTER counter.elf
timeout: 90
expect: [VM0_COUNTER] executing ud2 without an IDT
expect: hv: VM0_COUNTER: stopped: triple fault
expect: [VM1_COUNTER] progress 8
expect: hv: VM1_COUNTER: stopped: halted with interrupts off
expect: hv: powering off
reject: still running
