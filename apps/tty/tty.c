/* tty: the name of the terminal on the standard input.
 *   tty [-s]
 * Prints it ("/dev/console"), or "not a tty"; -s prints nothing. Status 0
 * a terminal, 1 not one, 2 a bad option. */
#include <stdio.h>
#include <unistd.h>
#include "apps/lib/options.h"

int main(int argc, char **argv)
{
	char *arg;
	int silent = 0, c;

	while ((c = option_arg(argc, argv, "tty", "s", &arg)) != -1) {
		if (c != 's')
			goto usage;
		silent = 1;
	}
	if (optind != argc)
		goto usage;
	const char *name = ttyname(0);
	if (!silent)
		puts(name ? name : "not a tty");
	return name ? 0 : 1;
usage:
	fputs("usage: tty [-s]\n", stderr);
	return 2;
}
