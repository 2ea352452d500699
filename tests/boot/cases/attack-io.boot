# ATTACKER uses I/O ports that are not its own, including the ports that reset Bochs and power it
# off: reads give all ones, writes are dropped, each is reported, and VICTIM keeps counting to
# the end. It reads its own RTC (BCD seconds) and tries to set it: refused, reported once.
scenario: scenarios/bochs-pc/attack.xml
cmdline: poweroff
guest: VICTIM counter.elf
guest: ATTACKER io-port.elf
timeout: 90
expect hv: ATTACKER: I/O port 0xcf9 is not assigned to it: 1-byte write of 0x6 dropped
expect ATTACKER: still running after the reset write
expect ATTACKER: RTC seconds: 0x000000
expect hv: ATTACKER: CMOS write 0x23 to register 0x4: the RTC is read-only, dropped (reported once)
expect hv: ATTACKER: I/O port 0xb004 is not assigned to it: 2-byte write of 0x2000 dropped
expect ATTACKER: still running after the power-off write
expect hv: ATTACKER: stopped: halted with interrupts off
expect VICTIM: progress 8
expect hv: VICTIM: stopped: halted with interrupts off
expect hv: powering off
reject *: RTC seconds: 0x000000ff
reject *: CMOS write 0x22
