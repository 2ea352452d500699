# GRUB's information with module guest1 ending a page before it starts (tests/guests/mb2-edit.c):
# taken as it is, end - start wraps to almost 2^64 bytes of kernel image. The hypervisor leaves
# the module out, so VM1_COUNTER, whose kernel it is, is not started; VM0_COUNTER runs.
loader: module-backwards
cmdline: poweroff
guest: VM0_COUNTER counter.elf
guest: VM1_COUNTER counter.elf
timeout: 60
expect hv: multiboot2 module "guest1" ends (0x
expect hv: ) before it starts (0x
expect hv: VM1_COUNTER: not started: no multiboot2 module named "guest1"
expect VM0_COUNTER: progress 8
expect hv: powering off
reject VM1_COUNTER:
