# VM0_COUNTER (tests/guests/acpi-poweroff.c) finds its ACPI tables where a PC's OS looks, at the
# RSDP in the BIOS area, reads the FADT's PM1a blocks and uses them: PM1_CNT reads with SCI_EN,
# PM1_EN keeps what is written, S1 is refused and reported, S5 powers off that VM alone, and
# VM1_COUNTER keeps counting to the end.
cmdline: poweroff
guest: VM0_COUNTER acpi-poweroff.elf
guest: VM1_COUNTER counter.elf
timeout: 90
expect VM0_COUNTER: RSDP: RSD PTR , XSDT: XSDT, tables: FACP APIC MCFG
expect VM0_COUNTER: PM1a event block 0x00000400, control block 0x00000404
expect VM0_COUNTER: PM1_CNT 0x00000001, PM1_STS 0x00000000, PM1_EN after writing 0x120: 0x00000120
expect hv: VM0_COUNTER: sleep type 1 through PM1a control is not offered: ignored
expect VM0_COUNTER: still running after S1
expect VM0_COUNTER: entering S5
expect hv: VM0_COUNTER: stopped: powered off (S5 through its PM1a control)
expect VM1_COUNTER: progress 8
expect hv: VM1_COUNTER: stopped: halted with interrupts off
expect hv: powering off
reject VM0_COUNTER: still running after S5
