/* Facts probe for the Bochs PC (see tests/boot/bochs-facts.sh, which builds and boots it).
 * A 32-bit multiboot (v1) kernel that prints to COM1: GRUB's memory map, CPUID of the BSP (and of
 * the AP, started with INIT-SIPI-SIPI), the MSRs a board inspector reads (#GP caught), PCI config
 * space of bus 0 with BAR sizes, the ACPI tables (decoded MADT/FADT/HPET plus hex dumps), IOAPIC
 * registers, SMBIOS and legacy BIOS data, then powers the machine off through ACPI PM1a_CNT.
 * Freestanding: gcc -m32 -ffreestanding, no libc. */
typedef unsigned int u32;
typedef unsigned short u16;
typedef unsigned char u8;
typedef unsigned long long u64;

__asm__(
    ".section .multiboot,\"a\"\n.align 4\n.long 0x1BADB002, 0x00000003, -(0x1BADB002+0x00000003)\n"
    ".text\n.globl _start\n_start:\n mov $stack_top, %esp\n push %ebx\n push %eax\n call kmain\n"
    "1: cli\n hlt\n jmp 1b\n.bss\n.align 16\n.space 16384\nstack_top:\n.text\n"
    /* #GP handler: skip the faulting 2-byte RDMSR and flag it */
    ".globl gp_stub\ngp_stub:\n add $4, %esp\n addl $2, (%esp)\n movl $1, msr_faulted\n iret\n"
    ".globl reload_segs\nreload_segs:\n ljmp $0x08, $2f\n2: mov $0x10, %ax\n mov %ax, %ds\n mov "
    "%ax, %es\n"
    " mov %ax, %ss\n mov %ax, %fs\n mov %ax, %gs\n ret\n"
    /* probe_long(u32 out[2]): enter IA-32e mode, CPUID 0x80000001 in 64-bit mode (Intel reports
     * SYSCALL there only), store ecx/edx, return to the caller in compatibility mode (paging stays
     * on). */
    ".globl probe_long\nprobe_long:\n push %ebx\n push %edi\n mov 12(%esp), %edi\n mov $pml4, "
    "%eax\n mov %eax, %cr3\n"
    " mov %cr4, %eax\n or $0x20, %eax\n mov %eax, %cr4\n mov $0xc0000080, %ecx\n rdmsr\n or "
    "$0x100, %eax\n wrmsr\n"
    " mov %cr0, %eax\n or $0x80000000, %eax\n mov %eax, %cr0\n ljmp $0x18, $4f\n.code64\n4: mov "
    "%edi, %edi\n"
    " mov $0x80000001, %eax\n xor %ecx, %ecx\n cpuid\n mov %ecx, (%rdi)\n mov %edx, 4(%rdi)\n"
    " pushq $0x08\n lea 5f(%rip), %rax\n pushq %rax\n lretq\n.code32\n5: pop %edi\n pop %ebx\n "
    "ret\n"
    /* AP trampoline, copied to 0x8000 (SIPI vector 0x08): real mode, stores CPUID results at 0x7000
     */
    ".section .rodata\n.code16\n.globl ap_tramp, ap_tramp_end\nap_tramp:\n cli\n xor %ax, %ax\n "
    "mov %ax, %ds\n"
    ".macro AP_LEAF l, s, at\n mov $\\l, %eax\n mov $\\s, %ecx\n cpuid\n mov %eax, \\at\n mov "
    "%ebx, \\at+4\n"
    " mov %ecx, \\at+8\n mov %edx, \\at+12\n.endm\n"
    " AP_LEAF 1, 0, 0x7000\n AP_LEAF 0xb, 0, 0x7010\n AP_LEAF 4, 0, 0x7020\n AP_LEAF 4, 1, 0x7030\n"
    " AP_LEAF 4, 2, 0x7040\n AP_LEAF 4, 3, 0x7050\n mov $0x1b, %ecx\n rdmsr\n mov %eax, 0x7060\n "
    "mov %edx, 0x7064\n"
    " movl $0x600dcafe, 0x70f0\n3: cli\n hlt\n jmp 3b\nap_tramp_end:\n.code32\n.text\n");
volatile unsigned int msr_faulted;
extern char gp_stub[], ap_tramp[], ap_tramp_end[];
void reload_segs(void);
void probe_long(unsigned int out[2]);
unsigned long long pml4[512] __attribute__((aligned(4096))),
    pdpt[512] __attribute__((aligned(4096))), pd[512] __attribute__((aligned(4096)));

static inline void outb(u16 p, u8 v)
{
	__asm__ volatile("outb %0,%1" ::"a"(v), "Nd"(p));
}
static inline void outw(u16 p, u16 v)
{
	__asm__ volatile("outw %0,%1" ::"a"(v), "Nd"(p));
}
static inline void outl(u16 p, u32 v)
{
	__asm__ volatile("outl %0,%1" ::"a"(v), "Nd"(p));
}
static inline u8 inb(u16 p)
{
	u8 v;
	__asm__ volatile("inb %1,%0" : "=a"(v) : "Nd"(p));
	return v;
}
static inline u32 inl(u16 p)
{
	u32 v;
	__asm__ volatile("inl %1,%0" : "=a"(v) : "Nd"(p));
	return v;
}
static inline void cpuid(u32 l, u32 s, u32 r[4])
{
	__asm__ volatile("cpuid" : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3]) : "a"(l), "c"(s));
}
static int rdmsr_safe(u32 m, u64 *v)
{
	u32 lo, hi;
	msr_faulted = 0;
	__asm__ volatile("xor %%eax,%%eax; xor %%edx,%%edx; rdmsr"
			 : "=&a"(lo), "=&d"(hi)
			 : "c"(m)
			 : "memory");
	*v = ((u64)hi << 32) | lo;
	return !msr_faulted;
}

static void putc_(char c)
{
	while (!(inb(0x3FD) & 0x20))
		;
	outb(0x3F8, c);
}
static void puts_(const char *s)
{
	while (*s) {
		if (*s == '\n')
			putc_('\r');
		putc_(*s++);
	}
}
static void hex(u32 v, int n)
{
	puts_("0x");
	for (int i = n - 1; i >= 0; i--)
		putc_("0123456789abcdef"[(v >> (4 * i)) & 15]);
}
static void hexn(u32 v, int n)
{
	for (int i = n - 1; i >= 0; i--)
		putc_("0123456789abcdef"[(v >> (4 * i)) & 15]);
}
static void dec(u32 v)
{
	char b[12];
	int i = 0;
	do {
		b[i++] = '0' + v % 10;
		v /= 10;
	} while (v);
	while (i)
		putc_(b[--i]);
}
static void putn(const char *s, int n)
{
	for (int i = 0; i < n; i++)
		putc_(s[i] ? s[i] : '.');
}
static int sig(const void *p, const char *s, int n)
{
	const char *a = p;
	for (int i = 0; i < n; i++)
		if (a[i] != s[i])
			return 0;
	return 1;
}
static u8 sum(const u8 *p, u32 n)
{
	u8 s = 0;
	while (n--)
		s += *p++;
	return s;
}
#define R8(a)  (*(volatile u8 *)(a))
#define R16(a) (*(volatile u16 *)(a))
#define R32(a) (*(volatile u32 *)(a))

static void leaf(u32 l, u32 s)
{
	u32 r[4];
	cpuid(l, s, r);
	puts_("cpuid ");
	hex(l, 8);
	puts_(" ");
	hex(s, 2);
	puts_(": eax=");
	hex(r[0], 8);
	puts_(" ebx=");
	hex(r[1], 8);
	puts_(" ecx=");
	hex(r[2], 8);
	puts_(" edx=");
	hex(r[3], 8);
	puts_("\n");
}

static void do_cpuid(void)
{
	u32 r[4], max, emax;
	cpuid(0, 0, r);
	max = r[0];
	puts_("== CPUID (BSP)\nvendor: ");
	putn((char *)&r[1], 4);
	putn((char *)&r[3], 4);
	putn((char *)&r[2], 4);
	puts_("\n");
	for (u32 l = 0; l <= max; l++) {
		if (l == 4) {
			for (u32 s = 0; s < 16; s++) {
				cpuid(4, s, r);
				leaf(4, s);
				if (!(r[0] & 31))
					break;
			}
		} else if (l == 7) {
			cpuid(7, 0, r);
			u32 n = r[0];
			for (u32 s = 0; s <= n && s < 4; s++)
				leaf(7, s);
		} else if (l == 0xb || l == 0x1f) {
			for (u32 s = 0; s < 8; s++) {
				cpuid(l, s, r);
				leaf(l, s);
				if (!((r[2] >> 8) & 255))
					break;
			}
		} else if (l == 0xd) {
			for (u32 s = 0; s < 10; s++)
				leaf(0xd, s);
		} else if (l == 0x10 || l == 0x12 || l == 0x14 || l == 0x17 || l == 0x18) {
			leaf(l, 0);
			leaf(l, 1);
			leaf(l, 2);
		} else
			leaf(l, 0);
	}
	cpuid(0x80000000, 0, r);
	emax = r[0];
	for (u32 l = 0x80000000; l <= emax && l < 0x80000020; l++)
		leaf(l, 0);
	if (emax >= 0x80000004) {
		puts_("brand: \"");
		for (u32 l = 0x80000002; l <= 0x80000004; l++) {
			cpuid(l, 0, r);
			putn((char *)r, 16);
		}
		puts_("\"\n");
	}
	cpuid(1, 0, r);
	u32 fam = (r[0] >> 8) & 15, mod = (r[0] >> 4) & 15, step = r[0] & 15;
	if (fam == 6 || fam == 15)
		mod |= ((r[0] >> 16) & 15) << 4;
	if (fam == 15)
		fam += (r[0] >> 20) & 255;
	puts_("family ");
	hex(fam, 2);
	puts_(" model ");
	hex(mod, 2);
	puts_(" stepping ");
	hex(step, 1);
	puts_(" initial_apic_id ");
	dec(r[1] >> 24);
	puts_(" logical_per_pkg ");
	dec((r[1] >> 16) & 255);
	puts_("\n");
	static const u32 msrs[] = {0x1b,  0x3a,	 0xce,	0x1a0, 0x1ad, 0x64c, 0x480, 0x481, 0x482,
				   0x483, 0x484, 0x485, 0x486, 0x487, 0x488, 0x489, 0x48a, 0x48b,
				   0x48c, 0x48d, 0x48e, 0x48f, 0x490, 0x491, 0x10a, 0x770, 0xc81};
	for (u32 i = 0; i < sizeof msrs / sizeof msrs[0]; i++) {
		u64 m;
		puts_("msr ");
		hex(msrs[i], 8);
		puts_(": ");
		if (rdmsr_safe(msrs[i], &m)) {
			hex(m >> 32, 8);
			hexn((u32)m, 8);
		} else
			puts_("#GP (not implemented)");
		puts_("\n");
	}
	puts_("lapic id reg=");
	hex(R32(0xfee00020), 8);
	puts_(" version reg=");
	hex(R32(0xfee00030), 8);
	puts_("\n");
}

static u32 pcr(u32 b, u32 d, u32 f, u32 o)
{
	outl(0xcf8, 0x80000000 | b << 16 | d << 11 | f << 8 | (o & 0xfc));
	return inl(0xcfc);
}
static void pcw(u32 b, u32 d, u32 f, u32 o, u32 v)
{
	outl(0xcf8, 0x80000000 | b << 16 | d << 11 | f << 8 | (o & 0xfc));
	outl(0xcfc, v);
}

static void do_pci(void)
{
	puts_("== PCI (bus 0; BAR sizes found by writing all ones with decoding off)\n");
	for (u32 d = 0; d < 32; d++)
		for (u32 f = 0; f < 8; f++) {
			u32 id = pcr(0, d, f, 0);
			if ((id & 0xffff) == 0xffff) {
				if (f == 0)
					break;
				continue;
			}
			u32 cls = pcr(0, d, f, 8), hdr = (pcr(0, d, f, 0xc) >> 16) & 0xff,
			    cmd = pcr(0, d, f, 4);
			puts_("00:");
			hexn(d, 2);
			puts_(".");
			hexn(f, 1);
			puts_(" ");
			hexn(id & 0xffff, 4);
			puts_(":");
			hexn(id >> 16, 4);
			puts_(" class ");
			hexn(cls >> 8, 6);
			puts_(" rev ");
			hex(cls & 0xff, 2);
			puts_(" hdr ");
			hex(hdr, 2);
			puts_(" cmd/sts ");
			hex(cmd, 8);
			if ((hdr & 0x7f) == 0) {
				u32 ss = pcr(0, d, f, 0x2c);
				puts_(" subsys ");
				hexn(ss & 0xffff, 4);
				puts_(":");
				hexn(ss >> 16, 4);
			}
			u32 il = pcr(0, d, f, 0x3c);
			puts_(" intpin ");
			dec((il >> 8) & 0xff);
			puts_(" intline ");
			dec(il & 0xff);
			puts_("\n");
			if ((hdr & 0x7f) == 0) {
				pcw(0, d, f, 4, cmd & ~3u);
				for (u32 i = 0; i < 6; i++) {
					u32 o = 0x10 + 4 * i, v = pcr(0, d, f, o);
					pcw(0, d, f, o, 0xffffffff);
					u32 s = pcr(0, d, f, o);
					pcw(0, d, f, o, v);
					if (!s)
						continue;
					u32 mask = (v & 1) ? (s & ~3u) : (s & ~15u);
					if (v & 1)
						mask |= 0xffff0000;
					u32 len = ~mask + 1;
					puts_("  bar");
					dec(i);
					puts_(" raw ");
					hex(v, 8);
					puts_((v & 1) ? " io " : " mem ");
					if (!(v & 1)) {
						puts_(((v >> 1) & 3) == 2 ? "64-bit " : "32-bit ");
						puts_((v & 8) ? "prefetchable "
							      : "non-prefetchable ");
					}
					puts_("base ");
					hex(v & ((v & 1) ? ~3u : ~15u), 8);
					puts_(" len ");
					hex(len, 8);
					puts_("\n");
					if (!(v & 1) && ((v >> 1) & 3) == 2)
						i++;
				}
				pcw(0, d, f, 4, cmd);
			}
			if (cmd & (0x10 << 16)) {
				u32 p = pcr(0, d, f, 0x34) & 0xfc;
				puts_("  caps:");
				for (int n = 0; p && n < 16; n++) {
					u32 c = pcr(0, d, f, p);
					puts_(" ");
					hex(c & 0xff, 2);
					puts_("@");
					hex(p, 2);
					if ((c & 0xff) == 5) {
						puts_("(MSI ctrl ");
						hex(c >> 16, 4);
						puts_(")");
					}
					if ((c & 0xff) == 0x11) {
						puts_("(MSI-X ctrl ");
						hex(c >> 16, 4);
						puts_(")");
					}
					p = (c >> 8) & 0xfc;
				}
				puts_("\n");
			}
			puts_("  config space:\n");
			for (u32 o = 0; o < 256; o += 16) {
				puts_("  ");
				hexn(o, 2);
				puts_(":");
				for (u32 i = o; i < o + 16; i += 4) {
					u32 v = pcr(0, d, f, i);
					for (int b = 0; b < 4; b++) {
						puts_(" ");
						hexn((v >> (8 * b)) & 0xff, 2);
					}
				}
				puts_("\n");
			}
			if (f == 0 && !(hdr & 0x80))
				break;
		}
}

static void hdr_(u32 a)
{
	puts_("table ");
	putn((char *)a, 4);
	puts_(" at ");
	hex(a, 8);
	puts_(" len ");
	dec(R32(a + 4));
	puts_(" rev ");
	dec(R8(a + 8));
	puts_(" oem \"");
	putn((char *)a + 10, 6);
	puts_("\" \"");
	putn((char *)a + 16, 8);
	puts_("\"\n");
}

static void gas(const char *n, u32 a)
{
	puts_("  ");
	puts_(n);
	puts_(": space ");
	dec(R8(a));
	puts_(" width ");
	dec(R8(a + 1));
	puts_(" offset ");
	dec(R8(a + 2));
	puts_(" access ");
	dec(R8(a + 3));
	puts_(" addr ");
	hex(R32(a + 8), 8);
	hexn(R32(a + 4), 8);
	puts_("\n");
}

static void dump(u32 a, u32 n)
{
	for (u32 o = 0; o < n; o += 16) {
		puts_("  ");
		hexn(o, 4);
		puts_(":");
		for (u32 i = o; i < o + 16 && i < n; i++) {
			puts_(" ");
			hexn(R8(a + i), 2);
		}
		puts_("\n");
	}
}

static u32 pm1a_cnt = 0xb004;
static void do_table(u32 a)
{
	hdr_(a);
	u32 len = R32(a + 4);
	dump(a, len);
	if (sig((void *)a, "APIC", 4)) {
		puts_("  lapic address ");
		hex(R32(a + 36), 8);
		puts_(" flags ");
		hex(R32(a + 40), 8);
		puts_("\n");
		for (u32 p = a + 44; p < a + len; p += R8(p + 1)) {
			u32 t = R8(p);
			if (!R8(p + 1))
				break;
			if (t == 0) {
				puts_("  LAPIC acpi_id ");
				dec(R8(p + 2));
				puts_(" apic_id ");
				dec(R8(p + 3));
				puts_(" flags ");
				hex(R32(p + 4), 8);
			} else if (t == 1) {
				u32 ia = R32(p + 4);
				puts_("  IOAPIC id ");
				dec(R8(p + 2));
				puts_(" address ");
				hex(ia, 8);
				puts_(" gsi_base ");
				dec(R32(p + 8));
				R32(ia) = 0;
				u32 idr = R32(ia + 0x10);
				R32(ia) = 1;
				u32 ver = R32(ia + 0x10);
				puts_(" | IOAPIC regs: id ");
				dec((idr >> 24) & 15);
				puts_(" version ");
				hex(ver & 0xff, 2);
				puts_(" redir entries ");
				dec(((ver >> 16) & 0xff) + 1);
			} else if (t == 2) {
				puts_("  INT_SRC_OVR bus ");
				dec(R8(p + 2));
				puts_(" irq ");
				dec(R8(p + 3));
				puts_(" gsi ");
				dec(R32(p + 4));
				puts_(" flags ");
				hex(R16(p + 8), 4);
			} else if (t == 4) {
				puts_("  LAPIC_NMI acpi_id ");
				hex(R8(p + 2), 2);
				puts_(" flags ");
				hex(R16(p + 3), 4);
				puts_(" lint ");
				dec(R8(p + 5));
			} else {
				puts_("  type ");
				dec(t);
				puts_(" len ");
				dec(R8(p + 1));
			}
			puts_("\n");
		}
	} else if (sig((void *)a, "FACP", 4)) {
		puts_("  FACS ");
		hex(R32(a + 36), 8);
		puts_(" DSDT ");
		hex(R32(a + 40), 8);
		puts_(" SCI_INT ");
		dec(R16(a + 46));
		puts_(" SMI_CMD ");
		hex(R32(a + 48), 8);
		puts_(" ACPI_ENABLE ");
		hex(R8(a + 52), 2);
		puts_(" ACPI_DISABLE ");
		hex(R8(a + 53), 2);
		puts_("\n");
		puts_("  PM1a_EVT_BLK ");
		hex(R32(a + 56), 8);
		puts_(" PM1b_EVT_BLK ");
		hex(R32(a + 60), 8);
		puts_(" PM1a_CNT_BLK ");
		hex(R32(a + 64), 8);
		puts_(" PM1b_CNT_BLK ");
		hex(R32(a + 68), 8);
		puts_(" PM2_CNT_BLK ");
		hex(R32(a + 72), 8);
		puts_(" PM_TMR_BLK ");
		hex(R32(a + 76), 8);
		puts_("\n");
		puts_("  GPE0_BLK ");
		hex(R32(a + 80), 8);
		puts_(" GPE1_BLK ");
		hex(R32(a + 84), 8);
		puts_(" PM1_EVT_LEN ");
		dec(R8(a + 88));
		puts_(" PM1_CNT_LEN ");
		dec(R8(a + 89));
		puts_(" PM_TMR_LEN ");
		dec(R8(a + 91));
		puts_(" GPE0_LEN ");
		dec(R8(a + 92));
		puts_(" IAPC_BOOT_ARCH ");
		hex(R16(a + 109), 4);
		puts_(" FLAGS ");
		hex(R32(a + 112), 8);
		puts_("\n");
		if (len >= 129) {
			gas("RESET_REG", a + 116);
			puts_("  RESET_VALUE ");
			hex(R8(a + 128), 2);
			puts_("\n");
		}
		if (R32(a + 64))
			pm1a_cnt = R32(a + 64);
		u32 ds = R32(a + 40);
		u32 fc = R32(a + 36);
		if (fc && sig((void *)fc, "FACS", 4)) {
			puts_("table FACS at ");
			hex(fc, 8);
			puts_(" len ");
			dec(R32(fc + 4));
			puts_("\n");
			dump(fc, R32(fc + 4));
		}
		if (ds && sig((void *)ds, "DSDT", 4)) {
			hdr_(ds);
			u32 dl = R32(ds + 4);
			dump(ds, dl);
			for (u32 p = ds + 36; p + 4 < ds + dl; p++)
				if (sig((void *)p, "_S3_", 4) || sig((void *)p, "_S4_", 4) ||
				    sig((void *)p, "_S5_", 4)) {
					puts_("  DSDT ");
					putn((char *)p, 4);
					puts_(" bytes:");
					for (int i = 4; i < 14; i++) {
						puts_(" ");
						hexn(R8(p + i), 2);
					}
					puts_("\n");
				}
		}
	} else if (sig((void *)a, "HPET", 4)) {
		puts_("  event timer block id ");
		hex(R32(a + 36), 8);
		puts_(" base ");
		hex(R32(a + 48), 8);
		hexn(R32(a + 44), 8);
		puts_("\n");
	}
}

static void do_acpi(void)
{
	puts_("== ACPI\n");
	u32 rsdp = 0, ebda = (u32)R16(0x40e) << 4;
	for (u32 p = ebda; ebda && p < ebda + 1024; p += 16)
		if (sig((void *)p, "RSD PTR ", 8) && !sum((u8 *)p, 20)) {
			rsdp = p;
			break;
		}
	for (u32 p = 0xe0000; !rsdp && p < 0x100000; p += 16)
		if (sig((void *)p, "RSD PTR ", 8) && !sum((u8 *)p, 20))
			rsdp = p;
	if (!rsdp) {
		puts_("no RSDP\n");
		return;
	}
	puts_("RSDP at ");
	hex(rsdp, 8);
	puts_(" rev ");
	dec(R8(rsdp + 15));
	puts_(" oem \"");
	putn((char *)rsdp + 9, 6);
	puts_("\" RSDT ");
	hex(R32(rsdp + 16), 8);
	if (R8(rsdp + 15) >= 2) {
		puts_(" XSDT ");
		hex(R32(rsdp + 28), 8);
		hexn(R32(rsdp + 24), 8);
	}
	puts_("\n");
	dump(rsdp, 20);
	u32 rsdt = R32(rsdp + 16);
	hdr_(rsdt);
	dump(rsdt, R32(rsdt + 4));
	for (u32 p = rsdt + 36; p < rsdt + R32(rsdt + 4); p += 4)
		do_table(R32(p));
}

static void do_smbios(void)
{
	puts_("== SMBIOS\n");
	u32 ep = 0;
	for (u32 p = 0xf0000; p < 0x100000; p += 16)
		if (sig((void *)p, "_SM_", 4)) {
			ep = p;
			break;
		}
	if (!ep) {
		puts_("no SMBIOS entry point\n");
		return;
	}
	u32 t = R32(ep + 0x18), tl = R16(ep + 0x16), n = R16(ep + 0x1c);
	puts_("entry point ");
	hex(ep, 8);
	puts_(" version ");
	dec(R8(ep + 6));
	puts_(".");
	dec(R8(ep + 7));
	puts_(" table ");
	hex(t, 8);
	puts_(" len ");
	dec(tl);
	puts_(" structures ");
	dec(n);
	puts_("\n");
	for (u32 p = t, i = 0; i < n && p < t + tl; i++) {
		u32 ty = R8(p), l = R8(p + 1);
		puts_("  type ");
		dec(ty);
		puts_(" handle ");
		hex(R16(p + 2), 4);
		if (ty == 0) {
			puts_(" vendor# ");
			dec(R8(p + 4));
			puts_(" version# ");
			dec(R8(p + 5));
			puts_(" date# ");
			dec(R8(p + 8));
			puts_(" bios_rev ");
			dec(R8(p + 0x14));
			puts_(".");
			dec(R8(p + 0x15));
		}
		if (ty == 1 || ty == 2) {
			puts_(" manufacturer# ");
			dec(R8(p + 4));
			puts_(" product# ");
			dec(R8(p + 5));
			puts_(" version# ");
			dec(R8(p + 6));
		}
		u32 s = p + l;
		int k = 1;
		puts_(" strings:");
		while (R8(s)) {
			puts_(" ");
			dec(k++);
			puts_("=\"");
			while (R8(s))
				putc_(R8(s++));
			puts_("\"");
			s++;
		}
		puts_("\n");
		p = s + (k == 1 ? 2 : 1);
		if (ty == 127)
			break;
	}
}

static void do_legacy(void)
{
	puts_("== legacy (BIOS data area, option ROMs, ELCR)\n");
	puts_("BDA COM1-4 io: ");
	for (int i = 0; i < 4; i++) {
		hex(R16(0x400 + 2 * i), 4);
		puts_(" ");
	}
	puts_(" LPT1-3 io: ");
	for (int i = 0; i < 3; i++) {
		hex(R16(0x408 + 2 * i), 4);
		puts_(" ");
	}
	puts_(" EBDA seg ");
	hex(R16(0x40e), 4);
	puts_(" base mem KiB ");
	dec(R16(0x413));
	puts_(" equipment ");
	hex(R16(0x410), 4);
	puts_("\n");
	for (u32 a = 0xc0000; a < 0xf0000; a += 0x800)
		if (R16(a) == 0xaa55) {
			puts_("option ROM at ");
			hex(a, 8);
			puts_(" size ");
			hex(R8(a + 2) * 512, 8);
			puts_("\n");
			a += ((R8(a + 2) * 512 + 0x7ff) & ~0x7ffu) - 0x800;
		}
	puts_("ELCR 0x4d0/0x4d1 ");
	hex(inb(0x4d0), 2);
	puts_(" ");
	hex(inb(0x4d1), 2);
	puts_(" PIC masks 0x21/0xa1 ");
	hex(inb(0x21), 2);
	puts_(" ");
	hex(inb(0xa1), 2);
	puts_("\n");
	static const u16 uarts[4] = {0x3f8, 0x2f8, 0x3e8, 0x2e8};
	for (int k = 0; k < 4; k++) {
		u16 port = uarts[k];
		outb(port + 7, 0x5a);
		u8 a = inb(port + 7);
		outb(port + 7, 0xa5);
		u8 b = inb(port + 7);
		puts_("UART scratch test at ");
		hex(port, 4);
		puts_((a == 0x5a && b == 0xa5) ? ": present\n" : ": absent\n");
	}
}

static void do_mb(u32 magic, u32 mbi)
{
	puts_("== multiboot (from GRUB)\nmagic ");
	hex(magic, 8);
	puts_(" flags ");
	hex(R32(mbi), 8);
	if (R32(mbi) & 1) {
		puts_(" mem_lower ");
		dec(R32(mbi + 4));
		puts_(" KiB mem_upper ");
		dec(R32(mbi + 8));
		puts_(" KiB");
	}
	puts_("\n");
	if (R32(mbi) & 0x40)
		for (u32 p = R32(mbi + 48), e = p + R32(mbi + 44); p < e; p += R32(p) + 4) {
			puts_("e820 ");
			hex(R32(p + 8), 8);
			hexn(R32(p + 4), 8);
			puts_(" len ");
			hex(R32(p + 16), 8);
			hexn(R32(p + 12), 8);
			puts_(" type ");
			dec(R32(p + 20));
			puts_("\n");
		}
}

static u64 gdt[4] = {0, 0x00cf9a000000ffffULL, 0x00cf92000000ffffULL, 0x00af9a000000ffffULL};
static u64 idt[32];
static void setup_tables(void)
{
	struct __attribute__((packed)) {
		u16 lim;
		u32 base;
	} g = {sizeof gdt - 1, (u32)gdt}, i = {sizeof idt - 1, (u32)idt};
	__asm__ volatile("lgdt %0" ::"m"(g));
	reload_segs();
	u32 h = (u32)gp_stub;
	idt[13] = (h & 0xffff) | (0x08u << 16) | ((u64)0x8e00 << 32) | ((u64)(h >> 16) << 48);
	__asm__ volatile("lidt %0" ::"m"(i));
}

static void do_ap(void)
{
	puts_("== AP (apic id 1) started with INIT-SIPI-SIPI, real-mode CPUID results\n");
	for (char *p = ap_tramp, *q = (char *)0x8000; p < ap_tramp_end;)
		*q++ = *p++;
	R32(0x70f0) = 0;
	R32(0xfee000f0) = 0x1ff;
	R32(0xfee00310) = 1u << 24;
	R32(0xfee00300) = 0x4500;
	while (R32(0xfee00300) & 0x1000)
		;
	for (volatile int k = 0; k < 10000; k++)
		;
	for (int n = 0; n < 2; n++) {
		R32(0xfee00310) = 1u << 24;
		R32(0xfee00300) = 0x4608;
		while (R32(0xfee00300) & 0x1000)
			;
		for (volatile int k = 0; k < 10000 && R32(0x70f0) != 0x600dcafe; k++)
			;
	}
	for (volatile int k = 0; k < 5000000 && R32(0x70f0) != 0x600dcafe; k++)
		;
	if (R32(0x70f0) != 0x600dcafe) {
		puts_("AP did not answer\n");
		return;
	}
	static const u32 lv[6][2] = {{1, 0}, {0xb, 0}, {4, 0}, {4, 1}, {4, 2}, {4, 3}};
	for (int k = 0; k < 6; k++) {
		u32 a = 0x7000 + 16 * k;
		puts_("ap cpuid ");
		hex(lv[k][0], 8);
		puts_(" ");
		hex(lv[k][1], 2);
		puts_(": eax=");
		hex(R32(a), 8);
		puts_(" ebx=");
		hex(R32(a + 4), 8);
		puts_(" ecx=");
		hex(R32(a + 8), 8);
		puts_(" edx=");
		hex(R32(a + 12), 8);
		puts_("\n");
	}
	puts_("ap msr 0x0000001b: ");
	hex(R32(0x7064), 8);
	hexn(R32(0x7060), 8);
	puts_("\n");
}

void kmain(u32 magic, u32 mbi)
{
	puts_("\n=== probe start\n");
	setup_tables();
	do_mb(magic, mbi);
	do_cpuid();
	do_ap();
	do_pci();
	do_acpi();
	do_smbios();
	do_legacy();
	puts_("== long mode (last: paging stays on, the #GP handler is gone)\n");
	pml4[0] = (u32)pdpt | 3;
	pdpt[0] = (u32)pd | 3;
	for (u32 i = 0; i < 512; i++)
		pd[i] = ((u64)i << 21) | 0x83;
	u32 r[2];
	probe_long(r);
	puts_("cpuid 0x80000001 0x00 in 64-bit mode: ecx=");
	hex(r[0], 8);
	puts_(" edx=");
	hex(r[1], 8);
	puts_("\n");
	puts_("=== probe end, powering off via PM1a_CNT ");
	hex(pm1a_cnt, 4);
	puts_(" = 0x2000\n");
	outw(pm1a_cnt, 0x2000);
	const char *s = "Shutdown";
	while (*s)
		outb(0x8900, *s++);
}
