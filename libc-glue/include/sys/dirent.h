/* newlib's <sys/dirent.h> stops with #error on this target; Ration's
 * <dirent.h> is the real one. */
#include <dirent.h>
