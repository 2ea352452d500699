# scenarios/bochs-pc/hybrid.xml: Linux as the Service VM (LINUX, pCPU1) beside the clock guest
# pre-launched (CLOCK, pCPU0, host 0x4000000-0x4ffffff). Linux finds ACRN by CPUID and the HSM
# driver its privileged bit (/dev/acrn_hsm), reads the firmware's ACPI tables with the MADT
# rewritten to its one vCPU, enumerates the board's PCI functions through the trapped 0xCF8/0xCFC,
# and vmcheck's checks pass; then, typed on the console, a root write through /dev/mem into
# CLOCK's memory is dropped and reported by the hypervisor, a read there gives all ones, LINUX runs
# on; the board's IDE controller works in Linux (ata_piix: its legacy ports and bus-master block
# passed through, IRQ 14 forwarded from the board's I/O APIC): /dev/sr0, the GRUB CD Bochs boots
# from, holds ISO 9660's "CD001" at byte 32769; and CLOCK counts throughout. Before vmcheck,
# hsmcheck (tests/linux/hsmcheck.c) drives the unmodified HSM driver: it creates POST_VM on LINUX's
# pCPU, runs the tiny guest tests/guests/uvm-io.c in it and serves its I/O requests, then the
# remaining ioctls (power states, devices, eventfds) and what the hypervisor must refuse (CLOCK's
# and the hypervisor's memory, one VM too many).
scenario: scenarios/bochs-pc/hybrid.xml
cmdline: input=LINUX
guest: LINUX linux.bzImage
ramdisk: LINUX linux.initrd
guest: CLOCK clock.elf
timeout: 600
send LINUX: vmcheck: ready for commands => poke 0x4000000
send LINUX: poke 0x4000000: the write went through => peek 0x4000000
send LINUX: peek 0x4000000: read => shell
send LINUX: init: vmcheck exited with status 0 => dmesg | grep -m1 -o "Hypervisor detected: [A-Z]*"; [ -c /dev/acrn_hsm ] && printf '%s is a %s\n' /dev/acrn_hsm "character device"
send LINUX: /dev/acrn_hsm is a character => printf '%s at byte %d of /dev/sr0\n' "$(dd if=/dev/sr0 bs=2048 skip=16 count=1 2>/dev/null | dd bs=1 skip=1 count=5 2>/dev/null)" 32769; awk '/ata_piix/ { print "IRQ", $1, "took", $2 }' /proc/interrupts
send LINUX: at byte 32769 of /dev/sr0 => echo start 1000 >/dev/ttyS1; sleep 1; echo stop >/dev/ttyS1
expect hv: LINUX: RAM 0x5000000-0xffeffff (GPA = HPA)
expect hv: LINUX: ACPI: MADT at 0x
expect hv: LINUX: ACPI: the firmware's tables, RSDP at 0x
expect hv: LINUX: image linux (KERNEL_BZIMAGE), entry 0x1000200, pCPU1
expect CLOCK: clock: the TSC runs at
expect LINUX: hsmcheck: PASS pm-cx-count: 0 C-states
expect LINUX: hsmcheck: PASS assign-pcidev-refused: refused: No such device
expect LINUX: hsmcheck: PASS irqfd-signal: signalled
expect LINUX: hsmcheck: PASS memseg-pre-vm-refused
expect LINUX: hsmcheck: done: 
expect LINUX: init: hsmcheck exited with status 0
expect LINUX: vmcheck: started
expect LINUX: vmcheck: PASS cpus: 1 online (0)
expect LINUX: vmcheck: PASS madt: enabled local APIC ids 0
expect LINUX: vmcheck: PASS ioapic: I/O APICs at 0xfec00000
expect LINUX: vmcheck: PASS pci: devices 00:00.0 00:01.0 00:01.1 00:01.2 00:01.3
expect LINUX: vmcheck: PASS console-irq: ttyS0 on IRQ 4
expect LINUX: vmcheck: PASS timer: slept 200 ms
expect LINUX: vmcheck: done:
expect LINUX: poke 0x4000000: writing 0x600dc0de through /dev/mem
expect hv: LINUX: 4-byte write of 0x600dc0de to GPA 0x4000000, which is not its: dropped
expect LINUX: peek 0x4000000: read 0xffffffff
expect LINUX: Hypervisor detected: ACRN
expect LINUX: /dev/acrn_hsm is a character device
expect LINUX: CD001 at byte 32769 of /dev/sr0
expect LINUX: IRQ 14: took
expect CLOCK: stopwatch: started for 1000 ms
expect CLOCK: ms by this VM's clock: as long as asked
then CLOCK: clock:
reject LINUX: vmcheck: FAIL
reject LINUX: hsmcheck: FAIL
reject hv: LINUX: stopped
reject CLOCK: NOT
