# ATTACKER turns interrupts off and spins: the hypervisor's timer still takes its pCPU back every
# tick ("stats" prints each VM's exit counts every second of its run), and VICTIM counts to the
# end. ATTACKER never stops, so the run ends when the lines are seen.
scenario: scenarios/bochs-pc/attack.xml
cmdline: stats
guest: VICTIM counter.elf
guest: ATTACKER spin.elf
timeout: 90
expect ATTACKER: spinning with interrupts off
expect hv: ATTACKER: running 1.00 s, 
expect hv: ATTACKER: running 2.00 s, 
expect VICTIM: progress 8
expect hv: VICTIM: ran 
