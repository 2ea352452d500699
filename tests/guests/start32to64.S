/*
 * The entry of the 64-bit Service VM guests (svm64-*.c, ELF64 files linked by svm64.ld at
 * SVM_BASE): the hypervisor starts an ELF in 32-bit flat protected mode with paging off, so this
 * builds an identity map of the low 4 GiB in 2 MiB pages, turns on PAE, long mode and paging,
 * loads a GDT with a 64-bit code segment and jumps to start64.S's startup_64, which does the rest
 * as for the bzImage guests.
 */
	.section .text.entry32, "ax"
	.code32
	.globl _start32
_start32:
	/* PML4[0] -> PDPT, PDPT[0..3] -> the four page directories */
	movl $pdpt + 3, pml4
	xor %ecx, %ecx
1:	mov %ecx, %eax			/* (pds + i * 4096) | 3 */
	shl $12, %eax
	add $pds + 3, %eax
	mov %eax, pdpt(, %ecx, 8)
	inc %ecx
	cmp $4, %ecx
	jb 1b
	/* 2048 entries of 2 MiB: present, writable, large */
	xor %ecx, %ecx
2:	mov %ecx, %eax
	shl $21, %eax
	or $0x83, %eax
	mov %eax, pds(, %ecx, 8)
	inc %ecx
	cmp $2048, %ecx
	jb 2b
	mov $pml4, %eax
	mov %eax, %cr3
	mov %cr4, %eax
	or $0x20, %eax			/* PAE */
	mov %eax, %cr4
	mov $0xc0000080, %ecx		/* EFER.LME */
	rdmsr
	or $0x100, %eax
	wrmsr
	mov %cr0, %eax
	or $0x80000001, %eax		/* PG, PE */
	mov %eax, %cr0
	lgdt gdt64_desc
	mov $0x10, %ax
	mov %ax, %ds
	mov %ax, %es
	mov %ax, %ss
	ljmp $0x08, $startup_64

	.section .rodata
	.balign 8
gdt64:
	.quad 0
	.quad 0x00af9a000000ffff	/* 0x08: code, 64-bit */
	.quad 0x00cf92000000ffff	/* 0x10: data, flat */
gdt64_desc:
	.word gdt64_desc - gdt64 - 1
	.long gdt64

	.bss
	.balign 4096
pml4:	.skip 4096
pdpt:	.skip 4096
pds:	.skip 4 * 4096
