/* find: walks file hierarchies (POSIX XCU find).
 *   find [path...] [expression]
 * Primaries: -name pattern, -iname pattern, -type c (f d p c b l s),
 * -newer file, -mtime [+-]n, -size [+-]n[c], -perm [-]octal, -links n,
 * -maxdepth n, -mindepth n, -prune, -depth, -print, -exec cmd... {} ;
 * and -exec cmd... {} +. Operators, by binding: ( ), !, -a (or two
 * primaries side by side), -o. With no -print or -exec, -print applies
 * to what the whole expression selects. No path: ".".
 *
 * The expression is parsed once into a tree of struct expr, then
 * evaluated for each file in a depth-first walk (children after their
 * directory, or before it with -depth). Patterns are the shell's
 * (apps/lib/match.h). Exit status 0, or 1 if a file could not be read or
 * a command of -exec ... + failed; a bad expression is a usage error. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "apps/lib/exec.h"
#include "apps/lib/alloc.h"
#include "apps/lib/match.h"
#include "apps/lib/output.h"
#include "apps/lib/path.h"

enum kind { E_AND, E_OR, E_NOT, E_NAME, E_INAME, E_TYPE, E_NEWER, E_MTIME, E_SIZE, E_PERM,
	    E_LINKS, E_PRUNE, E_PRINT, E_EXEC, E_TRUE };

struct expr {
	enum kind kind;
	struct expr *a, *b;
	const char *arg;
	long num;
	int cmp;       /* -mtime -size -links: '+', '-' or 0 (exactly) */
	struct timespec time; /* -newer: to the nanosecond, files are made fast */
	char **argv;   /* -exec: the command, {} where the name goes */
	int argc, plus;
	char **batch;  /* -exec +: the names gathered */
	int nbatch;
};

static char **args;
static int nargs, at;
static int depth_first, has_action, status;
static long maxdepth = -1, mindepth = 0;
static int pruned;
static time_t now;

_Noreturn static void usage(void)
{
	fputs("usage: find [path...] [-name pat] [-type c] [-newer file] [-exec cmd {} ;] [-print] "
	      "[! -o -a ( )]...\n",
	      stderr);
	exit(1);
}

/* A bad expression: what is wrong, then the usage line. */
_Noreturn static void bad(const char *what, const char *arg)
{
	fprintf(stderr, "find: %s%s%s\n", what, arg ? ": " : "", arg ? arg : "");
	usage();
}

static struct expr *node(enum kind k, struct expr *a, struct expr *b)
{
	struct expr *e = xmalloc("find", sizeof *e);

	memset(e, 0, sizeof *e);
	e->kind = k;
	e->a = a;
	e->b = b;
	return e;
}

static const char *operand(const char *primary)
{
	if (at >= nargs)
		bad("missing argument to", primary);
	return args[at++];
}

/* [+-]n: the number, with its sign in *cmp. */
static long number(const char *s, int *cmp, const char *primary)
{
	char *end;
	long v;

	*cmp = (*s == '+' || *s == '-') ? *s++ : 0;
	v = strtol(s, &end, 10);
	if (end == s || (*end && !(*end == 'c' && end[1] == '\0')))
		bad("invalid number for", primary);
	return v;
}

static struct expr *parse_exec(struct expr *e)
{
	int start = at;

	while (at < nargs && strcmp(args[at], ";") != 0 &&
	       !(strcmp(args[at], "+") == 0 && at > start && strcmp(args[at - 1], "{}") == 0))
		at++;
	if (at >= nargs || at == start)
		bad("missing argument to", "-exec");
	e->plus = strcmp(args[at], "+") == 0;
	e->argv = args + start;
	e->argc = at - start;
	at++;
	has_action = 1;
	return e;
}

static struct expr *primary(void)
{
	const char *p = args[at++];
	struct expr *e = node(E_TRUE, NULL, NULL);
	struct stat st;

	if (strcmp(p, "-name") == 0 || strcmp(p, "-iname") == 0) {
		e->kind = p[1] == 'i' ? E_INAME : E_NAME;
		e->arg = operand(p);
	} else if (strcmp(p, "-type") == 0) {
		e->kind = E_TYPE;
		e->arg = operand(p);
		if (strlen(e->arg) != 1 || !strchr("fdpcbls", e->arg[0]))
			bad("unknown type", e->arg);
	} else if (strcmp(p, "-newer") == 0) {
		e->kind = E_NEWER;
		e->arg = operand(p);
		if (stat(e->arg, &st) < 0) {
			fprintf(stderr, "find: %s: %s\n", e->arg, strerror(errno));
			exit(1);
		}
		e->time = st.st_mtim;
	} else if (strcmp(p, "-mtime") == 0 || strcmp(p, "-size") == 0 || strcmp(p, "-links") == 0) {
		e->kind = p[1] == 'm' ? E_MTIME : p[1] == 's' ? E_SIZE : E_LINKS;
		e->arg = operand(p);
		e->num = number(e->arg, &e->cmp, p);
	} else if (strcmp(p, "-perm") == 0) {
		e->kind = E_PERM;
		e->arg = operand(p);
		e->cmp = e->arg[0] == '-';
		e->num = strtol(e->arg + e->cmp, NULL, 8);
	} else if (strcmp(p, "-maxdepth") == 0 || strcmp(p, "-mindepth") == 0) {
		int cmp;
		long v = number(operand(p), &cmp, p);
		if (cmp)
			bad("invalid number for", p);
		*(p[2] == 'a' ? &maxdepth : &mindepth) = v;
	} else if (strcmp(p, "-depth") == 0) {
		depth_first = 1;
	} else if (strcmp(p, "-prune") == 0) {
		e->kind = E_PRUNE;
	} else if (strcmp(p, "-print") == 0) {
		e->kind = E_PRINT;
		has_action = 1;
	} else if (strcmp(p, "-exec") == 0) {
		e->kind = E_EXEC;
		return parse_exec(e);
	} else {
		bad("unknown primary or operator", p);
	}
	return e;
}

static struct expr *parse_or(void);

static struct expr *parse_not(void)
{
	if (at >= nargs)
		bad("expression expected", NULL);
	if (strcmp(args[at], "!") == 0) {
		at++;
		return node(E_NOT, parse_not(), NULL);
	}
	if (strcmp(args[at], "(") == 0) {
		at++;
		struct expr *e = parse_or();
		if (at >= nargs || strcmp(args[at], ")") != 0)
			bad("missing )", NULL);
		at++;
		return e;
	}
	return primary();
}

static int ends_and(void)
{
	return at >= nargs || strcmp(args[at], "-o") == 0 || strcmp(args[at], ")") == 0;
}

static struct expr *parse_and(void)
{
	struct expr *e = parse_not();

	while (!ends_and()) {
		if (strcmp(args[at], "-a") == 0)
			at++;
		e = node(E_AND, e, parse_not());
	}
	return e;
}

static struct expr *parse_or(void)
{
	struct expr *e = parse_and();

	while (at < nargs && strcmp(args[at], "-o") == 0) {
		at++;
		e = node(E_OR, e, parse_and());
	}
	return e;
}

/* ---- running ---- */

static int run_command(char **argv)
{
	pid_t pid;
	int st;

	fflush(stdout);
	if ((pid = fork()) < 0) {
		fprintf(stderr, "find: fork: %s\n", strerror(errno));
		return 0;
	}
	if (pid == 0) {
		exec_command(argv);
		fprintf(stderr, "find: %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	if (waitpid(pid, &st, 0) < 0)
		return 0;
	return WIFEXITED(st) && WEXITSTATUS(st) == 0;
}

/* -exec cmd {} ;: the command with each {} (alone or in a word) being
 * the path. */
static int exec_one(struct expr *e, const char *path)
{
	char **argv = xmalloc("find", ((size_t)e->argc + 1) * sizeof *argv);
	int ok;

	for (int i = 0; i < e->argc; i++) {
		const char *brace = strstr(e->argv[i], "{}");
		if (!brace) {
			argv[i] = e->argv[i];
			continue;
		}
		size_t pre = (size_t)(brace - e->argv[i]);
		argv[i] = xmalloc("find", strlen(e->argv[i]) + strlen(path));
		sprintf(argv[i], "%.*s%s%s", (int)pre, e->argv[i], path, brace + 2);
	}
	argv[e->argc] = NULL;
	ok = run_command(argv);
	for (int i = 0; i < e->argc; i++)
		if (argv[i] != e->argv[i])
			free(argv[i]);
	free(argv);
	return ok;
}

/* -exec cmd {} +: runs the command on the names gathered so far. */
static void exec_batch(struct expr *e)
{
	char **argv;

	if (!e || e->nbatch == 0)
		return;
	argv = xmalloc("find", ((size_t)e->argc + (size_t)e->nbatch + 1) * sizeof *argv);
	memcpy(argv, e->argv, (size_t)(e->argc - 1) * sizeof *argv);
	memcpy(argv + e->argc - 1, e->batch, (size_t)e->nbatch * sizeof *argv);
	argv[e->argc - 1 + e->nbatch] = NULL;
	if (!run_command(argv))
		status = 1;
	for (int i = 0; i < e->nbatch; i++)
		free(e->batch[i]);
	e->nbatch = 0;
	free(argv);
}

static int exec_primary(struct expr *e, const char *path)
{
	if (!e->plus)
		return exec_one(e, path);
	e->batch = xrealloc("find", e->batch, ((size_t)e->nbatch + 1) * sizeof *e->batch);
	e->batch[e->nbatch++] = strdup(path);
	if (e->nbatch >= 64) /* ARG_MAX is modest: run in batches */
		exec_batch(e);
	return 1;
}

static int type_is(const struct stat *st, char t)
{
	switch (t) {
	case 'f': return S_ISREG(st->st_mode);
	case 'd': return S_ISDIR(st->st_mode);
	case 'p': return S_ISFIFO(st->st_mode);
	case 'c': return S_ISCHR(st->st_mode);
	case 'b': return S_ISBLK(st->st_mode);
	case 'l': return S_ISLNK(st->st_mode);
	default: return S_ISSOCK(st->st_mode);
	}
}

static int compare(long have, const struct expr *e)
{
	return e->cmp == '+' ? have > e->num : e->cmp == '-' ? have < e->num : have == e->num;
}

static int name_matches(const char *pattern, const char *path, int fold)
{
	size_t len;
	const char *last = path_last(path, &len);
	char name[256], pat[256];

	if (len == 0) { /* "/" */
		last = path;
		len = 1;
	}
	if (!fold)
		return pattern_match(pattern, last, len);
	snprintf(name, sizeof name, "%.*s", (int)len, last);
	snprintf(pat, sizeof pat, "%s", pattern);
	for (char *p = name; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	for (char *p = pat; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	return pattern_match(pat, name, strlen(name));
}

static int eval(struct expr *e, const char *path, const struct stat *st)
{
	switch (e->kind) {
	case E_AND: return eval(e->a, path, st) && eval(e->b, path, st);
	case E_OR: return eval(e->a, path, st) || eval(e->b, path, st);
	case E_NOT: return !eval(e->a, path, st);
	case E_NAME: case E_INAME: return name_matches(e->arg, path, e->kind == E_INAME);
	case E_TYPE: return type_is(st, e->arg[0]);
	case E_NEWER:
		return st->st_mtim.tv_sec > e->time.tv_sec ||
		       (st->st_mtim.tv_sec == e->time.tv_sec && st->st_mtim.tv_nsec > e->time.tv_nsec);
	case E_MTIME: return compare((long)((now - st->st_mtime) / 86400), e);
	case E_SIZE:
		/* in 512-byte blocks, rounded up, or bytes with a c */
		return compare(strchr(e->arg, 'c') ? (long)st->st_size : (long)((st->st_size + 511) / 512), e);
	case E_LINKS: return compare((long)st->st_nlink, e);
	case E_PERM:
		return e->cmp ? (st->st_mode & (mode_t)e->num) == (mode_t)e->num
		              : (st->st_mode & 07777) == (mode_t)e->num;
	case E_PRUNE: pruned = 1; return 1;
	case E_PRINT: printf("%s\n", path); return 1;
	case E_EXEC: return exec_primary(e, path);
	default: return 1;
	}
}

static void visit(struct expr *e, const char *path, const struct stat *st, long depth)
{
	if (depth < mindepth)
		return;
	if (eval(e, path, st) && !has_action)
		printf("%s\n", path);
}

static void walk(struct expr *e, const char *path, long depth)
{
	struct stat st;
	DIR *d;
	struct dirent *de;

	/* A symbolic link is a file of its own (POSIX's -P, the default):
	 * find never descends through one. */
	if (lstat(path, &st) < 0) {
		fprintf(stderr, "find: %s: %s\n", path, strerror(errno));
		status = 1;
		return;
	}
	pruned = 0;
	if (!depth_first)
		visit(e, path, &st, depth);
	if (S_ISDIR(st.st_mode) && !pruned && (maxdepth < 0 || depth < maxdepth)) {
		if (!(d = opendir(path))) {
			fprintf(stderr, "find: %s: %s\n", path, strerror(errno));
			status = 1;
		} else {
			while ((de = readdir(d)) != NULL) {
				if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
					continue;
				char *child = path_join("find", path, de->d_name);
				walk(e, child, depth + 1);
				free(child);
			}
			closedir(d);
		}
	}
	if (depth_first)
		visit(e, path, &st, depth);
}

/* The -exec ... + primaries, to run what they gathered at the end. */
static void flush_batches(struct expr *e)
{
	if (!e)
		return;
	if (e->kind == E_EXEC && e->plus)
		exec_batch(e);
	flush_batches(e->a);
	flush_batches(e->b);
}

int main(int argc, char **argv)
{
	int first_expr = 1;
	struct expr *e;
	static char *dot[] = { "." };
	char **paths;
	int npaths;

	if (argc > 1 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0))
		usage();
	while (first_expr < argc && argv[first_expr][0] != '-' && strcmp(argv[first_expr], "!") != 0 &&
	       strcmp(argv[first_expr], "(") != 0)
		first_expr++;
	paths = argc > 1 && first_expr > 1 ? argv + 1 : dot;
	npaths = first_expr > 1 ? first_expr - 1 : 1;
	args = argv + first_expr;
	nargs = argc - first_expr;
	e = nargs ? parse_or() : node(E_TRUE, NULL, NULL);
	if (at < nargs)
		bad("unexpected", args[at]);
	now = time(NULL);
	for (int i = 0; i < npaths; i++)
		walk(e, paths[i], 0);
	flush_batches(e);
	if (output_flush("find") < 0)
		return 1;
	return status;
}
