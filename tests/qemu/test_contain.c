/* Containment, proven on the running system: fork bombs, memory hogs,
 * stack and object bombs, each in a budget of its own, driven from the
 * shell over the serial console as a person would. Every figure comes
 * from `quota -m` (the server's exact accounting); each test checks the
 * accounting's identities on the snapshots it takes and that the shell's
 * free budget comes back to the byte. The figures are printed for the
 * record (forkbomb processes per MiB, echo latency, a minimal budget). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "tests/qemu/harness.h"

#define BOOT_MS     20000
#define MAX_BUDGETS 512

struct budget_line {
	unsigned pid, parent, state;
	unsigned long total, used, lent, free, peak, refused, kernel, frames, records, threads;
	unsigned long limit, guarantee;
	char name[32];
};

struct snap {
	struct budget_line b[MAX_BUDGETS];
	int n;
	unsigned long ram, server;
	int whole;
};

static bool boot_ram(struct qemu *q, int limit_s, int ram_mb)
{
	struct qemu_image img = qemu_image_default();
	if (ram_mb)
		img.ram_mb = ram_mb;
	return qemu_start(q, img, limit_s) &&
	       qemu_expect(q, "Welcome to Ration.", BOOT_MS) && qemu_expect(q, "$ ", 10000);
}

static bool boot(struct qemu *q, int limit_s)
{
	return boot_ram(q, limit_s, 0);
}

/* Types a command and waits for the next prompt; true if it came. */
static bool run(struct qemu *q, const char *cmd, int timeout_ms)
{
	char line[256];
	snprintf(line, sizeof line, "%s\r", cmd);
	qemu_send(q, line);
	return qemu_expect(q, cmd, 5000) && qemu_expect(q, "\n$ ", timeout_ms);
}

/* `quota -m; echo quota=$?`, parsed; quota's own identity checks must
 * pass (status 0). */
static bool snapshot(struct qemu *q, struct snap *s)
{
	size_t from = q->mark;
	qemu_send(q, "quota -m; echo quota=$?\r");
	if (!qemu_expect(q, "\nquota=", 10000)) /* the output, not the typed line */
		return false;
	size_t end = q->mark;
	if (!qemu_expect(q, "\n$ ", 10000))
		return false;
	bool ok = strncmp(q->out + end, "0\r", 2) == 0;
	cr_expect(ok, "quota found the accounting inconsistent");
	char *text = strndup(q->out + from, end - from);
	s->n = 0;
	for (char *line = strtok(text, "\r\n"); line; line = strtok(NULL, "\r\n")) {
		struct budget_line *b = &s->b[s->n];
		if (s->n < MAX_BUDGETS &&
		    sscanf(
		        line,
		        "pid %u parent %u state %u total %lu used %lu lent %lu free %lu peak %lu "
		        "refused %lu kernel %lu frames %lu records %lu threads %lu name %31s "
		        "limit %lu guarantee %lu",
		        &b->pid, &b->parent, &b->state, &b->total, &b->used, &b->lent, &b->free,
		        &b->peak, &b->refused, &b->kernel, &b->frames, &b->records, &b->threads,
		        b->name, &b->limit, &b->guarantee) == 16)
			s->n++;
		else
			sscanf(line, "ram %lu server %lu whole %d", &s->ram, &s->server, &s->whole);
	}
	free(text);
	return ok && s->n > 0;
}

static const struct budget_line *find(const struct snap *s, unsigned pid)
{
	for (int i = 0; i < s->n; i++)
		if (s->b[i].pid == pid)
			return &s->b[i];
	return NULL;
}

/* The shell: the budget child of init named sh. */
static const struct budget_line *shell(const struct snap *s)
{
	for (int i = 0; i < s->n; i++)
		if (s->b[i].parent == 1 && !strcmp(s->b[i].name, "sh"))
			return &s->b[i];
	return NULL;
}

static bool in_subtree(const struct snap *s, unsigned pid, unsigned root)
{
	for (int depth = 0; pid && depth < MAX_BUDGETS; depth++) {
		if (pid == root)
			return true;
		const struct budget_line *b = find(s, pid);
		pid = b ? b->parent : 0;
	}
	return false;
}

static int subtree_size(const struct snap *s, unsigned root)
{
	int n = 0;
	for (int i = 0; i < s->n; i++)
		n += in_subtree(s, s->b[i].pid, root);
	return n;
}

/* The budget with a limit of exactly `limit` bytes running `name` (a
 * quota -s child). */
static const struct budget_line *budget_of(const struct snap *s, const char *name,
                                           unsigned long limit)
{
	for (int i = 0; i < s->n; i++)
		if (s->b[i].limit == limit && !strcmp(s->b[i].name, name))
			return &s->b[i];
	return NULL;
}

/* The bytes one process costs of a limit in pids: init's budget at boot
 * over the pid table (personality/lend.c). */
static unsigned long pid_cost(const struct snap *s)
{
	return (s->ram - s->server) / 4095;
}

/* The identities, on a snapshot taken in one call (whole): for every
 * budget used + lent + free = total, total <= limit (its subtree within
 * its limit), a running one holds its guarantee, and lent = its
 * children's totals; the server plus the top budgets are all the RAM. */
static void expect_identities(const struct snap *s)
{
	cr_assert(s->whole, "the snapshot did not fit one call");
	unsigned long top = 0;
	for (int i = 0; i < s->n; i++) {
		const struct budget_line *b = &s->b[i];
		unsigned long children = 0;
		cr_expect_eq(b->used + b->lent + b->free, b->total, "pid %u does not add up",
		             b->pid);
		cr_expect_eq(b->kernel + b->frames + b->records, b->used, "pid %u: used by kind",
		             b->pid);
		cr_expect_leq(b->total, b->limit, "pid %u holds %lu past its limit %lu", b->pid,
		              b->total, b->limit);
		if (b->state == 1)
			cr_expect_geq(b->total, b->guarantee, "pid %u holds %lu of its guarantee %lu",
			              b->pid, b->total, b->guarantee);
		/* A running process's budget holds its one thread; an ended one's
		 * stays until it is reaped. */
		if (b->state == 1)
			cr_expect_eq(b->threads, 1ul, "pid %u runs with %lu threads", b->pid,
			             b->threads);
		else
			cr_expect_leq(b->threads, 1ul, "pid %u has %lu threads", b->pid,
			              b->threads);
		for (int j = 0; j < s->n; j++)
			if (s->b[j].parent == b->pid)
				children += s->b[j].total;
		cr_expect_eq(children, b->lent, "pid %u lent %lu, its children hold %lu", b->pid,
		             b->lent, children);
		if (!b->parent)
			top += b->total;
	}
	cr_expect_eq(top + s->server, s->ram, "budgets + server != RAM");
}

/* The shell's free budget, once nothing it lent is still held: jobs end
 * and their memory comes back only when every husk is reaped, so ask a
 * few times. Returns the free bytes or 0. */
static unsigned long shell_free_settled(struct qemu *q, unsigned long want)
{
	struct snap *s = malloc(sizeof *s);
	unsigned long free_now = 0;
	for (int tries = 0; tries < 50; tries++) {
		if (!snapshot(q, s) || !shell(s))
			break;
		expect_identities(s);
		/* Free memory, the book's leaves (a leaf the book grew for a job
		 * may stay until the leaves after it go: proc_trim_book) and the
		 * shell's own pages (its heap grows with the history of the
		 * commands typed): what is not lent, less its kernel objects. */
		free_now = shell(s)->free + shell(s)->records + shell(s)->frames;
		/* Only quota itself (the snapshot taker) is lent then. */
		if (!want || free_now == want)
			break;
		usleep(200 * 1000);
	}
	free(s);
	return free_now;
}

/* Starts a background job: its pid from the shell's "[n] pid" line. The
 * job's own output may come before or after that line, so `also` (if
 * given) is looked for from where the command was typed. */
static int start_job(struct qemu *q, const char *cmd, const char *also)
{
	char line[256];
	size_t from = q->mark;
	snprintf(line, sizeof line, "%s\r", cmd);
	qemu_send(q, line);
	if (!qemu_expect(q, "] ", 5000))
		return -1;
	size_t at = q->mark;
	if (!qemu_expect(q, "\n", 5000))
		return -1;
	int pid = atoi(q->out + at);
	size_t after = q->mark;
	if (also) {
		q->mark = from;
		if (!qemu_expect(q, also, 10000))
			return -1;
		if (q->mark < after)
			q->mark = after;
	}
	return pid;
}

static int cmp_long(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;
	return (x > y) - (x < y);
}

/* The shell's answer time: `echo hiN` typed, until "hiN" comes back on a
 * line of its own. Median of 20, in ms. */
static long echo_latency_ms(struct qemu *q)
{
	long t[20];
	for (int i = 0; i < 20; i++) {
		char cmd[32], want[32];
		snprintf(cmd, sizeof cmd, "echo hi%d\r", i);
		snprintf(want, sizeof want, "\nhi%d\r", i);
		long start = qemu_now_ms();
		qemu_send(q, cmd);
		if (!qemu_expect(q, want, 10000))
			return 100000;
		t[i] = qemu_now_ms() - start;
		qemu_expect(q, "$ ", 10000);
	}
	qsort(t, 20, sizeof t[0], cmp_long);
	fprintf(stderr, "contain: echo latency min %ld ms, median %ld ms, max %ld ms\n", t[0],
	        (t[9] + t[10]) / 2, t[19]);
	return (t[9] + t[10]) / 2;
}

/* A fork bomb in 2 MiB beside a checksum job: the job gets the right
 * answer, the shell answers within 200 ms (median), the bomb never holds
 * more than its 2 MiB, every figure adds up, and killing it gives the
 * shell back every byte. */
Test(contain, fork_bomb_in_a_sub_budget, .timeout = 240)
{
	struct qemu q;
	static struct snap s;
	cr_assert(boot(&q, 230));
	unsigned long free0 = shell_free_settled(&q, 0);
	cr_assert_gt(free0, 0);

	int job = start_job(&q, "quota -s 2M forkbomb &", "forkbomb: pid ");
	cr_assert_gt(job, 0);
	usleep(1500 * 1000); /* it fills its budget */

	cr_assert(snapshot(&q, &s));
	expect_identities(&s);
	const struct budget_line *bomb = budget_of(&s, "forkbomb", 2 << 20);
	cr_assert(bomb, "no forkbomb budget with a limit of 2 MiB");
	cr_expect_leq(bomb->total, 2ul << 20, "the bomb holds %lu", bomb->total);
	int procs = subtree_size(&s, bomb->pid);
	int most = (int)((2ul << 20) / pid_cost(&s));
	unsigned long refused = 0;
	for (int i = 0; i < s.n; i++)
		if (in_subtree(&s, s.b[i].pid, bomb->pid))
			refused += s.b[i].refused;
	fprintf(stderr, "contain: the bomb has %d processes in 2 MiB (%d per MiB)\n", procs,
	        procs / 2);
	cr_expect_gt(procs, 4, "the bomb did not spread");
	cr_expect_leq(procs, most, "more processes than a 2 MiB limit may count (%d)", most);

	/* The other job, beside the bomb. */
	long start = qemu_now_ms();
	cr_expect(run(&q, "seq 20000 | wc -l", 60000));
	cr_expect(strstr(q.out + q.mark - 40, "20000") != NULL ||
	              strstr(q.out, "20000\r\n") != NULL,
	          "the checksum job gave a wrong answer");
	fprintf(stderr, "contain: seq 20000 | wc -l beside the bomb took %ld ms\n",
	        qemu_now_ms() - start);

	long median = echo_latency_ms(&q);
	cr_expect_leq(median, 200, "the shell answered in %ld ms (median), more than 200", median);

	/* Still contained after all that. */
	cr_assert(snapshot(&q, &s));
	expect_identities(&s);
	bomb = budget_of(&s, "forkbomb", 2 << 20);
	cr_expect(bomb && subtree_size(&s, bomb->pid) <= most && bomb->total <= 2ul << 20);

	/* Refusals happened only inside the bomb's budget. */
	for (int i = 0; bomb && i < s.n; i++)
		if (!in_subtree(&s, s.b[i].pid, bomb->pid))
			cr_expect_eq(s.b[i].refused, 0, "pid %u (%s) outside the bomb was refused",
			             s.b[i].pid, s.b[i].name);
	int before = bomb ? s.n - subtree_size(&s, bomb->pid) : 0;

	char cmd[64];
	snprintf(cmd, sizeof cmd, "kill -9 -%d; wait", job);
	cr_expect(run(&q, cmd, 20000));
	cr_expect_eq(shell_free_settled(&q, free0), free0, "the shell's free budget drifted");
	/* No process is left behind: the same budgets as before the bomb. */
	cr_assert(snapshot(&q, &s));
	cr_expect_eq(s.n, before, "%d budgets after the bomb, %d before", s.n, before);
	cr_expect_null(budget_of(&s, "forkbomb", 2 << 20));
	cr_expect(strstr(q.out, "forkbomb: pid ") && !strstr(q.out, ": fork: "),
	          "a fork in the bomb failed with something other than EAGAIN");
	cr_expect(run(&q, "exit", 10000) || true);
	qemu_stop(&q);
}

/* 20 rounds of a bomb in the foreground, ended by ^C: no figure drifts. */
Test(contain, twenty_bomb_rounds_leave_no_drift, .timeout = 240)
{
	struct qemu q;
	cr_assert(boot(&q, 230));
	static struct snap first, now;
	unsigned long free0 = shell_free_settled(&q, 0);
	cr_assert(snapshot(&q, &first) && shell(&first));
	for (int round = 0; round < 20; round++) {
		qemu_send(&q, "quota -s 1M forkbomb\r");
		cr_assert(qemu_expect(&q, "forkbomb: pid ", 10000), "round %d", round);
		usleep(300 * 1000);
		qemu_send(&q, "\x03");
		/* (init's reports of the orphans it reaps may cut into the line) */
		cr_assert(qemu_expect(&q, " used at most", 10000), "round %d", round);
		cr_assert(qemu_expect(&q, "$ ", 10000));
		unsigned long f = shell_free_settled(&q, free0);
		cr_assert_eq(f, free0, "round %d: the shell's free budget is %lu, was %lu", round,
		             f, free0);
		/* Every other figure too: the same budgets, the shell's unchanged. */
		cr_assert(snapshot(&q, &now) && shell(&now));
		const struct budget_line *a = shell(&first), *b = shell(&now);
		cr_expect_eq(now.n, first.n, "round %d: %d budgets, %d at first", round, now.n,
		             first.n);
		cr_expect(a->total == b->total && a->used == b->used && a->lent == b->lent &&
		              a->kernel == b->kernel && a->frames == b->frames &&
		              a->records == b->records,
		          "round %d: the shell's figures changed", round);
	}
	qemu_stop(&q);
}

/* memhog in 1 MiB: refused with ENOMEM, exits cleanly, a sibling job
 * lives on, and every byte comes back. The smallest budget a program can
 * run in is measured too. */
Test(contain, memhog_and_other_bombs_end_cleanly, .timeout = 180)
{
	struct qemu q;
	cr_assert(boot(&q, 170));
	unsigned long free0 = shell_free_settled(&q, 0);
	int sleeper = start_job(&q, "sleep 100 &", NULL);
	cr_assert_gt(sleeper, 0);
	cr_assert(qemu_expect(&q, "$ ", 5000));
	unsigned long free1 = shell_free_settled(&q, 0);

	cr_expect(run(&q, "quota -s 1M memhog", 30000));
	cr_expect(strstr(q.out, "before ENOMEM") && strstr(q.out, " used at most"),
	          "memhog was not refused cleanly");
	cr_expect_eq(shell_free_settled(&q, free1), free1);

	cr_expect(run(&q, "quota -s 1M pagebomb", 30000));
	cr_expect(strstr(q.out, "Segmentation fault"), "pagebomb did not end with SIGSEGV");
	cr_expect_eq(shell_free_settled(&q, free1), free1);

	cr_expect(run(&q, "quota -s 1M capbomb; echo capbomb=$?", 60000));
	cr_expect(strstr(q.out, "capbomb=0"), "capbomb saw an unclean refusal");
	cr_expect_eq(shell_free_settled(&q, free1), free1);

	/* The sleeper was never touched. */
	cr_expect(run(&q, "jobs", 5000));
	cr_expect(strstr(q.out + q.mark - 80, "sleep") != NULL, "the sibling job is gone");
	char cmd[64];
	snprintf(cmd, sizeof cmd, "kill %d; wait", sleeper);
	cr_expect(run(&q, cmd, 10000));
	cr_expect_eq(shell_free_settled(&q, free0), free0);

	/* The smallest budget true runs in, from the quota program. */
	cr_expect(run(&q, "quota -b -s 128K true", 10000));
	const char *used = strstr(q.out, "true used at most ");
	if (used)
		fprintf(stderr, "contain: %.*s\n", (int)strcspn(used, "\r\n"), used);
	qemu_stop(&q);
}

/* A bomb three budgets down only ever uses what its own limit allows. */
Test(contain, nested_budgets_hold_a_bomb_three_levels_down, .timeout = 180)
{
	struct qemu q;
	static struct snap s;
	cr_assert(boot(&q, 170));
	unsigned long free0 = shell_free_settled(&q, 0);
	/* The bomb's level is 1 MiB: the snapshot is one call (34 budgets at
	 * most), and a bomb makes 15 processes a MiB. */
	int job = start_job(&q, "quota -s 8M quota -s 4M quota -s 1M forkbomb &", "forkbomb: pid ");
	cr_assert_gt(job, 0);
	usleep(1500 * 1000);
	cr_assert(snapshot(&q, &s));
	expect_identities(&s);
	const struct budget_line *l8 = budget_of(&s, "quota", 8 << 20);
	const struct budget_line *l4 = budget_of(&s, "quota", 4 << 20);
	const struct budget_line *l2 = budget_of(&s, "forkbomb", 1 << 20);
	cr_assert(l8 && l4 && l2, "the three levels are not there");
	cr_expect_eq(l4->parent, l8->pid);
	cr_expect_eq(l2->parent, l4->pid);
	/* Each level holds no more than its limit, what it lent is what the
	 * level below holds, and the outer levels use little. */
	cr_expect_leq(l8->total, 8ul << 20);
	cr_expect_leq(l4->total, 4ul << 20);
	cr_expect_leq(l2->total, 1ul << 20);
	cr_expect_eq(l8->lent, l4->total);
	cr_expect_eq(l4->lent, l2->total);
	cr_expect_lt(l8->used, 256 << 10);
	cr_expect_lt(l4->used, 256 << 10);
	cr_expect_eq(l8->refused, 0, "the bomb reached the 8M level");
	cr_expect_eq(l4->refused, 0, "the bomb reached the 4M level");
	char cmd[64];
	snprintf(cmd, sizeof cmd, "kill -9 -%d; wait", job);
	cr_expect(run(&q, cmd, 20000));
	cr_expect_eq(shell_free_settled(&q, free0), free0);
	qemu_stop(&q);
}

/* ---- what a victim can still do (issue 15) --------------------------------- */

/* A process can use the machine: a sort of a million lines, all held in
 * memory, under the shell's default job limit on -m 1024M. */
Test(contain, a_big_sort_runs_on_1g, .timeout = 200)
{
	struct qemu q;
	cr_assert(boot_ram(&q, 190, 1024));
	size_t from = q.mark;
	bool ok = run(&q, "seq 1000000 | sort -n | tail -1", 170000);
	const char *out = ok ? strstr(q.out + from, "\n1000000\r") : NULL;
	if (!out)
		fprintf(stderr, "%s\n", q.out + from);
	cr_expect(out, "sort did not print 1000000");
	cr_expect(!strstr(q.out + from, "out of memory"), "sort ran out of memory");
	qemu_stop(&q);
}

/* One process under a 900 MiB limit on -m 1024M gets at least 800 MiB. */
Test(contain, memhog_gets_800m_of_a_900m_limit, .timeout = 200)
{
	struct qemu q;
	cr_assert(boot_ram(&q, 190, 1024));
	size_t from = q.mark;
	cr_expect(run(&q, "quota -s 900M memhog -c 1M", 170000));
	long got = 0;
	const char *m = strstr(q.out + from, "memhog: got ");
	if (m)
		sscanf(m, "memhog: got %ld bytes", &got);
	fprintf(stderr, "contain: memhog under a 900 MiB limit got %ld MiB\n", got >> 20);
	cr_expect_geq(got, 800l << 20, "memhog got %ld bytes under a 900 MiB limit", got);
	cr_expect(m && strstr(m, "before ENOMEM"), "memhog was not refused cleanly");
	cr_expect(run(&q, "echo still here", 10000) && strstr(q.out + from, "\nstill here\r"));
	qemu_stop(&q);
}

/* A fork bomb typed with no quota: the job's default limit holds it; the
 * shell, ps, quota and echo still run beside it, and the bomb dies when
 * killed, every byte back. */
Test(contain, fork_bomb_without_quota_leaves_the_shell_working, .timeout = 240)
{
	struct qemu q;
	static struct snap s;
	cr_assert(boot(&q, 230));
	/* The shell's own heap as the commands below leave it. */
	cr_expect(run(&q, "ps | grep -c forkbomb", 20000));
	unsigned long free0 = shell_free_settled(&q, 0);
	cr_assert_gt(free0, 0);
	cr_assert(snapshot(&q, &s) && shell(&s));
	unsigned long limit0 = shell(&s)->limit, records0 = shell(&s)->records;
	int job = start_job(&q, "forkbomb &", "forkbomb: pid ");
	cr_assert_gt(job, 0);
	usleep(3000 * 1000); /* it fills what it may */

	size_t from = q.mark;
	cr_expect(run(&q, "echo victim alive", 20000), "echo did not run beside the bomb");
	cr_expect(strstr(q.out + from, "\nvictim alive\r"), "echo printed nothing");
	from = q.mark;
	cr_expect(run(&q, "ps | wc -l; echo ps=$?", 30000), "ps did not run beside the bomb");
	cr_expect(strstr(q.out + from, "ps=0"), "ps failed beside the bomb");
	from = q.mark;
	cr_expect(run(&q, "quota $$ > /dev/null; echo quota=$?", 20000));
	cr_expect(strstr(q.out + from, "quota=0"), "quota failed beside the bomb");
	long median = echo_latency_ms(&q);
	cr_expect_leq(median, 200, "the shell answered in %ld ms (median) beside the bomb", median);

	/* (A snapshot of a thousand budgets would take the console too long:
	 * the bomb's own figures, exact.) */
	char cmd[64];
	snprintf(cmd, sizeof cmd, "quota -b %d", job);
	from = q.mark;
	cr_expect(run(&q, cmd, 20000));
	unsigned long total = 0;
	const char *t = strstr(q.out + from, "  total ");
	cr_expect(t && sscanf(t, "  total %lu", &total) == 1, "no figures for the bomb");
	fprintf(stderr, "contain: a bomb with no quota holds %lu KiB\n", total >> 10);
	cr_expect_leq(total, limit0 / 100 * 75, "the bomb holds %lu, past a job's default limit",
	              total);

	snprintf(cmd, sizeof cmd, "kill -9 -%d; wait", job);
	cr_expect(run(&q, cmd, 30000));
	/* init reaps the bomb's orphans: wait until none is left. */
	bool gone = false;
	for (int tries = 0; !gone && tries < 40; tries++) {
		size_t at = q.mark;
		cr_expect(run(&q, "ps | grep -c forkbomb", 20000));
		gone = strstr(q.out + at, "\n0\r") != NULL;
		if (!gone)
			usleep(500 * 1000);
	}
	cr_expect(gone, "the bomb's processes did not all end");
	/* Exact: the 4 KiB this once lost was the shell's heap, grown by
	 * the commands typed meanwhile, now counted in (shell_free_settled). */
	unsigned long free1 = shell_free_settled(&q, free0);
	cr_expect_eq(free1, free0, "the shell's free budget drifted: %lu, was %lu", free1, free0);
	cr_assert(snapshot(&q, &s) && shell(&s));
	/* The leaves the shell's book grew to lend to the bomb go back down
	 * to the last one an object made meanwhile holds (a page of its heap,
	 * say): free and split blocks move down, objects do not yet. Logged,
	 * not bounded: it depends on where such an object landed. */
	fprintf(stderr, "contain: the shell's records %lu KiB before the bomb, %lu after\n",
	        records0 >> 10, shell(&s)->records >> 10);
	cr_expect_null(find(&s, (unsigned)job), "the bomb is still there");
	for (int i = 0; i < s.n; i++)
		cr_expect(strcmp(s.b[i].name, "forkbomb"), "a bomb process (pid %u) is left",
		          s.b[i].pid);
	qemu_stop(&q);
}

/* A job under 2 MiB writes /tmp until ENOSPC and ends: the shell pays
 * only for the file its job left (within the job's limit), can still
 * make a pipe, and removing the file gives it every byte back. (cat, not
 * yes: yes writes two bytes a call.) */
Test(contain, a_job_filling_tmp_does_not_make_the_shell_pay, .timeout = 90)
{
	struct qemu q;
	static struct snap s;
	cr_assert(boot(&q, 85));
	unsigned long free0 = shell_free_settled(&q, 0);
	cr_assert(snapshot(&q, &s) && shell(&s));
	struct budget_line before = *shell(&s);

	size_t from = q.mark;
	cr_expect(run(&q, "quota -s 2M cat /dev/zero > /tmp/fill; echo job=$?", 30000));
	cr_expect(strstr(q.out + from, "job="), "the job did not end");
	cr_assert(snapshot(&q, &s) && shell(&s));
	expect_identities(&s);
	const struct budget_line *sh = shell(&s);
	/* The file (at most the job's 2 MiB) and the records of the shell's
	 * book that hold its pages (3 slots a page, 128 to a leaf of 8 KiB). */
	cr_expect_leq(sh->used, before.used + (2ul << 20) + (192ul << 10),
	              "the shell pays %lu more, past the job's 2 MiB", sh->used - before.used);
	cr_expect_eq(sh->limit, before.limit);
	cr_expect_eq(sh->refused, before.refused, "the shell was refused memory");
	from = q.mark;
	cr_expect(run(&q, "echo through a pipe | cat; ls /tmp", 10000));
	cr_expect(strstr(q.out + from, "\nthrough a pipe\r"), "the shell cannot make a pipe");
	cr_expect(strstr(q.out + from, "fill"), "the job's file is gone");
	cr_expect(run(&q, "rm /tmp/fill", 10000));
	cr_expect_eq(shell_free_settled(&q, free0), free0, "the file's memory did not come back");
	cr_assert(snapshot(&q, &s) && shell(&s));
	cr_expect(shell(&s)->used - shell(&s)->records == before.used - before.records &&
	              shell(&s)->total == before.total,
	          "the shell's figures changed: used %lu -> %lu, total %lu -> %lu", before.used,
	          shell(&s)->used, before.total, shell(&s)->total);
	qemu_stop(&q);
}
