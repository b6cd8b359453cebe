/* basename: the last component of a path, less a suffix.
 *   basename string [suffix]
 * Trailing slashes go first; "/" stays "/"; the suffix is removed only
 * if something is left. */
#include <stdio.h>
#include <string.h>
#include "apps/lib/output.h"

int main(int argc, char **argv)
{
	int i = 1;

	if (i < argc && strcmp(argv[i], "--") == 0)
		i++;
	if (argc - i < 1 || argc - i > 2) {
		fprintf(stderr, "usage: basename string [suffix]\n");
		return 2;
	}
	char *s = argv[i];
	size_t n = strlen(s);
	while (n > 1 && s[n - 1] == '/')
		n--;
	s[n] = '\0';
	char *last = strrchr(s, '/');
	if (last && last[1])
		s = last + 1;
	n = strlen(s);
	if (argc - i == 2 && strcmp(s, "/") != 0) {
		size_t k = strlen(argv[i + 1]);
		if (k < n && strcmp(s + n - k, argv[i + 1]) == 0)
			s[n - k] = '\0';
	}
	puts(s);
	return output_flush("basename") < 0;
}
