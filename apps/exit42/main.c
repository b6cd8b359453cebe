/* exit42: exits with status 42, so that a parent can tell that the exec
 * happened (pxtest). */
int main(void)
{
	return 42;
}
