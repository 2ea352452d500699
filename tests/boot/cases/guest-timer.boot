# A guest's local APIC timer and priorities (tests/guests/tick.c): CPUID offers the TSC-deadline
# mode; periodic interrupts on vector 0x20 wake it from HLT, each ended by EOI, 40,000 TSC cycles
# apart (within 1%) as programmed; a one-shot expiry; a TSC-deadline expiry, not before its
# deadline, which it disarms; TPR class 2 holds a due vector 0x20 in IRR (PPR 0x20) until TPR
# drops to 0; a self-IPI is taken; self-IPIs requested together are taken highest first, and one
# in service (ISR) lets a higher class interrupt it and holds back its own until its EOI; then a
# HLT with the timer stopped ends that vCPU, since nothing could wake it. The other VM counts
# meanwhile.
cmdline: poweroff
guest: VM0_COUNTER tick.elf
guest: VM1_COUNTER counter.elf
timeout: 60
expect VM0_COUNTER: TSC-deadline timer offered
expect VM0_COUNTER: timer counting down
expect VM0_COUNTER: periodic: 50 ticks, 
expect VM0_COUNTER: TSC cycles apart, as programmed
expect VM0_COUNTER: one-shot: tick 51
expect VM0_COUNTER: TSC deadline armed
expect VM0_COUNTER: TSC deadline: tick at or after the deadline, disarmed
expect VM0_COUNTER: TPR 0x20: ticks 52
expect VM0_COUNTER: vector 0x20 waits in IRR, PPR 0x20
expect VM0_COUNTER: TPR 0: ticks 53
expect VM0_COUNTER: self-IPI: ticks 54
expect VM0_COUNTER: three vectors requested
expect VM0_COUNTER: taken in the order 0x50 0x41 0x3f
expect VM0_COUNTER: nested: taken in the order 0x30 0x60 0x31
expect VM0_COUNTER: 0x30 was in ISR in its handler
expect VM0_COUNTER: ISR empty after the EOIs
expect VM0_COUNTER: timer stopped, halting with interrupts on
expect hv: VM0_COUNTER: stopped: halted at RIP 0x
expect hv: waiting for an interrupt nothing can send
expect VM1_COUNTER: progress 8
expect hv: powering off
reject *: woke up
reject *: NOT
reject *: wrong
reject *: EARLY
reject *: still armed
reject *: lost
reject *: unexpected
