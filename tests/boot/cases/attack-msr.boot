# ATTACKER writes sensitive MSRs (LAPIC base, VMX feature control, microcode trigger): each is
# refused with #GP in the guest and reported; an MSR the guest owns keeps its value. VICTIM keeps
# counting to the end.
scenario: scenarios/bochs-pc/attack.xml
cmdline: poweroff
guest: VICTIM counter.elf
guest: ATTACKER msr.elf
timeout: 90
expect hv: ATTACKER: wrmsr 0x1b value 0xfed00900 at RIP 0x
expect hv: ATTACKER: wrmsr 0x3a value 0x5 at RIP 0x
expect hv: ATTACKER: wrmsr 0x79 value 0x100000 at RIP 0x
expect ATTACKER: trap: #GP at 0x
expect ATTACKER: sysenter_eip kept
expect ATTACKER: feature control: locked, vmx off
expect hv: ATTACKER: stopped: halted with interrupts off
expect VICTIM: progress 8
expect hv: VICTIM: stopped: halted with interrupts off
expect hv: powering off
reject ATTACKER: wrmsr went through
reject ATTACKER: sysenter_eip lost
