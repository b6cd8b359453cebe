/* dd: copies a file in blocks, converting it.
 *   dd [operand...]
 * Operands: if=file of=file (the standard input and output), ibs=n
 * obs=n (512 each), bs=n (both, and each input block is written as it
 * was read), skip=n (input blocks to pass over), seek=n (output blocks to
 * pass over), count=n (input blocks to copy), conv=list (notrunc: keep
 * what of follows the copy; ucase, lcase: change letters; sync: pad a
 * short input block with NULs to ibs; noerror: go on after a read error).
 * A size is a number, times 1024 with k, 512 with b, 2 with w, and
 * products of them ("2x512"). At the end stderr has "f+p records in" and
 * "f+p records out": the full and partial blocks. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "apps/lib/alloc.h"

#define P "dd"

enum { C_NOTRUNC = 1, C_UCASE = 2, C_LCASE = 4, C_SYNC = 8, C_NOERROR = 16 };

static unsigned long in_full, in_part, out_full, out_part;

/* A size operand: 0, or -1 if it is not one. */
static int size_arg(const char *s, unsigned long *v)
{
	unsigned long total = 1;

	for (;;) {
		char *end;
		if (!isdigit((unsigned char)*s))
			return -1;
		unsigned long n = strtoul(s, &end, 10);
		if (*end == 'k')
			n *= 1024, end++;
		else if (*end == 'b')
			n *= 512, end++;
		else if (*end == 'w')
			n *= 2, end++;
		total *= n;
		if (*end == '\0')
			break;
		if (*end != 'x')
			return -1;
		s = end + 1;
	}
	*v = total;
	return 0;
}

static int conv_arg(char *list, int *conv)
{
	static const struct {
		const char *name;
		int bit;
	} names[] = { { "notrunc", C_NOTRUNC }, { "ucase", C_UCASE }, { "lcase", C_LCASE },
		      { "sync", C_SYNC },       { "noerror", C_NOERROR } };

	for (char *w = strtok(list, ","); w; w = strtok(NULL, ",")) {
		size_t i = 0;
		while (i < sizeof names / sizeof names[0] && strcmp(names[i].name, w) != 0)
			i++;
		if (i == sizeof names / sizeof names[0]) {
			fprintf(stderr, P ": conv=%s: not a conversion this dd has\n", w);
			return -1;
		}
		*conv |= names[i].bit;
	}
	return (*conv & C_UCASE) && (*conv & C_LCASE) ? -1 : 0;
}

/* Reads up to n bytes, as one read(2) (a pipe may give fewer): the
 * count, or -1 after a message. */
static long read_block(int fd, char *buf, unsigned long n, const char *name)
{
	long r;

	while ((r = read(fd, buf, n)) < 0 && errno == EINTR)
		;
	if (r < 0)
		fprintf(stderr, P ": %s: %s\n", name, strerror(errno));
	return r;
}

/* Writes a block of n bytes of obs: 0, or -1 after a message. */
static int write_block(int fd, const char *buf, unsigned long n, unsigned long obs,
                       const char *name)
{
	for (unsigned long done = 0; done < n;) {
		long w = write(fd, buf + done, n - done);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			fprintf(stderr, P ": %s: %s\n", name, strerror(errno));
			return -1;
		}
		done += (unsigned long)w;
	}
	if (n == obs)
		out_full++;
	else
		out_part++;
	return 0;
}

static void report(void)
{
	fprintf(stderr, "%lu+%lu records in\n%lu+%lu records out\n", in_full, in_part, out_full,
	        out_part);
}

int main(int argc, char **argv)
{
	const char *in_name = NULL, *out_name = NULL;
	unsigned long ibs = 512, obs = 512, bs = 0, skip = 0, seek = 0, count = 0;
	int conv = 0, has_count = 0, status = 0;

	for (int i = 1; i < argc; i++) {
		char *a = argv[i], *eq = strchr(a, '=');
		unsigned long *num = NULL;
		if (!eq)
			goto usage;
		*eq++ = '\0';
		if (strcmp(a, "if") == 0)
			in_name = eq;
		else if (strcmp(a, "of") == 0)
			out_name = eq;
		else if (strcmp(a, "conv") == 0) {
			if (conv_arg(eq, &conv) < 0)
				goto usage;
		} else if (strcmp(a, "ibs") == 0)
			num = &ibs;
		else if (strcmp(a, "obs") == 0)
			num = &obs;
		else if (strcmp(a, "bs") == 0)
			num = &bs;
		else if (strcmp(a, "skip") == 0)
			num = &skip;
		else if (strcmp(a, "seek") == 0)
			num = &seek;
		else if (strcmp(a, "count") == 0)
			num = &count, has_count = 1;
		else
			goto usage;
		if (num && size_arg(eq, num) < 0) {
			fprintf(stderr, P ": %s=%s: not a size\n", a, eq);
			goto usage;
		}
	}
	if (bs)
		ibs = obs = bs;
	if (ibs == 0 || obs == 0)
		goto usage;

	int in = 0, out = 1;
	if (in_name && (in = open(in_name, O_RDONLY)) < 0) {
		fprintf(stderr, P ": %s: %s\n", in_name, strerror(errno));
		return 1;
	}
	if (out_name) {
		int trunc = !(conv & C_NOTRUNC) && seek == 0 ? O_TRUNC : 0;
		if ((out = open(out_name, O_WRONLY | O_CREAT | trunc, 0666)) < 0) {
			fprintf(stderr, P ": %s: %s\n", out_name, strerror(errno));
			return 1;
		}
		if (!(conv & C_NOTRUNC) && seek > 0 && ftruncate(out, (off_t)(seek * obs)) < 0) {
			fprintf(stderr, P ": %s: %s\n", out_name, strerror(errno));
			return 1;
		}
	}
	in_name = in_name ? in_name : "standard input";
	out_name = out_name ? out_name : "standard output";

	char *ibuf = xmalloc(P, ibs), *obuf = bs ? ibuf : xmalloc(P, obs);
	unsigned long ofill = 0;
	if (skip && lseek(in, (off_t)(skip * ibs), SEEK_CUR) < 0) {
		/* Not seekable (a pipe): read the blocks and drop them. */
		for (unsigned long k = 0; k < skip; k++)
			if (read_block(in, ibuf, ibs, in_name) <= 0)
				break;
	}
	if (seek && lseek(out, (off_t)(seek * obs), SEEK_CUR) < 0) {
		fprintf(stderr, P ": %s: cannot seek: %s\n", out_name, strerror(errno));
		return 1;
	}
	for (unsigned long blocks = 0; !has_count || blocks < count; blocks++) {
		long n = read_block(in, ibuf, ibs, in_name);
		if (n < 0) {
			status = 1;
			if (!(conv & C_NOERROR))
				break;
			report();
			n = 0;
			if (!(conv & C_SYNC))
				continue;
		} else if (n == 0) {
			break;
		}
		if ((unsigned long)n == ibs)
			in_full++;
		else if (n > 0)
			in_part++;
		if ((conv & C_SYNC) && (unsigned long)n < ibs) {
			memset(ibuf + n, 0, ibs - (unsigned long)n);
			n = (long)ibs;
		}
		for (long k = 0; k < n && (conv & (C_UCASE | C_LCASE)); k++)
			ibuf[k] = (char)(conv & C_UCASE ? toupper((unsigned char)ibuf[k])
			                                : tolower((unsigned char)ibuf[k]));
		if (bs) {
			if (write_block(out, ibuf, (unsigned long)n, obs, out_name) < 0)
				goto failed;
			continue;
		}
		/* Input blocks gathered into output blocks of obs. */
		for (long k = 0; k < n;) {
			unsigned long take = obs - ofill < (unsigned long)(n - k) ? obs - ofill
			                                                          : (unsigned long)(n - k);
			memcpy(obuf + ofill, ibuf + k, take);
			ofill += take;
			k += (long)take;
			if (ofill == obs) {
				if (write_block(out, obuf, obs, obs, out_name) < 0)
					goto failed;
				ofill = 0;
			}
		}
	}
	if (ofill && write_block(out, obuf, ofill, obs, out_name) < 0)
		goto failed;
	report();
	return status;
failed:
	report();
	return 1;
usage:
	fputs("usage: dd [if=file] [of=file] [ibs=n] [obs=n] [bs=n] [skip=n] [seek=n] [count=n]\n"
	      "          [conv=notrunc,ucase,lcase,sync,noerror]\n",
	      stderr);
	return 2;
}
