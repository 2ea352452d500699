/*
 * A VM's console: a 16550 at the legacy port its console vUART names, always ready to send;
 * whole lines go to the console.
 */
#include "vm.h"
#include "console.h"

#define LCR_DLAB  0x80
#define LSR_READY 0x60 /* transmitter empty, holding register empty */
#define MSR_READY 0xb0 /* DCD, DSR, CTS */

enum { UART_DATA, UART_IER, UART_IIR, UART_LCR, UART_MCR, UART_LSR, UART_MSR, UART_SCR };

void vuart_flush(struct vm *vm)
{
	struct vuart *u = &vm->uart;

	if (!u->len)
		return;
	u->line[u->len] = 0;
	console_vm_line(vm_name(vm), u->line);
	u->len = 0;
}

static void vuart_send(struct vm *vm, uint8_t c)
{
	struct vuart *u = &vm->uart;

	if (c == '\n' || u->len == VM_LINE_MAX) {
		vuart_flush(vm);
		if (c == '\n')
			return;
	}
	if (c != '\r')
		u->line[u->len++] = (char)(c >= 0x20 && c < 0x7f ? c : '.');
}

uint8_t vuart_in(struct vm *vm, unsigned reg)
{
	struct vuart *u = &vm->uart;
	bool dlab = u->lcr & LCR_DLAB;
	uint8_t regs[8] = {dlab ? u->dll : 0,
			   dlab ? u->dlm : u->ier,
			   0x01,
			   u->lcr,
			   u->mcr,
			   LSR_READY,
			   MSR_READY,
			   u->scr};

	return regs[reg & 7];
}

void vuart_out(struct vm *vm, unsigned reg, uint8_t v)
{
	struct vuart *u = &vm->uart;
	bool dlab = u->lcr & LCR_DLAB;
	uint8_t *regs[8] = {dlab ? &u->dll : NULL,
			    dlab ? &u->dlm : &u->ier,
			    NULL,
			    &u->lcr,
			    &u->mcr,
			    NULL,
			    NULL,
			    &u->scr};

	if (reg == UART_DATA && !dlab)
		vuart_send(vm, v);
	else if (regs[reg & 7])
		*regs[reg & 7] = v;
}

int vuart_port_reg(const struct vm *vm, uint16_t port)
{
	const struct acfg_vuart *c = &vm->cfg->console;

	if (c->type != ACFG_VUART_LEGACY || port < c->io_port || port >= c->io_port + 8)
		return -1;
	return port - c->io_port;
}
