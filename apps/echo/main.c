/* echo: writes its arguments, separated by spaces, and a newline.
 *   echo [-n] [string...]
 * -n (any number of them, first): no newline. Everything else is printed
 * as given: no backslash escapes, no other options. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
	int newline = 1, i = 1;

	while (i < argc && strcmp(argv[i], "-n") == 0) {
		newline = 0;
		i++;
	}
	for (int first = i; i < argc; i++) {
		if (i > first)
			putchar(' ');
		fputs(argv[i], stdout);
	}
	if (newline)
		putchar('\n');
	/* A failed write leaves the stream's error flag set; report it once. */
	if (fflush(stdout) == EOF || ferror(stdout)) {
		fprintf(stderr, "echo: write error: %s\n", strerror(errno));
		return 1;
	}
	return 0;
}
