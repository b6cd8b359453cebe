/* What cp and mv share: their operands and what they do with them.
 *   prog source target
 *   prog source... directory
 * The first form acts on source and target; the second on each source and
 * directory/its last name. This is also the form used when target is an
 * existing directory. Neither takes options yet; "--" may come first.
 * (apps/lib/options.h says why apps/lib is headers.) */
#ifndef APPS_LIB_CPMV_H
#define APPS_LIB_CPMV_H

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "apps/lib/options.h"
#include "apps/lib/path.h"

/* Runs act(source, destination) for each source of argv, as above; act
 * says what went wrong itself and returns -1. The exit status: 0, 1 if an
 * act failed or several sources have a target that is not a directory,
 * 2 (after a usage line) for an option or too few operands. */
static inline int cpmv_main(const char *prog, int argc, char **argv,
                            int (*act)(const char *src, const char *dst))
{
	const char *target;
	struct stat st;
	int status = 0, nsources;

	if (option_next(argc, argv, prog, "") != -1 || (nsources = argc - optind - 1) < 1) {
		fprintf(stderr, "usage: %s source target\n       %s source... directory\n", prog,
		        prog);
		return 2;
	}
	target = argv[argc - 1];

	if (stat(target, &st) == 0 && S_ISDIR(st.st_mode)) {
		for (int i = optind; i < argc - 1; i++) {
			char *dst = path_into_dir(prog, target, argv[i]);

			if (act(argv[i], dst) < 0)
				status = 1;
			free(dst);
		}
	} else if (nsources > 1) {
		fprintf(stderr, "%s: %s: %s\n", prog, target, strerror(ENOTDIR));
		return 1;
	} else if (act(argv[optind], target) < 0) {
		status = 1;
	}
	return status;
}

#endif
