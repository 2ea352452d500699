# The tables keep the boot area free of guest memory, so a module GRUB put elsewhere would not be
# safe: with the area shrunk to the first 4 KiB of the image (an edit of the emitted tables), the
# hypervisor stops at boot naming the module, where it lies and the area.
tables: config_hv.c s/\.boot_area = {[^}]*}/.boot_area = {0x100000, 0x1000}/
cmdline: poweroff
guest: VM0_COUNTER counter.elf
guest: VM1_COUNTER counter.elf
timeout: 60
expect hv: FATAL: pCPU0: module guest0 at 0x
expect hv: lies outside the boot area 0x100000-0x100fff, which the tables keep free of guest memory
