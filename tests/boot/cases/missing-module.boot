# The scenario names module guest0 for VM0_COUNTER; GRUB did not load it: a fatal, clear message.
cmdline: poweroff
guest: VM1_COUNTER counter.elf
timeout: 60
expect hv: FATAL: pCPU0: VM0_COUNTER: no multiboot2 module named "guest0"
