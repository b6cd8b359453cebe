/* quota -w: the budget tree, redrawn every second on the console with
 * ANSI escapes, until 'q'. The console is put in raw mode with VMIN 0, so
 * a read returns at once when no key was pressed. */
#include <stdio.h>
#include <termios.h>
#include <unistd.h>
#include "quota.h"

int watch(bool exact)
{
	struct termios saved, raw;
	bool tty = tcgetattr(0, &saved) == 0;
	if (tty) {
		raw = saved;
		raw.c_lflag &= ~(ICANON | ECHO);
		raw.c_cc[VMIN] = 0;
		tcsetattr(0, TCSANOW, &raw);
	}
	int broken = 0;
	for (;;) {
		struct snapshot s;
		if (snapshot_take(&s) < 0)
			break;
		printf("\033[H\033[2J");
		snapshot_print(&s, exact);
		broken += snapshot_check(&s);
		snapshot_free(&s);
		printf("q quits\n");
		fflush(stdout);
		char c = 0;
		for (int t = 0; t < 10 && c != 'q'; t++) {
			if (read(0, &c, 1) != 1)
				c = 0;
			usleep(100000);
		}
		if (c == 'q')
			break;
	}
	if (tty)
		tcsetattr(0, TCSANOW, &saved);
	return broken ? 1 : 0;
}
