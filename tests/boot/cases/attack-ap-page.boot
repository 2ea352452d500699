# The AP start-up page is the hypervisor's: tables that give ATTACKER host memory 0-0x9efff
# (a second RAM region at GPA 0x1000000; a board of eight pCPUs, pCPU2 to pCPU7 nobody's) would
# let it write code at host 0x8000 that a pCPU started after ATTACKER's runs after its start-up IPI, in ring 0
# outside VMX (tests/guests/ap-hijack.c prints ESCAPE from there). The hypervisor refuses
# ATTACKER naming the region and the page; VICTIM counts to the end.
scenario: scenarios/bochs-pc/attack.xml
tables: config_board.c s/pcpus\[2\]/pcpus[8]/; s/\t{.id = 1, .apic_id = 0x1},/&\n\t{.id = 2, .apic_id = 0x2},\n\t{.id = 3, .apic_id = 0x3},\n\t{.id = 4, .apic_id = 0x4},\n\t{.id = 5, .apic_id = 0x5},\n\t{.id = 6, .apic_id = 0x6},\n\t{.id = 7, .apic_id = 0x7},/; s/\.pcpu_count = 2,/.pcpu_count = 8,/
tables: config_vms.c s/vm1_regions\[1\]/vm1_regions[2]/; s/\t{.gpa = 0x0U, .hpa = 0x5000000U, .size = 0x1000000U, .attr = ACFG_MEM_RAM},/&\n\t{.gpa = 0x1000000U, .hpa = 0x0U, .size = 0x9f000U, .attr = ACFG_MEM_RAM},/; /\.id = 1,/,/\.region_count/s/\.region_count = 1,/.region_count = 2,/
bochs: cpu: count=8
cmdline: poweroff
guest: VICTIM counter.elf
guest: ATTACKER ap-hijack.elf
timeout: 120
expect hv: ATTACKER: not started: RAM 0x0-0x9efff (GPA 0x1000000) overlaps the AP start-up page 0x8000-0x8fff
expect hv: pCPU2: up
expect hv: pCPU7: up
expect VICTIM: progress 8
expect hv: VICTIM: stopped: halted with interrupts off
expect hv: powering off
reject *: ESCAPE
reject ATTACKER:
