# VM0_COUNTER's bzImage asks for more room (init_size, 2 GiB) than its VM has: the hypervisor
# names the VM, the image and the field, and does not start that VM; VM1 runs.
scenario: tests/boot/bzimage.xml
cmdline: poweroff
guest: VM0_COUNTER bz-bad-initsize.bzimage
ramdisk: VM0_COUNTER initrd.txt
guest: VM1_COUNTER counter.elf
timeout: 90
expect hv: VM0_COUNTER: not started: image guest0 (KERNEL_BZIMAGE): init_size (0x260) 0x7f000000 at 0x100000 (pref_address, 0x258) does not fit the VM's RAM
expect hv: VM1_COUNTER: started on pCPU1
expect VM1_COUNTER: progress 8
expect hv: VM1_COUNTER: stopped: halted with interrupts off
expect hv: powering off
reject hv: VM0_COUNTER: started
reject VM0_COUNTER:
