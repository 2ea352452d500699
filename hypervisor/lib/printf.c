/* vsnprintf for the hypervisor: %d %u %x %X %p %s %c %%, flags '-' and '0', width, l/ll/z. */
#include "lib.h"

struct out {
	char *buf;
	size_t size;
	size_t len;
};

static void out_char(struct out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void out_padded(struct out *o, const char *s, size_t n, unsigned width, bool left, char pad)
{
	size_t i;

	if (!left)
		for (i = n; i < width; i++)
			out_char(o, pad);
	for (i = 0; i < n; i++)
		out_char(o, s[i]);
	if (left)
		for (i = n; i < width; i++)
			out_char(o, ' ');
}

static size_t format_number(char *tmp, uint64_t v, unsigned base, bool upper, bool neg)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char rev[24];
	size_t n = 0, k = 0;

	do {
		rev[n++] = digits[v % base];
		v /= base;
	} while (v);
	if (neg)
		tmp[k++] = '-';
	while (n)
		tmp[k++] = rev[--n];
	return k;
}

static uint64_t fetch_unsigned(va_list *ap, int lng)
{
	if (lng >= 2)
		return va_arg(*ap, unsigned long long);
	if (lng == 1)
		return va_arg(*ap, unsigned long);
	return va_arg(*ap, unsigned int);
}

static int64_t fetch_signed(va_list *ap, int lng)
{
	if (lng >= 2)
		return va_arg(*ap, long long);
	if (lng == 1)
		return va_arg(*ap, long);
	return va_arg(*ap, int);
}

/* One conversion: conv is the character after the flags, width and length. */
static void convert(struct out *o, char conv, va_list *ap, int lng, unsigned width, bool left,
		    char pad)
{
	char tmp[24];
	const char *s;
	size_t n;
	int64_t sv;

	switch (conv) {
	case 'd':
	case 'i':
		sv = fetch_signed(ap, lng);
		n = format_number(tmp, sv < 0 ? -(uint64_t)sv : (uint64_t)sv, 10, false, sv < 0);
		out_padded(o, tmp, n, width, left, pad);
		break;
	case 'u':
	case 'x':
	case 'X':
		n = format_number(tmp, fetch_unsigned(ap, lng), conv == 'u' ? 10 : 16, conv == 'X',
				  false);
		out_padded(o, tmp, n, width, left, pad);
		break;
	case 'p':
		out_char(o, '0');
		out_char(o, 'x');
		n = format_number(tmp, (uintptr_t)va_arg(*ap, void *), 16, false, false);
		out_padded(o, tmp, n, width, left, pad);
		break;
	case 's':
		s = va_arg(*ap, const char *);
		s = s ? s : "(null)";
		out_padded(o, s, strlen(s), width, left, ' ');
		break;
	case 'c':
		tmp[0] = (char)va_arg(*ap, int);
		out_padded(o, tmp, 1, width, left, ' ');
		break;
	default:
		out_char(o, '%');
		out_char(o, conv);
	}
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = {buf, size, 0};
	va_list args;

	va_copy(args, ap);
	for (; *fmt; fmt++) {
		bool left = false;
		char pad = ' ';
		unsigned width = 0;
		int lng = 0;

		if (*fmt != '%') {
			out_char(&o, *fmt);
			continue;
		}
		if (*++fmt == '%') {
			out_char(&o, '%');
			continue;
		}
		for (; *fmt == '-' || *fmt == '0'; fmt++)
			if (*fmt == '-')
				left = true;
			else
				pad = '0';
		for (; *fmt >= '0' && *fmt <= '9'; fmt++)
			width = width * 10 + (unsigned)(*fmt - '0');
		for (; *fmt == 'l' || *fmt == 'z'; fmt++)
			lng += *fmt == 'z' ? 2 : 1;
		if (!*fmt)
			break;
		convert(&o, *fmt, &args, lng, width, left, pad);
	}
	va_end(args);
	if (size)
		buf[o.len < size ? o.len : size - 1] = 0;
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
