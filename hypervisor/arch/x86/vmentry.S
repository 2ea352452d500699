/*
 * int vmx_enter(struct guest_regs *regs, int launched): loads the guest registers and enters the
 * guest; returns 1 if VMLAUNCH/VMRESUME failed, or 0 from vmx_exit (the VMCS host RIP) after a
 * VM exit, with the guest registers saved. The VMCS host RSP points at the saved regs pointer.
 * struct guest_regs holds them by their encoding number (RAX 0, RCX 1, ... R15 15; RSP, 4, is
 * the VMCS's).
 *
 * Speculation: right before the entry, VERW clears the CPU's buffers when vmx_verw says so
 * (MD_CLEAR, mitigate.c); right after an exit, before any RET, 32 CALLs fill the return stack
 * buffer with harmless targets (the guest's entries must not steer the hypervisor's returns),
 * and no register the C code gets still holds a guest value: the callee-saved ones come back
 * from the stack, the others are zeroed.
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
	cmpb $0, vmx_verw(%rip)
	je 3f
	verw verw_sel(%rip)		/* the buffers' clear, where MD_CLEAR makes VERW do it */
3:	test %esi, %esi			/* the movs below keep the flags */
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
	cmpb $0, vmx_rsb_fill(%rip)
	je 6f
	mov $16, %eax			/* 2 CALLs a round: 32 return-stack entries */
4:	call 5f
7:	pause				/* a speculated RET lands here, and stays */
	lfence
	jmp 7b
5:	call 8f
9:	pause
	lfence
	jmp 9b
8:	dec %eax
	jnz 4b
	add $(32 * 8), %rsp		/* the 32 return addresses */
6:	xor %ecx, %ecx			/* nothing of the guest reaches C */
	xor %edx, %edx
	xor %esi, %esi
	xor %r8d, %r8d
	xor %r9d, %r9d
	xor %r10d, %r10d
	xor %r11d, %r11d
	pop %rdi
	pop %r15
	pop %r14
	pop %r13
	pop %r12
	pop %rbx
	pop %rbp
	xor %eax, %eax
	ret

	.section .rodata
verw_sel:
	.short 0x10			/* a data selector: VERW needs a valid one */

	.data
	.globl vmx_verw, vmx_rsb_fill
vmx_verw:
	.byte 0
vmx_rsb_fill:
	.byte 1
