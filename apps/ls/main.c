/* ls: lists files and the contents of directories.
 *   ls [-1al] [file...]
 * With no operand, the current directory. Operands that are not
 * directories are listed first, then each directory's entries, sorted by
 * name in byte order (the C locale). Names that begin with "." are left
 * out unless -a is given. -l: one line per file with its type and
 * permissions, links, size in bytes, modification time (the hour within
 * six months, else the year; UTC) and name, and for a symbolic link
 * "-> target"; with -l a link is shown itself, never followed, even as
 * an operand (POSIX), and without it an operand that is a link to a
 * directory lists the directory. To a terminal the names are set in
 * columns (COLUMNS wide, else 80), to anything else one per line, as
 * with -1. */
#include <dirent.h>
#include <errno.h>
#include <sys/syslimits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "apps/lib/options.h"
#include "apps/lib/path.h"
#include "apps/lib/output.h"

struct entry {
	char *name; /* as shown */
	char *path; /* for stat: the operand, or directory/name */
	struct stat st;
};

static int all, long_format, one_per_line;
static int status;

static void usage(void)
{
	fputs("usage: ls [-1al] [file...]\n", stderr);
	exit(2);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->name, ((const struct entry *)b)->name);
}

/* "drwxr-xr-x": the type, then read/write/execute for owner, group, others
 * (s/S for set-id, t/T for sticky, as POSIX ls -l writes them). */
static void mode_string(mode_t m, char s[11])
{
	static const char rwx[] = "rwxrwxrwx";

	switch (m & S_IFMT) {
	case S_IFDIR:
		s[0] = 'd';
		break;
	case S_IFCHR:
		s[0] = 'c';
		break;
	case S_IFBLK:
		s[0] = 'b';
		break;
	case S_IFIFO:
		s[0] = 'p';
		break;
	case S_IFLNK:
		s[0] = 'l';
		break;
	case S_IFSOCK:
		s[0] = 's';
		break;
	default:
		s[0] = '-';
		break;
	}
	for (int i = 0; i < 9; i++)
		s[i + 1] = m & (0400 >> i) ? rwx[i] : '-';
	if (m & S_ISUID)
		s[3] = s[3] == 'x' ? 's' : 'S';
	if (m & S_ISGID)
		s[6] = s[6] == 'x' ? 's' : 'S';
	if (m & S_ISVTX)
		s[9] = s[9] == 'x' ? 't' : 'T';
	s[10] = '\0';
}

/* The names side by side, down the columns first, as ls sets them on a
 * terminal. */
static void print_columns(const struct entry *e, size_t n)
{
	const char *c = getenv("COLUMNS");
	size_t width = c && atoi(c) > 0 ? (size_t)atoi(c) : 80;
	size_t colw = 0, cols, rows;

	for (size_t i = 0; i < n; i++) {
		size_t l = strlen(e[i].name) + 2;
		if (l > colw)
			colw = l;
	}
	cols = colw ? width / colw : 1;
	if (cols == 0)
		cols = 1;
	rows = (n + cols - 1) / cols;
	for (size_t r = 0; r < rows; r++) {
		for (size_t i = r; i < n; i += rows) {
			if (i + rows < n)
				printf("%-*s", (int)colw, e[i].name);
			else
				fputs(e[i].name, stdout);
		}
		putchar('\n');
	}
}

/* "Dec  1 23:50" for a time within six months of now, "Dec  1  2025"
 * otherwise, as ls -l shows them. */
static void time_string(time_t t, time_t now, char out[16])
{
	struct tm tm;
	const time_t half_year = 365 * 24 * 3600 / 2;

	gmtime_r(&t, &tm);
	strftime(out, 16, t > now - half_year && t <= now + 3600 ? "%b %e %H:%M" : "%b %e  %Y",
	         &tm);
}

/* Entries whose stat succeeded (the caller drops the others). */
/* " -> target" after a symbolic link's name (ls -l). */
static void print_target(const struct entry *e)
{
	char target[PATH_MAX];
	ssize_t n;

	if (!S_ISLNK(e->st.st_mode))
		return;
	n = readlink(e->path, target, sizeof target - 1);
	if (n < 0) {
		fprintf(stderr, "ls: %s: %s\n", e->path, strerror(errno));
		status = 1;
		return;
	}
	target[n] = 0;
	printf(" -> %s", target);
}

static void print_list(const struct entry *e, size_t n)
{
	if (long_format) {
		int w = 1, lw = 1;
		char mode[11], when[16];
		time_t now = time(NULL);

		for (size_t i = 0; i < n; i++) {
			int l = snprintf(NULL, 0, "%lld", (long long)e[i].st.st_size);
			if (l > w)
				w = l;
			l = snprintf(NULL, 0, "%lu", (unsigned long)e[i].st.st_nlink);
			if (l > lw)
				lw = l;
		}
		for (size_t i = 0; i < n; i++) {
			mode_string(e[i].st.st_mode, mode);
			time_string(e[i].st.st_mtime, now, when);
			printf("%s %*lu %*lld %s %s", mode, lw, (unsigned long)e[i].st.st_nlink, w,
			       (long long)e[i].st.st_size, when, e[i].name);
			print_target(&e[i]);
			putchar('\n');
		}
	} else if (one_per_line) {
		for (size_t i = 0; i < n; i++)
			printf("%s\n", e[i].name);
	} else {
		print_columns(e, n);
	}
}

static void free_entries(struct entry *e, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (e[i].path != e[i].name)
			free(e[i].path);
		free(e[i].name);
	}
	free(e);
}

/* The entries of directory `path`, sorted; stat'ed only when -l needs
 * their types and sizes. */
static void list_dir(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *de;
	struct entry *e = NULL;
	size_t n = 0, cap = 0, kept = 0;

	if (!d) {
		fprintf(stderr, "ls: %s: %s\n", path, strerror(errno));
		status = 1;
		return;
	}
	errno = 0;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.' && !all)
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 32;
			e = xrealloc("ls", e, cap * sizeof *e);
		}
		e[n].name = xmalloc("ls", strlen(de->d_name) + 1);
		strcpy(e[n].name, de->d_name);
		e[n].path = e[n].name;
		n++;
		errno = 0;
	}
	if (errno != 0) {
		fprintf(stderr, "ls: %s: %s\n", path, strerror(errno));
		status = 1;
	}
	closedir(d);
	qsort(e, n, sizeof *e, by_name);
	if (long_format) {
		for (size_t i = 0; i < n; i++) {
			e[i].path = path_join("ls", path, e[i].name);
			if (lstat(e[i].path, &e[i].st) < 0) {
				fprintf(stderr, "ls: %s: %s\n", e[i].path, strerror(errno));
				status = 1;
				free(e[i].path);
				free(e[i].name);
				continue;
			}
			e[kept++] = e[i];
		}
		n = kept;
	}
	print_list(e, n);
	free_entries(e, n);
}

int main(int argc, char **argv)
{
	static char *dot[] = { ".", NULL };
	struct entry *files, *dirs;
	size_t nfiles = 0, ndirs = 0, noperands;
	char **operands;
	int c;

	/* Options come first; "--" ends them. */
	while ((c = option_next(argc, argv, "ls", "1al")) != -1) {
		switch (c) {
		case '1':
			one_per_line = 1;
			break;
		case 'a':
			all = 1;
			break;
		case 'l':
			long_format = 1;
			break;
		default:
			usage();
		}
	}
	if (!isatty(STDOUT_FILENO))
		one_per_line = 1;
	operands = optind < argc ? argv + optind : dot;
	noperands = optind < argc ? (size_t)(argc - optind) : 1;

	files = xmalloc("ls", noperands * sizeof *files);
	dirs = xmalloc("ls", noperands * sizeof *dirs);
	for (size_t i = 0; i < noperands; i++) {
		struct entry e = { .name = operands[i], .path = operands[i] };

		if ((long_format ? lstat(e.path, &e.st) : stat(e.path, &e.st)) < 0) {
			fprintf(stderr, "ls: %s: %s\n", e.path, strerror(errno));
			status = 1;
		} else if (S_ISDIR(e.st.st_mode)) {
			dirs[ndirs++] = e;
		} else {
			files[nfiles++] = e;
		}
	}
	qsort(files, nfiles, sizeof *files, by_name);
	qsort(dirs, ndirs, sizeof *dirs, by_name);

	print_list(files, nfiles);
	for (size_t i = 0; i < ndirs; i++) {
		/* A blank line between groups; each directory is named when
		 * there was more than one operand. */
		if (nfiles > 0 || i > 0)
			putchar('\n');
		if (noperands > 1)
			printf("%s:\n", dirs[i].name);
		list_dir(dirs[i].path);
	}
	free(files);
	free(dirs);

	if (output_flush("ls") < 0)
		return 1;
	return status;
}
