/* mv: moves (renames) files.
 *   mv source target
 *   mv source... directory
 * The first form renames source to target, replacing a file of that
 * name; the second moves each source into directory under its own last
 * name. This is also the form used when target is an existing directory.
 * A move is one rename(): within one file system, which is all Ration
 * has, that is all it takes. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int usage(void)
{
	fputs("usage: mv source target\n"
	      "       mv source... directory\n",
	      stderr);
	return 2;
}

/* dir/ and the last component of path (trailing slashes dropped). */
static char *into_dir(const char *dir, const char *path)
{
	size_t dl = strlen(dir), len = strlen(path);
	const char *last;
	char *p;

	while (len > 1 && path[len - 1] == '/')
		len--;
	for (last = path + len; last > path && last[-1] != '/'; last--)
		;
	len -= last - path;
	p = malloc(dl + len + 2);
	if (!p) {
		fputs("mv: out of memory\n", stderr);
		exit(1);
	}
	memcpy(p, dir, dl);
	if (dl > 0 && dir[dl - 1] != '/')
		p[dl++] = '/';
	memcpy(p + dl, last, len);
	p[dl + len] = '\0';
	return p;
}

static int move(const char *src, const char *dst)
{
	if (rename(src, dst) < 0) {
		fprintf(stderr, "mv: %s to %s: %s\n", src, dst, strerror(errno));
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	const char *target;
	struct stat st;
	int status = 0, first = 1, nsources;

	/* No options yet: "--" may come first all the same. */
	if (first < argc && strcmp(argv[first], "--") == 0) {
		first++;
	} else if (first < argc && argv[first][0] == '-' && argv[first][1] != '\0') {
		fprintf(stderr, "mv: unknown option %s\n", argv[first]);
		return usage();
	}
	nsources = argc - first - 1;
	if (nsources < 1)
		return usage();
	target = argv[argc - 1];

	if (stat(target, &st) == 0 && S_ISDIR(st.st_mode)) {
		for (int i = first; i < argc - 1; i++) {
			char *dst = into_dir(target, argv[i]);

			if (move(argv[i], dst) < 0)
				status = 1;
			free(dst);
		}
	} else if (nsources > 1) {
		fprintf(stderr, "mv: %s: %s\n", target, strerror(ENOTDIR));
		return 1;
	} else if (move(argv[first], target) < 0) {
		status = 1;
	}
	return status;
}
