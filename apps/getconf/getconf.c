/* getconf: the system's configuration values.
 *   getconf system_var
 *   getconf path_var pathname
 *   getconf -a
 * A system variable (ARG_MAX, PAGESIZE, CLK_TCK, ...) is what sysconf(3)
 * answers, "undefined" when it has no fixed limit. libc-glue has no
 * pathconf(3) yet, so a path variable (NAME_MAX, PATH_MAX, PIPE_BUF, ...)
 * is the limit of the server's protocol (rn/px.h), the same for every
 * file of its one file system; pathname must exist. -a lists them all.
 * An unknown name fails with status 1. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <rn/px.h>
#include "apps/lib/options.h"
#include "apps/lib/output.h"

static const struct {
	const char *name;
	int sc;
} system_vars[] = {
	{ "ARG_MAX", _SC_ARG_MAX },
	{ "BC_BASE_MAX", _SC_BC_BASE_MAX },
	{ "BC_DIM_MAX", _SC_BC_DIM_MAX },
	{ "BC_SCALE_MAX", _SC_BC_SCALE_MAX },
	{ "BC_STRING_MAX", _SC_BC_STRING_MAX },
	{ "CHILD_MAX", _SC_CHILD_MAX },
	{ "CLK_TCK", _SC_CLK_TCK },
	{ "COLL_WEIGHTS_MAX", _SC_COLL_WEIGHTS_MAX },
	{ "EXPR_NEST_MAX", _SC_EXPR_NEST_MAX },
	{ "GETGR_R_SIZE_MAX", _SC_GETGR_R_SIZE_MAX },
	{ "GETPW_R_SIZE_MAX", _SC_GETPW_R_SIZE_MAX },
	{ "HOST_NAME_MAX", _SC_HOST_NAME_MAX },
	{ "LINE_MAX", _SC_LINE_MAX },
	{ "LOGIN_NAME_MAX", _SC_LOGIN_NAME_MAX },
	{ "NGROUPS_MAX", _SC_NGROUPS_MAX },
	{ "NPROCESSORS_CONF", _SC_NPROCESSORS_CONF },
	{ "NPROCESSORS_ONLN", _SC_NPROCESSORS_ONLN },
	{ "OPEN_MAX", _SC_OPEN_MAX },
	{ "PAGESIZE", _SC_PAGESIZE },
	{ "PAGE_SIZE", _SC_PAGESIZE },
	{ "PHYS_PAGES", _SC_PHYS_PAGES },
	{ "AVPHYS_PAGES", _SC_AVPHYS_PAGES },
	{ "RE_DUP_MAX", _SC_RE_DUP_MAX },
	{ "STREAM_MAX", _SC_STREAM_MAX },
	{ "SYMLOOP_MAX", _SC_SYMLOOP_MAX },
	{ "TTY_NAME_MAX", _SC_TTY_NAME_MAX },
	{ "_POSIX_JOB_CONTROL", _SC_JOB_CONTROL },
	{ "_POSIX_MONOTONIC_CLOCK", _SC_MONOTONIC_CLOCK },
	{ "_POSIX_SAVED_IDS", _SC_SAVED_IDS },
	{ "_POSIX_VERSION", _SC_VERSION },
};

/* The console's longest line (MAX_CANON), as the server keeps it
 * (personality/tty.c); not in the protocol's header. */
#define CONSOLE_MAX_CANON 4096

static const struct {
	const char *name;
	long value;
} path_vars[] = {
	{ "LINK_MAX", PX_LINK_MAX },
	{ "MAX_CANON", CONSOLE_MAX_CANON },
	{ "MAX_INPUT", CONSOLE_MAX_CANON },
	{ "NAME_MAX", PX_NAME_MAX },
	{ "PATH_MAX", PX_PATH_MAX },
	{ "PIPE_BUF", PX_PIPE_BUF },
	{ "SYMLINK_MAX", PX_PATH_MAX - 1 }, /* a target's bytes */
	{ "SYMLOOP_MAX", PX_SYMLOOP_MAX },
	{ "_POSIX_NO_TRUNC", 1 }, /* a longer name is ENAMETOOLONG */
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static void print_system(size_t i)
{
	errno = 0;
	long v = sysconf(system_vars[i].sc);
	if (v == -1 && errno == 0)
		puts("undefined");
	else
		printf("%ld\n", v);
}

int main(int argc, char **argv)
{
	char *arg;
	int c, all = 0;

	while ((c = option_arg(argc, argv, "getconf", "a", &arg)) != -1) {
		if (c != 'a')
			goto usage;
		all = 1;
	}
	if (all) {
		if (optind != argc)
			goto usage;
		for (size_t i = 0; i < COUNT(system_vars); i++) {
			printf("%-23s ", system_vars[i].name);
			print_system(i);
		}
		for (size_t i = 0; i < COUNT(path_vars); i++)
			printf("%-23s %ld\n", path_vars[i].name, path_vars[i].value);
		return output_flush("getconf") < 0 ? 1 : 0;
	}
	if (argc - optind < 1 || argc - optind > 2)
		goto usage;
	const char *name = argv[optind];
	if (argc - optind == 1) {
		for (size_t i = 0; i < COUNT(system_vars); i++)
			if (strcmp(system_vars[i].name, name) == 0) {
				print_system(i);
				return output_flush("getconf") < 0 ? 1 : 0;
			}
	} else {
		struct stat st;
		for (size_t i = 0; i < COUNT(path_vars); i++)
			if (strcmp(path_vars[i].name, name) == 0) {
				if (stat(argv[optind + 1], &st) < 0) {
					fprintf(stderr, "getconf: %s: %s\n", argv[optind + 1], strerror(errno));
					return 1;
				}
				printf("%ld\n", path_vars[i].value);
				return output_flush("getconf") < 0 ? 1 : 0;
			}
	}
	fprintf(stderr, "getconf: %s: not a %s variable\n", name, argc - optind == 1 ? "system" : "path");
	return 1;
usage:
	fputs("usage: getconf system_var\n       getconf path_var pathname\n       getconf -a\n",
	      stderr);
	return 2;
}
