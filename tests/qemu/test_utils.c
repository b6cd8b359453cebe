/* The utilities of issue 18's second round in the real system: sed, awk,
 * find, diff, od and the POSIX options of sort, grep, head, tail and wc
 * print what GNU's (and mawk) print for the script tests/qemu/initrd/test/
 * tools.sh; every one of them answers a bad option with its usage line
 * and a failure status (usage.sh); the system's own (uname, id, date, df,
 * du, time) say what this system is; ln makes links; and vi edits a
 * file. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "tests/qemu/transcript.h"

#define STEP_MS 15000

/* Types a command line and waits for each of the texts in turn. */
static bool says(struct qemu *q, const char *cmd, const char *const *texts)
{
	bool ok = true;

	qemu_send(q, cmd);
	qemu_send(q, "\r");
	for (; ok && *texts; texts++)
		ok = qemu_expect(q, *texts, STEP_MS);
	return ok && qemu_expect(q, "$ ", STEP_MS);
}

static void finish(struct qemu *q, bool ok)
{
	if (ok) {
		qemu_send(q, "exit\r");
		ok = qemu_expect(q, "powering off", STEP_MS);
	}
	if (!ok)
		fprintf(stderr, "--- the console:\n%s\n---\n", q->out);
	qemu_stop(q);
	cr_assert(ok, "the session did not go as expected");
}

Test(qemu_utils, tools_print_what_gnu_prints, .timeout = 120)
{
	struct qemu q;
	bool ok = qemu_boot_to_shell(&q);

	ok = ok && qemu_prints_as_expected(&q, "sh /test/tools.sh", "tests/qemu/initrd/test/tools.expected");
	finish(&q, ok);
}

Test(qemu_utils, bad_options_give_usage_and_failure, .timeout = 90)
{
	struct qemu q;
	bool ok = qemu_boot_to_shell(&q);

	ok = ok && qemu_prints_as_expected(&q, "sh /test/usage.sh", "tests/qemu/initrd/test/usage.expected");
	finish(&q, ok);
}

Test(qemu_utils, system_utilities_describe_this_system, .timeout = 90)
{
	struct qemu q;
	bool ok = qemu_boot_to_shell(&q);

	ok = ok && says(&q, "uname; uname -sm; uname -a",
	                (const char *[]){ "\nRation\r\n", "Ration riscv64\r\n",
	                                  "Ration ration 0.1 Ration microkernel, POSIX server riscv64\r\n",
	                                  NULL });
	ok = ok && says(&q, "id; id -un; id -g",
	                (const char *[]){ "uid=0(root) gid=0(root) groups=0(root)\r\n", "root\r\n",
	                                  "0\r\n", NULL });
	ok = ok && says(&q, "date -r 86399 '+%Y-%m-%d %H:%M:%S %Z'; date | awk '{ print NF, $5 }'",
	                (const char *[]){ "1970-01-01 23:59:59 UTC\r\n", "6 UTC\r\n", NULL });
	ok = ok && says(&q, "df | awk 'NR == 2 { print $1, $6, ($2 > 0), ($3 + $4 == $2) }'",
	                (const char *[]){ "tmpfs / 1 1\r\n", NULL });
	ok = ok && says(&q, "mkdir /tmp/du; echo hello > /tmp/du/f; du -s /tmp/du | awk '{ print $2 }'; "
	                    "du -a /tmp/du | wc -l",
	                (const char *[]){ "/tmp/du\r\n", "2\r\n", NULL });
	ok = ok && says(&q, "time -p sleep 1 2>&1 | awk '{ print $1, ($2 >= 1 && $2 < 3) }' | head -n 1",
	                (const char *[]){ "real 1\r\n", NULL });
	finish(&q, ok);
}

/* ln makes both kinds of link, ls -l shows them (the type, the link
 * count, "-> target"), and removing a name leaves the others. */
Test(qemu_utils, ln_makes_hard_and_symbolic_links, .timeout = 90)
{
	struct qemu q;
	bool ok = qemu_boot_to_shell(&q);

	ok = ok && says(&q, "cd /tmp; echo hi > f; ln f g; ln -s f s; ln -s nowhere d; echo ln $?",
	                (const char *[]){ "ln 0\r\n", NULL });
	ok = ok && says(&q, "ls -l | awk '{ s = substr($1, 1, 1) \" \" $2; "
	                    "for (i = 7; i <= NF; i++) s = s \" \" $i; print s }'",
	                (const char *[]){ "l 1 d -> nowhere\r\n", "- 2 f\r\n", "- 2 g\r\n",
	                                  "l 1 s -> f\r\n", NULL });
	ok = ok && says(&q, "cat s g; readlink s d; readlink -f s",
	                (const char *[]){ "hi\r\nhi\r\n", "f\r\nnowhere\r\n", "/tmp/f\r\n", NULL });
	ok = ok && says(&q, "rm f; cat g; cat s; ls -l g | awk '{ print $2 }'",
	                (const char *[]){ "hi\r\n", "cat: s: No such file or directory", "1\r\n",
	                                  NULL });
	ok = ok && says(&q, "ln /tmp /tmp/t; echo ln $?; "
	                    "mkdir dir; ln -s dir ld; rm -r ld; [ -d dir ] && echo dir stays",
	                (const char *[]){ "ln: /tmp/t -> /tmp: ", "ln 1\r\n", "dir stays\r\n", NULL });
	/* link and unlink: the calls alone (XCU). */
	ok = ok && says(&q, "link g h; echo link $?; ls -l h | awk '{ print $2 }'; unlink g; "
	                    "echo unlink $?; cat h; unlink g; echo again $?; link h; echo usage $?",
	                (const char *[]){ "link 0\r\n", "2\r\n", "unlink 0\r\n", "hi\r\n",
	                                  "unlink: g: No such file", "again 1\r\n",
	                                  "usage: link file1 file2", "usage 2\r\n", NULL });
	finish(&q, ok);
}

/* A tree deeper than PATH_MAX (1024): mkdir -p of a path of 60 levels
 * (660 bytes), cd into it, the same again from there, and pwd says where
 * (1329 bytes); cd .. climbs, and the tree goes again. */
Test(qemu_utils, mkdir_p_cd_and_pwd_in_a_deep_tree, .timeout = 120)
{
	struct qemu q;
	bool ok = qemu_boot_to_shell(&q);

	ok = ok && says(&q, "p=$(seq 60 | awk '{ printf \"d%09d/\", $1 }'); echo ${#p}",
	                (const char *[]){ "\n660\r\n", NULL });
	ok = ok && says(&q, "mkdir -p /tmp/deep/$p && cd /tmp/deep/$p && pwd | wc -c",
	                (const char *[]){ "\n    670\r\n", NULL });
	ok = ok && says(&q, "mkdir -p $p && cd $p && pwd | wc -c; pwd | cut -c 1-30; echo ${#PWD}",
	                (const char *[]){ "\n   1330\r\n", "/tmp/deep/d000000001/d00000000\r\n",
	                                  "1329\r\n", NULL });
	ok = ok && says(&q, "echo hi > f; cat ./f; cd ../../..; pwd | wc -c; cat d000000058/d000000059/d000000060/f",
	                (const char *[]){ "hi\r\n", "   1297\r\n", "hi\r\n", NULL });
	/* rm -r names what it removes by whole paths (PATH_MAX): the lower
	 * half from the middle, then the rest. */
	ok = ok && says(&q, "cd /tmp/deep/$p; rm -r d000000001; cd /; rm -r /tmp/deep; echo rm $?",
	                (const char *[]){ "rm 0\r\n", NULL });
	finish(&q, ok);
}

Test(qemu_utils, third_round_prints_what_gnu_prints, .timeout = 120)
{
	struct qemu q;
	bool ok = qemu_boot_to_shell(&q);

	ok = ok && qemu_prints_as_expected(&q, "sh /test/xcu.sh", "tests/qemu/initrd/test/xcu.expected");
	ok = ok && qemu_prints_as_expected(&q, "cal 2 2024; cal 12 1999; cal 9 1752; cal 2024",
	                                   "tests/qemu/initrd/test/cal.expected");
	finish(&q, ok);
}

/* The utilities whose answers are this system's: the terminal, the user,
 * sysconf's values, a command that outlives a hang-up. */
Test(qemu_utils, tty_logname_getconf_nice_nohup_describe_this_system, .timeout = 90)
{
	struct qemu q;
	bool ok = qemu_boot_to_shell(&q);

	ok = ok && says(&q, "tty; tty -s; echo tty -s $?; tty < /dev/null; echo not $?",
	                (const char *[]){ "/dev/console\r\n", "tty -s 0\r\n", "not a tty\r\nnot 1\r\n",
	                                  NULL });
	ok = ok && says(&q, "logname", (const char *[]){ "\nroot\r\n", NULL });
	ok = ok && says(&q, "getconf PAGESIZE; getconf CHILD_MAX; getconf NAME_MAX /tmp; getconf OPEN_MAX",
	                (const char *[]){ "\n4096\r\nundefined\r\n255\r\n", NULL });
	ok = ok && says(&q, "getconf NO_SUCH_VAR; echo st $?; getconf NAME_MAX /nonexistent; echo st $?",
	                (const char *[]){ "NO_SUCH_VAR: not a system variable", "st 1\r\n",
	                                  "/nonexistent: No such file", "st 1\r\n", NULL });
	ok = ok && says(&q, "getconf -a | awk '$1 == \"PAGESIZE\" || $1 == \"PIPE_BUF\" { print $1, $2 }'",
	                (const char *[]){ "PAGESIZE 4096\r\nPIPE_BUF 512\r\n", NULL });
	ok = ok && says(&q, "nice -n 5 echo niced; echo st $?",
	                (const char *[]){ "nice: this system has no nice values", "niced\r\nst 0\r\n",
	                                  NULL });
	ok = ok && says(&q, "nice no_such_cmd; echo st $?", (const char *[]){ "st 127\r\n", NULL });
	ok = ok && says(&q, "cd /tmp; nohup sh -c 'echo out; echo err >&2; kill -HUP $$; echo alive'; "
	                    "echo st $?; cat nohup.out",
	                (const char *[]){ "nohup: appending output to nohup.out", "st 0\r\n",
	                                  "out\r\nerr\r\nalive\r\n", NULL });
	finish(&q, ok);
}

/* execvp and execlp run a file the system cannot execute as a script:
 * with sh, or with its #! interpreter (itself a script here: /bin/awk);
 * a binary that is not a program stays "Exec format error". env, xargs
 * and quota call execvp. */
Test(qemu_utils, execvp_runs_scripts, .timeout = 90)
{
	struct qemu q;
	bool ok = qemu_boot_to_shell(&q);

	ok = ok && says(&q, "printf 'echo script $0 $#: $*\\n' > /tmp/s; chmod +x /tmp/s; env /tmp/s a b",
	                (const char *[]){ "script /tmp/s 2: a b\r\n", NULL });
	ok = ok && says(&q, "env PATH=/tmp:/bin s x; echo q | PATH=/tmp:/bin xargs s; echo st $?",
	                (const char *[]){ "script /tmp/s 1: x\r\n", "script /tmp/s 1: q\r\nst 0\r\n",
	                                  NULL });
	ok = ok && says(&q, "printf '#!/bin/awk -f\\nBEGIN { print \"awk\", ARGV[1] }\\n' > /tmp/a; "
	                    "chmod +x /tmp/a; env /tmp/a zz",
	                (const char *[]){ "awk zz\r\n", NULL });
	ok = ok && says(&q, "printf 'x\\0y' > /tmp/b; chmod +x /tmp/b; env /tmp/b; echo st $?",
	                (const char *[]){ "env: /tmp/b: Exec format error\r\nst 126\r\n", NULL });
	ok = ok && says(&q, "quota -s 4M sed -n 1p /etc/motd; echo st $?",
	                (const char *[]){ "Welcome to Ration.\r\n", "st 0\r\n", NULL });
	finish(&q, ok);
}

/* more at the console: a screen, then a key for each next step; through
 * a pipe it copies. */
Test(qemu_utils, more_pages_at_the_console, .timeout = 90)
{
	struct qemu q;
	bool ok = qemu_boot_to_shell(&q);

	ok = ok && says(&q, "seq 3 | more | wc -l", (const char *[]){ "3\r\n", NULL });
	if (ok) {
		/* (A file, not a pipe from seq: a pipeline's later process
		 * may find its group's leader gone and the terminal not its
		 * own; issue 18's notes.) */
		qemu_send(&q, "seq 100 > /tmp/m; more -n 4 /tmp/m\r");
		ok = qemu_expect(&q, "1\r\n2\r\n3\r\n4\r\n--More--", STEP_MS);
	}
	if (ok) {
		qemu_send(&q, " ");
		ok = qemu_expect(&q, "5\r\n6\r\n7\r\n8\r\n--More--", STEP_MS);
	}
	if (ok) {
		qemu_send(&q, "\r");
		ok = qemu_expect(&q, "9\r\n--More--", STEP_MS);
	}
	if (ok) {
		qemu_send(&q, "q");
		ok = qemu_expect(&q, "$ ", STEP_MS);
	}
	ok = ok && says(&q, "echo after", (const char *[]){ "after\r\n", NULL });
	ok = ok && !strstr(q.out, "10\r\n");
	finish(&q, ok);
}

/* Sends keys one group at a time, with a pause, as a person types. */
static void type(struct qemu *q, const char *keys)
{
	qemu_send(q, keys);
	struct timespec pause = { 0, 150 * 1000 * 1000 };
	nanosleep(&pause, NULL);
}

Test(qemu_utils, vi_edits_a_file, .timeout = 120)
{
	struct qemu q;
	bool ok = qemu_boot_to_shell(&q);

	ok = ok && says(&q, "printf 'alpha\\nbeta\\ngamma\\n' > /tmp/v.txt", (const char *[]){ NULL });
	if (ok) {
		qemu_send(&q, "vi /tmp/v.txt\r");
		ok = qemu_expect(&q, "\"/tmp/v.txt\" 3L", STEP_MS);
	}
	if (ok) {
		/* Line 2 gets a "!" at its end; a line "top" goes above line 1;
		 * the search finds gamma, whose g goes; an arrow moves down. */
		type(&q, "jA!");
		type(&q, "\033");
		type(&q, "ggOtop");
		type(&q, "\033");
		type(&q, "/gam\r");
		type(&q, "x");
		type(&q, "gg");
		type(&q, "\033[B");
		type(&q, "dd");
		type(&q, "u");
		type(&q, ":q\r");
		ok = qemu_expect(&q, "No write since last change", STEP_MS);
	}
	if (ok) {
		type(&q, ":wq\r");
		ok = qemu_expect(&q, "$ ", STEP_MS);
	}
	ok = ok && says(&q, "cat /tmp/v.txt; echo END",
	                (const char *[]){ "top\r\nalpha\r\nbeta!\r\namma\r\nEND", NULL });
	/* :q! leaves the file as it was. */
	if (ok) {
		qemu_send(&q, "vi /tmp/v.txt\r");
		ok = qemu_expect(&q, "\"/tmp/v.txt\" 4L", STEP_MS);
		type(&q, "dd");
		type(&q, ":q!\r");
		ok = ok && qemu_expect(&q, "$ ", STEP_MS);
	}
	ok = ok && says(&q, "head -n 1 /tmp/v.txt", (const char *[]){ "top\r\n", NULL });
	finish(&q, ok);
}
