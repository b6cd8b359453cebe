/* siglongjmp: the mask sigsetjmp saved (if it did), then longjmp
 * (sigsetjmp is in setjmp.S). */
#include <setjmp.h>
#include <signal.h>

_Static_assert(sizeof(sigset_t) <= sizeof(_JBTYPE), "the mask fits one word of sigjmp_buf");
_Static_assert(RN_SIGJMP_SAVEMASK * sizeof(_JBTYPE) == 26 * 8,
               "setjmp.S's offsets are <setjmp.h>'s");

void siglongjmp(sigjmp_buf env, int val)
{
	if (env[RN_SIGJMP_SAVEMASK])
		sigprocmask(SIG_SETMASK, (sigset_t *)&env[RN_SIGJMP_MASK], NULL);
	longjmp(env, val);
}
