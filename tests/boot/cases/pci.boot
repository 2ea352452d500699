# The virtual PCI bus of a pre-launched VM (tests/guests/bz-pci.c, VM0_COUNTER's bzImage): the host
# bridge 00:00.0 (8086:5af0, class 060000, no BARs) through ports 0xCF8/0xCFC and through the
# ECAM window at 0xE0000000 read by the moves Linux uses; no other function answers; an access
# past the window stops that VM and VM1_COUNTER keeps counting.
scenario: tests/boot/bzimage.xml
cmdline: poweroff
guest: VM0_COUNTER bz-pci.bzimage
ramdisk: VM0_COUNTER initrd.txt
guest: VM1_COUNTER counter.elf
timeout: 90
expect VM0_COUNTER: cf8 reads back 0x80000000
expect VM0_COUNTER: 00:00.0 id 0x5af08086
expect VM0_COUNTER: 00:00.0 device by word 0x00005af0
expect VM0_COUNTER: 00:00.0 device low byte 0x000000f0
expect VM0_COUNTER: 00:00.0 class 0x06000000
expect VM0_COUNTER: 00:00.0 header type 0x00000000
expect VM0_COUNTER: 00:00.0 BAR0 after all ones 0x00000000
expect VM0_COUNTER: 00:01.0 id 0xffffffff
expect VM0_COUNTER: 01:00.0 id 0xffffffff
expect VM0_COUNTER: disabled address, data 0xffffffff
expect VM0_COUNTER: ecam 00:00.0 id 0x5af08086
expect VM0_COUNTER: ecam 00:00.0 class 0x06000000
expect VM0_COUNTER: ecam 00:00.0 device by word 0x00005af0
expect VM0_COUNTER: ecam device low byte into AH, RAX low 0x5566f088
expect VM0_COUNTER: ecam device high byte by movzx 0x0000005a
expect VM0_COUNTER: ecam BAR0, BAR1 after writes 0x00000000
expect VM0_COUNTER: ecam 00:01.0 id 0xffffffff
expect VM0_COUNTER: ecam 00:00.0 extended space 0x00000000
expect VM0_COUNTER: reading past the ECAM window
expect hv: VM0_COUNTER: stopped: EPT violation: read at GPA 0xe0100000
expect VM1_COUNTER: progress 8
expect hv: powering off
reject VM0_COUNTER: past the window 0x
