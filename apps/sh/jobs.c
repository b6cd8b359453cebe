/* Jobs: each `cmd &`, and each foreground job stopped by ^Z, is a job,
 * numbered from 1, of one process per command of its pipeline (one
 * process group, with job control). They are reaped with WNOHANG before
 * each prompt ("[1] Done  cmd"), listed by `jobs`, waited for by `wait`,
 * and continued by `fg` (in the foreground) or `bg`. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "apps/sh/sh.h"

struct job {
	int id; /* 0: the slot is free */
	pid_t pgid;
	pid_t *pids;
	int *alive;
	size_t n, left;
	int status;  /* the last command's, once it has ended */
	int stopped; /* by a signal; `fg` or `bg` continues it */
	char *text;
};

static struct job jobs[SH_JOBS_MAX];
static int current; /* the job fg and bg take by default: the latest */

int status_from_wait(int wstatus)
{
	if (WIFEXITED(wstatus))
		return WEXITSTATUS(wstatus);
	if (WIFSIGNALED(wstatus))
		return 128 + WTERMSIG(wstatus);
	if (WIFSTOPPED(wstatus))
		return 128 + WSTOPSIG(wstatus);
	return 1;
}

const char *signal_text(int sig)
{
	static char other[24];

	switch (sig) {
	case SIGHUP:
		return "Hangup";
	case SIGINT:
		return "Interrupt";
	case SIGQUIT:
		return "Quit";
	case SIGILL:
		return "Illegal instruction";
	case SIGTRAP:
		return "Trace/breakpoint trap";
	case SIGABRT:
		return "Aborted";
	case SIGBUS:
		return "Bus error";
	case SIGFPE:
		return "Floating point exception";
	case SIGKILL:
		return "Killed";
	case SIGSEGV:
		return "Segmentation fault";
	case SIGPIPE:
		return "Broken pipe";
	case SIGALRM:
		return "Alarm clock";
	case SIGTERM:
		return "Terminated";
	case SIGSTOP:
		return "Stopped (signal)";
	case SIGTSTP:
		return "Stopped";
	case SIGTTIN:
		return "Stopped (tty input)";
	case SIGTTOU:
		return "Stopped (tty output)";
	default:
		snprintf(other, sizeof other, "Signal %d", sig);
		return other;
	}
}

static void job_free(struct job *j)
{
	if (j->id == current)
		current = 0;
	free(j->pids);
	free(j->alive);
	free(j->text);
	memset(j, 0, sizeof *j);
}

int jobs_add(const pid_t *pids, size_t n, pid_t pgid, const char *text)
{
	struct job *j = NULL;
	int id = 1;

	/* The smallest number not in use, in the first free slot. */
	for (int again = 1; again;) {
		again = 0;
		for (int k = 0; k < SH_JOBS_MAX; k++) {
			if (jobs[k].id == id) {
				id++;
				again = 1;
			}
		}
	}
	for (int k = 0; k < SH_JOBS_MAX && !j; k++)
		if (jobs[k].id == 0)
			j = &jobs[k];
	if (!j && !sh.interactive) {
		/* A script's ended jobs are kept for `wait` until room is needed. */
		jobs_reap(0);
		for (int k = 0; k < SH_JOBS_MAX && !j; k++)
			if (jobs[k].id == 0)
				j = &jobs[k];
	}
	if (!j)
		return -1;
	j->pids = malloc(n * sizeof *j->pids);
	j->alive = malloc(n * sizeof *j->alive);
	j->text = strdup(text);
	if (!j->pids || !j->alive || !j->text) {
		job_free(j);
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		j->pids[i] = pids[i];
		j->alive[i] = 1;
	}
	j->id = current = id;
	j->pgid = pgid;
	j->n = j->left = n;
	return id;
}

/* The job was stopped by sig: say so, as the current job. */
static void stopped(struct job *j, int sig)
{
	j->stopped = sig;
	current = j->id;
	fprintf(stderr, "[%d]+  %s  %s\n", j->id, signal_text(sig), j->text);
}

int jobs_stopped(const pid_t *pids, size_t n, pid_t pgid, const char *text, int sig)
{
	int id = jobs_add(pids, n, pgid, text);
	struct job *j = NULL;

	for (int k = 0; k < SH_JOBS_MAX && id > 0; k++)
		if (jobs[k].id == id)
			j = &jobs[k];
	if (j)
		stopped(j, sig);
	else
		fprintf(stderr, "sh: too many jobs: the stopped %s is not tracked\n", text);
	return 128 + sig;
}

/* One process of the job has ended with wstatus. */
static void ended(struct job *j, size_t i, int wstatus)
{
	j->alive[i] = 0;
	j->left--;
	if (i == j->n - 1)
		j->status = status_from_wait(wstatus);
}

static void report(const struct job *j)
{
	int st = j->status;

	if (st == 0)
		printf("[%d] Done  %s\n", j->id, j->text);
	else if (st > 128)
		printf("[%d] %s  %s\n", j->id, signal_text(st - 128), j->text);
	else
		printf("[%d] Exit %d  %s\n", j->id, st, j->text);
}

void jobs_reap(int report_done)
{
	for (int k = 0; k < SH_JOBS_MAX; k++) {
		struct job *j = &jobs[k];

		for (size_t i = 0; j->id && i < j->n; i++) {
			int wstatus = 0;
			pid_t r;

			if (!j->alive[i])
				continue;
			r = waitpid(j->pids[i], &wstatus,
			            WNOHANG | (sh.job_control ? WUNTRACED | WCONTINUED : 0));
			if (r == j->pids[i] && WIFCONTINUED(wstatus)) {
				j->stopped = 0; /* someone sent SIGCONT */
			} else if (r == j->pids[i] && WIFSTOPPED(wstatus)) {
				if (!j->stopped && report_done)
					stopped(j, WSTOPSIG(wstatus));
				j->stopped = WSTOPSIG(wstatus);
			} else if (r == j->pids[i]) {
				ended(j, i, wstatus);
			}
			else if (r < 0 && errno == ECHILD)
				ended(j, i, 0); /* gone: someone else reaped it */
		}
		if (j->id && j->left == 0) {
			if (report_done)
				report(j);
			job_free(j);
		}
	}
	fflush(stdout);
}

void jobs_print(void)
{
	jobs_reap(1);
	for (int k = 0; k < SH_JOBS_MAX; k++)
		if (jobs[k].id)
			printf("[%d]%c %s  %s\n", jobs[k].id, jobs[k].id == current ? '+' : ' ',
			       jobs[k].stopped ? signal_text(jobs[k].stopped) : "Running", jobs[k].text);
}

/* Blocks until process i of job j ends or (with job control) stops.
 * Stopped: the job is marked and reported, and 128 + the signal is
 * returned. Ended: it is counted (fg: its death reported as for a
 * foreground command) and its status returned. */
static int wait_member(struct job *j, size_t i, int fg, int *was_stopped)
{
	int wstatus = 0;
	pid_t r, pid = j->pids[i];

	do
		r = waitpid(pid, &wstatus, sh.job_control ? WUNTRACED : 0);
	while (r < 0 && errno == EINTR);
	*was_stopped = r == pid && WIFSTOPPED(wstatus);
	if (*was_stopped) {
		stopped(j, WSTOPSIG(wstatus));
		return 128 + WSTOPSIG(wstatus);
	}
	if (fg && r == pid)
		report_signal(wstatus);
	ended(j, i, r == pid ? wstatus : 0);
	return status_from_wait(r == pid ? wstatus : 0);
}

/* Blocks until every process of the job has ended, or (with job
 * control) one stops: then the job stays, stopped, and the status is
 * 128 + the signal, as for a stopped job already. fg: say how processes
 * died, as for a foreground job. */
static int wait_job(struct job *j, int fg)
{
	int st, stop;

	if (j->stopped)
		return 128 + j->stopped; /* it would never end by itself */
	for (size_t i = 0; i < j->n; i++) {
		if (!j->alive[i])
			continue;
		st = wait_member(j, i, fg, &stop);
		if (stop)
			return st;
	}
	st = j->status;
	job_free(j);
	return st;
}

static struct job *job_by_id(int id)
{
	for (int k = 0; k < SH_JOBS_MAX; k++)
		if (id > 0 && jobs[k].id == id)
			return &jobs[k];
	return NULL;
}

/* A pid of a job: it is waited for alone, the rest of its job stays. */
static int wait_pid(pid_t pid)
{
	int wstatus = 0;
	pid_t r;

	for (int k = 0; k < SH_JOBS_MAX; k++) {
		struct job *j = &jobs[k];
		for (size_t i = 0; j->id && i < j->n; i++) {
			if (j->pids[i] != pid)
				continue;
			int st = 0, stop = 0;
			if (j->alive[i] && j->stopped)
				return 128 + j->stopped;
			if (j->alive[i])
				st = wait_member(j, i, 0, &stop);
			if (!stop && j->left == 0)
				job_free(j);
			return st;
		}
	}
	do
		r = waitpid(pid, &wstatus, 0);
	while (r < 0 && errno == EINTR);
	if (r < 0) {
		fprintf(stderr, "sh: wait: pid %d is not a child of this shell\n", (int)pid);
		return 127;
	}
	return status_from_wait(wstatus);
}

int jobs_wait(const char *which)
{
	char *end;
	long n;

	if (!which) {
		for (int k = 0; k < SH_JOBS_MAX; k++)
			if (jobs[k].id && !jobs[k].stopped)
				wait_job(&jobs[k], 0);
		return 0;
	}
	n = strtol(which + (which[0] == '%'), &end, 10);
	if (*end || end == which + (which[0] == '%') || n <= 0) {
		fprintf(stderr, "sh: wait: %s: not a pid or %%job\n", which);
		return 2;
	}
	if (which[0] == '%') {
		struct job *j = job_by_id((int)n);
		if (!j) {
			fprintf(stderr, "sh: wait: %s: no such job\n", which);
			return 127;
		}
		return wait_job(j, 0);
	}
	return wait_pid((pid_t)n);
}

/* The job `which` names (%n or n; NULL: the current one), or NULL after
 * saying why not. */
static struct job *job_named(const char *which, const char *cmd)
{
	struct job *j;
	char *end;

	jobs_reap(1);
	if (!which) {
		j = job_by_id(current);
		if (!j)
			fprintf(stderr, "sh: %s: no current job\n", cmd);
		return j;
	}
	long n = strtol(which + (which[0] == '%'), &end, 10);
	j = *end || end == which + (which[0] == '%') ? NULL : job_by_id((int)n);
	if (!j)
		fprintf(stderr, "sh: %s: %s: no such job\n", cmd, which);
	return j;
}

/* Sends SIGCONT to every process of the job. */
static void continue_job(struct job *j)
{
	j->stopped = 0;
	if (sh.job_control && j->pgid > 0 && kill(-j->pgid, SIGCONT) == 0)
		return;
	for (size_t i = 0; i < j->n; i++)
		if (j->alive[i])
			kill(j->pids[i], SIGCONT);
}

int jobs_fg(const char *which)
{
	struct job *j = job_named(which, "fg");
	int st;

	if (!j)
		return 1;
	printf("%s\n", j->text);
	fflush(stdout);
	if (sh.job_control)
		tcsetpgrp(0, j->pgid);
	continue_job(j);
	st = wait_job(j, 1);
	if (sh.job_control)
		tcsetpgrp(0, sh.pgid);
	return st;
}

int jobs_bg(const char *which)
{
	struct job *j = job_named(which, "bg");

	if (!j)
		return 1;
	if (!j->stopped) {
		fprintf(stderr, "sh: bg: job %d is already running\n", j->id);
		return 0;
	}
	continue_job(j);
	current = j->id;
	printf("[%d]+ %s &\n", j->id, j->text);
	return 0;
}

pid_t jobs_target(const char *which)
{
	struct job *j = job_named(which, "kill");

	if (!j)
		return 0;
	/* Without job control the job has no group of its own. */
	return sh.job_control && j->pgid > 0 ? -j->pgid : j->pids[j->n - 1];
}

int jobs_warn_stopped(void)
{
	static int warned; /* the last check warned: the next one lets go */
	int stopped = 0;

	jobs_reap(0);
	for (int k = 0; k < SH_JOBS_MAX; k++)
		stopped += jobs[k].id && jobs[k].stopped;
	if (!stopped || warned) {
		warned = 0;
		return 0;
	}
	warned = 1;
	fputs("There are stopped jobs.\n", stderr);
	return 1;
}

void jobs_forget(void)
{
	for (int k = 0; k < SH_JOBS_MAX; k++)
		if (jobs[k].id)
			job_free(&jobs[k]);
}
