/* Attacks for the console tests (tests/qemu/test_authority.c), run from
 * the shell as an ordinary job would: `pxtest --attack NAME`. Each says
 * on the console what it got, with errno numbers (newlib's strerror
 * wording differs from Linux's). */
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <rn/budget.h>
#include "pxtest.h"

static void nap(long ms)
{
	struct timespec t = { ms / 1000, (ms % 1000) * 1000000 };
	nanosleep(&t, NULL);
}

static volatile unsigned long alarms;

static void count_alarm(int sig)
{
	(void)sig;
	alarms++;
}

/* A 1 us interval timer, then wait; SIGALRM ignored, or (caught) counted
 * by a handler. */
static _Noreturn int storm(bool caught)
{
	struct itimerval v = { { 0, 1 }, { 0, 1 } };
	signal(SIGALRM, caught ? count_alarm : SIG_IGN);
	if (setitimer(ITIMER_REAL, &v, NULL) < 0)
		printf("attack: setitimer: errno %d\n", errno);
	printf("attack: timer storm armed\n");
	fflush(stdout);
	if (!caught)
		park(0);
	for (;;)
		pause();
}

static int timer_storm(void)
{
	storm(false);
}

static int timer_storm_caught(void)
{
	storm(true);
}

/* A daemon: fork, setsid, take the console and read it for a second. */
static int steal_console(void)
{
	fflush(stdout);
	pid_t pid = fork();
	if (pid != 0)
		return pid < 0;
	setsid();
	int r = tcsetpgrp(0, getpid());
	printf("attack: tcsetpgrp: %s\n", r ? "refused" : "done");
	if (r)
		printf("attack: tcsetpgrp: errno %d\n", errno);
	fflush(stdout);
	int last = 0;
	for (int i = 0; i < 150; i++) {
		char buf[256];
		ssize_t n = read(0, buf, sizeof buf - 1);
		if (n > 0) {
			buf[n] = 0;
			printf("attack: stole: %s\n", buf);
			fflush(stdout);
		} else if (n < 0 && errno != last) {
			last = errno;
			printf("attack: read: errno %d\n", errno);
			fflush(stdout);
		}
		tcsetpgrp(0, getpid()); /* and again, every 10 ms */
		nap(10);
	}
	printf("attack: daemon done\n");
	fflush(stdout);
	_exit(0);
}

/* From the background: make our own group the console's foreground. */
static int take_console(void)
{
	int r = tcsetpgrp(0, getpgrp());
	printf("attack: tcsetpgrp from the background: %s\n", r ? "refused" : "took the console");
	return r != 0;
}

/* 40 spinning children, each in a process group of its own (setpgid) or
 * a session of its own (setsid): an escape from the job's CPU share, if
 * a new group had a share of its own. */
static _Noreturn int spinners(bool sessions)
{
	int n = 0;
	fflush(stdout);
	for (int i = 0; i < 40; i++) {
		pid_t pid = fork();
		if (pid == 0) {
			if (sessions)
				setsid();
			else
				setpgid(0, 0);
			for (volatile unsigned long x = 0;; x++)
				;
		}
		n += pid > 0;
	}
	printf("attack: %d spinners\n", n);
	fflush(stdout);
	park(0);
}

/* One spinning process: the yardstick (what a job may cost the others). */
static _Noreturn int spinner(void)
{
	printf("attack: 1 spinner\n");
	fflush(stdout);
	for (volatile unsigned long x = 0;; x++)
		;
}

static int group_spinners(void)
{
	return spinners(false);
}

static int session_spinners(void)
{
	return spinners(true);
}

static struct timespec shares_t0; /* when split_shares began */

/* Spins from 1 s after shares_t0 to 4 s after it, every spinner over the
 * same window (after all are made); says how many rounds it made there
 * (in thousands), as `share: NAME N`. */
static _Noreturn void spin_and_tell(const char *name)
{
	struct timespec now;
	unsigned long rounds = 0;
	for (;;) {
		for (volatile int i = 0; i < 1000; i++)
			;
		clock_gettime(CLOCK_MONOTONIC, &now);
		time_t s = now.tv_sec - shares_t0.tv_sec;
		if (now.tv_nsec < shares_t0.tv_nsec)
			s--;
		if (s >= 4)
			break;
		rounds += s >= 1;
	}
	printf("share: %s %lu\n", name, rounds);
	fflush(stdout);
	_exit(0);
}

/* Not an attack: a job that splits itself in two process groups, one of
 * one spinner (A), one of nine (B). Each group is a share of the job's
 * turns, so A alone gets about what B's nine get together. */
static int split_shares(void)
{
	fflush(stdout);
	clock_gettime(CLOCK_MONOTONIC, &shares_t0);
	pid_t a = fork();
	if (a == 0) {
		setpgid(0, 0);
		spin_and_tell("A");
	}
	pid_t b = fork();
	if (b == 0) {
		setpgid(0, 0);
		for (int i = 0; i < 8; i++)
			if (fork() == 0)
				spin_and_tell("B");
		spin_and_tell("B");
	}
	while (wait(NULL) > 0)
		;
	printf("attack: shares done\n");
	return 0;
}

static int kill_everyone(void)
{
	int r = kill(-1, SIGKILL);
	printf("attack: kill(-1, SIGKILL): %d, errno %d\n", r, r ? errno : 0);
	return 0;
}

static int power_off(void)
{
	int r = rn_poweroff(0);
	printf("attack: poweroff: %d, errno %d\n", r, errno);
	return 0;
}

int attack_main(const char *name)
{
	static const struct {
		const char *name;
		int (*run)(void);
	} attacks[] = {
		{ "timer-storm", timer_storm },
		{ "steal-console", steal_console },
		{ "bg-tcsetpgrp", take_console },
		{ "kill-all", kill_everyone },
		{ "poweroff", power_off },
		{ "timer-storm-caught", timer_storm_caught },
		{ "group-spinners", group_spinners },
		{ "session-spinners", session_spinners },
		{ "spinner", spinner },
		{ "split-shares", split_shares },
	};
	for (size_t i = 0; i < sizeof attacks / sizeof attacks[0]; i++) {
		if (!strcmp(name, attacks[i].name))
			return attacks[i].run();
	}
	fprintf(stderr, "pxtest: no attack %s\n", name);
	return 2;
}
