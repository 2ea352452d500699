/* Value parsing: strict, overflow-checked, no locale, no strtoul surprises ("-1", "1e3"). */
#include "value.h"

#include <string.h>

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Parses digits of the given base from *p; -1 if there are none, or on overflow. */
static int parse_digits(const char **p, unsigned base, uint64_t *out)
{
	uint64_t v = 0;
	const char *s = *p;
	int n = 0;
	for (;; s++, n++) {
		int d = hex_digit(*s);
		if (d < 0 || (unsigned)d >= base)
			break;
		if (v > (UINT64_MAX - (uint64_t)d) / base)
			return -1;
		v = v * base + (uint64_t)d;
	}
	if (n == 0)
		return -1;
	*p = s;
	*out = v;
	return 0;
}

static int parse_number(const char *s, unsigned base, int allow_prefix, uint64_t *out)
{
	if (!s)
		return -1;
	while (is_blank(*s))
		s++;
	if (allow_prefix && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	if (parse_digits(&s, base, out) != 0)
		return -1;
	while (is_blank(*s))
		s++;
	return *s == '\0' ? 0 : -1;
}

int value_u64(const char *s, uint64_t *out)
{
	return parse_number(s, 10, 1, out);
}

int value_hex(const char *s, uint64_t *out)
{
	return parse_number(s, 16, 0, out);
}

int value_yn(const char *s, bool *out)
{
	if (s && strcmp(s, "y") == 0)
		*out = true;
	else if (s && strcmp(s, "n") == 0)
		*out = false;
	else
		return -1;
	return 0;
}

static int fixed_hex(const char *s, int width, unsigned *out)
{
	unsigned v = 0;
	for (int i = 0; i < width; i++) {
		int d = hex_digit(s[i]);
		if (d < 0)
			return -1;
		v = v * 16 + (unsigned)d;
	}
	*out = v;
	return 0;
}

int value_bdf(const char *s, struct bdf *out, const char **rest)
{
	unsigned bus, dev, fn;
	if (!s)
		return -1;
	while (is_blank(*s))
		s++;
	if (fixed_hex(s, 2, &bus) || s[2] != ':' || fixed_hex(s + 3, 2, &dev) || s[5] != '.' ||
	    fixed_hex(s + 6, 1, &fn))
		return -1;
	if (dev > 0x1f || fn > 7)
		return -1;
	const char *p = s + 7;
	if (*p != '\0' && !is_blank(*p))
		return -1;
	while (is_blank(*p))
		p++;
	if (*p != '\0' && !rest)
		return -1;
	if (rest)
		*rest = p;
	out->bus = (uint8_t)bus;
	out->dev = (uint8_t)dev;
	out->fn = (uint8_t)fn;
	return 0;
}

uint16_t bdf_id(struct bdf b)
{
	return (uint16_t)(b.bus << 8 | b.dev << 3 | b.fn);
}
