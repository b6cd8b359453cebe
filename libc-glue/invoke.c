/* rn_invoke: a Call on a kernel object's cap (ABI in <ration/syscall.h>). */
#include <rn/invoke.h>
#include <rn/tcb.h>

/* Per process for now: programs are single-threaded until threads exist at
 * user level. */
static struct rn_error_info last_error;

const struct rn_error_info *rn_last_error(void)
{
	return &last_error;
}

int rn_invoke(rn_cptr_t service, rn_word_t label, const rn_word_t *args, unsigned nargs,
              const rn_cptr_t *caps, unsigned ncaps, rn_word_t *out, unsigned nout)
{
	struct rn_ipc_buffer *b = rn_ipc_buffer();
	rn_word_t regs[RN_MSG_REGISTERS] = { 0 };
	for (unsigned i = 0; i < nargs; i++) {
		if (i < RN_MSG_REGISTERS)
			regs[i] = args[i];
		else
			b->msg[i] = args[i];
	}
	for (unsigned i = 0; i < ncaps; i++)
		b->caps_or_badges[i] = caps[i];

	struct rn_msg r =
	    rn_syscall(RN_SYS_CALL, service, RN_MSGINFO(label, 0, ncaps, nargs), regs, 0);
	int code = (int)RN_MSGINFO_LABEL(r.info);
	unsigned len = (unsigned)RN_MSGINFO_LENGTH(r.info);
	rn_word_t words[RN_ERROR_REPLY_WORDS] = { 0 };
	rn_word_t *dst = code ? words : out;
	unsigned want = code ? RN_ERROR_REPLY_WORDS : nout;
	for (unsigned i = 0; i < want && i < len; i++)
		dst[i] = i < RN_MSG_REGISTERS ? r.mr[i] : b->msg[i];
	if (code) {
		last_error = (struct rn_error_info){
			.code = (rn_word_t)code,
			.arg = words[0],
			.range_min = words[1],
			.range_max = words[2],
			.memory_left = words[3],
			.lookup_source = words[4],
			.lookup_type = words[5],
			.bits_left = words[6],
			.bits_found = words[7],
			.guard_found = words[8],
		};
	}
	return code;
}

const char *rn_error_name(int code)
{
	static const char *const names[] = {
		[RN_OK] = "ok",
		[RN_INVALID_ARGUMENT] = "invalid argument",
		[RN_INVALID_CAPABILITY] = "invalid capability",
		[RN_ILLEGAL_OPERATION] = "illegal operation",
		[RN_RANGE_ERROR] = "range error",
		[RN_ALIGNMENT_ERROR] = "alignment error",
		[RN_FAILED_LOOKUP] = "failed lookup",
		[RN_TRUNCATED_MESSAGE] = "truncated message",
		[RN_DELETE_FIRST] = "delete first",
		[RN_REVOKE_FIRST] = "revoke first",
		[RN_NOT_ENOUGH_MEMORY] = "not enough memory",
	};
	if (code >= 0 && code < RN_ERROR_COUNT)
		return names[code];
	return "unknown error";
}

int rn_tcb_write_registers(rn_cptr_t tcb, int flags, rn_word_t count, const rn_word_t *regs)
{
	rn_word_t args[2 + RN_TCB_REGISTERS];
	if (count > RN_TCB_REGISTERS)
		count = RN_TCB_REGISTERS + 1; /* let the kernel refuse it with a range error */
	args[0] = (rn_word_t)flags;
	args[1] = count;
	for (rn_word_t i = 0; i < count && i < RN_TCB_REGISTERS; i++)
		args[2 + i] = regs[i];
	return rn_invoke(tcb, RN_TCB_WRITE_REGISTERS, args,
	                 (unsigned)(2 + (count > RN_TCB_REGISTERS ? RN_TCB_REGISTERS : count)), 0,
	                 0, 0, 0);
}
