/* Error codes of kernel invocations and the details that come with them.
 * The numbering follows seL4's seL4_Error, so the meanings carry over.
 * Every refused invocation changes nothing. */
#ifndef RATION_ERRORS_H
#define RATION_ERRORS_H

#include <ration/types.h>

enum rn_error {
	RN_OK = 0,
	RN_INVALID_ARGUMENT = 1,   /* .arg = index of the bad message word */
	RN_INVALID_CAPABILITY = 2, /* .arg = 0 the invoked cap, i >= 1 extra cap i-1 */
	RN_ILLEGAL_OPERATION = 3,  /* operation not allowed on this cap */
	RN_RANGE_ERROR = 4,        /* .arg, .range_min, .range_max (inclusive) */
	RN_ALIGNMENT_ERROR = 5,    /* an address or size is not aligned */
	RN_FAILED_LOOKUP = 6,      /* .lookup_* say why; .lookup_source */
	RN_TRUNCATED_MESSAGE = 7,  /* too few message words or extra caps */
	RN_DELETE_FIRST = 8,       /* a destination slot is not empty */
	RN_REVOKE_FIRST = 9,       /* the cap has children (copying an untyped) */
	RN_NOT_ENOUGH_MEMORY = 10, /* .memory_left = bytes free in the untyped */
	RN_ERROR_COUNT
};

/* Why a capability lookup failed (RN_FAILED_LOOKUP). */
enum rn_lookup_failure {
	RN_LOOKUP_NONE = 0,
	RN_LOOKUP_INVALID_ROOT = 1,   /* the root is not a CNode cap */
	RN_LOOKUP_MISSING_CAP = 2,    /* slot empty / not the right kind; .bits_left */
	RN_LOOKUP_DEPTH_MISMATCH = 3, /* .bits_left, .bits_found (bits the level needed) */
	RN_LOOKUP_GUARD_MISMATCH = 4, /* .bits_left, .guard_found, .bits_found = guard size */
};

struct rn_error_info {
	rn_word_t code; /* enum rn_error */
	rn_word_t arg;  /* see enum rn_error */
	rn_word_t range_min;
	rn_word_t range_max;
	rn_word_t memory_left;
	rn_word_t lookup_source; /* 1: the source slot lookup of Copy..Mutate failed */
	rn_word_t lookup_type;   /* enum rn_lookup_failure */
	rn_word_t bits_left;     /* address bits not yet resolved when it failed */
	rn_word_t bits_found;
	rn_word_t guard_found;
};

#endif
