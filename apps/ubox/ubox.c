/* ubox: the utilities that share one program.
 *   ubox name [argument...]      (or run under a utility's name)
 * The POSIX server caches the text of at most 64 programs of the initrd
 * (personality/exec.c, MAX_PROGRAMS), and /bin had nearly that many; each
 * program also brings its own copy of the C library's text into that
 * cache (some 35 KiB), which the server's memory must hold. So
 * the utilities below are linked into this one program, each one's
 * main renamed ubox_main_<name> by the build (mk/newlib.mk, UBOX_APPS),
 * and /bin/<name> is a two-line script: exec /bin/ubox <name> "$@". The
 * sources are unchanged: each still builds alone (and on the host). */
#include <stdio.h>
#include <string.h>
#include "apps/lib/path.h"

#define APPLETS(X) \
	X(sed) X(awk) X(find) X(diff) X(od) X(ln) X(link) X(unlink) X(readlink) X(du) X(df) X(id) X(uname) X(date) X(time) X(vi) \
	X(basename) X(dirname) X(nl) X(paste) X(comm) X(fold) X(cmp) X(cksum) X(tty) X(logname) \
	X(nohup) X(nice) X(expand) X(unexpand) X(strings) X(split) X(join) X(cal) X(dd) X(pr) \
	X(tsort) X(getconf) X(more)

#define DECLARE(name) int ubox_main_##name(int argc, char **argv);
APPLETS(DECLARE)

static const struct applet {
	const char *name;
	int (*main)(int, char **);
} applets[] = {
#define ENTRY(name) { #name, ubox_main_##name },
	APPLETS(ENTRY)
};

static int usage(void)
{
	fputs("usage: ubox name [argument...]\nnames:", stderr);
	for (size_t i = 0; i < sizeof applets / sizeof applets[0]; i++)
		fprintf(stderr, " %s", applets[i].name);
	fputc('\n', stderr);
	return 2;
}

int main(int argc, char **argv)
{
	size_t len;
	const char *name = argc > 0 ? path_last(argv[0], &len) : "ubox";

	/* Run as "ubox name ...": the name is the first argument. */
	if (strncmp(name, "ubox", 4) == 0) {
		if (argc < 2)
			return usage();
		argc--;
		argv++;
		name = argv[0];
	}
	for (size_t i = 0; i < sizeof applets / sizeof applets[0]; i++)
		if (strcmp(applets[i].name, name) == 0)
			return applets[i].main(argc, argv);
	fprintf(stderr, "ubox: %s: no such utility\n", name);
	return usage();
}
