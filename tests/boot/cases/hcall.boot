# The Service VM's hypercalls (tests/guests/svm64-hcall.c as SERVICE_VM of tests/boot/hcall.xml):
# each one with good and bad arguments, every refusal ACRN's negative value and the Service VM
# running on, one from CPL 3 a #GP; POST_VM created, given 2 MiB of the Service VM's RAM (which the Service VM loses
# meanwhile: a pointer into it is refused, a read gives all ones), started on the Service VM's
# pCPU, where both run by turns, paused, reset, started again, destroyed while it runs (the memory
# comes back), created again with its memory given page by page, part of it deleted, one page of
# a 2 MiB page no code ran in given (the Service VM then runs code in the rest of it), destroyed;
# created once more to run a 64-bit tiny guest (registers for long mode and paging), destroyed;
# meanwhile each of the two keeps its extended state (x87/SSE/AVX/AVX-512, XCR0) and never sees
# the other's (tests/guests/xstate.h); the Service VM sleeps in HLT on its local APIC timer
# (TSC-deadline, one-shot) while POST_VM runs and after it is gone, and wakes each time;
# PRE_COUNTER counts on its own pCPU throughout.
scenario: tests/boot/hcall.xml
cmdline: poweroff
guest: PRE_COUNTER counter.elf
guest: SERVICE_VM svm64-hcall.elf
timeout: 300
expect SERVICE_VM: hcall: start
expect SERVICE_VM: hcall: ok registers kept
expect hv: SERVICE_VM: vmcall at RIP 0x
expect hv: from CPL 3: #GP
expect SERVICE_VM: hcall: ok vmcall from CPL 3 raises #GP
expect SERVICE_VM: hcall: ok create on pCPU5
expect hv: POST_VM: created by the Service VM: vmid 1, 1 vCPU(s), vCPU0 on pCPU1
expect hv: POST_VM2: created by the Service VM: vmid 2, 1 vCPU(s), vCPU0 on pCPU1
expect hv: POST_VM2: destroyed by the Service VM
expect hv: SERVICE_VM: POST_VM: PCI device 00:01.0: no passthrough without VT-d: -ENODEV
expect SERVICE_VM: hcall: ok given memory read by the Service VM
expect hv: POST_VM: started on pCPU1
expect POST_VM: hello from the post-launched guest
then SERVICE_VM: service: first run 1
then POST_VM: count
then SERVICE_VM: service: first run 2
then POST_VM: count
then SERVICE_VM: service: first run 3
then hv: POST_VM: paused by the Service VM
then SERVICE_VM: service: paused POST_VM
then hv: POST_VM: reset by the Service VM
then POST_VM: hello from the post-launched guest
then SERVICE_VM: service: second run 3
then hv: POST_VM: destroyed by the Service VM
then SERVICE_VM: hcall: ok memory back in the Service VM
then hv: POST_VM: created by the Service VM: vmid 1
then SERVICE_VM: hcall: ok memory by 512 pages
then POST_VM: hello from the post-launched guest
then SERVICE_VM: service: third run 3
then SERVICE_VM: hcall: ok memory delete
then SERVICE_VM: hcall: ok code runs in the rest of that 2 MiB page
then hv: POST_VM: destroyed by the Service VM
then SERVICE_VM: hcall: ok set vcpu regs 64-bit
then POST_VM: hello from the 64-bit post-launched guest, CR4 0x00000020
then POST_VM: xstate: XCR0 at start 0x00000001, words of another VM's secret in its registers: 0 (of
then POST_VM: count64 2, its registers kept
then SERVICE_VM: service: 64-bit run 3
then SERVICE_VM: hcall: ok extended state kept beside POST_VM
then SERVICE_VM: hcall: ok XCR0 kept beside POST_VM
then SERVICE_VM: hcall: ok no word of POST_VM's extended state
then SERVICE_VM: hcall: ok beside POST_VM: TSC-deadline wakes
then SERVICE_VM: hcall: ok beside POST_VM: one-shot wakes
then hv: POST_VM: destroyed by the Service VM
then SERVICE_VM: hcall: ok after POST_VM: TSC-deadline wakes
then SERVICE_VM: hcall: ok after POST_VM: slept as long as asked
then SERVICE_VM: hcall: ok after POST_VM: one-shot wakes
expect SERVICE_VM: hcall: ok destroy again
expect SERVICE_VM: checks, 0 failed
expect SERVICE_VM: hcall: done
expect hv: SERVICE_VM: stopped: halted with interrupts off
expect PRE_COUNTER: progress 8
expect hv: powering off
reject SERVICE_VM: hcall: FAIL
reject POST_VM: its registers CHANGED
reject hv: SERVICE_VM: stopped: EPT
reject hv: POST_VM: stopped
