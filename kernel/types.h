/* Basic types and bit helpers for the kernel. Builds freestanding on the
 * target and hosted for the unit tests, so only compiler headers are used. */
#ifndef KERNEL_TYPES_H
#define KERNEL_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <generated/config.h>

typedef uint64_t word_t;  /* a machine word: registers, cap fields */
typedef uint64_t paddr_t; /* a physical address */
typedef uint64_t vaddr_t; /* a virtual address */

#define BIT(n)           (1ull << (n))
#define MASK(n)          (BIT(n) - 1ull)
#define ALIGN_DOWN(x, a) ((x) & ~((word_t)(a)-1))
#define ALIGN_UP(x, a)   ALIGN_DOWN((x) + (word_t)(a)-1, (a))
#define IS_ALIGNED(x, a) (((x) & ((word_t)(a)-1)) == 0)
#define ARRAY_SIZE(a)    (sizeof(a) / sizeof((a)[0]))
#define MIN(a, b)        ((a) < (b) ? (a) : (b))
#define MAX(a, b)        ((a) > (b) ? (a) : (b))

#define compile_assert(name, expr) _Static_assert(expr, #name)

#define KiB(x) ((word_t)(x) << 10)
#define MiB(x) ((word_t)(x) << 20)
#define GiB(x) ((word_t)(x) << 30)

#endif
