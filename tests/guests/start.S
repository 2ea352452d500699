/*
 * Entry of every test guest: 32-bit flat protected mode, paging off. Loads a GDT of its own (the
 * vCPU starts with flat segments cached but no GDT) and an IDT whose #UD and #GP gates call
 * guest_trap (guest.h) and whose vector 0x20 gate calls guest_irq (a guest that programs its
 * APIC timer defines it), then a stack, then guest_main.
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
	mov $irq_timer, %eax
	mov $idt + 0x20 * 8, %edi
	call set_gate
	lidt idt_desc
	call guest_main
2:	cli
	hlt
	jmp 2b

/* A 32-bit interrupt gate at %edi for the handler at %eax. */
set_gate:
	mov %ax, (%edi)
	movw $0x08, 2(%edi)
	movw $0x8e00, 4(%edi)
	shr $16, %eax
	mov %ax, 6(%edi)
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

/* Vector 0x20: guest_irq with every register kept. */
irq_timer:
	pushal
	call guest_irq
	popal
	iret

/* Guests that take no interrupt: one would be a bug, so it stops the guest. */
	.weak guest_irq
guest_irq:
	cli
	hlt
	jmp guest_irq

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
idt_desc:
	.word 48 * 8 - 1
	.long idt

	.bss
	.balign 16
idt:
	.skip 48 * 8
	.skip 8192
stack_top:
