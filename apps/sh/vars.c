/* Variables. An exported variable lives in the environment (environ, which
 * exec passes on), so it is set with setenv; a shell variable lives in
 * this file's list until it is exported. Lookups try the list first, then
 * the environment; the special parameters ($?, $$, $1 ...) come from the
 * shell's state. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "apps/sh/sh.h"

extern char **environ;

struct var {
	char *name;
	char *value; /* NULL: unset, but marked for export */
	struct var *next;
};

static struct var *vars;

static struct var **find(const char *name)
{
	struct var **pv = &vars;

	while (*pv && strcmp((*pv)->name, name) != 0)
		pv = &(*pv)->next;
	return pv;
}

static void drop(struct var **pv)
{
	struct var *v = *pv;

	if (!v)
		return;
	*pv = v->next;
	free(v->name);
	free(v->value);
	free(v);
}

const char *var_get(const char *name)
{
	struct var *v = *find(name);

	if (v)
		return v->value;
	return getenv(name);
}

int var_set(const char *name, const char *value)
{
	struct var **pv = find(name);
	struct var *v = *pv;
	char *copy;

	/* Once exported, a variable stays in the environment. */
	if ((v && !v->value) || (!v && getenv(name)))
		return var_export(name, value);
	copy = strdup(value);
	if (!copy)
		return -1;
	if (!v) {
		v = calloc(1, sizeof *v);
		if (!v || !(v->name = strdup(name))) {
			free(v);
			free(copy);
			return -1;
		}
		v->next = vars;
		vars = v;
	}
	free(v->value);
	v->value = copy;
	return 0;
}

int var_export(const char *name, const char *value)
{
	struct var **pv = find(name);

	if (!value && *pv)
		value = (*pv)->value;
	if (!value && !getenv(name)) {
		/* export X with X unset: exported when it is given a value. */
		if (!*pv) {
			struct var *v = calloc(1, sizeof *v);
			if (!v || !(v->name = strdup(name))) {
				free(v);
				return -1;
			}
			v->next = vars;
			vars = v;
		}
		return 0;
	}
	if (value && setenv(name, value, 1) < 0)
		return -1;
	drop(pv);
	return 0;
}

void var_unset(const char *name)
{
	drop(find(name));
	unsetenv(name);
}

/* In a form the shell reads back: export NAME='value'. */
void var_print_exports(void)
{
	for (char **e = environ; e && *e; e++) {
		const char *eq = strchr(*e, '=');

		if (!eq)
			continue;
		printf("export %.*s='", (int)(eq - *e), *e);
		for (const char *p = eq + 1; *p; p++) {
			if (*p == '\'')
				fputs("'\\''", stdout);
			else
				putchar(*p);
		}
		puts("'");
	}
}

/* $* and $@: the parameters joined by spaces (no "$@" as separate words). */
static const char *joined_params(void)
{
	static char *joined;
	size_t len = 1;

	for (int i = 0; i < sh.nparams; i++)
		len += strlen(sh.params[i]) + 1;
	free(joined);
	joined = malloc(len);
	if (!joined)
		return "";
	joined[0] = '\0';
	for (int i = 0; i < sh.nparams; i++) {
		if (i)
			strcat(joined, " ");
		strcat(joined, sh.params[i]);
	}
	return joined;
}

const char *var_lookup(void *ctx, const char *name)
{
	static char num[24]; /* expand.c copies a value before asking again */

	if (name[1] == '\0' && strchr("?$!#", name[0])) {
		long v = name[0] == '?'   ? sh.status
		         : name[0] == '$' ? sh.pid
		         : name[0] == '!' ? sh.last_bg
		                          : sh.nparams;
		if (name[0] == '!' && v == 0)
			return NULL;
		snprintf(num, sizeof num, "%ld", v);
		return num;
	}
	if (name[1] == '\0' && (name[0] == '*' || name[0] == '@'))
		return joined_params();
	if (name[1] == '\0' && name[0] >= '0' && name[0] <= '9') {
		int i = name[0] - '0';
		if (i == 0)
			return sh.name;
		return i <= sh.nparams ? sh.params[i - 1] : NULL;
	}
	return var_get(name);
}
