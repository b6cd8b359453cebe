/* Entry of a root task (the first user program, started by the kernel):
 * sp = top of its stack, a0 = its boot-info page. No libc yet: main(bi). */
	.section .text.start, "ax"
	.globl _start
_start:
	mv fp, zero
	call root_main
1:	j 1b
