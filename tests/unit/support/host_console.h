#ifndef TESTS_HOST_CONSOLE_H
#define TESTS_HOST_CONSOLE_H
/* Everything kprintf printed since the last reset. */
const char *host_console_text(void);
void host_console_reset(void);
#endif
