/* df: reports free file system space (POSIX XCU df).
 *   df [-kP] [file...]
 * Ration has one file system, a tmpfs in memory mounted at /, and no
 * statvfs(): its files take their room from the memory the process
 * budgets share. So df reads /proc/meminfo and shows that file system's
 * size as the memory (MemTotal), what is available as what the budgets
 * have free (BudgetsFree), and used as the rest, in 1024-byte units
 * (-k and -P change nothing else: this is the -P format). A file operand
 * is checked to exist, and shown on the one file system. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "apps/lib/options.h"
#include "apps/lib/output.h"

static void usage(void)
{
	fputs("usage: df [-kP] [file...]\n", stderr);
	exit(1);
}

/* The number after "key:" in /proc/meminfo, in kB; -1 if absent. */
static long meminfo(const char *key)
{
	FILE *f = fopen("/proc/meminfo", "r");
	char line[128];
	size_t n = strlen(key);
	long v = -1;

	if (!f)
		return -1;
	while (fgets(line, sizeof line, f))
		if (strncmp(line, key, n) == 0 && line[n] == ':') {
			v = strtol(line + n + 1, NULL, 10);
			break;
		}
	fclose(f);
	return v;
}

int main(int argc, char **argv)
{
	long total, avail;
	int c, status = 0;
	struct stat st;

	while ((c = option_next(argc, argv, "df", "kP")) != -1)
		if (c != 'k' && c != 'P')
			usage();
	for (int i = optind; i < argc; i++)
		if (stat(argv[i], &st) < 0) {
			fprintf(stderr, "df: %s: %s\n", argv[i], strerror(errno));
			status = 1;
		}
	total = meminfo("MemTotal");
	avail = meminfo("BudgetsFree");
	if (total < 0 || avail < 0) {
		fprintf(stderr, "df: /proc/meminfo: %s\n", total < 0 ? strerror(errno) : "no BudgetsFree");
		return 1;
	}
	if (avail > total)
		avail = total;
	printf("Filesystem     1024-blocks      Used Available Capacity Mounted on\n");
	printf("%-14s %11ld %9ld %9ld %7ld%% %s\n", "tmpfs", total, total - avail, avail,
	       total ? ((total - avail) * 100 + total - 1) / total : 0, "/");
	if (output_flush("df") < 0)
		return 1;
	return status;
}
