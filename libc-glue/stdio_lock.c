/* flockfile, ftrylockfile and funlockfile: newlib declares them but does
 * not build them on this target. They take the stream's own recursive
 * lock, the one newlib's stdio takes inside each call: with retargetable
 * locking (docs/newlib.md) that is a call to __retarget_lock_*, a no-op
 * while every process has one thread, and a real lock once a threaded
 * library supplies those functions. */
#include <stdio.h>
#include <sys/lock.h>

void flockfile(FILE *fp)
{
	__lock_acquire_recursive(fp->_lock);
}

/* 0: the lock is the caller's now. With one thread per process the lock
 * is free or already the caller's (it is recursive), so taking it cannot
 * wait: it is taken. (newlib's __retarget_lock_try_acquire_recursive has
 * no settled result convention, its stub answers 1, RTEMS' 0 for success,
 * so it is not asked; a threaded library must change this.) */
int ftrylockfile(FILE *fp)
{
	__lock_acquire_recursive(fp->_lock);
	return 0;
}

void funlockfile(FILE *fp)
{
	__lock_release_recursive(fp->_lock);
}
