/* The kernel's printf (see printf.h for the formats it takes). One
 * formatter, kvformat, writes through a callback; ksnprintf and kprintf are
 * thin wrappers. Arch-independent and unit-tested on the host. */
#include "kernel/printf.h"

struct spec {
	bool left;     /* '-': pad on the right */
	bool zero;     /* '0': pad numbers with zeros */
	bool plus;     /* '+': always a sign */
	bool space;    /* ' ': space for a positive sign */
	bool alt;      /* '#': 0x / 0 prefixes */
	int width;     /* minimum field width */
	int precision; /* -1 if none */
};

struct sink {
	kputc_fn out;
	void *ctx;
	int count; /* characters the full output has, written or not */
};

static void emit(struct sink *s, int c)
{
	s->out(c, s->ctx);
	s->count++;
}

static void pad(struct sink *s, int c, int n)
{
	while (n-- > 0)
		emit(s, c);
}

static void format_string(struct sink *s, const struct spec *sp, const char *str)
{
	int len = 0;
	if (!str)
		str = "(null)";
	while (str[len] && (sp->precision < 0 || len < sp->precision))
		len++;
	if (!sp->left)
		pad(s, ' ', sp->width - len);
	for (int i = 0; i < len; i++)
		emit(s, str[i]);
	if (sp->left)
		pad(s, ' ', sp->width - len);
}

/* Writes a number: sign, prefix, zero padding to the precision, digits. */
static void format_number(struct sink *s, const struct spec *sp, uint64_t value, bool negative,
                          unsigned base, bool upper)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char buf[24]; /* 2^64 in octal is 22 digits */
	int n = 0;

	/* C says: precision 0 and value 0 prints no digits. */
	if (!(value == 0 && sp->precision == 0)) {
		do {
			buf[n++] = digits[value % base];
			value /= base;
		} while (value);
	}

	const char *prefix = "";
	if (negative)
		prefix = "-";
	else if (sp->plus)
		prefix = "+";
	else if (sp->space)
		prefix = " ";
	if (sp->alt && base == 16 && n > 0 && !(n == 1 && buf[0] == '0'))
		prefix = upper ? "0X" : "0x";
	if (sp->alt && base == 8 && (n == 0 || buf[n - 1] != '0'))
		prefix = "0";

	int plen = 0;
	while (prefix[plen])
		plen++;
	int zeros = sp->precision > n ? sp->precision - n : 0;
	int total = plen + zeros + n;
	/* '0' pads to the width only when no precision is given. */
	if (sp->zero && !sp->left && sp->precision < 0 && sp->width > total) {
		zeros += sp->width - total;
		total = sp->width;
	}

	if (!sp->left)
		pad(s, ' ', sp->width - total);
	for (int i = 0; i < plen; i++)
		emit(s, prefix[i]);
	pad(s, '0', zeros);
	while (n > 0)
		emit(s, buf[--n]);
	if (sp->left)
		pad(s, ' ', sp->width - total);
}

enum length { LEN_INT, LEN_CHAR, LEN_SHORT, LEN_LONG, LEN_LLONG, LEN_SIZE };

static uint64_t take_unsigned(va_list *ap, enum length len)
{
	switch (len) {
	case LEN_CHAR:
		return (unsigned char)va_arg(*ap, unsigned int);
	case LEN_SHORT:
		return (unsigned short)va_arg(*ap, unsigned int);
	case LEN_LONG:
		return va_arg(*ap, unsigned long);
	case LEN_LLONG:
		return va_arg(*ap, unsigned long long);
	case LEN_SIZE:
		return va_arg(*ap, size_t);
	default:
		return va_arg(*ap, unsigned int);
	}
}

static int64_t take_signed(va_list *ap, enum length len)
{
	switch (len) {
	case LEN_CHAR:
		return (signed char)va_arg(*ap, int);
	case LEN_SHORT:
		return (short)va_arg(*ap, int);
	case LEN_LONG:
		return va_arg(*ap, long);
	case LEN_LLONG:
		return va_arg(*ap, long long);
	case LEN_SIZE:
		return va_arg(*ap, ptrdiff_t);
	default:
		return va_arg(*ap, int);
	}
}

static int parse_int(const char **p)
{
	int v = 0;
	while (**p >= '0' && **p <= '9') {
		if (v < 100000) /* a sane cap; widths past it are nonsense */
			v = v * 10 + (**p - '0');
		(*p)++;
	}
	return v;
}

int kvformat(kputc_fn out, void *ctx, const char *fmt, va_list ap_in)
{
	struct sink s = { out, ctx, 0 };
	va_list ap;
	va_copy(ap, ap_in);

	for (const char *p = fmt; *p; p++) {
		if (*p != '%') {
			emit(&s, *p);
			continue;
		}
		p++;
		struct spec sp = { .precision = -1 };
		for (;; p++) {
			if (*p == '-')
				sp.left = true;
			else if (*p == '0')
				sp.zero = true;
			else if (*p == '+')
				sp.plus = true;
			else if (*p == ' ')
				sp.space = true;
			else if (*p == '#')
				sp.alt = true;
			else
				break;
		}
		if (*p == '*') {
			sp.width = va_arg(ap, int);
			if (sp.width < 0) {
				sp.left = true;
				sp.width = -sp.width;
			}
			p++;
		} else {
			sp.width = parse_int(&p);
		}
		if (*p == '.') {
			p++;
			if (*p == '*') {
				sp.precision = va_arg(ap, int);
				if (sp.precision < 0)
					sp.precision = -1;
				p++;
			} else {
				sp.precision = parse_int(&p);
			}
		}
		enum length len = LEN_INT;
		if (*p == 'h') {
			len = LEN_SHORT;
			if (*++p == 'h') {
				len = LEN_CHAR;
				p++;
			}
		} else if (*p == 'l') {
			len = LEN_LONG;
			if (*++p == 'l') {
				len = LEN_LLONG;
				p++;
			}
		} else if (*p == 'z' || *p == 't' || *p == 'j') {
			len = *p == 'j' ? LEN_LLONG : LEN_SIZE;
			p++;
		}

		switch (*p) {
		case 'd':
		case 'i': {
			int64_t v = take_signed(&ap, len);
			uint64_t mag = v < 0 ? -(uint64_t)v : (uint64_t)v;
			format_number(&s, &sp, mag, v < 0, 10, false);
			break;
		}
		case 'u':
			format_number(&s, &sp, take_unsigned(&ap, len), false, 10, false);
			break;
		case 'x':
		case 'X':
			format_number(&s, &sp, take_unsigned(&ap, len), false, 16, *p == 'X');
			break;
		case 'o':
			format_number(&s, &sp, take_unsigned(&ap, len), false, 8, false);
			break;
		case 'p':
			sp.alt = true;
			format_number(&s, &sp, (uintptr_t)va_arg(ap, void *), false, 16, false);
			break;
		case 'c': {
			char c = (char)va_arg(ap, int);
			if (!sp.left)
				pad(&s, ' ', sp.width - 1);
			emit(&s, c);
			if (sp.left)
				pad(&s, ' ', sp.width - 1);
			break;
		}
		case 's':
			format_string(&s, &sp, va_arg(ap, const char *));
			break;
		case '%':
			emit(&s, '%');
			break;
		case '\0':
			/* A lone '%' at the end: print it rather than read past. */
			emit(&s, '%');
			p--;
			break;
		default:
			/* Unknown conversion: print it as written, take no argument. */
			emit(&s, '%');
			emit(&s, *p);
			break;
		}
	}
	va_end(ap);
	return s.count;
}

struct buffer {
	char *buf;
	size_t size;
	size_t used;
};

static void buffer_putc(int c, void *ctx)
{
	struct buffer *b = ctx;
	if (b->used + 1 < b->size)
		b->buf[b->used++] = (char)c;
}

int kvsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct buffer b = { buf, size, 0 };
	int n = kvformat(buffer_putc, &b, fmt, ap);
	if (size > 0)
		buf[b.used] = '\0';
	return n;
}

int ksnprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = kvsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

static void console_sink(int c, void *ctx)
{
	(void)ctx;
	if (c == '\n')
		console_putc('\r');
	console_putc(c);
}

int kvprintf(const char *fmt, va_list ap)
{
	return kvformat(console_sink, NULL, fmt, ap);
}

int kprintf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = kvprintf(fmt, ap);
	va_end(ap);
	return n;
}

const char *format_size(char *buf, size_t size, word_t bytes)
{
	static const char *const units[] = { "B", "KiB", "MiB", "GiB", "TiB" };
	unsigned u = 0;
	word_t scaled = bytes;
	while (scaled >= 1024 && u + 1 < ARRAY_SIZE(units)) {
		scaled /= 1024;
		u++;
	}
	/* One decimal, truncated, and only when it is not zero. */
	word_t tenths = u ? (bytes * 10 >> (10 * u)) % 10 : 0;
	if (bytes >> 60) /* bytes * 10 would overflow; drop the decimal */
		tenths = 0;
	if (tenths)
		ksnprintf(buf, size, "%lu.%lu %s", (unsigned long)scaled, (unsigned long)tenths,
		          units[u]);
	else
		ksnprintf(buf, size, "%lu %s", (unsigned long)scaled, units[u]);
	return buf;
}
