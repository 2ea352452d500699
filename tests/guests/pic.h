/*
 * The 8259 pair as the test guests program it: initialised as Linux does (master at vector
 * base, slave at base + 8 on the master's IRQ 2, normal EOI, port 0x80 written between the
 * commands for a delay), all inputs masked; their
 * interrupts reach the vCPU through LINT0 in ExtINT mode. Include after guest.h and apic.h.
 */
#ifndef GUEST_PIC_H
#define GUEST_PIC_H

#define PIC_M	 0x20
#define PIC_S	 0xa0
#define OCW3_IRR 0x0a
#define OCW3_ISR 0x0b
#define PIC_EOI	 0x20

/* Linux's outb_pic: the command, then a write to port 0x80 for a moment's delay. */
static inline void outb_pic(uint16_t port, uint8_t v)
{
	outb(port, v);
	outb(0x80, 0);
}

static inline void pic_init(uint8_t base)
{
	outb_pic(PIC_M, 0x11); /* ICW1: edge, cascade, ICW4 follows */
	outb_pic(PIC_M + 1, base);
	outb_pic(PIC_M + 1, 1 << 2); /* the slave on IRQ 2 */
	outb_pic(PIC_M + 1, 0x01);   /* 8086 mode, normal EOI */
	outb_pic(PIC_S, 0x11);
	outb_pic(PIC_S + 1, base + 8);
	outb_pic(PIC_S + 1, 2);
	outb_pic(PIC_S + 1, 0x01);
	outb(PIC_M + 1, 0xff);
	outb(PIC_S + 1, 0xff);
}

/* The local APIC on and LINT0 taking the PIC's interrupts. */
static inline void pic_through_lint0(void)
{
	wrmsr(X2APIC_SVR, SVR_ON);
	wrmsr(X2APIC_LVT_LINT0, LVT_EXTINT);
}

#endif
