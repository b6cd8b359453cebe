/* hello: the first newlib program on the POSIX server. stdio, malloc,
 * fork, wait and exit, each once, in the order a newcomer would try them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
	char *s;
	pid_t pid;
	int status;

	printf("hello, world from pid %d\n", getpid());

	s = malloc(64);
	if (!s) {
		perror("hello: malloc");
		return 1;
	}
	strcpy(s, "a string on the heap");
	printf("hello: %s at %p\n", s, (void *)s);
	free(s);

	/* The child inherits stdio's buffers: empty them first, or what is
	 * still buffered would be printed twice. */
	fflush(stdout);
	pid = fork();
	if (pid < 0) {
		perror("hello: fork");
		return 1;
	}
	if (pid == 0) {
		printf("hello from the child, pid %d, parent %d\n", getpid(), getppid());
		exit(7);
	}
	if (waitpid(pid, &status, 0) != pid) {
		perror("hello: waitpid");
		return 1;
	}
	if (WIFEXITED(status))
		printf("hello: child %d exited with status %d\n", pid, WEXITSTATUS(status));
	else
		printf("hello: child %d killed by signal %d\n", pid, WTERMSIG(status));
	return 0;
}
