/* cal: a calendar.
 *   cal [[month] year]
 * A month (this one, or month of year), or the twelve of a year, three
 * abreast, weeks from Sunday. Julian before September 1752 and Gregorian
 * from it, as in Britain and its colonies: 2 September 1752 was followed
 * by the 14th. Years 1 to 9999. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "apps/lib/options.h"
#include "apps/lib/output.h"

#define WIDTH 20 /* a month's columns: 7 days of 3, less one */

static const char *const month_names[12] = {
	"January", "February", "March",     "April",   "May",      "June",
	"July",    "August",   "September", "October", "November", "December",
};

/* The day of the week (0 Sunday) of a date, from its Julian day number. */
static int weekday(long y, int m, int d)
{
	long a = (14 - m) / 12, yy = y + 4800 - a, mm = m + 12 * a - 3;
	long jdn = d + (153 * mm + 2) / 5 + 365 * yy + yy / 4;

	if (y > 1752 || (y == 1752 && (m > 9 || (m == 9 && d >= 14))))
		jdn += -yy / 100 + yy / 400 - 32045;
	else
		jdn -= 32083;
	return (int)((jdn + 1) % 7);
}

static int month_days(long y, int m)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int leap = y < 1752 ? y % 4 == 0 : (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return days[m - 1] + (m == 2 && leap);
}

/* A month as 6 lines of WIDTH columns (blank-padded, a NUL after each):
 * week w's days in lines[w]. The number of weeks it has. */
static int month_lines(long y, int m, char lines[6][WIDTH + 1])
{
	int col = weekday(y, m, 1), row = 0, n = month_days(y, m);

	for (int i = 0; i < 6; i++) {
		memset(lines[i], ' ', WIDTH);
		lines[i][WIDTH] = '\0';
	}
	for (int d = 1; d <= n; d++) {
		if (y == 1752 && m == 9 && d == 3)
			d = 14; /* the days the calendar's reform dropped */
		char num[12];
		snprintf(num, sizeof num, "%2d", d);
		memcpy(&lines[row][col * 3], num, 2);
		if (++col == 7 && d < n) {
			col = 0;
			row++;
		}
	}
	return row + 1;
}

/* Writes s with its trailing blanks dropped, and a newline. */
static void put_trimmed(const char *s)
{
	size_t n = strlen(s);

	while (n > 0 && s[n - 1] == ' ')
		n--;
	printf("%.*s\n", (int)n, s);
}

/* title centered in width columns into out (blank-padded). */
static void center(char *out, int width, const char *title)
{
	int n = (int)strlen(title), left = n < width ? (width - n) / 2 : 0;

	memset(out, ' ', (size_t)width);
	memcpy(out + left, title, (size_t)(n < width ? n : width));
	out[width] = '\0';
}

static const char week_head[] = "Su Mo Tu We Th Fr Sa";

static void print_month(long y, int m)
{
	char lines[6][WIDTH + 1], title[32], head[WIDTH + 1];
	int weeks = month_lines(y, m, lines);

	snprintf(title, sizeof title, "%s %ld", month_names[m - 1], y);
	center(head, WIDTH, title);
	put_trimmed(head);
	puts(week_head);
	for (int w = 0; w < weeks; w++)
		put_trimmed(lines[w]);
}

static void print_year(long y)
{
	char title[8], row[3 * WIDTH + 5];

	snprintf(title, sizeof title, "%ld", y);
	center(row, 3 * WIDTH + 4, title);
	put_trimmed(row);
	for (int m = 1; m <= 12; m += 3) {
		char lines[3][6][WIDTH + 1];
		int weeks = 0;
		putchar('\n');
		for (int k = 0; k < 3; k++) {
			int w = month_lines(y, m + k, lines[k]);
			weeks = w > weeks ? w : weeks;
			center(row + k * (WIDTH + 2), WIDTH, month_names[m + k - 1]);
			if (k < 2)
				memcpy(row + k * (WIDTH + 2) + WIDTH, "  ", 2);
		}
		put_trimmed(row);
		printf("%s  %s  %s\n", week_head, week_head, week_head);
		for (int w = 0; w < weeks; w++) {
			for (int k = 0; k < 3; k++) {
				memcpy(row + k * (WIDTH + 2), lines[k][w], WIDTH);
				if (k < 2)
					memcpy(row + k * (WIDTH + 2) + WIDTH, "  ", 2);
			}
			row[3 * WIDTH + 4] = '\0';
			put_trimmed(row);
		}
	}
}

static int number(const char *s, long lo, long hi, long *v)
{
	char *end;

	*v = strtol(s, &end, 10);
	return *s && !*end && *v >= lo && *v <= hi ? 0 : -1;
}

int main(int argc, char **argv)
{
	char *arg;
	long y, m;

	if (option_arg(argc, argv, "cal", "", &arg) != -1 || argc - optind > 2)
		goto usage;
	if (optind == argc) {
		time_t now = time(NULL);
		struct tm *t = localtime(&now);
		print_month(t->tm_year + 1900L, t->tm_mon + 1);
	} else if (argc - optind == 1) {
		if (number(argv[optind], 1, 9999, &y) < 0) {
			fprintf(stderr, "cal: %s: not a year from 1 to 9999\n", argv[optind]);
			return 1;
		}
		print_year(y);
	} else {
		if (number(argv[optind], 1, 12, &m) < 0 || number(argv[optind + 1], 1, 9999, &y) < 0) {
			fprintf(stderr, "cal: %s %s: not a month from 1 to 12 and a year from 1 to 9999\n",
			        argv[optind], argv[optind + 1]);
			return 1;
		}
		print_month(y, (int)m);
	}
	return output_flush("cal") < 0 ? 1 : 0;
usage:
	fputs("usage: cal [[month] year]\n", stderr);
	return 2;
}
