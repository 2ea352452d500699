/*
 * Exception entry stubs: each pushes (error code, vector) and joins the common frame builder,
 * which calls x86_exception and, when it returns (an NMI, a machine check the pCPU goes on
 * from), restores the interrupted code. x86_nmi_unblock: NMIs blocked by an NMI's VM exit are
 * unblocked by an IRET, here to the next instruction.
 */
	.text
	.code64

.macro EXC_NOERR vec
exc_\vec:
	pushq $0
	pushq $\vec
	jmp exc_common
.endm

.macro EXC_ERR vec
exc_\vec:
	pushq $\vec
	jmp exc_common
.endm

.irp v, 0, 1, 2, 3, 4, 5, 6, 7, 9, 15, 16, 18, 19, 20, 22, 23, 24, 25, 26, 27, 28, 31
	EXC_NOERR \v
.endr
.irp v, 8, 10, 11, 12, 13, 14, 17, 21, 29, 30
	EXC_ERR \v
.endr

/* Frame from the lowest address: r15 ... rax, vector, error code, then rip, cs, rflags, rsp, ss. */
exc_common:
	push %rax
	push %rbx
	push %rcx
	push %rdx
	push %rsi
	push %rdi
	push %rbp
	push %r8
	push %r9
	push %r10
	push %r11
	push %r12
	push %r13
	push %r14
	push %r15
	mov %rsp, %rdi
	mov %rsp, %rbx			/* callee-saved: the frame, to come back to */
	and $-16, %rsp
	call x86_exception
	mov %rbx, %rsp
	pop %r15
	pop %r14
	pop %r13
	pop %r12
	pop %r11
	pop %r10
	pop %r9
	pop %r8
	pop %rbp
	pop %rdi
	pop %rsi
	pop %rdx
	pop %rcx
	pop %rbx
	pop %rax
	add $16, %rsp			/* vector, error code */
	iretq

	.globl x86_nmi_unblock
x86_nmi_unblock:
	mov %rsp, %rax
	pushq $0x10			/* SS: the data selector */
	push %rax
	pushfq
	pushq $0x08			/* CS */
	lea 1f(%rip), %rax
	push %rax
	iretq
1:	ret

	.section .rodata
	.balign 8
	.globl exc_stubs
exc_stubs:
.irp v, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
	.quad exc_\v
.endr
.irp v, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
	.quad exc_\v
.endr
