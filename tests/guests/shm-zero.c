/*
 * Reads the ivshmem region both VMs share (tests/boot/cases/ivshmem-shared.boot maps it at GPA
 * 0x1000000 in each) and says whether its first 64 KiB are zero, as the hypervisor must leave
 * them: the case fills that host memory with 0xa5 before the boot (Bochs' optramimage), as a
 * warm reboot or an earlier owner could.
 */
#include "guest.h"

#define SHARED 0x1000000U
#define CHECK  0x10000U

void guest_main(void)
{
	const volatile uint32_t *p = (const volatile uint32_t *)SHARED;
	uint32_t i = 0;

	while (i < CHECK / 4 && p[i] == 0)
		i++;
	if (i == CHECK / 4) {
		puts_("shared memory: zero\n");
	} else {
		puts_("shared memory: not zero at offset ");
		puthex(i * 4);
		puts_(": ");
		puthex(p[i]);
		putc_('\n');
	}
}
