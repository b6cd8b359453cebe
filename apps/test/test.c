/* test: evaluates an expression; status 0 if true, 1 if false, 2 on an
 * error. The shell has it as a builtin too (and [); both are
 * apps/lib/test.h, which lists the expressions.
 *   test [expression] */
#include "apps/lib/test.h"

int main(int argc, char **argv)
{
	return test_main("test", argc, argv);
}
