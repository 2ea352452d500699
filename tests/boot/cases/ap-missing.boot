# With one CPU in Bochs, the configured pCPU1 never answers its SIPI: a fatal, clear message.
cmdline: poweroff
guest: VM0_COUNTER counter.elf
guest: VM1_COUNTER counter.elf
bochs: cpu: count=1
timeout: 60
expect hv: FATAL: pCPU0: pCPU1 (hardware id 1) did not start
