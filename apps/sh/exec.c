/* Running the tree. exec_node switches once on the node's kind:
 *
 *   LIST, AND, OR, NOT, IF, WHILE, UNTIL, FOR, CASE, GROUP   in the shell itself
 *   SIMPLE     expanded just before it runs; a function, a builtin or an
 *              assignment runs in the shell, a program in a child
 *   PIPE, SUBSHELL, anything with &   a job: one child per command
 *
 * A job's children are in one process group when job control works; the
 * shell waits for a foreground job (^Z makes it a stopped one) and keeps
 * a background one. break, continue and return set sh.jump, and every
 * list stops while it is set; the loop or function it names clears it. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <rn/budget.h>
#include "apps/sh/sh.h"

#define EV_FORKED 4 /* a SUBSHELL node: this process is already its child */

int expansion_failed(const char *err)
{
	fprintf(stderr, "sh: %s\n", err);
	sh.status = 2;
	if (!sh.interactive)
		shell_exit(2);
	return -1;
}

/* ---- simple commands ---------------------------------------------------------------- */
/* A simple command after expansion. */
struct prepared {
	struct sh_words argv;
	char **assigns; /* NAME=value, expanded */
	size_t nassigns;
	const struct sh_redir *redirs;
	int assigned; /* no command: the assignments are made already, in order */
	int status;   /* and how they went */
};

static void prepared_free(struct prepared *x)
{
	sh_words_free(&x->argv);
	for (size_t i = 0; i < x->nassigns; i++)
		free(x->assigns[i]);
	free(x->assigns);
}

/* 0, or -1 after saying why. */
static int prepare(const struct sh_node *n, struct prepared *x)
{
	char err[200];

	memset(x, 0, sizeof *x);
	x->redirs = n->redirs;
	for (size_t i = 0; i < n->nwords; i++)
		if (sh_expand_fields(n->words[i], &sh_ops, &x->argv, err, sizeof err) < 0) {
			prepared_free(x);
			return expansion_failed(err);
		}
	x->assigns = calloc(n->nassigns + 1, sizeof *x->assigns);
	if (!x->assigns) {
		prepared_free(x);
		return expansion_failed("out of memory");
	}
	for (size_t i = 0; i < n->nassigns; i++) {
		/* NAME= is as written (the parser checked it); the value is expanded. */
		const char *eq = strchr(n->assigns[i], '=');
		size_t len = (size_t)(eq - n->assigns[i]) + 1;
		char *v = sh_expand_string(eq + 1, &sh_ops, err, sizeof err);
		char *a = v ? malloc(len + strlen(v) + 1) : NULL;
		if (!a) {
			free(v);
			prepared_free(x);
			return expansion_failed(v ? "out of memory" : err);
		}
		memcpy(a, n->assigns[i], len);
		strcpy(a + len, v);
		x->assigns[x->nassigns++] = a;
		/* Alone, each is made before the next is expanded (a=1 b=$a). */
		if (n->nwords == 0) {
			a[len - 1] = '\0';
			if (var_set(a, v) < 0) {
				x->status = 1;
				if (!sh.interactive)
					shell_exit(2); /* an assignment error ends a script */
			}
			a[len - 1] = '=';
			x->assigned = 1;
		}
		free(v);
	}
	return 0;
}

static void trace(const struct prepared *x)
{
	const char *ps4 = var_get("PS4");

	fputs(ps4 ? ps4 : "+ ", stderr);
	for (size_t i = 0; i < x->nassigns; i++)
		fprintf(stderr, "%s%s", i ? " " : "", x->assigns[i]);
	for (size_t i = 0; i < x->argv.n; i++)
		fprintf(stderr, "%s%s", i || x->nassigns ? " " : "", x->argv.v[i]);
	fputc('\n', stderr);
}

/* Assignments: kept (saved NULL), or to be undone (saved gets each). */
static int assign_all(const struct prepared *x, void **saved)
{
	int status = 0;

	for (size_t i = 0; i < x->nassigns; i++) {
		char *eq = strchr(x->assigns[i], '=');
		*eq = '\0';
		if (saved)
			saved[i] = var_push(x->assigns[i]);
		if (var_set(x->assigns[i], eq + 1) < 0)
			status = 1;
		else if (saved)
			var_flag(x->assigns[i], V_EXPORT);
		*eq = '=';
	}
	return status;
}

static void unassign_all(const struct prepared *x, void **saved)
{
	for (size_t i = x->nassigns; i-- > 0;)
		var_pop(saved[i]);
}

/* In this process, for good: the program, with its assignments in its
 * environment and its redirections. */
static void exec_prepared(const struct prepared *x)
{
	if (redir_apply(x->redirs, NULL) < 0)
		shell_exit(1);
	for (size_t i = 0; i < x->nassigns; i++) {
		char *eq = strchr(x->assigns[i], '=');
		*eq = '\0';
		setenv(x->assigns[i], eq + 1, 1);
		*eq = '=';
	}
	signals_for_child(0);
	shell_exit(exec_command(x->argv.v));
}

static int run_job(struct sh_node **kids, size_t n, int background, const char *text,
                   struct prepared *pre);

/* A function or builtin, in the shell, its redirections undone after. */
static int run_here(struct prepared *x, builtin_fn *fn, int special, struct sh_node *func)
{
	struct redir_saved *saved = NULL;
	void **vsaved = NULL;
	int status;

	if (x->nassigns && !special) {
		vsaved = calloc(x->nassigns, sizeof *vsaved);
		if (!vsaved)
			return expansion_failed("out of memory");
	}
	assign_all(x, vsaved);
	if (redir_apply(x->redirs, &saved) < 0) {
		redir_restore(saved);
		if (vsaved)
			unassign_all(x, vsaved);
		free(vsaved);
		return 1;
	}
	if (func)
		status = call_function(func, (int)x->argv.n, x->argv.v);
	else
		status = fn((int)x->argv.n, x->argv.v);
	/* exec with no command: its redirections are the shell's now. */
	if (fn && x->argv.n == 1 && strcmp(x->argv.v[0], "exec") == 0)
		redir_keep(saved);
	else
		redir_restore(saved);
	if (vsaved)
		unassign_all(x, vsaved);
	free(vsaved);
	return status;
}

/* In a child: a command the parent expanded (a background one), to the
 * end: a function or builtin runs here, a program is exec'd. */
static void run_prepared(struct prepared *x)
{
	int special = 0;

	if (x->argv.n == 0)
		shell_exit(redir_apply(x->redirs, NULL) < 0 ? 1 : 0);
	struct sh_node *func = func_get(x->argv.v[0]);
	builtin_fn *fn = func ? NULL : builtin_find(x->argv.v[0], &special);
	if (func || fn)
		shell_exit(run_here(x, fn, special, func));
	exec_prepared(x);
}

static int run_simple(struct sh_node *n, int flags)
{
	struct prepared x;
	int status, special = 0;

	sh.lineno = n->lineno;
	sh.subst_status = -1;
	if (prepare(n, &x) < 0)
		return 2;
	if (sh.opt_x && (x.argv.n || x.nassigns))
		trace(&x);
	if (x.argv.n == 0) {
		/* Assignments and redirections alone: the assignments stay. */
		struct redir_saved *saved = NULL;
		status = x.assigned ? x.status : assign_all(&x, NULL);
		if (redir_apply(x.redirs, &saved) < 0)
			status = 1;
		redir_restore(saved);
		if (status == 0 && sh.subst_status >= 0)
			status = sh.subst_status;
		prepared_free(&x);
		return status;
	}
	struct sh_node *func = func_get(x.argv.v[0]);
	builtin_fn *fn = func ? NULL : builtin_find(x.argv.v[0], &special);
	if (func || fn) {
		status = run_here(&x, fn, special, func);
	} else if (flags & EV_EXIT) {
		exec_prepared(&x);
		status = 127; /* not reached */
	} else {
		struct sh_node *one[1] = { n };
		status = run_job(one, 1, 0, NULL, &x);
	}
	prepared_free(&x);
	return status;
}

/* ---- jobs ------------------------------------------------------------------------------ */
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
			status = jobs_stopped(pids + i, n - i, pgid, text ? text : "job", WSTOPSIG(wstatus));
			break;
		}
		if (r == pids[i]) {
			report_signal(wstatus);
			/* ^C in an interactive shell ends the whole command line. */
			if (WIFSIGNALED(wstatus) && WTERMSIG(wstatus) == SIGINT && !sh.subshell)
				sh.intr = 1;
		}
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
	int jc = sh.job_control;

	subshell_enter();
	if (jc) {
		setpgid(0, pgid ? pgid : getpid());
		if (!background)
			tcsetpgrp(0, pgid ? pgid : getpid());
	}
	sh.job_control = 0;
	signals_for_child(background);
}

/* Starts the commands; their pids in pids, how many started returned.
 * *pgid: the group they are in (the first one's pid). */
/* The rights the shell hands on, each to one program, by the name the user
 * typed (docs/personality.md, "Who may do what"): quota may change its
 * jobs' budgets (quota -g, -r, -G), and poweroff gets the system right,
 * if the shell has it (init gives it to the console session: a shell
 * without it is refused, EPERM, and forks again without). No other
 * command gets either. */
static unsigned fork_rights(const struct prepared *pre)
{
	if (!pre || pre->argv.n == 0)
		return 0;
	const char *slash = strrchr(pre->argv.v[0], '/');
	const char *name = slash ? slash + 1 : pre->argv.v[0];
	if (!strcmp(name, "quota"))
		return PX_FORK_AGENT;
	if (!strcmp(name, "poweroff"))
		return PX_FORK_SYSTEM; /* start_pipeline asks again without */
	return 0;
}

static size_t start_pipeline(struct sh_node **kids, size_t n, int background, size_t budget,
                             struct prepared *pre, pid_t *pids, pid_t *pgid)
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
		unsigned rights = fork_rights(pre);
		pid = rn_fork_limits(budget, 0, rights);
		if (pid < 0 && errno == EPERM && (rights & PX_FORK_SYSTEM))
			pid = rn_fork_limits(budget, 0, rights & ~(unsigned)PX_FORK_SYSTEM);
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
			if (pre)
				run_prepared(pre);
			shell_exit(exec_node(kids[i], EV_EXIT | EV_FORKED));
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
static size_t budget_prefix(struct prepared *x)
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

static void announce_job(int id, pid_t pid, const char *text)
{
	if (id < 0)
		fprintf(stderr, "sh: too many jobs: %s is not tracked\n", text);
	else if (sh.interactive)
		fprintf(stderr, "[%d] %d\n", id, (int)pid);
}

/* The text `jobs` shows for a foreground command stopped by ^Z. */
static char *job_text(struct sh_node **kids, size_t n, struct prepared *pre)
{
	struct sh_buf b = { 0 };

	if (pre) {
		for (size_t i = 0; i < pre->argv.n; i++) {
			if (i)
				sh_buf_putc(&b, ' ');
			sh_buf_puts(&b, pre->argv.v[i]);
		}
	} else {
		for (size_t i = 0; i < n; i++) {
			const struct sh_node *k = kids[i];
			if (i)
				sh_buf_puts(&b, " | ");
			for (size_t w = 0; k->kind == SH_N_SIMPLE && w < k->nwords; w++) {
				if (w)
					sh_buf_putc(&b, ' ');
				sh_buf_puts(&b, k->words[w]);
			}
			if (k->kind != SH_N_SIMPLE)
				sh_buf_puts(&b, "(...)");
		}
	}
	return sh_buf_take(&b);
}

/* The source text of the list item running now: what `jobs` shows for a
 * job stopped in it, as it was typed. */
static const char *item_text;

static int run_job(struct sh_node **kids, size_t n, int background, const char *text,
                   struct prepared *pre)
{
	pid_t *pids = calloc(n, sizeof *pids), pgid;
	size_t budget = pre ? budget_prefix(pre) : 0, peak = 0, started;
	if (!text)
		text = item_text;
	char *own = text ? NULL : job_text(kids, n, pre);
	int status;

	if (!pids) {
		fprintf(stderr, "sh: out of memory\n");
		free(own);
		return 1;
	}
	if (!text)
		text = own ? own : "job";
	started = start_pipeline(kids, n, background, budget, pre, pids, &pgid);
	if (background && started) {
		sh.last_bg = pids[started - 1];
		announce_job(jobs_add(pids, started, pgid, text), pids[started - 1], text);
		status = 0;
	} else {
		status = started ? wait_foreground(pids, started, pgid, &peak, text) : 1;
		if (budget && started)
			fprintf(stderr, "sh: %s used at most %zu KiB of its %zu KiB budget\n",
			        pre->argv.v[0], peak >> 10, budget >> 10);
		if (started < n)
			status = 1;
	}
	free(pids);
	free(own);
	return status;
}

/* ---- compound commands -------------------------------------------------------------- */
/* A condition (if, while, until, the left of && and ||, !'s operand):
 * set -e does not apply in it, down into the functions it calls. */
static int run_tested(struct sh_node *n)
{
	int status;

	sh.tested++;
	status = exec_node(n, EV_TESTED);
	sh.tested--;
	return status;
}

/* After a loop's body (or condition): whether the loop stops. */
static int loop_stops(void)
{
	if (sh.jump == SH_J_BREAK) {
		if (--sh.jump_n <= 0)
			sh.jump = SH_J_NONE;
		return 1;
	}
	if (sh.jump == SH_J_CONTINUE) {
		if (--sh.jump_n <= 0) {
			sh.jump = SH_J_NONE;
			return 0;
		}
		return 1;
	}
	return sh.jump != SH_J_NONE || sh.intr;
}

static int run_while(struct sh_node *n)
{
	int status = 0;

	sh.loops++;
	for (;;) {
		int c = run_tested(n->a);
		if (sh.jump == SH_J_CONTINUE && sh.jump_n == 1) {
			sh.jump = SH_J_NONE;
			continue;
		}
		if (loop_stops() || (c == 0) != (n->kind == SH_N_WHILE))
			break;
		status = exec_node(n->b, 0);
		if (loop_stops())
			break;
	}
	sh.loops--;
	return status;
}

static int run_for(struct sh_node *n)
{
	struct sh_words list = { 0 };
	char err[200];
	int status = 0;

	if (!n->has_in) {
		for (int i = 0; i < sh.nparams; i++)
			if (sh_words_add(&list, strdup(sh.params[i])) < 0)
				return expansion_failed("out of memory");
	}
	for (size_t i = 0; i < n->nwords; i++)
		if (sh_expand_fields(n->words[i], &sh_ops, &list, err, sizeof err) < 0) {
			sh_words_free(&list);
			expansion_failed(err);
			return 2;
		}
	sh.loops++;
	for (size_t i = 0; i < list.n; i++) {
		if (var_set(n->name, list.v[i]) < 0) {
			status = 1;
			break;
		}
		status = exec_node(n->b, 0);
		if (loop_stops())
			break;
	}
	sh.loops--;
	sh_words_free(&list);
	return status;
}

static int run_case(struct sh_node *n)
{
	char err[200], *subject = sh_expand_string(n->words[0], &sh_ops, err, sizeof err);

	if (!subject) {
		expansion_failed(err);
		return 2;
	}
	for (size_t i = 0; i < n->nitems; i++) {
		const struct sh_case_item *it = &n->items[i];
		for (size_t k = 0; k < it->npats; k++) {
			char *pat = sh_expand_pattern(it->pats[k], &sh_ops, err, sizeof err);
			if (!pat) {
				free(subject);
				expansion_failed(err);
				return 2;
			}
			int hit = sh_match(pat, subject, strlen(subject));
			free(pat);
			if (hit) {
				free(subject);
				return it->body ? exec_node(it->body, 0) : 0;
			}
		}
	}
	free(subject);
	return 0;
}

/* cmd &: expanded here, so that `quota -s SIZE cmd &` takes its budget
 * from the shell's (budget_prefix), as in the foreground. */
static int run_background_simple(struct sh_node *n, const char *text)
{
	struct prepared x;
	int status;

	if (prepare(n, &x) < 0)
		return 2;
	if (sh.opt_x)
		trace(&x);
	status = run_job(&n, 1, 1, text, &x);
	prepared_free(&x);
	return status;
}

static int run_list(struct sh_node *n, int flags)
{
	const char *outer = item_text;
	int status = 0;

	for (size_t i = 0; i < n->nkids; i++) {
		const char *text = n->texts ? n->texts[i] : NULL;
		int last = i == n->nkids - 1 && !n->bg[i];

		item_text = text;
		if (n->bg[i] && n->kids[i]->kind == SH_N_SIMPLE && n->kids[i]->nwords)
			status = run_background_simple(n->kids[i], text ? text : "job");
		else if (n->bg[i])
			status = run_job(&n->kids[i], 1, 1, text ? text : "job", NULL);
		else
			status = exec_node(n->kids[i], last ? flags : flags & EV_TESTED);
		sh.status = status;
		if (traps_pending)
			traps_run();
		if (sh.jump != SH_J_NONE || sh.intr)
			break;
	}
	item_text = outer;
	return status;
}

int call_function(struct sh_node *body, int argc, char **argv)
{
	char **v = calloc((size_t)argc, sizeof *v);
	int n = argc - 1, loops = sh.loops, status;

	if (!v) {
		fprintf(stderr, "sh: out of memory\n");
		return 1;
	}
	for (int i = 0; i < n; i++)
		v[i] = strdup(argv[i + 1]); /* (a NULL is an empty parameter's loss) */
	for (int i = 0; i < n; i++)
		if (!v[i])
			v[i] = strdup("");
	params_swap(&v, &n);
	body->refs++; /* the function may be redefined while it runs */
	sh.loops = 0;
	sh.funcs++;
	local_begin();
	status = exec_node(body, 0);
	if (sh.jump == SH_J_RETURN) {
		sh.jump = SH_J_NONE;
		status = sh.status;
	} else if (sh.jump != SH_J_NONE) {
		sh.jump = SH_J_NONE; /* break outside any loop of the function */
	}
	local_end();
	sh.funcs--;
	sh.loops = loops;
	sh_node_free(body);
	params_swap(&v, &n);
	params_free(v, n);
	return status;
}

static int run_compound(struct sh_node *n, int flags)
{
	switch (n->kind) {
	case SH_N_LIST:
		return run_list(n, flags);
	case SH_N_AND:
	case SH_N_OR: {
		int status = run_tested(n->a);
		if (sh.jump != SH_J_NONE || sh.intr)
			return status;
		if ((status == 0) == (n->kind == SH_N_AND))
			status = exec_node(n->b, flags);
		return status;
	}
	case SH_N_NOT:
		return !run_tested(n->a);
	case SH_N_GROUP:
		return exec_node(n->a, flags);
	case SH_N_SUBSHELL:
		return exec_node(n->a, flags & EV_EXIT);
	case SH_N_IF: {
		int c = run_tested(n->a);
		if (sh.jump != SH_J_NONE || sh.intr)
			return c;
		if (c == 0)
			return exec_node(n->b, flags);
		return n->c ? exec_node(n->c, flags) : 0;
	}
	case SH_N_WHILE:
	case SH_N_UNTIL:
		return run_while(n);
	case SH_N_FOR:
		return run_for(n);
	case SH_N_CASE:
		return run_case(n);
	case SH_N_FUNC:
		if (func_set(n->name, n->a) < 0) {
			fprintf(stderr, "sh: %s: out of memory\n", n->name);
			return 1;
		}
		return 0;
	default:
		return 1;
	}
}

int exec_node(struct sh_node *n, int flags)
{
	int status;

	if (!n)
		return 0;
	if (n->kind == SH_N_SIMPLE) {
		/* exec'ing would lose an EXIT trap set in this subshell. */
		status = run_simple(n, traps_exit_set() ? flags & ~EV_EXIT : flags);
	} else if (n->kind == SH_N_PIPE) {
		status = run_job(n->kids, n->nkids, 0, NULL, NULL);
	} else if (n->kind == SH_N_SUBSHELL && !(flags & EV_FORKED)) {
		status = run_job(&n, 1, 0, NULL, NULL);
	} else if (n->redirs) {
		/* A compound command's redirections: for it alone, unless this
		 * process is its subshell. */
		struct redir_saved *saved = NULL;
		int forked = flags & EV_FORKED;
		if (redir_apply(n->redirs, forked ? NULL : &saved) < 0) {
			redir_restore(saved);
			return 1;
		}
		status = run_compound(n, flags & ~EV_FORKED);
		if (!forked)
			redir_restore(saved);
	} else {
		status = run_compound(n, flags & ~EV_FORKED);
	}
	if (sh.opt_e && status != 0 && !(flags & EV_TESTED) && !sh.tested && sh.jump == SH_J_NONE &&
	    (n->kind == SH_N_SIMPLE || n->kind == SH_N_PIPE || n->kind == SH_N_SUBSHELL))
		shell_exit(status);
	return status;
}

int run_source(const char *src, const char *name)
{
	struct sh_node *tree;
	char err[200];
	int r = sh_parse(src, &tree, err, sizeof err);

	if (r != SH_OK) {
		if (name)
			fprintf(stderr, "sh: %s: %s\n", name, err);
		else
			fprintf(stderr, "sh: %s\n", err);
		return sh.status = 2;
	}
	sh.status = exec_node(tree, 0);
	sh_node_free(tree);
	return sh.status;
}
