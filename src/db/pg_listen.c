/*
** pg_listen.c — the PostgreSQL side of db_listen(): a thread with its own connection that
** runs LISTEN and hands every notification to the listener's callback.
**
** The thread sleeps in poll() on the connection's socket and on a pipe that
** pg_listener_stop() writes to, so a notification is passed on as soon as it arrives and
** stopping is immediate. When the connection breaks (server restart, network), the thread
** reconnects every second; once back it calls fn(NULL, ctx), because notifications sent while
** it was away are lost and whoever relies on them must reload.
*/
#include "db/db_internal.h"
#include "core/log.h"

#include <libpq-fe.h>
#include <poll.h>
#include <stdio.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct pg_listener {
	char *conninfo;
	db_listen_fn fn;
	void *ctx;
	PGconn *conn;    /* the current connection, or NULL between attempts */
	int stop_pipe[2];
	pthread_t thread;
};

static PGconn *listen_connect(const char *conninfo, char *why, size_t size)
{
	PGconn *conn = PQconnectdb(conninfo ? conninfo : "");
	if (PQstatus(conn) == CONNECTION_OK) {
		PGresult *res = PQexec(conn, "LISTEN " PG_NOTIFY_CHANNEL);
		bool ok = PQresultStatus(res) == PGRES_COMMAND_OK;
		PQclear(res);
		if (ok)
			return conn;
	}
	snprintf(why, size, "%s", PQerrorMessage(conn));
	why[strcspn(why, "\n")] = '\0';
	PQfinish(conn);
	return NULL;
}

/* Waits for the socket (or only the stop pipe when fd < 0). Returns 1 when the socket is
 * readable, 0 on timeout, -1 when asked to stop. */
static int wait_readable(struct pg_listener *l, int fd, int timeout_ms)
{
	struct pollfd fds[2] = {{l->stop_pipe[0], POLLIN, 0}, {fd, POLLIN, 0}};
	int n = poll(fds, fd >= 0 ? 2 : 1, timeout_ms);
	if (n > 0 && fds[0].revents)
		return -1;
	return n > 0 && fd >= 0 && fds[1].revents ? 1 : 0;
}

/* Passes on notifications until the connection breaks (0) or the listener stops (-1). */
static int listen_loop(struct pg_listener *l)
{
	for (;;) {
		int ready = wait_readable(l, PQsocket(l->conn), -1);
		if (ready < 0)
			return -1;
		if (!PQconsumeInput(l->conn))
			return 0;
		PGnotify *n;
		while ((n = PQnotifies(l->conn))) {
			l->fn(n->extra, l->ctx);
			PQfreemem(n);
		}
		if (PQstatus(l->conn) == CONNECTION_BAD)
			return 0;
	}
}

static void *listen_main(void *arg)
{
	struct pg_listener *l = arg;
	for (;;) {
		if (l->conn && listen_loop(l) < 0)
			break;
		if (l->conn) {
			log_error("notification listener lost its connection; reconnecting");
			PQfinish(l->conn);
			l->conn = NULL;
		}
		if (wait_readable(l, -1, 1000) < 0)
			break;
		char why[256];
		l->conn = listen_connect(l->conninfo, why, sizeof why);
		if (l->conn) {
			log_info("notification listener reconnected");
			l->fn(NULL, l->ctx);
		}
	}
	PQfinish(l->conn);
	l->conn = NULL;
	return NULL;
}

int pg_listener_start(const char *conninfo, db_listen_fn fn, void *ctx, struct pg_listener **out,
		      struct bm_error *err)
{
	struct pg_listener *l = calloc(1, sizeof *l);
	if (!l)
		return bm_error_oom(err);
	l->conninfo = strdup(conninfo ? conninfo : "");
	l->fn = fn;
	l->ctx = ctx;
	char why[256];
	l->conn = listen_connect(l->conninfo, why, sizeof why);
	if (!l->conn) {
		free(l->conninfo);
		free(l);
		return bm_error_set(err, 500, "internal_error", "无法连接数据库以接收通知：%s", why);
	}
	if (pipe(l->stop_pipe) != 0 || pthread_create(&l->thread, NULL, listen_main, l) != 0) {
		PQfinish(l->conn);
		free(l->conninfo);
		free(l);
		return bm_error_internal(err, "cannot start the notification listener");
	}
	*out = l;
	return 0;
}

void pg_listener_stop(struct pg_listener *l)
{
	if (!l)
		return;
	ssize_t w = write(l->stop_pipe[1], "x", 1);
	(void)w;
	pthread_join(l->thread, NULL);
	close(l->stop_pipe[0]);
	close(l->stop_pipe[1]);
	free(l->conninfo);
	free(l);
}
