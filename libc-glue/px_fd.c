/* Descriptor calls newlib does not have: pipe, dup, dup2. */
#include <errno.h>
#include <unistd.h>
#include <rn/px_call.h>

int pipe(int fds[2])
{
	long ends[3];
	long r = px_call(PX_PIPE, 0, 0, 0, ends);

	if (r < 0)
		return px_return(r);
	fds[0] = (int)ends[0];
	fds[1] = (int)ends[1];
	return 0;
}

int dup(int fd)
{
	return px_return(px_call(PX_DUP, fd, 0, 0, NULL));
}

int dup2(int fd, int to)
{
	return px_return(px_call(PX_DUP2, fd, to, 0, NULL));
}
