/*
** notify_worker.h — the background thread that delivers the outbox (domain/notify.h).
**
** One thread per server process, with its own database connection. It wakes every
** NOTIFY_WORKER_POLL_SECONDS, and at once when notify_worker_wake() is called (a request
** enqueued a message, staff asked for a retry, the webhook was configured, or the test clock
** moved), claims the messages whose time has come, POSTs each to the webhook in effect
** (notify_config_load: the one set at run time, else the server's configuration) and records
** the outcome. Without a webhook it sends nothing and the messages stay pending. Request
** threads never wait for it. "Now" is clock_now(), so under --test-clock moving the clock
** makes retries come due.
*/
#ifndef BM_NOTIFY_WORKER_H
#define BM_NOTIFY_WORKER_H

#include "db/db.h"

#define NOTIFY_WORKER_POLL_SECONDS 10

struct notify_worker_config {
	struct db_config db;
	const char *webhook_url;    /* from the configuration file or --notify-webhook; may be NULL */
	const char *webhook_secret; /* may be NULL */
};

/* Starts the thread (the configuration is copied). Returns 0 or -1 (logged). The thread
 * blocks SIGINT and SIGTERM, which belong to the server's main thread. */
int notify_worker_start(const struct notify_worker_config *cfg);

/* Asks the worker to look at the outbox now. Cheap; does nothing when no worker runs. */
void notify_worker_wake(void);

/* The webhook the server was started with (configuration file, --notify-webhook), which the
 * one set at run time overrides; empty when none. */
struct notify_config;
void notify_worker_fallback(struct notify_config *out);

/* Stops the thread after the message in hand, and waits for it. */
void notify_worker_stop(void);

#endif
