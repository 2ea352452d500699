/*
 * vUARTs: each VM's console, and its ends of the vUART connections. Legacy vUARTs need an I/O
 * port and an IRQ that are unique inside the VM; a given port is kept, a missing one becomes
 * the VM's next free COM port (COM2 to COM4: COM1 is the console's by convention). Standard
 * COM ports keep their standard IRQs; other ports get a free virtual IRQ. PCI vUARTs only need
 * a virtual BDF, which resolve_pci.c assigns with the other virtual devices.
 */
#include <stdio.h>
#include <string.h>

#include "rangeset.h"
#include "resolve_int.h"

#define IRQ_FIRST 3
#define IRQ_LAST  15
#define IRQ_VRTC  8 /* every VM has a virtual RTC on IRQ 8 */

static const struct com_port {
	const char *name;
	uint16_t port;
	uint8_t irq;
} com_ports[] = {
    {"COM Port 1", 0x3f8, 4},
    {"COM Port 2", 0x2f8, 3},
    {"COM Port 3", 0x3e8, 6},
    {"COM Port 4", 0x2e8, 7},
};
#define COM_COUNT 4

static int com_by_name(const char *name)
{
	for (int i = 0; name && i < COM_COUNT; i++)
		if (strcmp(com_ports[i].name, name) == 0)
			return i;
	return -1;
}

static int com_by_port(uint64_t port)
{
	for (int i = 0; i < COM_COUNT; i++)
		if (com_ports[i].port == port)
			return i;
	return -1;
}

static void resolve_console(struct res_vm *v)
{
	const char *c = v->vm->console_vuart;
	int k = com_by_name(c);
	v->console.pos = v->vm->pos;
	if (k >= 0) {
		v->console.kind = RES_VUART_LEGACY;
		v->console.io_port = res_value(com_ports[k].port, false, v->vm->pos);
		v->console.irq = res_value(com_ports[k].irq, false, v->vm->pos);
	} else if (c && strcmp(c, "PCI") == 0) {
		v->console.kind = RES_VUART_PCI;
	}
}

/* ---- connection ends ---- */

static bool is_pci(const struct vuart_connection *c)
{
	return c->type && strcmp(c->type, "pci") == 0;
}

static void count_links(struct resolver *rs)
{
	for (size_t c = 0; c < rs->s->hv.vuart_count; c++) {
		const struct vuart_connection *conn = &rs->s->hv.vuarts[c];
		for (size_t e = 0; e < conn->endpoint_count; e++) {
			size_t vi = resolve_vm_index(rs->r, conn->endpoints[e].vm_name);
			if (vi != RES_NONE)
				rs->r->vms[vi].link_count++;
		}
	}
	for (size_t i = 0; i < rs->r->vm_count; i++) {
		struct res_vm *v = &rs->r->vms[i];
		v->links = RES_ARRAY(rs, v->link_count, struct res_vuart_link);
		v->link_count = 0;
	}
}

/* Adds the VM's end of endpoint e; returns its index in the VM's links. */
static size_t add_link(struct res_vm *v, const struct vuart_connection *conn, size_t e)
{
	const struct vuart_endpoint *ep = &conn->endpoints[e];
	struct res_vuart_link *l = &v->links[v->link_count];
	l->conn = conn;
	l->endpoint = e;
	l->peer_vm = l->peer_link = RES_NONE;
	l->vuart.pos = ep->pos;
	l->vuart.kind = is_pci(conn) ? RES_VUART_PCI : RES_VUART_LEGACY;
	if (l->vuart.kind == RES_VUART_LEGACY && ep->io_port.set)
		l->vuart.io_port = res_value(ep->io_port.value, false, ep->pos);
	if (l->vuart.kind == RES_VUART_PCI && ep->has_vbdf)
		l->vuart.vbdf = res_bdf_value(ep->vbdf, false, ep->pos);
	return v->link_count++;
}

static void setup_links(struct resolver *rs)
{
	count_links(rs);
	for (size_t c = 0; c < rs->s->hv.vuart_count; c++) {
		const struct vuart_connection *conn = &rs->s->hv.vuarts[c];
		size_t vm[2] = {RES_NONE, RES_NONE}, link[2] = {RES_NONE, RES_NONE};
		for (size_t e = 0; e < conn->endpoint_count; e++) {
			vm[e] = resolve_vm_index(rs->r, conn->endpoints[e].vm_name);
			if (vm[e] != RES_NONE)
				link[e] = add_link(&rs->r->vms[vm[e]], conn, e);
		}
		for (size_t e = 0; e < 2; e++) {
			if (link[e] == RES_NONE || link[1 - e] == RES_NONE)
				continue;
			rs->r->vms[vm[e]].links[link[e]].peer_vm = vm[1 - e];
			rs->r->vms[vm[e]].links[link[e]].peer_link = link[1 - e];
		}
	}
}

/* ---- ports and IRQs of one VM ---- */

struct vm_legacy {
	struct resolver *rs;
	struct res_vm *v;
	uint32_t com_used; /* bit per com_ports entry */
	uint32_t irq_used; /* bit per IRQ */
};

static const char *link_name(const struct res_vuart_link *l)
{
	return l->conn->name ? l->conn->name : "";
}

/* The Service VM shares the board's IRQ lines, so it takes only those the board left free. */
static uint32_t irq_candidates(const struct vm_legacy *vl)
{
	uint32_t c = 0;
	const struct board *b = vl->rs->b;
	if (vl->v->vm->load_order == LOAD_SERVICE)
		for (size_t i = 0; i < b->free_irq_count; i++)
			if (b->free_irqs[i] >= IRQ_FIRST && b->free_irqs[i] <= IRQ_LAST)
				c |= UINT32_C(1) << b->free_irqs[i];
	if (c == 0)
		c = (uint32_t)bits_mask(IRQ_FIRST, IRQ_LAST - IRQ_FIRST + 1);
	return c & ~(UINT32_C(1) << IRQ_VRTC);
}

static void mark_used(struct vm_legacy *vl)
{
	struct res_vm *v = vl->v;
	if (v->console.kind == RES_VUART_LEGACY) {
		vl->com_used |= 1u << com_by_port(v->console.io_port.value);
		vl->irq_used |= 1u << v->console.irq.value;
	}
	for (size_t i = 0; i < v->link_count; i++) {
		struct res_vuart *u = &v->links[i].vuart;
		int k = u->kind == RES_VUART_LEGACY && u->io_port.set
			    ? com_by_port(u->io_port.value)
			    : -1;
		if (k < 0)
			continue;
		vl->com_used |= 1u << k;
		u->irq = res_value(com_ports[k].irq, false, u->pos);
		vl->irq_used |= 1u << com_ports[k].irq;
	}
	for (size_t i = 0; i < v->ptdev_count; i++)
		if (v->ptdevs[i].vgsi.set && v->ptdevs[i].vgsi.value < 32)
			vl->irq_used |= UINT32_C(1) << v->ptdevs[i].vgsi.value;
}

static void alloc_port(struct vm_legacy *vl, struct res_vuart_link *l)
{
	int k = bits_first_free(vl->com_used, 1, COM_COUNT - 1);
	if (k < 0) {
		diag_error(
		    vl->rs->dl, l->vuart.pos, "alloc-vuart",
		    "no free COM port for vUART connection '%s' in VM '%s': COM2, COM3 and "
		    "COM4 are taken by its console and other connections; give this endpoint "
		    "an <io_port> or remove a connection",
		    link_name(l), vl->v->vm->name);
		return;
	}
	vl->com_used |= 1u << k;
	vl->irq_used |= 1u << com_ports[k].irq;
	l->vuart.io_port = res_value(com_ports[k].port, true, l->vuart.pos);
	l->vuart.irq = res_value(com_ports[k].irq, true, l->vuart.pos);
}

static void alloc_irq(struct vm_legacy *vl, struct res_vuart_link *l)
{
	int irq = bits_first_free(vl->irq_used | ~irq_candidates(vl), IRQ_FIRST, IRQ_LAST);
	if (irq < 0) {
		diag_error(
		    vl->rs->dl, l->vuart.pos, "alloc-vuart",
		    "no free virtual IRQ for vUART connection '%s' in VM '%s' at I/O port "
		    "0x%llx: IRQs 3 to 15 are taken by its console, other vUARTs, passthrough "
		    "devices or the virtual RTC; use a standard COM port (0x3F8, 0x2F8, "
		    "0x3E8, 0x2E8) or fewer connections",
		    link_name(l), vl->v->vm->name, (unsigned long long)l->vuart.io_port.value);
		return;
	}
	vl->irq_used |= UINT32_C(1) << irq;
	l->vuart.irq = res_value((uint64_t)irq, true, l->vuart.pos);
}

/* Given ports first (they cannot move), then missing ports, then IRQs of non-COM ports. */
static void resolve_legacy(struct resolver *rs, struct res_vm *v)
{
	struct vm_legacy vl = {rs, v, 0, 0};
	mark_used(&vl);
	for (size_t i = 0; i < v->link_count; i++)
		if (v->links[i].vuart.kind == RES_VUART_LEGACY && !v->links[i].vuart.io_port.set)
			alloc_port(&vl, &v->links[i]);
	for (size_t i = 0; i < v->link_count; i++)
		if (v->links[i].vuart.kind == RES_VUART_LEGACY && v->links[i].vuart.io_port.set &&
		    !v->links[i].vuart.irq.set)
			alloc_irq(&vl, &v->links[i]);
}

void resolve_vuarts(struct resolver *rs)
{
	setup_links(rs);
	for (size_t i = 0; i < rs->r->vm_count; i++) {
		resolve_console(&rs->r->vms[i]);
		resolve_legacy(rs, &rs->r->vms[i]);
	}
}
