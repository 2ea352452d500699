# The exits a real OS causes, from 64-bit mode (tests/guests/bz-exits.c as VM0_COUNTER's bzImage):
# CR4.VMXE and SMXE refused with #GP and reported, CR0.NE kept in the read shadow, the CR0 writes
# the CPU refuses (leaving paging in 64-bit code, NW without CD, upper bits) answered with #GP and
# not with a failed VM entry, CR8 as the vLAPIC's TPR, EFER writes the CPU refuses get #GP, XSETBV
# checked against CPUID, INVD done as a no-op, and each CPUID feature offered runs while each
# hidden one faults. VM1_COUNTER counts beside it.
scenario: tests/boot/bzimage.xml
cmdline: poweroff
guest: VM0_COUNTER bz-exits.bzimage
ramdisk: VM0_COUNTER initrd.txt
guest: VM1_COUNTER counter.elf
timeout: 90
expect VM0_COUNTER: exits from 64-bit mode
expect VM0_COUNTER: cr4 reads VMXE clear
expect VM0_COUNTER: mov cr4 with VMXE: #GP
expect VM0_COUNTER: mov cr4 with SMXE: #GP
expect hv: VM0_COUNTER: mov 0x
expect hv: to cr4 at RIP 0x
expect VM0_COUNTER: cr4 unchanged
expect VM0_COUNTER: mov cr0 without NE: done
expect VM0_COUNTER: cr0 reads NE clear
expect VM0_COUNTER: mov cr0 without PG in 64-bit code: #GP
expect VM0_COUNTER: mov cr0 with NW and not CD: #GP
expect VM0_COUNTER: mov cr0 with bit 32: #GP
expect VM0_COUNTER: mov cr0 with NE again: done
expect VM0_COUNTER: cr0 as before
expect VM0_COUNTER: mov 15 to cr8: done
expect VM0_COUNTER: cr8 0x0000000f, x2APIC TPR 0x000000f0
expect VM0_COUNTER: mov 16 to cr8: #GP
expect VM0_COUNTER: wrmsr efer without LME, paging on: #GP
expect VM0_COUNTER: wrmsr efer with reserved bit 1: #GP
expect VM0_COUNTER: wrmsr efer toggling NXE: done
expect VM0_COUNTER: wrmsr efer back: done
expect VM0_COUNTER: efer as before
expect VM0_COUNTER: xsetbv with CR4.OSXSAVE clear: #UD
expect VM0_COUNTER: cpuid OSXSAVE follows cr4
expect VM0_COUNTER: xsetbv xcr0 0: #GP
expect VM0_COUNTER: xsetbv xcr0 AVX without SSE: #GP
expect VM0_COUNTER: xsetbv xcr1: #GP
expect VM0_COUNTER: xsetbv xcr0 beyond cpuid: #GP
expect VM0_COUNTER: xsetbv xcr0 as cpuid offers: done
expect VM0_COUNTER: xsave of every component: done
expect VM0_COUNTER: xrstor of every component: done
expect hv: VM0_COUNTER: xsetbv of XCR1 = 0x3 at RIP 0x
expect VM0_COUNTER: invd: done
expect hv: VM0_COUNTER: invd at RIP 0x
expect VM0_COUNTER: monitor hidden
expect VM0_COUNTER: monitor: #UD
expect VM0_COUNTER: rdtscp offered
expect VM0_COUNTER: rdtscp: done
expect VM0_COUNTER: invpcid offered
expect VM0_COUNTER: invpcid all contexts: done
expect VM0_COUNTER: aperf/mperf hidden
expect VM0_COUNTER: rdmsr aperf: #GP
expect VM0_COUNTER: tsc from leaf 0x40000010: 
expect VM0_COUNTER: done
expect hv: VM0_COUNTER: stopped: halted with interrupts off
expect VM1_COUNTER: progress 8
expect hv: powering off
reject VM0_COUNTER: unexpected trap
reject hv: VM entry failed
reject VM0_COUNTER: leaf 0x40000010: 0 kHz
