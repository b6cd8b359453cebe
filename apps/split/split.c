/* split: cuts a file into pieces.
 *   split [-l line_count] [-a suffix_length] [file [name]]
 *   split -b n[k|m] [-a suffix_length] [file [name]]
 * Writes the pieces to nameaa, nameab, ... (name "x", suffix_length 2):
 * each line_count (1000) lines, or with -b n bytes (k: KiB, m: MiB). The
 * standard input when file is "-" or absent. Fails when the suffixes run
 * out, leaving the pieces written. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "apps/lib/alloc.h"
#include "apps/lib/input.h"
#include "apps/lib/options.h"

static char *out_name;
static size_t prefix_len;
static long suffix_len = 2;
static long pieces; /* written so far */

/* The next piece, or NULL after a message. */
static FILE *next_piece(void)
{
	long k = pieces++;

	for (long i = suffix_len - 1; i >= 0; i--) {
		out_name[prefix_len + (size_t)i] = (char)('a' + k % 26);
		k /= 26;
	}
	if (k) {
		fputs("split: too many pieces for the suffix length\n", stderr);
		return NULL;
	}
	FILE *f = fopen(out_name, "w");
	if (!f)
		fprintf(stderr, "split: %s: %s\n", out_name, strerror(errno));
	return f;
}

static int close_piece(FILE *f)
{
	if (fclose(f) == EOF) {
		fprintf(stderr, "split: %s: %s\n", out_name, strerror(errno));
		return -1;
	}
	return 0;
}

/* Pieces of count units, bytes or lines: 0, or 1 after a message. */
static int split(FILE *in, long count, int by_bytes)
{
	FILE *out = NULL;
	long done = 0;
	int c;

	while ((c = getc(in)) != EOF) {
		if (!out) {
			if (!(out = next_piece()))
				return 1;
			done = 0;
		}
		putc(c, out);
		if ((by_bytes || c == '\n') && ++done == count) {
			if (close_piece(out) < 0)
				return 1;
			out = NULL;
		}
	}
	return out && close_piece(out) < 0 ? 1 : 0;
}

int main(int argc, char **argv)
{
	long count = 1000;
	int by_bytes = 0, by_lines = 0, c;
	char *arg, *end;

	while ((c = option_arg(argc, argv, "split", "l:a:b:", &arg)) != -1) {
		if (c == 'l') {
			count = strtol(arg, &end, 10);
			by_lines = 1;
			if (*end || count < 1)
				goto usage;
		} else if (c == 'b') {
			count = strtol(arg, &end, 10);
			if (*end == 'k')
				count *= 1024, end++;
			else if (*end == 'm')
				count *= 1024 * 1024, end++;
			by_bytes = 1;
			if (*end || count < 1)
				goto usage;
		} else if (c == 'a') {
			suffix_len = strtol(arg, &end, 10);
			if (*end || suffix_len < 1 || suffix_len > 64)
				goto usage;
		} else {
			goto usage;
		}
	}
	if ((by_lines && by_bytes) || argc - optind > 2)
		goto usage;
	const char *file = optind < argc ? argv[optind] : "-";
	const char *prefix = optind + 1 < argc ? argv[optind + 1] : "x";
	prefix_len = strlen(prefix);
	out_name = xmalloc("split", prefix_len + (size_t)suffix_len + 1);
	memcpy(out_name, prefix, prefix_len);
	out_name[prefix_len + (size_t)suffix_len] = '\0';
	FILE *in = input_open("split", file);
	if (!in)
		return 1;
	int status = split(in, count, by_bytes);
	input_close(in);
	return status;
usage:
	fputs("usage: split [-l line_count] [-a suffix_length] [file [name]]\n"
	      "       split -b n[k|m] [-a suffix_length] [file [name]]\n",
	      stderr);
	return 2;
}
