# What is typed on the hypervisor's console (COM1) goes to the console vUART of one VM, the one
# "input=NAME" names on the hypervisor's command line: VM1_COUNTER reads two lines interrupt
# driven (tests/guests/echo.c: IRQ 4 through its I/O APIC), VM0_COUNTER, running the same guest,
# gets none.
cmdline: poweroff input=VM1_COUNTER
guest: VM0_COUNTER echo.elf
guest: VM1_COUNTER echo.elf
timeout: 90
send VM1_COUNTER: waiting for input => hello from the console
send VM1_COUNTER: typed: hello from the console => a second line
expect hv: VM1_COUNTER: its console takes the console's input
expect VM0_COUNTER: waiting for input
expect VM1_COUNTER: typed: hello from the console (interrupt driven)
expect VM1_COUNTER: typed: a second line (interrupt driven)
expect VM1_COUNTER: done
reject VM0_COUNTER: typed
reject *: NOT
reject *: unexpected
