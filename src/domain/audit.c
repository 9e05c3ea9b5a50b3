/*
** audit.c — the hash-chained audit log (see audit.h).
**
** hash(entry) = BLAKE2b-256 over the fields joined by '\n':
**     prev_hash, id, at, actor_id, actor, action, entity, entity_id, before_json, after_json
** The first entry's prev_hash is 64 zeros. Ids are assigned here as last id + 1, so a gap is
** also visible; concurrent appenders are serialised by the write transaction (SQLite's single
** writer, PostgreSQL's SERIALIZABLE isolation with retry).
*/
#include "domain/audit.h"
#include "core/buf.h"
#include "db/db.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define GENESIS_HASH "0000000000000000000000000000000000000000000000000000000000000000"

struct audit_entry {
	int64_t id, at, actor_id;
	const char *actor, *action, *entity, *entity_id, *before, *after, *prev_hash;
};

static void audit_hash(const struct audit_entry *e, char out[65])
{
	struct buf b = BUF_INIT;
	buf_printf(&b, "%s\n%lld\n%lld\n%lld\n%s\n%s\n%s\n%s\n%s\n%s", e->prev_hash, (long long)e->id,
		   (long long)e->at, (long long)e->actor_id, e->actor, e->action, e->entity,
		   e->entity_id, e->before ? e->before : "", e->after ? e->after : "");
	unsigned char hash[32];
	crypto_generichash(hash, sizeof hash, (const unsigned char *)b.data, b.len, NULL, 0);
	sodium_bin2hex(out, 65, hash, sizeof hash);
	buf_free(&b);
}

static char *canonical_json(json_t *value)
{
	return value ? json_dumps(value, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY) : NULL;
}

/* Reads the newest entry's id and hash (0 and the genesis hash when the log is empty). */
static int audit_head(struct db *db, int64_t *id, char hash[65], struct bm_error *err)
{
	struct db_stmt *st =
		db_query(db, err, "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1", "");
	if (!st)
		return -1;
	int rc = db_step(st, err);
	*id = 0;
	snprintf(hash, 65, "%s", GENESIS_HASH);
	if (rc == DB_ROW) {
		*id = db_col_int(st, 0);
		snprintf(hash, 65, "%s", db_col_text(st, 1));
	}
	db_reset(st);
	return rc < 0 ? -1 : 0;
}

int audit_append(struct db *db, const struct audit_actor *actor, int64_t at, const char *action,
		 const char *entity, const char *entity_id, json_t *before, json_t *after,
		 struct bm_error *err)
{
	char prev[65], hash[65], head[96];
	int64_t last_id;
	if (audit_head(db, &last_id, prev, err) < 0)
		return -1;
	char *before_text = canonical_json(before), *after_text = canonical_json(after);
	struct audit_entry e = {
		.id = last_id + 1, .at = at, .actor_id = actor->user_id, .actor = actor->name,
		.action = action, .entity = entity, .entity_id = entity_id,
		.before = before_text, .after = after_text, .prev_hash = prev,
	};
	audit_hash(&e, hash);
	int64_t rc = db_exec_params(
		db, err,
		"INSERT INTO audit_log (id, at, actor_id, actor, action, entity, entity_id, "
		"before_json, after_json, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
		"iiittttttt" "t", e.id, at, actor->user_id ? actor->user_id : 0, actor->name, action,
		entity, entity_id, before_text, after_text, prev, hash);
	free(before_text);
	free(after_text);
	if (rc < 0)
		return -1;
	snprintf(head, sizeof head, "%lld:%s", (long long)e.id, hash);
	return db_exec_params(db, err,
			      "INSERT INTO settings (key, value) VALUES ('audit_head', ?) "
			      "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
			      "t", head) < 0
		       ? -1
		       : 0;
}

static void report_bad(struct audit_report *r, int64_t id, const char *problem)
{
	if (r->first_bad)
		return;
	r->first_bad = id;
	snprintf(r->problem, sizeof r->problem, "%s", problem);
}

/* Checks one stored row against the chain so far; updates prev/expected id. */
static void audit_check_row(struct db_stmt *st, struct audit_report *r, char prev[65],
			    int64_t *expect_id)
{
	struct audit_entry e = {
		.id = db_col_int(st, 0), .at = db_col_int(st, 1), .actor_id = db_col_int(st, 2),
		.actor = db_col_text(st, 3), .action = db_col_text(st, 4), .entity = db_col_text(st, 5),
		.entity_id = db_col_text(st, 6), .before = db_col_text(st, 7),
		.after = db_col_text(st, 8), .prev_hash = db_col_text(st, 9),
	};
	const char *stored_hash = db_col_text(st, 10);
	char computed[65];
	audit_hash(&e, computed);
	if (e.id != *expect_id)
		report_bad(r, e.id, "条目编号不连续：前面的审计记录被删除");
	else if (strcmp(e.prev_hash, prev) != 0)
		report_bad(r, e.id, "与上一条记录的哈希链接不符：前面的记录被修改或删除");
	else if (strcmp(stored_hash, computed) != 0)
		report_bad(r, e.id, "记录内容与其哈希不符：该记录被修改");
	snprintf(prev, 65, "%s", stored_hash);
	*expect_id = e.id + 1;
	r->entries++;
}

/* Reads the recorded head "<id>:<hash>" ("" when none). */
static int audit_recorded_head(struct db *db, char head[96], struct bm_error *err)
{
	struct db_stmt *st = db_query(db, err, "SELECT value FROM settings WHERE key = 'audit_head'", "");
	if (!st)
		return -1;
	int rc = db_step(st, err);
	head[0] = '\0';
	if (rc == DB_ROW)
		snprintf(head, 96, "%s", db_col_text(st, 0));
	db_reset(st);
	return rc < 0 ? -1 : 0;
}

/* The head is read first, then the chain up to the head's id. An entry appended meanwhile has
 * a larger id and moved the head after we read it, so stopping at the recorded id gives a
 * consistent picture without locking writers out; the newer entries are checked next time. */
int audit_verify(struct db *db, struct audit_report *r, struct bm_error *err)
{
	memset(r, 0, sizeof *r);
	char prev[65] = GENESIS_HASH, recorded[96], actual[96];
	int64_t expect_id = 1;
	if (audit_recorded_head(db, recorded, err) < 0)
		return -1;
	long long head_id = recorded[0] ? atoll(recorded) : 0;
	struct db_stmt *st = db_query(db, err,
				      "SELECT id, at, COALESCE(actor_id, 0), actor, action, entity, "
				      "entity_id, before_json, after_json, prev_hash, hash "
				      "FROM audit_log WHERE id <= ? ORDER BY id",
				      "i", (int64_t)head_id);
	if (!st)
		return -1;
	int rc;
	while ((rc = db_step(st, err)) == DB_ROW)
		audit_check_row(st, r, prev, &expect_id);
	db_reset(st);
	if (rc < 0)
		return -1;

	/* Entries beyond a missing head: the head itself was deleted or the log forged. */
	int64_t beyond = 0;
	if (!recorded[0] && db_query_int(db, err, &beyond, "SELECT COUNT(*) FROM audit_log", "") < 0)
		return -1;
	if (!recorded[0] && beyond > 0) {
		report_bad(r, 1, "审计日志的链头记录缺失：链头被删除");
		return 0;
	}
	/* The head kept in settings catches entries cut off the end of the log. */
	snprintf(actual, sizeof actual, "%lld:%s", (long long)(expect_id - 1), prev);
	if (recorded[0] && strcmp(recorded, actual) != 0)
		report_bad(r, expect_id > 1 ? expect_id - 1 : 1,
			   "日志末尾与记录的链头不符：末尾的记录被删除或修改");
	/* Entries after the head read above were either appended since (and then the head has
	 * moved on with them, in the same transaction) or slipped in without it. */
	int64_t first_beyond = 0;
	if (db_query_int(db, err, &first_beyond, "SELECT MIN(id) FROM audit_log WHERE id > ?", "i",
			 (int64_t)head_id) < 0)
		return -1;
	if (first_beyond > 0) {
		char head_now[96];
		if (audit_recorded_head(db, head_now, err) < 0)
			return -1;
		if (strcmp(head_now, recorded) == 0)
			report_bad(r, first_beyond, "链头之后有未登记的记录：该记录是绕过系统写入的");
	}
	return 0;
}
