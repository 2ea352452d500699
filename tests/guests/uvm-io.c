/*
 * The tiny guest of a post-launched VM (tests/guests/svm64-hsm.c and tests/linux/hsmcheck.c place
 * it at 1 MiB of the VM they create): every access it makes but its interrupt controllers' goes to
 * the Service VM's device model as an I/O request. It checks the values the device model gives
 * (port and MMIO reads of each width, the bytes of the register a narrow read keeps, PCI
 * configuration through 0xCF8/0xCFC), takes an MSI and an I/O APIC line the device model raises,
 * times I/O round trips, and reports each result as a port write the device model prints.
 */
#include "guest.h"
#include "apic.h"
#include "uvm-io.h"

#define IOAPIC	   0xfec00000U
#define MSI_VECTOR 0x41
#define GSI_VECTOR 0x45
#define GSI	   5
#define ROUNDS	   32
#define WAIT	   2000000

static volatile uint32_t last_vector, interrupts;

void guest_interrupt(uint32_t vector)
{
	last_vector = vector;
	interrupts++;
	apic_eoi();
}

static void report(uint32_t check, int passed)
{
	outl(REPORT_PORT, check << 8 | (passed ? 1U : 0U));
}

/* The device model may refuse nothing: the hypervisor answers a slot it broke with all ones,
 * which the attack run of svm64-hsm counts here (the refused reads before the first served). */
static uint32_t wait_ready(void)
{
	uint32_t refused = 0;

	while (inl(READY_PORT) != UVM_READY)
		refused++;
	return refused;
}

static void ports(void)
{
	uint32_t eax = 0x11223344;

	outl(DEV_PORT, 0x12345678);
	report(CHECK_PIO32, inl(DEV_PORT) == 0xedcba987);
	__asm__ volatile("inb %w1, %b0" : "+a"(eax) : "Nd"(DEV_BYTE));
	report(CHECK_PIO8, eax == 0x112233a5);
	eax = 0x55667788;
	__asm__ volatile("inw %w1, %w0" : "+a"(eax) : "Nd"(DEV_WORD));
	report(CHECK_PIO16, eax == 0x5566beef);
}

static void mmio(void)
{
	volatile uint32_t *dev = (volatile uint32_t *)DEV_MMIO;
	uint32_t ebx = 0x99aabbcc, w;

	dev[0] = 0xcafef00d;
	report(CHECK_MMIO32, dev[1] == 0xcafef00e);
	/* a load into AH: the other bytes of EAX stay */
	__asm__ volatile("movb %1, %%ah" : "+a"(ebx) : "m"(*(volatile uint8_t *)(DEV_MMIO + 8)));
	report(CHECK_MMIO8, ebx == 0x99aa5acc);
	__asm__ volatile("movzwl %1, %0" : "=r"(w) : "m"(*(volatile uint16_t *)(DEV_MMIO + 12)));
	report(CHECK_MMIO16, w == 0x1234);
}

/* 00:00.0's vendor and device, as the device model's host bridge answers. */
static void pci(void)
{
	outl(0xcf8, 0x80000000);
	report(CHECK_PCI, inl(0xcfc) == 0x5af08086);
}

/* Asks the device model for an interrupt, then waits for it with interrupts on. */
static int interrupt_from_dm(uint32_t ask, uint32_t vector)
{
	uint32_t before = interrupts;

	outl(ASK_PORT, ask);
	__asm__ volatile("sti");
	for (uint32_t i = 0; i < WAIT && interrupts == before; i++)
		__asm__ volatile("pause");
	__asm__ volatile("cli");
	return interrupts == before + 1 && last_vector == vector;
}

static void ioapic_route(uint32_t pin, uint32_t low)
{
	volatile uint32_t *io = (volatile uint32_t *)IOAPIC;

	io[0] = 0x10 + 2 * pin + 1;
	io[4] = 0; /* APIC id 0 */
	io[0] = 0x10 + 2 * pin;
	io[4] = low;
}

/* Round trips of port reads, then MMIO reads, each timed over ROUNDS. */
static void timing(void)
{
	volatile uint32_t *dev = (volatile uint32_t *)DEV_MMIO;
	uint64_t t0 = rdtsc();

	for (int i = 0; i < ROUNDS; i++)
		(void)inl(DEV_PORT);
	uint64_t t1 = rdtsc();
	for (int i = 0; i < ROUNDS; i++)
		(void)dev[1];
	uint64_t t2 = rdtsc();
	outl(CYCLES_PORT, (uint32_t)((t1 - t0) / ROUNDS));
	outl(CYCLES_PORT, (uint32_t)((t2 - t1) / ROUNDS));
}

void guest_main(void)
{
	uint32_t refused = wait_ready();

	outl(REPORT_PORT, CHECK_READY << 8 | refused << 16 | 1);
	ports();
	mmio();
	pci();
	wrmsr(X2APIC_SVR, SVR_ON);
	report(CHECK_MSI, interrupt_from_dm(UVM_ASK_MSI, MSI_VECTOR));
	ioapic_route(GSI, GSI_VECTOR);
	report(CHECK_GSI, interrupt_from_dm(UVM_ASK_GSI, GSI_VECTOR));
	timing();
	report(CHECK_DONE, 1);
	for (;;) /* GSI 5 stays unmasked: the vCPU sleeps until the VM is paused */
		__asm__ volatile("sti; hlt");
}
