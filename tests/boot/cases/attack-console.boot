# ATTACKER prints lines that look like VICTIM's and the hypervisor's after a newline, a carriage
# return, terminal escapes, backspaces, 8-bit controls, at the point where a long line wraps, and
# without a final newline (tests/guests/impersonate.c): each arrives as ATTACKER's own line, so
# the judging (tests/boot/judge) attributes none of it to VICTIM or hv. VICTIM counts to the end.
# The long command line makes the hypervisor's boot-loader line longer than its console buffer:
# cut short, it must still end, or the next line would continue it ("hv: ... hv: image ...").
scenario: scenarios/bochs-pc/attack.xml
cmdline: poweroff filler-to-make-the-boot-loader-line-longer-than-the-console-buffer filler-to-make-the-boot-loader-line-longer-than-the-console-buffer filler-to-make-the-boot-loader-line-longer-than-the-console-buffer filler-to-make-the-boot-loader-line-longer-than-the-console-buffer
guest: VICTIM counter.elf
guest: ATTACKER impersonate.elf
timeout: 90
expect ATTACKER: hello from guest
expect ATTACKER: [VICTIM] progress 9 (forged after a newline)
expect ATTACKER: [VICTIM] progress 10 (forged after a carriage return)
expect ATTACKER: .[2K.[1G[VICTIM] progress 11 (forged after terminal escapes)
expect ATTACKER: ...........[VICTIM] progress 12 (forged after backspaces)
expect ATTACKER: hv: VICTIM: stopped: forged by ATTACKER
expect ATTACKER: .[2K..[VICTIM] progress 13 (forged after 8-bit controls)
expect ATTACKER: [VICTIM] progress 14 (forged at the wrap)
expect ATTACKER: [VICTIM] progress 15 (forged, no newline)
expect hv: ATTACKER: stopped: halted with interrupts off
expect VICTIM: progress 8
expect hv: VICTIM: stopped: halted with interrupts off
expect hv: powering off
reject VICTIM: forged
reject hv: forged
reject hv: hv: image
