/* The one scalar type of Ration's kernel ABI. Shared by the kernel and user
 * level, so it uses nothing but the compiler's own <stdint.h>. */
#ifndef RATION_TYPES_H
#define RATION_TYPES_H

#include <stdint.h>

typedef uint64_t rn_word_t; /* a machine word: register, message word, cptr */

#endif
