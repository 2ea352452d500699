# The default scenario's vUART connection, interrupt driven at both ends (tests/guests/vuart-irq.c):
# COM2 raises IRQ 3 through the PIC and LINT0 for received data and for an empty transmitter;
# each VM queues three lines, sleeps in HLT, and prints the peer's three lines.
cmdline: poweroff
guest: VM0_COUNTER vuart-irq.elf
guest: VM1_COUNTER vuart-irq.elf
timeout: 60
expect VM0_COUNTER: received: line 1 (interrupt driven)
expect VM0_COUNTER: received: line 3 (interrupt driven)
expect VM1_COUNTER: received: line 1 (interrupt driven)
expect VM1_COUNTER: received: line 3 (interrupt driven)
expect VM0_COUNTER: RX and TX interrupts taken
expect VM1_COUNTER: RX and TX interrupts taken
expect VM0_COUNTER: done
expect VM1_COUNTER: done
expect hv: powering off
reject *: NOT
reject *: unexpected
reject hv: dropped
