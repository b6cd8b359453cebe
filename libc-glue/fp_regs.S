/* The floating-point registers that the server's own copies of a thread's
 * registers (fork, signal frames) do not hold: the kernel keeps them per
 * thread, but the server reads and writes only the integer ones.
 *
 *   px_signal_entry     every handler starts here: all 32 FP registers and
 *                       fcsr are kept on the stack around it, so that the
 *                       interrupted code finds its own (a handler may use
 *                       FP at any point of it)
 *   px_fp_save_callee   fs0-fs11 and fcsr, the FP state a caller keeps
 *   px_fp_load_callee   across a call: _fork restores them in the child,
 *                       whose thread starts with FP registers of zero
 *
 * Only with hardware floating point (lp64d). */
#if __riscv_flen == 64
#define FP_FRAME (34 * 8) /* f0-f31, fcsr, a pad: sp stays 16-aligned */

	.text

/* px_signal_entry(sig, frame, handler): started by the server with sp =
 * frame (rn/px.h). px_signal_run (px_signal.c) runs the handler and
 * returns; px_signal_return gives the frame back and never returns. s1 is
 * free to use: sigreturn restores every integer register from the frame. */
	.globl px_signal_entry
	.type px_signal_entry, @function
px_signal_entry:
	addi sp, sp, -FP_FRAME
	.irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	fsd f\n, (\n * 8)(sp)
	.endr
	frcsr t0
	sd t0, (32 * 8)(sp)
	mv s1, a1
	call px_signal_run
	ld t0, (32 * 8)(sp)
	fscsr t0
	.irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	fld f\n, (\n * 8)(sp)
	.endr
	mv a0, s1
	call px_signal_return
	.size px_signal_entry, .-px_signal_entry

/* px_fp_save_callee(double buf[13]) and px_fp_load_callee(buf). */
	.globl px_fp_save_callee
	.type px_fp_save_callee, @function
px_fp_save_callee:
	.irp n, 0,1,2,3,4,5,6,7,8,9,10,11
	fsd fs\n, (\n * 8)(a0)
	.endr
	frcsr t0
	sd t0, (12 * 8)(a0)
	ret
	.size px_fp_save_callee, .-px_fp_save_callee

	.globl px_fp_load_callee
	.type px_fp_load_callee, @function
px_fp_load_callee:
	.irp n, 0,1,2,3,4,5,6,7,8,9,10,11
	fld fs\n, (\n * 8)(a0)
	.endr
	ld t0, (12 * 8)(a0)
	fscsr t0
	ret
	.size px_fp_load_callee, .-px_fp_load_callee
#else /* soft-float (a bench comparison build): no FP registers to keep */
	.text
	.globl px_signal_entry
px_signal_entry:
	mv s1, a1
	call px_signal_run
	mv a0, s1
	call px_signal_return
#endif
