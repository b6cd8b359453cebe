/* vi's text: the lines, their editing, and reading and writing the file
 * (vi.h says how it is kept). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "apps/lib/alloc.h"
#include "apps/vi/vi.h"

struct text text;

static void line_reserve(struct line *l, size_t n)
{
	if (n + 1 > l->cap) {
		l->cap = (n + 1) * 2;
		l->s = xrealloc("vi", l->s, l->cap);
	}
}

static void line_set(struct line *l, const char *s, size_t n)
{
	line_reserve(l, n);
	memcpy(l->s, s, n);
	l->s[n] = '\0';
	l->len = n;
}

/* Room for one more line at y, the lines after it moved down. */
static struct line *open_line(long y)
{
	if (text.n == text.cap) {
		text.cap = text.cap ? 2 * text.cap : 64;
		text.lines = xrealloc("vi", text.lines, (size_t)text.cap * sizeof *text.lines);
	}
	memmove(&text.lines[y + 1], &text.lines[y], (size_t)(text.n - y) * sizeof *text.lines);
	text.n++;
	memset(&text.lines[y], 0, sizeof text.lines[y]);
	return &text.lines[y];
}

void text_init(void)
{
	line_set(open_line(0), "", 0);
}

int text_load(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf = NULL;
	size_t len = 0, cap = 0;
	int c;

	if (!f)
		return errno == ENOENT ? 1 : -1;
	text_delete_lines(0, text.n);
	while ((c = getc(f)) != EOF) {
		if (c == '\n') {
			text_insert_line(text.n, buf ? buf : "", len);
			len = 0;
			continue;
		}
		if (len + 1 >= cap)
			buf = xrealloc("vi", buf, cap = cap ? 2 * cap : 128);
		buf[len++] = (char)c;
	}
	if (len > 0) /* a last line without its newline gets one */
		text_insert_line(text.n, buf, len);
	free(buf);
	if (text.n == 0)
		text_init();
	fclose(f);
	text.dirty = 0;
	return 0;
}

long text_save(const char *path)
{
	FILE *f = fopen(path, "w");
	long bytes = 0;

	if (!f)
		return -1;
	/* One empty line is an empty file. */
	if (!(text.n == 1 && text.lines[0].len == 0))
		for (long y = 0; y < text.n; y++) {
			fwrite(text.lines[y].s, 1, text.lines[y].len, f);
			putc('\n', f);
			bytes += (long)text.lines[y].len + 1;
		}
	if (fclose(f) == EOF)
		return -1;
	text.dirty = 0;
	return bytes;
}

void line_insert_char(long y, size_t x, char c)
{
	struct line *l = &text.lines[y];

	line_reserve(l, l->len + 1);
	memmove(l->s + x + 1, l->s + x, l->len - x + 1);
	l->s[x] = c;
	l->len++;
	text.dirty = 1;
}

void line_delete_char(long y, size_t x)
{
	struct line *l = &text.lines[y];

	if (x >= l->len)
		return;
	memmove(l->s + x, l->s + x + 1, l->len - x);
	l->len--;
	text.dirty = 1;
}

void text_split(long y, size_t x)
{
	text_insert_line(y + 1, text.lines[y].s + x, text.lines[y].len - x);
	text.lines[y].len = x;
	text.lines[y].s[x] = '\0';
}

void text_join(long y)
{
	struct line *l = &text.lines[y], *next = &text.lines[y + 1];

	line_reserve(l, l->len + next->len);
	memcpy(l->s + l->len, next->s, next->len + 1);
	l->len += next->len;
	text_delete_lines(y + 1, 1);
}

void text_insert_line(long y, const char *s, size_t len)
{
	line_set(open_line(y), s, len);
	text.dirty = 1;
}

void text_delete_lines(long y, long count)
{
	if (count > text.n - y)
		count = text.n - y;
	for (long i = y; i < y + count; i++)
		free(text.lines[i].s);
	memmove(&text.lines[y], &text.lines[y + count], (size_t)(text.n - y - count) * sizeof *text.lines);
	text.n -= count;
	text.dirty = 1;
}
