/* Pattern matching (POSIX 2.13), for case, ${v%p} ${v#p} and pathnames:
 * the shell's names for apps/lib/match.h, which find shares. */
#define SH_PURE_ONLY
#include "apps/sh/sh.h"
#include "apps/lib/match.h"

int sh_match(const char *p, const char *s, size_t n)
{
	return pattern_match(p, s, n);
}

int sh_has_glob(const char *p)
{
	return pattern_has_glob(p);
}
