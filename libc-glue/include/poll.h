/* poll(2) (newlib has no <poll.h> for this target): on pipes, the console
 * and files, waiting without spinning (personality/fd.c: fd_poll). Values
 * follow Linux (rn/px.h). */
#ifndef RATION_POLL_H
#define RATION_POLL_H

#include <rn/px.h>

struct pollfd {
	int fd;
	short events, revents;
};
typedef unsigned int nfds_t;

#define POLLIN     PX_POLLIN
#define POLLPRI    PX_POLLPRI
#define POLLOUT    PX_POLLOUT
#define POLLERR    PX_POLLERR
#define POLLHUP    PX_POLLHUP
#define POLLNVAL   PX_POLLNVAL
#define POLLRDNORM POLLIN
#define POLLWRNORM POLLOUT
#define POLLRDBAND 0x080 /* never reported: no priority bands here */
#define POLLWRBAND 0x200

int poll(struct pollfd *fds, nfds_t nfds, int timeout);

#endif
