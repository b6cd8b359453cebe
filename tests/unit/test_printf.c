/* The kernel printf against what C says each format prints. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include "kernel/printf.h"
#include "tests/unit/support/host_console.h"

/* These tests feed odd formats on purpose. */
#pragma GCC diagnostic ignored "-Wformat"
#pragma GCC diagnostic ignored "-Wformat-extra-args"
#pragma GCC diagnostic ignored "-Wformat-overflow"
#pragma GCC diagnostic ignored "-Wformat-truncation"

/* Formats with the kernel and with the host libc and expects the same. */
#define same_as_libc(...)                                                                          \
	do {                                                                                       \
		char ours[256], libc[256];                                                         \
		int n_ours = ksnprintf(ours, sizeof(ours), __VA_ARGS__);                           \
		int n_libc = snprintf(libc, sizeof(libc), __VA_ARGS__);                            \
		cr_expect_str_eq(ours, libc);                                                      \
		cr_expect_eq(n_ours, n_libc, "length %d, libc %d", n_ours, n_libc);                \
	} while (0)

Test(printf, integers_match_c)
{
	same_as_libc("%d %i %u", 42, -17, 3000000000u);
	same_as_libc("%d %d", INT32_MIN, INT32_MAX);
	same_as_libc("%lld %llu", (long long)INT64_MIN, (unsigned long long)UINT64_MAX);
	same_as_libc("%ld %lu %zu %zd", -5L, 7UL, (size_t)99, (ptrdiff_t)-3);
	same_as_libc("%hhd %hhu %hd %hu", -1, 255, -2, 65535);
	same_as_libc("%jd", (intmax_t)-123456789012345LL);
}

Test(printf, hex_and_octal_match_c)
{
	same_as_libc("%x %X %#x %#X", 0xbeefu, 0xbeefu, 0xbeefu, 0xbeefu);
	same_as_libc("%#x %#o %o", 0u, 0u, 8u);
	same_as_libc("%lx %016lx", 0xffffffc080200000ul, 0x80200000ul);
	same_as_libc("%#o", 0755u);
}

Test(printf, width_precision_and_flags_match_c)
{
	same_as_libc("[%5d] [%-5d] [%05d] [%+d] [% d]", 42, 42, 42, 42, 42);
	same_as_libc("[%.3d] [%8.3d] [%-8.3d] [%08.3d]", 7, 7, 7, 7);
	same_as_libc("[%.0d] [%.0x]", 0, 0u);
	same_as_libc("[%*d] [%-*d] [%.*d]", 6, 1, 6, 1, 4, 1);
	same_as_libc("[%*d]", -6, 1);
	same_as_libc("[%05d] [%+05d]", -42, 42);
}

Test(printf, strings_and_chars_match_c)
{
	same_as_libc("[%s] [%10s] [%-10s] [%.2s]", "abc", "abc", "abc", "abc");
	same_as_libc("[%c] [%3c] [%-3c]", 'x', 'y', 'z');
	same_as_libc("100%%");
}

Test(printf, pointers_have_0x)
{
	char buf[64];
	ksnprintf(buf, sizeof(buf), "%p", (void *)0x1234);
	cr_expect_str_eq(buf, "0x1234");
}

Test(printf, null_string_prints_null)
{
	char buf[32];
	const char *nothing = NULL;
	ksnprintf(buf, sizeof(buf), "%s", nothing);
	cr_expect_str_eq(buf, "(null)");
}

Test(printf, truncates_and_reports_full_length)
{
	char buf[8];
	memset(buf, 'Z', sizeof(buf));
	int n = ksnprintf(buf, 5, "%s", "abcdefgh");
	cr_expect_eq(n, 8);
	cr_expect_str_eq(buf, "abcd");
	cr_expect_eq(buf[5], 'Z', "wrote past the given size");
	cr_expect_eq(ksnprintf(NULL, 0, "%d", 12345), 5);
}

Test(printf, unknown_and_trailing_percent_are_printed)
{
	char buf[32];
	ksnprintf(buf, sizeof(buf), "a%qb");
	cr_expect_str_eq(buf, "a%qb");
	ksnprintf(buf, sizeof(buf), "end%");
	cr_expect_str_eq(buf, "end%");
}

Test(printf, kprintf_goes_to_console_with_crlf)
{
	host_console_reset();
	int n = kprintf("hart %d\n", 0);
	cr_expect_str_eq(host_console_text(), "hart 0\r\n");
	cr_expect_eq(n, 7, "kprintf counts the formatted text, not the added \\r");
}

Test(printf, format_size_uses_binary_units_with_one_truncated_decimal)
{
	char b[16];
	cr_expect_str_eq(format_size(b, sizeof(b), 0), "0 B");
	cr_expect_str_eq(format_size(b, sizeof(b), 1023), "1023 B");
	cr_expect_str_eq(format_size(b, sizeof(b), 4096), "4 KiB");
	cr_expect_str_eq(format_size(b, sizeof(b), 1536), "1.5 KiB");
	cr_expect_str_eq(format_size(b, sizeof(b), (128u << 20) - 1), "127.9 MiB");
	cr_expect_str_eq(format_size(b, sizeof(b), 3ull << 30), "3 GiB");
	cr_expect_str_eq(format_size(b, sizeof(b), ~0ull), "16777215 TiB", "no overflow");
}
