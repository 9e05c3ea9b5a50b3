/*
** server.h — the HTTP server: libmicrohttpd with a thread pool over epoll.
*/
#ifndef BM_SERVER_H
#define BM_SERVER_H

#include "db/db.h"

#include <stdbool.h>
#include <stddef.h>

struct server_config {
	struct db_config db;
	const char *listen;          /* "127.0.0.1:8080" */
	const char *web_root;        /* directory of static files, "web" */
	unsigned threads;            /* worker threads, each with its own database connection */
	unsigned connection_limit;   /* open connections at most */
	unsigned timeout_seconds;    /* idle connection timeout */
	size_t body_limit;           /* request bodies larger than this answer 413 */
	bool test_clock;             /* enables POST /api/v1/test/clock */
	const char *tls_cert;        /* PEM files: serve HTTPS when both are set */
	const char *tls_key;
	const char *public_url;      /* "https://bm.example.gov.cn": base of links in QR codes, or NULL */
	const char *trusted_proxies; /* reverse proxies whose X-Forwarded-For names the client
				      * (http/forwarded.h), or NULL */
	/* A job the main thread runs every PERIODIC_SECONDS while serving (the 容缺 expiry
	 * sweep); NULL for none. It must not block for long: shutdown waits for it. */
	void (*periodic)(void *ctx);
	void *periodic_ctx;
	const char *notify_webhook;  /* SMS gateway webhook (http/notify_worker.h), or NULL */
	const char *notify_secret;   /* its shared secret for signatures, or NULL */
};

#define SERVER_PERIODIC_SECONDS 60

/* Fills the defaults: 4 threads, 1024 connections, 30 s timeout, 1 MiB bodies, web root "web". */
void server_config_defaults(struct server_config *cfg);

/* Starts serving and blocks until SIGINT or SIGTERM, then drains and returns 0; -1 when the
 * server could not start (the reason is logged). */
int server_run(const struct server_config *cfg);

#endif
