/* awk's shared types: values, arrays, the syntax tree, and the entry
 * points of its parts.
 *
 * The program is parsed once (lex.c, parse.c) into a tree of nodes;
 * interp.c walks the tree. Names are resolved while parsing: a global
 * variable is an index into the table of globals (value.c), a function's
 * parameter an index into its call frame, a function call an index into
 * the table of functions. A value owns its string: eval returns a fresh
 * value the caller frees (val_free), and a variable keeps its own copy. */
#ifndef APPS_AWK_AWK_H
#define APPS_AWK_AWK_H

#include <stddef.h>
#include <stdio.h>
#include "apps/lib/regex.h"

/* ---- values (value.c) ---- */

/* STRNUM: a string from the input (a field, getline, split, -v), which
 * compares as a number when it looks like one (POSIX "numeric string"). */
enum vkind { V_UNINIT, V_NUM, V_STR, V_STRNUM };

struct value {
	enum vkind kind;
	double num; /* V_NUM */
	char *str;  /* V_STR, V_STRNUM; V_NUM: its string form, once made */
};

struct elem {
	char *key;
	struct value v;
	struct elem *next;
};

struct array {
	struct elem **buckets;
	size_t nbuckets, n;
};

/* A variable: a scalar until used as an array. A function's array
 * parameter may borrow the caller's array (arr then not its own). */
struct cell {
	int is_array, borrowed;
	struct value v;
	struct array *arr;
};

struct value val_num(double d);
struct value val_str(const char *s);    /* a copy of s */
struct value val_strnum(const char *s); /* a copy of s, input-numeric */
struct value val_take(char *s);         /* owns s (malloc'ed) */
struct value val_copy(const struct value *v);
void val_free(struct value *v);
double to_num(const struct value *v);
/* v's string (converted with CONVFMT if a number), valid while v is. */
const char *to_str(struct value *v);
/* The string print writes for v (OFMT for a number), malloc'ed. */
char *to_output(struct value *v);
int to_bool(struct value *v);
int looks_numeric(const char *s);
double str_num(const char *s);
char *num_str(double d, const char *fmt); /* malloc'ed */
int compare_values(struct value *a, struct value *b);

struct array *array_new(void);
struct value *array_get(struct array *a, const char *key, int create); /* NULL if absent */
void array_delete(struct array *a, const char *key);
void array_clear(struct array *a);
char **array_keys(struct array *a, size_t *n); /* malloc'ed copies */
struct array *cell_array(struct cell *c);

/* The globals; the first are the special variables, in this order. */
enum { G_NR, G_NF, G_FNR, G_FS, G_OFS, G_ORS, G_RS, G_FILENAME, G_SUBSEP, G_RSTART, G_RLENGTH,
       G_CONVFMT, G_OFMT, G_ENVIRON, G_ARGC, G_ARGV, G_SPECIAL };
extern struct cell *globals;
extern int nglobals;
int global_index(const char *name); /* created if new */
void set_global_num(int g, double d);
void set_global_str(int g, const char *s);
const char *global_str(int g);

void *xalloc(size_t n);
void *xresize(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
_Noreturn void fatal(const char *fmt, ...);

/* ---- the syntax tree (parse.c) ---- */

enum ntype {
	/* expressions */
	N_NUM, N_STR, N_REGEX, N_VAR, N_LOCAL, N_FIELD, N_INDEX, N_ASSIGN, N_COND, N_AND, N_OR,
	N_NOT, N_BINARY, N_CMP, N_MATCH, N_CONCAT, N_NEG, N_PLUS, N_PREINC, N_PREDEC, N_POSTINC,
	N_POSTDEC, N_IN, N_CALL, N_BUILTIN, N_GETLINE, N_GROUP,
	/* statements */
	S_EXPR, S_PRINT, S_PRINTF, S_IF, S_WHILE, S_DO, S_FOR, S_FORIN, S_BLOCK, S_NEXT, S_EXIT,
	S_RETURN, S_BREAK, S_CONTINUE, S_DELETE, S_NEXTFILE
};

enum builtin { B_LENGTH, B_SUBSTR, B_INDEX, B_SPLIT, B_SUB, B_GSUB, B_MATCH, B_SPRINTF, B_SIN,
	       B_COS, B_ATAN2, B_EXP, B_LOG, B_SQRT, B_INT, B_RAND, B_SRAND, B_TOLOWER, B_TOUPPER,
	       B_SYSTEM, B_CLOSE, B_FFLUSH };

struct node {
	enum ntype type;
	int op;    /* the operator token, builtin, or redirection */
	int index; /* N_VAR N_LOCAL N_INDEX (with local): slot; N_CALL: function */
	int local; /* N_INDEX, N_IN, S_FORIN, S_DELETE: the array is a parameter */
	double num;
	char *str;
	struct regex *re;
	struct node *a, *b, *c, *d;
	struct node *next; /* the next in a list (arguments, statements) */
};

struct func {
	char *name;
	int nparams, defined;
	char **params;
	unsigned char *array_param; /* used as an array in the body */
	struct node *body;
};

/* A pattern-action item; BEGIN and END have their own lists. */
struct item {
	struct node *pattern, *pattern2; /* pattern2: a range's end */
	struct node *action;             /* NULL: print $0 */
	int in_range;
	struct item *next;
};

struct program {
	struct node *begin, *end; /* lists of blocks */
	struct item *items;
};

extern struct func *funcs;
extern int nfuncs;

/* lex.c */
enum token {
	T_EOF = 256, T_NEWLINE, T_NUMBER, T_STRING, T_ERE, T_NAME, T_FUNC_NAME, T_BUILTIN,
	T_BEGIN, T_END, T_FUNCTION, T_IF, T_ELSE, T_WHILE, T_FOR, T_DO, T_BREAK, T_CONTINUE,
	T_NEXT, T_NEXTFILE, T_EXIT, T_RETURN, T_DELETE, T_GETLINE, T_PRINT, T_PRINTF, T_IN,
	T_ADD_ASSIGN, T_SUB_ASSIGN, T_MUL_ASSIGN, T_DIV_ASSIGN, T_MOD_ASSIGN, T_POW_ASSIGN, T_EQ,
	T_NE, T_LE, T_GE, T_NOMATCH, T_AND, T_OR, T_INCR, T_DECR, T_APPEND
};

struct lexer {
	const char *src, *p;
	int line;
	int tok;
	double num;   /* T_NUMBER */
	char *text;   /* T_STRING T_ERE T_NAME T_FUNC_NAME */
	int builtin;  /* T_BUILTIN */
};

void lex_init(struct lexer *lx, const char *src);
void lex_next(struct lexer *lx);
/* After a '/' (or "/=") token where an operand is expected: the regex. */
void lex_regex(struct lexer *lx);
char *unescape(const char *s, size_t n); /* a string literal's escapes */

void parse_program(struct program *prog, const char *src);

/* ---- running (interp.c, fields.c, builtin.c) ---- */

extern struct value record; /* $0 */
void set_record(const char *s, size_t n);
struct value field_get(long i);
void field_set(long i, const char *s);
void set_nf(long n);
long field_count(void);
/* Splits s as FS (or fs) would into the array; the number of pieces. */
long split_into(const char *s, struct array *a, struct value *fs);

struct regex *regex_for(const char *src); /* compiled once, cached */

struct value call_builtin(struct node *n);
char *format(const char *fmt, struct node *args); /* printf's output */

struct value eval(struct node *n);
int assign(struct node *lv, struct value v); /* takes v */
FILE *output_stream(int kind, const char *name);
int close_stream(const char *name);
void close_all(void);
int read_record(FILE *f, char **buf, size_t *cap, size_t *len);
int getline_main(char **buf, size_t *cap, size_t *len);
void skip_file(void); /* nextfile */
struct cell *lookup_cell(struct node *n);

int run_program(struct program *prog);

#endif
