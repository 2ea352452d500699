# The default scenario's vUART connection (COM2 of VM0 to COM2 of VM1, as in ACRN's partitioned
# sample): VM0 sends three lines, VM1 answers each, and each side prints what it received.
cmdline: poweroff
guest: VM0_COUNTER vuart-ping.elf
guest: VM1_COUNTER vuart-pong.elf
timeout: 60
expect hv: VM0_COUNTER: vUART 0x2f8 is connected to VM1_COUNTER's vUART 0x2f8
expect hv: VM1_COUNTER: vUART 0x2f8 is connected to VM0_COUNTER's vUART 0x2f8
expect VM1_COUNTER: received: ping 1
expect VM0_COUNTER: received: pong to ping 1
expect VM1_COUNTER: received: ping 3
expect VM0_COUNTER: received: pong to ping 3
expect VM0_COUNTER: done
expect VM1_COUNTER: done
expect hv: powering off
reject hv: dropped
