/*
** db.c — the backend-independent half of the storage interface (see db.h).
**
** Here live the per-connection statement cache, argument binding from type strings, the one
** transaction runner and the migration runner. Everything engine-specific is a call through
** db->ops, provided by sqlite.c or pg.c.
*/
#include "db/db_internal.h"
#include "core/log.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* How often a transaction is retried after busy/serialization failures before giving up. */
#define DB_TXN_MAX_ATTEMPTS 12

int db_error_busy(struct bm_error *err, const char *detail)
{
	log_info("database busy: %s", detail ? detail : "");
	return bm_error_set(err, 503, "db_busy", "系统繁忙，请稍后重试");
}

int db_error_conflict(struct bm_error *err, const char *detail)
{
	log_info("constraint violation: %s", detail ? detail : "");
	return bm_error_set(err, 409, "conflict", "数据冲突：记录已存在或被其他数据引用");
}

int db_error_internal(struct bm_error *err, const char *detail)
{
	return bm_error_internal(err, detail);
}

int db_open(const struct db_config *cfg, struct db **out, struct bm_error *err)
{
	const struct db_backend_ops *ops = cfg->backend == DB_PG ? &db_pg_ops : &db_sqlite_ops;
	if (ops->open(cfg, out, err) < 0)
		return -1;
	(*out)->backend = cfg->backend;
	(*out)->ops = ops;
	(*out)->txn_depth = 0;
	memset((*out)->cache, 0, sizeof (*out)->cache);
	(*out)->notes = (struct buf)BUF_INIT;
	return 0;
}

void db_close(struct db *db)
{
	if (!db)
		return;
	for (int i = 0; i < DB_STMT_CACHE_SLOTS; i++) {
		struct db_stmt *st = db->cache[i];
		while (st) {
			struct db_stmt *next = st->next;
			free(st->sql);
			db->ops->finalize(st);
			st = next;
		}
	}
	buf_free(&db->notes);
	db->ops->close(db);
}

enum db_backend db_backend_of(const struct db *db)
{
	return db->backend;
}

/* FNV-1a over the SQL text: statements are few and their texts distinct in the first bytes. */
static unsigned db_sql_hash(const char *sql)
{
	unsigned h = 2166136261u;
	for (const unsigned char *p = (const unsigned char *)sql; *p; p++)
		h = (h ^ *p) * 16777619u;
	return h % DB_STMT_CACHE_SLOTS;
}

struct db_stmt *db_prepare(struct db *db, const char *sql, struct bm_error *err)
{
	unsigned slot = db_sql_hash(sql);
	for (struct db_stmt *st = db->cache[slot]; st; st = st->next)
		if (strcmp(st->sql, sql) == 0)
			return st;
	struct db_stmt *st = db->ops->prepare(db, sql, err);
	if (!st)
		return NULL;
	st->db = db;
	st->sql = strdup(sql);
	if (!st->sql)
		abort();
	st->next = db->cache[slot];
	db->cache[slot] = st;
	return st;
}

int db_bind_int(struct db_stmt *st, int idx, int64_t value)
{
	return st->db->ops->bind_int(st, idx, value);
}

int db_bind_text(struct db_stmt *st, int idx, const char *value)
{
	return st->db->ops->bind_text(st, idx, value);
}

int db_bind_null(struct db_stmt *st, int idx)
{
	return st->db->ops->bind_null(st, idx);
}

int db_step(struct db_stmt *st, struct bm_error *err)
{
	return st->db->ops->step(st, err);
}

int db_column_count(struct db_stmt *st)
{
	return st->db->ops->column_count(st);
}

const char *db_column_name(struct db_stmt *st, int col)
{
	return st->db->ops->column_name(st, col);
}

bool db_col_is_null(struct db_stmt *st, int col)
{
	return st->db->ops->col_is_null(st, col);
}

int64_t db_col_int(struct db_stmt *st, int col)
{
	return st->db->ops->col_int(st, col);
}

const char *db_col_text(struct db_stmt *st, int col)
{
	return st->db->ops->col_text(st, col);
}

void db_reset(struct db_stmt *st)
{
	st->db->ops->reset(st);
}

int64_t db_changes(struct db_stmt *st)
{
	return st->db->ops->changes(st);
}

static struct db_stmt *db_query_va(struct db *db, struct bm_error *err, const char *sql,
				   const char *types, va_list ap)
{
	struct db_stmt *st = db_prepare(db, sql, err);
	if (!st)
		return NULL;
	int idx = 1;
	for (const char *t = types; *t; t++, idx++) {
		int rc;
		switch (*t) {
		case 'i': rc = db_bind_int(st, idx, va_arg(ap, int64_t)); break;
		case 't': rc = db_bind_text(st, idx, va_arg(ap, const char *)); break;
		case 'n': rc = db_bind_null(st, idx); break;
		default: rc = -1;
		}
		if (rc < 0) {
			db_reset(st);
			bm_error_internal(err, "db_query: bad bind type or index");
			return NULL;
		}
	}
	return st;
}

struct db_stmt *db_query(struct db *db, struct bm_error *err, const char *sql, const char *types, ...)
{
	va_list ap;
	va_start(ap, types);
	struct db_stmt *st = db_query_va(db, err, sql, types, ap);
	va_end(ap);
	return st;
}

int64_t db_exec_params(struct db *db, struct bm_error *err, const char *sql, const char *types, ...)
{
	va_list ap;
	va_start(ap, types);
	struct db_stmt *st = db_query_va(db, err, sql, types, ap);
	va_end(ap);
	if (!st)
		return -1;
	int rc;
	while ((rc = db_step(st, err)) == DB_ROW)
		;
	int64_t changes = rc < 0 ? -1 : db_changes(st);
	db_reset(st);
	return changes;
}

int db_query_int(struct db *db, struct bm_error *err, int64_t *out, const char *sql, const char *types,
		 ...)
{
	va_list ap;
	va_start(ap, types);
	struct db_stmt *st = db_query_va(db, err, sql, types, ap);
	va_end(ap);
	if (!st)
		return -1;
	int rc = db_step(st, err);
	if (rc == DB_ROW)
		*out = db_col_int(st, 0);
	db_reset(st);
	return rc < 0 ? -1 : rc == DB_ROW;
}

int db_exec(struct db *db, const char *sql, struct bm_error *err)
{
	return db->ops->exec(db, sql, err);
}

bool db_in_transaction(const struct db *db)
{
	return db->txn_depth > 0;
}

static bool db_error_is_soft(const struct bm_error *err)
{
	return err->code && strcmp(err->code, "db_busy") == 0;
}

/* Sleeps a little longer after each failed attempt, with jitter, so two writers that collided
 * do not collide again in lockstep. */
static void db_backoff(int attempt)
{
	long base_us = 1000L << (attempt < 8 ? attempt : 8);
	long us = base_us / 2 + rand() % base_us;
	struct timespec ts = {us / 1000000, (us % 1000000) * 1000};
	nanosleep(&ts, NULL);
}

int db_transaction(struct db *db, db_txn_fn fn, void *ctx, struct bm_error *err)
{
	if (db->txn_depth > 0)
		return fn(db, ctx, err);

	for (int attempt = 0;; attempt++) {
		bm_error_clear(err);
		if (db->ops->begin(db, err) < 0) {
			if (db_error_is_soft(err) && attempt + 1 < DB_TXN_MAX_ATTEMPTS) {
				db_backoff(attempt);
				continue;
			}
			return -1;
		}
		db->txn_depth = 1;
		db_notes_discard(db);
		int rc = fn(db, ctx, err);
		if (rc >= 0 && db_commit_and_deliver(db, err) == 0) {
			db->txn_depth = 0;
			return rc;
		}
		db->ops->rollback(db);
		db_notes_discard(db);
		db->txn_depth = 0;
		if (!db_error_is_soft(err) || attempt + 1 >= DB_TXN_MAX_ATTEMPTS)
			return -1;
		db_backoff(attempt);
	}
}

/* --- migrations --------------------------------------------------------------------------- */

struct migration_ctx {
	const struct db_migration *m;
	int applied;
};

static int db_apply_migration(struct db *db, void *vctx, struct bm_error *err)
{
	struct migration_ctx *ctx = vctx;
	int64_t seen = 0;
	int found = db_query_int(db, err, &seen, "SELECT version FROM schema_migrations WHERE version = ?",
				 "i", (int64_t)ctx->m->version);
	if (found < 0)
		return -1;
	if (found)
		return 0;
	if (db_exec(db, ctx->m->sql, err) < 0)
		return -1;
	if (db_exec_params(db, err, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
			   "iti", (int64_t)ctx->m->version, ctx->m->name, (int64_t)time(NULL)) < 0)
		return -1;
	ctx->applied++;
	log_info("applied migration %s", ctx->m->name);
	return 0;
}

int db_migrate(struct db *db, struct bm_error *err)
{
	const struct db_migration *list =
		db->backend == DB_PG ? db_migrations_pg : db_migrations_sqlite;
	if (db->ops->lock_migrations && db->ops->lock_migrations(db, true, err) < 0)
		return -1;
	struct migration_ctx ctx = {0};
	int rc = db_exec(db,
			 "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
			 "name TEXT NOT NULL, applied_at BIGINT NOT NULL)",
			 err);
	for (const struct db_migration *m = list; rc == 0 && m->sql; m++) {
		ctx.m = m;
		rc = db_transaction(db, db_apply_migration, &ctx, err);
	}
	struct bm_error unlock_err;
	if (db->ops->lock_migrations)
		db->ops->lock_migrations(db, false, &unlock_err);
	return rc < 0 ? -1 : ctx.applied;
}

bool db_connection_lost(struct db *db)
{
	return db->ops->connection_lost && db->ops->connection_lost(db);
}

int db_backup_to(struct db *db, const char *path, struct bm_error *err)
{
	return db->ops->backup_to(db, path, err);
}

int db_integrity_check(struct db *db, bool *ok, struct bm_error *err)
{
	return db->ops->integrity_check(db, ok, err);
}
