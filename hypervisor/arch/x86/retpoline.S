/*
 * Retpolines: GCC (-mindirect-branch=thunk-extern) sends every indirect call and jump of the
 * hypervisor through __x86_indirect_thunk_REG, which reaches the target held in REG with a RET
 * whose return-stack entry points at a speculation trap, so no branch-target prediction a guest
 * trained steers the hypervisor (the exit handlers' table, the device tables, switch jumps).
 */
	.text
	.code64

.macro THUNK reg
	.globl __x86_indirect_thunk_\reg
__x86_indirect_thunk_\reg:
	call 1f
2:	pause
	lfence
	jmp 2b
1:	mov %\reg, (%rsp)
	ret
.endm

.irp r, rax, rbx, rcx, rdx, rsi, rdi, rbp, r8, r9, r10, r11, r12, r13, r14, r15
	THUNK \r
.endr
