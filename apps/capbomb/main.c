/* capbomb: makes kernel objects through the server until it is refused,
 * then gives them all back.
 *   capbomb
 * In turn: pipes (each a page of the budget) until the descriptor table
 * or the budget is full, files in /tmp until ENOSPC, and processes until
 * EAGAIN. Prints how many of each it made and why it stopped, removes
 * them, and exits 0 only if every refusal was a clean error (else bit 0,
 * 1 or 2 says which was not). */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_KIDS 4096

static pid_t kids[MAX_KIDS];

static int clean(int err, int a, int b)
{
	return err == a || err == b;
}

int main(void)
{
	int bad = 0, n, fds[2], err;

	for (n = 0; pipe(fds) == 0; n++)
		;
	err = errno;
	printf("capbomb: %d pipes (%s)\n", n, strerror(err));
	bad |= !clean(err, EMFILE, ENOMEM);
	for (int fd = 3; fd < 64; fd++)
		close(fd);

	char path[32];
	for (n = 0;; n++) {
		snprintf(path, sizeof path, "/tmp/capbomb.%d", n);
		int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
		if (fd < 0)
			break;
		close(fd);
	}
	err = errno;
	printf("capbomb: %d files (%s)\n", n, strerror(err));
	bad |= !clean(err, ENOSPC, ENOMEM) << 1; /* the node, or its open description */
	while (n-- > 0) {
		snprintf(path, sizeof path, "/tmp/capbomb.%d", n);
		unlink(path);
	}

	for (n = 0; n < MAX_KIDS; n++) {
		kids[n] = fork();
		if (kids[n] == 0)
			for (;;)
				pause();
		if (kids[n] < 0)
			break;
	}
	err = errno;
	printf("capbomb: %d processes (%s)\n", n, strerror(err));
	bad |= !clean(err, EAGAIN, EAGAIN) << 2;
	for (int i = 0; i < n; i++) {
		kill(kids[i], SIGKILL);
		waitpid(kids[i], NULL, 0);
	}
	fflush(stdout);
	return bad;
}
