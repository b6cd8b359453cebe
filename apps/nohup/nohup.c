/* nohup: runs a command that a hang-up does not end.
 *   nohup utility [argument...]
 * SIGHUP is ignored, and the command inherits that. If the standard
 * output is a terminal it is appended to nohup.out in the working
 * directory (or in $HOME when that cannot be opened), and said so on
 * stderr; if the standard error is a terminal it goes where the output
 * goes. Status: the command's, 126 if it could not be run, 127 if it was
 * not found or nohup itself failed. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "apps/lib/exec.h"
#include "apps/lib/options.h"
#include "apps/lib/path.h"

static int open_out(const char **name)
{
	const char *home = getenv("HOME");
	int fd = open("nohup.out", O_WRONLY | O_CREAT | O_APPEND, 0600);

	*name = "nohup.out";
	if (fd < 0 && home && *home) {
		*name = path_join("nohup", home, "nohup.out");
		fd = open(*name, O_WRONLY | O_CREAT | O_APPEND, 0600);
	}
	return fd;
}

int main(int argc, char **argv)
{
	char *arg;

	if (option_arg(argc, argv, "nohup", "", &arg) != -1 || optind >= argc) {
		fputs("usage: nohup utility [argument...]\n", stderr);
		return 127;
	}
	signal(SIGHUP, SIG_IGN);
	if (isatty(1)) {
		const char *name;
		int fd = open_out(&name);
		if (fd < 0) {
			fprintf(stderr, "nohup: cannot open nohup.out: %s\n", strerror(errno));
			return 127;
		}
		fprintf(stderr, "nohup: appending output to %s\n", name);
		dup2(fd, 1);
		close(fd);
	}
	if (isatty(2))
		dup2(1, 2);
	exec_command(argv + optind);
	int err = errno;
	fprintf(stderr, "nohup: %s: %s\n", argv[optind], strerror(err));
	return err == ENOENT ? 127 : 126;
}
