/* Command substitution: $(cmd) and `cmd` run in a subshell whose standard
 * output is a pipe; what it writes is the value (expand.c drops the
 * trailing newlines). Its status is kept for a command that is only
 * assignments (x=$(false) has status 1). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "apps/sh/sh.h"

char *subst_run(void *ctx, const char *cmd)
{
	struct sh_buf out = { 0 };
	char buf[512];
	int p[2], wstatus = 0;
	pid_t pid;

	if (pipe(p) < 0) {
		fprintf(stderr, "sh: pipe: %s\n", strerror(errno));
		return NULL;
	}
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid == 0) {
		close(p[0]);
		if (p[1] != 1) {
			dup2(p[1], 1);
			close(p[1]);
		}
		subshell_enter();
		sh.job_control = 0;
		signals_for_child(0);
		shell_exit(run_source(cmd, NULL));
	}
	close(p[1]);
	if (pid < 0) {
		fprintf(stderr, "sh: fork: %s\n", strerror(errno));
		close(p[0]);
		return NULL;
	}
	for (;;) {
		ssize_t n = read(p[0], buf, sizeof buf);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		sh_buf_putn(&out, buf, (size_t)n);
	}
	close(p[0]);
	while (waitpid(pid, &wstatus, 0) < 0 && errno == EINTR)
		;
	sh.subst_status = status_from_wait(wstatus);
	/* A NUL in the output would end the value there. */
	return sh_buf_take(&out);
}
