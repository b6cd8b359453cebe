/* Invoking kernel objects: one generic call, then one small header per
 * object type with typed wrappers (rn/untyped.h, rn/cnode.h, ...). */
#ifndef RN_INVOKE_H
#define RN_INVOKE_H

#include <ration/errors.h>
#include <ration/invocation.h>
#include <rn/syscall.h>

/* Calls `service` with `label`, arguments args[0..nargs) and extra caps
 * caps[0..ncaps). Returns the error code (RN_OK = 0). On success the first
 * nout result words go to out[]; on failure the details are in
 * rn_last_error(). */
int rn_invoke(rn_cptr_t service, rn_word_t label, const rn_word_t *args, unsigned nargs,
              const rn_cptr_t *caps, unsigned ncaps, rn_word_t *out, unsigned nout);

/* The details of the last failed invocation of this thread. */
const struct rn_error_info *rn_last_error(void);

/* A name for an error code, for messages. */
const char *rn_error_name(int code);

#endif
