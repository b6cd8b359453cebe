/* printf: writes its arguments under the control of a format.
 *   printf format [argument...]
 * The shell has it as a builtin too; both are apps/lib/printf.h, which
 * lists the escapes and conversions. */
#include "apps/lib/printf.h"

int main(int argc, char **argv)
{
	return printf_main("printf", argc, argv);
}
