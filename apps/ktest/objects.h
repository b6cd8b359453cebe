#ifndef KTEST_OBJECTS_H
#define KTEST_OBJECTS_H
#include <ration/objects.h>
#include <rn/syscall.h>
/* The largest RAM untyped of the boot info. */
rn_cptr_t ktest_untyped(void);
/* One object of `type` in a fresh root slot (0 and a failure if refused). */
rn_cptr_t make_object(rn_word_t type, rn_word_t bits);
#endif
