/*
** db.h — the one storage interface of bianmin.
**
** Two backends sit behind it: SQLite (embedded, the default: one file, WAL, synchronous=FULL)
** and PostgreSQL (libpq, for deployments beyond one machine). Every query is written once, in
** the SQL subset both engines share:
**   - `?` placeholders (the PostgreSQL backend rewrites them to $1, $2 ...);
**   - integers for times (epoch seconds), dates as 'YYYY-MM-DD' text, 0/1 for booleans;
**   - INSERT ... RETURNING id, ON CONFLICT ... DO UPDATE/NOTHING, LIMIT/OFFSET;
**   - CAST(? AS BIGINT) / CAST(? AS TEXT) where a bare placeholder's type would be ambiguous.
** What is really dialect-specific (full-text search, locking, notifications) is a named
** function of this interface, implemented by each backend.
**
** Threads: a struct db is one connection and is used by one thread at a time. The server keeps
** one per worker thread (http/server.c).
**
** Statements: db_prepare() returns a statement from the connection's cache (prepared once per
** connection, keyed by its SQL text). The connection owns it. The caller binds, steps, and
** MUST call db_reset() when done with it (db_query_* helpers do that themselves).
**
** Errors: functions return -1 (or NULL) with *err set. A unique-key or foreign-key violation
** is 409 "conflict" (a CHECK or NOT NULL failure is a bug upstream: 500); a busy database or a serialization failure is 503 "db_busy" (the transaction
** runner retries those); anything else is 500 "internal_error".
*/
#ifndef BM_DB_H
#define BM_DB_H

#include "core/error.h"

#include <stdbool.h>
#include <stdint.h>

enum db_backend {
	DB_SQLITE,
	DB_PG,
};

struct db_config {
	enum db_backend backend;
	const char *sqlite_path; /* DB_SQLITE: file path */
	const char *pg_conninfo; /* DB_PG: libpq connection string */
};

struct db;
struct db_stmt;

#define DB_ROW 1
#define DB_DONE 0

/* Opens a connection. The caller owns *out and closes it with db_close(). Does not migrate. */
int db_open(const struct db_config *cfg, struct db **out, struct bm_error *err);
void db_close(struct db *db);
enum db_backend db_backend_of(const struct db *db);

/* Applies every numbered migration not yet recorded in schema_migrations, each in its own
 * transaction, in order. Safe to run from several processes at once. Returns the number applied
 * or -1. */
int db_migrate(struct db *db, struct bm_error *err);

/* --- statements --------------------------------------------------------------------------- */

struct db_stmt *db_prepare(struct db *db, const char *sql, struct bm_error *err);
int db_bind_int(struct db_stmt *st, int idx, int64_t value);      /* idx is 1-based */
int db_bind_text(struct db_stmt *st, int idx, const char *value); /* NULL binds SQL NULL; copied */
int db_bind_null(struct db_stmt *st, int idx);
int db_step(struct db_stmt *st, struct bm_error *err);            /* DB_ROW, DB_DONE or -1 */
int db_column_count(struct db_stmt *st);
const char *db_column_name(struct db_stmt *st, int col);
bool db_col_is_null(struct db_stmt *st, int col);
int64_t db_col_int(struct db_stmt *st, int col);       /* 0 for NULL */
const char *db_col_text(struct db_stmt *st, int col);  /* NULL for NULL; valid until next step */
void db_reset(struct db_stmt *st);
/* Rows changed by the last completed INSERT/UPDATE/DELETE of this statement. */
int64_t db_changes(struct db_stmt *st);

/* Prepares `sql` and binds the arguments that follow, one per placeholder, described by
 * `types`: 'i' an int64_t, 't' a const char * (NULL binds NULL), 'n' SQL NULL (no argument).
 * Example:  st = db_query(db, err, "SELECT name FROM orgs WHERE code = ?", "t", code);
 * Returns the statement ready for db_step(), or NULL. The caller must db_reset() it. */
struct db_stmt *db_query(struct db *db, struct bm_error *err, const char *sql, const char *types, ...);

/* Runs a statement that returns no rows (or whose rows are ignored) and resets it. Returns the
 * number of rows changed, or -1. */
int64_t db_exec_params(struct db *db, struct bm_error *err, const char *sql, const char *types, ...);

/* Runs a query whose first column of the first row is an integer. Returns 1 and sets *out when
 * there is a row, 0 when there is none, -1 on error. */
int db_query_int(struct db *db, struct bm_error *err, int64_t *out, const char *sql, const char *types,
		 ...);

/* Runs a script of one or more statements without parameters (DDL, migrations). */
int db_exec(struct db *db, const char *sql, struct bm_error *err);

/* --- transactions ------------------------------------------------------------------------- */

/* The one transaction runner. Begins a write transaction (SQLite: BEGIN IMMEDIATE;
 * PostgreSQL: READ COMMITTED holding one writer advisory lock, so writers run one at a time on
 * both), calls fn, commits when fn returns >= 0 and rolls back otherwise.
 * When the database answers busy or a serialization failure, the whole transaction (fn
 * included) is retried up to a bounded number of times, so fn must not have effects outside
 * the database. A call made while a transaction is already open runs fn inside it. Returns
 * fn's result, or -1 with *err set. */
typedef int (*db_txn_fn)(struct db *db, void *ctx, struct bm_error *err);
int db_transaction(struct db *db, db_txn_fn fn, void *ctx, struct bm_error *err);
bool db_in_transaction(const struct db *db);

/* True when the connection to the database server is gone (PostgreSQL restarted, network
 * cut). The owner should db_close() it and open a new one; SQLite connections never are. */
bool db_connection_lost(struct db *db);

/* --- notifications ---------------------------------------------------------------------------
 * What one transaction changed, told to every live page of every server process. db_notify()
 * queues a payload (one line of text, under 8000 bytes) inside the open transaction; once the
 * transaction commits — never when it rolls back — every listener receives it, in commit order.
 *   SQLite: the listeners of this process (SQLite deployments are one process); the committing
 *     thread delivers right after COMMIT, and commits with notifications are serialised with
 *     their delivery so listeners see them in commit order.
 *   PostgreSQL: NOTIFY on the channel "bianmin_events" in the same transaction; each listener
 *     is a thread of its own with a dedicated connection running LISTEN, so the listeners of
 *     every process on the database hear every commit. When a listener's connection drops and
 *     comes back, it calls fn(NULL, ctx): notifications may have been lost meanwhile.
 * fn runs in the delivering thread (a committing worker, or the listener thread): it must be
 * quick and must not use the database. */
typedef void (*db_listen_fn)(const char *payload, void *ctx);
struct db_listener;

/* Queues a notification; must run inside db_transaction(). */
int db_notify(struct db *db, const char *payload, struct bm_error *err);

/* Starts listening. The caller owns *out and stops it with db_unlisten(), after which fn is
 * never called again. PostgreSQL: fails when the listener cannot connect. */
int db_listen(const struct db_config *cfg, db_listen_fn fn, void *ctx, struct db_listener **out,
	      struct bm_error *err);
void db_unlisten(struct db_listener *listener);

/* --- backend-specific operations ---------------------------------------------------------- */

/* Consistent online copy of the whole database into a new SQLite file at `path` (SQLite's
 * backup API). PostgreSQL deployments use pg_dump; there this fails with "backup_use_pg_dump". */
int db_backup_to(struct db *db, const char *path, struct bm_error *err);

/* Runs the backend's own integrity check ("ok" in *ok when clean). */
int db_integrity_check(struct db *db, bool *ok, struct bm_error *err);

#endif
