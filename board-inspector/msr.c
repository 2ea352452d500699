/* MSR reads through the kernel's msr device (never writes), and the msr.txt dump. */
#include "msr.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* VMX capabilities, fast strings and turbo, HWP levels, the platform's ratios. */
const uint32_t msr_list[] = {
    MSR_FEATURE_CONTROL,
    MSR_PLATFORM_INFO,
    MSR_ARCH_CAPABILITIES,
    MSR_MISC_ENABLE,
    0x1ad, /* turbo ratio limits */
    MSR_VMX_BASIC,
    MSR_VMX_PINBASED,
    MSR_VMX_PROCBASED,
    MSR_VMX_EXIT,
    MSR_VMX_ENTRY,
    0x485, /* VMX misc */
    MSR_VMX_PROCBASED2,
    MSR_VMX_EPT_VPID,
    MSR_HWP_CAPABILITIES,
};
const size_t msr_list_len = ARRAY_SIZE(msr_list);

static void add(struct msr_set *s, unsigned cpu, uint32_t msr, uint64_t value)
{
	GROW(s->v, s->n, s->cap);
	s->v[s->n++] = (struct msr_val){cpu, msr, value};
}

int msr_read_live(unsigned cpu, struct msr_set *out)
{
	char path[64];
	snprintf(path, sizeof(path), "/dev/cpu/%u/msr", cpu);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	for (size_t i = 0; i < msr_list_len; i++) {
		uint64_t v;
		/* The kernel turns the #GP of a missing register into EIO. */
		if (pread(fd, &v, sizeof(v), msr_list[i]) == (ssize_t)sizeof(v))
			add(out, cpu, msr_list[i], v);
	}
	close(fd);
	return 0;
}

static int valcmp(const void *a, const void *b)
{
	const struct msr_val *x = a, *y = b;
	if (x->cpu != y->cpu)
		return x->cpu < y->cpu ? -1 : 1;
	return x->msr < y->msr ? -1 : x->msr > y->msr;
}

void msr_sort(struct msr_set *s)
{
	size_t k = 0;
	if (s->n > 1)
		qsort(s->v, s->n, sizeof(*s->v), valcmp);
	for (size_t i = 0; i < s->n; i++)
		if (!k || valcmp(&s->v[k - 1], &s->v[i]) != 0)
			s->v[k++] = s->v[i];
	s->n = k;
}

bool msr_get(const struct msr_set *s, unsigned cpu, uint32_t msr, uint64_t *value)
{
	struct msr_val key = {cpu, msr, 0};
	const struct msr_val *v = s->n ? bsearch(&key, s->v, s->n, sizeof(*s->v), valcmp) : NULL;
	if (v)
		*value = v->value;
	return v != NULL;
}

static int parse_fields(char *line, uint64_t f[3])
{
	char *save = NULL, *tok = strtok_r(line, " \t", &save);
	size_t k = 0;
	for (; tok && k < 3; tok = strtok_r(NULL, " \t", &save))
		if (parse_u64(tok, &f[k++]) != 0)
			return -1;
	return tok || k != 3 || f[0] >= IDLIST_MAX || f[1] > UINT32_MAX ? -1 : 0;
}

void msr_parse(const char *text, size_t len, const char *where, struct msr_set *out)
{
	size_t lineno = 0;
	for (size_t pos = 0; pos < len;) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - (text + pos)) : len - pos;
		char *line = xstrndup(text + pos, n), *hash = strchr(line, '#');
		uint64_t f[3];
		lineno++;
		if (hash)
			*hash = '\0';
		if (*trim(line) && parse_fields(line, f) == 0)
			add(out, (unsigned)f[0], (uint32_t)f[1], f[2]);
		else if (*trim(line))
			warn_line(where, lineno,
				  "expected 'CPU MSR VALUE' (numbers); line ignored");
		free(line);
		pos += n + 1;
	}
	msr_sort(out);
}

void msr_format(const struct msr_set *s, struct buf *out)
{
	buf_puts(out, "# CPU MSR VALUE\n");
	for (size_t i = 0; i < s->n; i++)
		buf_printf(out, "%u 0x%x 0x%016llx\n", s->v[i].cpu, s->v[i].msr,
			   (unsigned long long)s->v[i].value);
}

void msr_set_free(struct msr_set *s)
{
	free(s->v);
	memset(s, 0, sizeof(*s));
}
