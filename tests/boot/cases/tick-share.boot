# The hypervisor's tick costs no exit of its own while the guest's timer exits more often
# (tests/guests/tick-share.c, arch/x86/vmcs.c): the tick, due every 10 ms, is taken at the first
# exit after that, and the VMX-preemption timer aims 7/8 of a tick later, so a guest timer of
# 5 ms always comes first; the VM's timer exits are exactly the guest's 200 expiries (with a
# tick of its own, about 100 more). VM1 greets and stops.
cmdline: poweroff
guest: VM0_COUNTER tick-share.elf
guest: VM1_COUNTER halt.elf
timeout: 90
expect VM0_COUNTER: timer: 200 expiries
expect hv: VM0_COUNTER: ran 1.0
expect hv: timer 200, other 0)
reject *: unexpected
expect hv: powering off
