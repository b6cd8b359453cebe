/* du: estimates file space usage (POSIX XCU du).
 *   du [-a | -s] [-k] [file...]
 * For each directory (and with -a each file) under each operand, the
 * space its files take, in 1024-byte units (-k; POSIX's default of 512
 * bytes is taken only by name: the units are kilobytes either way, as
 * in GNU du); -s writes only each operand's total. The space is
 * st_blocks (512-byte blocks) where the file system counts them, else the
 * size rounded up to whole blocks. No operand: ".". */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "apps/lib/options.h"
#include "apps/lib/output.h"
#include "apps/lib/path.h"

static int opt_all, opt_summary, status;

static void usage(void)
{
	fputs("usage: du [-a | -s] [-k] [file...]\n", stderr);
	exit(1);
}

/* The file's space in 512-byte blocks. */
static unsigned long long blocks(const struct stat *st)
{
	if (st->st_blocks > 0)
		return (unsigned long long)st->st_blocks;
	return ((unsigned long long)st->st_size + 511) / 512;
}

static void report(unsigned long long b, const char *path)
{
	printf("%llu\t%s\n", (b + 1) / 2, path);
}

/* The blocks under path, written on the way as the options say. */
static unsigned long long walk(const char *path, int top)
{
	struct stat st;
	unsigned long long total;
	DIR *d;
	struct dirent *de;

	/* A symbolic link counts itself; du never follows one (POSIX). */
	if (lstat(path, &st) < 0) {
		fprintf(stderr, "du: %s: %s\n", path, strerror(errno));
		status = 1;
		return 0;
	}
	total = blocks(&st);
	if (!S_ISDIR(st.st_mode)) {
		if (top || (opt_all && !opt_summary))
			report(total, path);
		return total;
	}
	if (!(d = opendir(path))) {
		fprintf(stderr, "du: %s: %s\n", path, strerror(errno));
		status = 1;
	} else {
		while ((de = readdir(d)) != NULL) {
			if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
				continue;
			char *child = path_join("du", path, de->d_name);
			total += walk(child, 0);
			free(child);
		}
		closedir(d);
	}
	if (top || !opt_summary)
		report(total, path);
	return total;
}

int main(int argc, char **argv)
{
	int c;

	while ((c = option_next(argc, argv, "du", "ask")) != -1) {
		if (c == 'a')
			opt_all = 1;
		else if (c == 's')
			opt_summary = 1;
		else if (c != 'k')
			usage();
	}
	if (opt_all && opt_summary)
		usage();
	if (optind == argc)
		walk(".", 1);
	for (int i = optind; i < argc; i++)
		walk(argv[i], 1);
	if (output_flush("du") < 0)
		return 1;
	return status;
}
