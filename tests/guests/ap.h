/*
 * The application processor's start of the guests with several vCPUs: the real-mode trampoline
 * at 0x8000 (start-up IPI vector 0x08, guest.ld places it) enters 32-bit flat protected mode,
 * loads the IDT start.S built, takes a stack of its own and calls the guest's ap_main.
 * Include after guest.h.
 */
#ifndef GUEST_AP_H
#define GUEST_AP_H

#define AP_START_VECTOR 0x08

__asm__(".section .text.trampoline, \"ax\"\n"
	".code16\n"
	"ap_trampoline:\n"
	"	cli\n"
	"	xor %ax, %ax\n"
	"	mov %ax, %ds\n"
	"	lgdtl ap_gdt_desc\n"
	"	mov %cr0, %eax\n"
	"	or $1, %eax\n"
	"	mov %eax, %cr0\n"
	"	ljmpl $0x08, $ap_start32\n"
	"	.balign 8\n"
	"ap_gdt:\n"
	"	.quad 0, 0x00cf9a000000ffff, 0x00cf92000000ffff\n"
	"ap_gdt_desc:\n"
	"	.word 23\n"
	"	.long ap_gdt\n"
	".text\n"
	".code32\n"
	"ap_start32:\n"
	"	mov $0x10, %ax\n"
	"	mov %ax, %ds\n"
	"	mov %ax, %es\n"
	"	mov %ax, %ss\n"
	"	mov %ax, %fs\n"
	"	mov %ax, %gs\n"
	"	mov $ap_stack + 4096, %esp\n"
	"	lidt idt_desc\n"
	"	call ap_main\n"
	"1:	cli\n"
	"	hlt\n"
	"	jmp 1b\n");

uint8_t ap_stack[4096] __attribute__((aligned(16)));
void ap_main(void);

#endif
