# The local APIC in xAPIC mode (tests/guests/xapic.c), entered through the disabled state: its
# page at 0xfee00000 through emulated MMIO; ID and version; a self-IPI through ICR with the
# delivery status idle, ended by an EOI write; flat logical addressing; TPR holding a vector
# back (PPR); a one-shot timer; x2APIC MSRs refused in this mode; the page moved and back; then
# x2APIC mode again. The other VM counts meanwhile.
cmdline: poweroff
guest: VM0_COUNTER xapic.elf
guest: VM1_COUNTER counter.elf
timeout: 90
expect VM0_COUNTER: xAPIC mode at 0xfee00000
expect VM0_COUNTER: ID 0, version 0x14 with six LVTs
expect VM0_COUNTER: ICR: delivery status idle
expect VM0_COUNTER: self-IPI through ICR taken, EOI written
expect VM0_COUNTER: flat logical IPI to itself taken
expect VM0_COUNTER: TPR 0x60 holds vector 0x52 back, PPR 0x60
expect VM0_COUNTER: TPR 0: taken
expect VM0_COUNTER: timer counting down
expect VM0_COUNTER: one-shot timer through the page
expect VM0_COUNTER: x2APIC MSRs refused in xAPIC mode
expect VM0_COUNTER: page moved: registers at the new address
expect VM0_COUNTER: x2APIC mode again
expect VM0_COUNTER: done
expect VM1_COUNTER: progress 8
expect hv: powering off
reject *: NOT
reject *: wrong
reject *: unexpected
reject hv: stopped: MMIO
reject hv: EPT violation
