/* wc: counts the lines, words and bytes of each file.
 *   wc [-clw] [file...]
 * -l lines (newlines), -w words (runs of non-space characters), -c bytes;
 * none of them: all three. The counts are written in that order, then the
 * name; "-" or no operand is the standard input (no name written). With
 * more than one file, a "total" line follows. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "apps/lib/options.h"
#include "apps/lib/output.h"

struct counts {
	unsigned long long lines, words, bytes;
};

static int show_lines, show_words, show_bytes;

static void usage(void)
{
	fputs("usage: wc [-clw] [file...]\n", stderr);
	exit(2);
}

/* Adds fd's counts to *c. 0, or -1 with errno. */
static int count(int fd, struct counts *c)
{
	static unsigned char buf[4096];
	int in_word = 0;
	ssize_t n;

	while ((n = read(fd, buf, sizeof buf)) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		c->bytes += n;
		for (ssize_t i = 0; i < n; i++) {
			if (buf[i] == '\n')
				c->lines++;
			if (isspace(buf[i])) {
				in_word = 0;
			} else if (!in_word) {
				in_word = 1;
				c->words++;
			}
		}
	}
	return 0;
}

static void report(const struct counts *c, const char *name)
{
	const char *sep = "";

	if (show_lines) {
		printf("%7llu", c->lines);
		sep = " ";
	}
	if (show_words) {
		printf("%s%7llu", sep, c->words);
		sep = " ";
	}
	if (show_bytes)
		printf("%s%7llu", sep, c->bytes);
	if (name)
		printf(" %s", name);
	putchar('\n');
}

int main(int argc, char **argv)
{
	struct counts total = { 0 };
	int status = 0, c;

	/* Options come first; "-" alone is an operand, "--" ends them. */
	while ((c = option_next(argc, argv, "wc", "clw")) != -1) {
		switch (c) {
		case 'c':
			show_bytes = 1;
			break;
		case 'l':
			show_lines = 1;
			break;
		case 'w':
			show_words = 1;
			break;
		default:
			usage();
		}
	}
	if (!show_lines && !show_words && !show_bytes)
		show_lines = show_words = show_bytes = 1;

	if (optind == argc) {
		struct counts one = { 0 };

		if (count(STDIN_FILENO, &one) < 0) {
			fprintf(stderr, "wc: stdin: %s\n", strerror(errno));
			status = 1;
		}
		report(&one, NULL);
	}
	for (int i = optind; i < argc; i++) {
		struct counts one = { 0 };
		int stdin_op = strcmp(argv[i], "-") == 0;
		int fd = stdin_op ? STDIN_FILENO : open(argv[i], O_RDONLY);

		if (fd < 0 || count(fd, &one) < 0) {
			fprintf(stderr, "wc: %s: %s\n", argv[i], strerror(errno));
			status = 1;
			if (fd >= 0 && !stdin_op)
				close(fd);
			continue;
		}
		if (!stdin_op)
			close(fd);
		report(&one, argv[i]);
		total.lines += one.lines;
		total.words += one.words;
		total.bytes += one.bytes;
	}
	if (argc - optind > 1)
		report(&total, "total");

	if (output_flush("wc") < 0)
		return 1;
	return status;
}
