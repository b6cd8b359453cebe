/* quota: see and change memory budgets.
 *   quota [-b]                  every budget, as a tree (who lent to whom)
 *   quota [-b] PID              one budget in detail, with its kernel objects
 *   quota -s SIZE [-G SIZE] CMD [ARG...]
 *                               runs CMD with a budget limited to SIZE (its
 *                               descendants included) and, with -G, that
 *                               much set aside for it, and says how much it
 *                               needed
 *   quota -g SIZE PID           raises PID's limit by SIZE
 *   quota -r SIZE PID           lowers PID's limit by up to SIZE
 *   quota -G SIZE PID           sets PID's guarantee
 *   quota -w                    a live view, redrawn every second; q quits
 *   quota -m                    every budget, one "key value ..." line each,
 *                               for programs (exact bytes)
 * Sizes are K, M, G (powers of 1024) or bytes; -b prints exact bytes.
 * Every view checks the identities of the accounting and exits 1 (saying
 * which) if one does not hold.
 * -g, -r and -G change a budget lent by quota's parent (the shell): quota
 * acts for it when the shell made it its agent (the shell does, for a
 * command named quota); no one else may.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "quota.h"

static int usage(void)
{
	fputs("usage: quota [-b] [PID] | -m\n"
	      "       quota -s SIZE [-G SIZE] CMD [ARG...]\n"
	      "       quota -g SIZE PID | -r SIZE PID | -G SIZE PID\n"
	      "       quota -w\n",
	      stderr);
	return 2;
}

static int tree(bool exact, bool lines)
{
	struct snapshot s;
	if (snapshot_take(&s) < 0) {
		perror("quota");
		return 1;
	}
	if (lines)
		snapshot_print_lines(&s);
	else
		snapshot_print(&s, exact);
	int broken = snapshot_check(&s);
	snapshot_free(&s);
	return broken ? 1 : 0;
}

static int detail(pid_t pid, bool exact)
{
	static const char *const objects[PX_OBJ_TYPES] = {
		"untyped blocks",    "TCBs",        "endpoints",
		"notifications",     "replies",     "CNodes",
		"frames (4K)",       "frames (2M)", "page tables",
		"scheduling groups",
	};
	static const char *const states[] = { "?", "running", "zombie", "husk", "stopped" };
	struct px_budget_info b;
	if (rn_budget_info(pid, &b) < 0) {
		fprintf(stderr, "quota: %d: %s\n", (int)pid, strerror(errno));
		return 1;
	}
	unsigned long used = b.used_kernel + b.used_frames + b.used_records;
	printf("pid %lu (%s), %s, parent %lu, budget lent by %lu\n", b.pid, b.name,
	       states[b.state < sizeof states / sizeof states[0] ? b.state : 0], b.ppid, b.budget_parent);
	printf("  limit   %10s  the most it and its descendants may hold\n",
	       human(b.limit, exact));
	printf("  guarantee %8s  set aside for it\n", human(b.guarantee, exact));
	printf("  total   %10s\n", human(b.total, exact));
	printf("  used    %10s  kernel objects %s, user frames %s, server records %s\n",
	       human(used, exact), human(b.used_kernel, exact), human(b.used_frames, exact),
	       human(b.used_records, exact));
	printf("          %10s  of it in files (/tmp, /home)\n", human(b.files, exact));
	printf("  lent    %10s  to children's budgets\n", human(b.lent, exact));
	printf("  free    %10s\n", human(b.free, exact));
	printf("  peak    %10s\n", human(b.peak, exact));
	printf("  refused %10lu  allocations\n", b.refused);
	printf("  cpu     %7lu.%02lu s  of processor time, with its children waited for\n",
	       b.cpu_us / 1000000, b.cpu_us / 10000 % 100);
	printf("  kernel objects:");
	for (unsigned t = 0; t < PX_OBJ_TYPES; t++)
		if (b.objects[t])
			printf(" %lu %s%s", b.objects[t], objects[t],
			       t + 1 < PX_OBJ_TYPES ? "," : "");
	printf("\n");
	if (used + b.lent + b.free != b.total) {
		fprintf(stderr, "quota: %lu: used + lent + free != total\n", b.pid);
		return 1;
	}
	return 0;
}

/* quota -s: fork with a limit of `size` (and a guarantee), run the
 * command, report its peak. */
static int run_with(size_t size, size_t guarantee, char **argv, bool exact)
{
	pid_t pid = rn_fork_limits(size, guarantee, 0);
	if (pid < 0) {
		fprintf(stderr, "quota: cannot give %s: %s\n", human(size, exact), strerror(errno));
		return 1;
	}
	if (pid == 0) {
		execvp(argv[0], argv);
		fprintf(stderr, "quota: %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	/* Like system(): the keyboard's signals are for the command. */
	struct sigaction ign = { .sa_handler = SIG_IGN }, old_int, old_quit;
	sigaction(SIGINT, &ign, &old_int);
	sigaction(SIGQUIT, &ign, &old_quit);
	int status;
	size_t peak = 0;
	pid_t r;
	while ((r = rn_wait_peak(pid, &status, 0, &peak)) < 0 && errno == EINTR)
		;
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGQUIT, &old_quit, NULL);
	if (r < 0) {
		perror("quota: wait");
		return 1;
	}
	fprintf(stderr, "quota: %s used at most %s of %s", argv[0], human(peak, exact),
	        human(size, exact));
	if (WIFSIGNALED(status)) {
		fprintf(stderr, "; ended by signal %d\n", WTERMSIG(status));
		return 128 + WTERMSIG(status);
	}
	fprintf(stderr, "; exit status %d\n", WEXITSTATUS(status));
	return WEXITSTATUS(status);
}

static int change(char op, size_t size, pid_t pid, bool exact)
{
	if (op == 'g' || op == 'G') {
		int r = op == 'g' ? rn_budget_grow(pid, size) : rn_budget_guarantee(pid, size);
		if (r < 0) {
			fprintf(stderr, "quota: cannot %s %d %s: %s\n",
			        op == 'g' ? "raise the limit of" : "guarantee", (int)pid,
			        human(size, exact), strerror(errno));
			return 1;
		}
		return 0;
	}
	size_t could;
	ssize_t took = rn_budget_shrink(pid, size, &could);
	if (took < 0) {
		fprintf(stderr, "quota: %d: %s\n", (int)pid, strerror(errno));
		return 1;
	}
	printf("lowered %d's limit by %s of %s asked (at most %s could be)\n", (int)pid,
	       human(took, exact), human(size, exact), human(could, exact));
	return (size_t)took == size ? 0 : 1;
}

int main(int argc, char **argv)
{
	bool exact = false;
	int i = 1;
	if (i < argc && !strcmp(argv[i], "-b")) {
		exact = true;
		i++;
	}
	if (i == argc)
		return tree(exact, false);
	if (!strcmp(argv[i], "-m"))
		return i + 1 == argc ? tree(true, true) : usage();
	if (!strcmp(argv[i], "-w"))
		return i + 1 == argc ? watch(exact) : usage();
	if (!strcmp(argv[i], "-s") || !strcmp(argv[i], "-g") || !strcmp(argv[i], "-r") ||
	    !strcmp(argv[i], "-G")) {
		char op = argv[i][1];
		size_t size = i + 1 < argc ? parse_size(argv[i + 1]) : 0, guarantee = 0;
		if (op == 's' && i + 3 < argc && !strcmp(argv[i + 2], "-G")) {
			guarantee = parse_size(argv[i + 3]);
			if (!guarantee)
				size = 0;
			i += 2;
		}
		if (!size || size % 4096 || guarantee % 4096) {
			fprintf(stderr,
			        "quota: a size is K, M, G or bytes, a whole number of pages\n");
			return usage();
		}
		if (op == 's')
			return i + 2 < argc ? run_with(size, guarantee, argv + i + 2, exact)
			                    : usage();
		if (i + 3 != argc)
			return usage();
		return change(op, size, (pid_t)atoi(argv[i + 2]), exact);
	}
	if (argv[i][0] < '0' || argv[i][0] > '9' || i + 1 != argc)
		return usage();
	return detail((pid_t)atoi(argv[i]), exact);
}
