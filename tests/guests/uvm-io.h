/*
 * The device protocol of the tiny post-launched guest tests/guests/uvm-io.c, shared with the two
 * device models that serve it (tests/guests/svm64-hsm.c, tests/linux/hsmcheck.c): its ports and
 * MMIO register, what the device model answers, and the checks it reports. Plain C, no runtime.
 */
#ifndef UVM_IO_H
#define UVM_IO_H

#define DEV_PORT    0x5000 /* 32-bit: a write is kept, a read gives it inverted */
#define DEV_BYTE    0x5001 /* 8-bit read: 0xa5 */
#define DEV_WORD    0x5002 /* 16-bit read: 0xbeef */
#define REPORT_PORT 0x5010 /* refused << 16 | check << 8 | passed */
#define ASK_PORT    0x5030 /* UVM_ASK_MSI or UVM_ASK_GSI */
#define READY_PORT  0x5040 /* read: UVM_READY once the device model serves */
#define CYCLES_PORT 0x5050 /* the TSC cycles of one round trip: port, then MMIO */
#define DEV_MMIO    0xd0000000U

#define UVM_READY   0x600dU
#define UVM_ASK_MSI 1U /* an MSI, vector 0x41 */
#define UVM_ASK_GSI 2U /* a pulse on GSI 5 */

enum {
	CHECK_READY = 1,
	CHECK_PIO32,
	CHECK_PIO8,
	CHECK_PIO16,
	CHECK_MMIO32,
	CHECK_MMIO8,
	CHECK_MMIO16,
	CHECK_PCI,
	CHECK_MSI,
	CHECK_GSI,
	CHECK_DONE,
};

/* The name a device model prints for a check, or 0 for a number that is none. */
static inline const char *uvm_check_name(unsigned id)
{
	static const char *const names[] = {"",		 "uvm-ready",  "uvm-pio32", "uvm-pio8",
					    "uvm-pio16", "uvm-mmio32", "uvm-mmio8", "uvm-mmio16",
					    "uvm-pci",	 "uvm-msi",    "uvm-gsi",   "uvm-done"};

	return (id >= CHECK_READY && id <= CHECK_DONE) ? names[id] : 0;
}

#endif
