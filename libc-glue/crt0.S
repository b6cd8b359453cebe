/* Entry of a process started by the POSIX server (rn/px.h): a0 = argc,
 * a1 = argv, a2 = envp, sp 16-byte aligned below them, tp = its IPC
 * buffer. Sets up what compiled C expects, runs the constructors, then
 * exit(main(argc, argv, envp)). (The root task has crt0_root.S.) */
	.section .text.start, "ax"
	.globl _start
_start:
	/* gp first, and without relaxation: relaxed, `la gp` would itself
	 * become gp-relative. */
	.option push
	.option norelax
	la	gp, __global_pointer$
	.option pop
	mv	fp, zero	/* the end of the frame-pointer chain */
	mv	s1, a0		/* callee-saved: argc, argv, envp survive the calls */
	mv	s2, a1
	mv	s3, a2
	beqz	a2, 1f		/* no envp: keep newlib's empty environment */
	la	t0, environ
	sd	a2, 0(t0)
1:
	/* Destructors run from exit(), before stdio is flushed. */
	la	a0, __libc_fini_array
	call	atexit
	call	__libc_init_array
	mv	a0, s1
	mv	a1, s2
	mv	a2, s3
	call	main
	call	exit
