/* The utilities' option parsing: getopt(3) as POSIX has it, on newlib.
 *
 * Options come first and end at the first operand, at "--" (dropped) or
 * at a lone "-" (an operand: the standard input for cat, wc, sort, grep).
 * newlib's getopt needs two things said for this: by default it moves
 * options from behind operands to the front (GNU's order), and it takes a
 * lone "-" for an option and reads past the end of it. So the next word is
 * looked at here first, and getopt is only asked about one that is an
 * option (or a group of them, "-fr", part read).
 * Only options without an argument are taken: for one with an argument
 * newlib's getopt drops an '=' that starts it in the same word ("-e=x"
 * gives "x", "-e=" takes the next word), so grep, head and tail read
 * theirs themselves.
 *
 * apps/lib holds what several programs share. The build makes each
 * program from the C files of its own directory (apps/<name>) alone, so
 * these are static inline functions in headers, included by their path
 * from the top ("apps/lib/options.h"). */
#ifndef APPS_LIB_OPTIONS_H
#define APPS_LIB_OPTIONS_H

#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* The next option of argv, as getopt(argc, argv, opts) would return it
 * with the order above; opts holds the letters of the options, none of
 * which takes an argument. -1 at the end of the options, with optind the
 * first operand. An unknown option is named on stderr ("rm: unknown
 * option -x") and '?' is returned: the caller then writes its usage line
 * and exits with status 2. */
static inline int option_next(int argc, char *const argv[], const char *prog, const char *opts)
{
	/* The word getopt reads and the letter in it: newlib's getopt sets
	 * optopt to '?', not to the letter, for an unknown option. */
	static int word = -1, letter;
	/* newlib's optind is 0 until its getopt's first call. */
	int at = optind > 0 ? optind : 1;
	int c;

	if (at >= argc || argv[at][0] != '-' || argv[at][1] == '\0') {
		optind = at;
		return -1;
	}
	if (at != word) {
		word = at;
		letter = 1;
	}
	opterr = 0; /* the messages are written here, in the utilities' words */
	c = getopt(argc, argv, opts);
	if (c == '?')
		fprintf(stderr, "%s: unknown option -%c\n", prog, argv[at][letter]);
	letter++;
	return c;
}

/* The next option of argv for utilities with options that take an
 * argument: opts as getopt's ("n:t:a", a letter with ':' takes one, in
 * the same word, "-n5", or the next, "-n 5"), *arg set to it. Options end
 * at the first operand, at "--" (dropped) and at a lone "-" (an operand);
 * -1 then, with optind the first operand. An unknown option, or one
 * without its argument, is named on stderr and '?' returned: the caller
 * writes its usage line and exits. Its own scan (newlib's getopt mangles
 * "-e=x", above); one argv per process, as the utilities have. */
static inline int option_arg(int argc, char *const argv[], const char *prog, const char *opts,
                             char **arg)
{
	static int at = 1, letter = 1;
	int c;
	const char *o;

	*arg = NULL;
	if (letter == 1) {
		if (at >= argc || argv[at][0] != '-' || argv[at][1] == '\0') {
			optind = at;
			return -1;
		}
		if (argv[at][1] == '-' && argv[at][2] == '\0') {
			optind = at + 1;
			return -1;
		}
	}
	c = (unsigned char)argv[at][letter++];
	for (o = opts; *o && *o != c; o++)
		if (o[1] == ':')
			o++;
	if (!*o) {
		fprintf(stderr, "%s: unknown option -%c\n", prog, c);
		return '?';
	}
	if (o[1] == ':') {
		if (argv[at][letter] != '\0') {
			*arg = &argv[at][letter];
		} else if (at + 1 < argc) {
			*arg = argv[++at];
		} else {
			fprintf(stderr, "%s: option -%c needs an argument\n", prog, c);
			return '?';
		}
		letter = 1;
		optind = ++at;
		return c;
	}
	if (argv[at][letter] == '\0') {
		letter = 1;
		at++;
	}
	optind = at;
	return c;
}

#endif
