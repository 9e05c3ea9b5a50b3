/*
** db_internal.h — what a storage backend provides to db.c.
**
** db.c owns what both backends share: the statement cache, argument binding from type
** strings, the transaction runner with its retry loop, and migrations. A backend provides the
** operations in struct db_backend_ops and embeds struct db / struct db_stmt at the start of its
** own connection and statement structs. Only db.c, sqlite.c and pg.c include this header.
*/
#ifndef BM_DB_INTERNAL_H
#define BM_DB_INTERNAL_H

#include "core/buf.h"
#include "db/db.h"

#include <stddef.h>

#define DB_STMT_CACHE_SLOTS 512

struct db_backend_ops {
	/* Connection. open allocates the backend's connection struct (whose first member is
	 * struct db) and applies its session settings. close frees it, statements included. */
	int (*open)(const struct db_config *cfg, struct db **out, struct bm_error *err);
	void (*close)(struct db *db);
	int (*exec)(struct db *db, const char *sql, struct bm_error *err);

	/* Statements. prepare allocates a statement (first member struct db_stmt) for sql with
	 * `?` placeholders; finalize frees it. */
	struct db_stmt *(*prepare)(struct db *db, const char *sql, struct bm_error *err);
	void (*finalize)(struct db_stmt *st);
	int (*bind_int)(struct db_stmt *st, int idx, int64_t value);
	int (*bind_text)(struct db_stmt *st, int idx, const char *value);
	int (*bind_null)(struct db_stmt *st, int idx);
	int (*step)(struct db_stmt *st, struct bm_error *err);
	int (*column_count)(struct db_stmt *st);
	const char *(*column_name)(struct db_stmt *st, int col);
	bool (*col_is_null)(struct db_stmt *st, int col);
	int64_t (*col_int)(struct db_stmt *st, int col);
	const char *(*col_text)(struct db_stmt *st, int col);
	void (*reset)(struct db_stmt *st); /* also clears bindings and releases results */
	int64_t (*changes)(struct db_stmt *st);

	/* Transactions: begin a write transaction, commit, roll back. A soft failure (busy,
	 * serialization) sets err->code to "db_busy". */
	int (*begin)(struct db *db, struct bm_error *err);
	int (*commit)(struct db *db, struct bm_error *err);
	void (*rollback)(struct db *db);

	/* Serialises migrations across processes (advisory lock); may be NULL. */
	int (*lock_migrations)(struct db *db, bool lock, struct bm_error *err);

	bool (*connection_lost)(struct db *db); /* may be NULL: never lost */
	int (*backup_to)(struct db *db, const char *path, struct bm_error *err);
	int (*integrity_check)(struct db *db, bool *ok, struct bm_error *err);
};

struct db_stmt {
	struct db *db;
	char *sql;              /* key in the cache; owned */
	struct db_stmt *next;   /* cache chain */
};

struct db {
	enum db_backend backend;
	const struct db_backend_ops *ops;
	int txn_depth;          /* > 0 while db_transaction() is running */
	struct db_stmt *cache[DB_STMT_CACHE_SLOTS];
	struct buf notes;       /* SQLite: notifications of the open transaction, one per line */
};

extern const struct db_backend_ops db_sqlite_ops;
extern const struct db_backend_ops db_pg_ops;

/* Migrations embedded at build time (build/gen/schema.c, from src/db/schema). */
#include "db/schema.h"

/* notify.c: the transaction runner commits through this, so that a transaction's queued
 * notifications reach this process's listeners after COMMIT and in commit order. */
int db_commit_and_deliver(struct db *db, struct bm_error *err);
void db_notes_discard(struct db *db);

/* pg_listen.c: a LISTEN thread on its own connection (db_listen() for PostgreSQL). */
struct pg_listener;
int pg_listener_start(const char *conninfo, db_listen_fn fn, void *ctx, struct pg_listener **out,
		      struct bm_error *err);
void pg_listener_stop(struct pg_listener *l);
#define PG_NOTIFY_CHANNEL "bianmin_events"

/* Shared error helpers for backends. */
int db_error_busy(struct bm_error *err, const char *detail);
int db_error_conflict(struct bm_error *err, const char *detail);
int db_error_internal(struct bm_error *err, const char *detail);

#endif
