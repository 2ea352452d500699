# The configured VM0 names module guest0, which GRUB did not load: a fatal, clear message.
cmdline: poweroff
module: counter.bin guest1
timeout: 60
expect: hv: FATAL: pCPU0: VM0_COUNTER: no multiboot2 module named "guest0"
