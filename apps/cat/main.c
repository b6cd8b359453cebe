/* cat: copies each file, or the standard input, to the standard output.
 *   cat [-u] [file...]
 * "-" or no operand is the standard input. A file that cannot be read is
 * reported and skipped; the exit status is then 1. -u (unbuffered) is
 * accepted: output is never held back anyway. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "apps/lib/options.h"

/* One read of the POSIX server moves at most a page (PX_SHARED_SIZE). */
#define CHUNK 4096

/* Copies fd to stdout. Each chunk is flushed as it arrives, so that cat
 * between a terminal and a pipe passes lines on when they are typed.
 * 0, or -1 with a message naming `name`. */
static int copy(int fd, const char *name)
{
	static char buf[CHUNK];
	ssize_t n;

	while ((n = read(fd, buf, sizeof buf)) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			fprintf(stderr, "cat: %s: %s\n", name, strerror(errno));
			return -1;
		}
		if (fwrite(buf, 1, n, stdout) != (size_t)n || fflush(stdout) == EOF) {
			fprintf(stderr, "cat: write error: %s\n", strerror(errno));
			return -2;
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	int status = 0, c;

	/* Options come first; "-" alone is an operand, "--" ends them. */
	while ((c = option_next(argc, argv, "cat", "u")) != -1) {
		if (c != 'u') {
			fputs("usage: cat [-u] [file...]\n", stderr);
			return 2;
		}
	}
	if (optind == argc)
		return copy(STDIN_FILENO, "stdin") < 0;
	for (int i = optind; i < argc; i++) {
		const char *name = argv[i];
		int fd, r;

		if (strcmp(name, "-") == 0) {
			r = copy(STDIN_FILENO, "stdin");
		} else {
			fd = open(name, O_RDONLY);
			if (fd < 0) {
				fprintf(stderr, "cat: %s: %s\n", name, strerror(errno));
				status = 1;
				continue;
			}
			r = copy(fd, name);
			close(fd);
		}
		if (r == -2) /* the output is gone: the other files cannot help */
			return 1;
		if (r < 0)
			status = 1;
	}
	return status;
}
