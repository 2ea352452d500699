# ATTACKER abuses its x2APIC (tests/guests/apic-attack.c): IPIs of delivery modes the vLAPIC does
# not emulate and to an APIC id outside its VM are dropped and reported; APIC_BASE moved into its
# RAM, switched from x2APIC to xAPIC directly, or given reserved bits raises #GP, disabling it
# resets the APIC; reserved bits of its registers raise #GP (read-only ones are ignored); each
# MSR of 0x800-0x8ff is refused where the SDM's table says; every mode to every destination
# reaches nothing but its own vCPU; a periodic timer of one TSC cycle leaves it running with one
# interrupt pending. VICTIM (tests/guests/victim.c), APIC on, PIC open and interrupts on, takes
# no interrupt and counts to the end.
scenario: scenarios/bochs-pc/attack.xml
cmdline: poweroff
guest: VICTIM victim.elf
guest: ATTACKER apic-attack.elf
timeout: 120
expect hv: ATTACKER: interrupt message of delivery mode 2 to vCPU0: not emulated, dropped
expect hv: ATTACKER: interrupt message of delivery mode 3 to vCPU0: not emulated, dropped
expect hv: ATTACKER: IPI to APIC id 0x1, which is no vCPU of it: dropped
expect hv: ATTACKER: start-up IPI to vCPU0, which runs already: dropped
expect ATTACKER: odd IPIs sent, still running
expect hv: ATTACKER: wrmsr 0x1b value 0x100d00 at RIP 0x
expect ATTACKER: APIC base into its RAM: #GP
expect ATTACKER: APIC base x2APIC to xAPIC: #GP
expect ATTACKER: APIC base reserved bit: #GP
expect ATTACKER: APIC base above 4 GiB: #GP
expect ATTACKER: disabled APIC: its MSRs #GP
expect ATTACKER: APIC reset by disabling it
expect ATTACKER: TPR 0x100: #GP
expect ATTACKER: SVR bit 12: #GP
expect ATTACKER: LVT timer bit 19: #GP
expect ATTACKER: LVT timer mode 3: #GP
expect ATTACKER: TDCR bit 2: #GP
expect ATTACKER: EOI 1: #GP
expect ATTACKER: ESR 1: #GP
expect ATTACKER: SELF_IPI 0x100: #GP
expect ATTACKER: ICR bit 13: #GP
expect ATTACKER: ICR delivery status: #GP
expect ATTACKER: LINT0 with its read-only bits set: taken, the bits ignored
expect ATTACKER: x2APIC MSRs 0x800-0x8ff: each refused where the SDM says
expect ATTACKER: flood: 2144 IPIs sent; its own vCPU took 
expect ATTACKER: timer storm, interrupts off: the loop took 
expect ATTACKER: % of its quiet time, not starved
expect ATTACKER: timer storm, interrupts on: its handler ran for each
expect ATTACKER: done
expect VICTIM: progress 10
expect VICTIM: no interrupt came from outside
expect hv: powering off
reject *: NOT
reject *: unexpected
reject *: sent by others
reject hv: IPI to APIC id 0x0,
