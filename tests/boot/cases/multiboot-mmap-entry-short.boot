# GRUB's memory map with entries said to be 16 bytes long, shorter than the 24 bytes of an
# entry's fields (tests/guests/mb2-edit.c): read as they stand, each would take half of the next
# entry for its type. The hypervisor refuses the map with a fatal message that gives both sizes,
# and no VM starts.
loader: mmap-entry-short
cmdline: poweroff
guest: VM0_COUNTER counter.elf
guest: VM1_COUNTER counter.elf
timeout: 60
expect hv: FATAL: pCPU0: multiboot2 memory map of
expect hv: with entries of 16: shorter than their fields
reject VM0_COUNTER: progress
reject VM1_COUNTER: progress
