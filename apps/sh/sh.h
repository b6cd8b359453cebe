/* sh: Ration's shell, the POSIX.1-2017 Shell Command Language.
 *
 *   text ──lex.c──▶ tokens ──parse.c──▶ tree of struct sh_node ──exec.c──▶ processes
 *                                                  │ each word, as it runs
 *                                                  ▼
 *            expand.c ($v ${v%p} $(cmd) $((1+2)) IFS splitting) ── arith.c, match.c, glob.c
 *
 * lex.c, parse.c, expand.c, arith.c, match.c and glob.c are pure C (they
 * are built into the host unit tests too): what they need from the shell
 * comes through struct sh_xops. The rest is the POSIX side: exec.c runs
 * the tree, program.c finds and execs programs (and has the signals and
 * leaving), redir.c opens and restores descriptors, subst.c runs $(...),
 * vars.c holds variables, parameters and functions, builtins*.c the
 * builtins, trap.c the traps, jobs.c the jobs, lineedit.c the console's
 * line editor, main.c where commands come from.
 *
 * The grammar (POSIX's; the parser has one function per rule):
 *
 *   program      : linebreak (and_or sep)* 
 *   and_or       : pipeline (('&&' | '||') linebreak pipeline)*
 *   pipeline     : '!'? command ('|' linebreak command)*
 *   command      : simple | compound redirect* | NAME '(' ')' linebreak command
 *   compound     : '{' list '}' | '(' list ')' | if | while | until | for | case
 *   simple       : (assignment | word | redirect)+     assignments only first
 *   redirect     : IO_NUMBER? ('<' | '>' | '>>' | '>|' | '<&' | '>&' | '<>') word
 *                | IO_NUMBER? ('<<' | '<<-') word      the body follows the next newline
 *
 * A word keeps its quotes and backslashes until expand.c removes them, so
 * "$X" and $X can be told apart when they are run. */
#ifndef SH_H
#define SH_H

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

/* Results of lexing and parsing. INCOMPLETE: the input stops inside a
 * quote, a compound command, a here-document or after an operator; more
 * input (the next line) may complete it. */
enum sh_status { SH_OK = 0, SH_ERROR = -1, SH_INCOMPLETE = -2 };

/* ---- a growable string ------------------------------------------------------ */
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

static inline void sh_buf_puts(struct sh_buf *b, const char *s)
{
	sh_buf_putn(b, s, strlen(s));
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

/* ---- lex.c: text as tokens ---------------------------------------------------- */
enum sh_tok_kind {
	SH_T_WORD,      /* text: as written, quotes included */
	SH_T_IO_NUMBER, /* num: the digits right before '<' or '>' (2>file) */
	SH_T_PIPE,      /* | */
	SH_T_OR_IF,     /* || */
	SH_T_AMP,       /* & */
	SH_T_AND_IF,    /* && */
	SH_T_SEMI,      /* ; */
	SH_T_DSEMI,     /* ;; */
	SH_T_LESS,      /* < */
	SH_T_GREAT,     /* > */
	SH_T_DGREAT,    /* >> */
	SH_T_LESSAND,   /* <& */
	SH_T_GREATAND,  /* >& */
	SH_T_CLOBBER,   /* >| */
	SH_T_LESSGREAT, /* <> */
	SH_T_DLESS,     /* << */
	SH_T_DLESSDASH, /* <<- */
	SH_T_LPAREN,    /* ( */
	SH_T_RPAREN,    /* ) */
	SH_T_NEWLINE,
	SH_T_END,
};

struct sh_token {
	enum sh_tok_kind kind;
	char *text;        /* SH_T_WORD only, the caller's to free */
	int num;           /* SH_T_IO_NUMBER only */
	size_t start, end; /* where it is in the source: [start, end) */
};

/* Reads tokens one at a time from s, from position i; the parser reads
 * here-document bodies from the same position. */
struct sh_lexer {
	const char *s;
	size_t i;
	char *err;
	size_t errlen;
};

/* The next token: SH_OK, or SH_ERROR/SH_INCOMPLETE with a message in err
 * (no "sh: "). */
int sh_lex_next(struct sh_lexer *lx, struct sh_token *t);
/* Every token of src (here-documents aside), the last SH_T_END; *n their
 * number. For tests and tools: free with sh_tokens_free. */
int sh_lex(const char *src, struct sh_token **v, size_t *n, char *err, size_t errlen);
void sh_tokens_free(struct sh_token *v, size_t n);
/* A here-document's body, from lx->i up to the line that is delim (tabs
 * first removed with strip_tabs); lx->i goes past that line. */
int sh_lex_heredoc(struct sh_lexer *lx, const char *delim, int strip_tabs, char **body);
/* How a token is named in a syntax error: "|", "&&", "newline". */
const char *sh_tok_name(const struct sh_token *t);
/* Whether s[0..n) is a variable name: [A-Za-z_][A-Za-z0-9_]*. */
int sh_is_name(const char *s, size_t n);
/* Where the construct at s[i] ends ('$...', '`...`', quotes): the index
 * just past it, or -1 (incomplete) / -2 (error). */
long sh_scan_construct(const char *s, size_t i);

/* ---- parse.c: tokens as a tree ---------------------------------------------------- */
enum sh_redir_op {
	SH_R_IN,      /* [n]< word     n defaults to 0 */
	SH_R_OUT,     /* [n]> word     n defaults to 1 */
	SH_R_CLOBBER, /* [n]>| word    as >, even under set -C */
	SH_R_APPEND,  /* [n]>> word */
	SH_R_RDWR,    /* [n]<> word */
	SH_R_DUP_IN,  /* [n]<& word    word: a descriptor, or - to close n */
	SH_R_DUP_OUT, /* [n]>& word */
	SH_R_HEREDOC, /* [n]<< word    body; quoted: no expansion in it */
};

struct sh_redir {
	int fd;
	enum sh_redir_op op;
	char *word; /* unexpanded; a here-document's delimiter */
	char *body; /* SH_R_HEREDOC: the lines, each ending in \n */
	int quoted; /* SH_R_HEREDOC: the delimiter had quotes */
	int strip;  /* SH_R_HEREDOC: <<- */
	struct sh_redir *next;
};

enum sh_node_kind {
	SH_N_SIMPLE,   /* assigns, words, redirs */
	SH_N_PIPE,     /* kids[0] | kids[1] | ... */
	SH_N_LIST,     /* kids run in turn; bg[i]: kids[i] ended with & */
	SH_N_AND,      /* a && b */
	SH_N_OR,       /* a || b */
	SH_N_NOT,      /* ! a */
	SH_N_SUBSHELL, /* ( a ) */
	SH_N_GROUP,    /* { a ; } */
	SH_N_IF,       /* if a then b else c (c: NULL, or another IF for elif) */
	SH_N_WHILE,    /* while a do b done */
	SH_N_UNTIL,    /* until a do b done */
	SH_N_FOR,      /* for name [in words] do b done */
	SH_N_CASE,     /* case words[0] in items esac */
	SH_N_FUNC,     /* name() a */
};

struct sh_case_item {
	char **pats; /* unexpanded */
	size_t npats;
	struct sh_node *body; /* NULL: nothing to do */
};

struct sh_node {
	enum sh_node_kind kind;
	int refs;                /* a function's body is shared with the table */
	int lineno;              /* where it starts, for $LINENO */
	struct sh_redir *redirs; /* a simple or compound command's */
	char **assigns;          /* SIMPLE: NAME=value words before the name */
	size_t nassigns;
	char **words; /* SIMPLE: name and arguments; FOR: the list; CASE: the subject */
	size_t nwords;
	int has_in; /* FOR: "in" was written (without it: "$@") */
	struct sh_node **kids;
	size_t nkids;
	char *bg;     /* LIST: per kid, ended with & */
	char **texts; /* LIST: per kid, its source text (for `jobs`) */
	struct sh_node *a, *b, *c;
	char *name; /* FOR: the variable; FUNC: the function */
	struct sh_case_item *items;
	size_t nitems;
};

/* The value of an alias, or NULL (the parser asks for a command's first
 * word); sh_parse uses it if set. */
extern const char *(*sh_alias_lookup)(const char *name);

/* SH_OK with *out a LIST (free it with sh_node_free), or SH_ERROR /
 * SH_INCOMPLETE with a message in err and *out NULL. */
int sh_parse(const char *src, struct sh_node **out, char *err, size_t errlen);
void sh_node_free(struct sh_node *n); /* drops one reference */

/* ---- match.c: patterns (case, ${v%p}, pathnames) ---------------------------------- */
/* Whether s[0..n) matches pattern: * ? [abc] [!a-z] [[:alpha:]], \x
 * for a literal x. */
int sh_match(const char *pattern, const char *s, size_t n);
/* Whether the pattern has an unquoted * ? or [. */
int sh_has_glob(const char *pattern);

/* ---- glob.c: pathname expansion ------------------------------------------------- */
struct sh_words {
	char **v; /* NULL-terminated once anything was added */
	size_t n;
};

int sh_words_add(struct sh_words *w, char *s); /* takes s; 0, or -1 */
void sh_words_free(struct sh_words *w);
/* The paths that pattern matches, sorted, appended to out: how many (0:
 * none), or -1 if memory ran out. */
int sh_glob(const char *pattern, struct sh_words *out);

/* ---- expand.c and arith.c: what the shell lends them ------------------------------- */
struct sh_xops {
	void *ctx;
	/* A variable or special parameter (?, $, !, #, -, 0 to 9 ...) other
	 * than @ and *; NULL if unset. */
	const char *(*get)(void *ctx, const char *name);
	/* Assigns a variable: 0, or -1 (readonly) after saying why in err. */
	int (*set)(void *ctx, const char *name, const char *value, char *err, size_t errlen);
	/* The positional parameters: their number, *v the array. */
	int (*params)(void *ctx, char ***v);
	/* The output of a command substitution (a new string), or NULL. */
	char *(*subst)(void *ctx, const char *cmd);
	int nounset; /* set -u: an unset parameter is an error */
	int noglob;  /* set -f: no pathname expansion */
};

/* Expands one word into fields appended to out: tilde, parameters,
 * $(...) and `...`, $((...)), then field splitting with IFS, pathname
 * expansion and quote removal. 0, or -1 with err set. */
int sh_expand_fields(const char *word, const struct sh_xops *ops, struct sh_words *out,
                     char *err, size_t errlen);
/* The same without splitting or pathnames (assignments, redirection
 * targets, case subjects). A new string, or NULL with err set. */
char *sh_expand_string(const char *word, const struct sh_xops *ops, char *err, size_t errlen);
/* As a pattern for sh_match: quoted characters are escaped with \. */
char *sh_expand_pattern(const char *word, const struct sh_xops *ops, char *err, size_t errlen);
/* A here-document's body: parameters, $(...), $((...)) and \$ \` \\
 * \newline, as between double quotes (a " is itself). */
char *sh_expand_heredoc(const char *body, const struct sh_xops *ops, char *err, size_t errlen);

/* arith.c: the value of an arithmetic expression (C's integer operators,
 * without ++ and --; variables read and assigned through ops). 0, or -1
 * with err set. */
int sh_arith(const char *expr, const struct sh_xops *ops, long *value, char *err, size_t errlen);

/* ---- the POSIX side ---------------------------------------------------------------- */
#ifndef SH_PURE_ONLY
#include <stdio.h>
#include <sys/types.h>

#define SH_HISTORY  32 /* lines the editor remembers */
#define SH_JOBS_MAX 16 /* background jobs at a time */
#define SH_NSIG     32 /* signals a trap can name: 1 to SH_NSIG - 1 */

/* How the executor leaves loops and functions early: break, continue
 * and return set jump, and every list stops while it is set. */
enum sh_jump { SH_J_NONE, SH_J_BREAK, SH_J_CONTINUE, SH_J_RETURN };

struct shell {
	int status;       /* $? */
	pid_t pid;        /* $$: the shell's, also in its subshells */
	pid_t last_bg;    /* $!: 0 until a job is started */
	int interactive;  /* reading a terminal: prompts, job messages */
	int job_control;  /* process groups and tcsetpgrp work */
	pid_t pgid;       /* the shell's process group, with job_control */
	int subshell;     /* a forked copy: exits with _exit, no terminal */
	int script_fd;    /* the script being read, closed in children; -1 */
	char *name;       /* $0 */
	char **params;    /* $1 ..., owned */
	int nparams;
	/* set options */
	int opt_e, opt_u, opt_x, opt_f, opt_v, opt_n, opt_m;
	int opt_a;         /* allexport: every variable assigned is exported */
	int opt_C;         /* noclobber: > does not replace a regular file */
	int opt_ignoreeof; /* ^D does not leave an interactive shell */
	/* the executor's state */
	enum sh_jump jump;
	int jump_n;       /* loops left to break or continue */
	int loops;        /* loops around what runs now */
	int funcs;        /* function calls around it */
	int dots;         /* . scripts around it */
	int subst_status; /* the last command substitution's status */
	int lineno;       /* $LINENO */
	int intr;         /* ^C ended a foreground job: the command line stops */
	int tested;       /* conditions being run: set -e is off in them */
	mode_t umask;     /* what files the shell creates lose */
};

extern struct shell sh;
extern struct sh_xops sh_ops; /* the shell's, for expand.c (set -u -f change it) */

/* exec.c: flags for exec_node. */
#define EV_TESTED 1 /* the status is tested (if, while, && ||, !): set -e ignores it */
#define EV_EXIT   2 /* the last thing this process does: exec without a fork */
int exec_node(struct sh_node *n, int flags);
int run_source(const char *src, const char *name); /* parse all, run; the status */
void report_signal(int wstatus); /* a foreground command's death, if news */
/* Runs a function with args as $1 ...; its status. */
int call_function(struct sh_node *body, int argc, char **argv);
/* `local`: a variable a function call gives back when it returns. */
void local_begin(void);
void local_end(void);
int local_save(const char *name); /* -1: not in a function */
/* Says an expansion failed; a non-interactive shell leaves. */
int expansion_failed(const char *err);

/* program.c */
int exec_command(char **argv);          /* execs argv, else says why: 126 or 127 */
void signals_for_shell(void);           /* interactive: ^C and the rest ignored */
void signals_for_child(int background); /* what a command gets back */
void shell_exit(int status) __attribute__((noreturn));
/* In a new child: what a subshell must forget (traps, jobs, the script). */
void subshell_enter(void);
/* Where a command name leads: 'f'unction, 's'pecial builtin, 'b'uiltin,
 * 'p'ath (the file in path), or 0. */
int command_kind(const char *name, char *path, size_t size);

/* redir.c: redirections in this process. Saved ones are put back by
 * redir_restore; what save returns is its handle (NULL: none saved). */
struct redir_saved;
int redir_apply(const struct sh_redir *r, struct redir_saved **saved); /* 0, or -1 said */
void redir_restore(struct redir_saved *saved);
void redir_keep(struct redir_saved *saved); /* exec: the redirections stay */

/* subst.c */
char *subst_run(void *ctx, const char *cmd);

/* builtins.c: a builtin's function, or NULL; special: POSIX's special
 * builtins (their assignments stay, their errors end a script). */
typedef int builtin_fn(int argc, char **argv);
builtin_fn *builtin_find(const char *name, int *special);
void builtin_usage(const char *name); /* "usage: ..." on stderr */
/* builtins_vars.c, builtins_io.c, builtins_misc.c */
int b_export(int argc, char **argv);
int b_readonly(int argc, char **argv);
int b_unset(int argc, char **argv);
int b_set(int argc, char **argv);
int b_shift(int argc, char **argv);
int b_local(int argc, char **argv);
int b_read(int argc, char **argv);
int b_getopts(int argc, char **argv);
int b_printf(int argc, char **argv);
int b_test(int argc, char **argv);
int b_echo(int argc, char **argv);
int b_alias(int argc, char **argv);
int b_unalias(int argc, char **argv);
int b_type(int argc, char **argv);
int b_command(int argc, char **argv);
int b_umask(int argc, char **argv);
int b_trap(int argc, char **argv);
int b_ulimit(int argc, char **argv);
int b_fc(int argc, char **argv);

/* trap.c: traps run between commands, when a signal has come. */
void traps_run(void);
void traps_exit(void);       /* the EXIT trap, once */
int traps_exit_set(void);
void traps_for_subshell(void);
extern volatile int traps_pending;

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
void jobs_forget(void);           /* in a subshell: the jobs are the parent's */
int status_from_wait(int wstatus);
const char *signal_text(int sig);

/* vars.c: variables (the exported ones mirrored in environ), positional
 * parameters, functions and aliases. */
#define V_EXPORT   1
#define V_READONLY 2
const char *var_get(const char *name);
int var_set(const char *name, const char *value); /* 0, or -1 said (readonly) */
int var_flag(const char *name, int flag);        /* export or make readonly */
int var_flags(const char *name);
int var_unset(const char *name);                  /* 0, or -1 said */
void var_print(int flag, const char *prefix);     /* flag 0: every variable */
void var_import(char **env);
/* Saves a variable's state, to put back with var_pop (assignments before
 * a function or builtin, `local`). */
void *var_push(const char *name);
void var_pop(void *saved);
void params_set(char **argv, int n); /* copies */
void params_swap(char ***v, int *n); /* for function calls */
void params_free(char **v, int n);
struct sh_node *func_get(const char *name);
int func_set(const char *name, struct sh_node *body);
void func_unset(const char *name);
const char *alias_get(const char *name);
int alias_set(const char *name, const char *value);
int alias_unset(const char *name);
void alias_unset_all(void);
void alias_print(const char *name); /* NULL: all; 1 if not found */

/* main.c */
int run_file(FILE *f, const char *name); /* reads and runs commands; the last status */
FILE *open_script(const char *path);     /* its descriptor above 9, close-on-exec */

/* lineedit.c */
enum le_result { LE_LINE, LE_EOF, LE_INTERRUPT };
int le_init(void);                            /* 1 if the terminal can be put in raw mode */
int le_read(const char *prompt, char **line); /* LE_*; *line to free */
int le_read_file(FILE *f, char **line);       /* LE_LINE or LE_EOF */
void le_restore(void);                        /* the terminal as we found it */
/* The history: lines are numbered from 1 as they are entered; the editor
 * keeps the last SH_HISTORY. */
int le_history_last(void);            /* the newest line's number, 0 if none */
const char *le_history(int number);   /* NULL when not kept */
#endif

#endif
