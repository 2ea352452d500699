# Device memory is checked like RAM: tables that give ATTACKER a passthrough device whose memory
# BAR lies over VICTIM's RAM (the board's 00:01.3, edited to have BAR0 at host 0x4000000) are
# refused, naming the BAR and VICTIM's region, before anything could map it; VICTIM counts.
scenario: scenarios/bochs-pc/attack.xml
tables: config_board.c s/\(\.int_pin = 1, \.gsi = ACFG_NONE, \.flags = 0,\)/\1\n\t\t.bars = {[0] = {.base = 0x4000000U, .size = 0x1000U, .type = ACFG_BAR_MEM32, .flags = 0}},/
tables: config_vms.c s/^static const struct acfg_vm vms\[2\]/static const struct acfg_ptdev vm1_ptdevs[1] = {{.board_dev = 4, .pgsi = ACFG_NONE, .vgsi = ACFG_NONE, .vbdf = 0x18}};\n&/; /\.id = 1,/,/\.ivshmem = NULL/{s/\.ptdev_count = 0,/.ptdev_count = 1,/; s/\.ptdevs = NULL,/.ptdevs = vm1_ptdevs,/}
cmdline: poweroff
guest: VICTIM counter.elf
guest: ATTACKER poke-other.elf
timeout: 90
expect hv: ATTACKER: not started: MMIO 0x4000000-0x4000fff (00:01.3 BAR0) overlaps VICTIM's RAM 0x4000000-0x4ffffff (GPA 0x0)
expect VICTIM: progress 8
expect hv: VICTIM: stopped: halted with interrupts off
expect hv: powering off
reject ATTACKER:
