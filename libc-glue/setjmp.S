/* sigsetjmp and the XSI _setjmp/_longjmp, over newlib's setjmp/longjmp
 * (which save ra, s0-s11, sp and, with hardware floating point, fs0-fs11).
 * siglongjmp is in C (sigjmp.c). The offsets are <setjmp.h>'s
 * (libc-glue/include): a jmp_buf of 26 words, the save flag, the mask. */
#define JB_SAVEMASK (26 * 8)
#define JB_MASK     (27 * 8)
#define SIG_BLOCK 1

	.text

/* _setjmp and _longjmp are setjmp and longjmp: the signal mask is never
 * touched by them either. A tail call keeps ra and sp the caller's. */
	.globl _setjmp
	.type _setjmp, @function
_setjmp:
	tail setjmp
	.size _setjmp, .-_setjmp

	.globl _longjmp
	.type _longjmp, @function
_longjmp:
	tail longjmp
	.size _longjmp, .-_longjmp

/* int sigsetjmp(sigjmp_buf env, int savemask): records savemask, and when
 * it is not 0 the current mask (sigprocmask(SIG_BLOCK, NULL, &mask)), then
 * is setjmp. No stack frame may be made (setjmp must see the caller's sp),
 * so ra and s0 are kept across the call in env's first two words, where
 * setjmp stores the same two registers anyway. */
	.globl sigsetjmp
	.type sigsetjmp, @function
sigsetjmp:
	sd a1, JB_SAVEMASK(a0)
	beqz a1, 1f
	sd ra, 0(a0)
	sd s0, 8(a0)
	mv s0, a0
	addi a2, a0, JB_MASK
	li a1, 0
	li a0, SIG_BLOCK
	call sigprocmask
	mv a0, s0
	ld ra, 0(a0)
	ld s0, 8(a0)
1:	tail setjmp
	.size sigsetjmp, .-sigsetjmp
