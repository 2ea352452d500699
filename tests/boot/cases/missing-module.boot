# The scenario names module guest0 for VM0_COUNTER; GRUB did not load it: VM0_COUNTER is not
# started, with a clear message, and VM1_COUNTER runs.
cmdline: poweroff
guest: VM1_COUNTER counter.elf
timeout: 60
expect hv: VM0_COUNTER: not started: no multiboot2 module named "guest0"
expect VM1_COUNTER: progress 8
expect hv: powering off
reject VM0_COUNTER:
