/* uname: the system's name (POSIX XCU uname).
 *   uname [-amnrsv]
 * -s the system's name (the default), -n the node's, -r the release,
 * -v the version, -m the machine; -a all of them, in that order. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include "apps/lib/options.h"
#include "apps/lib/output.h"

static void usage(void)
{
	fputs("usage: uname [-amnrsv]\n", stderr);
	exit(1);
}

int main(int argc, char **argv)
{
	struct utsname u;
	const char *order = "snrvm", *chosen;
	char want[8] = "";
	int c, first = 1;

	while ((c = option_next(argc, argv, "uname", "amnrsv")) != -1) {
		if (c == '?')
			usage();
		if (c == 'a')
			strcpy(want, order);
		else if (!strchr(want, c))
			want[strlen(want)] = (char)c;
	}
	if (optind < argc)
		usage();
	if (uname(&u) < 0) {
		perror("uname");
		return 1;
	}
	chosen = *want ? want : "s";
	for (const char *o = order; *o; o++) {
		if (!strchr(chosen, *o))
			continue;
		const char *v = *o == 's' ? u.sysname : *o == 'n' ? u.nodename : *o == 'r' ? u.release
		              : *o == 'v' ? u.version : u.machine;
		printf("%s%s", first ? "" : " ", v);
		first = 0;
	}
	putchar('\n');
	return output_flush("uname") < 0;
}
