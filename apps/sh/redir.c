/* Redirections, in the process that runs the command. Each target is
 * expanded just before it is opened. In the shell itself (a builtin, a
 * function, a compound command) the descriptors a redirection replaces
 * are first copied above 9, out of the way, and put back afterwards. A
 * here-document's body goes through a pipe: written at once when it fits
 * in the pipe, else by a child. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include "apps/sh/sh.h"

/* The bytes a pipe holds (PX_PIPE_SIZE), less a margin. */
#define HEREDOC_AT_ONCE 3072

struct redir_saved {
	int fd;
	int copy; /* -1: fd was closed */
	struct redir_saved *next;
};

static int save(int fd, struct redir_saved **saved)
{
	struct redir_saved *s;

	for (s = *saved; s; s = s->next)
		if (s->fd == fd)
			return 0;
	s = calloc(1, sizeof *s);
	if (!s) {
		fprintf(stderr, "sh: out of memory\n");
		return -1;
	}
	s->fd = fd;
	s->copy = fcntl(fd, F_DUPFD, 10);
	if (s->copy < 0 && errno != EBADF) {
		fprintf(stderr, "sh: cannot save descriptor %d: %s\n", fd, strerror(errno));
		free(s);
		return -1;
	}
	if (s->copy >= 0)
		fcntl(s->copy, F_SETFD, FD_CLOEXEC);
	s->next = *saved;
	*saved = s;
	return 0;
}

void redir_restore(struct redir_saved *s)
{
	fflush(stdout);
	fflush(stderr);
	clearerr(stdout); /* a write error was the redirection's */
	while (s) {
		struct redir_saved *next = s->next;
		if (s->copy >= 0) {
			dup2(s->copy, s->fd);
			close(s->copy);
		} else {
			close(s->fd);
		}
		free(s);
		s = next;
	}
}

void redir_keep(struct redir_saved *s)
{
	while (s) {
		struct redir_saved *next = s->next;
		if (s->copy >= 0)
			close(s->copy);
		free(s);
		s = next;
	}
}

/* Makes fd a copy of from and closes from. */
static int move_fd(int from, int fd, const char *what)
{
	if (from == fd)
		return 0;
	if (dup2(from, fd) < 0) {
		fprintf(stderr, "sh: %s: %s\n", what, strerror(errno));
		close(from);
		return -1;
	}
	close(from);
	return 0;
}

static int heredoc(const struct sh_redir *r)
{
	char err[160], *body = r->quoted ? strdup(r->body) : sh_expand_heredoc(r->body, &sh_ops, err, sizeof err);
	size_t len;
	int p[2];

	if (!body)
		return expansion_failed(r->quoted ? "out of memory" : err);
	len = strlen(body);
	if (pipe(p) < 0) {
		fprintf(stderr, "sh: here-document: %s\n", strerror(errno));
		free(body);
		return -1;
	}
	if (len <= HEREDOC_AT_ONCE) {
		if (write(p[1], body, len) != (ssize_t)len)
			fprintf(stderr, "sh: here-document: %s\n", strerror(errno));
	} else {
		fflush(stdout);
		fflush(stderr);
		pid_t pid = fork();
		if (pid == 0) {
			close(p[0]);
			signal(SIGPIPE, SIG_DFL);
			_exit(write(p[1], body, len) == (ssize_t)len ? 0 : 1);
		}
		if (pid < 0)
			fprintf(stderr, "sh: here-document: fork: %s\n", strerror(errno));
	}
	free(body);
	close(p[1]);
	return move_fd(p[0], r->fd, "here-document");
}

static int redirect(const struct sh_redir *r)
{
	char err[160], *target, *end;
	int flags, fd;
	long from;

	if (r->op == SH_R_HEREDOC)
		return heredoc(r);
	target = sh_expand_string(r->word, &sh_ops, err, sizeof err);
	if (!target)
		return expansion_failed(err);
	if (r->op == SH_R_DUP_IN || r->op == SH_R_DUP_OUT) {
		if (strcmp(target, "-") == 0) {
			close(r->fd);
			free(target);
			return 0;
		}
		from = strtol(target, &end, 10);
		if (*target == '\0' || *end || from < 0 || from > 9999) {
			fprintf(stderr, "sh: %s: bad file descriptor\n", target);
			free(target);
			return -1;
		}
		free(target);
		if (from != r->fd && dup2((int)from, r->fd) < 0) {
			fprintf(stderr, "sh: %ld: %s\n", from, strerror(errno));
			return -1;
		}
		return 0;
	}
	switch (r->op) {
	case SH_R_IN:
		flags = O_RDONLY;
		break;
	case SH_R_RDWR:
		flags = O_RDWR | O_CREAT;
		break;
	case SH_R_APPEND:
		flags = O_WRONLY | O_CREAT | O_APPEND;
		break;
	default: /* > and >| */
		flags = O_WRONLY | O_CREAT | O_TRUNC;
		/* set -C: > makes a new file, or writes to one that is not
		 * a regular file (/dev/null); it replaces none. */
		if (r->op == SH_R_OUT && sh.opt_C) {
			struct stat st;
			int exists = stat(target, &st) == 0;
			if (exists && S_ISREG(st.st_mode)) {
				fprintf(stderr, "sh: %s: file exists (set -C; >| replaces it)\n", target);
				free(target);
				return -1;
			}
			flags = exists ? O_WRONLY : O_WRONLY | O_CREAT | O_EXCL;
		}
		break;
	}
	fd = open(target, flags, 0666 & ~sh.umask);
	if (fd < 0) {
		fprintf(stderr, "sh: %s: %s\n", target, strerror(errno));
		free(target);
		return -1;
	}
	int rr = move_fd(fd, r->fd, target);
	free(target);
	return rr;
}

int redir_apply(const struct sh_redir *r, struct redir_saved **saved)
{
	/* What is buffered is for where stdout goes now, not the redirection. */
	fflush(stdout);
	fflush(stderr);
	for (; r; r = r->next) {
		if (saved && save(r->fd, saved) < 0)
			return -1;
		if (redirect(r) < 0)
			return -1;
	}
	return 0;
}
