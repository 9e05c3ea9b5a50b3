/*
** notify.c — notifications after commit (see "notifications" in db.h).
**
** SQLite keeps a transaction's notifications in db->notes and hands them to this process's
** listeners right after COMMIT. Two writers commit one after the other (BEGIN IMMEDIATE), but
** without care the second could deliver before the first: so a commit that carries notes holds
** `deliver_lock` from before COMMIT until its notes are delivered. PostgreSQL sends NOTIFY
** inside the transaction and delivers through the listener threads (pg_listen.c), in the
** order the server commits.
*/
#include "db/db_internal.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

struct db_listener {
	db_listen_fn fn;
	void *ctx;
	struct pg_listener *pg;   /* PostgreSQL: the LISTEN thread; NULL for SQLite */
	struct db_listener *next; /* SQLite: this process's listeners */
};

static pthread_mutex_t listeners_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t deliver_lock = PTHREAD_MUTEX_INITIALIZER;
static struct db_listener *local_listeners;

int db_notify(struct db *db, const char *payload, struct bm_error *err)
{
	if (db->txn_depth == 0)
		return db_error_internal(err, "db_notify outside a transaction");
	if (strchr(payload, '\n') || strlen(payload) >= 8000)
		return db_error_internal(err, "db_notify: payload is not one line under 8000 bytes");
	if (db->backend == DB_PG)
		return db_exec_params(db, err, "SELECT pg_notify('" PG_NOTIFY_CHANNEL "', CAST(? AS TEXT))",
				      "t", payload) < 0 ? -1 : 0;
	buf_puts(&db->notes, payload);
	buf_putc(&db->notes, '\n');
	return 0;
}

void db_notes_discard(struct db *db)
{
	buf_reset(&db->notes);
}

static void deliver_local(const char *notes)
{
	pthread_mutex_lock(&listeners_lock);
	for (const char *line = notes; *line;) {
		const char *end = strchr(line, '\n');
		size_t len = (size_t)(end - line);
		char *payload = strndup(line, len);
		for (struct db_listener *l = local_listeners; payload && l; l = l->next)
			l->fn(payload, l->ctx);
		free(payload);
		line = end + 1;
	}
	pthread_mutex_unlock(&listeners_lock);
}

int db_commit_and_deliver(struct db *db, struct bm_error *err)
{
	if (db->notes.len == 0)
		return db->ops->commit(db, err);
	pthread_mutex_lock(&deliver_lock);
	int rc = db->ops->commit(db, err);
	if (rc == 0)
		deliver_local(buf_cstr(&db->notes));
	pthread_mutex_unlock(&deliver_lock);
	db_notes_discard(db);
	return rc;
}

int db_listen(const struct db_config *cfg, db_listen_fn fn, void *ctx, struct db_listener **out,
	      struct bm_error *err)
{
	struct db_listener *l = calloc(1, sizeof *l);
	if (!l)
		return bm_error_oom(err);
	l->fn = fn;
	l->ctx = ctx;
	if (cfg->backend == DB_PG) {
		if (pg_listener_start(cfg->pg_conninfo, fn, ctx, &l->pg, err) < 0) {
			free(l);
			return -1;
		}
	} else {
		pthread_mutex_lock(&listeners_lock);
		l->next = local_listeners;
		local_listeners = l;
		pthread_mutex_unlock(&listeners_lock);
	}
	*out = l;
	return 0;
}

void db_unlisten(struct db_listener *l)
{
	if (!l)
		return;
	if (l->pg) {
		pg_listener_stop(l->pg);
	} else {
		pthread_mutex_lock(&listeners_lock);
		for (struct db_listener **p = &local_listeners; *p; p = &(*p)->next)
			if (*p == l) {
				*p = l->next;
				break;
			}
		pthread_mutex_unlock(&listeners_lock);
	}
	free(l);
}
