/* CPU identity and topology. */
#include "topology.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "capture.h"
#include "source.h"

/* ---- which CPUs ---- */

static int read_list(struct source *s, const char *path, struct idlist *l)
{
	struct buf b = {0};
	int rc = source_read(s, path, 65536, 0, &b);
	if (rc == 0 && idlist_parse(b.data, l) != 0) {
		char *where = source_path(s, path);
		warn_line(where, 1, "not a CPU list such as '0-3,5'; parts were ignored");
		free(where);
	}
	buf_free(&b);
	return rc;
}

static void warn_offline(struct source *s, const struct idlist *online)
{
	struct idlist present = {0};
	read_list(s, "/sys/devices/system/cpu/present", &present);
	for (size_t i = 0; i < present.n; i++)
		if (!idlist_has(online, present.v[i]))
			warn("CPU %u is offline and is not inspected (this tool never onlines "
			     "CPUs); "
			     "to include it: echo 1 > /sys/devices/system/cpu/cpu%u/online, then "
			     "run again",
			     present.v[i], present.v[i]);
	idlist_free(&present);
}

/* ---- CPUID and MSR values ---- */

static void cpuid_live(struct source *s, struct cpus *c)
{
	int failed = 0;
	for (size_t i = 0; i < c->online.n; i++) {
		struct cpuid_cpu *cc = cpuid_cpu(&c->cpuid, c->online.v[i], true);
		int rc = cpuid_read_live(c->online.v[i], cc);
		if (rc != 0 && !failed)
			failed = rc;
		if (rc != 0)
			warn("CPU %u: CPUID cannot be run there (%s); its identity comes from "
			     "/proc/cpuinfo",
			     c->online.v[i], strerror(-rc));
	}
	cpuid_live_done();
	c->cpuid_status = failed;
	if (source_capture(s)) {
		struct buf b = {0};
		cpuid_format(&c->cpuid, &b);
		capture_put(source_capture(s), "/cpuid.txt", b.data, b.len);
		buf_free(&b);
	}
}

static void read_cpuid(struct source *s, struct cpus *c)
{
	struct buf b = {0};
	if (source_is_live(s)) {
		cpuid_live(s, c);
		return;
	}
	c->cpuid_status = source_read(s, "/cpuid.txt", 64u << 20, 0, &b);
	if (c->cpuid_status == 0) {
		char *where = source_path(s, "/cpuid.txt");
		cpuid_parse(b.data, b.len, where, &c->cpuid);
		free(where);
	} else {
		warn("no cpuid.txt in the sysroot: CPU identities come from /proc/cpuinfo, and "
		     "there are no CPU capabilities or cache descriptors");
	}
	buf_free(&b);
}

static void msr_live(struct source *s, struct cpus *c)
{
	for (size_t i = 0; i < c->online.n && c->msr_status == 0; i++)
		c->msr_status = msr_read_live(c->online.v[i], &c->msr);
	msr_sort(&c->msr);
	if (c->msr_status == -ENOENT || c->msr_status == -ENXIO)
		warn("/dev/cpu/0/msr: no msr device; VMX capabilities, fast strings and HWP levels "
		     "are left out (load the msr module: modprobe msr, then run again)");
	else if (c->msr_status != 0)
		warn("/dev/cpu/0/msr: %s; VMX capabilities, fast strings and HWP levels are left "
		     "out (run as root)",
		     strerror(-c->msr_status));
	if (source_capture(s) && c->msr.n) {
		struct buf b = {0};
		msr_format(&c->msr, &b);
		capture_put(source_capture(s), "/msr.txt", b.data, b.len);
		buf_free(&b);
	}
}

static void read_msr(struct source *s, struct cpus *c)
{
	struct buf b = {0};
	if (source_is_live(s)) {
		msr_live(s, c);
		return;
	}
	c->msr_status = source_read(s, "/msr.txt", 16u << 20, 0, &b);
	if (c->msr_status == 0) {
		char *where = source_path(s, "/msr.txt");
		msr_parse(b.data, b.len, where, &c->msr);
		free(where);
	} else {
		warn("no msr.txt in the sysroot: VMX capabilities, fast strings and HWP levels are "
		     "left out");
	}
	buf_free(&b);
}

/* ---- /proc/cpuinfo: identity when CPUID is missing, and the brand ---- */

struct cpuinfo {
	unsigned proc;
	bool has_apic, has_fms;
	unsigned apic, family, model, stepping;
	char *name;
};

struct cpuinfo_set {
	struct cpuinfo *v;
	size_t n, cap;
};

static void cpuinfo_field(struct cpuinfo *ci, const char *key, const char *value)
{
	uint64_t v;
	bool num = parse_u64(value, &v) == 0 && v <= UINT32_MAX;
	if (strcmp(key, "apicid") == 0 && num) {
		ci->has_apic = true;
		ci->apic = (unsigned)v;
	} else if (strcmp(key, "cpu family") == 0 && num) {
		ci->has_fms = true;
		ci->family = (unsigned)v;
	} else if (strcmp(key, "model") == 0 && num) {
		ci->model = (unsigned)v;
	} else if (strcmp(key, "stepping") == 0 && num) {
		ci->stepping = (unsigned)v;
	} else if (strcmp(key, "model name") == 0 && !ci->name) {
		ci->name = clean_text(value, strlen(value));
	}
}

static void cpuinfo_line(struct cpuinfo_set *set, char *line)
{
	char *colon = strchr(line, ':');
	uint64_t v;
	if (!colon)
		return;
	*colon = '\0';
	char *key = trim(line), *value = trim(colon + 1);
	if (strcmp(key, "processor") == 0 && parse_u64(value, &v) == 0 && v < IDLIST_MAX) {
		GROW(set->v, set->n, set->cap);
		set->v[set->n++] = (struct cpuinfo){.proc = (unsigned)v};
	} else if (set->n) {
		cpuinfo_field(&set->v[set->n - 1], key, value);
	}
}

static void read_cpuinfo(struct source *s, struct cpuinfo_set *set)
{
	struct buf b = {0};
	if (source_read(s, "/proc/cpuinfo", 16u << 20, 0, &b) == 0) {
		char *save = NULL;
		for (char *l = strtok_r(b.data, "\n", &save); l; l = strtok_r(NULL, "\n", &save))
			cpuinfo_line(set, l);
	}
	buf_free(&b);
}

static const struct cpuinfo *cpuinfo_of(const struct cpuinfo_set *set, unsigned cpu)
{
	for (size_t i = 0; i < set->n; i++)
		if (set->v[i].proc == cpu)
			return &set->v[i];
	return NULL;
}

static void cpuinfo_free(struct cpuinfo_set *set)
{
	for (size_t i = 0; i < set->n; i++)
		free(set->v[i].name);
	free(set->v);
}

/* ---- identity ---- */

static void identity_cpuid(struct cpu *cpu)
{
	uint32_t r[4], max[4];
	cpuid_get(cpu->cpuid, 0, 0, max);
	cpuid_get(cpu->cpuid, 1, 0, r);
	uint32_t base = (r[EAX] >> 8) & 0xf;
	cpu->known = true;
	cpu->family = base == 0xf ? base + ((r[EAX] >> 20) & 0xff) : base;
	cpu->model = (r[EAX] >> 4) & 0xf;
	if (base == 6 || base == 0xf)
		cpu->model |= ((r[EAX] >> 16) & 0xf) << 4;
	cpu->stepping = r[EAX] & 0xf;
	cpu->apic_id = r[EBX] >> 24;
	cpu->x2apic_id = cpu->apic_id;
	if (max[EAX] >= 0x1a) {
		cpuid_get(cpu->cpuid, 0x1a, 0, r);
		cpu->has_core_type = true;
		cpu->core_type = (uint8_t)(r[EAX] >> 24);
		cpu->native_model = r[EAX] & 0xffffff;
	}
}

static void identity_cpuinfo(struct cpu *cpu, const struct cpuinfo *ci)
{
	if (!ci || !ci->has_apic || !ci->has_fms) {
		warn("CPU %u: neither CPUID values nor /proc/cpuinfo say what it is; left out",
		     cpu->id);
		return;
	}
	cpu->known = true;
	cpu->apic_id = cpu->x2apic_id = ci->apic;
	cpu->family = ci->family;
	cpu->model = ci->model;
	cpu->stepping = ci->stepping;
}

const char *topology_core_type(const struct cpu *cpu)
{
	if (!cpu->has_core_type)
		return "";
	return cpu->core_type == 0x40 ? "Core" : cpu->core_type == 0x20 ? "Atom" : "Reserved";
}

/* ---- topology ---- */

enum { LVL_SMT = 1, LVL_CORE, LVL_MODULE, LVL_TILE, LVL_DIE, LVL_MAX };

struct levels {
	bool has[LVL_MAX];
	uint32_t shift[LVL_MAX];
	uint32_t x2apic;
};

static bool cpuid_levels(const struct cpuid_cpu *c, uint32_t leaf, struct levels *lv)
{
	uint32_t r[4], max[4];
	cpuid_get(c, 0, 0, max);
	memset(lv, 0, sizeof(*lv));
	if (max[EAX] < leaf || !cpuid_get(c, leaf, 0, r) || (r[EBX] & 0xffff) == 0)
		return false;
	lv->x2apic = r[EDX];
	for (uint32_t sub = 0; sub < 32 && cpuid_get(c, leaf, sub, r); sub++) {
		uint32_t type = (r[ECX] >> 8) & 0xff;
		if (type == 0)
			break;
		if (type < LVL_MAX) {
			lv->has[type] = true;
			lv->shift[type] = r[EAX] & 0x1f;
		}
	}
	return lv->has[LVL_SMT] || lv->has[LVL_CORE];
}

/* Each level's id is the x2APIC id without the bits of the levels below it. */
static void place(struct cpu *cpu, const struct levels *lv)
{
	uint32_t x = lv->x2apic, below = lv->has[LVL_SMT] ? lv->shift[LVL_SMT] : 0;
	cpu->x2apic_id = x;
	cpu->core_id = x >> below;
	if (lv->has[LVL_CORE])
		below = lv->shift[LVL_CORE];
	if (lv->has[LVL_MODULE]) {
		cpu->has_module = true;
		cpu->module_id = x >> below;
		below = lv->shift[LVL_MODULE];
	}
	if (lv->has[LVL_TILE]) {
		cpu->has_tile = true;
		cpu->tile_id = x >> below;
		below = lv->shift[LVL_TILE];
	}
	cpu->die_id = x >> below;
}

static bool read_u32(struct source *s, const char *path, uint32_t *v)
{
	struct buf b = {0};
	uint64_t x;
	bool ok =
	    source_read(s, path, 256, 0, &b) == 0 && parse_u64(b.data, &x) == 0 && x <= UINT32_MAX;
	if (ok)
		*v = (uint32_t)x;
	buf_free(&b);
	return ok;
}

/* Without CPUID topology leaves: the kernel's view, else one core per CPU on one die. */
static void place_sysfs(struct source *s, struct cpu *cpu)
{
	char *core = xasprintf("/sys/devices/system/cpu/cpu%u/topology/core_id", cpu->id);
	char *pkg =
	    xasprintf("/sys/devices/system/cpu/cpu%u/topology/physical_package_id", cpu->id);
	if (!read_u32(s, core, &cpu->core_id))
		cpu->core_id = cpu->apic_id;
	if (!read_u32(s, pkg, &cpu->die_id))
		cpu->die_id = 0;
	free(core);
	free(pkg);
}

static void place_cpu(struct source *s, struct cpu *cpu)
{
	struct levels lv;
	if (cpu->cpuid &&
	    (cpuid_levels(cpu->cpuid, 0x1f, &lv) || cpuid_levels(cpu->cpuid, 0xb, &lv)))
		place(cpu, &lv);
	else
		place_sysfs(s, cpu);
}

/* ---- performance levels and frequency domains ---- */

static void hwp_levels(const struct cpus *c, struct cpu *cpu)
{
	uint32_t r[4];
	uint64_t v;
	cpuid_get(cpu->cpuid, 6, 0, r);
	if (!(r[EAX] & (1u << 7)) || !msr_get(&c->msr, cpu->id, MSR_HWP_CAPABILITIES, &v))
		return;
	cpu->has_hwp = true;
	cpu->hwp_highest = v & 0xff;
	cpu->hwp_guaranteed = (v >> 8) & 0xff;
	cpu->hwp_lowest = (v >> 24) & 0xff;
}

static void freq_domain(struct source *s, struct cpu *cpu)
{
	struct buf b = {0};
	char *path = xasprintf("/sys/devices/system/cpu/cpu%u/cpufreq/freqdomain_cpus", cpu->id);
	if (source_read(s, path, 4096, 0, &b) == 0 && *trim(b.data)) {
		char *t = trim(b.data);
		cpu->freqdomain = clean_text(t, strlen(t));
	}
	free(path);
	buf_free(&b);
}

static char *read_text(struct source *s, const char *path)
{
	struct buf b = {0};
	char *t = NULL;
	if (source_read(s, path, 4096, 0, &b) == 0 && *trim(b.data)) {
		char *v = trim(b.data);
		t = clean_text(v, strlen(v));
	}
	buf_free(&b);
	return t;
}

static int statecmp(const void *a, const void *b)
{
	const char *x = *(char *const *)a, *y = *(char *const *)b;
	size_t nx = strlen(x), ny = strlen(y);
	return nx != ny ? (nx < ny ? -1 : 1) : strcmp(x, y);
}

/* "POLL 0 us, C1 2 us, ...": the idle states Linux uses on the first CPU. */
static void idle_states(struct source *s, unsigned cpu, struct buf *out)
{
	char *dir = xasprintf("/sys/devices/system/cpu/cpu%u/cpuidle", cpu), **names;
	size_t n;
	if (source_list(s, dir, &names, &n) == 0 && n)
		qsort(names, n, sizeof(*names), statecmp);
	for (size_t i = 0; i < n && i < 32; i++) {
		char *p1 = xasprintf("%s/%s/name", dir, names[i]);
		char *p2 = xasprintf("%s/%s/latency", dir, names[i]);
		char *name = read_text(s, p1), *lat = read_text(s, p2);
		if (name && lat)
			buf_printf(out, "%s%s %s us", out->len ? ", " : "", name, lat);
		free(name), free(lat), free(p1), free(p2);
	}
	source_free_list(names, n);
	free(dir);
}

static void freq_limits(struct source *s, unsigned cpu, struct buf *out)
{
	static const char *const files[] = {"scaling_driver", "cpuinfo_min_freq",
					    "cpuinfo_max_freq"};
	char *v[3];
	for (size_t i = 0; i < 3; i++) {
		char *path = xasprintf("/sys/devices/system/cpu/cpu%u/cpufreq/%s", cpu, files[i]);
		v[i] = read_text(s, path);
		free(path);
	}
	if (v[0] && v[1] && v[2])
		buf_printf(out, "driver %s, %s-%s kHz", v[0], v[1], v[2]);
	for (size_t i = 0; i < 3; i++)
		free(v[i]);
}

/* ---- vendor, brand, features that matter for warnings ---- */

/* Register bytes in memory order (CPUID strings are little-endian). */
static void reg_chars(uint32_t r, char *out)
{
	for (int i = 0; i < 4; i++)
		out[i] = (char)((r >> (8 * i)) & 0xff);
}

static void vendor_brand(struct cpus *c, const struct cpuinfo_set *ci)
{
	const struct cpuid_cpu *first = c->n ? c->v[0].cpuid : NULL;
	uint32_t r[4];
	char brand[49] = {0};
	if (first && cpuid_get(first, 0, 0, r)) {
		reg_chars(r[EBX], c->vendor);
		reg_chars(r[EDX], c->vendor + 4);
		reg_chars(r[ECX], c->vendor + 8);
		c->vendor[12] = '\0';
		cpuid_get(first, 1, 0, r);
		c->hypervisor = r[ECX] >> 31;
		c->vmx = (r[ECX] >> 5) & 1;
	}
	for (uint32_t i = 0; first && i < 3 && cpuid_get(first, 0x80000002u + i, 0, r); i++)
		for (int k = 0; k < 4; k++)
			reg_chars(r[k], brand + 16 * i + 4 * k);
	char *t = trim(brand);
	if (*t)
		c->brand = clean_text(t, strlen(t));
	else if (ci->n && ci->v[0].name)
		c->brand = xstrdup(ci->v[0].name);
}

/* ---- all together ---- */

static void read_online(struct source *s, struct cpus *c, const struct cpuinfo_set *ci)
{
	c->online_status = read_list(s, "/sys/devices/system/cpu/online", &c->online);
	if (c->online_status == 0) {
		warn_offline(s, &c->online);
		return;
	}
	/* A sysroot without sysfs CPU lists: the CPUs that something else describes. */
	for (size_t i = 0; i < ci->n; i++)
		idlist_add(&c->online, ci->v[i].proc);
	if (!c->online.n && !source_is_live(s)) {
		struct buf b = {0};
		if (source_read(s, "/cpuid.txt", 64u << 20, SRC_NO_CAPTURE, &b) == 0) {
			struct cpuid_dump d = {0};
			/* Silent: read_cpuid parses it again and warns; -q still holds. */
			bool was_quiet = warn_set_quiet(true);
			cpuid_parse(b.data, b.len, "", &d);
			warn_set_quiet(was_quiet);
			for (size_t i = 0; i < d.n; i++)
				idlist_add(&c->online, d.cpus[i].cpu);
			cpuid_dump_free(&d);
		}
		buf_free(&b);
	}
	warn("/sys/devices/system/cpu/online: %s; %s", strerror(-c->online_status),
	     c->online.n ? "the CPUs are those of /proc/cpuinfo or cpuid.txt"
			 : "no CPU is described");
}

static void describe_cpu(struct source *s, struct cpus *c, struct cpu *cpu,
			 const struct cpuinfo_set *ci)
{
	cpu->cpuid = cpuid_cpu(&c->cpuid, cpu->id, false);
	if (cpu->cpuid && !cpu->cpuid->n)
		cpu->cpuid = NULL;
	if (cpu->cpuid)
		identity_cpuid(cpu);
	else
		identity_cpuinfo(cpu, cpuinfo_of(ci, cpu->id));
	if (!cpu->known)
		return;
	place_cpu(s, cpu);
	hwp_levels(c, cpu);
	freq_domain(s, cpu);
}

void topology_read(struct source *s, struct cpus *c)
{
	struct cpuinfo_set ci = {0};
	read_cpuinfo(s, &ci);
	read_online(s, c, &ci);
	read_cpuid(s, c);
	read_msr(s, c);
	c->v = xcalloc(c->online.n, sizeof(*c->v));
	for (size_t i = 0; i < c->online.n; i++) {
		struct cpu *cpu = &c->v[c->n];
		cpu->id = c->online.v[i];
		describe_cpu(s, c, cpu, &ci);
		if (cpu->known)
			c->n++;
		else
			free(cpu->freqdomain);
	}
	vendor_brand(c, &ci);
	if (c->n) {
		idle_states(s, c->v[0].id, &c->idle);
		freq_limits(s, c->v[0].id, &c->freq);
	}
	cpuinfo_free(&ci);
}

void topology_free(struct cpus *c)
{
	for (size_t i = 0; i < c->n; i++)
		free(c->v[i].freqdomain);
	free(c->v);
	free(c->brand);
	idlist_free(&c->online);
	cpuid_dump_free(&c->cpuid);
	msr_set_free(&c->msr);
	buf_free(&c->idle);
	buf_free(&c->freq);
	memset(c, 0, sizeof(*c));
}
