# A VM whose kernel type the hypervisor does not load (KERNEL_BZIMAGE): the image build refuses
# the scenario, so its tables are built here with that rule off; the hypervisor stops at boot
# and names the VM, the kernel type, the image and what it loads instead.
scenario: tests/boot/bzimage.xml
cfgc: -W no-hypervisor.kernel-type
cmdline: poweroff
guest: VM0_COUNTER counter.elf
guest: VM1_COUNTER counter.elf
timeout: 60
expect: hv: FATAL: pCPU0: VM0_COUNTER: kernel type KERNEL_BZIMAGE of image guest0 is not supported yet: this hypervisor loads KERNEL_ELF and KERNEL_RAWIMAGE
