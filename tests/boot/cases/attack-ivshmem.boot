# A region typed as shared memory is checked like any other: tables that give ATTACKER an
# ivshmem region over VICTIM's RAM (host 0x4000000, at ATTACKER's GPA 0x1000000), which no
# ivshmem region of the tables declares, would let it rewrite VICTIM's text
# (tests/guests/rewrite-other.c: VICTIM would print "pijacked N", its first letter being code). The hypervisor refuses
# ATTACKER naming its region and VICTIM's; VICTIM counts to the end.
scenario: scenarios/bochs-pc/attack.xml
tables: config_vms.c s/vm1_regions\[1\]/vm1_regions[2]/; s/\t{.gpa = 0x0U, .hpa = 0x5000000U, .size = 0x1000000U, .attr = ACFG_MEM_RAM},/&\n\t{.gpa = 0x1000000U, .hpa = 0x4000000U, .size = 0x1000000U, .attr = ACFG_MEM_IVSHMEM},/; /\.id = 1,/,/\.region_count/s/\.region_count = 1,/.region_count = 2,/
cmdline: poweroff
guest: VICTIM counter.elf
guest: ATTACKER rewrite-other.elf
timeout: 90
expect hv: ATTACKER: not started: ivshmem 0x4000000-0x4ffffff (GPA 0x1000000) overlaps VICTIM's RAM 0x4000000-0x4ffffff (GPA 0x0)
expect VICTIM: progress 8
expect hv: VICTIM: stopped: halted with interrupts off
expect hv: powering off
reject *: ijacked
reject ATTACKER:
