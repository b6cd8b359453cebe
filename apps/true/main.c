/* true: does nothing, successfully (exec and exit-status tests). */
int main(void)
{
	return 0;
}
