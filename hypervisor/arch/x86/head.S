/*
 * The multiboot2 header, GRUB's 32-bit entry, the boot page tables (identity map of the low 4 GiB,
 * the top GiB uncached for the LAPIC and IOAPIC), the switch to long mode, and the real-mode AP
 * trampoline that is copied below 1 MiB and brings the other pCPUs into the same long mode.
 */
#define MB2_MAGIC      0xe85250d6
#define MB2_HEADER_LEN 32
#define STACK_SIZE     16384
#define PCPU_MAX       8
#define AP_TRAMPOLINE  0x8000

	.section .multiboot, "a"
	.balign 8
mb2_header:
	.long MB2_MAGIC, 0, MB2_HEADER_LEN, -(MB2_MAGIC + MB2_HEADER_LEN)
	.short 6, 0			/* modules page aligned */
	.long 8
	.short 0, 0			/* end tag */
	.long 8

	.section .text.boot, "ax"
	.code32
	.globl _start
_start:
	cli
	cld
	mov %eax, %ebp			/* multiboot2 magic */
	mov %ebx, %esi			/* multiboot2 information */
	mov $__bss_start, %edi
	mov $__bss_end, %ecx
	sub %edi, %ecx
	shr $2, %ecx
	xor %eax, %eax
	rep stosl

	mov $boot_pdpt + 3, %eax
	mov %eax, boot_pml4
	mov $boot_pd + 3, %eax
	xor %ecx, %ecx
1:	mov %eax, boot_pdpt(, %ecx, 8)
	add $4096, %eax
	inc %ecx
	cmp $4, %ecx
	jb 1b
	xor %ecx, %ecx			/* 2048 entries of 2 MiB: P, RW, PS */
2:	mov %ecx, %eax
	shl $21, %eax
	or $0x83, %eax
	cmp $1536, %ecx
	jb 3f
	or $0x18, %eax			/* PWT, PCD above 3 GiB */
3:	mov %eax, boot_pd(, %ecx, 8)
	inc %ecx
	cmp $2048, %ecx
	jb 2b

	call enter_long_mode
	lgdt boot_gdt_ptr
	ljmp $0x08, $bsp_long

/* PAE, CR3, EFER.LME and NXE, paging: for the BSP and for the APs (called from the trampoline);
 * CPUID clobbers EBX, EDI holds NXE. */
enter_long_mode:
	mov %cr4, %eax
	or $0x20, %eax
	mov %eax, %cr4
	mov $boot_pml4, %eax
	mov %eax, %cr3
	mov $0x80000001, %eax		/* EFER.NXE where the CPU has it (CPUID bit 20) */
	cpuid
	mov %edx, %edi
	and $0x100000, %edi
	shr $9, %edi			/* bit 20 to NXE, bit 11 */
	mov $0xc0000080, %ecx
	rdmsr
	or $0x100, %eax			/* LME */
	or %edi, %eax
	wrmsr
	mov %cr0, %eax
	or $0x80010001, %eax		/* PG, WP, PE */
	mov %eax, %cr0
	ret

	.code64
bsp_long:
	mov $0x10, %ax
	mov %ax, %ds
	mov %ax, %es
	mov %ax, %ss
	mov %ax, %fs
	mov %ax, %gs
	mov $pcpu_stacks + STACK_SIZE, %rsp
	mov %ebp, %edi
	mov %esi, %esi
	call x86_boot
4:	hlt
	jmp 4b

ap_long:
	mov $0x10, %ax
	mov %ax, %ds
	mov %ax, %es
	mov %ax, %ss
	mov %ax, %fs
	mov %ax, %gs
	mov ap_boot_id(%rip), %edi
	mov %edi, %eax
	inc %eax
	imul $STACK_SIZE, %eax
	lea pcpu_stacks(%rip), %rsp
	add %rax, %rsp
	call x86_ap_boot
5:	hlt
	jmp 5b

/* Copied to AP_TRAMPOLINE; the SIPI vector is AP_TRAMPOLINE >> 12, so CS = AP_TRAMPOLINE >> 4. */
#define TR(x) (AP_TRAMPOLINE + (x) - ap_trampoline)
	.code16
	.globl ap_trampoline, ap_trampoline_end
	.balign 16
ap_trampoline:
	cli
	cld
	mov %cs, %ax
	mov %ax, %ds
	lgdtl tr_gdt_ptr - ap_trampoline
	mov %cr0, %eax
	or $1, %eax
	mov %eax, %cr0
	ljmpl $0x18, $TR(tr_prot)
	.code32
tr_prot:
	mov $0x10, %ax
	mov %ax, %ds
	mov %ax, %es
	mov %ax, %ss
	mov $TR(tr_stack_top), %esp
	mov $enter_long_mode, %eax	/* absolute: this code runs at a copy */
	call *%eax
	ljmp $0x08, $ap_long
	.balign 8
tr_gdt:
	.quad 0
	.quad 0x00af9a000000ffff	/* 0x08: 64-bit code */
	.quad 0x00cf92000000ffff	/* 0x10: data */
	.quad 0x00cf9a000000ffff	/* 0x18: 32-bit code */
tr_gdt_ptr:
	.short 4 * 8 - 1
	.long TR(tr_gdt)
	.balign 16
	.skip 64			/* the AP's stack for the one call above */
tr_stack_top:
ap_trampoline_end:

	.section .rodata
	.balign 8
boot_gdt_ptr:
	.short 3 * 8 - 1
	.quad boot_gdt
	.balign 8
boot_gdt:
	.quad 0
	.quad 0x00af9a000000ffff	/* 0x08: 64-bit code */
	.quad 0x00cf92000000ffff	/* 0x10: data */

	.data
	.globl ap_boot_id
	.balign 4
ap_boot_id:
	.long 0

	.bss
	.balign 4096
	.globl boot_pml4, pcpu_stacks, pcpu_stacks_end
boot_pml4:
	.skip 4096
boot_pdpt:
	.skip 4096
boot_pd:
	.skip 4 * 4096
pcpu_stacks:
	.skip PCPU_MAX * STACK_SIZE
pcpu_stacks_end:
