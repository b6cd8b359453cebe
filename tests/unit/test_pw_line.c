/* Lines of /etc/passwd and /etc/group (libc-glue/pw_line.c): fields,
 * numbers, member lists, and the lines a reader skips. */
#include <criterion/criterion.h>
#include <string.h>
#include "libc-glue/pw_line.h"

Test(pw_line, a_passwd_line_has_seven_fields)
{
	char line[] = "root:x:0:0:the admin:/home:/bin/sh\n";
	char *f[PW_FIELDS];
	cr_assert_eq(pw_split(line, f, PW_FIELDS), 0);
	cr_assert_str_eq(f[0], "root");
	cr_assert_str_eq(f[1], "x");
	cr_assert_str_eq(f[2], "0");
	cr_assert_str_eq(f[4], "the admin");
	cr_assert_str_eq(f[5], "/home");
	cr_assert_str_eq(f[6], "/bin/sh", "the newline is dropped");
}

Test(pw_line, empty_fields_are_fields)
{
	char line[] = "nobody::65534:65534:::";
	char *f[PW_FIELDS];
	cr_assert_eq(pw_split(line, f, PW_FIELDS), 0);
	cr_assert_str_eq(f[1], "");
	cr_assert_str_eq(f[6], "");
}

Test(pw_line, broken_lines_are_skipped)
{
	const char *bad[] = {
		"",                             /* blank */
		"\n",                           /* blank */
		"# comment:x:0:0:a:/:/bin/sh",  /* comment */
		"root:x:0:0:a:/home",           /* six fields */
		"root:x:0:0:a:/home:/bin/sh:z", /* eight */
		"root:x:zero:0:a:/home:/bin/sh", /* uid not a number */
		"root:x:0::a:/home:/bin/sh",    /* gid empty */
		"root:x:4294967296:0:a:/:/bin/sh", /* uid over 32 bits */
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char line[64], *f[PW_FIELDS];
		strcpy(line, bad[i]);
		cr_assert_eq(pw_split(line, f, PW_FIELDS), -1, "\"%s\" accepted", bad[i]);
	}
}

Test(pw_line, ids_are_decimal_32_bit)
{
	unsigned id = 7;
	cr_assert_eq(pw_id("0", &id), 0);
	cr_assert_eq(id, 0);
	cr_assert_eq(pw_id("4294967295", &id), 0);
	cr_assert_eq(id, 4294967295u);
	cr_assert_eq(pw_id("", &id), -1);
	cr_assert_eq(pw_id("-1", &id), -1);
	cr_assert_eq(pw_id("12a", &id), -1);
	cr_assert_eq(pw_id("99999999999999999999", &id), -1, "no wrap-around");
}

Test(pw_line, a_group_line_and_its_members)
{
	char line[] = "wheel:x:10:root,alice,bob\n";
	char *f[GR_FIELDS], *mem[4];
	cr_assert_eq(pw_split(line, f, GR_FIELDS), 0);
	cr_assert_str_eq(f[2], "10");
	cr_assert_eq(pw_members(f[3], mem, 4), 3);
	cr_assert_str_eq(mem[0], "root");
	cr_assert_str_eq(mem[2], "bob");
	cr_assert_null(mem[3]);
}

Test(pw_line, member_lists_empty_and_too_long)
{
	char none[] = "", many[] = "a,b,c,d";
	char *mem[4];
	cr_assert_eq(pw_members(none, mem, 4), 0);
	cr_assert_null(mem[0]);
	cr_assert_eq(pw_members(many, mem, 4), -1, "four members and the NULL need five slots");
}
