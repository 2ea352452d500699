# GRUB boots the hypervisor: banner, multiboot2 memory map and modules, pCPU1 started with
# INIT-SIPI-SIPI, VMX on both pCPUs; then the two counter VMs run and the machine powers off.
cmdline: poweroff
guest: VM0_COUNTER counter.elf
guest: VM1_COUNTER counter.elf
timeout: 60
powers-off: yes
expect hv: acrn-hv 0.1, 2 pCPUs configured
expect hv: boot loader "GRUB
expect hv:   0x0000000000100000-0x000000000ffeffff RAM
expect hv:   0x00000000fffc0000-0x00000000ffffffff reserved
expect hv: guest0
expect hv: guest1
expect hv: pCPU0: up, hardware id 0 (LAPIC version 0x50014 at 0xfee00000, TSC
expect hv: pCPU1: up, hardware id 1 (LAPIC version 0x50014 at 0xfee00000, TSC
expect hv: pCPU0: VMX on (VMCS revision 0x2b, true controls, EPT, unrestricted guest)
expect hv: pCPU1: VMX on (VMCS revision 0x2b, true controls, EPT, unrestricted guest)
expect hv: all pCPUs idle
expect hv: powering off: 0x2000 to PM1a control at port 0xb004
