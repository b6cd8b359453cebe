/* tee: copies its standard input to its standard output and to files.
 *   tee [-ai] [file...]
 * -a appends to the files instead of truncating them; -i is accepted
 * (interrupts are not ignored here). A file that cannot be opened or
 * written is named and the status is 1, but the copy goes on. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "apps/lib/options.h"

static int write_all(int fd, const char *buf, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, buf, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		buf += w;
		n -= (size_t)w;
	}
	return 0;
}

int main(int argc, char **argv)
{
	int append = 0, status = 0, c;

	while ((c = option_next(argc, argv, "tee", "ai")) != -1) {
		if (c == 'a')
			append = 1;
		else if (c != 'i') {
			fprintf(stderr, "usage: tee [-ai] [file...]\n");
			return 2;
		}
	}
	int n = argc - optind, *fds = calloc((size_t)n + 1, sizeof *fds);
	if (!fds) {
		fprintf(stderr, "tee: out of memory\n");
		return 1;
	}
	for (int i = 0; i < n; i++) {
		const char *path = argv[optind + i];
		fds[i] = open(path, O_WRONLY | O_CREAT | (append ? O_APPEND : O_TRUNC), 0666);
		if (fds[i] < 0) {
			fprintf(stderr, "tee: %s: %s\n", path, strerror(errno));
			status = 1;
		}
	}
	char buf[4096];
	for (;;) {
		ssize_t r = read(0, buf, sizeof buf);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			fprintf(stderr, "tee: read error: %s\n", strerror(errno));
			status = 1;
		}
		if (r <= 0)
			break;
		if (write_all(1, buf, (size_t)r) < 0) {
			fprintf(stderr, "tee: write error: %s\n", strerror(errno));
			return 1;
		}
		for (int i = 0; i < n; i++) {
			if (fds[i] >= 0 && write_all(fds[i], buf, (size_t)r) < 0) {
				fprintf(stderr, "tee: %s: %s\n", argv[optind + i], strerror(errno));
				close(fds[i]);
				fds[i] = -1;
				status = 1;
			}
		}
	}
	for (int i = 0; i < n; i++)
		if (fds[i] >= 0 && close(fds[i]) < 0)
			status = 1;
	free(fds);
	return status;
}
