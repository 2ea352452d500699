# A guest cannot turn the shared caches off or flush them (tests/guests/caches.c): CR0.CD and NW
# read back as written, while the CPU's CR0 keeps caching on (the report gives it: 0x31 is
# PE, ET, NE); WBINVD is a reported no-op; a PAT of uncached types reads back. The mitigations
# line gives the lock detections and cache allocation of the default scenario: split-lock
# detection off, UC-lock detection asked for but not on Bochs' CPU (no IA32_CORE_CAPABILITIES), no
# RDT.
cmdline: poweroff
guest: VM0_COUNTER caches.elf
guest: VM1_COUNTER counter.elf
timeout: 150
expect hv: mitigations: guest RAM write-back, CR0.CD/NW shadowed, WBINVD a no-op
expect hv: split-lock #AC: off; UC-lock #GP: asked for, not offered by this CPU
expect hv: mitigations: cache allocation: off
expect VM0_COUNTER: cr0 reads CD set
expect hv: VM0_COUNTER: cr0.CD set at RIP 0x
expect hv: it reads CD, the CPU keeps caching on (CR0 0x31)
expect VM0_COUNTER: cr0 reads CD and NW set
expect VM0_COUNTER: cr0 as before
expect VM0_COUNTER: wbinvd: done
expect hv: VM0_COUNTER: wbinvd at RIP 0x
expect VM0_COUNTER: pat of uncached types reads back
expect VM1_COUNTER: progress 8
expect hv: powering off
reject *: WRONG
reject *: unexpected
