/*
 * An exception in real mode: vCPU1 starts in real mode (at the start-up IPI's page) and, before
 * it leaves it, writes an MSR the hypervisor refuses. The #GP it gets must come as real mode
 * delivers exceptions, through the IVT with no error code (a VM entry with one fails), so its
 * handler finds the faulting IP on top of its stack, steps over the WRMSR and returns; vCPU1 then
 * goes on to protected mode and reports. vCPU0 sets the IVT entry and starts vCPU1.
 */
#include <stdbool.h>

#include "guest.h"

#define X2APIC_ICR  0x830
#define ICR_INIT    0x4500
#define ICR_STARTUP 0x4600

__asm__(".section .text.trampoline, \"ax\"\n"
	".code16\n"
	"rm_start:\n"
	"	cli\n"
	"	xor %ax, %ax\n"
	"	mov %ax, %ds\n"
	"	mov %ax, %ss\n"
	"	mov $0x7000, %sp\n"
	"	mov $0x79, %ecx\n" /* IA32_BIOS_UPDT_TRIG: refused, #GP */
	"	xor %eax, %eax\n"
	"	xor %edx, %edx\n"
	"rm_wrmsr:\n"
	"	wrmsr\n"
	"	lgdtl rm_gdt_desc\n"
	"	mov %cr0, %eax\n"
	"	or $1, %eax\n"
	"	mov %eax, %cr0\n"
	"	ljmpl $0x08, $rm_start32\n"
	/* #GP in real mode: IP, CS, FLAGS on the stack and nothing else */
	"rm_gp:\n"
	"	push %bp\n"
	"	mov %sp, %bp\n"
	"	mov 2(%bp), %ax\n"
	"	mov %ax, rm_gp_ip\n"
	"	mov 4(%bp), %ax\n"
	"	mov %ax, rm_gp_cs\n"
	"	addw $2, 2(%bp)\n"
	"	pop %bp\n"
	"	iret\n"
	"	.balign 8\n"
	"rm_gdt:\n"
	"	.quad 0, 0x00cf9a000000ffff, 0x00cf92000000ffff\n"
	"rm_gdt_desc:\n"
	"	.word 23\n"
	"	.long rm_gdt\n"
	"	.balign 2\n"
	"	.globl rm_gp_ip, rm_gp_cs\n"
	"rm_gp_ip: .word 0\n"
	"rm_gp_cs: .word 0xffff\n"
	".text\n"
	".code32\n"
	"rm_start32:\n"
	"	mov $0x10, %ax\n"
	"	mov %ax, %ds\n"
	"	mov %ax, %es\n"
	"	mov %ax, %ss\n"
	"	mov $ap_stack + 4096, %esp\n"
	"	call ap_main\n"
	"1:	cli\n"
	"	hlt\n"
	"	jmp 1b\n");

extern volatile uint16_t rm_gp_ip, rm_gp_cs;
extern const char rm_gp[], rm_wrmsr[];
uint8_t ap_stack[4096] __attribute__((aligned(16)));
static volatile bool ap_done;
void ap_main(void);

void ap_main(void)
{
	puts_("vCPU1: #GP in real mode at ");
	puthex(rm_gp_cs);
	putc_(':');
	puthex(rm_gp_ip);
	/* CS is the start-up page, 0x800: the IP is the WRMSR's offset in it */
	puts_(rm_gp_cs == 0x800 && rm_gp_ip == (uint16_t)((uint32_t)rm_wrmsr - 0x8000)
		  ? ", the WRMSR: no error code\n"
		  : ", not the WRMSR\n");
	ap_done = true;
}

void guest_main(void)
{
	puts_("vCPU0: hello\n");
	/* IVT entry 13 at 0x34: segment 0, offset rm_gp (the trampoline is below 64 KiB) */
	__asm__ volatile("movl %0, 0x34" : : "r"((uint32_t)rm_gp) : "memory");
	wrmsr(X2APIC_ICR, 1ULL << 32 | ICR_INIT);
	wrmsr(X2APIC_ICR, 1ULL << 32 | ICR_STARTUP | 0x08);
	while (!ap_done)
		;
	puts_("vCPU0: vCPU1 came through\n");
}
