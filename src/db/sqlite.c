/*
** sqlite.c — the SQLite backend of the storage interface (see db.h, db_internal.h).
**
** Settings every connection gets, and why:
**   journal_mode=WAL     readers never block the writer, and the writer never blocks readers;
**   synchronous=FULL     a case a citizen was told is saved survives power loss;
**   busy_timeout=5000    writers queue for the lock instead of failing at once;
**   foreign_keys=ON      references are checked;
**   ENABLE_QPSG          prepared statements keep their plan whatever is bound to them.
** Write transactions begin with BEGIN IMMEDIATE: a deferred transaction that later upgrades to
** a writer fails with SQLITE_BUSY at once, without waiting, when another writer got there first.
**
** Within one process, writers to the same file also queue on a mutex before BEGIN IMMEDIATE
** (writer_lock_for()). SQLite's busy handler polls with sleeps of up to 100 ms, so under many
** concurrent writers the lock sat free while the waiters slept, and throughput fell to a fraction
** of what the disk allows while the slowest requests waited seconds; a mutex hands the lock to
** the next writer the moment the last one commits. The busy handler still covers writers in
** other processes (the CLI while a server runs).
*/
#include "db/db_internal.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>

/* Process-wide SQLite settings, applied once before the first connection opens.
 * MEMSTATUS off: with it on (the default), every sqlite3_malloc/free takes one global mutex
 * to keep allocation statistics nobody reads, and the server threads queue on it. */
static pthread_once_t sqlite_once = PTHREAD_ONCE_INIT;

static void sqlite_configure(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

struct sqlite_db {
	struct db base;
	sqlite3 *handle;
	pthread_mutex_t *writer; /* the file's writer mutex; NULL for an in-memory database */
	bool writing;            /* this connection holds *writer (between begin and commit/rollback) */
};

/* One writer mutex per database file that this process opened, found by the path as given
 * (every connection of a server opens the same path string). The table only grows, and has
 * room for far more files than a process opens; past that, writers rely on the busy handler. */
#define WRITER_LOCKS_MAX 32

static struct {
	char *path;
	pthread_mutex_t mutex;
} writer_locks[WRITER_LOCKS_MAX];
static pthread_mutex_t writer_locks_guard = PTHREAD_MUTEX_INITIALIZER;

static pthread_mutex_t *writer_lock_for(const char *path)
{
	if (!path || !*path || strcmp(path, ":memory:") == 0 || strncmp(path, "file:", 5) == 0)
		return NULL;
	pthread_mutex_t *found = NULL;
	pthread_mutex_lock(&writer_locks_guard);
	for (int i = 0; i < WRITER_LOCKS_MAX && !found; i++) {
		if (!writer_locks[i].path) {
			writer_locks[i].path = strdup(path);
			if (writer_locks[i].path) {
				pthread_mutex_init(&writer_locks[i].mutex, NULL);
				found = &writer_locks[i].mutex;
			}
			break;
		}
		if (strcmp(writer_locks[i].path, path) == 0)
			found = &writer_locks[i].mutex;
	}
	pthread_mutex_unlock(&writer_locks_guard);
	return found;
}

struct sqlite_stmt {
	struct db_stmt base;
	sqlite3_stmt *handle;
	int64_t changes;
};

static sqlite3 *sqlite_handle(struct db *db)
{
	return ((struct sqlite_db *)db)->handle;
}

static sqlite3_stmt *sqlite_stmt_handle(struct db_stmt *st)
{
	return ((struct sqlite_stmt *)st)->handle;
}

/* Maps an SQLite result code to the interface's errors, as pg_fail() does for PostgreSQL: a
 * unique or foreign-key violation is a conflict; a CHECK or NOT NULL failure means the domain
 * let invalid data through, which is a bug (500), on both backends. */
static int sqlite_fail(sqlite3 *handle, int rc, struct bm_error *err)
{
	const char *msg = handle ? sqlite3_errmsg(handle) : sqlite3_errstr(rc);
	int extended = handle ? sqlite3_extended_errcode(handle) : rc;
	switch (rc & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return db_error_busy(err, msg);
	case SQLITE_CONSTRAINT:
		if (extended == SQLITE_CONSTRAINT_UNIQUE || extended == SQLITE_CONSTRAINT_PRIMARYKEY ||
		    extended == SQLITE_CONSTRAINT_FOREIGNKEY)
			return db_error_conflict(err, msg);
		return db_error_internal(err, msg);
	default:
		return db_error_internal(err, msg);
	}
}

static int sqlite_exec(struct db *db, const char *sql, struct bm_error *err)
{
	int rc = sqlite3_exec(sqlite_handle(db), sql, NULL, NULL, NULL);
	return rc == SQLITE_OK ? 0 : sqlite_fail(sqlite_handle(db), rc, err);
}

static void sqlite_release_writer(struct sqlite_db *sdb)
{
	if (sdb->writing) {
		sdb->writing = false;
		pthread_mutex_unlock(sdb->writer);
	}
}

static int sqlite_open(const struct db_config *cfg, struct db **out, struct bm_error *err)
{
	struct sqlite_db *db = calloc(1, sizeof *db);
	if (!db)
		return bm_error_oom(err);
	pthread_once(&sqlite_once, sqlite_configure);
	int rc = sqlite3_open_v2(cfg->sqlite_path, &db->handle,
				 SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		bm_error_set(err, 500, "db_open_failed", "无法打开数据库文件 %s：%s", cfg->sqlite_path,
			     db->handle ? sqlite3_errmsg(db->handle) : sqlite3_errstr(rc));
		sqlite3_close(db->handle);
		free(db);
		return -1;
	}
	sqlite3_busy_timeout(db->handle, 5000);
	/* Query planner stability: plans never depend on bound values. Without it, a statement
	 * with "column LIKE ?" (the org-path scope checks) is expired at every new binding and
	 * parsed and planned again, which cost a case intake several percent of its time. */
	sqlite3_db_config(db->handle, SQLITE_DBCONFIG_ENABLE_QPSG, 1, (int *)NULL);
	db->writer = writer_lock_for(cfg->sqlite_path);
	*out = &db->base;
	if (sqlite_exec(*out,
			"PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"
			"PRAGMA temp_store=MEMORY;",
			err) < 0) {
		sqlite3_close(db->handle);
		free(db);
		return -1;
	}
	return 0;
}

static void sqlite_close(struct db *db)
{
	sqlite_release_writer((struct sqlite_db *)db);
	sqlite3_close(sqlite_handle(db));
	free(db);
}

static struct db_stmt *sqlite_prepare(struct db *db, const char *sql, struct bm_error *err)
{
	struct sqlite_stmt *st = calloc(1, sizeof *st);
	if (!st) {
		bm_error_oom(err);
		return NULL;
	}
	int rc = sqlite3_prepare_v3(sqlite_handle(db), sql, -1, SQLITE_PREPARE_PERSISTENT,
				    &st->handle, NULL);
	if (rc != SQLITE_OK) {
		sqlite_fail(sqlite_handle(db), rc, err);
		free(st);
		return NULL;
	}
	return &st->base;
}

static void sqlite_finalize(struct db_stmt *st)
{
	sqlite3_finalize(sqlite_stmt_handle(st));
	free(st);
}

static int sqlite_bind_int(struct db_stmt *st, int idx, int64_t value)
{
	return sqlite3_bind_int64(sqlite_stmt_handle(st), idx, value) == SQLITE_OK ? 0 : -1;
}

static int sqlite_bind_text(struct db_stmt *st, int idx, const char *value)
{
	int rc = value ? sqlite3_bind_text(sqlite_stmt_handle(st), idx, value, -1, SQLITE_TRANSIENT)
		       : sqlite3_bind_null(sqlite_stmt_handle(st), idx);
	return rc == SQLITE_OK ? 0 : -1;
}

static int sqlite_bind_null(struct db_stmt *st, int idx)
{
	return sqlite3_bind_null(sqlite_stmt_handle(st), idx) == SQLITE_OK ? 0 : -1;
}

static int sqlite_step(struct db_stmt *st, struct bm_error *err)
{
	int rc = sqlite3_step(sqlite_stmt_handle(st));
	if (rc == SQLITE_ROW)
		return DB_ROW;
	if (rc == SQLITE_DONE) {
		((struct sqlite_stmt *)st)->changes = sqlite3_changes64(sqlite_handle(st->db));
		return DB_DONE;
	}
	return sqlite_fail(sqlite_handle(st->db), rc, err);
}

static int sqlite_column_count(struct db_stmt *st)
{
	return sqlite3_column_count(sqlite_stmt_handle(st));
}

static const char *sqlite_column_name(struct db_stmt *st, int col)
{
	return sqlite3_column_name(sqlite_stmt_handle(st), col);
}

static bool sqlite_col_is_null(struct db_stmt *st, int col)
{
	return sqlite3_column_type(sqlite_stmt_handle(st), col) == SQLITE_NULL;
}

static int64_t sqlite_col_int(struct db_stmt *st, int col)
{
	return sqlite3_column_int64(sqlite_stmt_handle(st), col);
}

static const char *sqlite_col_text(struct db_stmt *st, int col)
{
	return (const char *)sqlite3_column_text(sqlite_stmt_handle(st), col);
}

static void sqlite_reset(struct db_stmt *st)
{
	sqlite3_reset(sqlite_stmt_handle(st));
	sqlite3_clear_bindings(sqlite_stmt_handle(st));
}

static int64_t sqlite_changes(struct db_stmt *st)
{
	return ((struct sqlite_stmt *)st)->changes;
}

static int sqlite_begin(struct db *db, struct bm_error *err)
{
	struct sqlite_db *sdb = (struct sqlite_db *)db;
	if (sdb->writer && !sdb->writing) {
		pthread_mutex_lock(sdb->writer);
		sdb->writing = true;
	}
	int rc = sqlite_exec(db, "BEGIN IMMEDIATE", err);
	if (rc < 0)
		sqlite_release_writer(sdb);
	return rc;
}

/* A failed COMMIT keeps the writer mutex: db_transaction() rolls back next, which releases it. */
static int sqlite_commit(struct db *db, struct bm_error *err)
{
	int rc = sqlite_exec(db, "COMMIT", err);
	if (rc == 0)
		sqlite_release_writer((struct sqlite_db *)db);
	return rc;
}

static void sqlite_rollback(struct db *db)
{
	sqlite3_exec(sqlite_handle(db), "ROLLBACK", NULL, NULL, NULL);
	sqlite_release_writer((struct sqlite_db *)db);
}

/* Copies the live database with SQLite's online backup API in a single step: the step holds
 * one read transaction from the first page to the last, so the copy is the snapshot of one
 * moment, and in WAL mode writers go on committing meanwhile.
 *
 * Not in steps of N pages: between steps the source's read transaction ends, and a commit by
 * another process (the server, while `bianmin backup` runs beside it) restarts the copy from
 * page 1. Under a steady stream of writes a copy that needs more than the gap between two
 * commits never finishes: in CI, a 6 MB demo database behind four writers hung the backup test
 * until the suite's timeout. SQLITE_BUSY (taking the read lock during a checkpoint) is retried
 * for BACKUP_BUSY_MS at most. */
#define BACKUP_BUSY_MS 30000
#define BACKUP_BUSY_SLEEP_MS 10

static int sqlite_backup_to(struct db *db, const char *path, struct bm_error *err)
{
	sqlite3 *dest;
	int rc = sqlite3_open_v2(path, &dest, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
	if (rc != SQLITE_OK) {
		bm_error_set(err, 500, "backup_failed", "无法创建备份文件 %s：%s", path,
			     dest ? sqlite3_errmsg(dest) : sqlite3_errstr(rc));
		sqlite3_close(dest);
		return -1;
	}
	sqlite3_backup *bk = sqlite3_backup_init(dest, "main", sqlite_handle(db), "main");
	if (!bk) {
		bm_error_set(err, 500, "backup_failed", "备份初始化失败：%s", sqlite3_errmsg(dest));
		sqlite3_close(dest);
		return -1;
	}
	int waited_ms = 0;
	for (;;) {
		rc = sqlite3_backup_step(bk, -1);
		if ((rc != SQLITE_BUSY && rc != SQLITE_LOCKED) || waited_ms >= BACKUP_BUSY_MS)
			break;
		sqlite3_sleep(BACKUP_BUSY_SLEEP_MS);
		waited_ms += BACKUP_BUSY_SLEEP_MS;
	}
	sqlite3_backup_finish(bk);
	if (rc != SQLITE_DONE) {
		bm_error_set(err, 500, "backup_failed", "备份失败：%s", sqlite3_errstr(rc));
		sqlite3_close(dest);
		return -1;
	}
	sqlite3_exec(dest, "PRAGMA journal_mode=DELETE", NULL, NULL, NULL);
	sqlite3_close(dest);
	return 0;
}

static int sqlite_integrity_check(struct db *db, bool *ok, struct bm_error *err)
{
	struct db_stmt *st = db_prepare(db, "PRAGMA integrity_check", err);
	if (!st)
		return -1;
	int rc = db_step(st, err);
	*ok = rc == DB_ROW && strcmp(db_col_text(st, 0), "ok") == 0;
	db_reset(st);
	return rc < 0 ? -1 : 0;
}

const struct db_backend_ops db_sqlite_ops = {
	.open = sqlite_open,
	.close = sqlite_close,
	.exec = sqlite_exec,
	.prepare = sqlite_prepare,
	.finalize = sqlite_finalize,
	.bind_int = sqlite_bind_int,
	.bind_text = sqlite_bind_text,
	.bind_null = sqlite_bind_null,
	.step = sqlite_step,
	.column_count = sqlite_column_count,
	.column_name = sqlite_column_name,
	.col_is_null = sqlite_col_is_null,
	.col_int = sqlite_col_int,
	.col_text = sqlite_col_text,
	.reset = sqlite_reset,
	.changes = sqlite_changes,
	.begin = sqlite_begin,
	.commit = sqlite_commit,
	.rollback = sqlite_rollback,
	.lock_migrations = NULL,
	.connection_lost = NULL,
	.backup_to = sqlite_backup_to,
	.integrity_check = sqlite_integrity_check,
};
