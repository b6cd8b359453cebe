/* Running the tree. Each command's words are expanded just before it runs
 * (so `false || echo $?` sees the 1). A pipeline is one child per command,
 * joined by pipes, in one process group when job control works; the shell
 * waits for a foreground one and keeps a background one as a job. A
 * builtin or an assignment alone runs in the shell itself, its
 * redirections undone afterwards. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <rn/budget.h>
#include "apps/sh/sh.h"

/* A command after expansion. */
struct xredir {
	int fd;
	enum sh_redir_op op;
	char *target;
};

struct xcmd {
	struct sh_words argv;
	char **assigns; /* NAME=value, expanded */
	size_t nassigns;
	struct xredir *redirs;
	size_t nredirs;
};

static void xcmd_free(struct xcmd *x)
{
	sh_words_free(&x->argv);
	for (size_t i = 0; i < x->nassigns; i++)
		free(x->assigns[i]);
	for (size_t i = 0; i < x->nredirs; i++)
		free(x->redirs[i].target);
	free(x->assigns);
	free(x->redirs);
	memset(x, 0, sizeof *x);
}

/* 0, or -1 after saying why. */
static int expand_cmd(const struct sh_cmd *c, struct xcmd *x)
{
	char err[160];

	memset(x, 0, sizeof *x);
	x->assigns = calloc(c->nassigns + 1, sizeof *x->assigns);
	x->redirs = calloc(c->nredirs + 1, sizeof *x->redirs);
	if (!x->assigns || !x->redirs)
		goto oom;
	for (size_t i = 0; i < c->nassigns; i++) {
		/* NAME= is as written (the parser checked it); the value is expanded. */
		const char *eq = strchr(c->assigns[i], '=');
		size_t n = (size_t)(eq - c->assigns[i]) + 1;
		char *v = sh_expand_string(eq + 1, var_lookup, NULL, err, sizeof err);
		char *a = v ? malloc(n + strlen(v) + 1) : NULL;
		if (!a) {
			free(v);
			goto fail;
		}
		memcpy(a, c->assigns[i], n);
		strcpy(a + n, v);
		free(v);
		x->assigns[x->nassigns++] = a;
	}
	for (size_t i = 0; i < c->nwords; i++)
		if (sh_expand_fields(c->words[i], var_lookup, NULL, &x->argv, err, sizeof err) < 0)
			goto fail;
	for (size_t i = 0; i < c->nredirs; i++) {
		struct xredir *r = &x->redirs[x->nredirs];
		r->fd = c->redirs[i].fd;
		r->op = c->redirs[i].op;
		r->target = sh_expand_string(c->redirs[i].word, var_lookup, NULL, err, sizeof err);
		if (!r->target)
			goto fail;
		x->nredirs++;
	}
	return 0;
oom:
	snprintf(err, sizeof err, "out of memory");
fail:
	fprintf(stderr, "sh: %s\n", err);
	xcmd_free(x);
	return -1;
}

/* ---- redirections ---------------------------------------------------------- */
/* Makes fd refer to what r names, in this process: 0, or -1 after saying
 * why. */
static int redirect(const struct xredir *r)
{
	int flags, fd;

	if (r->op == SH_R_DUP_IN || r->op == SH_R_DUP_OUT) {
		char *end;
		long from;

		if (strcmp(r->target, "-") == 0) {
			close(r->fd);
			return 0;
		}
		from = strtol(r->target, &end, 10);
		if (*r->target == '\0' || *end || from < 0 || from > 9999) {
			fprintf(stderr, "sh: %s: bad file descriptor\n", r->target);
			return -1;
		}
		if (from != r->fd && dup2((int)from, r->fd) < 0) {
			fprintf(stderr, "sh: %ld: %s\n", from, strerror(errno));
			return -1;
		}
		return 0;
	}
	if (r->op == SH_R_IN)
		flags = O_RDONLY;
	else if (r->op == SH_R_OUT)
		flags = O_WRONLY | O_CREAT | O_TRUNC;
	else
		flags = O_WRONLY | O_CREAT | O_APPEND;
	fd = open(r->target, flags, 0666);
	if (fd < 0) {
		fprintf(stderr, "sh: %s: %s\n", r->target, strerror(errno));
		return -1;
	}
	if (fd != r->fd) {
		if (dup2(fd, r->fd) < 0) {
			fprintf(stderr, "sh: %s: %s\n", r->target, strerror(errno));
			close(fd);
			return -1;
		}
		close(fd);
	}
	return 0;
}

static int redirect_all(const struct xcmd *x)
{
	for (size_t i = 0; i < x->nredirs; i++)
		if (redirect(&x->redirs[i]) < 0)
			return -1;
	return 0;
}

/* The descriptors a builtin's redirections change, as they were. */
struct saved_fd {
	int fd;
	int copy; /* -1: fd was closed */
};

/* Copies above 9, out of the way of redirections a user would write. */
static int save_fds(const struct xcmd *x, struct saved_fd *s)
{
	int n = 0;

	for (size_t i = 0; i < x->nredirs; i++) {
		int fd = x->redirs[i].fd, seen = 0, copy;

		for (int k = 0; k < n; k++)
			seen |= s[k].fd == fd;
		if (seen)
			continue;
		copy = fcntl(fd, F_DUPFD, 10);
		if (copy < 0 && errno != EBADF)
			copy = dup(fd);
		if (copy < 0 && errno != EBADF) {
			fprintf(stderr, "sh: cannot save descriptor %d: %s\n", fd, strerror(errno));
			for (int k = 0; k < n; k++)
				close(s[k].copy);
			return -1;
		}
		if (copy >= 0)
			fcntl(copy, F_SETFD, FD_CLOEXEC); /* not for `exec cmd >f` */
		s[n].fd = fd;
		s[n++].copy = copy;
	}
	return n;
}

static void restore_fds(struct saved_fd *s, int n)
{
	fflush(stdout);
	fflush(stderr);
	clearerr(stdout); /* a write error was the redirection's */
	for (int k = n - 1; k >= 0; k--) {
		if (s[k].copy >= 0) {
			dup2(s[k].copy, s[k].fd);
			close(s[k].copy);
		} else {
			close(s[k].fd);
		}
	}
}

/* ---- commands ------------------------------------------------------------------- */
static void set_signals(int how, const int *sigs, size_t n)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = how ? SIG_IGN : SIG_DFL;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < n; i++)
		sigaction(sigs[i], &sa, NULL);
}

static const int job_signals[] = { SIGINT, SIGQUIT, SIGTSTP, SIGTTIN, SIGTTOU };
#define NJOB_SIGNALS (sizeof job_signals / sizeof job_signals[0])
static int ignoring; /* signals_for_shell was called */

/* The console goes to each foreground job and comes back: an interactive
 * shell takes ^C, ^\ and ^Z as keys, not signals, and is not stopped for
 * using the terminal while it is not the foreground. */
void signals_for_shell(void)
{
	set_signals(1, job_signals, NJOB_SIGNALS);
	ignoring = 1;
}

/* What the shell ignores for itself, its commands get back; what it
 * inherited ignored, they inherit too. */
void signals_for_child(int background)
{
	static const int interrupts[] = { SIGINT, SIGQUIT };

	if (ignoring)
		set_signals(0, job_signals, NJOB_SIGNALS);
	/* Without process groups a background job shares the console's ^C. */
	if (background && !sh.job_control)
		set_signals(1, interrupts, 2);
}

void shell_exit(int status)
{
	fflush(stdout);
	fflush(stderr);
	if (sh.subshell)
		_exit(status);
	le_restore();
	exit(status);
}

/* Runs a file the system would not exec: a script, by the interpreter
 * its #! line names, or by /bin/sh without one; as other shells do. Not
 * a binary: its first bytes have no NUL. Returns with errno set if the
 * file is not for us. */
static void exec_script(const char *path, char **argv)
{
	char head[128], *interp = "/bin/sh", *arg = NULL, **v;
	size_t argc = 0, k = 0;
	struct stat st;
	int fd;
	ssize_t n;

	/* Permission bits, when the system has them, must allow it. */
	if (stat(path, &st) == 0 && (st.st_mode & 0777) && !(st.st_mode & 0111)) {
		errno = EACCES;
		return;
	}
	fd = open(path, O_RDONLY);
	n = fd < 0 ? -1 : read(fd, head, sizeof head - 1);
	if (fd >= 0)
		close(fd);
	if (n < 0 || memchr(head, '\0', (size_t)n)) {
		errno = ENOEXEC;
		return;
	}
	head[n] = '\0';
	if (head[0] == '#' && head[1] == '!') {
		/* #!interpreter [one argument] */
		interp = head + 2 + strspn(head + 2, " \t");
		head[strcspn(head, "\n")] = '\0';
		arg = interp + strcspn(interp, " \t");
		if (*arg) {
			*arg++ = '\0';
			arg += strspn(arg, " \t");
		}
		if (!*arg)
			arg = NULL;
	}
	while (argv[argc])
		argc++;
	v = calloc(argc + 3, sizeof *v);
	if (!v)
		return;
	v[k++] = interp;
	if (arg)
		v[k++] = arg;
	v[k++] = (char *)path;
	for (size_t i = 1; i < argc; i++)
		v[k++] = argv[i];
	execv(interp, v);
	free(v);
}

/* Tries argv[0] in each directory of PATH; the error of the most telling
 * failure (not found only if nothing was found anywhere). */
static int exec_path(char **argv)
{
	const char *name = argv[0], *dirs = var_get("PATH");
	int err = ENOENT;
	char path[512];

	if (strchr(name, '/')) {
		execv(name, argv);
		if (errno == ENOEXEC)
			exec_script(name, argv);
		return errno;
	}
	if (!dirs)
		dirs = "/bin";
	for (const char *d = dirs;; d++) {
		size_t n = strcspn(d, ":");
		struct stat st;

		/* An empty entry is the current directory. */
		if (snprintf(path, sizeof path, "%.*s/%s", n ? (int)n : 1, n ? d : ".", name) <
		        (int)sizeof path &&
		    stat(path, &st) == 0 && !S_ISDIR(st.st_mode)) {
			execv(path, argv);
			if (errno == ENOEXEC)
				exec_script(path, argv);
			err = errno;
			break;
		}
		d += n;
		if (*d == '\0')
			break;
	}
	return err;
}

int exec_command(char **argv)
{
	int err = exec_path(argv);

	if (err == ENOENT && !strchr(argv[0], '/'))
		fprintf(stderr, "sh: %s: not found\n", argv[0]);
	else
		fprintf(stderr, "sh: %s: %s\n", argv[0], strerror(err));
	return err == ENOENT ? 127 : 126;
}

/* In a child: the command, with its redirections; never returns. */
static void run_child(const struct xcmd *x)
{
	builtin_fn *fn;

	if (redirect_all(x) < 0)
		shell_exit(1);
	if (x->argv.n == 0)
		shell_exit(0);
	fn = builtin_find(x->argv.v[0]);
	if (fn)
		shell_exit(fn((int)x->argv.n, x->argv.v));
	for (size_t i = 0; i < x->nassigns; i++) {
		char *eq = strchr(x->assigns[i], '=');
		*eq = '\0';
		setenv(x->assigns[i], eq + 1, 1);
		*eq = '=';
	}
	shell_exit(exec_command(x->argv.v));
}

/* A builtin, or assignments and redirections with no command, in the
 * shell itself. */
static int run_here(const struct xcmd *x)
{
	struct saved_fd *saved = calloc(x->nredirs + 1, sizeof *saved);
	int n, status = 0;

	/* What is buffered is for where stdout goes now, not the redirection. */
	fflush(stdout);
	fflush(stderr);
	n = saved ? save_fds(x, saved) : -1;
	if (n < 0) {
		free(saved);
		return 1;
	}
	if (redirect_all(x) < 0) {
		restore_fds(saved, n);
		free(saved);
		return 1;
	}
	if (x->argv.n == 0) {
		for (size_t i = 0; i < x->nassigns; i++) {
			char *eq = strchr(x->assigns[i], '=');
			*eq = '\0';
			if (var_set(x->assigns[i], eq + 1) < 0) {
				fprintf(stderr, "sh: %s: %s\n", x->assigns[i], strerror(errno));
				status = 1;
			}
			*eq = '=';
		}
	} else {
		/* Assignments before a builtin are not applied (POSIX would, for
		 * the builtin's duration). */
		builtin_fn *fn = builtin_find(x->argv.v[0]);
		status = fn((int)x->argv.n, x->argv.v);
		/* exec with no command: its redirections are the shell's now. */
		if (fn == builtin_find("exec") && x->argv.n == 1) {
			for (int k = 0; k < n; k++)
				if (saved[k].copy >= 0)
					close(saved[k].copy);
			n = 0;
		}
	}
	restore_fds(saved, n);
	free(saved);
	return status;
}

/* ---- pipelines ------------------------------------------------------------- */
/* Gives the console to a process group, if job control works. */
static void give_terminal(pid_t pgid)
{
	if (sh.job_control)
		tcsetpgrp(0, pgid);
}

/* What the user sees when a foreground command was killed. */
void report_signal(int wstatus)
{
	int sig;

	if (!WIFSIGNALED(wstatus))
		return;
	sig = WTERMSIG(wstatus);
	/* ^C was seen being typed; a reader gone is not news. */
	if (sig == SIGINT)
		fputc('\n', stderr);
	else if (sig != SIGPIPE)
		fprintf(stderr, "%s\n", signal_text(sig));
}

/* Waits for a foreground job; *peak gets the last one's peak budget use.
 * Stopped (^Z), it becomes a job of the processes not yet reaped. */
static int wait_foreground(const pid_t *pids, size_t n, pid_t pgid, size_t *peak,
                           const char *text)
{
	int status = 0;

	give_terminal(pgid);
	for (size_t i = 0; i < n; i++) {
		int wstatus = 0;
		pid_t r;

		do
			r = rn_wait_peak(pids[i], &wstatus, sh.job_control ? WUNTRACED : 0, peak);
		while (r < 0 && errno == EINTR);
		if (r == pids[i] && WIFSTOPPED(wstatus)) {
			status = jobs_stopped(pids + i, n - i, pgid, text, WSTOPSIG(wstatus));
			break;
		}
		if (r == pids[i])
			report_signal(wstatus);
		if (i == n - 1)
			status = r == pids[i] ? status_from_wait(wstatus) : 1;
	}
	give_terminal(sh.pgid);
	return status;
}

/* In a new child: its process group, the console if it is the
 * foreground, and the signals it would have without a shell. */
static void child_setup(pid_t pgid, int background)
{
	sh.subshell = 1; /* exits without touching the terminal */
	if (sh.job_control) {
		setpgid(0, pgid ? pgid : getpid());
		if (!background)
			tcsetpgrp(0, pgid ? pgid : getpid());
	}
	signals_for_child(background);
	if (sh.script_fd >= 0)
		close(sh.script_fd);
}

/* Starts the commands; their pids in pids, how many started returned.
 * *pgid: the group they are in (the first one's pid). */
/* The shell lets the quota command change its jobs' budgets (quota -g,
 * -r, -G): the one program it hands that right to, by the name the user
 * typed (docs/personality.md, "Who may change a budget"). */
static unsigned budget_agent(const struct xcmd *x)
{
	if (x->argv.n == 0)
		return 0;
	const char *slash = strrchr(x->argv.v[0], '/');
	return !strcmp(slash ? slash + 1 : x->argv.v[0], "quota") ? PX_FORK_AGENT : 0;
}

static size_t start_pipeline(struct xcmd *x, size_t n, int background, size_t budget,
                             pid_t *pids, pid_t *pgid)
{
	int in = -1; /* the read end of the pipe from the previous command */
	size_t started = 0;

	*pgid = 0;
	fflush(stdout);
	fflush(stderr);
	for (size_t i = 0; i < n; i++) {
		int p[2] = { -1, -1 };
		pid_t pid;

		if (i < n - 1 && pipe(p) < 0) {
			fprintf(stderr, "sh: pipe: %s\n", strerror(errno));
			break;
		}
		pid = rn_fork_limits(budget, 0, budget_agent(&x[i]));
		if (pid == 0) {
			child_setup(*pgid, background);
			if (in >= 0 && in != 0) {
				dup2(in, 0);
				close(in);
			}
			if (p[1] >= 0) {
				close(p[0]);
				if (p[1] != 1) {
					dup2(p[1], 1);
					close(p[1]);
				}
			}
			run_child(&x[i]);
		}
		if (pid < 0) {
			fprintf(stderr, "sh: fork: %s\n", strerror(errno));
			close(p[0]);
			close(p[1]);
			break;
		}
		if (sh.job_control) {
			if (!*pgid)
				*pgid = pid;
			setpgid(pid, *pgid); /* the child does too: whichever is first */
		}
		pids[started++] = pid;
		if (in >= 0)
			close(in);
		close(p[1]);
		in = p[0];
	}
	if (in >= 0)
		close(in);
	if (!*pgid && started)
		*pgid = pids[0];
	return started;
}

/* `quota -s SIZE cmd ...` on a single command is a prefix here: the
 * command runs in a budget limited to SIZE lent by the shell itself (not
 * by a quota process), and a foreground one reports its peak. Returns
 * SIZE with the three words removed, or 0 if there is no such prefix. */
static size_t budget_prefix(struct xcmd *x)
{
	char **v = x->argv.v, *end;
	if (x->argv.n < 4 || strcmp(v[0], "quota") || strcmp(v[1], "-s") || v[3][0] == '-')
		return 0; /* with -G, quota itself runs it */
	unsigned long long size = strtoull(v[2], &end, 10);
	int shift = *end == 'K' || *end == 'k' ? 10 : *end == 'M' || *end == 'm' ? 20 : 0;
	if (shift)
		end++;
	if (end == v[2] || *end || size == 0 || size > (1ull << 40) || (size << shift) % 4096)
		return 0; /* quota itself says what is wrong */
	free(v[0]);
	free(v[1]);
	free(v[2]);
	memmove(v, v + 3, (x->argv.n - 3 + 1) * sizeof *v); /* with the NULL */
	x->argv.n -= 3;
	return (size_t)(size << shift);
}

static void report_peak(const char *cmd, size_t peak, size_t budget)
{
	fprintf(stderr, "sh: %s used at most %zu KiB of its %zu KiB budget\n", cmd, peak >> 10,
	        budget >> 10);
}

static void announce_job(int id, pid_t pid, const char *text)
{
	if (id < 0)
		fprintf(stderr, "sh: too many jobs: %s is not tracked\n", text);
	else if (sh.interactive)
		fprintf(stderr, "[%d] %d\n", id, (int)pid);
}

static int run_pipeline(const struct sh_pipeline *pl, int background, const char *text)
{
	struct xcmd *x = calloc(pl->ncmds, sizeof *x);
	pid_t *pids = calloc(pl->ncmds, sizeof *pids), pgid;
	size_t started, expanded = 0;
	int status = 1;

	if (!x || !pids)
		fprintf(stderr, "sh: out of memory\n");
	while (x && pids && expanded < pl->ncmds &&
	       expand_cmd(&pl->cmds[expanded], &x[expanded]) == 0)
		expanded++;
	if (expanded < pl->ncmds)
		goto out;
	size_t budget = pl->ncmds == 1 ? budget_prefix(&x[0]) : 0, peak = 0;
	if (pl->ncmds == 1 && !background && !budget &&
	    (x[0].argv.n == 0 || builtin_find(x[0].argv.v[0]))) {
		status = run_here(&x[0]);
		if (pl->negate)
			status = !status;
	} else {
		started = start_pipeline(x, pl->ncmds, background, budget, pids, &pgid);
		if (background && started) {
			sh.last_bg = pids[started - 1];
			announce_job(jobs_add(pids, started, pgid, text), pids[started - 1], text);
			status = 0;
		} else {
			status = started ? wait_foreground(pids, started, pgid, &peak, text) : 1;
			if (budget && started)
				report_peak(x[0].argv.v[0], peak, budget);
			if (started < pl->ncmds)
				status = 1;
			if (pl->negate)
				status = !status;
		}
	}
out:
	for (size_t i = 0; i < expanded; i++)
		xcmd_free(&x[i]);
	free(x);
	free(pids);
	return status;
}

static int run_andor(const struct sh_andor *a)
{
	int status = 0;

	for (size_t i = 0; i < a->npipes; i++) {
		const struct sh_pipeline *pl = &a->pipes[i];

		if ((pl->join == SH_J_AND && status != 0) || (pl->join == SH_J_OR && status == 0))
			continue;
		status = sh.status = run_pipeline(pl, 0, a->text);
	}
	return status;
}

/* a && b &: the whole list in a child shell, which is the job. */
static int run_background_list(const struct sh_andor *a)
{
	pid_t pid;

	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid == 0) {
		child_setup(0, 1);
		sh.job_control = 0;
		sh.interactive = 0;
		shell_exit(run_andor(a));
	}
	if (pid < 0) {
		fprintf(stderr, "sh: fork: %s\n", strerror(errno));
		return 1;
	}
	if (sh.job_control)
		setpgid(pid, pid);
	sh.last_bg = pid;
	announce_job(jobs_add(&pid, 1, pid, a->text), pid, a->text);
	return 0;
}

int exec_list(const struct sh_list *l)
{
	for (size_t i = 0; i < l->nitems; i++) {
		const struct sh_andor *a = &l->items[i];

		if (!a->background)
			sh.status = run_andor(a);
		else if (a->npipes == 1)
			sh.status = run_pipeline(&a->pipes[0], 1, a->text);
		else
			sh.status = run_background_list(a);
	}
	return sh.status;
}

int run_source(const char *src)
{
	struct sh_list l;
	char err[160];

	if (sh_parse(src, &l, err, sizeof err) != SH_OK) {
		fprintf(stderr, "sh: %s\n", err);
		return sh.status = 2;
	}
	exec_list(&l);
	sh_list_free(&l);
	return sh.status;
}
