# scenarios/bochs-pc-4cpu/linux-smp.xml on a four-CPU Bochs PC (boards/bochs-pc-4cpu.xml): Linux with
# two vCPUs (LINUX, pCPU0 and pCPU1) beside the clock guest (CLOCK, pCPU2). Linux brings up its
# second vCPU, and vmcheck's checks all pass against what the scenario says; then, typed on the
# console, nproc counts 2 CPUs, and a root process writing through /dev/mem outside LINUX's RAM
# (at the GPA that is CLOCK's first HPA) stops LINUX while CLOCK goes on.
scenario: scenarios/bochs-pc-4cpu/linux-smp.xml
board: boards/bochs-pc-4cpu.xml
bochs: cpu: count=4
cmdline: input=LINUX
guest: LINUX linux.bzImage
ramdisk: LINUX linux.initrd
guest: CLOCK clock.elf
timeout: 500
send LINUX: vmcheck: ready for commands => shell
send LINUX: init: vmcheck exited with status 0 => echo "nproc says" $(nproc)
send LINUX: nproc says => devmem 0x8000000 32 0x600dc0de
expect hv: acrn-hv 0.1, 4 pCPUs configured, 2 VMs, board bochs-pc-4cpu
expect hv: LINUX: 1 memory region(s), 64 MiB of RAM at GPA 0x0 (HPA 0x4000000), image linux (KERNEL_BZIMAGE)
expect hv: LINUX: vCPU1 started on pCPU1
expect CLOCK: clock: the TSC runs at
expect LINUX: vmcheck: PASS cpus: 2 online (0-1)
expect LINUX: vmcheck: PASS mem: e820 RAM 65472 KiB in 2 range(s), the VM's 64 MiB
expect LINUX: vmcheck: PASS meminfo: MemTotal
expect LINUX: vmcheck: PASS e820: RAM 0x0-0xeffff 0x100000-0x3ffffff
expect LINUX: vmcheck: PASS acpi: tables (checksums right) APIC DSDT FACP FACS MCFG
expect LINUX: vmcheck: PASS madt: enabled local APIC ids 0 1
expect LINUX: vmcheck: PASS ioapic: I/O APICs at 0xfec00000
expect LINUX: vmcheck: PASS pci: devices 00:00.0
expect LINUX: vmcheck: PASS console-irq: ttyS0 on IRQ 4
expect LINUX: vmcheck: PASS timer: slept 200 ms
expect LINUX: vmcheck: PASS ipi: a task ran on each of 2 CPU(s)
expect LINUX: vmcheck: done: 12 passed, 0 failed, 0 skipped
expect LINUX: nproc says 2
expect hv: LINUX: stopped: EPT violation: write at GPA 0x8000000
then CLOCK: clock:
reject CLOCK: NOT
