# The I/O request path with a "mini HSM" as the Service VM (tests/guests/svm64-hsm.c, on pCPU1 of
# tests/boot/hsm.xml): it creates POST_VM (pCPU2), gives it its ioreq page and memory holding the
# tiny guest tests/guests/uvm-io.c, starts it and serves each of its port I/O, MMIO and PCI
# configuration requests by polling the page, completing them by HC_NOTIFY_REQUEST_FINISH; the
# guest checks every value it reads (the hypervisor keeps the bytes a narrow read does not
# load), takes an MSI and a pulsed I/O APIC line, and times round trips. Then pause, reset,
# destroy, and a second VM with completion polling whose slot the Service VM broke (state 7)
# before the start: the hypervisor refuses the guest's accesses, reported, until the slot is
# free again. Attacks on the state machine and the arguments are refused; VM0_COUNTER counts on.
scenario: tests/boot/hsm.xml
board: boards/bochs-pc-4cpu.xml
bochs: cpu: count=4
cmdline: poweroff
guest: VM0_COUNTER counter.elf
guest: HSM svm64-hsm.elf
timeout: 240
expect HSM: hsm: run: completion by HC_NOTIFY_REQUEST_FINISH
expect HSM: hsm: PASS ioreq-buffer-hv-refused
expect HSM: hsm: PASS ioreq-buffer-pre-vm-refused
expect HSM: hsm: PASS ioreq-buffer-misaligned-refused
expect HSM: hsm: PASS ioreq-buffer-arg-hv-refused
expect HSM: hsm: PASS notify-not-waiting-refused
expect HSM: hsm: PASS set-ioreq-buffer
expect HSM: hsm: PASS inject-msi-bad-address
expect HSM: hsm: PASS set-irqline-bad-gsi
expect HSM: hsm: PASS intr-monitor-count
expect HSM: hsm: PASS start-vm
expect HSM: hsm: PASS notify-pending-refused
expect HSM: hsm: PASS notify-complete
expect HSM: hsm: PASS notify-twice-refused
expect HSM: hsm: PASS uvm-ready
expect HSM: hsm: PASS uvm-pio32
expect HSM: hsm: PASS uvm-pio8
expect HSM: hsm: PASS uvm-pio16
expect HSM: hsm: PASS uvm-mmio32
expect HSM: hsm: PASS uvm-mmio8
expect HSM: hsm: PASS uvm-mmio16
expect HSM: hsm: PASS uvm-pci
expect HSM: hsm: PASS inject-msi
expect HSM: hsm: PASS uvm-msi
expect HSM: hsm: PASS set-irqline-pulse
expect HSM: hsm: PASS uvm-gsi
expect HSM: hsm: I/O round trip, port read:
expect HSM: hsm: I/O round trip, MMIO read:
expect HSM: hsm: PASS uvm-done
expect HSM: hsm: PASS upcalls
expect HSM: hsm: PASS destroy-vm
expect HSM: hsm: run: completion polling, the slot broken before the start
expect hv: POST_VM: vCPU0: its I/O request slot is in state 7, not free
then HSM: hsm: PASS uvm-broken-slot-refused
then HSM: hsm: PASS uvm-done
expect HSM: hsm: done:
then hv: HSM: stopped: halted with interrupts off
expect VM0_COUNTER: progress 8
reject HSM: FAIL
reject hv: EPT violation
reject hv: triple fault
reject hv: stopped: MMIO
reject hv: POST_VM: stopped: halted
reject hv: VM entry failed
