/* The file system's calls newlib does not have: directories (dirent.h),
 * the working directory. Filled in with the server's VFS. */
#include <errno.h>
#include <rn/px_call.h>
