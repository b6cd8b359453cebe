/* dirname: a path less its last component.
 *   dirname string
 * "a" gives ".", "/a" gives "/", "a/b/" gives "a". */
#include <stdio.h>
#include <string.h>
#include "apps/lib/output.h"

int main(int argc, char **argv)
{
	int i = 1;

	if (i < argc && strcmp(argv[i], "--") == 0)
		i++;
	if (argc - i != 1) {
		fprintf(stderr, "usage: dirname string\n");
		return 2;
	}
	char *s = argv[i];
	size_t n = strlen(s);
	while (n > 1 && s[n - 1] == '/')
		n--;
	while (n > 0 && s[n - 1] != '/')
		n--;
	if (n == 0) {
		puts(s[0] == '/' ? "/" : ".");
		return output_flush("dirname") < 0;
	}
	while (n > 1 && s[n - 1] == '/')
		n--;
	s[n] = '\0';
	puts(s);
	return output_flush("dirname") < 0;
}
