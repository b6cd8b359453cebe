/* Lines of /etc/passwd and /etc/group (pw_line.h). */
#include <string.h>
#include "libc-glue/pw_line.h"

int pw_id(const char *s, unsigned *id)
{
	unsigned long v = 0;

	if (!*s)
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		v = v * 10 + (unsigned long)(*s - '0');
		if (v > 0xfffffffful)
			return -1;
	}
	*id = (unsigned)v;
	return 0;
}

int pw_split(char *line, char *field[], int n)
{
	int i = 0;
	unsigned id;

	line[strcspn(line, "\n")] = '\0';
	if (line[0] == '#' || line[0] == '\0')
		return -1;
	for (char *p = line;; p++) {
		if (i == n)
			return -1; /* more fields than the format has */
		field[i++] = p;
		p += strcspn(p, ":");
		if (*p == '\0')
			break;
		*p = '\0';
	}
	if (i != n || pw_id(field[2], &id) < 0 || (n == PW_FIELDS && pw_id(field[3], &id) < 0))
		return -1;
	return 0;
}

int pw_members(char *list, char *mem[], int max)
{
	int n = 0;

	for (char *p = list; *p;) {
		if (n == max - 1)
			return -1;
		mem[n++] = p;
		p += strcspn(p, ",");
		if (*p)
			*p++ = '\0';
	}
	mem[n] = NULL;
	return n;
}
