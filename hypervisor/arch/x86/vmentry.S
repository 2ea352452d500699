/*
 * int vmx_enter(struct guest_regs *regs, int launched): loads the guest registers and enters the
 * guest; returns 1 if VMLAUNCH/VMRESUME failed, or 0 from vmx_exit (the VMCS host RIP) after a
 * VM exit, with the guest registers saved. The VMCS host RSP points at the saved regs pointer.
 * struct guest_regs holds them by their encoding number (RAX 0, RCX 1, ... R15 15; RSP, 4, is
 * the VMCS's).
 */
#define HOST_RSP 0x6c14
#define R(n) (8 * (n))

	.text
	.code64
	.globl vmx_enter, vmx_exit
vmx_enter:
	push %rbp
	push %rbx
	push %r12
	push %r13
	push %r14
	push %r15
	push %rdi
	mov $HOST_RSP, %eax
	vmwrite %rsp, %rax
	test %esi, %esi			/* the movs below keep the flags */
	mov R(0)(%rdi), %rax
	mov R(1)(%rdi), %rcx
	mov R(2)(%rdi), %rdx
	mov R(3)(%rdi), %rbx
	mov R(5)(%rdi), %rbp
	mov R(6)(%rdi), %rsi
	mov R(8)(%rdi), %r8
	mov R(9)(%rdi), %r9
	mov R(10)(%rdi), %r10
	mov R(11)(%rdi), %r11
	mov R(12)(%rdi), %r12
	mov R(13)(%rdi), %r13
	mov R(14)(%rdi), %r14
	mov R(15)(%rdi), %r15
	mov R(7)(%rdi), %rdi
	jnz 1f
	vmlaunch
	jmp 2f
1:	vmresume
2:	pop %rdi
	pop %r15
	pop %r14
	pop %r13
	pop %r12
	pop %rbx
	pop %rbp
	mov $1, %eax
	ret

vmx_exit:
	push %rdi
	mov R(1)(%rsp), %rdi
	mov %rax, R(0)(%rdi)
	mov %rcx, R(1)(%rdi)
	mov %rdx, R(2)(%rdi)
	mov %rbx, R(3)(%rdi)
	mov %rbp, R(5)(%rdi)
	mov %rsi, R(6)(%rdi)
	popq R(7)(%rdi)
	mov %r8, R(8)(%rdi)
	mov %r9, R(9)(%rdi)
	mov %r10, R(10)(%rdi)
	mov %r11, R(11)(%rdi)
	mov %r12, R(12)(%rdi)
	mov %r13, R(13)(%rdi)
	mov %r14, R(14)(%rdi)
	mov %r15, R(15)(%rdi)
	pop %rdi
	pop %r15
	pop %r14
	pop %r13
	pop %r12
	pop %rbx
	pop %rbp
	xor %eax, %eax
	ret
