# VM0_COUNTER's bzImage is older than the 64-bit boot protocol (its version field says 2.09): the
# hypervisor names the VM, the image and the field, and does not start that VM; VM1 runs.
scenario: tests/boot/bzimage.xml
cmdline: poweroff
guest: VM0_COUNTER bz-bad-version.bzimage
ramdisk: VM0_COUNTER initrd.txt
guest: VM1_COUNTER counter.elf
timeout: 90
expect hv: VM0_COUNTER: not started: image guest0 (KERNEL_BZIMAGE): boot protocol version (0x206) is 2.09, older than 2.12, the first to announce a 64-bit entry
expect hv: VM1_COUNTER: started on pCPU1
expect VM1_COUNTER: progress 8
expect hv: VM1_COUNTER: stopped: halted with interrupts off
expect hv: powering off
reject hv: VM0_COUNTER: started
reject VM0_COUNTER:
