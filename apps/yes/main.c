/* yes: writes a line over and over, until the output fails.
 *   yes [string...]
 * The line is "y", or the strings separated by spaces. A reader that goes
 * away ends yes: SIGPIPE, or else the failed write. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Lines are written a page at a time where they fit: one server call
 * carries a page (PX_SHARED_SIZE). */
#define BLOCK 4096

int main(int argc, char **argv)
{
	size_t len = 0, n = 0;
	char *buf;

	if (argc < 2) {
		static char *y[] = { "yes", "y", NULL };
		argv = y;
		argc = 2;
	}
	for (int i = 1; i < argc; i++)
		len += strlen(argv[i]) + 1; /* a space after each, the last a newline */
	buf = malloc(len > BLOCK ? len : BLOCK);
	if (!buf) {
		fputs("yes: out of memory\n", stderr);
		return 1;
	}
	for (int i = 1; i < argc; i++) {
		size_t l = strlen(argv[i]);

		memcpy(buf + n, argv[i], l);
		n += l;
		buf[n++] = i + 1 < argc ? ' ' : '\n';
	}
	/* Then as many copies of the line as fit in the block. */
	for (; n + len <= BLOCK; n += len)
		memcpy(buf + n, buf, len);

	for (;;) {
		if (fwrite(buf, 1, n, stdout) != n || fflush(stdout) == EOF) {
			fprintf(stderr, "yes: write error: %s\n", strerror(errno));
			return 1;
		}
	}
}
