/* What head and tail share: their command line and the walk over their
 * files.
 *   prog [-n count | -c count] [file...]     (also prog -count)
 * Options come first; "-" alone is an operand, "--" ends them. Each file
 * in turn, or the standard input ("-" or no operand); with more than one
 * file, each is introduced by "==> name <==", after a blank line but for
 * the first. The options are read here, not by getopt: "-5" is no option
 * letter, and newlib's getopt would take "-n=5" for "-n 5".
 * (apps/lib/options.h says why apps/lib is headers.) */
#ifndef APPS_LIB_HEADTAIL_H
#define APPS_LIB_HEADTAIL_H

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "apps/lib/output.h"

/* Runs the program: usage() writes its usage line and exits with status
 * 2; count(s, bytes) takes the count of -n s, -c s (bytes 1) or -s (s a
 * digit first), and calls
 * usage() if it is not one; each(f, name) copies what it must of f, and
 * returns -1 after naming what failed. The exit status: 0, or 1 if a file
 * could not be opened or read or the output failed. */
static inline int headtail_main(const char *prog, int argc, char **argv, void (*usage)(void),
                                void (*count)(const char *s, int bytes),
                                int (*each)(FILE *f, const char *name))
{
	int status = 0, first, nfiles;

	for (first = 1; first < argc && argv[first][0] == '-' && argv[first][1] != '\0'; first++) {
		const char *p = argv[first] + 1;

		if (strcmp(p, "-") == 0) {
			first++;
			break;
		}
		if (isdigit((unsigned char)*p)) { /* the historical form, head -5 */
			count(p, 0);
		} else if (*p == 'n' || *p == 'c') {
			/* -n count or -ncount; -c likewise */
			int bytes = *p == 'c';
			p = p[1] ? p + 1 : argv[++first];
			if (!p)
				usage();
			count(p, bytes);
		} else {
			fprintf(stderr, "%s: unknown option -%c\n", prog, *p);
			usage();
		}
	}

	nfiles = argc - first;
	if (nfiles == 0 && each(stdin, "stdin") < 0)
		status = 1;
	for (int i = first; i < argc; i++) {
		int stdin_op = strcmp(argv[i], "-") == 0;
		FILE *f = stdin_op ? stdin : fopen(argv[i], "r");

		if (!f) {
			fprintf(stderr, "%s: %s: %s\n", prog, argv[i], strerror(errno));
			status = 1;
			continue;
		}
		if (nfiles > 1)
			printf("%s==> %s <==\n", i > first ? "\n" : "",
			       stdin_op ? "standard input" : argv[i]);
		if (each(f, argv[i]) < 0)
			status = 1;
		if (!stdin_op)
			fclose(f);
	}

	if (output_flush(prog) < 0)
		return 1;
	return status;
}

#endif
