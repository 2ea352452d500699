# VM0_COUNTER boots a KERNEL_BZIMAGE (tests/boot/bzimage.xml) with a ramdisk and boot arguments:
# tests/guests/bz-boot.c in the form of a bzImage, entered at startup_64 as Linux's 64-bit boot
# protocol says, reports the entry state and the boot_params the loader built; VM1 counts.
scenario: tests/boot/bzimage.xml
cmdline: poweroff
guest: VM0_COUNTER bz-boot.bzimage
ramdisk: VM0_COUNTER initrd.txt
guest: VM1_COUNTER counter.elf
timeout: 90
expect hv: VM0_COUNTER: 1 memory region(s), 16 MiB of RAM at GPA 0x0 (HPA 0x4000000), image guest0 (KERNEL_BZIMAGE), entry 0x100200, pCPU0
expect VM0_COUNTER: hello from a bzImage
expect VM0_COUNTER: 64-bit entry: CS 0x10 DS 0x18 SS 0x18, interrupts off, long mode, paging
expect VM0_COUNTER: GDT __BOOT_CS 0x00af9a000000ffff __BOOT_DS 0x00cf92000000ffff
expect VM0_COUNTER: boot_params at 0x00007000
expect VM0_COUNTER: loader type 0x000000ff
expect VM0_COUNTER: code32_start 0x00100000
expect VM0_COUNTER: sentinel 0x00000000
expect VM0_COUNTER: cmdline "console=ttyS0 quiet hello=bzimage"
expect VM0_COUNTER: e820: 4 entries
expect VM0_COUNTER: e820 0x00000000-0x000effff RAM
expect VM0_COUNTER: e820 0x000f0000-0x000fffff reserved
expect VM0_COUNTER: e820 0x00100000-0x00ffffff RAM
expect VM0_COUNTER: e820 0xe0000000-0xe00fffff reserved
expect VM0_COUNTER: initrd 43 bytes, page aligned yes, first line: the initrd of the bzImage test
expect VM0_COUNTER: acpi_rsdp_addr 0x000f2400
expect VM0_COUNTER: RSDP "RSD PTR ", OEM "ACRN  "
expect VM0_COUNTER: done
expect hv: VM0_COUNTER: stopped: halted with interrupts off
expect VM1_COUNTER: progress 8
expect hv: powering off
