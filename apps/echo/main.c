/* echo: writes its arguments, separated by spaces, and a newline.
 *   echo [-n] [string...]
 * -n (any number of them, first): no newline. Everything else is printed
 * as given: no backslash escapes, no other options. */
#include <stdio.h>
#include <string.h>
#include "apps/lib/output.h"

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
	if (output_flush("echo") < 0)
		return 1;
	return 0;
}
