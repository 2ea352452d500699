# The Service VM's PCI bus is the board's less the devices of other VMs (tests/boot/service-vm-pci.xml:
# PRE_COUNTER has the USB controller 00:01.2): it finds the other four functions through its
# trapped 0xCF8/0xCFC, reads the size of a BAR as the firmware's value while sizing it, cannot move
# it (refused and reported), cannot reach the hidden function's configuration space by writes
# either, and finds its own I/O APIC at 0xFEC00000 (48 pins), not the board's (24).
scenario: tests/boot/service-vm-pci.xml
cfgc: -W no-hypervisor.passthrough -W no-pci.dmar
cmdline: poweroff
guest: PRE_COUNTER counter.elf
guest: SERVICE_VM svm-pci.elf
timeout: 90
expect SERVICE_VM: pci: 00:00.0 00:01.0 00:01.1 00:01.3
expect SERVICE_VM: bar: 00:01.1 BAR4 0x0000c001, sizing reads 0xfffffff1, a move is refused
expect hv: SERVICE_VM: PCI 00:01.1 BAR4: 4-byte write of 0xc100 would move it from 0xc001: refused
expect SERVICE_VM: hidden: 00:01.2 reads 0xffffffff
expect SERVICE_VM: ioapic: version register 0x002f0011
expect SERVICE_VM: done
expect PRE_COUNTER: progress 8
expect hv: powering off
reject SERVICE_VM: MOVED
