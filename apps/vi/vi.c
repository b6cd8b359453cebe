/* vi: a screen editor, the subset of POSIX XCU vi a person needs to fix
 * a file.
 *   vi [file]
 * Moving: h j k l and the arrows, 0 ^ $, w b, G (5G: line 5) gg, ^F ^B.
 * Changing: i a I A o O (insert until ESC), x X, r c, J, dd dw D (3dd),
 * cw cc, yy p P, u (undo the last change). Searching: /re (a basic
 * regular expression) n N. Ex commands: :w [file] :q :q! :wq :x :w! :N
 * (go to line N) :$ :s/re/text/[g] :%s/re/text/[g] (& and \1..\9 in the
 * text); ZZ. Counts go before commands (3j, 2x).
 *
 * Modes are states of the one loop in main: normal keys run commands;
 * insert keys go into the text; the ':' and '/' lines are read by
 * prompt(). Each change first saves a copy of the text for u (one level:
 * u again undoes the undo, as in POSIX vi). */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "apps/lib/alloc.h"
#include "apps/lib/regex.h"
#include "apps/vi/vi.h"

#define CTRL(c) ((c) & 0x1f)

static long cy, top;
static size_t cx, left;
static char *filename;
static char message[256];
static struct text undo_copy;
static long undo_cy;
static int have_undo;
static char **yank;
static size_t *yank_len;
static long nyank;
static char search_pat[256];
static int quitting;

/* ---- the screen ---- */

static struct {
	char *s;
	size_t len, cap;
} screen; /* the frame being drawn */

static void put(const char *s, size_t n)
{
	if (screen.len + n > screen.cap) {
		screen.cap = (screen.len + n) * 2;
		screen.s = xrealloc("vi", screen.s, screen.cap);
	}
	memcpy(screen.s + screen.len, s, n);
	screen.len += n;
}

static void puts_(const char *s)
{
	put(s, strlen(s));
}

static void say(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(message, sizeof message, fmt, ap);
	va_end(ap);
}

static struct line *cur(void)
{
	return &text.lines[cy];
}

/* The screen column of byte x of line y (tabs to multiples of 8). */
static size_t column(long y, size_t x)
{
	size_t col = 0;

	for (size_t i = 0; i < x && i < text.lines[y].len; i++)
		col = text.lines[y].s[i] == '\t' ? (col / 8 + 1) * 8 : col + 1;
	return col;
}

static void draw_line(long y)
{
	size_t col = 0, shown = 0;

	for (size_t i = 0; i < text.lines[y].len && shown < (size_t)cols; i++) {
		char c = text.lines[y].s[i];
		size_t w = c == '\t' ? 8 - col % 8 : 1;
		for (size_t k = 0; k < w && shown < (size_t)cols; k++, col++) {
			if (col < left)
				continue;
			char ch = c == '\t' ? ' ' : (unsigned char)c < ' ' || c == 127 ? '?' : c;
			put(&ch, 1);
			shown++;
		}
	}
}

static void draw(int insert)
{
	char pos[64];
	size_t vc;

	if (cy < top)
		top = cy;
	if (cy >= top + rows - 1)
		top = cy - rows + 2;
	vc = column(cy, cx);
	if (vc < left)
		left = vc;
	if (vc >= left + (size_t)cols)
		left = vc - (size_t)cols + 1;
	screen.len = 0;
	puts_("\033[H");
	for (int r = 0; r < rows - 1; r++) {
		if (top + r < text.n)
			draw_line(top + r);
		else
			puts_("~");
		puts_("\033[K\r\n");
	}
	puts_(*message ? message : insert ? "-- INSERT --" : "");
	snprintf(pos, sizeof pos, "\033[K\033[%ld;%zuH", cy - top + 1, vc - left + 1);
	puts_(pos);
	term_write(screen.s, screen.len);
}

/* ---- moving ---- */

/* Keeps the cursor on a character (insert mode may sit past the last). */
static void clamp(int insert)
{
	if (cy >= text.n)
		cy = text.n - 1;
	if (cy < 0)
		cy = 0;
	size_t len = cur()->len;
	if (cx > len)
		cx = len;
	if (!insert && cx > 0 && cx == len)
		cx = len - 1;
}

static int word_char(int c)
{
	return isalnum(c) || c == '_';
}

/* w: to the start of the next word (across lines). */
static void word_forward(void)
{
	const char *s = cur()->s;
	size_t n = cur()->len;
	int start = cx < n ? word_char((unsigned char)s[cx]) : 0;

	while (cx < n && !isspace((unsigned char)s[cx]) && word_char((unsigned char)s[cx]) == start)
		cx++;
	for (;;) {
		while (cx < cur()->len && isspace((unsigned char)cur()->s[cx]))
			cx++;
		if (cx < cur()->len || cy == text.n - 1)
			return;
		cy++;
		cx = 0;
		if (cur()->len == 0)
			return; /* an empty line is a word */
	}
}

/* b: to the start of this word or the one before. */
static void word_back(void)
{
	for (;;) {
		while (cx > 0 && isspace((unsigned char)cur()->s[cx - 1]))
			cx--;
		if (cx > 0 || cy == 0)
			break;
		cy--;
		cx = cur()->len;
		if (cx == 0)
			return;
	}
	if (cx == 0)
		return;
	int kind = word_char((unsigned char)cur()->s[cx - 1]);
	while (cx > 0 && !isspace((unsigned char)cur()->s[cx - 1]) &&
	       word_char((unsigned char)cur()->s[cx - 1]) == kind)
		cx--;
}

static void first_nonblank(void)
{
	cx = 0;
	while (cx < cur()->len && isblank((unsigned char)cur()->s[cx]))
		cx++;
}

/* / and n N: the next match of the pattern after (or before) the
 * cursor, wrapping round the end. */
static void search(int forward)
{
	struct regex re;
	struct re_match m[RE_NGROUPS];

	if (!*search_pat) {
		say("No previous regular expression");
		return;
	}
	if (re_compile(&re, search_pat, 0) < 0) {
		say("%s: %s", search_pat, re.err);
		re_free(&re);
		return;
	}
	for (long k = 0; k <= text.n; k++) {
		long y = ((forward ? cy + k : cy - k) % text.n + text.n) % text.n;
		struct line *l = &text.lines[y];
		long best = -1;
		for (long from = 0; from <= (long)l->len && re_search(&re, l->s, (long)l->len, from, m);
		     from = m[0].so + 1) {
			int after = k > 0 || m[0].so > (long)cx, before = k > 0 || m[0].so < (long)cx;
			if (forward && after) {
				best = m[0].so;
				break;
			}
			if (!forward && before)
				best = m[0].so; /* the last one before the cursor */
			if (!forward && k == 0 && m[0].so >= (long)cx)
				break;
		}
		if (best >= 0) {
			if ((forward && y < cy) || (!forward && y > cy))
				say("search hit %s, continuing at %s", forward ? "BOTTOM" : "TOP",
				    forward ? "TOP" : "BOTTOM");
			cy = y;
			cx = (size_t)best;
			re_free(&re);
			return;
		}
	}
	say("Pattern not found: %s", search_pat);
	re_free(&re);
}

/* ---- changing ---- */

static void free_text(struct text *t)
{
	for (long i = 0; i < t->n; i++)
		free(t->lines[i].s);
	free(t->lines);
	memset(t, 0, sizeof *t);
}

static void copy_text(struct text *to, const struct text *from)
{
	to->n = to->cap = from->n;
	to->dirty = from->dirty;
	to->lines = xmalloc("vi", (size_t)from->n * sizeof *to->lines);
	for (long i = 0; i < from->n; i++) {
		to->lines[i].len = from->lines[i].len;
		to->lines[i].cap = from->lines[i].len + 1;
		to->lines[i].s = xmalloc("vi", to->lines[i].cap);
		memcpy(to->lines[i].s, from->lines[i].s, to->lines[i].cap);
	}
}

/* Before a change: the text as it is, for u. */
static void save_undo(void)
{
	free_text(&undo_copy);
	copy_text(&undo_copy, &text);
	undo_cy = cy;
	have_undo = 1;
}

static void undo(void)
{
	struct text t = text;
	long y = cy;

	if (!have_undo) {
		say("Already at oldest change");
		return;
	}
	text = undo_copy;
	undo_copy = t;
	cy = undo_cy;
	undo_cy = y;
	text.dirty = 1;
	cx = 0;
}

static void yank_lines(long y, long count)
{
	for (long i = 0; i < nyank; i++)
		free(yank[i]);
	if (count > text.n - y)
		count = text.n - y;
	yank = xrealloc("vi", yank, (size_t)count * sizeof *yank);
	yank_len = xrealloc("vi", yank_len, (size_t)count * sizeof *yank_len);
	for (long i = 0; i < count; i++) {
		yank_len[i] = text.lines[y + i].len;
		yank[i] = xmalloc("vi", yank_len[i] + 1);
		memcpy(yank[i], text.lines[y + i].s, yank_len[i] + 1);
	}
	nyank = count;
}

static void delete_lines(long count)
{
	yank_lines(cy, count);
	text_delete_lines(cy, count);
	if (text.n == 0)
		text_init();
	if (count > 1)
		say("%ld fewer lines", count);
}

static void put_lines(int below)
{
	long at = below ? cy + 1 : cy;

	if (nyank == 0) {
		say("Nothing in the register");
		return;
	}
	for (long i = 0; i < nyank; i++)
		text_insert_line(at + i, yank[i], yank_len[i]);
	cy = at;
	first_nonblank();
}

static char *copy_string(const char *s)
{
	char *d = xmalloc("vi", strlen(s) + 1);

	strcpy(d, s);
	return d;
}

/* ---- the bottom line ---- */

/* Reads a line after the prompt character: 0, or -1 if ESC dropped it. */
static int prompt(char c, char *buf, size_t size)
{
	size_t n = 0;

	for (;;) {
		char line[300];
		int len = snprintf(line, sizeof line, "\033[%d;1H%c%.*s\033[K", rows, c, (int)n, buf);
		term_write(line, (size_t)len);
		int k = term_key();
		if (k == '\r' || k == '\n') {
			buf[n] = '\0';
			return 0;
		}
		if (k == '\033' || k < 0 || ((k == 127 || k == 8) && n == 0))
			return -1;
		if (k == 127 || k == 8)
			n--;
		else if (k >= ' ' && k < 127 && n + 1 < size)
			buf[n++] = (char)k;
	}
}

static int write_file(const char *name)
{
	long bytes;

	if (!name) {
		say("No file name");
		return -1;
	}
	if ((bytes = text_save(name)) < 0) {
		say("\"%s\" %s", name, strerror(errno));
		return -1;
	}
	say("\"%s\" %ldL, %ldB written", name, text.n == 1 && text.lines[0].len == 0 ? 0 : text.n, bytes);
	return 0;
}

/* The text that replaces match m of line l: & and \\1..\\9 taken from it. */
static void expand_replacement(const char *repl, const struct line *l, const struct re_match *m,
                               char **out, size_t *len)
{
	for (const char *r = repl; *r; r++) {
		int g = -1;
		if (*r == '&')
			g = 0;
		else if (*r == '\\' && r[1] >= '0' && r[1] <= '9')
			g = *++r - '0';
		else if (*r == '\\' && r[1])
			r++;
		const char *from = g < 0 ? r : l->s + m[g].so;
		size_t n = g < 0 ? 1 : m[g].so < 0 ? 0 : (size_t)(m[g].eo - m[g].so);
		*out = xrealloc("vi", *out, *len + n + 1);
		memcpy(*out + *len, from, n);
		*len += n;
	}
}

/* One line's substitution: the number of replacements. */
static int substitute_line(long y, struct regex *re, const char *repl, int global)
{
	struct line *l = &text.lines[y];
	struct re_match m[RE_NGROUPS];
	char *out = NULL;
	size_t len = 0;
	long pos = 0;
	int count = 0;

	while (pos <= (long)l->len && re_search(re, l->s, (long)l->len, pos, m)) {
		out = xrealloc("vi", out, len + (size_t)(m[0].so - pos) + 1);
		memcpy(out + len, l->s + pos, (size_t)(m[0].so - pos));
		len += (size_t)(m[0].so - pos);
		expand_replacement(repl, l, m, &out, &len);
		count++;
		pos = m[0].eo;
		if (!global)
			break;
		if (m[0].so == m[0].eo) { /* an empty match: step over a character */
			if (pos < (long)l->len) {
				out = xrealloc("vi", out, len + 2);
				out[len++] = l->s[pos];
			}
			pos++;
		}
	}
	if (count) {
		size_t rest = pos < (long)l->len ? l->len - (size_t)pos : 0;
		out = xrealloc("vi", out, len + rest + 1);
		memcpy(out + len, l->s + l->len - rest, rest);
		len += rest;
		text_delete_lines(y, 1);
		text_insert_line(y, out, len);
	}
	free(out);
	return count;
}

/* :s/re/text/[g], on the line or (all) every line. */
static void ex_substitute(char *cmd, int all)
{
	char delim = cmd[1], *pat = cmd + 2, *repl, *flags;
	struct regex re;
	int count = 0;

	if (!delim || !(repl = strchr(pat, delim))) {
		say("Usage: :s/pattern/text/[g]");
		return;
	}
	*repl++ = '\0';
	flags = strchr(repl, delim);
	if (flags)
		*flags++ = '\0';
	if (*pat)
		snprintf(search_pat, sizeof search_pat, "%s", pat);
	if (re_compile(&re, search_pat, 0) < 0) {
		say("%s: %s", search_pat, re.err);
		re_free(&re);
		return;
	}
	save_undo();
	for (long y = all ? 0 : cy; y < (all ? text.n : cy + 1); y++)
		count += substitute_line(y, &re, repl, flags && strchr(flags, 'g'));
	re_free(&re);
	if (!count)
		say("Pattern not found: %s", search_pat);
}

/* An ex command (after ':'). */
static void ex_command(char *cmd)
{
	char *arg;
	int force;

	while (*cmd == ' ' || *cmd == ':')
		cmd++;
	if (isdigit((unsigned char)*cmd) || strcmp(cmd, "$") == 0) {
		cy = *cmd == '$' ? text.n - 1 : atol(cmd) - 1;
		first_nonblank();
		return;
	}
	if ((cmd[0] == 's' && cmd[1] && !isalpha((unsigned char)cmd[1])) ||
	    (cmd[0] == '%' && cmd[1] == 's')) {
		ex_substitute(cmd + (cmd[0] == '%'), cmd[0] == '%');
		return;
	}
	arg = cmd + strcspn(cmd, " ");
	if (*arg)
		*arg++ = '\0';
	while (*arg == ' ')
		arg++;
	force = cmd[0] && cmd[strlen(cmd) - 1] == '!';
	if (force)
		cmd[strlen(cmd) - 1] = '\0';
	if (strcmp(cmd, "w") == 0 || strcmp(cmd, "wq") == 0 || strcmp(cmd, "x") == 0) {
		if (*arg && !filename)
			filename = copy_string(arg);
		if ((strcmp(cmd, "x") != 0 || text.dirty) && write_file(*arg ? arg : filename) < 0)
			return;
		if (cmd[0] != 'w' || cmd[1] == 'q')
			quitting = 1;
	} else if (strcmp(cmd, "q") == 0) {
		if (text.dirty && !force)
			say("No write since last change (add ! to override)");
		else
			quitting = 1;
	} else if (*cmd) {
		say("Not an editor command: %s", cmd);
	}
}

/* ---- insert mode ---- */

/* Keys go into the text until ESC. */
static void insert_mode(void)
{
	int k;

	for (;;) {
		clamp(1);
		draw(1);
		message[0] = '\0';
		if ((k = term_key()) < 0 || k == '\033')
			break;
		switch (k) {
		case '\r':
		case '\n':
			text_split(cy, cx);
			cy++;
			cx = 0;
			break;
		case 127:
		case 8:
			if (cx > 0) {
				line_delete_char(cy, --cx);
			} else if (cy > 0) {
				cx = text.lines[cy - 1].len;
				text_join(--cy);
			}
			break;
		case K_DELETE: line_delete_char(cy, cx); break;
		case K_LEFT: if (cx > 0) cx--; break;
		case K_RIGHT: cx++; break;
		case K_UP: cy--; break;
		case K_DOWN: cy++; break;
		case K_HOME: cx = 0; break;
		case K_END: cx = cur()->len; break;
		default:
			if ((k >= ' ' && k < 256 && k != 127) || k == '\t')
				line_insert_char(cy, cx++, (char)k);
		}
	}
	if (cx > 0)
		cx--;
}

/* ---- normal mode ---- */

/* The commands that change the text (undo is saved before them). */
static int change(int k, long count)
{
	switch (k) {
	case 'x':
	case K_DELETE:
		for (long i = 0; i < count; i++)
			line_delete_char(cy, cx);
		return 1;
	case 'X':
		for (long i = 0; i < count && cx > 0; i++)
			line_delete_char(cy, --cx);
		return 1;
	case 'D':
		cur()->len = cx;
		cur()->s[cx] = '\0';
		text.dirty = 1;
		return 1;
	case 'J':
		for (long i = 0; i < (count > 1 ? count - 1 : 1) && cy + 1 < text.n; i++) {
			cx = cur()->len;
			line_insert_char(cy, cx, ' ');
			text_join(cy);
		}
		return 1;
	case 'p':
	case 'P': put_lines(k == 'p'); return 1;
	case 'r': {
		int c = term_key();
		if (c >= ' ' && c < 256 && cx < cur()->len) {
			cur()->s[cx] = (char)c;
			text.dirty = 1;
		}
		return 1;
	}
	}
	return 0;
}

/* i a I A o O: where the insertion starts, then insert mode. */
static int insert_command(int k)
{
	switch (k) {
	case 'i': break;
	case 'a': if (cur()->len > 0) cx++; break;
	case 'I': first_nonblank(); break;
	case 'A': cx = cur()->len; break;
	case 'o': text_insert_line(++cy, "", 0); cx = 0; break;
	case 'O': text_insert_line(cy, "", 0); cx = 0; break;
	default: return 0;
	}
	insert_mode();
	return 1;
}

static int motion(int k, long count, int counted)
{
	switch (k) {
	case 'h': case K_LEFT: case 8: cx = cx > (size_t)count ? cx - (size_t)count : 0; break;
	case 'l': case K_RIGHT: case ' ': cx += (size_t)count; break;
	case 'j': case K_DOWN: case CTRL('N'): cy += count; break;
	case 'k': case K_UP: case CTRL('P'): cy -= count; break;
	case '+': case '\r': case '\n': cy += count; first_nonblank(); break;
	case '-': cy -= count; first_nonblank(); break;
	case '0': case K_HOME: cx = 0; break;
	case '^': first_nonblank(); break;
	case '$': case K_END: cx = cur()->len; break;
	case 'w': for (long i = 0; i < count; i++) word_forward(); break;
	case 'b': for (long i = 0; i < count; i++) word_back(); break;
	case 'G': cy = counted ? count - 1 : text.n - 1; first_nonblank(); break;
	case CTRL('F'): case K_PGDN: cy += count * (rows - 2); break;
	case CTRL('B'): case K_PGUP: cy -= count * (rows - 2); break;
	case 'n': case 'N': search(k == 'n'); break;
	default: return 0;
	}
	return 1;
}

/* Where the word at the cursor ends on this line (end: past its last
 * character); with blanks, past the blanks after it too (dw, not cw). */
static size_t word_end(size_t x, int blanks)
{
	const char *s = cur()->s;
	size_t n = cur()->len;

	if (x < n && !isspace((unsigned char)s[x])) {
		int kind = word_char((unsigned char)s[x]);
		while (x < n && !isspace((unsigned char)s[x]) && word_char((unsigned char)s[x]) == kind)
			x++;
	}
	while (blanks && x < n && isspace((unsigned char)s[x]))
		x++;
	return x;
}

/* dw and cw: count words from the cursor, on this line. */
static void delete_words(long count, int change)
{
	size_t end = cx;

	for (long i = 0; i < count; i++)
		end = word_end(end, !change || i + 1 < count);
	memmove(cur()->s + cx, cur()->s + end, cur()->len - end + 1);
	cur()->len -= end - cx;
	text.dirty = 1;
}

/* Commands of two keys: dd dw d$ cw cc yy gg ZZ. */
static void two_keys(int k, long count, int counted)
{
	int k2 = term_key();

	if ((k == 'd' || k == 'c') && (k2 == 'w' || k2 == 'e')) {
		save_undo();
		delete_words(count, k == 'c' || k2 == 'e');
		if (k == 'c')
			insert_mode();
		return;
	}
	if (k == 'c' && k2 == 'c') {
		save_undo();
		cur()->len = 0;
		cur()->s[0] = '\0';
		cx = 0;
		text.dirty = 1;
		insert_mode();
		return;
	}

	if (k == 'g' && k2 == 'g') {
		cy = counted ? count - 1 : 0;
		first_nonblank();
	} else if (k == 'Z' && k2 == 'Z') {
		ex_command("x");
	} else if (k == 'd' && k2 == 'd') {
		save_undo();
		delete_lines(count);
		first_nonblank();
	} else if (k == 'd' && k2 == '$') {
		save_undo();
		change('D', 1);
	} else if (k == 'y' && k2 == 'y') {
		yank_lines(cy, count);
		say(count > 1 ? "%ld lines yanked" : "", count);
	}
}

static void normal_key(int k)
{
	static long count;
	static int counted;
	char line[256];

	if (isdigit(k) && (k != '0' || counted)) {
		count = count * 10 + (k - '0');
		counted = 1;
		return;
	}
	long n = counted && count > 0 ? count : 1;
	int was_counted = counted;
	count = counted = 0;
	if (motion(k, n, was_counted))
		return;
	if ((k > 0 && k < 256 && strchr("xXDJpPr", k)) || k == K_DELETE) {
		save_undo();
		change(k, n);
	} else if (k > 0 && k < 256 && strchr("iaIAoO", k)) {
		save_undo();
		insert_command(k);
	} else if (k > 0 && k < 256 && strchr("dygZc", k)) {
		two_keys(k, n, was_counted);
	} else if (k == 'u') {
		undo();
	} else if (k == ':') {
		if (prompt(':', line, sizeof line) == 0)
			ex_command(line);
	} else if (k == '/') {
		if (prompt('/', line, sizeof line) == 0) {
			if (*line)
				snprintf(search_pat, sizeof search_pat, "%s", line);
			search(1);
		}
	} else if (k == CTRL('G')) {
		say("\"%s\"%s line %ld of %ld", filename ? filename : "[No Name]",
		    text.dirty ? " [Modified]" : "", cy + 1, text.n);
	}
}

int main(int argc, char **argv)
{
	if (argc > 2 || (argc == 2 && argv[1][0] == '-' && argv[1][1])) {
		fputs("usage: vi [file]\n", stderr);
		return 2;
	}
	text_init();
	if (argc == 2) {
		filename = argv[1];
		int r = text_load(filename);
		if (r < 0) {
			fprintf(stderr, "vi: %s: %s\n", filename, strerror(errno));
			return 1;
		}
		if (r == 1)
			say("\"%s\" [New File]", filename);
		else
			say("\"%s\" %ldL", filename, text.n);
	}
	if (term_raw() < 0) {
		fprintf(stderr, "vi: the standard input is not a terminal\n");
		return 1;
	}
	while (!quitting) {
		int k;
		clamp(0);
		draw(0);
		message[0] = '\0';
		if ((k = term_key()) < 0)
			break;
		normal_key(k);
	}
	term_write("\033[2J\033[H", 7);
	term_restore();
	return 0;
}
