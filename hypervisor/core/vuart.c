/*
 * A VM's 16550 vUARTs at the legacy ports its table names. The console is always ready to send
 * and sends whole lines to the hypervisor console. A connection (the scenario's vUART
 * connections) sends each byte into the receive ring of its peer, the other VM's end: the line
 * status says "ready to send" while the peer's ring has room and "data ready" while its own
 * ring holds bytes. A ring has one writer (the peer's pCPU) and one reader (its own).
 * Interrupts as a 16550's: "received data available" while bytes wait and IER asks for it,
 * "transmitter holding register empty" after each byte sent and when IER starts asking for it
 * (until IIR is read or another byte sent); the line (the vUART's IRQ, gated by MCR's OUT2 as
 * on a PC) follows IIR. Changes the guest does not cause (a peer's bytes) are seen at the next
 * tick of the hypervisor's timer.
 */
#include "vm.h"
#include "console.h"
#include "lib.h"

#define LCR_DLAB    0x80U
#define LSR_DATA    0x01U /* data ready */
#define LSR_THRE    0x20U
#define LSR_READY   0x60U /* transmitter empty, holding register empty */
#define MSR_READY   0xb0U /* DCD, DSR, CTS */
#define IIR_NO_INTR 0x01U
#define IIR_THRE    0x02U
#define IIR_RDA	    0x04U
#define IIR_FIFO    0xc0U /* FIFOs enabled */
#define IER_RDA	    0x01U
#define IER_THRE    0x02U
#define IER_BITS    0x0fU
#define FCR_FIFO    0x01U
#define MCR_OUT2    0x08U /* a PC's UART drives its IRQ only with OUT2 set */
#define MCR_LOOP    0x10U
#define VUART_PORTS 8U

/* Registers by their offset from the base port. */
#define UART_DATA 0U
#define UART_IER  1U
#define UART_IIR  2U
#define UART_LCR  3U
#define UART_MCR  4U
#define UART_LSR  5U
#define UART_MSR  6U
#define UART_SCR  7U

void vuart_flush(struct vm *vm)
{
	struct vuart *u = &vm->console;

	if (u->len != 0U) {
		u->line[u->len] = '\0';
		console_vm_line(vm_name(vm), u->line);
		u->len = 0U;
	}
}

static void console_send(struct vm *vm, uint8_t c)
{
	struct vuart *u = &vm->console;

	if ((c == (uint8_t)'\n') || (u->len == VM_LINE_MAX)) {
		vuart_flush(vm);
	}
	if ((c != (uint8_t)'\n') && (c != (uint8_t)'\r')) {
		char shown = '.';

		if ((c >= 0x20U) && (c < 0x7fU)) {
			shown = (char)c;
		}
		u->line[u->len] = shown;
		u->len++;
	}
}

static unsigned ring_count(const struct vuart *u)
{
	return __atomic_load_n(&u->rx_head, __ATOMIC_ACQUIRE) -
	       __atomic_load_n(&u->rx_tail, __ATOMIC_ACQUIRE);
}

/* Into a receive ring that has room; its only writer calls this. */
static void ring_put(struct vuart *r, uint8_t c)
{
	unsigned head = __atomic_load_n(&r->rx_head, __ATOMIC_RELAXED);

	r->rx[head % VUART_RING] = c;
	__atomic_store_n(&r->rx_head, head + 1U, __ATOMIC_RELEASE);
}

/* Into the peer's ring; false when it is full (the guest should have waited for LSR). */
static bool link_send(struct vuart *u, uint8_t c)
{
	struct vuart *p = u->peer;

	if ((p == NULL) || (ring_count(p) == VUART_RING)) {
		return false;
	}
	ring_put(p, c);
	return true;
}

static uint8_t link_receive(struct vuart *u)
{
	unsigned tail = __atomic_load_n(&u->rx_tail, __ATOMIC_RELAXED);
	uint8_t c = 0U;

	if (ring_count(u) != 0U) {
		c = u->rx[tail % VUART_RING];
		__atomic_store_n(&u->rx_tail, tail + 1U, __ATOMIC_RELEASE);
	}
	return c;
}

static uint8_t line_status(const struct vuart *u)
{
	uint8_t lsr = (ring_count(u) != 0U) ? LSR_DATA : 0U;

	if (u->is_console || (u->peer == NULL) || (ring_count(u->peer) < VUART_RING)) {
		lsr |= LSR_READY;
	}
	return lsr;
}

/* MSR: ready, or in loopback mode the modem control outputs, as CTS, DSR, RI and DCD. */
static uint8_t modem_status(const struct vuart *u)
{
	uint8_t m = u->mcr;

	if ((m & MCR_LOOP) == 0U) {
		return MSR_READY;
	}
	return (uint8_t)((((unsigned)m & 2U) << 3) | (((unsigned)m & 1U) << 5) |
			 (((unsigned)m & 4U) << 4) | (((unsigned)m & 8U) << 4));
}

/* The interrupt IIR names: received data first, then the empty holding register. */
static uint8_t pending_iir(const struct vuart *u)
{
	uint8_t iir = IIR_NO_INTR;

	if (((u->ier & IER_RDA) != 0U) && ((line_status(u) & LSR_DATA) != 0U)) {
		iir = IIR_RDA;
	} else if (((u->ier & IER_THRE) != 0U) && u->thre_pending) {
		iir = IIR_THRE;
	} else {
		/* none */
	}
	return iir;
}

/* The vUART's IRQ line follows IIR (with OUT2); the controllers hear of each change. */
static void update_irq(struct vm *vm, struct vuart *u)
{
	bool level = ((u->mcr & MCR_OUT2) != 0U) && (pending_iir(u) != IIR_NO_INTR);

	if ((u->irq != ACFG_NONE) && (level != u->irq_level)) {
		u->irq_level = level;
		vm_arch_set_irq(vm, u->irq, level);
	}
}

static uint8_t iir_in(struct vuart *u)
{
	uint8_t iir = pending_iir(u);

	if (iir == IIR_THRE) {
		u->thre_pending = false; /* reading IIR ends this interrupt */
	}
	return iir | (u->fifo ? IIR_FIFO : 0U);
}

static uint8_t data_in(struct vuart *u, bool dlab)
{
	uint8_t v = 0U;

	if (dlab) {
		v = u->dll;
	} else {
		v = link_receive(u);
	}
	return v;
}

static uint8_t vuart_in(struct vuart *u, unsigned reg)
{
	bool dlab = (u->lcr & LCR_DLAB) != 0U;
	uint8_t v;

	switch (reg) {
	case UART_DATA:
		v = data_in(u, dlab);
		break;
	case UART_IER:
		v = dlab ? u->dlm : u->ier;
		break;
	case UART_IIR:
		v = iir_in(u);
		break;
	case UART_LCR:
		v = u->lcr;
		break;
	case UART_MCR:
		v = u->mcr;
		break;
	case UART_LSR:
		v = line_status(u);
		break;
	case UART_MSR:
		v = modem_status(u);
		break;
	default:
		v = u->scr;
		break;
	}
	return v;
}

static void data_out(struct vm *vm, struct vuart *u, bool dlab, uint8_t v)
{
	if (dlab) {
		u->dll = v;
	} else if (u->is_console) {
		console_send(vm, v);
	} else if (!link_send(u, v)) {
		vm_report(vm, "vUART 0x%x: %s, byte 0x%x dropped", u->base,
			  (u->peer != NULL) ? "the peer's buffer is full" : "no peer is running",
			  v);
	} else {
		/* sent */
	}
	if (!dlab) {
		u->thre_pending = true; /* the byte left at once: the holding register is empty */
	}
}

static void ier_out(struct vuart *u, uint8_t v)
{
	if (((v & IER_THRE) != 0U) && ((u->ier & IER_THRE) == 0U) &&
	    ((line_status(u) & LSR_THRE) != 0U)) {
		u->thre_pending = true;
	}
	u->ier = v & IER_BITS;
}

static void vuart_out(struct vm *vm, struct vuart *u, unsigned reg, uint8_t v)
{
	bool dlab = (u->lcr & LCR_DLAB) != 0U;

	switch (reg) {
	case UART_DATA:
		data_out(vm, u, dlab, v);
		break;
	case UART_IER:
		if (dlab) {
			u->dlm = v;
		} else {
			ier_out(u, v);
		}
		break;
	case UART_IIR: /* FCR */
		u->fifo = (v & FCR_FIFO) != 0U;
		break;
	case UART_LCR:
		u->lcr = v;
		break;
	case UART_MCR:
		u->mcr = v;
		break;
	case UART_SCR:
		u->scr = v;
		break;
	default:
		break; /* LSR and MSR writes change nothing here */
	}
}

/* The VM's vUART whose eight ports hold port, or NULL. */
static struct vuart *vuart_at(struct vm *vm, uint16_t port)
{
	if ((vm->console.base != 0U) && ((uint16_t)(port - vm->console.base) < VUART_PORTS)) {
		return &vm->console;
	}
	for (unsigned i = 0U; i < vm->link_count; i++) {
		if ((uint16_t)(port - vm->links[i].base) < VUART_PORTS) {
			return &vm->links[i];
		}
	}
	return NULL;
}

bool vuart_pio_in(struct vm *vm, uint16_t port, uint32_t *val)
{
	struct vuart *u = vuart_at(vm, port);

	if (u == NULL) {
		return false;
	}
	*val = vuart_in(u, (unsigned)port - (unsigned)u->base);
	update_irq(vm, u);
	return true;
}

bool vuart_pio_out(struct vm *vm, uint16_t port, uint32_t val)
{
	struct vuart *u = vuart_at(vm, port);

	if (u == NULL) {
		return false;
	}
	vuart_out(vm, u, (unsigned)port - (unsigned)u->base, (uint8_t)val);
	update_irq(vm, u);
	return true;
}

/* The console and the connection ends of the VM's table; only legacy (port) vUARTs. */
void vuart_init(struct vm *vm)
{
	const struct acfg_vm *c = vm->cfg;

	vm->console.irq = ACFG_NONE;
	if (c->console.type == ACFG_VUART_LEGACY) {
		vm->console.base = c->console.io_port;
		vm->console.is_console = true;
		vm->console.irq = c->console.irq;
	}
	if (c->vuart_count > VM_LINKS) {
		panic("%s: %u vUART connections, this hypervisor supports %u", c->name,
		      c->vuart_count, VM_LINKS);
	}
	for (unsigned i = 0U; i < c->vuart_count; i++) {
		if (c->vuarts[i].vuart.type != ACFG_VUART_LEGACY) {
			panic("%s: vUART connection %u is not a legacy (port) vUART, the only kind "
			      "this hypervisor emulates",
			      c->name, i);
		}
		if (c->vuarts[i].peer_vm >= acfg_vms.vm_count) {
			panic("%s: vUART connection %u names VM %u, which is not in the tables",
			      c->name, i, c->vuarts[i].peer_vm);
		}
		vm->links[i].base = c->vuarts[i].vuart.io_port;
		vm->links[i].irq = c->vuarts[i].vuart.irq;
	}
	vm->link_count = c->vuart_count;
}

/* Joins each connection end to its peer's, given the peer VM (NULL: that VM is not run). */
void vuart_connect(struct vm *vm, unsigned i, struct vm *peer)
{
	const struct acfg_vuart_conn *c = &vm->cfg->vuarts[i];

	if (peer == NULL) {
		console_printf("hv: %s: vUART 0x%x: its peer %s is not started here\n", vm_name(vm),
			       vm->links[i].base, vm_cfg_name(&acfg_vms.vms[c->peer_vm]));
		return;
	}
	if ((c->peer_conn >= peer->link_count) ||
	    (peer->cfg->vuarts[c->peer_conn].peer_vm != vm->cfg_index) ||
	    (peer->cfg->vuarts[c->peer_conn].peer_conn != i)) {
		panic("%s: vUART connection %u and its peer in %s do not name each other",
		      vm_name(vm), i, vm_name(peer));
	}
	vm->links[i].peer = &peer->links[c->peer_conn];
	console_printf("hv: %s: vUART 0x%x is connected to %s's vUART 0x%x\n", vm_name(vm),
		       vm->links[i].base, vm_name(peer), peer->links[c->peer_conn].base);
}

void vuart_console_input(struct vm *vm)
{
	struct vuart *u = &vm->console;

	while (ring_count(u) < VUART_RING) {
		int c = console_arch_getc();

		if (c < 0) {
			break; /* what the ring has no room for waits in the UART */
		}
		ring_put(u, (uint8_t)c);
	}
}

/* What the guest did not cause: bytes from a peer raise "data available" (io_lock held). */
void vuart_poll(struct vm *vm)
{
	update_irq(vm, &vm->console);
	for (unsigned i = 0U; i < vm->link_count; i++) {
		update_irq(vm, &vm->links[i]);
	}
}
