# The image must run where the tables place the hypervisor: with HV_RAM_START moved 4 KiB above
# the image's start in the emitted config_hv.c alone (the linker script took the address from
# config_gen.h, so only an edit after the fact can make them differ), the hypervisor stops at
# boot naming the image and where the tables place it.
tables: config_hv.c s/\.ram_start = 0x100000U,/.ram_start = 0x101000U,/
cmdline: poweroff
guest: VM0_COUNTER counter.elf
guest: VM1_COUNTER counter.elf
timeout: 60
expect hv: FATAL: pCPU0: the image 0x100000-0x
expect hv: is not where the tables place the hypervisor (HV_RAM_START 0x101000, HV_RAM_SIZE 0x1000000)
