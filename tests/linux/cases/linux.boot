# scenarios/bochs-pc/linux.xml: Linux with one vCPU (LINUX) beside the clock guest (CLOCK,
# tests/guests/clock.c). Linux reaches vmcheck, whose checks all pass against what the scenario
# says (its bootargs); then, typed on the console, a shell shows the 8250's interrupt count
# rising, vmcheck run again with wrong expectations fails each of them, CLOCK measures a sleep
# of LINUX (start and stop over their vUART connection), and poweroff stops LINUX while CLOCK
# goes on.
scenario: scenarios/bochs-pc/linux.xml
cmdline: input=LINUX
guest: LINUX linux.bzImage
ramdisk: LINUX linux.initrd
guest: CLOCK clock.elf
timeout: 500
send LINUX: vmcheck: ready for commands => shell
send LINUX: init: vmcheck exited with status 0 => n0=$(awk '/ttyS0/ { print $2 }' /proc/interrupts)
send LINUX: n0=$(awk => n1=$(awk '/ttyS0/ { print $2 }' /proc/interrupts); [ "$n1" -gt "$n0" ] && echo "ttyS0 took" "$((n1 - n0)) interrupts"
send LINUX: ttyS0 took => vmcheck cpus=2 mem_mb=128 acpi=APIC,DSDT,FACP pci=00:00.0,00:01.0
send LINUX: vmcheck: done: 8 passed, 4 failed => echo start 2000 >/dev/ttyS1; sleep 2; echo stop >/dev/ttyS1
send CLOCK: stopwatch: a sleep of => poweroff -f
expect hv: LINUX: 1 memory region(s), 64 MiB of RAM at GPA 0x0 (HPA 0x4000000), image linux (KERNEL_BZIMAGE)
expect CLOCK: clock: the TSC runs at
expect LINUX: vmcheck: started
expect LINUX: vmcheck: PASS cpus: 1 online (0)
expect LINUX: vmcheck: PASS mem: e820 RAM 65472 KiB in 2 range(s), the VM's 64 MiB
expect LINUX: vmcheck: PASS meminfo: MemTotal
expect LINUX: vmcheck: PASS e820: RAM 0x0-0xeffff 0x100000-0x3ffffff
expect LINUX: vmcheck: PASS acpi: tables (checksums right) APIC DSDT FACP FACS MCFG
expect LINUX: vmcheck: PASS madt: enabled local APIC ids 0
expect LINUX: vmcheck: PASS ioapic: I/O APICs at 0xfec00000
expect LINUX: vmcheck: PASS pci: devices 00:00.0
expect LINUX: vmcheck: PASS pci-host-bridge: 00:00.0 is a host bridge (class 0x060000
expect LINUX: vmcheck: PASS console-irq: ttyS0 on IRQ 4
expect LINUX: vmcheck: PASS timer: slept 200 ms
expect LINUX: vmcheck: PASS ipi: a task ran on each of 1 CPU(s)
expect LINUX: vmcheck: done: 12 passed, 0 failed, 0 skipped
expect LINUX: ttyS0 took
expect LINUX: vmcheck: FAIL cpus: expected 2 online, got 1 (0)
expect LINUX: vmcheck: FAIL mem: expected 128 MiB of e820 RAM
expect LINUX: vmcheck: FAIL acpi: expected tables (checksums right) APIC DSDT FACP, got APIC DSDT FACP FACS MCFG
expect LINUX: vmcheck: FAIL pci: expected devices 00:00.0 00:01.0, got 00:00.0
expect CLOCK: stopwatch: started for 2000 ms
expect CLOCK: ms by this VM's clock: as long as asked
expect hv: LINUX: stopped: powered off (S5 through its PM1a control)
then CLOCK: clock:
reject CLOCK: NOT
