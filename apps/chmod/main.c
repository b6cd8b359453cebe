/* chmod: changes permission bits.
 *   chmod MODE file...
 * MODE is octal (755) or symbolic: [ugoa]*[+-=][rwx]*, several joined by
 * commas (u+x,go-w). Without u, g, o or a, a symbolic mode applies to
 * all three. A file of the initrd is copied into memory first, as any
 * change to it is. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int usage(void)
{
	fputs("usage: chmod MODE file...   (MODE: octal, or [ugoa]*[+-=][rwx]*,...)\n", stderr);
	return 2;
}

/* The new bits for a file with bits `old`, or -1 if mode is malformed. */
static long apply(const char *mode, unsigned old)
{
	char *end;
	long v = strtol(mode, &end, 8);
	if (*mode >= '0' && *mode <= '7')
		return *end || v > 07777 ? -1 : v;
	unsigned bits = old;
	for (const char *c = mode; *c;) {
		unsigned who = 0, perm = 0;
		for (; strchr("ugoa", *c) && *c; c++)
			who |= *c == 'u' ? 0700 : *c == 'g' ? 070 : *c == 'o' ? 07 : 0777;
		char op = *c++;
		if (op != '+' && op != '-' && op != '=')
			return -1;
		for (; *c && strchr("rwx", *c); c++)
			perm |= *c == 'r' ? 0444 : *c == 'w' ? 0222 : 0111;
		if (!who)
			who = 0777;
		bits = op == '+'   ? bits | (perm & who)
		       : op == '-' ? bits & ~(perm & who)
		                   : (bits & ~who) | (perm & who);
		if (*c == ',')
			c++;
		else if (*c)
			return -1;
	}
	return bits;
}

int main(int argc, char **argv)
{
	int status = 0;
	if (argc < 3 || apply(argv[1], 0) < 0)
		return usage();
	for (int i = 2; i < argc; i++) {
		struct stat st;
		if (stat(argv[i], &st) < 0 ||
		    chmod(argv[i], (mode_t)apply(argv[1], st.st_mode & 07777)) < 0) {
			fprintf(stderr, "chmod: %s: %s\n", argv[i], strerror(errno));
			status = 1;
		}
	}
	return status;
}
