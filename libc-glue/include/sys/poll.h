/* <sys/poll.h>, as some programs spell it. */
#include <poll.h>
