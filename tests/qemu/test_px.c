/* The POSIX server in QEMU: the normal boot (server, init, hello on
 * newlib) and the in-system POSIX tests (apps/pxtest), driven through the
 * serial console. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "tests/qemu/harness.h"

#define BOOT_MS 20000

/* A normal boot: the server hands all memory but its own to init, which
 * shows the message of the day and starts the shell; hello runs from it
 * (printf, malloc, fork, wait through newlib); leaving the shell ends the
 * session and powers off cleanly. */
Test(qemu_px, boot_to_a_shell_that_runs_programs, .timeout = 90)
{
	struct qemu q;
	cr_assert(qemu_start(&q, qemu_image_default(), 80));
	bool ok = qemu_expect(&q, "pxserver: ", BOOT_MS) &&
	          qemu_expect(&q, "init: Ration init, pid 1", 10000) &&
	          qemu_expect(&q, "Welcome to Ration.", 10000) && qemu_expect(&q, "$ ", 10000);
	if (ok) {
		qemu_send(&q, "hello\r");
		ok = qemu_expect(&q, "hello, world from pid ", 10000) &&
		     qemu_expect(&q, "hello: a string on the heap at 0x", 10000) &&
		     qemu_expect(&q, "exited with status 7", 10000) && qemu_expect(&q, "$ ", 10000);
	}
	/* A pipeline of utilities, a directory listing, and ^C ending the
	 * foreground job but not the shell. */
	if (ok) {
		qemu_send(&q, "echo a b c | wc -w\r");
		ok = qemu_expect(&q, "3\r\n", 10000) && qemu_expect(&q, "$ ", 10000);
	}
	if (ok) {
		qemu_send(&q, "seq 5 | sort -r | head -n 2\r");
		ok = qemu_expect(&q, "5\r\n4\r\n", 10000) && qemu_expect(&q, "$ ", 10000);
	}
	if (ok) {
		qemu_send(&q, "ls /bin\r");
		ok = qemu_expect(&q, "pxtest", 10000) && qemu_expect(&q, "$ ", 10000);
	}
	if (ok) {
		qemu_send(&q, "sleep 30\r");
		ok = qemu_expect(&q, "sleep 30", 5000);
		usleep(1000 * 1000); /* as a person would: once it runs */
		long start = qemu_now_ms();
		qemu_send(&q, "\x03");
		ok = ok && qemu_expect(&q, "$ ", 10000);
		cr_expect_lt(qemu_now_ms() - start, 10000, "^C did not end sleep");
		qemu_send(&q, "echo alive $?\r");
		ok = ok && qemu_expect(&q, "alive 130", 10000);
	}
	if (ok) {
		qemu_send(&q, "exit\r");
		ok = qemu_expect(&q, "init: pid 2 exited with status 0", 10000) &&
		     qemu_expect(&q, "init: no processes left, powering off", 10000);
	}
	int status = qemu_wait_exit(&q, 10000);
	if (!ok)
		fprintf(stderr, "%s\n", q.out);

	/* The server's memory and init's budget are exactly the free RAM. */
	unsigned long long ram = 0, server = 0, init = 0, kernel_ram = 0;
	const char *line = strstr(q.out, "pxserver: ");
	while (line && sscanf(line,
	                      "pxserver: %llu bytes of free RAM at boot: server %llu, "
	                      "init's budget %llu",
	                      &ram, &server, &init) != 3)
		line = strstr(line + 1, "pxserver: ");
	const char *k = strstr(q.out, "untyped RAM: ");
	if (k)
		sscanf(k, "untyped RAM: %llu bytes", &kernel_ram);
	qemu_stop(&q);
	cr_assert(ok, "the boot did not go as expected");
	cr_expect_eq(status, 0, "QEMU exit status %d", status);
	cr_assert_neq(line, NULL, "no memory report from the server");
	cr_expect_eq(server + init, ram, "server %llu + init %llu != free RAM %llu", server, init,
	             ram);
	/* The kernel's untyped RAM, less what the root task's image took. */
	cr_expect(ram <= kernel_ram && kernel_ram - ram < (1u << 20),
	          "free RAM %llu vs the kernel's untyped RAM %llu", ram, kernel_ram);
	/* Mostly the shared text cache, then tmpfs's node tables (1/512 of
	 * RAM): docs/personality.md. */
	cr_expect_lt(server, 3u << 20, "the server keeps %llu bytes", server);
}

/* ---- the shell at the console, as a person types ------------------------------ */
#define STEP_MS 10000

/* Boots to the shell's first prompt. */
static bool boot_to_shell(struct qemu *q)
{
	cr_assert(qemu_start(q, qemu_image_default(), 80));
	return qemu_expect(q, "Welcome to Ration.", BOOT_MS) && qemu_expect(q, "$ ", 10000);
}

/* Types line and Enter; waits for the line's echo, then for each of outs
 * (NULL-ended) in order, then the next prompt. The echo comes first, so
 * outs only match what the command printed. */
static bool typed(struct qemu *q, const char *line, const char *const *outs)
{
	qemu_send(q, line);
	qemu_send(q, "\r");
	bool ok = qemu_expect(q, line, STEP_MS) && qemu_expect(q, "\n", STEP_MS);
	for (; ok && *outs; outs++)
		ok = qemu_expect(q, *outs, STEP_MS);
	ok = ok && qemu_expect(q, "$ ", STEP_MS);
	if (!ok)
		fprintf(stderr, "--- at `%s`, the console so far:\n%s\n---\n", line, q->out);
	return ok;
}
#define TYPED(q, line, ...) typed(q, line, (const char *const[]){ __VA_ARGS__, NULL })

/* Whether the first line shown after the echo of line is text. */
static bool next_line_is(const struct qemu *q, const char *line, const char *text)
{
	const char *at = strstr(q->out, line);
	at = at ? strchr(at, '\n') : NULL;
	return at && strncmp(at + 1, text, strlen(text)) == 0;
}

/* Keys that are not a plain line (editing keys, history): sends them and
 * waits for each of outs, then the next prompt. */
static bool keys(struct qemu *q, const char *k, const char *const *outs)
{
	qemu_send(q, k);
	bool ok = true;
	for (; ok && *outs; outs++)
		ok = qemu_expect(q, *outs, STEP_MS);
	ok = ok && qemu_expect(q, "$ ", STEP_MS);
	if (!ok)
		fprintf(stderr, "--- after keys, the console so far:\n%s\n---\n", q->out);
	return ok;
}
#define KEYS(q, k, ...) keys(q, k, (const char *const[]){ __VA_ARGS__, NULL })

/* Leaves the shell: init sees it end with status, and powers off. */
static bool leave(struct qemu *q, const char *status)
{
	char want[64];
	snprintf(want, sizeof want, "init: pid 2 exited with status %s\r\n", status);
	qemu_send(q, "exit\r");
	return qemu_expect(q, want, STEP_MS) && qemu_expect(q, "powering off", STEP_MS);
}

/* A script from the initrd with arguments (tests/qemu/initrd/test/);
 * $? after true, false, a command that is not there and sh -c; a
 * three-stage pipeline; cd and pwd. */
Test(qemu_sh, runs_scripts_and_reports_statuses, .timeout = 60)
{
	struct qemu q;
	bool ok = boot_to_shell(&q);
	ok = ok && TYPED(&q, "sh /test/script.sh a b", "script /test/script.sh args 2 first a\r\n",
	                 "hello from a script\r\n", "      2\r\n", "or ran\r\n", "and ran\r\n");
	cr_expect(!strstr(q.out, "and ran after false"), "&& ran after false in the script");
	ok = ok && TYPED(&q, "echo status $?", "status 3\r\n");
	ok = ok && TYPED(&q, "false", "") && TYPED(&q, "echo after false $?", "after false 1\r\n");
	ok = ok && TYPED(&q, "true", "") && TYPED(&q, "echo after true $?", "after true 0\r\n");
	ok = ok && TYPED(&q, "nosuch", "sh: nosuch: not found\r\n") &&
	     TYPED(&q, "echo after nosuch $?", "after nosuch 127\r\n");
	ok = ok && TYPED(&q, "sh -c 'exit 5'; echo sh -c $?", "sh -c 5\r\n");
	ok = ok && TYPED(&q, "sh /test/nosuch.sh; echo no script $?", "No such file",
	                 "no script 127\r\n");
	ok = ok && TYPED(&q, "seq 20 | grep 1 | wc -l", "     11\r\n");
	ok = ok && TYPED(&q, "cd /bin; pwd", "/bin\r\n") && TYPED(&q, "ls | grep sh", "sh\r\n");
	ok = ok && TYPED(&q, "cd ..; pwd", "/\r\n");
	ok = ok && TYPED(&q, "cd /etc/motd; echo cd $?", "Not a directory", "cd 1\r\n");
	ok = ok && TYPED(&q, "cat /etc/motd/", "cat: /etc/motd/: Not a directory\r\n");
	ok = ok && leave(&q, "1"); /* exit alone: cat's status */
	int status = qemu_wait_exit(&q, 10000);
	qemu_stop(&q);
	cr_assert(ok, "the session did not go as expected");
	cr_expect_eq(status, 0, "QEMU exit status %d", status);
}

/* Background jobs: announced with a pid, which is $!; listed by jobs
 * while they run; wait for one gives its status (143 after kill), wait
 * alone returns once all have ended, and jobs then lists nothing. A job
 * that ends by itself is reported before a later prompt. */
/* Files in /tmp and /home from the shell: redirections into them and out
 * of them, the file utilities, a script written and then run, a program
 * copied into memory and run, a file made and removed in the initrd's
 * /etc, and the errors a person would see. */
Test(qemu_sh, works_with_files, .timeout = 60)
{
	struct qemu q;
	bool ok = boot_to_shell(&q);
	ok = ok && TYPED(&q, "echo hello > /tmp/f; cat /tmp/f", "hello\r\n");
	ok = ok && TYPED(&q, "echo more >> /tmp/f; wc -l < /tmp/f", "2\r\n");
	ok = ok && TYPED(&q, "ls /nosuch 2> /tmp/err; cat /tmp/err", "/nosuch");
	ok = ok && TYPED(&q, "ls /nosuch /tmp/f > /tmp/both 2>&1; wc -l /tmp/both", "2 /tmp/both");
	ok = ok && TYPED(&q, "cd; pwd", "/home\r\n");
	ok = ok && TYPED(&q, "mkdir -p a/b; echo x > a/b/c; cp a/b/c d; mv d e; ls -a",
	                 ".   ..  a   e\r\n");
	ok = ok && TYPED(&q, "rm -r a; ls; cat e", "e\r\n", "x\r\n");
	ok = ok && TYPED(&q, "echo 'echo from a file script $1' > s.sh; sh s.sh arg",
	                 "from a file script arg\r\n");
	ok = ok && TYPED(&q, "chmod +x s.sh; ./s.sh run", "from a file script run\r\n");
	ok = ok && TYPED(&q, "cp /bin/echo e2; ./e2 a copied program", "a copied program\r\n");
	ok = ok && TYPED(&q, "chmod -x e2; ./e2; rm e2", "Permission denied");
	ok = ok && TYPED(&q, "echo yes > /etc/x; cat /etc/x; rm /etc/x; ls /etc", "yes\r\n",
	                 "motd    passwd\r\n");
	ok = ok && TYPED(&q, "echo no > /proc/x", "Read-only file system");
	ok = ok && TYPED(&q, "rmdir /tmp; echo $?", "1\r\n");
	ok = ok && TYPED(&q, "seq 1000 > big; tail -n 1 big; rm big e s.sh /tmp/f /tmp/err /tmp/both",
	                 "1000\r\n");
	ok = ok && TYPED(&q, "ls /tmp /home | wc -w", "2\r\n");
	ok = ok && leave(&q, "0");
	int status = qemu_wait_exit(&q, 10000);
	qemu_stop(&q);
	cr_assert(ok, "the session did not go as expected");
	cr_expect_eq(status, 0, "QEMU exit status %d", status);
}

/* The utilities' options (apps/lib/options.h): grouped, ended by "--",
 * with a lone "-" an operand; an unknown one is named, then the usage
 * line, and the status is 2. */
Test(qemu_sh, utilities_take_options_and_refuse_unknown_ones, .timeout = 60)
{
	struct qemu q;
	bool ok = boot_to_shell(&q);
	ok = ok && TYPED(&q, "rm -x; echo status $?", "rm: unknown option -x\r\n",
	                 "usage: rm [-fr] path...\r\n", "status 2\r\n");
	ok = ok && TYPED(&q, "wc -lq /etc/motd; echo status $?", "wc: unknown option -q\r\n",
	                 "usage: wc [-clw] [file...]\r\n", "status 2\r\n");
	ok = ok && TYPED(&q, "sort -z; echo status $?", "sort: unknown option -z\r\n",
	                 "usage: sort [-bcfnru] [-o output] [-t char] [-k key]... [file...]\r\n",
	                 "status 2\r\n");
	ok = ok && TYPED(&q, "ls -1z /; echo status $?", "ls: unknown option -z\r\n",
	                 "usage: ls [-1al] [file...]\r\n", "status 2\r\n");
	ok = ok && TYPED(&q, "cp -z a b; echo status $?", "cp: unknown option -z\r\n",
	                 "usage: cp source target\r\n", "status 2\r\n");
	ok = ok && TYPED(&q, "mv -- a; echo status $?", "usage: mv source target\r\n",
	                 "status 2\r\n");
	ok = ok && TYPED(&q, "echo a b | wc -wl -", "      1       2 -\r\n");
	ok = ok && TYPED(&q, "seq 3 | sort -nru - -", "3\r\n2\r\n1\r\n");
	ok = ok && TYPED(&q, "seq 5 | tail -n +4 - | head -1", "4\r\n");
	/* Options end at the first operand: rm's "-r" after "-" is a file. */
	ok = ok && TYPED(&q, "cd /tmp; echo x > ./-f; echo y > ./-; ls -1a -- -f -", "-\r\n-f\r\n");
	ok = ok && TYPED(&q, "rm -- -f; rm - -r; echo status $?", "rm: -r: No such file",
	                 "status 1\r\n");
	ok = ok && TYPED(&q, "ls -a | wc -l", "2\r\n");
	ok = ok && leave(&q, "0");
	int status = qemu_wait_exit(&q, 10000);
	qemu_stop(&q);
	cr_assert(ok, "the session did not go as expected");
	cr_expect_eq(status, 0, "QEMU exit status %d", status);
}

Test(qemu_sh, runs_background_jobs, .timeout = 60)
{
	struct qemu q;
	bool ok = boot_to_shell(&q);
	ok = ok && TYPED(&q, "sleep 30 &", "[1] ");
	int pid = 0;
	const char *job = strstr(q.out, "[1] ");
	cr_expect(job && sscanf(job, "[1] %d", &pid) == 1 && pid > 1, "no job announced");
	char bang[32];
	snprintf(bang, sizeof bang, "bang %d\r\n", pid);
	ok = ok && TYPED(&q, "echo bang $!", bang);
	ok = ok && TYPED(&q, "jobs", "[1]+ Running  sleep 30\r\n");
	ok = ok && TYPED(&q, "kill $!; wait %1; echo killed $?", "killed 143\r\n");
	ok = ok && TYPED(&q, "jobs; echo none", "none\r\n");
	cr_expect(next_line_is(&q, "jobs; echo none", "none\r\n"), "jobs listed an ended job");

	long start = qemu_now_ms();
	ok = ok && TYPED(&q, "sleep 1 & sleep 1 &", "[1] ", "[2] ");
	ok = ok && TYPED(&q, "wait %2; echo second $?", "second 0\r\n");
	ok = ok && TYPED(&q, "wait; echo all $?", "all 0\r\n");
	cr_expect_geq(qemu_now_ms() - start, 900, "wait returned before sleep 1 ended");
	ok = ok && TYPED(&q, "jobs; echo none again", "none again\r\n");
	cr_expect(next_line_is(&q, "jobs; echo none again", "none again\r\n"),
	          "jobs listed a job after wait");

	/* Done comes before the first prompt after the job ended: this one,
	 * or at the latest the one after `sleep 1` (true has ended by then),
	 * and only once. */
	size_t from = q.mark;
	ok = ok && TYPED(&q, "true &", "[1] ");
	ok = ok && TYPED(&q, "sleep 1", "");
	const char *done = strstr(q.out + from, "[1] Done  true\r\n");
	cr_expect(done && !strstr(done + 1, "[1] Done  true"), "Done was not said once");
	ok = ok && done;
	ok = ok && leave(&q, "0");
	int status = qemu_wait_exit(&q, 10000);
	qemu_stop(&q);
	cr_assert(ok, "the session did not go as expected");
	cr_expect_eq(status, 0, "QEMU exit status %d", status);
}

/* The line editor: the up arrow brings back the last line, twice the one
 * before; the cursor moves left and right, keys insert where it is and
 * backspace deletes before it; Home goes to the start. */
/* Job control: ^Z stops the foreground job and the prompt comes back;
 * jobs lists it stopped and ps shows it so (T); bg continues it in the
 * background, fg in the foreground, where ^C ends it; kill takes %n. A
 * pipeline stops
 * as one job, and leaving the shell with it stopped ends it (SIGHUP to
 * the group the exit orphans), so init can power off. */
Test(qemu_sh, stops_and_continues_jobs, .timeout = 60)
{
	struct qemu q;
	bool ok = boot_to_shell(&q);
	qemu_send(&q, "sleep 30\r");
	ok = ok && qemu_expect(&q, "sleep 30", STEP_MS) && qemu_expect(&q, "\n", STEP_MS);
	usleep(500 * 1000); /* as a person would: once it runs */
	ok = ok && KEYS(&q, "\x1a", "^Z\r\n", "[1]+  Stopped  sleep 30\r\n");
	ok = ok && TYPED(&q, "echo $?", "146\r\n"); /* 128 + SIGTSTP (18) */
	ok = ok && TYPED(&q, "jobs", "[1]+ Stopped  sleep 30\r\n");
	ok = ok && TYPED(&q, "ps | grep sleep", " T ");
	ok = ok && TYPED(&q, "bg", "[1]+ sleep 30 &\r\n");
	ok = ok && TYPED(&q, "jobs", "[1]+ Running  sleep 30\r\n");
	ok = ok && TYPED(&q, "ps | grep sleep", " R ");
	qemu_send(&q, "fg\r");
	ok = ok && qemu_expect(&q, "fg", STEP_MS) && qemu_expect(&q, "sleep 30\r\n", STEP_MS);
	usleep(300 * 1000);
	ok = ok && KEYS(&q, "\x03", "^C\r\n");
	ok = ok && TYPED(&q, "echo $?; jobs; echo none", "130\r\nnone\r\n");
	/* kill takes jobs (%n: the job's group) and the shell sees the job
	 * stop and continue. */
	ok = ok && TYPED(&q, "sleep 40 &", "[1] ");
	ok = ok && TYPED(&q, "kill -STOP %1", "[1]+  Stopped (signal)  sleep 40\r\n");
	ok = ok && TYPED(&q, "kill -s CONT %1; jobs", "[1]+ Running  sleep 40\r\n");
	ok = ok && TYPED(&q, "kill %1", "[1] Terminated  sleep 40\r\n");
	/* A background reader of the console stops instead of taking the
	 * shell's input; in the foreground it reads. */
	ok = ok && TYPED(&q, "cat &", "[1] ");
	/* The stop is reported before the next prompt if cat has read by
	 * then, else by wait (which returns for a stopped job): either way
	 * once, before the status. */
	ok = ok && TYPED(&q, "wait; wait %1; echo status $?", "status 149\r\n"); /* 128+SIGTTIN */
	ok = ok && strstr(q.out, "[1]+  Stopped (tty input)  cat\r\n") != NULL;
	ok = ok && TYPED(&q, "echo the shell reads", "the shell reads\r\n");
	qemu_send(&q, "fg\r");
	ok = ok && qemu_expect(&q, "cat\r\n", STEP_MS);
	qemu_send(&q, "to cat\r");
	ok = ok && qemu_expect(&q, "to cat\r\n", STEP_MS) && qemu_expect(&q, "to cat\r\n", STEP_MS);
	ok = ok && KEYS(&q, "\x04", "");
	qemu_send(&q, "yes | cat > /dev/null\r");
	ok = ok && qemu_expect(&q, "/dev/null", STEP_MS) && qemu_expect(&q, "\n", STEP_MS);
	usleep(300 * 1000);
	ok = ok && KEYS(&q, "\x1a", "[1]+  Stopped  yes | cat > /dev/null\r\n");
	ok = ok && TYPED(&q, "ps | grep -c ' T '", "2\r\n");
	ok = ok && TYPED(&q, "exit", "There are stopped jobs.\r\n");
	ok = ok && leave(&q, "1");
	int status = qemu_wait_exit(&q, 10000);
	qemu_stop(&q);
	cr_assert(ok, "the session did not go as expected");
	cr_expect_eq(status, 0, "QEMU exit status %d", status);
}

Test(qemu_sh, line_editor_recalls_history_and_edits, .timeout = 60)
{
	struct qemu q;
	bool ok = boot_to_shell(&q);
	ok = ok && TYPED(&q, "echo first", "first\r\n") && TYPED(&q, "echo second", "second\r\n");
	ok = ok && KEYS(&q, "\033[A\r", "\nsecond\r\n");
	ok = ok && KEYS(&q, "\033[A\033[A\r", "\nfirst\r\n");
	/* Up past the oldest line stays there; down comes back. */
	ok = ok && KEYS(&q, "\033[A\033[A\033[A\033[A\033[A\033[B\r", "\nsecond\r\n");
	/* "ech o edited": 8 left to just after the stray space, backspace. */
	ok = ok && KEYS(&q, "ech o edited\033[D\033[D\033[D\033[D\033[D\033[D\033[D\033[D\x7f\r",
	                "\nedited\r\n");
	/* "echo ab": left twice, X; right once, Y: "echo XaYb". */
	ok = ok && KEYS(&q, "echo ab\033[D\033[DX\033[CY\r", "\nXaYb\r\n");
	/* Home, then the missing first letter. */
	ok = ok && KEYS(&q, "cho home\033[He\r", "\nhome\r\n");
	/* ^A and ^E; delete under the cursor (ESC [ 3 ~). */
	ok = ok && KEYS(&q, "xecho keys\001\033[3~\005!\r", "\nkeys!\r\n");
	/* The edited line is history: up runs it again. */
	ok = ok && KEYS(&q, "\033[A\r", "\nkeys!\r\n");
	ok = ok && leave(&q, "0");
	int status = qemu_wait_exit(&q, 10000);
	qemu_stop(&q);
	cr_assert(ok, "the session did not go as expected");
	cr_expect_eq(status, 0, "QEMU exit status %d", status);
}

/* apps/pxtest as the first process, on a kernel that checks every
 * capability invariant after every system call; then the line discipline,
 * typed at the console. */
/* (On a kernel checking its invariants after every call, on-demand
 * lending makes server_fuzz and malloc_exhaustion take about 2 minutes
 * between them: the run took 300 s on a shared 2-core machine.) */
Test(qemu_px, in_system_posix_tests_pass, .timeout = 420)
{
	struct qemu q;
	cr_assert(qemu_start(&q, qemu_image_variant("pxtest"), 410));
	bool ran = qemu_expect(&q, "pxtest: pid 1", BOOT_MS) &&
	           qemu_expect(&q, "pxtest: tty: type a line", 380000);
	if (ran) {
		qemu_send(&q, "ration-echo-42\r");
		ran = qemu_expect(&q, "ration-echo-42\r\n", 10000) &&
		      qemu_expect(&q, "type a line with erases", 10000);
	}
	if (ran) {
		qemu_send(&q, "abc\x7f\x7fX\r");
		ran = qemu_expect(&q, "type ^D", 10000);
	}
	if (ran) {
		qemu_send(&q, "\x04");
		ran = qemu_expect(&q, " passed, ", 10000);
	}
	int status = qemu_wait_exit(&q, 10000);
	bool clean = strstr(q.out, " 0 failed") && !strstr(q.out, "FAIL ");
	if (!clean || !ran) {
		fprintf(stderr, "%s\n", q.out);
	} else {
		/* The figures pxtest measured, for the record. */
		for (const char *n = strstr(q.out, "pxtest: note: "); n;
		     n = strstr(n + 1, "pxtest: note: "))
			fprintf(stderr, "%.*s\n", (int)strcspn(n, "\r\n"), n);
	}
	qemu_stop(&q);
	cr_assert(ran, "pxtest did not finish");
	cr_expect(clean, "pxtest reported failures");
	cr_expect_eq(status, 0, "QEMU exit status %d", status);
}
