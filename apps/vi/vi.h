/* vi's parts: the text (buffer.c), the terminal (term.c), the commands
 * (vi.c).
 *
 * The text is an array of lines, each its own malloc'ed string without
 * the newline; there is always at least one line (an empty file is one
 * empty line, written back as nothing). The cursor is a line and a byte
 * in it. The screen is drawn whole after each command: a console at
 * 115200 baud redraws 24 lines in a blink, and there is no state to get
 * out of step with the text. */
#ifndef APPS_VI_VI_H
#define APPS_VI_VI_H

#include <stddef.h>

struct line {
	char *s;
	size_t len, cap;
};

struct text {
	struct line *lines;
	long n, cap;
	int dirty;
};

extern struct text text;

/* buffer.c */
void text_init(void);
/* Reads path into the text: 0, 1 if it does not exist (a new file), -1
 * on another error (errno). */
int text_load(const char *path);
/* Writes the text to path: the number of bytes, or -1 (errno). */
long text_save(const char *path);
void line_insert_char(long y, size_t x, char c);
void line_delete_char(long y, size_t x);
void text_split(long y, size_t x);     /* the line breaks at x */
void text_join(long y);                /* line y+1 onto the end of y */
void text_insert_line(long y, const char *s, size_t len); /* before line y */
void text_delete_lines(long y, long count);

/* term.c */
enum key { K_UP = 1000, K_DOWN, K_LEFT, K_RIGHT, K_HOME, K_END, K_DELETE, K_PGUP, K_PGDN };

extern int rows, cols;
int term_raw(void); /* -1 if the standard input is no terminal */
void term_restore(void);
int term_key(void); /* a byte or an enum key; -1 at the end of the input */
void term_write(const char *s, size_t n);

#endif
