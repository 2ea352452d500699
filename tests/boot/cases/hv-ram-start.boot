# One truth for where the hypervisor lives: a scenario that sets HV_RAM_START (0x6000000, above
# the boot area) gets an image linked there, which the hypervisor finds is where its tables
# place it; both VMs run. A VM region over that memory is refused (attack-hv-pages, at 1 MiB).
scenario: tests/boot/hv-ram-start.xml
cmdline: poweroff
guest: VM0_COUNTER counter.elf
guest: VM1_COUNTER counter.elf
timeout: 60
expect hv: image 0x6000000-0x6
expect VM0_COUNTER: progress 8
expect VM1_COUNTER: progress 8
expect hv: powering off
