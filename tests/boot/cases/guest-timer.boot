# A guest's local APIC timer: TSC-deadline mode neither offered by CPUID nor taken (#GP);
# periodic interrupts on vector 0x20 wake it from HLT, each ended by EOI, 40,000 TSC cycles apart
# (within 1%) as programmed; then a one-shot expiry; then a HLT with the timer stopped ends that
# vCPU, since nothing could wake it. The other VM counts meanwhile.
cmdline: poweroff
guest: VM0_COUNTER tick.elf
guest: VM1_COUNTER counter.elf
timeout: 60
expect VM0_COUNTER: TSC-deadline timer hidden
expect hv: VM0_COUNTER: wrmsr 0x832 value 0x40020 at RIP 0x
expect VM0_COUNTER: TSC-deadline mode refused
expect VM0_COUNTER: timer counting down
expect VM0_COUNTER: periodic: 50 ticks, 
expect VM0_COUNTER: TSC cycles apart, as programmed
expect VM0_COUNTER: one-shot: tick 51
expect VM0_COUNTER: timer stopped, halting with interrupts on
expect hv: VM0_COUNTER: stopped: halted at RIP 0x
expect hv: waiting for an interrupt, with no timer armed
expect VM1_COUNTER: progress 8
expect hv: powering off
reject VM0_COUNTER: woke up
reject VM0_COUNTER: NOT as programmed
reject VM0_COUNTER: timer count wrong
