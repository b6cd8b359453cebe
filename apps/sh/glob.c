/* Pathname expansion (POSIX 2.6.6): a pattern is matched one component
 * at a time against the names in each directory; a name starting with '.'
 * only by a pattern that starts with one. The paths found are sorted. */
#define SH_PURE_ONLY
#include "apps/sh/sh.h"

#include <dirent.h>
#include <stdio.h>
#include <sys/stat.h>

/* libc-glue has lstat, newlib's <sys/stat.h> does not declare it. */
int lstat(const char *path, struct stat *st);

int sh_words_add(struct sh_words *w, char *s)
{
	char **v;

	if (!s)
		return -1;
	v = realloc(w->v, (w->n + 2) * sizeof *v);
	if (!v) {
		free(s);
		return -1;
	}
	w->v = v;
	w->v[w->n++] = s;
	w->v[w->n] = NULL;
	return 0;
}

void sh_words_free(struct sh_words *w)
{
	for (size_t i = 0; i < w->n; i++)
		free(w->v[i]);
	free(w->v);
	w->v = NULL;
	w->n = 0;
}

/* dir + name + "/" if more follows: a new string, or NULL. */
static char *join(const char *dir, const char *name, int slash)
{
	size_t a = strlen(dir), b = strlen(name);
	char *s = malloc(a + b + 2);

	if (s) {
		memcpy(s, dir, a);
		memcpy(s + a, name, b);
		s[a + b] = '/';
		s[a + b + slash] = '\0';
	}
	return s;
}

/* The component without its backslashes (it has no pattern characters). */
static char *unescape(const char *s, size_t n)
{
	char *out = malloc(n + 1), *o = out;

	if (!out)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\\' && i + 1 < n)
			i++;
		*o++ = s[i];
	}
	*o = '\0';
	return out;
}

/* dir: the path so far ("" at the start of a relative pattern); rest:
 * the pattern's components left. */
static int walk(const char *dir, const char *rest, struct sh_words *out)
{
	size_t n = strcspn(rest, "/");
	const char *next = rest + n;
	char *comp = strndup(rest, n), *path;
	int r = 0;

	if (!comp)
		return -1;
	while (*next == '/')
		next++;
	if (!sh_has_glob(comp)) {
		char *lit = unescape(comp, n);
		struct stat st;

		path = lit ? join(dir, lit, *next != '\0') : NULL;
		if (!path) {
			free(lit);
			free(comp);
			return -1;
		}
		free(lit);
		if (*next)
			r = walk(path, next, out);
		else if (lstat(path, &st) == 0)
			r = sh_words_add(out, strdup(path));
		free(path);
		free(comp);
		return r;
	}
	DIR *d = opendir(*dir ? dir : ".");
	struct dirent *e;
	while (d && r == 0 && (e = readdir(d))) {
		const char *name = e->d_name;
		if (name[0] == '.' && comp[0] != '.')
			continue;
		if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
			if (strcmp(comp, name) != 0)
				continue;
		if (!sh_match(comp, name, strlen(name)))
			continue;
		path = join(dir, name, *next != '\0');
		if (!path) {
			r = -1;
			break;
		}
		if (*next) {
			struct stat st;
			if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
				r = walk(path, next, out);
		} else {
			r = sh_words_add(out, strdup(path));
		}
		free(path);
	}
	if (d)
		closedir(d);
	free(comp);
	return r;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int sh_glob(const char *pattern, struct sh_words *out)
{
	size_t before = out->n;
	int r;

	if (pattern[0] == '/')
		r = walk("/", pattern + strspn(pattern, "/"), out);
	else
		r = walk("", pattern, out);
	if (r < 0)
		return -1;
	if (out->n > before)
		qsort(out->v + before, out->n - before, sizeof *out->v, by_name);
	return (int)(out->n - before);
}
