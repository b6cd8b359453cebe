/* Filling in an rn_error_info: one helper per error, so every refusal in
 * the decoders is one line that says exactly what was wrong. */
#ifndef KERNEL_ERROR_H
#define KERNEL_ERROR_H

#include "kernel/types.h"
#include <ration/errors.h>

static inline int err_set(struct rn_error_info *e, enum rn_error code)
{
	*e = (struct rn_error_info){ 0 };
	e->code = code;
	return code;
}

static inline int err_invalid_argument(struct rn_error_info *e, word_t arg)
{
	err_set(e, RN_INVALID_ARGUMENT);
	e->arg = arg;
	return RN_INVALID_ARGUMENT;
}

static inline int err_invalid_capability(struct rn_error_info *e, word_t which)
{
	err_set(e, RN_INVALID_CAPABILITY);
	e->arg = which;
	return RN_INVALID_CAPABILITY;
}

static inline int err_range(struct rn_error_info *e, word_t arg, word_t min, word_t max)
{
	err_set(e, RN_RANGE_ERROR);
	e->arg = arg;
	e->range_min = min;
	e->range_max = max;
	return RN_RANGE_ERROR;
}

static inline int err_lookup(struct rn_error_info *e, enum rn_lookup_failure type, word_t bits_left,
                             word_t bits_found, word_t guard_found)
{
	err_set(e, RN_FAILED_LOOKUP);
	e->lookup_type = type;
	e->bits_left = bits_left;
	e->bits_found = bits_found;
	e->guard_found = guard_found;
	return RN_FAILED_LOOKUP;
}

#endif
