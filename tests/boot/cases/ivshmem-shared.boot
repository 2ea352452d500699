# The one memory two VMs may share is an ivshmem region the tables declare, with both as members
# (tests/boot/ivshmem.xml, built past the image build's refusal of ivshmem; its BAR2 moved to GPA
# 0x1000000 in both VMs so that the 32-bit test guest reaches it). Both VMs are accepted, and
# the region (host 0x6000000) reads zero in each although Bochs filled it with 0xa5 first.
scenario: tests/boot/ivshmem.xml
cfgc: -W no-hypervisor.ivshmem
tables: config_vms.c s/0x4000000000U/0x1000000U/g
bochs: optramimage1: file=@GUESTS@/dirty.bin, address=0x6000000
cmdline: poweroff
guest: VM0_COUNTER shm-zero.elf
guest: VM1_COUNTER shm-zero.elf
timeout: 60
expect VM0_COUNTER: shared memory: zero
expect VM1_COUNTER: shared memory: zero
expect hv: powering off
reject *: not zero
reject hv: not started
