/*
 * Entry of every test guest: 32-bit flat protected mode, paging off. Loads a GDT of its own (the
 * vCPU starts with flat segments cached but no GDT) and an IDT whose #UD and #GP gates call
 * guest_trap (guest.h) and whose NMI gate and gates 0x20..0xff call guest_interrupt with the
 * vector (guest.h has a default that reports it and stops), then a stack, then guest_main.
 * Application processors load the same IDT (idt_desc).
 */
	.section .text.start, "ax"
	.code32
	.globl _start
_start:
	mov $stack_top, %esp
	lgdt gdt_desc
	ljmp $0x08, $1f
1:	mov $0x10, %ax
	mov %ax, %ds
	mov %ax, %es
	mov %ax, %ss
	mov %ax, %fs
	mov %ax, %gs
	mov $trap_ud, %eax
	mov $idt + 6 * 8, %edi
	call set_gate
	mov $trap_gp, %eax
	mov $idt + 13 * 8, %edi
	call set_gate
	mov $irq_stubs, %eax
	mov $idt + 2 * 8, %edi
	call set_gate
	mov $irq_stubs + 16, %eax
	mov $idt + 0x20 * 8, %edi
1:	call set_gate
	add $16, %eax
	add $8, %edi
	cmp $idt + 256 * 8, %edi
	jb 1b
	lidt idt_desc
	call guest_main
2:	cli
	hlt
	jmp 2b

/* A 32-bit interrupt gate at %edi for the handler at %eax (both kept). */
set_gate:
	mov %eax, (%edi)
	movw $0x08, 2(%edi)
	movl $0x8e00, 4(%edi)
	mov %eax, %edx
	shr $16, %edx
	mov %dx, 6(%edi)
	ret

/* The frame guest_trap gets: pushal's registers, vector, error code, then EIP, CS, EFLAGS. */
trap_ud:
	pushl $0
	pushl $6
	jmp trap_common
trap_gp:
	pushl $13
trap_common:
	pushal
	push %esp
	call guest_trap
	add $4, %esp
	popal
	add $8, %esp
	iret

/* A stub of 16 bytes per vector: NMI, then 0x20..0xff. guest_interrupt gets the vector with
 * every register kept. */
	.balign 16
irq_stubs:
	pushl $2
	jmp irq_common
	.balign 16
	.irp hi, 2, 3, 4, 5, 6, 7, 8, 9, 0xa, 0xb, 0xc, 0xd, 0xe, 0xf
	.irp lo, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0xa, 0xb, 0xc, 0xd, 0xe, 0xf
	pushl $(\hi * 16 + \lo)
	jmp irq_common
	.balign 16
	.endr
	.endr
irq_common:
	pushal
	pushl 32(%esp)
	call guest_interrupt
	add $4, %esp
	popal
	add $4, %esp
	iret

/* Guests that take no interrupt: guest.h reports one and stops. */
	.weak guest_interrupt
guest_interrupt:
	jmp guest_unexpected_interrupt

	.section .rodata
	.balign 8
gdt:
	.quad 0
	.quad 0x00cf9a000000ffff /* 0x08: code, 32-bit, flat */
	.quad 0x00cf92000000ffff /* 0x10: data, flat */
gdt_end:
gdt_desc:
	.word gdt_end - gdt - 1
	.long gdt

	.data
	.balign 8
	.globl idt_desc
idt_desc:
	.word 256 * 8 - 1
	.long idt

	.bss
	.balign 16
idt:
	.skip 256 * 8
	.skip 8192
stack_top:
