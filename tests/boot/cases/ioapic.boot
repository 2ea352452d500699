# The VM's I/O APIC through emulated MMIO (tests/guests/ioapic.c): version 0x11 with 48 pins, ID
# and version read-only, pins masked at reset; COM1's vUART on pin 4, edge-triggered on the
# vector its entry names; level-triggered with remote IRR and TMR set until the EOI and the
# message sent again while the line stays up, held while masked; the MMIO instruction forms,
# also under 32-bit and PAE paging through aliases of the page and of the code; 8- and 16-bit
# accesses, which reach no register, reported and ignored. The other VM counts meanwhile.
cmdline: poweroff
guest: VM0_COUNTER ioapic.elf
guest: VM1_COUNTER counter.elf
timeout: 90
expect VM0_COUNTER: I/O APIC version 0x11, 48 pins
expect VM0_COUNTER: ID and version stay as they are
expect VM0_COUNTER: pin 4 masked at reset
expect VM0_COUNTER: edge: IRQ 4 through pin 4 on vector 0x44
expect VM0_COUNTER: level: remote IRR and TMR set in the handler, sent again after the EOI
expect VM0_COUNTER: level: remote IRR clear at the end
expect VM0_COUNTER: level: held while masked, sent on unmasking
expect hv: VM0_COUNTER: I/O APIC 1-byte read at offset 0x10: no register, ignored
expect hv: VM0_COUNTER: I/O APIC 2-byte read at offset 0x12: no register, ignored
expect VM0_COUNTER: instruction forms: each read the version
expect VM0_COUNTER: 32-bit paging: the forms through aliases
expect VM0_COUNTER: PAE paging: the forms through aliases
expect VM0_COUNTER: done
expect VM1_COUNTER: progress 8
expect hv: powering off
reject *: NOT
reject *: wrong
reject *: unexpected
reject hv: stopped: MMIO
reject hv: EPT violation
