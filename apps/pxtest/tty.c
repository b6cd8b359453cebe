/* The console's line discipline, driven by a person (or the QEMU test
 * harness) typing: run only when pxtest is given "+tty". */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "pxtest.h"

/* Reads one line (the discipline hands over whole lines). */
static int read_line(char *buf, size_t size, const char *prompt)
{
	printf("pxtest: tty: %s\n", prompt);
	fflush(stdout);
	ssize_t n = read(0, buf, size - 1);
	if (n < 0)
		return fail("read: %m");
	buf[n] = 0;
	return (int)n;
}

int test_tty(void)
{
	char buf[128];
	if (read_line(buf, sizeof buf, "type a line") < 0)
		return -1;
	if (strcmp(buf, "ration-echo-42\n") != 0)
		return fail("read \"%s\", not the line typed", buf);
	/* "abc", two erases, "X": the line is "aX". */
	if (read_line(buf, sizeof buf, "type a line with erases") < 0)
		return -1;
	if (strcmp(buf, "aX\n") != 0)
		return fail("erase: read \"%s\", not \"aX\\n\"", buf);
	/* ^D on an empty line: end of file. */
	int n = read_line(buf, sizeof buf, "type ^D");
	if (n != 0)
		return n < 0 ? -1 : fail("^D: read %d bytes, not end of file", n);
	return 0;
}
