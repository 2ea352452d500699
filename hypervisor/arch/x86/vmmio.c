/*
 * Emulated MMIO: an EPT violation at a guest-physical address an emulated device owns (the
 * xAPIC page, the I/O APIC, PCI's ECAM window; the table below) is the guest's load or store of a
 * device register. The instruction is fetched through the guest's page tables (none, 32-bit, PAE or
 * 4-level) and decoded as far as an MMIO access needs: MOV between a register or an immediate and
 * memory, MOVZX from memory, MOV with a direct offset, in 32- or 64-bit code, with their prefixes.
 * The device does the access, a load lands in the register, and the guest resumes after the
 * instruction. Anything else at such an address stops that VM with the instruction's bytes.
 * For the Service VM, every address that is neither its RAM nor such a device (the hypervisor's
 * memory, a pre-launched VM's, a boot module, an empty hole) is a device with nothing behind it:
 * reads give all ones, writes are dropped, each reported, and the Service VM runs on, as ACRN's
 * does; the VMs it serves need it to.
 */
#include "x86.h"
#include "vmx.h"
#include "vdev.h"
#include "vlapic.h"
#include "console.h"
#include "vm.h"
#include "ioreq.h"

#define GUEST_CS_BASE (GUEST_ES_BASE + 2U)
#define CS_AR_L	      0x2000UL /* 64-bit code */
#define CS_AR_D	      0x4000UL /* 32-bit default operand and address size */
#define CR0_PG	      0x80000000UL
#define CR4_PSE	      0x10UL
#define CR4_PAE	      0x20UL
#define EFER_LMA      0x400UL
#define PTE_P	      0x1UL
#define PTE_PS	      0x80UL
#define PTE_ADDR      0x000ffffffffff000UL
#define INSN_MAX      15U
#define NO_REG	      0xffU

/* What an MMIO instruction does: its length, the access, and the register it moves. */
struct insn {
	unsigned len;
	unsigned size;	  /* bytes accessed */
	unsigned op_size; /* bytes of the register a load writes (MOVZX widens) */
	bool write;
	bool byte_high; /* an 8-bit register without REX: 4..7 are AH, CH, DH, BH */
	uint8_t reg;	/* GPR number, or NO_REG for an immediate */
	uint64_t imm;
};

/* What the decoder knows of the code: 64-bit mode, the default sizes, the prefixes seen. */
struct mode {
	bool long64;
	bool opsize16;
	bool addr16;
	bool addr32; /* 64-bit mode with the address-size prefix */
	uint8_t rex;
};

typedef bool (*mmio_owns_fn)(const struct vcpu *v, uint64_t gpa);
typedef void (*mmio_access_fn)(struct vcpu *v, struct vmmio *a);

struct mmio_dev {
	mmio_owns_fn owns;
	mmio_access_fn access;
};

/* ---- the guest's page tables ---- */

static bool guest_read(struct vm *vm, uint64_t gpa, unsigned size, uint64_t *val)
{
	/* cppcheck-suppress misra-c2012-11.5 ; guest memory, read as the bytes it is */
	const uint8_t *p = vm_gpa_to_hva(vm, gpa, size);

	*val = 0U;
	if (p == NULL) {
		return false;
	}
	for (unsigned i = size; i > 0U; i--) {
		*val = (*val << 8) | p[i - 1U];
	}
	return true;
}

/* A walk from table at shift (the bits the top level translates), bits per level, entries of
 * esize bytes; large pages where the level's PS bit may say so (from large_shift down). */
struct walk {
	uint64_t table;
	unsigned shift;
	unsigned bits;
	unsigned esize;
	unsigned large_shift; /* 0: no large pages */
};

static bool walk_tables(struct vm *vm, struct walk w, uint64_t la, uint64_t *gpa)
{
	uint64_t table = w.table;

	for (unsigned shift = w.shift; shift >= 12U; shift -= w.bits) {
		uint64_t idx = (la >> shift) & ((1UL << w.bits) - 1U);
		uint64_t e;

		if (!guest_read(vm, table + (idx * w.esize), w.esize, &e) || ((e & PTE_P) == 0U)) {
			return false;
		}
		if ((shift == 12U) || ((shift <= w.large_shift) && ((e & PTE_PS) != 0U))) {
			uint64_t low = (1UL << shift) - 1U;

			*gpa = (e & PTE_ADDR & ~low) | (la & low);
			return true;
		}
		table = e & PTE_ADDR;
	}
	return false;
}

/* The guest-physical address of a linear address, as the guest's paging mode translates it. */
static bool guest_translate(struct vm *vm, uint64_t la, uint64_t *gpa)
{
	uint64_t cr3 = vmread(GUEST_CR3);
	uint64_t cr4 = vmread(GUEST_CR4);
	uint64_t pdpte;
	struct walk w = {cr3 & PTE_ADDR, 39U, 9U, 8U, 30U};

	if ((vmread(GUEST_CR0) & CR0_PG) == 0U) {
		*gpa = la;
		return true;
	}
	if ((vmread(GUEST_EFER) & EFER_LMA) != 0U) {
		return walk_tables(vm, w, la, gpa);
	}
	if ((cr4 & CR4_PAE) != 0U) { /* four PDPTEs at CR3, then two levels */
		if (!guest_read(vm, (cr3 & 0xffffffe0UL) + (((la >> 30) & 3U) * 8U), 8U, &pdpte) ||
		    ((pdpte & PTE_P) == 0U)) {
			return false;
		}
		w = (struct walk){pdpte & PTE_ADDR, 21U, 9U, 8U, 21U};
	} else {
		w = (struct walk){cr3 & 0xfffff000UL, 22U, 10U, 4U,
				  ((cr4 & CR4_PSE) != 0U) ? 22U : 0U};
	}
	return walk_tables(vm, w, la & 0xffffffffUL, gpa);
}

/* Up to INSN_MAX bytes at the guest's RIP; how many could be read. */
static unsigned fetch(struct vm *vm, uint8_t *buf)
{
	uint64_t la = vmread(GUEST_CS_BASE) + vmread(GUEST_RIP);
	unsigned n = 0U;

	while (n < INSN_MAX) {
		uint64_t gpa;
		uint64_t byte;

		if (!guest_translate(vm, la + n, &gpa) || !guest_read(vm, gpa, 1U, &byte)) {
			break;
		}
		buf[n] = (uint8_t)byte;
		n++;
	}
	return n;
}

/* ---- decoding ---- */

/* Bytes of a ModRM memory operand from ModRM on (SIB, displacement); 0: not memory, or 16-bit
 * addressing, which no MMIO access of a protected-mode guest uses. */
static unsigned modrm_len(const struct mode *m, const uint8_t *b, unsigned n)
{
	unsigned mod = (unsigned)b[0] >> 6;
	unsigned rm = (unsigned)b[0] & 7U;
	unsigned len = 1U;

	if ((mod == 3U) || m->addr16) {
		return 0U;
	}
	if (rm == 4U) {
		if (n < 2U) {
			return 0U;
		}
		len++;
		if ((mod == 0U) && (((unsigned)b[1] & 7U) == 5U)) {
			len += 4U; /* no base: disp32 */
		}
	} else if ((mod == 0U) && (rm == 5U)) {
		len += 4U; /* disp32, RIP-relative in 64-bit mode */
	} else {
		/* a base register */
	}
	if (mod == 1U) {
		len += 1U;
	} else if (mod == 2U) {
		len += 4U;
	} else {
		/* no displacement, or the one counted above */
	}
	return len;
}

static uint64_t little_endian(const uint8_t *b, unsigned size)
{
	uint64_t v = 0U;

	for (unsigned i = size; i > 0U; i--) {
		v = (v << 8) | b[i - 1U];
	}
	return v;
}

/* The operand size of a full-size operand: 2, 4 or 8 bytes. */
static unsigned full_size(const struct mode *m)
{
	unsigned size = m->opsize16 ? 2U : 4U;

	if ((m->rex & 8U) != 0U) {
		size = 8U;
	}
	return size;
}

/* The ModRM forms: MOV r/m,r (88, 89), MOV r,r/m (8A, 8B), MOV r/m,imm (C6, C7), MOVZX (0F B6,
 * 0F B7). op points at the opcode; false: not one of them. */
static bool decode_modrm(const struct mode *m, const uint8_t *op, unsigned n, struct insn *d)
{
	unsigned at = 1U;
	unsigned code = op[0];
	unsigned mlen;
	unsigned imm = 0U;

	if ((op[0] == 0x0fU) && (n >= 2U)) { /* a two-byte opcode */
		at = 2U;
		code = 0x100U | op[1];
	}
	mlen = (n > at) ? modrm_len(m, &op[at], n - at) : 0U;
	if (mlen == 0U) {
		return false;
	}
	d->reg = (uint8_t)((((unsigned)op[at] >> 3) & 7U) | (((unsigned)m->rex & 4U) << 1));
	d->op_size = full_size(m);
	d->size = (((code & 1U) == 0U) || (code == 0x1b6U)) ? 1U : d->op_size;
	d->size = (code == 0x1b7U) ? 2U : d->size;
	d->write = (code == 0x88U) || (code == 0x89U) || (code == 0xc6U) || (code == 0xc7U);
	if ((code == 0xc6U) || (code == 0xc7U)) {
		/* a 64-bit store takes a sign-extended imm32 */
		imm = (d->size == 8U) ? 4U : d->size;
		if ((((unsigned)op[at] >> 3) & 7U) != 0U) {
			return false; /* C6/C7 with another /digit */
		}
		d->reg = NO_REG;
	} else if ((code != 0x88U) && (code != 0x89U) && (code != 0x8aU) && (code != 0x8bU) &&
		   (code != 0x1b6U) && (code != 0x1b7U)) {
		return false;
	} else {
		d->op_size = ((code == 0x88U) || (code == 0x8aU)) ? 1U : d->op_size;
	}
	d->len = at + mlen + imm;
	if (d->len > n) {
		return false;
	}
	d->imm = little_endian(&op[at + mlen], imm);
	if ((imm == 4U) && (d->size == 8U) && ((d->imm & 0x80000000U) != 0U)) {
		d->imm |= 0xffffffff00000000UL;
	}
	return true;
}

/* MOV AL/eAX to or from a direct offset (A0..A3). */
static bool decode_moffs(const struct mode *m, const uint8_t *op, unsigned n, struct insn *d)
{
	unsigned alen = 4U;

	if (m->long64 && !m->addr32) {
		alen = 8U;
	}
	if (m->addr16 || ((op[0] & 0xfcU) != 0xa0U) || (n < (1U + alen))) {
		return false;
	}
	d->len = 1U + alen;
	d->op_size = ((op[0] & 1U) != 0U) ? full_size(m) : 1U;
	d->size = d->op_size;
	d->write = (op[0] & 2U) != 0U;
	d->reg = 0U;
	return true;
}

/* Prefixes, then the instruction; false: not an MMIO instruction this emulator knows. */
static bool decode(bool long64, bool cs_d, const uint8_t *b, unsigned n, struct insn *d)
{
	struct mode m = {long64, !long64 && !cs_d, !long64 && !cs_d, false, 0U};
	unsigned i = 0U;
	bool ok;

	for (; i < n; i++) {
		uint8_t p = b[i];

		if (p == 0x66U) {
			m.opsize16 = !m.opsize16;
		} else if (p == 0x67U) {
			m.addr16 = !long64 && !m.addr16;
			m.addr32 = long64;
		} else if ((p != 0x26U) && (p != 0x2eU) && (p != 0x36U) && (p != 0x3eU) &&
			   (p != 0x64U) && (p != 0x65U)) {
			break; /* not a prefix (a segment override changes no GPA) */
		} else {
			/* a segment override */
		}
	}
	if (long64 && (i < n) && ((b[i] & 0xf0U) == 0x40U)) {
		m.rex = b[i];
		i++;
	}
	if (i >= n) {
		return false;
	}
	ok = decode_modrm(&m, &b[i], n - i, d) || decode_moffs(&m, &b[i], n - i, d);
	d->byte_high = (m.rex == 0U) && (d->op_size == 1U) && (d->reg >= 4U) && (d->reg < 8U);
	d->len += i;
	return ok;
}

/* ---- registers and the access ---- */

static uint64_t size_mask(unsigned size)
{
	uint64_t bits = (uint64_t)size * 8U;

	return (bits >= 64U) ? ~0UL : ((1UL << bits) - 1UL);
}

/* The value a store writes. */
static uint64_t store_value(struct guest_regs *r, const struct insn *d)
{
	uint64_t v = d->imm;

	if (d->byte_high) {
		v = guest_gpr(r, d->reg - 4U) >> 8;
	} else if (d->reg != NO_REG) {
		v = guest_gpr(r, d->reg);
	} else {
		/* the immediate */
	}
	return v & size_mask(d->size);
}

/* A load into its register: 32-bit results clear the upper half, 8- and 16-bit ones merge. */
static void load_register(struct guest_regs *r, const struct insn *d, uint64_t val)
{
	unsigned reg = d->byte_high ? (d->reg - 4U) : d->reg;
	unsigned shift = d->byte_high ? 8U : 0U;
	uint64_t mask = size_mask(d->op_size) << shift;
	uint64_t v = (val & size_mask(d->size)) << shift;

	if (d->op_size >= 4U) {
		guest_set_gpr(r, reg, v);
	} else {
		guest_set_gpr(r, reg, (guest_gpr(r, reg) & ~mask) | v);
	}
}

static bool nothing_owns(const struct vcpu *v, uint64_t gpa)
{
	(void)gpa;
	return v->vm == vm_service();
}

/* Reported as every refusal is (vm_report: each message counted on its own, so that other
 * refusals never hide it): an access to memory that is not its own is the one a test of its
 * isolation looks for. */
static void nothing_access(struct vcpu *v, struct vmmio *a)
{
	if (a->write) {
		vm_report(v->vm, "%u-byte write of 0x%lx to GPA 0x%lx, which is not its: dropped",
			  a->size, a->val, a->gpa);
	} else {
		vm_report(v->vm, "%u-byte read of GPA 0x%lx, which is not its: all ones", a->size,
			  a->gpa);
		a->val = ~0UL;
	}
}

static const struct mmio_dev *mmio_owner(const struct vcpu *v, uint64_t gpa)
{
	static const struct mmio_dev mmio_devs[] = {
	    {vlapic_mmio_owns, vlapic_mmio},
	    {vioapic_mmio_owns, vioapic_mmio},
	    {vpci_ecam_owns, vpci_ecam},
	    {nothing_owns, nothing_access}, /* the last: the Service VM's unowned addresses */
	};

	for (unsigned i = 0U; i < (sizeof(mmio_devs) / sizeof(mmio_devs[0])); i++) {
		if (mmio_devs[i].owns(v, gpa)) {
			return &mmio_devs[i];
		}
	}
	return NULL;
}

/* The VM stops; the message shows the first eight bytes at RIP in memory order. */
static void stop_undecoded(struct vcpu *v, uint64_t gpa, const uint8_t *b, unsigned n)
{
	uint64_t shown = 0U;

	for (unsigned i = 0U; i < 8U; i++) {
		shown = (shown << 8) | ((i < n) ? b[i] : 0U);
	}
	vm_stop(v->vm,
		"MMIO at GPA 0x%lx by an instruction not emulated at RIP 0x%lx (bytes %016lx)", gpa,
		vmread(GUEST_RIP), shown);
}

void vmmio_load_done(struct vcpu *v, struct guest_regs *r, uint64_t val)
{
	const struct vmmio_load *l = &v->arch->mmio_load;
	struct insn d = {0};

	d.reg = l->reg;
	d.byte_high = l->byte_high;
	d.size = l->size;
	d.op_size = l->op_size;
	load_register(r, &d, val);
}

/* A post-launched VM's access that no emulated device owns: to the Service VM, the register a
 * load goes to kept for its answer. */
static void to_service_vm(struct vcpu *v, const struct insn *d, const struct vmmio *a)
{
	v->arch->mmio_load =
	    (struct vmmio_load){d->reg, d->byte_high, (uint8_t)d->size, (uint8_t)d->op_size};
	ioreq_send(v, IOREQ_MMIO, a->write, a->gpa, a->size, a->val);
}

bool vmmio_emulate(struct vcpu *v, struct guest_regs *r, uint64_t gpa)
{
	const struct mmio_dev *dev = mmio_owner(v, gpa);
	uint64_t ar = vmread(GUEST_CS_AR);
	bool long64 = ((vmread(GUEST_EFER) & EFER_LMA) != 0U) && ((ar & CS_AR_L) != 0U);
	uint8_t b[INSN_MAX];
	struct insn d = {0};
	struct vmmio a;
	unsigned n;

	if ((dev == NULL) && !ioreq_routes(v->vm)) {
		return false;
	}
	n = fetch(v->vm, b);
	if (!decode(long64, (ar & CS_AR_D) != 0U, b, n, &d)) {
		stop_undecoded(v, gpa, b, n);
		return true;
	}
	a = (struct vmmio){gpa, d.write ? store_value(r, &d) : 0U, d.size, d.write};
	if (dev != NULL) {
		dev->access(v, &a);
	}
	if ((dev != NULL) && !d.write) {
		load_register(r, &d, a.val);
	}
	vmwrite(GUEST_RIP, vmread(GUEST_RIP) + d.len);
	vmwrite(GUEST_INTERRUPTIBILITY, vmread(GUEST_INTERRUPTIBILITY) & ~3UL);
	if (dev == NULL) {
		to_service_vm(v, &d, &a);
	}
	return true;
}
