/* Entry of every test guest: 32-bit flat protected mode, paging off; a stack, then guest_main. */
	.section .text.start, "ax"
	.code32
	.globl _start
_start:
	mov $stack_top, %esp
	call guest_main
1:	cli
	hlt
	jmp 1b

	.bss
	.balign 16
	.skip 8192
stack_top:
