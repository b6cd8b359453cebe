/* The server's request loop (serve.c). */
#ifndef PERSONALITY_SERVE_H
#define PERSONALITY_SERVE_H

_Noreturn void serve(void);

#endif
