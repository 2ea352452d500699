# The judging must not be fooled: VICTIM counts to 8 only, ATTACKER prints "[VICTIM] progress 9"
# and more in its own lines (tests/guests/impersonate.c). An expectation of that text from VICTIM
# must fail, and run-boot must say where the text came from instead.
scenario: scenarios/bochs-pc/attack.xml
cmdline: poweroff
guest: VICTIM counter.elf
guest: ATTACKER impersonate.elf
timeout: 90
expect VICTIM: progress 9
fails: missing VICTIM: progress 9 (written by ATTACKER: [ATTACKER] [VICTIM] progress 9
