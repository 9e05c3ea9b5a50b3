/*
** pg.c — the PostgreSQL backend of the storage interface (see db.h, db_internal.h).
**
** One struct db is one libpq connection (PQconnectdb with the configured conninfo), used by one
** thread at a time. Settings every connection gets, and why:
**   client_min_messages=warning  NOTICEs such as "relation already exists, skipping" from
**                                idempotent DDL are not news; what still arrives is logged;
**   TIME ZONE 'UTC'              times are epoch seconds anyway, and whatever the server
**                                formats itself comes out the same on every deployment.
**
** Statements. The shared SQL uses `?` placeholders; prepare rewrites them to $1, $2 ... (not
** inside '...' literals, "..." identifiers or comments) and prepares a named statement on the
** server without parameter types, so the server infers each from its context; where the
** context says nothing, the SQL must say CAST(? AS BIGINT) / CAST(? AS TEXT) (db.h). Parameters
** are sent and results received as text: int64 values are formatted and parsed here, so there
** are no binary formats, type OIDs or byte orders to care about. The first db_step() executes
** the statement and keeps the whole result; later steps walk its rows.
**
** Transactions. Write transactions run one at a time, as SQLite's single writer runs them: each
** begins READ COMMITTED and first takes one transaction-scoped advisory lock, so the next
** writer waits for the lock and then sees everything committed before it (each statement takes
** a fresh snapshot). SERIALIZABLE was tried first and gives the same guarantees without the
** queue, but every write appends to the one audit chain, so under load nearly all concurrent
** writers conflicted and retries ran out. A deadlock or serialization failure (40P01, 40001)
** still maps to "db_busy" and db_transaction() runs the transaction again. Reads outside
** db_transaction() run in autocommit, one snapshot per statement. Finer locks (per county, with
** an audit chain per county) are the way to more write throughput.
**
** Unlike SQLite, a failed statement inside a transaction aborts the whole transaction: every
** later statement fails until ROLLBACK. Callers must not go on after an error in a transaction
** (use ON CONFLICT instead of catching a conflict); COMMIT of such a transaction is reported as
** an error here, never as success.
*/
#include "db/db_internal.h"
#include "core/log.h"

#include <ctype.h>
#include <inttypes.h>
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* pg_type.oid of boolean (catalog/pg_type_d.h is a server header, not installed with libpq). */
#define PG_BOOLOID 16

/* Key of the session advisory lock that serialises migrations: "bianmin" in ASCII, i.e.
 * 0x6269616e6d696e (written in decimal: hexadecimal literals need PostgreSQL 16). */
#define PG_MIGRATION_LOCK "27700414903052654"

/* Key of the transaction advisory lock every write transaction holds: "bmwrite" in ASCII
 * (0x626d7772697465), in decimal. */
#define PG_WRITER_LOCK "27704907505693797"

struct pg_db {
	struct db base;
	PGconn *conn;
	unsigned long next_stmt; /* numbers the server-side statement names */
};

struct pg_stmt {
	struct db_stmt base;
	char name[32];    /* server-side prepared statement, "bm_<n>", unique in the connection */
	int nparams;      /* `?` placeholders in the SQL */
	char **params;    /* nparams text values, owned; NULL is SQL NULL */
	PGresult *desc;   /* PQdescribePrepared: the columns, known before the first step */
	PGresult *res;    /* the executed result; NULL until the first step and after reset */
	int row;          /* current row of res; -1 before the first */
	int64_t changes;
};

static PGconn *pg_conn(struct db *db)
{
	return ((struct pg_db *)db)->conn;
}

/* Copies a libpq message onto one line (its newlines and tabs become single spaces, the
 * trailing newline goes), for logs and error messages. */
static void pg_message(char *out, size_t size, const char *msg)
{
	size_t n = 0;
	for (const char *p = msg ? msg : ""; *p && n + 1 < size; p++) {
		bool space = *p == '\n' || *p == '\t' || *p == ' ';
		if (!space)
			out[n++] = *p;
		else if (n > 0 && out[n - 1] != ' ')
			out[n++] = ' ';
	}
	while (n > 0 && out[n - 1] == ' ')
		n--;
	out[n] = '\0';
}

/* Maps a failed result (or, when res is NULL, the connection's last error) to the interface's
 * errors by SQLSTATE. Only the primary message is kept: the DETAIL of a unique violation quotes
 * the key values, and personal data is never logged. */
static int pg_fail(PGconn *conn, const PGresult *res, struct bm_error *err)
{
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	const char *primary = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	char msg[512], detail[600];
	pg_message(msg, sizeof msg, primary ? primary : PQerrorMessage(conn));
	snprintf(detail, sizeof detail, "%s: %s", state ? state : "no sqlstate", msg);
	if (!state)
		return db_error_internal(err, detail);
	if (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0)
		return db_error_busy(err, detail); /* serialization_failure, deadlock_detected */
	if (strcmp(state, "23505") == 0 || strcmp(state, "23503") == 0)
		return db_error_conflict(err, detail); /* unique_violation, foreign_key_violation */
	return db_error_internal(err, detail);
}

/* Runs one query string whose rows, if any, are ignored. A script of several statements is
 * one implicit transaction unless a transaction is already open. */
static int pg_exec(struct db *db, const char *sql, struct bm_error *err)
{
	PGresult *res = PQexec(pg_conn(db), sql);
	ExecStatusType status = PQresultStatus(res);
	int rc = 0;
	if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK && status != PGRES_EMPTY_QUERY)
		rc = pg_fail(pg_conn(db), res, err);
	PQclear(res);
	return rc;
}

/* Whatever the server still sends (warnings) goes to the log, not raw to stderr. */
static void pg_notice(void *arg, const char *message)
{
	char msg[512];
	pg_message(msg, sizeof msg, message);
	log_info("postgresql: %s", msg);
}

static int pg_open(const struct db_config *cfg, struct db **out, struct bm_error *err)
{
	struct pg_db *db = calloc(1, sizeof *db);
	if (!db)
		return bm_error_oom(err);
	db->conn = PQconnectdb(cfg->pg_conninfo ? cfg->pg_conninfo : "");
	if (PQstatus(db->conn) != CONNECTION_OK) {
		/* The conninfo itself is not repeated: it may hold a password. */
		char msg[200];
		pg_message(msg, sizeof msg, db->conn ? PQerrorMessage(db->conn) : "out of memory");
		bm_error_set(err, 500, "db_open_failed", "无法连接 PostgreSQL 数据库：%s", msg);
		PQfinish(db->conn);
		free(db);
		return -1;
	}
	PQsetNoticeProcessor(db->conn, pg_notice, NULL);
	*out = &db->base;
	if (pg_exec(*out, "SET client_min_messages = warning; SET TIME ZONE 'UTC'", err) < 0) {
		PQfinish(db->conn);
		free(db);
		return -1;
	}
	return 0;
}

/* Closing the connection also drops its prepared statements on the server. */
static void pg_close(struct db *db)
{
	PQfinish(pg_conn(db));
	free(db);
}

/* Rewrites the `?` placeholders of sql to $1, $2 ... into a new string and counts them. A `?`
 * inside a '...' literal, a "..." identifier, a -- comment or a (nested) block comment is left
 * alone; a doubled quote inside a literal closes and reopens it, which comes to the same. Not
 * understood, so not to be used in shared SQL: E'...' escapes, $$...$$ quoting and
 * PostgreSQL's own ?-operators (jsonb). Returns NULL when out of memory, or with *nparams -1
 * when the SQL has a $n placeholder of its own. */
static char *pg_rewrite_placeholders(const char *sql, int *nparams)
{
	size_t marks = 0;
	for (const char *p = sql; *p; p++)
		marks += *p == '?';
	char *out = malloc(strlen(sql) + marks * 10 + 1); /* "?" becomes "$" and up to 10 digits */
	if (!out)
		return NULL;
	char *o = out;
	int n = 0;
	const char *p = sql;
	while (*p) {
		if (*p == '\'' || *p == '"') {
			char quote = *p;
			*o++ = *p++;
			while (*p && *p != quote)
				*o++ = *p++;
			if (*p)
				*o++ = *p++;
		} else if (p[0] == '-' && p[1] == '-') {
			while (*p && *p != '\n')
				*o++ = *p++;
		} else if (p[0] == '/' && p[1] == '*') {
			int depth = 0;
			do {
				if (p[0] == '/' && p[1] == '*') {
					depth++;
					*o++ = *p++;
				} else if (p[0] == '*' && p[1] == '/') {
					depth--;
					*o++ = *p++;
				}
				*o++ = *p++;
			} while (*p && depth > 0);
		} else if (*p == '?') {
			o += sprintf(o, "$%d", ++n);
			p++;
		} else if (*p == '$' && isdigit((unsigned char)p[1]) &&
			   (p == sql || !(isalnum((unsigned char)p[-1]) || p[-1] == '_'))) {
			free(out); /* a $n of its own would collide with the numbering */
			*nparams = -1;
			return NULL;
		} else {
			*o++ = *p++;
		}
	}
	*o = '\0';
	*nparams = n;
	return out;
}

static void pg_clear_params(struct pg_stmt *st)
{
	for (int i = 0; i < st->nparams; i++) {
		free(st->params[i]);
		st->params[i] = NULL;
	}
}

static void pg_finalize(struct db_stmt *base)
{
	struct pg_stmt *st = (struct pg_stmt *)base;
	/* The server-side statement is not deallocated: finalize only runs from db_close(), and
	 * the end of the connection drops it anyway. */
	pg_clear_params(st);
	free(st->params);
	PQclear(st->desc);
	PQclear(st->res);
	free(st);
}

/* Prepares the statement on the server under a fresh name and asks for its description, which
 * gives the columns before the first step and the number of parameters the server found, checked
 * against the `?` count. Both happen once per connection and SQL text (db.c caches). */
static struct db_stmt *pg_prepare(struct db *db, const char *sql, struct bm_error *err)
{
	struct pg_db *pdb = (struct pg_db *)db;
	struct pg_stmt *st = calloc(1, sizeof *st);
	int nparams = 0;
	char *text = pg_rewrite_placeholders(sql, &nparams);
	if (nparams < 0) {
		free(st);
		db_error_internal(err, "pg_prepare: the SQL has a $n placeholder; write ?");
		return NULL;
	}
	if (!st || !text) {
		free(st);
		free(text);
		bm_error_oom(err);
		return NULL;
	}
	st->nparams = nparams;
	st->row = -1;
	st->params = calloc(nparams > 0 ? (size_t)nparams : 1, sizeof *st->params);
	if (!st->params) {
		free(text);
		free(st);
		bm_error_oom(err);
		return NULL;
	}
	snprintf(st->name, sizeof st->name, "bm_%lu", ++pdb->next_stmt);

	PGresult *res = PQprepare(pdb->conn, st->name, text, nparams, NULL);
	free(text);
	bool ok = PQresultStatus(res) == PGRES_COMMAND_OK;
	if (!ok)
		pg_fail(pdb->conn, res, err);
	PQclear(res);
	if (ok) {
		st->desc = PQdescribePrepared(pdb->conn, st->name);
		ok = PQresultStatus(st->desc) == PGRES_COMMAND_OK;
		if (!ok) {
			pg_fail(pdb->conn, st->desc, err);
		} else if (PQnparams(st->desc) != nparams) {
			db_error_internal(err, "pg_prepare: the server counts other parameters "
					       "than the `?`");
			ok = false;
		}
	}
	if (!ok) {
		/* A statement prepared before the failure stays on the server under its unused
		 * name until the connection ends; harmless. */
		pg_finalize(&st->base);
		return NULL;
	}
	return &st->base;
}

/* Binding a statement that was stepped and not reset is a misuse, as with SQLite. */
static int pg_bind(struct db_stmt *base, int idx, const char *text, bool is_null)
{
	struct pg_stmt *st = (struct pg_stmt *)base;
	if (idx < 1 || idx > st->nparams || st->res)
		return -1;
	char *copy = NULL;
	if (!is_null && !(copy = strdup(text)))
		return -1;
	free(st->params[idx - 1]);
	st->params[idx - 1] = copy;
	return 0;
}

static int pg_bind_int(struct db_stmt *st, int idx, int64_t value)
{
	char text[24];
	snprintf(text, sizeof text, "%" PRId64, value);
	return pg_bind(st, idx, text, false);
}

static int pg_bind_text(struct db_stmt *st, int idx, const char *value)
{
	return pg_bind(st, idx, value, value == NULL);
}

static int pg_bind_null(struct db_stmt *st, int idx)
{
	return pg_bind(st, idx, NULL, true);
}

/* The first step executes the statement and keeps the whole result; each step then moves to
 * the next row, and DB_DONE follows the last one. On an error nothing is kept, so after the
 * caller's reset (and, in a transaction, the runner's ROLLBACK) the statement is as good as new:
 * the server-side statement outlives the transaction. */
static int pg_step(struct db_stmt *base, struct bm_error *err)
{
	struct pg_stmt *st = (struct pg_stmt *)base;
	if (!st->res) {
		PGconn *conn = pg_conn(base->db);
		PGresult *res = PQexecPrepared(conn, st->name, st->nparams,
					       (const char *const *)st->params, NULL, NULL, 0);
		ExecStatusType status = PQresultStatus(res);
		if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
			pg_fail(conn, res, err);
			PQclear(res);
			return -1;
		}
		st->res = res;
		st->row = -1;
		/* PQcmdTuples also counts the rows of a SELECT; only writes count as changes. */
		st->changes = 0;
		if (strncmp(PQcmdStatus(res), "SELECT", 6) != 0)
			st->changes = atoll(PQcmdTuples(res));
	}
	if (st->row < PQntuples(st->res))
		st->row++;
	return st->row < PQntuples(st->res) ? DB_ROW : DB_DONE;
}

/* The executed result describes the columns once there is one; before, the description. */
static const PGresult *pg_columns(struct db_stmt *base)
{
	struct pg_stmt *st = (struct pg_stmt *)base;
	return st->res ? st->res : st->desc;
}

static int pg_column_count(struct db_stmt *st)
{
	return PQnfields(pg_columns(st));
}

static const char *pg_column_name(struct db_stmt *st, int col)
{
	return PQfname(pg_columns(st), col);
}

/* The current row's value of col, or NULL when it is SQL NULL or there is no current row. */
static const char *pg_value(struct db_stmt *base, int col)
{
	struct pg_stmt *st = (struct pg_stmt *)base;
	if (!st->res || st->row < 0 || st->row >= PQntuples(st->res) || col < 0 ||
	    col >= PQnfields(st->res) || PQgetisnull(st->res, st->row, col))
		return NULL;
	return PQgetvalue(st->res, st->row, col);
}

static bool pg_col_is_null(struct db_stmt *st, int col)
{
	return pg_value(st, col) == NULL;
}

static int64_t pg_col_int(struct db_stmt *st, int col)
{
	const char *v = pg_value(st, col);
	if (!v)
		return 0;
	if (PQftype(((struct pg_stmt *)st)->res, col) == PG_BOOLOID)
		return v[0] == 't';
	return strtoll(v, NULL, 10);
}

static const char *pg_col_text(struct db_stmt *st, int col)
{
	return pg_value(st, col);
}

static void pg_reset(struct db_stmt *base)
{
	struct pg_stmt *st = (struct pg_stmt *)base;
	PQclear(st->res);
	st->res = NULL;
	st->row = -1;
	pg_clear_params(st);
}

static int64_t pg_changes(struct db_stmt *st)
{
	return ((struct pg_stmt *)st)->changes;
}

static int pg_begin(struct db *db, struct bm_error *err)
{
	return pg_exec(db,
		       "BEGIN ISOLATION LEVEL READ COMMITTED; "
		       "SELECT pg_advisory_xact_lock(" PG_WRITER_LOCK ")",
		       err);
}

/* A serialization failure found at COMMIT is an error result like any other, so it maps to
 * db_busy. A transaction that an earlier error had aborted answers COMMIT with "ROLLBACK" and
 * no error; that must not pass for success. */
static int pg_commit(struct db *db, struct bm_error *err)
{
	PGresult *res = PQexec(pg_conn(db), "COMMIT");
	int rc = 0;
	if (PQresultStatus(res) != PGRES_COMMAND_OK)
		rc = pg_fail(pg_conn(db), res, err);
	else if (strcmp(PQcmdStatus(res), "COMMIT") != 0)
		rc = db_error_internal(err, "COMMIT rolled back a transaction that an earlier "
					    "error had aborted");
	PQclear(res);
	return rc;
}

/* After a failed COMMIT the transaction is already over; ROLLBACK then would only earn a
 * warning. */
static void pg_rollback(struct db *db)
{
	if (PQtransactionStatus(pg_conn(db)) == PQTRANS_IDLE)
		return;
	PQclear(PQexec(pg_conn(db), "ROLLBACK"));
}

/* A session-level advisory lock: a second process running db_migrate() waits here until the
 * first is done, then finds every migration recorded. */
static int pg_lock_migrations(struct db *db, bool lock, struct bm_error *err)
{
	const char *sql = lock ? "SELECT pg_advisory_lock(" PG_MIGRATION_LOCK ")"
			       : "SELECT pg_advisory_unlock(" PG_MIGRATION_LOCK ")";
	PGresult *res = PQexec(pg_conn(db), sql);
	int rc = PQresultStatus(res) == PGRES_TUPLES_OK ? 0 : pg_fail(pg_conn(db), res, err);
	PQclear(res);
	return rc;
}

static bool pg_connection_lost(struct db *db)
{
	return PQstatus(pg_conn(db)) == CONNECTION_BAD;
}

static int pg_backup_to(struct db *db, const char *path, struct bm_error *err)
{
	return bm_error_set(err, 400, "backup_use_pg_dump", "PostgreSQL 部署请使用 pg_dump 备份");
}

/* PostgreSQL has no whole-database check like SQLite's PRAGMA integrity_check (pages are
 * checksummed by the server itself when the cluster has data checksums, and amcheck is an
 * extension needing privileges). What can be checked from here is that the server answers. */
static int pg_integrity_check(struct db *db, bool *ok, struct bm_error *err)
{
	PGresult *res = PQexec(pg_conn(db), "SELECT 1");
	int rc = PQresultStatus(res) == PGRES_TUPLES_OK ? 0 : pg_fail(pg_conn(db), res, err);
	*ok = rc == 0;
	PQclear(res);
	return rc;
}

const struct db_backend_ops db_pg_ops = {
	.open = pg_open,
	.close = pg_close,
	.exec = pg_exec,
	.prepare = pg_prepare,
	.finalize = pg_finalize,
	.bind_int = pg_bind_int,
	.bind_text = pg_bind_text,
	.bind_null = pg_bind_null,
	.step = pg_step,
	.column_count = pg_column_count,
	.column_name = pg_column_name,
	.col_is_null = pg_col_is_null,
	.col_int = pg_col_int,
	.col_text = pg_col_text,
	.reset = pg_reset,
	.changes = pg_changes,
	.begin = pg_begin,
	.commit = pg_commit,
	.rollback = pg_rollback,
	.lock_migrations = pg_lock_migrations,
	.connection_lost = pg_connection_lost,
	.backup_to = pg_backup_to,
	.integrity_check = pg_integrity_check,
};
