# The legacy devices of a VM (tests/guests/pic.c): the 8259 pair found and initialised as Linux
# does it (with its delays, writes to port 0x80, which go nowhere unreported); COM1's vUART
# raising IRQ 4 through the PIC and LINT0 (ExtINT): requested in IRR, taken on the vector ICW2
# gave it, in service until its EOI, held in IRR while masked; the ELCR's edge-only inputs; the
# CMOS RTC: a valid BCD date, a second as long as the TSC's, a write to the clock refused and
# reported (not one to the shutdown status byte, as Linux makes). The other VM counts meanwhile.
cmdline: poweroff
guest: VM0_COUNTER pic.elf
guest: VM1_COUNTER counter.elf
timeout: 90
expect hv: RTC 
expect VM0_COUNTER: PIC found
expect VM0_COUNTER: PICs initialised, masked
expect VM0_COUNTER: IRQ 4 requested
expect VM0_COUNTER: IRQ 4 taken on vector 0x34
expect VM0_COUNTER: in service in its handler
expect VM0_COUNTER: IIR named the THRE interrupt
expect VM0_COUNTER: EOI ended it
expect VM0_COUNTER: masked IRQ 4 waits in IRR
expect VM0_COUNTER: unmasked: taken, ended by a specific EOI
expect VM0_COUNTER: ELCR: IRQ 0-2, 8, 13 stay edge
expect VM0_COUNTER: RTC: no update in progress, 24-hour BCD, valid
expect VM0_COUNTER: RTC: a valid BCD date
expect VM0_COUNTER: TSC cycles, as long as the TSC's
expect hv: VM0_COUNTER: CMOS write 0x13 to register 0x8: the RTC is read-only, dropped (reported once)
expect VM0_COUNTER: RTC write ignored
expect VM1_COUNTER: progress 8
expect hv: powering off
reject *: NOT
reject *: wrong
reject *: unexpected
reject *: went through
reject hv: I/O port 0x80
reject hv: register 0xf
