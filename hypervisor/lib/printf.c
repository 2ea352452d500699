/* vsnprintf for the hypervisor: %d %u %x %X %p %s %c %%, flags '-' and '0', width, l/ll/z. */
#include "lib.h"

struct out {
	char *buf;
	size_t size;
	size_t len;
};

/* A conversion's flags ('-', '0'), width and length modifiers (l: 1, ll or z: 2). */
struct spec {
	bool left;
	char pad;
	unsigned width;
	int lng;
};

static void out_char(struct out *o, char c)
{
	if ((o->len + 1U) < o->size) {
		o->buf[o->len] = c;
	}
	o->len++;
}

static void out_padded(struct out *o, const char *s, size_t n, const struct spec *sp, char pad)
{
	size_t i;

	if (!sp->left) {
		for (i = n; i < sp->width; i++) {
			out_char(o, pad);
		}
	}
	for (i = 0U; i < n; i++) {
		out_char(o, s[i]);
	}
	if (sp->left) {
		for (i = n; i < sp->width; i++) {
			out_char(o, ' ');
		}
	}
}

static size_t format_number(char *tmp, uint64_t value, unsigned base, bool upper, bool neg)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char rev[24];
	uint64_t v = value;
	size_t n = 0U;
	size_t k = 0U;

	do {
		rev[n] = digits[v % base];
		n++;
		v /= base;
	} while (v != 0U);
	if (neg) {
		tmp[k] = '-';
		k++;
	}
	while (n != 0U) {
		n--;
		tmp[k] = rev[n];
		k++;
	}
	return k;
}

static uint64_t fetch_unsigned(va_list *ap, int lng)
{
	if (lng >= 2) {
		return va_arg(*ap, unsigned long long);
	}
	if (lng == 1) {
		return va_arg(*ap, unsigned long);
	}
	return va_arg(*ap, unsigned int);
}

static int64_t fetch_signed(va_list *ap, int lng)
{
	if (lng >= 2) {
		return va_arg(*ap, long long);
	}
	if (lng == 1) {
		return va_arg(*ap, long);
	}
	return va_arg(*ap, int);
}

/* One conversion: conv is the character after the flags, width and length. */
static void convert(struct out *o, char conv, va_list *ap, const struct spec *sp)
{
	char tmp[24];
	const char *s;
	size_t n;
	int64_t sv;
	uint64_t mag;

	switch (conv) {
	case 'd':
	case 'i':
		sv = fetch_signed(ap, sp->lng);
		mag = (sv < 0) ? (0U - (uint64_t)sv) : (uint64_t)sv;
		n = format_number(tmp, mag, 10U, false, sv < 0);
		out_padded(o, tmp, n, sp, sp->pad);
		break;
	case 'u':
	case 'x':
	case 'X':
		n = format_number(tmp, fetch_unsigned(ap, sp->lng), (conv == 'u') ? 10U : 16U,
				  conv == 'X', false);
		out_padded(o, tmp, n, sp, sp->pad);
		break;
	case 'p':
		out_char(o, '0');
		out_char(o, 'x');
		n = format_number(tmp, (uintptr_t)va_arg(*ap, void *), 16U, false, false);
		out_padded(o, tmp, n, sp, sp->pad);
		break;
	case 's':
		s = va_arg(*ap, const char *);
		if (s == NULL) {
			s = "(null)";
		}
		out_padded(o, s, strlen(s), sp, ' ');
		break;
	case 'c':
		tmp[0] = (char)va_arg(*ap, int);
		out_padded(o, tmp, 1U, sp, ' ');
		break;
	default:
		out_char(o, '%');
		out_char(o, conv);
		break;
	}
}

/* Reads the flags, width and length of the conversion at fmt[i]; returns the index after them. */
static size_t parse_spec(const char *fmt, size_t i, struct spec *sp)
{
	size_t k = i;

	sp->left = false;
	sp->pad = ' ';
	sp->width = 0U;
	sp->lng = 0;
	while ((fmt[k] == '-') || (fmt[k] == '0')) {
		if (fmt[k] == '-') {
			sp->left = true;
		} else {
			sp->pad = '0';
		}
		k++;
	}
	while ((fmt[k] >= '0') && (fmt[k] <= '9')) {
		sp->width = (sp->width * 10U) + ((unsigned)fmt[k] - (unsigned)'0');
		k++;
	}
	while ((fmt[k] == 'l') || (fmt[k] == 'z')) {
		sp->lng += (fmt[k] == 'z') ? 2 : 1;
		k++;
	}
	return k;
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = {buf, size, 0U};
	struct spec sp;
	va_list args;
	size_t i = 0U;

	va_copy(args, ap);
	while (fmt[i] != '\0') {
		if (fmt[i] != '%') {
			out_char(&o, fmt[i]);
		} else if (fmt[i + 1U] == '%') {
			out_char(&o, '%');
			i++;
		} else {
			i = parse_spec(fmt, i + 1U, &sp);
			if (fmt[i] == '\0') {
				break;
			}
			convert(&o, fmt[i], &args, &sp);
		}
		i++;
	}
	va_end(args);
	if (size != 0U) {
		buf[(o.len < size) ? o.len : (size - 1U)] = '\0';
	}
	return (int)o.len;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
