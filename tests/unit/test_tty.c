/* The console's line discipline (personality/tty.c) on the fake kernel,
 * which plays the UART: bytes typed go through tty_input; canonical line
 * editing, raw mode, the signal keys, the foreground group, and the stops
 * of background readers and writers. */
#include <criterion/criterion.h>
#include <string.h>

#include <rn/px.h>

#include "personality/proc.h"
#include "personality/signal.h"
#include "personality/tty.h"
#include "tests/unit/support/px/fake_kernel.h"

#define CTRL(c) ((c)&0x1f)

static struct proc *init, *shell, *fg, *bg;

/* A job of the shell: a child in a group of its own in its session. */
static struct proc *job(void)
{
	struct proc *q = fpk_process(18, shell);
	q->sid = shell->sid;
	return q;
}

/* init (pid 1); a shell leading its own session, which it makes the
 * console's (it holds the system right, as init's console session does,
 * and ignores SIGTTOU, as an interactive shell does); two jobs, fg in the
 * foreground and bg in the background. */
static void setup(void)
{
	fpk_setup();
	init = fpk_process(18, 0);
	init->system_right = 1;
	shell = fpk_process(18, init);
	shell->system_right = 1;
	signal_disposition(shell, PX_SIGTTOU, PX_SIG_IGN);
	fg = job();
	bg = job();
	cr_assert_eq(tty_tcsetpgrp(shell, shell->pid), 0, "the shell takes the console");
	cr_assert_eq(tty_tcsetpgrp(shell, fg->pid), 0);
}

TestSuite(tty, .init = setup);

static void type(const char *s)
{
	fpk_type(s, strlen(s));
	tty_input();
}

static long rd(struct proc *p, char *buf, size_t len)
{
	memset(buf, 0, len);
	return tty_file_read(p, 0, buf, len);
}

static unsigned wakes(const struct proc *p)
{
	return fpk_signals(CAP(p->pid, p->ntfn));
}

static void set_raw(uint64_t extra, uint64_t vmin)
{
	cr_assert_eq(tty_setattr(extra, vmin), 0);
}

Test(tty, canonical_read_waits_for_a_whole_line)
{
	char buf[64];
	type("ab");
	cr_assert_eq(rd(fg, buf, sizeof(buf)), -PX_EWOULDBLOCK_INTERNAL, "no line yet");
	cr_assert_eq(wakes(fg), 0);
	type("c\r");
	cr_assert_eq(wakes(fg), 1, "the reader is woken by the line's end");
	cr_assert_eq(rd(fg, buf, sizeof(buf)), 4);
	cr_assert_str_eq(buf, "abc\n", "CR is taken as NL");
}

Test(tty, a_canonical_read_returns_one_line_at_most)
{
	char buf[64];
	type("one\rtwo\r");
	cr_assert_eq(rd(fg, buf, sizeof(buf)), 4);
	cr_assert_str_eq(buf, "one\n");
	cr_assert_eq(rd(fg, buf, sizeof(buf)), 4);
	cr_assert_str_eq(buf, "two\n");
}

Test(tty, canonical_input_is_echoed_with_nl_as_cr_nl)
{
	type("hi\n");
	cr_assert_str_eq(fpk_console(), "hi\r\n");
}

Test(tty, a_line_is_read_in_pieces)
{
	char buf[64];
	type("hello\n");
	cr_assert_eq(rd(fg, buf, 2), 2);
	cr_assert_eq(memcmp(buf, "he", 2), 0);
	cr_assert_eq(rd(fg, buf, sizeof(buf)), 4);
	cr_assert_str_eq(buf, "llo\n");
	cr_assert_eq(rd(fg, buf, sizeof(buf)), -PX_EWOULDBLOCK_INTERNAL);
}

Test(tty, erase_removes_the_last_byte_of_the_line)
{
	char buf[64];
	type("abx\x7f"
	     "c\byd\n");
	cr_assert_eq(rd(fg, buf, sizeof(buf)), 5);
	cr_assert_str_eq(buf, "abyd\n");
}

Test(tty, erase_is_echoed_as_backspace_space_backspace)
{
	type("ab\x7f");
	cr_assert_str_eq(fpk_console(), "ab\b \b");
}

Test(tty, erase_on_an_empty_line_does_nothing)
{
	char buf[64];
	type("\x7f\x7f"
	     "a\n");
	cr_assert_eq(rd(fg, buf, sizeof(buf)), 2);
	cr_assert_str_eq(buf, "a\n");
	cr_assert_str_eq(fpk_console(), "a\r\n", "nothing to rub out");
}

Test(tty, kill_line_discards_the_line_being_edited)
{
	char buf[64];
	char in[] = { 'j', 'u', 'n', 'k', CTRL('U'), 'o', 'k', '\n', 0 };
	type(in);
	cr_assert_eq(rd(fg, buf, sizeof(buf)), 3);
	cr_assert_str_eq(buf, "ok\n");
	cr_assert_str_eq(fpk_console(), "junk\b \b\b \b\b \b\b \bok\r\n");
}

Test(tty, ctrl_d_on_an_empty_line_is_end_of_file_once)
{
	char buf[64];
	char in[] = { CTRL('D'), 0 };
	cr_assert_eq(rd(fg, buf, sizeof(buf)), -PX_EWOULDBLOCK_INTERNAL);
	type(in);
	cr_assert_eq(wakes(fg), 1, "the waiting reader is woken");
	cr_assert_eq(rd(fg, buf, sizeof(buf)), 0, "end of file");
	cr_assert_eq(rd(fg, buf, sizeof(buf)), -PX_EWOULDBLOCK_INTERNAL, "then input again");
}

Test(tty, ctrl_d_after_text_hands_the_line_over_without_a_newline)
{
	char buf[64];
	char in[] = { 'a', 'b', CTRL('D'), 0 };
	type(in);
	cr_assert_eq(rd(fg, buf, sizeof(buf)), 2);
	cr_assert_str_eq(buf, "ab");
	cr_assert_eq(rd(fg, buf, sizeof(buf)), -PX_EWOULDBLOCK_INTERNAL, "not end of file");
}

Test(tty, raw_mode_hands_over_every_byte_as_it_comes)
{
	char buf[64];
	set_raw(PX_TTY_ECHO, 1);
	cr_assert_eq(rd(fg, buf, sizeof(buf)), -PX_EWOULDBLOCK_INTERNAL);
	char in[] = { 'x', 0x7f, CTRL('U'), CTRL('D'), 0 };
	type(in);
	cr_assert_geq(wakes(fg), 1);
	cr_assert_eq(rd(fg, buf, sizeof(buf)), 4, "no editing: every byte is data");
	cr_assert_eq(memcmp(buf, in, 4), 0);
}

Test(tty, raw_mode_without_echo_writes_nothing)
{
	set_raw(0, 1);
	type("secret");
	cr_assert_str_eq(fpk_console(), "");
}

Test(tty, raw_read_with_vmin_zero_does_not_wait)
{
	char buf[8];
	set_raw(0, 0);
	cr_assert_eq(rd(fg, buf, sizeof(buf)), 0);
}

Test(tty, leaving_canonical_mode_hands_over_the_line_being_edited)
{
	char buf[64];
	type("par");
	set_raw(0, 1);
	cr_assert_eq(wakes(fg), 0, "no reader waited");
	cr_assert_eq(rd(fg, buf, sizeof(buf)), 3);
	cr_assert_str_eq(buf, "par");
}

Test(tty, setattr_refuses_unknown_modes_and_vmin_above_one)
{
	uint64_t m, vmin;
	cr_assert_eq(tty_setattr(1ul << 40, 1), -PX_EINVAL);
	cr_assert_eq(tty_setattr(PX_TTY_CANON, 2), -PX_EINVAL);
	tty_getattr(&m, &vmin);
	cr_assert(m & PX_TTY_CANON, "unchanged");
	cr_assert_eq(vmin, 1);
}

Test(tty, output_without_opost_sends_nl_alone)
{
	set_raw(PX_TTY_CANON | PX_TTY_ECHO, 1);
	cr_assert_eq(tty_file_write(fg, 0, "a\n", 2), 2);
	cr_assert_str_eq(fpk_console(), "a\n");
}

Test(tty, ctrl_c_sends_sigint_to_the_foreground_group_and_drops_the_line)
{
	char buf[64];
	char in[] = { 'a', 'b', CTRL('C'), 'z', '\n', 0 };
	type(in);
	cr_assert_eq(fg->state, PROC_DOOMED);
	cr_assert_eq(fg->exit_status, PX_W_SIGNALED(PX_SIGINT));
	cr_assert_eq(bg->state, PROC_RUNNING, "the background is not interrupted");
	cr_assert_eq(shell->state, PROC_RUNNING);
	tty_tcsetpgrp(shell, shell->pid);
	cr_assert_eq(rd(shell, buf, sizeof(buf)), 2);
	cr_assert_str_eq(buf, "z\n", "ab went with ^C");
	cr_assert_str_eq(fpk_console(), "ab^C\r\nz\r\n");
}

Test(tty, ctrl_backslash_sends_sigquit)
{
	char in[] = { CTRL('\\'), 0 };
	type(in);
	cr_assert_eq(fg->state, PROC_DOOMED);
	cr_assert_eq(fg->exit_status, PX_W_SIGNALED(PX_SIGQUIT));
}

Test(tty, ctrl_c_without_signal_mode_is_a_byte)
{
	char buf[8];
	set_raw(0, 1);
	char in[] = { CTRL('C'), 0 };
	type(in);
	cr_assert_eq(fg->state, PROC_RUNNING);
	cr_assert_eq(rd(fg, buf, sizeof(buf)), 1);
	cr_assert_eq(buf[0], CTRL('C'));
}

Test(tty, tcsetpgrp_takes_a_group_of_the_callers_session)
{
	cr_assert_eq(tty_tcgetpgrp(shell), fg->pid);
	cr_assert_eq(tty_tcsetpgrp(shell, bg->pid), 0);
	cr_assert_eq(tty_tcgetpgrp(bg), bg->pid);
	cr_assert_eq(tty_tcsetpgrp(shell, init->pid), -PX_EPERM, "init's session");
	cr_assert_eq(tty_tcsetpgrp(shell, 0), -PX_EINVAL);
	cr_assert_eq(tty_tcsetpgrp(shell, MAX_PROCS), -PX_EINVAL);
	cr_assert_eq(tty_tcgetpgrp(shell), bg->pid, "unchanged");
	cr_assert_eq(tty_tcgetpgrp(init), -PX_ENOTTY, "not init's terminal now");
}

Test(tty, tcsetpgrp_of_a_group_with_no_process_is_EPERM)
{
	bg->state = PROC_ZOMBIE;
	cr_assert_eq(tty_tcsetpgrp(shell, bg->pid), -PX_EPERM);
}

Test(tty, background_read_stops_the_group_with_sigttin)
{
	char buf[8];
	type("x\n");
	cr_assert_eq(rd(bg, buf, sizeof(buf)), -PX_EWOULDBLOCK_INTERNAL, "asks again later");
	cr_assert_eq(bg->stop_sig, PX_SIGTTIN);
	cr_assert_eq(fg->stop_sig, 0);
	cr_assert_eq(rd(fg, buf, sizeof(buf)), 2, "the input stays for the foreground");
}

Test(tty, background_read_ignoring_sigttin_is_EIO)
{
	char buf[8];
	signal_disposition(bg, PX_SIGTTIN, PX_SIG_IGN);
	cr_assert_eq(rd(bg, buf, sizeof(buf)), -PX_EIO);
	cr_assert_eq(bg->stop_sig, 0);
}

Test(tty, background_read_in_an_orphaned_group_is_EIO)
{
	char buf[8];
	shell->state = PROC_ZOMBIE; /* nothing could continue bg */
	cr_assert_eq(rd(bg, buf, sizeof(buf)), -PX_EIO);
	cr_assert_eq(bg->stop_sig, 0);
}

Test(tty, reader_of_another_session_gets_EIO_and_the_line_stays)
{
	char buf[8];
	type("x\n");
	cr_assert_eq(rd(init, buf, sizeof(buf)), -PX_EIO);
	cr_assert_eq(init->stop_sig, 0);
	cr_assert_eq(rd(fg, buf, sizeof(buf)), 2, "the foreground reads it");
}

/* A daemon: a job's child in a session of its own, as fork and setsid
 * make it, with no system right. */
static struct proc *daemon_of(struct proc *parent)
{
	struct proc *d = fpk_process(18, parent);
	d->sid = d->pgid = d->pid;
	return d;
}

Test(tty, another_session_cannot_take_the_terminal)
{
	char buf[8];
	struct proc *d = daemon_of(bg);
	cr_assert_eq(tty_tcsetpgrp(d, d->pid), -PX_ENOTTY);
	cr_assert_eq(tty_tcgetpgrp(d), -PX_ENOTTY);
	cr_assert_eq(tty_tcgetpgrp(shell), fg->pid, "the foreground is unchanged");
	type("secret\n");
	cr_assert_eq(wakes(d), 0, "the daemon is not woken by input");
	cr_assert_eq(rd(d, buf, sizeof(buf)), -PX_EIO);
	cr_assert_eq(rd(fg, buf, sizeof(buf)), 7, "the line reaches the foreground");
	cr_assert_str_eq(buf, "secret\n");
}

Test(tty, a_session_leader_with_the_system_right_takes_the_terminal)
{
	struct proc *d = daemon_of(init);
	d->system_right = 1;
	cr_assert_eq(tty_tcsetpgrp(d, d->pid), 0);
	cr_assert_eq(tty_tcgetpgrp(d), d->pid);
	cr_assert_eq(tty_tcgetpgrp(shell), -PX_ENOTTY, "the shell's session lost it");
	struct proc *c = fpk_process(18, d);
	c->sid = d->sid; /* in d's session, but no leader */
	c->system_right = 1;
	c->pgid = c->pid;
	cr_assert_eq(tty_tcsetpgrp(shell, shell->pid), 0, "and takes it back");
}

Test(tty, background_tcsetpgrp_stops_the_group_with_sigttou)
{
	cr_assert_eq(tty_tcsetpgrp(bg, bg->pid), -PX_EWOULDBLOCK_INTERNAL, "asks again later");
	cr_assert_eq(bg->stop_sig, PX_SIGTTOU);
	cr_assert_eq(tty_tcgetpgrp(shell), fg->pid, "the foreground is unchanged");
	/* Continued in the foreground, it asks again and is done. */
	cr_assert_eq(tty_tcsetpgrp(shell, bg->pid), 0);
	signal_send(bg, PX_SIGCONT);
	cr_assert_eq(tty_tcsetpgrp(bg, bg->pid), 0);
}

Test(tty, background_tcsetpgrp_ignoring_or_blocking_sigttou_is_done)
{
	signal_disposition(bg, PX_SIGTTOU, PX_SIG_IGN);
	cr_assert_eq(tty_tcsetpgrp(bg, bg->pid), 0);
	cr_assert_eq(bg->stop_sig, 0);
	cr_assert_eq(tty_tcgetpgrp(fg), bg->pid);
	fg->sig_mask = 1u << PX_SIGTTOU;
	cr_assert_eq(tty_tcsetpgrp(fg, fg->pid), 0, "blocked");
}

Test(tty, background_tcsetpgrp_in_an_orphaned_group_is_EIO)
{
	shell->state = PROC_ZOMBIE; /* nothing could continue bg */
	cr_assert_eq(tty_tcsetpgrp(bg, bg->pid), -PX_EIO);
	cr_assert_eq(bg->stop_sig, 0);
}

Test(tty, tcsetpgrp_to_another_sessions_group_is_EPERM)
{
	struct proc *d = daemon_of(bg);
	cr_assert_eq(tty_tcsetpgrp(fg, d->pid), -PX_EPERM);
}

Test(tty, input_wakes_every_reader_of_the_foreground_group)
{
	char buf[8];
	struct proc *fg2 = job();
	fg2->pgid = fg->pid;
	cr_assert_eq(rd(fg, buf, sizeof(buf)), -PX_EWOULDBLOCK_INTERNAL);
	cr_assert_eq(rd(fg2, buf, sizeof(buf)), -PX_EWOULDBLOCK_INTERNAL);
	type("x\n");
	cr_assert_eq(wakes(fg), 1);
	cr_assert_eq(wakes(fg2), 1, "no reader's wait is taken by another");
	cr_assert_eq(wakes(bg), 0);
}

Test(tty, the_leaders_end_frees_the_terminal_and_hangs_up_the_foreground)
{
	char buf[8];
	tty_exit(fg);
	cr_assert_eq(fg->state, PROC_RUNNING, "not the leader: nothing");
	tty_exit(shell);
	cr_assert_eq(fg->state, PROC_DOOMED, "SIGHUP");
	cr_assert_eq(rd(bg, buf, sizeof(buf)), -PX_EIO, "no session's terminal");
	cr_assert_eq(tty_tcgetpgrp(bg), -PX_ENOTTY);
}

Test(tty, a_line_of_max_canon_is_cut_and_keeps_its_newline)
{
	static char in[6000], buf[4096 + 16];
	memset(in, 'a', sizeof(in) - 2);
	in[sizeof(in) - 2] = '\n';
	in[sizeof(in) - 1] = 0;
	type(in);
	cr_assert_eq(rd(fg, buf, sizeof(buf)), 4096);
	cr_assert_eq(buf[4094], 'a');
	cr_assert_eq(buf[4095], '\n', "its newline kept");
	type("b\n");
	cr_assert_eq(rd(fg, buf, sizeof(buf)), 2, "the next line whole");
	cr_assert_str_eq(buf, "b\n");
}

Test(tty, a_line_that_does_not_fit_the_unread_input_waits_whole)
{
	static char in[3001], buf[4096 + 16];
	memset(in, 'x', 2999);
	in[2999] = '\n';
	type(in);
	memset(in, 'y', 2999);
	unsigned acks = fpk_console_acks();
	type(in);    /* 3000 + 3000 > 4096: the second waits */
	type("z\n"); /* stays in the UART while the line waits */
	cr_assert_eq(fpk_console_acks(), acks, "the UART's line is held, not acked");
	cr_assert_eq(rd(fg, buf, 1000), 1000);
	cr_assert_eq(rd(fg, buf, sizeof(buf)), 2000, "the rest of the first line");
	cr_assert_eq(buf[1999], '\n');
	cr_assert_eq(rd(fg, buf, sizeof(buf)), 3000, "the second line, whole");
	cr_assert_eq(buf[0], 'y');
	cr_assert_eq(buf[2999], '\n');
	cr_assert_gt(fpk_console_acks(), acks, "input taken again once there was room");
	cr_assert_eq(rd(fg, buf, sizeof(buf)), 2, "the bytes typed meanwhile, none lost");
	cr_assert_str_eq(buf, "z\n");
	cr_assert_eq(rd(fg, buf, sizeof(buf)), -PX_EWOULDBLOCK_INTERNAL);
}

Test(tty, raw_input_beyond_its_buffer_waits_in_the_uart)
{
	static char in[5000], buf[4096 + 16];
	set_raw(PX_TTY_SIGNAL, 1);
	memset(in, 'r', sizeof(in) - 1);
	in[sizeof(in) - 1] = 0;
	type(in);
	cr_assert_eq(rd(fg, buf, 100), 100);
	cr_assert_eq(rd(fg, buf, sizeof(buf)), 4096, "the buffer refilled from the UART");
	cr_assert_eq(rd(fg, buf, sizeof(buf)), 4999 - 4196, "the rest, none lost");
	cr_assert_eq(rd(fg, buf, sizeof(buf)), -PX_EWOULDBLOCK_INTERNAL);
}

Test(tty, background_write_goes_out_without_tostop)
{
	cr_assert_eq(tty_file_write(bg, 0, "out", 3), 3);
	cr_assert_str_eq(fpk_console(), "out");
	cr_assert_eq(bg->stop_sig, 0);
}

Test(tty, background_write_with_tostop_stops_the_group_with_sigttou)
{
	set_raw(PX_TTY_CANON | PX_TTY_ECHO | PX_TTY_SIGNAL | PX_TTY_OPOST | PX_TTY_TOSTOP, 1);
	cr_assert_eq(tty_file_write(bg, 0, "out", 3), -PX_EWOULDBLOCK_INTERNAL);
	cr_assert_eq(bg->stop_sig, PX_SIGTTOU);
	cr_assert_str_eq(fpk_console(), "", "nothing written");
	cr_assert_eq(tty_file_write(fg, 0, "fg", 2), 2, "the foreground writes");
}

Test(tty, background_write_ignoring_sigttou_goes_out_with_tostop)
{
	set_raw(PX_TTY_CANON | PX_TTY_TOSTOP, 1);
	signal_disposition(bg, PX_SIGTTOU, PX_SIG_IGN);
	cr_assert_eq(tty_file_write(bg, 0, "out", 3), 3);
	cr_assert_str_eq(fpk_console(), "out");
}
