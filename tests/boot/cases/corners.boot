# Guest-visible corners of instructions the hypervisor does for a guest (tests/guests/corners.c):
# single-stepping CPUID, OUT and RDMSR traps right after each with DR6.BS; a 32-bit EIP wraps to
# 0 past a CPUID at 0xfffffffe (instead of a failed VM entry); RDPMC with CR4.PCE gets #GP, no
# counter, and is reported; a HLT with the one-shot timer about 5 * 10^11 TSC cycles ahead returns
# for nothing while the hypervisor keeps taking its ticks on that pCPU ("stats": a line each
# second of the vCPU's run). The other VM counts meanwhile.
cmdline: stats
guest: VM0_COUNTER corners.elf
guest: VM1_COUNTER counter.elf
timeout: 150
expect VM0_COUNTER: single step over cpuid: #DB at the next instruction, DR6.BS
expect VM0_COUNTER: single step over out: #DB at the next instruction, DR6.BS
expect VM0_COUNTER: single step over rdmsr: #DB at the next instruction, DR6.BS
expect VM0_COUNTER: eip wrapped to 0 after cpuid at 0xfffffffe
expect VM0_COUNTER: rdpmc counter 0: #GP
expect VM0_COUNTER: rdpmc fixed counter 0: #GP
expect hv: VM0_COUNTER: rdpmc of counter 0x0 at RIP 0x
expect hv: VM0_COUNTER: rdpmc of counter 0x40000000 at RIP 0x
expect VM0_COUNTER: halting with the one-shot timer far ahead
expect hv: VM0_COUNTER: running 3.00 s
expect VM1_COUNTER: progress 8
reject VM0_COUNTER: WRONG
reject VM0_COUNTER: NOT
reject VM0_COUNTER: woke up
reject VM0_COUNTER: unexpected
reject hv: VM0_COUNTER: stopped
