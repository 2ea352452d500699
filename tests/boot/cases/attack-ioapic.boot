# ATTACKER abuses its I/O APIC (tests/guests/ioapic-attack.c): its COM1 pin sends to every 8-bit
# destination, physical and logical, fixed and NMI, and in every delivery mode to the broadcast
# id: what names no vCPU of its VM, a vector below 16 or a mode the vLAPIC does not emulate is
# dropped and reported, and only its own vCPU takes anything; its read-only and absent registers
# stay as they are, accesses elsewhere in the page reach nothing; an OR on the page stops that VM
# only. VICTIM (tests/guests/victim.c: APIC on, PIC open, interrupts on) takes no interrupt.
scenario: scenarios/bochs-pc/attack.xml
cmdline: poweroff
guest: VICTIM victim.elf
guest: ATTACKER ioapic-attack.elf
timeout: 120
expect hv: ATTACKER: I/O APIC pin 4 to APIC id 0x1, which is no vCPU of it: dropped
expect hv: ATTACKER: I/O APIC pin 4: vector 0x5, delivery mode 0: not delivered
expect hv: ATTACKER: I/O APIC pin 4: vector 0x0, delivery mode 2: not delivered
expect ATTACKER: pin 4 sent 786 messages; its own vCPU took 
expect ATTACKER: read-only and absent registers stay as they are
expect ATTACKER: no register elsewhere in the page
expect ATTACKER: an OR on the I/O APIC's page
expect hv: ATTACKER: I/O APIC pin 4 to logical destination 0x0, which is no vCPU of it: dropped
expect hv: ATTACKER: stopped: MMIO at GPA 0xfec00000 by an instruction not emulated at RIP 0x
expect hv: (bytes 830801
expect VICTIM: progress 10
expect VICTIM: no interrupt came from outside
expect hv: powering off
reject *: NOT
reject *: unexpected
reject *: sent by others
reject *: the OR went through
