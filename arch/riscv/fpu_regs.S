/* Saving and loading a thread's floating-point registers (fpu.c says
 * when). The kernel is built without F and D (-march=rv64imac): only these
 * two routines use FP instructions, enabled here alone, and only while
 * sstatus.FS is on. */
#define FPU_FCSR (32 * 8) /* struct fpu_context (context.h) */

	.option push
	.option arch, +d
	.text

/* fpu_save(struct fpu_context *c): f0-f31 and fcsr into c. */
	.globl fpu_save
fpu_save:
	.irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	fsd f\n, (\n * 8)(a0)
	.endr
	frcsr t0
	sd t0, FPU_FCSR(a0)
	ret

/* fpu_load(const struct fpu_context *c): the registers from c. */
	.globl fpu_load
fpu_load:
	.irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	fld f\n, (\n * 8)(a0)
	.endr
	ld t0, FPU_FCSR(a0)
	fscsr t0
	ret

	.option pop
