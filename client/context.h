/* One ZeroMQ context for every libthidua object in the process. */
#ifndef THD_CLIENT_CONTEXT_H
#define THD_CLIENT_CONTEXT_H

/* The process's context, made on first use; NULL when ZeroMQ cannot make
 * one. Each successful acquire is paired with one release. */
void *client_context_acquire(void);
/* The last release terminates the context (its sockets must be closed). */
void client_context_release(void);

#endif
