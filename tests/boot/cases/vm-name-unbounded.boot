# A VM name is a 16-byte array with its NUL: tables whose VM1 name fills all 16 bytes (the C
# initializer drops the NUL) would have the hypervisor print past its end. VM 1 is refused by
# its index, VM0's vUART connection to it names it without reading the name, and VM0 counts.
tables: config_vms.c s/\.name = "VM1_COUNTER",/.name = "VM1_COUNTER_WXYZ",/
cmdline: poweroff
guest: VM0_COUNTER counter.elf
guest: VM1_COUNTER counter.elf
timeout: 60
expect hv: VM 1: not started: its name has no NUL in its 16 bytes (15 characters at most)
expect hv: VM0_COUNTER: vUART 0x2f8: its peer (a VM whose name has no NUL) is not started here
expect VM0_COUNTER: progress 8
expect hv: VM0_COUNTER: stopped: halted with interrupts off
expect hv: powering off
reject *: VM1_COUNTER_WXYZ
reject VM1_COUNTER:
