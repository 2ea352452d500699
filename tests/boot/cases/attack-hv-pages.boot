# The hypervisor's own memory is never a guest's: tables that give ATTACKER host memory from
# 1 MiB (a second RAM region at GPA 0x1000000, 4 MiB) over the hypervisor image, its pCPU
# stacks, its page pool (the EPT and VMX pages) and the memory HV_RAM_START gives it are
# refused, naming each part it hits; VICTIM counts to the end.
scenario: scenarios/bochs-pc/attack.xml
tables: config_vms.c s/vm1_regions\[1\]/vm1_regions[2]/; s/\t{.gpa = 0x0U, .hpa = 0x5000000U, .size = 0x1000000U, .attr = ACFG_MEM_RAM},/&\n\t{.gpa = 0x1000000U, .hpa = 0x100000U, .size = 0x400000U, .attr = ACFG_MEM_RAM},/; /\.id = 1,/,/\.region_count/s/\.region_count = 1,/.region_count = 2,/
cmdline: poweroff
guest: VICTIM counter.elf
guest: ATTACKER poke-other.elf
timeout: 90
expect hv: ATTACKER: not started: RAM 0x100000-0x4fffff (GPA 0x1000000) overlaps the pCPU stacks 0x
expect hv: , the page pool 0x
expect hv: , the image 0x100000-0x
expect hv: , the hypervisor's memory 0x100000-0x10fffff
expect VICTIM: progress 8
expect hv: VICTIM: stopped: halted with interrupts off
expect hv: powering off
reject ATTACKER:
