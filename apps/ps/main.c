/* ps: the processes, from /proc: pid, parent, state, budget total and use
 * (kernel objects + frames + server records), and the command name.
 * `ps -b` prints the sizes in exact bytes instead of KiB. */
#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct status {
	char name[64], state[32];
	long pid, ppid, limit, total, used;
};

/* Reads "Key: value" lines of /proc/<pid>/status. 0, or -1 if it is gone. */
static int read_status(const char *pid, struct status *s)
{
	char path[300], line[128];
	snprintf(path, sizeof path, "/proc/%s/status", pid);
	FILE *f = fopen(path, "r");
	if (!f)
		return -1;
	memset(s, 0, sizeof *s);
	while (fgets(line, sizeof line, f)) {
		line[strcspn(line, "\n")] = 0;
		char *v = strchr(line, ':');
		if (!v)
			continue;
		*v++ = 0;
		while (*v == ' ')
			v++;
		if (!strcmp(line, "Name"))
			snprintf(s->name, sizeof s->name, "%s", v);
		else if (!strcmp(line, "State"))
			snprintf(s->state, sizeof s->state, "%s", v);
		else if (!strcmp(line, "Pid"))
			s->pid = atol(v);
		else if (!strcmp(line, "PPid"))
			s->ppid = atol(v);
		else if (!strcmp(line, "BudgetLimit"))
			s->limit = atol(v);
		else if (!strcmp(line, "BudgetTotal"))
			s->total = atol(v);
		else if (!strcmp(line, "BudgetUsed"))
			s->used = atol(v);
	}
	fclose(f);
	return 0;
}

int main(int argc, char **argv)
{
	int bytes = 0;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-b")) {
			bytes = 1;
		} else {
			fprintf(stderr, "usage: ps [-b]\n");
			return 2;
		}
	}
	DIR *d = opendir("/proc");
	if (!d) {
		perror("ps: /proc");
		return 1;
	}
	printf("  PID  PPID S %10s %10s %10s COMMAND\n", bytes ? "LIMIT" : "LIMIT(K)",
	       bytes ? "BUDGET" : "BUDGET(K)", bytes ? "USED" : "USED(K)");
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		struct status s;
		if (!isdigit((unsigned char)e->d_name[0]) || read_status(e->d_name, &s) < 0)
			continue;
		long k = bytes ? 1024 : 1;
		printf("%5ld %5ld %c %10ld %10ld %10ld %s\n", s.pid, s.ppid,
		       s.state[0] ? s.state[0] : '?', s.limit * k, s.total * k, s.used * k, s.name);
	}
	closedir(d);
	return 0;
}
