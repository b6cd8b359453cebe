/* comm: the lines two sorted files have in common, and not.
 *   comm [-123] file1 file2
 * Three columns: lines only in file1, only in file2, in both (each
 * further column indented by a tab); -1 -2 -3 leave a column out. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "apps/lib/input.h"
#include "apps/lib/options.h"
#include "apps/lib/output.h"

static int show[4] = { 0, 1, 1, 1 };

static void column(int col, const char *line)
{
	if (!show[col])
		return;
	for (int k = 1; k < col; k++)
		if (show[k])
			putchar('\t');
	puts(line);
}

int main(int argc, char **argv)
{
	int c;

	while ((c = option_next(argc, argv, "comm", "123")) != -1) {
		if (c < '1' || c > '3') {
			fprintf(stderr, "usage: comm [-123] file1 file2\n");
			return 2;
		}
		show[c - '0'] = 0;
	}
	if (argc - optind != 2) {
		fprintf(stderr, "usage: comm [-123] file1 file2\n");
		return 2;
	}
	FILE *a = input_open("comm", argv[optind]), *b = a ? input_open("comm", argv[optind + 1]) : NULL;
	if (!a || !b)
		return 2;
	char *la = NULL, *lb = NULL;
	size_t ca = 0, cb = 0;
	long ra = input_line(a, &la, &ca), rb = input_line(b, &lb, &cb);
	while (ra >= 0 || rb >= 0) {
		int cmp = ra < 0 ? 1 : rb < 0 ? -1 : strcmp(la, lb);
		if (cmp < 0) {
			column(1, la);
			ra = input_line(a, &la, &ca);
		} else if (cmp > 0) {
			column(2, lb);
			rb = input_line(b, &lb, &cb);
		} else {
			column(3, la);
			ra = input_line(a, &la, &ca);
			rb = input_line(b, &lb, &cb);
		}
	}
	free(la);
	free(lb);
	input_close(a);
	input_close(b);
	return output_flush("comm") < 0 ? 2 : 0;
}
