/* sh: Ration's interactive shell.
 *
 *   line ──lex.c──▶ tokens ──parse.c──▶ struct sh_list ──exec.c──▶ processes
 *                                             │ each word, as it runs
 *                                             ▼
 *                                   expand.c ($VAR, quotes) ◀── vars.c
 *
 * lex.c, parse.c and expand.c are pure C11 (they are built into the host
 * unit tests too); the rest is the POSIX side: exec.c runs the tree,
 * builtins.c, jobs.c (jobs: background and stopped), vars.c (shell
 * variables and the environment), lineedit.c (the console's line
 * editor), main.c (where commands come from).
 *
 * The grammar (POSIX's, less compound commands and here-documents):
 *
 *   program   : sep* (and_or ((';' | '&' | '\n') sep*)?)*
 *   and_or    : pipeline (('&&' | '||') '\n'* pipeline)*
 *   pipeline  : '!'? command ('|' '\n'* command)*
 *   command   : (assignment | word | redirect)+   assignments only first
 *   redirect  : IO_NUMBER? ('<' | '>' | '>>' | '>|' | '<&' | '>&') word
 *
 * A word keeps its quotes and backslashes until expand.c removes them, so
 * "$X" and $X can be told apart when they are run. */
#ifndef SH_H
#define SH_H

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

/* Results of lexing and parsing. INCOMPLETE: the input stops inside a
 * quote, after a trailing backslash or after '|', '&&' or '||'; more
 * input (the next line) may complete it. */
enum sh_status { SH_OK = 0, SH_ERROR = -1, SH_INCOMPLETE = -2 };

/* ---- a growable string (used by lex.c and expand.c) ---------------------- */
struct sh_buf {
	char *s;
	size_t len, cap;
	int oom; /* an append failed: the contents are incomplete */
};

static inline void sh_buf_putn(struct sh_buf *b, const char *s, size_t n)
{
	if (b->oom)
		return;
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 32;
		char *ns;

		while (cap < b->len + n + 1)
			cap *= 2;
		ns = realloc(b->s, cap);
		if (!ns) {
			b->oom = 1;
			return;
		}
		b->s = ns;
		b->cap = cap;
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

static inline void sh_buf_putc(struct sh_buf *b, char c)
{
	sh_buf_putn(b, &c, 1);
}

/* The string, now the caller's to free (an empty one if nothing was
 * added); NULL if memory ran out. The buffer is left empty. */
static inline char *sh_buf_take(struct sh_buf *b)
{
	char *s = b->s;

	if (!b->oom && !s)
		s = calloc(1, 1);
	if (b->oom) {
		free(s);
		s = NULL;
	}
	b->s = NULL;
	b->len = b->cap = 0;
	b->oom = 0;
	return s;
}

/* ---- lex.c: the line as tokens --------------------------------------------- */
enum sh_tok_kind {
	SH_T_WORD,      /* text: as written, quotes included */
	SH_T_IO_NUMBER, /* num: the digits right before '<' or '>' (2>file) */
	SH_T_PIPE,      /* | */
	SH_T_OR_IF,     /* || */
	SH_T_AMP,       /* & */
	SH_T_AND_IF,    /* && */
	SH_T_SEMI,      /* ; */
	SH_T_LESS,      /* < */
	SH_T_GREAT,     /* > */
	SH_T_DGREAT,    /* >> */
	SH_T_LESSAND,   /* <& */
	SH_T_GREATAND,  /* >& */
	SH_T_CLOBBER,   /* >| */
	SH_T_LPAREN,    /* ( (no subshells: always a syntax error) */
	SH_T_RPAREN,    /* ) */
	SH_T_NEWLINE,
	SH_T_END,
};

struct sh_token {
	enum sh_tok_kind kind;
	char *text;        /* SH_T_WORD only */
	int num;           /* SH_T_IO_NUMBER only */
	size_t start, end; /* where it is in the source: [start, end) */
};

struct sh_tokens {
	struct sh_token *v;
	size_t n; /* the last is SH_T_END when lexing succeeded */
};

/* SH_OK, or SH_ERROR/SH_INCOMPLETE with a message in err (no "sh: "). */
int sh_lex(const char *src, struct sh_tokens *out, char *err, size_t errlen);
void sh_tokens_free(struct sh_tokens *t);
/* How a token is named in a syntax error: "|", "&&", "newline". */
const char *sh_tok_name(const struct sh_token *t);
/* Whether s[0..n) is a variable name: [A-Za-z_][A-Za-z0-9_]*. */
int sh_is_name(const char *s, size_t n);

/* ---- parse.c: tokens as a tree ------------------------------------------- */
enum sh_redir_op {
	SH_R_IN,      /* [n]< word     n defaults to 0 */
	SH_R_OUT,     /* [n]> word     (and >|) n defaults to 1 */
	SH_R_APPEND,  /* [n]>> word */
	SH_R_DUP_IN,  /* [n]<& word    word: a descriptor, or - to close n */
	SH_R_DUP_OUT, /* [n]>& word */
};

struct sh_redir {
	int fd;
	enum sh_redir_op op;
	char *word; /* unexpanded */
};

struct sh_cmd {
	char **assigns; /* NAME=value words before the command's name */
	size_t nassigns;
	char **words; /* the name and its arguments, unexpanded */
	size_t nwords;
	struct sh_redir *redirs; /* in the order written: 2>&1 >f differs */
	size_t nredirs;
};

/* How a pipeline joins the one before it in an and_or list. */
enum sh_join { SH_J_FIRST, SH_J_AND, SH_J_OR };

struct sh_pipeline {
	struct sh_cmd *cmds;
	size_t ncmds;
	int negate; /* ! pipeline */
	enum sh_join join;
};

struct sh_andor {
	struct sh_pipeline *pipes;
	size_t npipes;
	int background; /* ended with & */
	char *text;     /* the source it came from, for `jobs` */
};

struct sh_list {
	struct sh_andor *items;
	size_t nitems;
};

/* SH_OK with *out filled (free it with sh_list_free), or SH_ERROR /
 * SH_INCOMPLETE with a message in err and *out empty. */
int sh_parse(const char *src, struct sh_list *out, char *err, size_t errlen);
void sh_list_free(struct sh_list *l);

/* ---- expand.c: words as arguments ------------------------------------------ */
/* The value of a variable or special parameter ("?", "$", "!", "#", "0"
 * to "9", "*", "@"), or NULL if unset. */
typedef const char *sh_lookup_fn(void *ctx, const char *name);

struct sh_words {
	char **v; /* NULL-terminated once anything was added */
	size_t n;
};

/* Expands one word into fields appended to out: quote removal, $VAR,
 * ${VAR}, $?, $$ and the rest, ~ and ~/ at the start; unquoted expansions
 * are split at blanks and vanish when empty. 0, or -1 with err set. */
int sh_expand_fields(const char *word, sh_lookup_fn *lookup, void *ctx, struct sh_words *out,
                     char *err, size_t errlen);
/* The same, as one string without splitting (assignments, redirection
 * targets). A new string, or NULL with err set. */
char *sh_expand_string(const char *word, sh_lookup_fn *lookup, void *ctx, char *err, size_t errlen);
void sh_words_free(struct sh_words *w);

/* ---- the POSIX side ---------------------------------------------------------- */
#ifndef SH_PURE_ONLY
#include <stdio.h>
#include <sys/types.h>

#define SH_HISTORY  32 /* lines the editor remembers */
#define SH_JOBS_MAX 16 /* background jobs at a time */

struct shell {
	int status;       /* $? */
	pid_t pid;        /* $$: the shell's, also in its subshells */
	pid_t last_bg;    /* $!: 0 until a job is started */
	int interactive;  /* reading a terminal: prompts, job messages */
	int job_control;  /* process groups and tcsetpgrp work */
	pid_t pgid;       /* the shell's process group, with job_control */
	int subshell;     /* a forked copy running a background list */
	int script_fd;    /* the script being read, closed in children; -1 */
	const char *name; /* $0 */
	char **params;    /* $1 ... */
	int nparams;
};

extern struct shell sh;

/* exec.c */
int exec_list(const struct sh_list *l); /* the status of the last item */
int run_source(const char *src);        /* parse and run; the status */
int exec_command(char **argv);          /* execs argv, else says why: 126 or 127 */
void signals_for_shell(void);           /* interactive: ^C and the rest ignored */
void signals_for_child(int background);
void report_signal(int wstatus); /* a foreground command's death, if news */
void shell_exit(int status) __attribute__((noreturn));

/* builtins.c: a builtin's function, or NULL. */
typedef int builtin_fn(int argc, char **argv);
builtin_fn *builtin_find(const char *name);

/* jobs.c */
int jobs_add(const pid_t *pids, size_t n, pid_t pgid, const char *text);
/* A foreground job stopped by sig, its processes pids (those not yet
 * reaped): made a stopped job and reported. Returns its status, 128 + sig. */
int jobs_stopped(const pid_t *pids, size_t n, pid_t pgid, const char *text, int sig);
int jobs_fg(const char *which); /* NULL: the current job */
int jobs_bg(const char *which);
/* Before an interactive shell leaves: with stopped jobs, says so and
 * returns 1 (stay) the first time; leaving again goes (they get SIGHUP). */
int jobs_warn_stopped(void);
/* What kill sends to for job `which` (%n): -pgid, or a pid; 0 if none. */
pid_t jobs_target(const char *which);
void jobs_reap(int report);
void jobs_print(void);
int jobs_wait(const char *which); /* NULL: all; "%n" or a pid */
int status_from_wait(int wstatus);
const char *signal_text(int sig);

/* vars.c */
const char *var_get(const char *name);
int var_set(const char *name, const char *value);
int var_export(const char *name, const char *value); /* value NULL: keep */
void var_unset(const char *name);
void var_print_exports(void);
const char *var_lookup(void *ctx, const char *name); /* for expand.c */

/* lineedit.c */
enum le_result { LE_LINE, LE_EOF, LE_INTERRUPT };
int le_init(void);                            /* 1 if the terminal can be put in raw mode */
int le_read(const char *prompt, char **line); /* LE_*; *line to free */
int le_read_file(FILE *f, char **line);       /* LE_LINE or LE_EOF */
void le_restore(void);                        /* the terminal as we found it */
#endif

#endif
