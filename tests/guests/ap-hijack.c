/*
 * Attack on the AP start-up page: a VM whose tables give it host memory 0-0x9efff as a second
 * RAM region at GPA 0x1000000 (tests/boot/cases/attack-ap-page.boot) writes real-mode code over
 * host page 0x8000, where the hypervisor copies the code a pCPU runs after its start-up IPI. If
 * a pCPU started later runs it, that pCPU is in ring 0 outside VMX: the code prints ESCAPE on
 * COM1 with its own OUT instructions (no hypervisor in between) and halts.
 */
#include "guest.h"

#define LOW_MEMORY_GPA 0x1000000U /* where the tables map host address 0 */
#define AP_PAGE	       0x8000U

/* 16-bit code for CS = 0x800, IP = 0 (the SIPI vector 8): waits, polls the UART's line status
 * and writes the message, then halts with interrupts off. */
extern const uint8_t payload[], payload_end[];
__asm__(".pushsection .rodata\n"
	"payload:\n"
	".code16\n"
	"	cli\n"
	"	mov $0xffff, %cx\n" /* a while first, so that no line of the hypervisor's is cut */
	"0:	loop 0b\n"
	"	mov $(msg - payload), %si\n"
	"1:	mov $0x3fd, %dx\n"
	"2:	in %dx, %al\n"
	"	test $0x20, %al\n"
	"	jz 2b\n"
	"	mov %cs:(%si), %al\n"
	"	test %al, %al\n"
	"	jz 3f\n"
	"	mov $0x3f8, %dx\n"
	"	out %al, %dx\n"
	"	inc %si\n"
	"	jmp 1b\n"
	"3:	hlt\n"
	"	jmp 3b\n"
	"msg:	.asciz \"ESCAPE: guest code runs in ring 0 on a pCPU outside VMX\\n\"\n"
	".code32\n"
	"payload_end:\n"
	".popsection\n");

void guest_main(void)
{
	volatile uint8_t *page = (volatile uint8_t *)(LOW_MEMORY_GPA + AP_PAGE);
	uint32_t size = (uint32_t)((uintptr_t)payload_end - (uintptr_t)payload); /* two labels */

	/* At once (each line printed costs exits), and long enough for the hypervisor to start
	 * every other pCPU (each takes over 10 ms). */
	for (uint32_t round = 0; round < 200000U; round++)
		for (uint32_t i = 0; i < size; i++)
			page[i] = payload[i];
	puts_("wrote code over host page 0x8000\n");
}
