/* logname: the user's login name.
 *   logname
 * What getlogin() says (Ration has one user, root). */
#include <stdio.h>
#include <unistd.h>
#include "apps/lib/options.h"

int main(int argc, char **argv)
{
	char *arg;
	const char *name;

	if (option_arg(argc, argv, "logname", "", &arg) != -1 || optind != argc) {
		fputs("usage: logname\n", stderr);
		return 2;
	}
	name = getlogin();
	if (!name) {
		fputs("logname: no login name\n", stderr);
		return 1;
	}
	puts(name);
	return 0;
}
