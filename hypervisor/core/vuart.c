/*
 * A VM's 16550 vUARTs at the legacy ports its table names. The console is always ready to send
 * and sends whole lines to the hypervisor console. A connection (the scenario's vUART
 * connections) sends each byte into the receive ring of its peer, the other VM's end: the line
 * status says "ready to send" while the peer's ring has room and "data ready" while its own
 * ring holds bytes. A ring has one writer (the peer's pCPU) and one reader (its own).
 */
#include "vm.h"
#include "console.h"
#include "lib.h"

#define LCR_DLAB    0x80
#define LSR_DATA    0x01 /* data ready */
#define LSR_READY   0x60 /* transmitter empty, holding register empty */
#define MSR_READY   0xb0 /* DCD, DSR, CTS */
#define VUART_PORTS 8

enum { UART_DATA, UART_IER, UART_IIR, UART_LCR, UART_MCR, UART_LSR, UART_MSR, UART_SCR };

void vuart_flush(struct vm *vm)
{
	struct vuart *u = &vm->console;

	if (!u->len)
		return;
	u->line[u->len] = 0;
	console_vm_line(vm_name(vm), u->line);
	u->len = 0;
}

static void console_send(struct vm *vm, uint8_t c)
{
	struct vuart *u = &vm->console;

	if (c == '\n' || u->len == VM_LINE_MAX) {
		vuart_flush(vm);
		if (c == '\n')
			return;
	}
	if (c != '\r')
		u->line[u->len++] = (char)(c >= 0x20 && c < 0x7f ? c : '.');
}

static unsigned ring_count(const struct vuart *u)
{
	return __atomic_load_n(&u->rx_head, __ATOMIC_ACQUIRE) -
	       __atomic_load_n(&u->rx_tail, __ATOMIC_ACQUIRE);
}

/* Into the peer's ring; false when it is full (the guest should have waited for LSR). */
static bool link_send(struct vuart *u, uint8_t c)
{
	struct vuart *p = u->peer;
	unsigned head;

	if (!p || ring_count(p) == VUART_RING)
		return false;
	head = __atomic_load_n(&p->rx_head, __ATOMIC_RELAXED);
	p->rx[head % VUART_RING] = c;
	__atomic_store_n(&p->rx_head, head + 1, __ATOMIC_RELEASE);
	return true;
}

static uint8_t link_receive(struct vuart *u)
{
	unsigned tail = __atomic_load_n(&u->rx_tail, __ATOMIC_RELAXED);
	uint8_t c;

	if (!ring_count(u))
		return 0;
	c = u->rx[tail % VUART_RING];
	__atomic_store_n(&u->rx_tail, tail + 1, __ATOMIC_RELEASE);
	return c;
}

static uint8_t line_status(const struct vuart *u)
{
	if (u->is_console)
		return LSR_READY;
	return (ring_count(u) ? LSR_DATA : 0) |
	       (!u->peer || ring_count(u->peer) < VUART_RING ? LSR_READY : 0);
}

static uint8_t vuart_in(struct vuart *u, unsigned reg)
{
	bool dlab = u->lcr & LCR_DLAB;

	switch (reg) {
	case UART_DATA:
		return dlab ? u->dll : u->is_console ? 0 : link_receive(u);
	case UART_IER:
		return dlab ? u->dlm : u->ier;
	case UART_IIR:
		return 0x01; /* no interrupt pending: the vUARTs raise none */
	case UART_LCR:
		return u->lcr;
	case UART_MCR:
		return u->mcr;
	case UART_LSR:
		return line_status(u);
	case UART_MSR:
		return MSR_READY;
	default:
		return u->scr;
	}
}

static void vuart_out(struct vm *vm, struct vuart *u, unsigned reg, uint8_t v)
{
	bool dlab = u->lcr & LCR_DLAB;

	switch (reg) {
	case UART_DATA:
		if (dlab)
			u->dll = v;
		else if (u->is_console)
			console_send(vm, v);
		else if (!link_send(u, v))
			vm_report(vm, "vUART 0x%x: %s, byte 0x%x dropped", u->base,
				  u->peer ? "the peer's buffer is full" : "no peer is running", v);
		break;
	case UART_IER:
		*(dlab ? &u->dlm : &u->ier) = v;
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
		break; /* FCR, LSR and MSR writes change nothing here */
	}
}

/* The VM's vUART whose eight ports hold port, or NULL. */
static struct vuart *vuart_at(struct vm *vm, uint16_t port)
{
	if (vm->console.base && (uint16_t)(port - vm->console.base) < VUART_PORTS)
		return &vm->console;
	for (unsigned i = 0; i < vm->link_count; i++)
		if ((uint16_t)(port - vm->links[i].base) < VUART_PORTS)
			return &vm->links[i];
	return NULL;
}

bool vuart_pio_in(struct vm *vm, uint16_t port, uint32_t *val)
{
	struct vuart *u = vuart_at(vm, port);

	if (!u)
		return false;
	*val = vuart_in(u, (unsigned)(port - u->base));
	return true;
}

bool vuart_pio_out(struct vm *vm, uint16_t port, uint32_t val)
{
	struct vuart *u = vuart_at(vm, port);

	if (!u)
		return false;
	vuart_out(vm, u, (unsigned)(port - u->base), (uint8_t)val);
	return true;
}

/* The console and the connection ends of the VM's table; only legacy (port) vUARTs. */
void vuart_init(struct vm *vm)
{
	const struct acfg_vm *c = vm->cfg;

	if (c->console.type == ACFG_VUART_LEGACY) {
		vm->console.base = c->console.io_port;
		vm->console.is_console = true;
	}
	if (c->vuart_count > VM_LINKS)
		panic("%s: %u vUART connections, this hypervisor supports %u", c->name,
		      c->vuart_count, VM_LINKS);
	for (unsigned i = 0; i < c->vuart_count; i++) {
		if (c->vuarts[i].vuart.type != ACFG_VUART_LEGACY)
			panic("%s: vUART connection %u is not a legacy (port) vUART, the only kind "
			      "this hypervisor emulates",
			      c->name, i);
		if (c->vuarts[i].peer_vm >= acfg_vms.vm_count)
			panic("%s: vUART connection %u names VM %u, which is not in the tables",
			      c->name, i, c->vuarts[i].peer_vm);
		vm->links[i].base = c->vuarts[i].vuart.io_port;
	}
	vm->link_count = c->vuart_count;
}

/* Joins each connection end to its peer's, given the peer VM (NULL: that VM is not run). */
void vuart_connect(struct vm *vm, unsigned i, struct vm *peer)
{
	const struct acfg_vuart_conn *c = &vm->cfg->vuarts[i];

	if (!peer) {
		console_printf("hv: %s: vUART 0x%x: its peer %s is not started here\n", vm_name(vm),
			       vm->links[i].base, acfg_vms.vms[c->peer_vm].name);
		return;
	}
	if (c->peer_conn >= peer->link_count ||
	    peer->cfg->vuarts[c->peer_conn].peer_vm != vm->cfg_index ||
	    peer->cfg->vuarts[c->peer_conn].peer_conn != i)
		panic("%s: vUART connection %u and its peer in %s do not name each other",
		      vm_name(vm), i, vm_name(peer));
	vm->links[i].peer = &peer->links[c->peer_conn];
	console_printf("hv: %s: vUART 0x%x is connected to %s's vUART 0x%x\n", vm_name(vm),
		       vm->links[i].base, vm_name(peer), peer->links[c->peer_conn].base);
}
