/*
 * The 64-bit test guests in the form of a Linux bzImage: a boot sector and one setup sector
 * holding the setup header (boot protocol 2.15, a 64-bit kernel, not relocatable, loaded at
 * 1 MiB), then the "protected-mode kernel": 0x200 bytes where the 32-bit entry would be, and
 * startup_64 at 0x200, which the hypervisor enters as the 64-bit boot protocol says. It loads
 * an IDT whose #UD and #GP gates call guest_trap and whose vector 0x20 and 0xF3 gates call
 * guest_irq, a stack, and calls guest_main64(boot_params). bzimage.ld places it; syssize and
 * init_size come from its symbols. svm64-*.c guests enter startup_64 from start32to64.S instead.
 */
	.section .setup, "a"
	.org 0x1f1
	.byte 1			/* setup_sects: the sector after the boot sector */
	.word 0			/* root_flags */
	.long _syssize		/* 16-byte units of the protected-mode kernel */
	.word 0			/* ram_size */
	.word 0xffff		/* vid_mode */
	.word 0			/* root_dev */
	.word 0xaa55		/* boot_flag */
	.byte 0xeb, hdr_end - hdr_signature	/* jump: its offset gives the header's end */
hdr_signature:
	.ascii "HdrS"
	.word 0x020f		/* version 2.15 */
	.long 0			/* realmode_swtch */
	.word 0			/* start_sys_seg */
	.word 0			/* kernel_version */
	.byte 0			/* type_of_loader */
	.byte 1			/* loadflags: LOADED_HIGH */
	.word 0			/* setup_move_size */
	.long 0x100000		/* code32_start */
	.long 0			/* ramdisk_image */
	.long 0			/* ramdisk_size */
	.long 0			/* bootsect_kludge */
	.word 0			/* heap_end_ptr */
	.byte 0, 0		/* ext_loader_ver, ext_loader_type */
	.long 0			/* cmd_line_ptr */
	.long 0x7fffffff	/* initrd_addr_max */
	.long 0x200000		/* kernel_alignment */
	.byte 0			/* relocatable_kernel */
	.byte 21		/* min_alignment */
	.word 1			/* xloadflags: XLF_KERNEL_64 */
	.long 2047		/* cmdline_size */
	.long 0			/* hardware_subarch */
	.quad 0			/* hardware_subarch_data */
	.long 0, 0		/* payload_offset, payload_length */
	.quad 0			/* setup_data */
	.quad 0x100000		/* pref_address */
	.long _init_size	/* init_size */
	.long 0			/* handover_offset */
	.long 0			/* kernel_info_offset */
hdr_end:
	.org 0x400

	.section .text.head, "ax"
	.code32
startup_32:			/* the 32-bit entry, which this hypervisor does not use */
	ud2
	.org 0x200
	.code64
	.globl startup_64
startup_64:
	lea stack_top(%rip), %rsp
	mov %rsi, %rbx			/* boot_params */
	mov $6, %edi
	lea trap_ud(%rip), %rsi
	call set_gate
	mov $13, %edi
	lea trap_gp(%rip), %rsi
	call set_gate
	mov $0x20, %edi
	lea irq_timer(%rip), %rsi
	call set_gate
	mov $0xf3, %edi			/* the Service VM's upcall (svm64-hsm.c) */
	lea irq_timer(%rip), %rsi
	call set_gate
	lidt idt_desc(%rip)
	mov %rbx, %rdi
	call guest_main64
1:	cli
	hlt
	jmp 1b

/* A 64-bit interrupt gate for vector %edi to the handler at %rsi, in the CS we run in. */
set_gate:
	lea idt(%rip), %rax
	shl $4, %edi
	add %rdi, %rax
	mov %si, (%rax)
	mov %cs, %dx
	mov %dx, 2(%rax)
	movw $0x8e00, 4(%rax)
	shr $16, %rsi
	mov %si, 6(%rax)
	shr $16, %rsi
	mov %esi, 8(%rax)
	movl $0, 12(%rax)
	ret

/* The frame guest_trap gets: eleven caller-saved registers, vector, error code, then RIP, CS,
 * RFLAGS, RSP, SS (struct trap_frame64 in guest.h). */
trap_ud:
	pushq $0
	pushq $6
	jmp trap_common
trap_gp:
	pushq $13
trap_common:
	push %rax
	push %rcx
	push %rdx
	push %rbx
	push %rbp
	push %rsi
	push %rdi
	push %r8
	push %r9
	push %r10
	push %r11
	mov %rsp, %rdi
	call guest_trap
	pop %r11
	pop %r10
	pop %r9
	pop %r8
	pop %rdi
	pop %rsi
	pop %rbp
	pop %rbx
	pop %rdx
	pop %rcx
	pop %rax
	add $16, %rsp
	iretq

/* Vector 0x20: guest_irq with the caller-saved registers kept (the stack is 16-byte aligned
 * again after the CPU's five words and these eleven). */
irq_timer:
	push %rax
	push %rcx
	push %rdx
	push %rbx
	push %rbp
	push %rsi
	push %rdi
	push %r8
	push %r9
	push %r10
	push %r11
	call guest_irq
	pop %r11
	pop %r10
	pop %r9
	pop %r8
	pop %rdi
	pop %rsi
	pop %rbp
	pop %rbx
	pop %rdx
	pop %rcx
	pop %rax
	iretq

/* Guests that take no interrupt: one would be a bug, so it stops the guest. */
	.weak guest_irq
guest_irq:
	cli
	hlt
	jmp guest_irq

	.data
	.balign 8
idt_desc:
	.word 256 * 16 - 1
	.quad idt

	.bss
	.balign 16
idt:
	.skip 256 * 16
	.skip 16384
stack_top:
