/* The shell's word expansion (apps/sh/expand.c): parameters and their
 * ${...} forms, command substitution (a fake that echoes), arithmetic,
 * field splitting with IFS, quote removal, "$@", pathnames and patterns.
 * Variables come from a small table standing in for the shell's. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#define SH_PURE_ONLY
#include "apps/sh/sh.h"

#define NVARS 32
static char *names[NVARS], *values[NVARS];
static char *params[4];
static int nparams;
static char err[200];

static const char *get(void *ctx, const char *name)
{
	static char num[16];

	if (strcmp(name, "#") == 0) {
		snprintf(num, sizeof num, "%d", nparams);
		return num;
	}
	if (name[0] >= '1' && name[0] <= '9')
		return atoi(name) <= nparams ? params[atoi(name) - 1] : NULL;
	for (int i = 0; i < NVARS; i++)
		if (names[i] && strcmp(names[i], name) == 0)
			return values[i];
	return NULL;
}

static int set(void *ctx, const char *name, const char *value, char *e, size_t elen)
{
	int free_slot = -1;

	if (strcmp(name, "RO") == 0) {
		snprintf(e, elen, "%s: is read only", name);
		return -1;
	}
	for (int i = 0; i < NVARS; i++) {
		if (names[i] && strcmp(names[i], name) == 0) {
			free(values[i]);
			values[i] = strdup(value);
			return 0;
		}
		if (!names[i] && free_slot < 0)
			free_slot = i;
	}
	cr_assert_geq(free_slot, 0);
	names[free_slot] = strdup(name);
	values[free_slot] = strdup(value);
	return 0;
}

static int get_params(void *ctx, char ***v)
{
	*v = params;
	return nparams;
}

/* $(cmd) stands for cmd's text with a newline, as `echo cmd` would. */
static char *subst(void *ctx, const char *cmd)
{
	size_t n = strlen(cmd);
	char *s = malloc(n + 3);

	memcpy(s, cmd, n);
	strcpy(s + n, "\n\n");
	return s;
}

static struct sh_xops ops = { .get = get, .set = set, .params = get_params, .subst = subst };

static void setup(void)
{
	static const char *const table[][2] = {
		{ "X", "hello" },  { "E", "" },        { "S", " a  b c " }, { "HOME", "/home/u" },
		{ "F", "f.tar.gz" }, { "P", "/usr/local/bin/tool" }, { "G", "*" }, { "RO", "fixed" },
	};
	for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
		set(NULL, table[i][0], table[i][1], err, sizeof err);
	params[0] = "one";
	params[1] = "two words";
	params[2] = "";
	nparams = 3;
	ops.nounset = ops.noglob = 0;
}

static void teardown(void)
{
	for (int i = 0; i < NVARS; i++) {
		free(names[i]);
		free(values[i]);
		names[i] = values[i] = NULL;
	}
}

TestSuite(sh_expand, .init = setup, .fini = teardown);

/* The fields of the words of text (as the lexer splits it), joined as
 * [a][b]. */
static void fields(const char *word, const char *want)
{
	struct sh_words w = { 0 };
	struct sh_buf b = { 0 };
	struct sh_token *t;
	size_t n;

	cr_assert_eq(sh_lex(word, &t, &n, err, sizeof err), SH_OK, "lexing <%s>: %s", word, err);
	for (size_t i = 0; i < n && t[i].kind == SH_T_WORD; i++)
		cr_assert_eq(sh_expand_fields(t[i].text, &ops, &w, err, sizeof err), 0,
		             "expanding <%s>: %s", t[i].text, err);
	sh_tokens_free(t, n);
	for (size_t i = 0; i < w.n; i++) {
		sh_buf_putc(&b, '[');
		sh_buf_puts(&b, w.v[i]);
		sh_buf_putc(&b, ']');
	}
	char *got = sh_buf_take(&b);
	cr_expect_str_eq(got, want, "<%s> gave <%s>", word, got);
	free(got);
	sh_words_free(&w);
}

static void string(const char *word, const char *want)
{
	char *s = sh_expand_string(word, &ops, err, sizeof err);

	cr_assert_not_null(s, "expanding <%s>: %s", word, err);
	cr_expect_str_eq(s, want, "<%s> gave <%s>", word, s);
	free(s);
}

static void fails(const char *word, const char *msg)
{
	struct sh_words w = { 0 };

	cr_expect_eq(sh_expand_fields(word, &ops, &w, err, sizeof err), -1, "<%s> expanded", word);
	cr_expect_str_eq(err, msg, "<%s>", word);
	sh_words_free(&w);
}

Test(sh_expand, quotes_are_removed)
{
	fields("'a b'\"c d\"e\\ f", "[a bc de f]");
	fields("\"\"", "[]");
	fields("''x", "[x]");
	fields("\"a\\$X\\\"\\\\\\q\"", "[a$X\"\\\\q]");
	fields("'$X'", "[$X]");
}

Test(sh_expand, parameters)
{
	fields("$X ${X}s $X_ \"$X\"", "[hello][hellos][hello]");
	fields("$E", "");
	fields("\"$E\"", "[]");
	fields("$1 ${2} $#", "[one][two][words][3]");
	fields("a$", "[a$]");
	fields("~ ~/x ~u", "[/home/u][/home/u/x][~u]");
}

Test(sh_expand, unquoted_expansions_are_split_at_ifs)
{
	fields("$S", "[a][b][c]");
	fields("\"$S\"", "[ a  b c ]");
	fields("x${S}y", "[x][a][b][c][y]");
	set(NULL, "IFS", ":", err, sizeof err);
	set(NULL, "L", "a::b:", err, sizeof err);
	fields("$L", "[a][][b]");
	set(NULL, "L", ":a", err, sizeof err);
	fields("$L", "[][a]");
	set(NULL, "IFS", " :", err, sizeof err);
	set(NULL, "L", "a : b  c", err, sizeof err);
	fields("$L", "[a][b][c]");
	set(NULL, "IFS", "", err, sizeof err);
	fields("$S", "[ a  b c ]");
}

Test(sh_expand, at_and_star)
{
	fields("\"$@\"", "[one][two words][]");
	fields("$@", "[one][two][words]");
	fields("\"x$@y\"", "[xone][two words][y]");
	fields("\"$*\"", "[one two words ]");
	set(NULL, "IFS", "-", err, sizeof err);
	fields("\"$*\"", "[one-two words-]");
	nparams = 0;
	fields("\"$@\"", "");
	fields("\"$@\"x", "[x]");
}

Test(sh_expand, default_assign_alternative_and_error_forms)
{
	fields("${U:-a b} \"${U:-a b}\" ${E:-e} ${E-e}", "[a][b][a b][e]");
	fields("${X:+alt} ${U:+alt} ${E+set}", "[alt][set]");
	fields("${N:=new}", "[new]");
	string("$N", "new");
	fails("${U:?is needed}", "U: is needed");
	fails("${U?}", "U: parameter not set");
	fails("${E:?}", "E: parameter null");
	fails("${RO:=x}", "RO: is read only");
}

Test(sh_expand, length_and_affixes)
{
	fields("${#X} ${#E} ${#U}", "[5][0][0]");
	fields("${F%.*} ${F%%.*} ${F#*.} ${F##*.}", "[f.tar][f][tar.gz][gz]");
	fields("${P##*/} ${P%/*}", "[tool][/usr/local/bin]");
	fields("${F%\"*\"} ${X#h?l}", "[f.tar.gz][lo]");
	fields("${X%[lo]} ${X%%[!h]*}", "[hell][h]");
}

Test(sh_expand, command_substitution_drops_trailing_newlines)
{
	fields("$(a b)", "[a][b]");
	fields("\"$(a b)\"", "[a b]");
	fields("`echo \\`x\\``", "[echo][`x`]");
	fields("x$(echo $(inner))y", "[xecho][$(inner)y]");
}

Test(sh_expand, arithmetic)
{
	string("$((1 + 2 * 3)) $(((1 + 2) * 3)) $((X2=4)) $X2", "7 9 4 4");
	string("$(($1x))", "0"); /* the variable onex, unset */
}

Test(sh_expand, patterns_escape_what_was_quoted)
{
	char *p = sh_expand_pattern("a*\"b*\"\\?$G", &ops, err, sizeof err);
	cr_assert_not_null(p);
	cr_expect_str_eq(p, "a*b\\*\\?*");
	free(p);
}

Test(sh_expand, nounset_refuses_unset_parameters)
{
	ops.nounset = 1;
	fails("$U", "U: parameter not set");
	fails("${U}", "U: parameter not set");
	fields("${U-ok} \"$@\"", "[ok][one][two words][]");
}

Test(sh_expand, pathnames_are_expanded_and_sorted)
{
	char dir[] = "/tmp/sh_expand_XXXXXX", cwd[512];
	cr_assert_not_null(mkdtemp(dir));
	cr_assert_not_null(getcwd(cwd, sizeof cwd));
	cr_assert_eq(chdir(dir), 0);
	const char *files[] = { "b.c", "a.c", "a.h", ".hidden.c", "sub/x.c" };
	mkdir("sub", 0777);
	for (size_t i = 0; i < 5; i++)
		fclose(fopen(files[i], "w"));

	fields("*.c", "[a.c][b.c]");
	fields("?.[ch]", "[a.c][a.h][b.c]");
	fields("*/*.c", "[sub/x.c]");
	fields(".*.c", "[.hidden.c]");
	fields("\"*\".c none*", "[*.c][none*]");
	fields("$G.h", "[a.h]");
	ops.noglob = 1;
	fields("*.c", "[*.c]");

	for (size_t i = 0; i < 5; i++)
		unlink(files[i]);
	rmdir("sub");
	cr_assert_eq(chdir(cwd), 0);
	rmdir(dir);
}

Test(sh_expand, here_document_bodies)
{
	char *s = sh_expand_heredoc("a $X \"q\" '$X' \\$X \\a $((2+2))\n", &ops, err, sizeof err);
	cr_assert_not_null(s, "%s", err);
	cr_expect_str_eq(s, "a hello \"q\" 'hello' $X \\a 4\n");
	free(s);
}
