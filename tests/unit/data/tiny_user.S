/* A minimal RISC-V user executable, built with the real toolchain, for the
 * ELF reader's tests: text, read-only data, data and bss. */
	.section .text
	.globl _start
_start:
	la a0, message
	la a1, counter
	j _start

	.section .rodata
message:
	.asciz "hello from the ELF test"

	.section .data
counter:
	.quad 42

	.section .bss
	.space 8192
