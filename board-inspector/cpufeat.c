/* Feature bit tables. Bits that describe the OS's state (OSXSAVE, OSPKE) are left out. */
#include "cpufeat.h"

#include <stddef.h>

#include "util.h"

struct cpuid_bit {
	uint32_t leaf;
	uint8_t reg, bit;
	const char *name;
};

static const struct cpuid_bit cpuid_bits[] = {
    {1, ECX, 0, "sse3"},
    {1, ECX, 1, "pclmulqdq"},
    {1, ECX, 2, "dtes64"},
    {1, ECX, 3, "monitor"},
    {1, ECX, 4, "ds_cpl"},
    {1, ECX, 5, "vmx"},
    {1, ECX, 6, "smx"},
    {1, ECX, 7, "est"},
    {1, ECX, 8, "tm2"},
    {1, ECX, 9, "ssse3"},
    {1, ECX, 10, "cnxt_id"},
    {1, ECX, 11, "sdbg"},
    {1, ECX, 12, "fma"},
    {1, ECX, 13, "cmpxchg16b"},
    {1, ECX, 14, "xtpr"},
    {1, ECX, 15, "pdcm"},
    {1, ECX, 17, "pcid"},
    {1, ECX, 18, "dca"},
    {1, ECX, 19, "sse4_1"},
    {1, ECX, 20, "sse4_2"},
    {1, ECX, 21, "x2apic"},
    {1, ECX, 22, "movbe"},
    {1, ECX, 23, "popcnt"},
    {1, ECX, 24, "tsc_deadline"},
    {1, ECX, 25, "aes"},
    {1, ECX, 26, "xsave"},
    {1, ECX, 28, "avx"},
    {1, ECX, 29, "f16c"},
    {1, ECX, 30, "rdrand"},
    {1, ECX, 31, "hypervisor"},
    {1, EDX, 0, "fpu"},
    {1, EDX, 1, "vme"},
    {1, EDX, 2, "de"},
    {1, EDX, 3, "pse"},
    {1, EDX, 4, "tsc"},
    {1, EDX, 5, "msr"},
    {1, EDX, 6, "pae"},
    {1, EDX, 7, "mce"},
    {1, EDX, 8, "cx8"},
    {1, EDX, 9, "apic"},
    {1, EDX, 11, "sep"},
    {1, EDX, 12, "mtrr"},
    {1, EDX, 13, "pge"},
    {1, EDX, 14, "mca"},
    {1, EDX, 15, "cmov"},
    {1, EDX, 16, "pat"},
    {1, EDX, 17, "pse36"},
    {1, EDX, 18, "psn"},
    {1, EDX, 19, "clfsh"},
    {1, EDX, 21, "ds"},
    {1, EDX, 22, "acpi"},
    {1, EDX, 23, "mmx"},
    {1, EDX, 24, "fxsr"},
    {1, EDX, 25, "sse"},
    {1, EDX, 26, "sse2"},
    {1, EDX, 27, "ss"},
    {1, EDX, 28, "htt"},
    {1, EDX, 29, "tm"},
    {1, EDX, 31, "pbe"},
    {7, EBX, 0, "fsgsbase"},
    {7, EBX, 1, "ia32_tsc_adjust_msr"},
    {7, EBX, 2, "sgx"},
    {7, EBX, 3, "bmi1"},
    {7, EBX, 4, "hle"},
    {7, EBX, 5, "avx2"},
    {7, EBX, 6, "fdp_excptn_only"},
    {7, EBX, 7, "smep"},
    {7, EBX, 8, "bmi2"},
    {7, EBX, 9, "erms"},
    {7, EBX, 10, "invpcid"},
    {7, EBX, 11, "rtm"},
    {7, EBX, 12, "rdt_m"},
    {7, EBX, 13, "deprecate_fpu"},
    {7, EBX, 14, "mpx"},
    {7, EBX, 15, "rdt_a"},
    {7, EBX, 16, "avx512f"},
    {7, EBX, 17, "avx512dq"},
    {7, EBX, 18, "rdseed"},
    {7, EBX, 19, "adx"},
    {7, EBX, 20, "smap"},
    {7, EBX, 21, "avx512_ifma"},
    {7, EBX, 23, "clflushopt"},
    {7, EBX, 24, "clwb"},
    {7, EBX, 25, "intel_pt"},
    {7, EBX, 26, "avx512pf"},
    {7, EBX, 27, "avx512er"},
    {7, EBX, 28, "avx512cd"},
    {7, EBX, 29, "sha"},
    {7, EBX, 30, "avx512bw"},
    {7, EBX, 31, "avx512vl"},
    {7, ECX, 0, "prefetchwt1"},
    {7, ECX, 1, "avx512_vbmi"},
    {7, ECX, 2, "umip"},
    {7, ECX, 3, "pku"},
    {7, ECX, 5, "waitpkg"},
    {7, ECX, 6, "avx512_vbmi2"},
    {7, ECX, 7, "cet_ss"},
    {7, ECX, 8, "gfni"},
    {7, ECX, 9, "vaes"},
    {7, ECX, 10, "vpclmulqdq"},
    {7, ECX, 11, "avx512_vnni"},
    {7, ECX, 12, "avx512_bitalg"},
    {7, ECX, 13, "tme_en"},
    {7, ECX, 14, "avx512_vpopcntdq"},
    {7, ECX, 16, "la57"},
    {7, ECX, 22, "rdpid"},
    {7, ECX, 23, "kl"},
    {7, ECX, 25, "cldemote"},
    {7, ECX, 27, "movdiri"},
    {7, ECX, 28, "movdiri64b"},
    {7, ECX, 29, "enqcmd"},
    {7, ECX, 30, "sgx_lc"},
    {7, ECX, 31, "pks"},
    {7, EDX, 2, "avx512_4vnniw"},
    {7, EDX, 3, "avx512_4fmaps"},
    {7, EDX, 4, "fast_short_rep_mov"},
    {7, EDX, 8, "avx512_vp2intersect"},
    {7, EDX, 9, "srbds_ctrl"},
    {7, EDX, 10, "md_clear"},
    {7, EDX, 11, "rtm_always_abort"},
    {7, EDX, 14, "serialize"},
    {7, EDX, 15, "hybrid"},
    {7, EDX, 16, "tsxldtrk"},
    {7, EDX, 18, "pconfig"},
    {7, EDX, 19, "lbr"},
    {7, EDX, 20, "cet_ibt"},
    {7, EDX, 22, "amx_bf16"},
    {7, EDX, 23, "avx512_fp16"},
    {7, EDX, 24, "amx_tile"},
    {7, EDX, 25, "amx_int8"},
    {7, EDX, 26, "ibrs_ibpb"},
    {7, EDX, 27, "stibp"},
    {7, EDX, 28, "l1d_flush"},
    {7, EDX, 29, "ia32_arch_capabilities"},
    {7, EDX, 30, "ia32_core_capabilities"},
    {7, EDX, 31, "ssbd"},
    {0x80000001u, ECX, 0, "lahf_sahf_64"},
    {0x80000001u, ECX, 2, "svm"},
    {0x80000001u, ECX, 5, "lzcnt"},
    {0x80000001u, ECX, 8, "prefetchw"},
    {0x80000001u, EDX, 11, "syscall_sysret_64"},
    {0x80000001u, EDX, 20, "execute_disable"},
    {0x80000001u, EDX, 26, "gbyte_pages"},
    {0x80000001u, EDX, 27, "rdtscp_ia32_tsc_aux"},
    {0x80000001u, EDX, 29, "intel_64"},
    {0x80000007u, EDX, 8, "invariant_tsc"},
};

/* An MSR capability: all bits of mask set. VMX control MSRs hold allowed-1 bits at 32-63. */
struct msr_bit {
	uint32_t msr;
	uint64_t mask;
	const char *name;
};

#define HI(b) (1ull << (32 + (b)))

static const struct msr_bit msr_bits[] = {
    {MSR_MISC_ENABLE, 1ull << 0, "fast_string"},
    {MSR_VMX_PINBASED, HI(0), "vmx_pinbased_ctls_irq_exit"},
    {MSR_VMX_PROCBASED2, HI(1), "ept"},
    {MSR_VMX_PROCBASED2, HI(8) | HI(9), "apicv"},
    {MSR_VMX_PROCBASED, HI(3), "vmx_procbased_ctls_tsc_off"},
    {MSR_VMX_PROCBASED, HI(21), "vmx_procbased_ctls_tpr_shadow"},
    {MSR_VMX_PROCBASED, HI(25), "vmx_procbased_ctls_io_bitmap"},
    {MSR_VMX_PROCBASED, HI(28), "vmx_procbased_ctls_msr_bitmap"},
    {MSR_VMX_PROCBASED, HI(7), "vmx_procbased_ctls_hlt"},
    {MSR_VMX_PROCBASED, HI(31), "vmx_procbased_ctls_secondary"},
    {MSR_VMX_EXIT, HI(15), "vmx_exit_ctls_ack_irq"},
    {MSR_VMX_EXIT, HI(18), "vmx_exit_ctls_save_pat"},
    {MSR_VMX_EXIT, HI(19), "vmx_exit_ctls_load_pat"},
    {MSR_VMX_EXIT, HI(9), "vmx_exit_ctls_host_addr64"},
    {MSR_VMX_ENTRY, HI(14), "vmx_entry_ctls_load_pat"},
    {MSR_VMX_ENTRY, HI(9), "vmx_entry_ctls_ia32e_mode"},
    {MSR_VMX_PROCBASED2, HI(7), "unrestricted_guest"},
    {MSR_VMX_PROCBASED2, HI(0), "vmx_procbased_ctls2_vapic"},
    {MSR_VMX_PROCBASED2, HI(1), "vmx_procbased_ctls2_ept"},
    {MSR_VMX_PROCBASED2, HI(5), "vmx_procbased_ctls2_vpid"},
    {MSR_VMX_PROCBASED2, HI(3), "vmx_procbased_ctls2_rdtscp"},
    {MSR_VMX_PROCBASED2, HI(7), "vmx_procbased_ctls2_unrestrict"},
    {MSR_VMX_EPT_VPID, 1ull << 20, "invept"},
    {MSR_VMX_EPT_VPID, 1ull << 32, "invvpid"},
    {MSR_VMX_EPT_VPID, 1ull << 16, "ept_2mb_page"},
    {MSR_VMX_EPT_VPID, 1ull << 17, "vmx_ept_1gb_page"},
};

static bool cpuid_bit(const struct cpuid_cpu *c, const struct cpuid_bit *b)
{
	uint32_t r[4], max[4];
	uint32_t top = b->leaf & 0x80000000u;
	if (!cpuid_get(c, top, 0, max) || max[EAX] < b->leaf)
		return false;
	return cpuid_get(c, b->leaf, 0, r) && ((r[b->reg] >> b->bit) & 1);
}

void features_list(const struct cpuid_cpu *c, const struct msr_set *m, unsigned cpu, feature_fn fn,
		   void *ctx)
{
	uint64_t v;
	for (size_t i = 0; c && i < ARRAY_SIZE(cpuid_bits); i++)
		if (cpuid_bit(c, &cpuid_bits[i]))
			fn(ctx, cpuid_bits[i].name);
	for (size_t i = 0; i < ARRAY_SIZE(msr_bits); i++)
		if (msr_get(m, cpu, msr_bits[i].msr, &v) &&
		    (v & msr_bits[i].mask) == msr_bits[i].mask)
			fn(ctx, msr_bits[i].name);
}

bool features_vmx_known(const struct msr_set *m, unsigned cpu)
{
	uint64_t v;
	return msr_get(m, cpu, MSR_VMX_BASIC, &v);
}
