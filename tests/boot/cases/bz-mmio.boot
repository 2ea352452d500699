# Emulated MMIO from 64-bit code under 4-level paging (tests/guests/bz-mmio.c, a bzImage entered
# at startup_64, its own page tables mapping the top 2 GiB): I/O APIC reads through a register
# base with REX, an absolute address in the top 2 GiB (as Linux's fixmap gives), MOV with a 64-bit
# direct offset, and RIP-relative from code at an alias in the top 2 GiB; 64-, 16- and 8-bit
# (SIL) loads reach no register, give 0 in the bytes they load and keep the rest. VM1 counts.
scenario: tests/boot/bzimage.xml
cmdline: poweroff
guest: VM0_COUNTER bz-mmio.bzimage
ramdisk: VM0_COUNTER initrd.txt
guest: VM1_COUNTER counter.elf
timeout: 90
expect VM0_COUNTER: hello from a bzImage
expect VM0_COUNTER: 64-bit MMIO forms: each read the I/O APIC's version
expect hv: VM0_COUNTER: I/O APIC 8-byte read at offset 0x10: no register, ignored
expect hv: VM0_COUNTER: I/O APIC 2-byte read at offset 0x10: no register, ignored
expect hv: VM0_COUNTER: I/O APIC 1-byte read at offset 0x10: no register, ignored
expect VM0_COUNTER: 64-bit MMIO: 8-, 16- and 64-bit loads give 0, the rest kept
expect VM0_COUNTER: done
expect VM1_COUNTER: progress 8
expect hv: powering off
reject *: NOT
reject hv: stopped: MMIO
reject hv: EPT violation
