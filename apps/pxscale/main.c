/* pxscale: the benchmarks of costs that must not grow with unrelated work,
 * run by pxbench (under -icount shift=0) after its own figures, in the
 * same format (apps/lib/bench.h):
 *
 * - directories: a stat of the last of DIR_FILES files in a /tmp
 *   directory, and a listing of it (opendir, readdir to the end,
 *   closedir): both should cost what the directory holds.
 * - fork + _exit + waitpid beside PIPE_READERS children blocked reading a
 *   pipe the forked child shares: its fork and exit open and close the
 *   pipe's ends, which must wake none of them; compared with the same
 *   figure with none.
 * - a one-byte pipe write and read beside PIPE_READERS children blocked in
 *   poll on another pipe: a change of one pipe must wake none of them;
 *   compared with the same figure with none.
 *
 * Exits 0, or powers off with 1 when a call failed. */
#include <dirent.h>
#include <poll.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "apps/lib/bench.h"

#define DIR_FILES    1000
#define DIR_RUNS     11
#define FORK_RUNS    21
#define PIPE_READERS 100
#define WARM_UP      2

static uint64_t samples[FORK_RUNS];

static void bench_directory(void)
{
	char path[64];
	if (mkdir("/tmp/pxscale", 0755) < 0)
		failed("mkdir /tmp/pxscale");
	for (int i = 0; i < DIR_FILES; i++) {
		snprintf(path, sizeof path, "/tmp/pxscale/f%d", i);
		int fd = open(path, O_WRONLY | O_CREAT, 0644);
		if (fd < 0)
			failed("creating a file");
		close(fd);
	}
	snprintf(path, sizeof path, "/tmp/pxscale/f%d", DIR_FILES - 1);
	struct stat st;
	for (int i = 0; i < DIR_RUNS; i++) {
		uint64_t t0 = instret();
		int r = stat(path, &st);
		samples[i] = instret() - t0;
		if (r < 0)
			failed("stat");
	}
	report("stat, a file among 1000 in /tmp", samples, DIR_RUNS, 5000);
	for (int i = 0; i < DIR_RUNS; i++) {
		int n = 0;
		uint64_t t0 = instret();
		DIR *d = opendir("/tmp/pxscale");
		while (d && readdir(d))
			n++;
		if (d)
			closedir(d);
		samples[i] = instret() - t0;
		if (n < DIR_FILES)
			failed("listing /tmp/pxscale");
	}
	report("list a directory of 1000 files", samples, DIR_RUNS, 3000000);
	for (int i = 0; i < DIR_FILES; i++) {
		snprintf(path, sizeof path, "/tmp/pxscale/f%d", i);
		unlink(path);
	}
	rmdir("/tmp/pxscale");
}

static void fork_figure(const char *name)
{
	for (int i = -WARM_UP; i < FORK_RUNS; i++) { /* the first runs unmeasured */
		uint64_t t0 = instret();
		pid_t pid = fork();
		if (pid == 0)
			_exit(0);
		if (pid < 0 || waitpid(pid, NULL, 0) != pid)
			failed("fork");
		if (i >= 0)
			samples[i] = instret() - t0;
	}
	report(name, samples, FORK_RUNS, 0);
}

static void bench_fork_beside_readers(void)
{
	int fd[2];
	pid_t readers[PIPE_READERS];
	if (pipe(fd) < 0)
		failed("pipe");
	fork_figure("fork+exit+wait, a pipe open, no reader waiting");
	for (int i = 0; i < PIPE_READERS; i++) {
		readers[i] = fork();
		if (readers[i] == 0) {
			char c;
			_exit(read(fd[0], &c, 1) == 1 ? 0 : 1);
		}
		if (readers[i] < 0)
			failed("fork a reader");
	}
	fork_figure("fork+exit+wait beside 100 blocked readers of the pipe");
	for (int i = 0; i < PIPE_READERS; i++)
		if (write(fd[1], "x", 1) != 1)
			failed("write to the readers");
	close(fd[0]);
	close(fd[1]);
	for (int i = 0; i < PIPE_READERS; i++)
		waitpid(readers[i], NULL, 0);
}

static void pipe_figure(const char *name, const int fd[2])
{
	for (int i = -WARM_UP; i < FORK_RUNS; i++) {
		char c;
		uint64_t t0 = instret();
		if (write(fd[1], "x", 1) != 1 || read(fd[0], &c, 1) != 1)
			failed("pipe write and read");
		if (i >= 0)
			samples[i] = instret() - t0;
	}
	report(name, samples, FORK_RUNS, 0);
}

static void bench_pipe_beside_pollers(void)
{
	int mine[2], theirs[2];
	pid_t pollers[PIPE_READERS];
	if (pipe(mine) < 0 || pipe(theirs) < 0)
		failed("pipe");
	pipe_figure("pipe write+read of a byte, nobody polling", mine);
	for (int i = 0; i < PIPE_READERS; i++) {
		pollers[i] = fork();
		if (pollers[i] == 0) {
			struct pollfd e = { .fd = theirs[0], .events = POLLIN };
			_exit(poll(&e, 1, -1) == 1 ? 0 : 1);
		}
		if (pollers[i] < 0)
			failed("fork a poller");
	}
	usleep(20000); /* all of them in poll */
	pipe_figure("pipe write+read beside 100 pollers of another pipe", mine);
	if (write(theirs[1], "x", 1) != 1)
		failed("write to the pollers");
	for (int i = 0; i < PIPE_READERS; i++) {
		int status;
		if (waitpid(pollers[i], &status, 0) != pollers[i] || status != 0)
			failed("a poller");
	}
	close(mine[0]);
	close(mine[1]);
	close(theirs[0]);
	close(theirs[1]);
}

int main(void)
{
	printf("pxscale: pid %d\n", getpid()); /* stdout's buffer, before any figure */
	fflush(stdout);
	bench_baseline();
	bench_directory();
	bench_fork_beside_readers();
	bench_pipe_beside_pollers();
	return 0;
}
