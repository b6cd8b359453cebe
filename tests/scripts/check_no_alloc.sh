#!/bin/sh
# Fails if the kernel gains a heap or a general allocator: no malloc-family
# call or definition in kernel/ or arch/ sources, no such symbol in the
# linked image, and nothing from libc linked in (the kernel links libgcc only).
# Usage: check_no_alloc.sh [kernel.elf]
set -u
elf=${1:-build/kernel.elf}
status=0
pattern='\b(malloc|calloc|realloc|free|kmalloc|kzalloc|kfree|sbrk|brk|mmap|heap_[a-z_]*)[[:space:]]*\('

hits=$(grep -rnE "$pattern" kernel arch --include='*.c' --include='*.h' --include='*.S' |
	grep -vE '^[^:]+:[0-9]+:[[:space:]]*(/\*|\*|//)' || true)
if [ -n "$hits" ]; then
	echo "check_no_alloc: allocator calls in kernel/ or arch/:"
	echo "$hits"
	status=1
fi

if [ ! -f "$elf" ]; then
	echo "check_no_alloc: $elf not built"
	exit 1
fi
syms=$(riscv64-unknown-elf-nm "$elf" | awk '{print $NF}' |
	grep -xE 'malloc|calloc|realloc|free|_malloc_r|_free_r|_sbrk|sbrk|kmalloc|kfree|__libc_init_array|_impure_ptr' || true)
if [ -n "$syms" ]; then
	echo "check_no_alloc: allocator or libc symbols in $elf:"
	echo "$syms"
	status=1
fi
undef=$(riscv64-unknown-elf-nm -u "$elf")
if [ -n "$undef" ]; then
	echo "check_no_alloc: undefined symbols in $elf:"
	echo "$undef"
	status=1
fi
[ $status -eq 0 ] && echo "check_no_alloc: kernel/ and arch/ have no heap or allocator"
exit $status
