# The image must lie in the boot area the tables were built with: with the area's start moved
# 4 KiB above the image's (an edit of the emitted tables; the modules above the image stay
# inside), the hypervisor stops at boot naming the image and the area.
tables: config_hv.c s/\.boot_area = {[^}]*}/.boot_area = {0x101000, 0x3eff000}/
cmdline: poweroff
guest: VM0_COUNTER counter.elf
guest: VM1_COUNTER counter.elf
timeout: 60
expect hv: FATAL: pCPU0: the image 0x100000-0x
expect hv: lies outside the boot area 0x101000-0x3ffffff the tables were built with
