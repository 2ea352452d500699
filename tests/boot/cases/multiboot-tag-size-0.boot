# The boot loader's information is input too: GRUB's, with a tag of size 0 before the end tag
# (tests/guests/mb2-edit.c enters the hypervisor with it). A walk that adds each tag's size to
# its offset reads that tag forever; the hypervisor says where it stopped and both VMs run.
loader: tag-size-0
cmdline: poweroff
guest: VM0_COUNTER counter.elf
guest: VM1_COUNTER counter.elf
timeout: 60
expect hv: multiboot2 tag 127 at offset
expect hv: has size 0 (16 bytes left): the tags from it on are ignored
expect hv: boot loader "GRUB
expect VM0_COUNTER: progress 8
expect VM1_COUNTER: progress 8
expect hv: powering off
