/*
** absence.c — absences and the AB rule (see absence.h).
**
** Two date ranges [s1, e1] and [s2, e2] share a day exactly when s1 <= e2 and s2 <= e1; with
** 'YYYY-MM-DD' text that comparison is the text comparison, on both engines.
*/
#include "domain/absence.h"
#include "core/clock.h"
#include "core/date.h"
#include "core/jcheck.h"
#include "db/db.h"
#include "domain/duty.h"

#include <stdio.h>
#include <string.h>

const char *const absence_kinds[] = {"leave", "training", "trip", "sick", NULL};
static const char *const absence_labels[] = {"休假", "培训", "出差", "病假", NULL};

const char *absence_kind_label(const char *kind)
{
	for (int i = 0; absence_kinds[i]; i++)
		if (strcmp(absence_kinds[i], kind) == 0)
			return absence_labels[i];
	return kind;
}

static const struct jcheck_field absence_fields[] = {
	{"user_id", "离岗人员", JC_INT, true, 1, INT64_MAX, 0, NULL, NULL},
	{"kind", "离岗类型", JC_ENUM, true, 0, 0, 0, absence_kinds, NULL},
	{"start_date", "开始日期", JC_DATE, true, 0, 0, 0, NULL, NULL},
	{"end_date", "结束日期", JC_DATE, true, 0, 0, 0, NULL, NULL},
	{"note", "备注", JC_STRING, false, 0, 200, 0, NULL, NULL},
	{NULL, NULL, 0, false, 0, 0, 0, NULL, NULL},
};

#define ABSENCE_SELECT                                                                             \
	"SELECT x.id, u.id, u.username, u.display_name, x.kind, x.start_date, x.end_date, x.note, " \
	"x.created_at, c.username FROM absences x JOIN users u ON u.id = x.user_id "                \
	"LEFT JOIN users c ON c.id = x.created_by "

static json_t *absence_row(struct db_stmt *st)
{
	char at[CLOCK_TEXT_SIZE];
	clock_format_rfc3339(db_col_int(st, 8), at);
	return json_pack("{s:I, s:{s:I, s:s, s:s}, s:s, s:s, s:s, s:s, s:s, s:s, s:s?}", "id",
			 (json_int_t)db_col_int(st, 0), "user", "id", (json_int_t)db_col_int(st, 1),
			 "username", db_col_text(st, 2), "display_name", db_col_text(st, 3), "kind",
			 db_col_text(st, 4), "kind_label", absence_kind_label(db_col_text(st, 4)),
			 "start_date", db_col_text(st, 5), "end_date", db_col_text(st, 6), "note",
			 db_col_text(st, 7), "created_at", at, "created_by", db_col_text(st, 9));
}

int absence_get(struct db *db, int64_t id, json_t **out, struct bm_error *err)
{
	struct db_stmt *st = db_query(db, err, ABSENCE_SELECT "WHERE x.id = ?", "i", id);
	if (!st)
		return -1;
	int rc = db_step(st, err);
	if (rc == DB_ROW)
		*out = absence_row(st);
	db_reset(st);
	if (rc < 0)
		return -1;
	return rc == DB_ROW ? 0 : bm_error_set(err, 404, "absence_not_found", "离岗登记不存在");
}

int absence_user_org_path(struct db *db, int64_t user_id, char path[256], struct bm_error *err)
{
	struct db_stmt *st = db_query(db, err,
				      "SELECT o.path FROM users u JOIN orgs o ON o.code = u.org_code "
				      "WHERE u.id = ?",
				      "i", user_id);
	if (!st)
		return -1;
	int rc = db_step(st, err);
	if (rc == DB_ROW)
		snprintf(path, 256, "%s", db_col_text(st, 0));
	db_reset(st);
	if (rc < 0)
		return -1;
	return rc == DB_ROW ? 0 : bm_error_set(err, 404, "user_not_found", "人员不存在");
}

/* 409 absence_overlap when the user already has an absence sharing a day with [start, end]. */
static int check_own_overlap(struct db *db, int64_t user_id, const char *start, const char *end,
			     struct bm_error *err)
{
	struct db_stmt *st = db_query(db, err,
				      "SELECT kind, start_date, end_date FROM absences WHERE user_id = ? "
				      "AND start_date <= ? AND end_date >= ? ORDER BY start_date LIMIT 1",
				      "itt", user_id, end, start);
	if (!st)
		return -1;
	int rc = db_step(st, err);
	if (rc == DB_ROW)
		bm_error_set(err, 409, "absence_overlap", "此人已登记 %s 至 %s %s，日期重叠",
			     db_col_text(st, 1), db_col_text(st, 2), absence_kind_label(db_col_text(st, 0)));
	db_reset(st);
	return rc == DB_DONE ? 0 : -1;
}

/* The AB rule: for every active post the user holds, the other holder must not be away on any
 * day of [start, end]. */
static int check_ab_rule(struct db *db, int64_t user_id, const char *start, const char *end,
			 struct bm_error *err)
{
	struct db_stmt *st = db_query(
		db, err,
		"SELECT v.name, w.number, w.name, w.a_user_id, p.display_name, x.kind, x.start_date, "
		"x.end_date FROM windows w JOIN venues v ON v.id = w.venue_id "
		"JOIN users p ON p.id = CASE WHEN w.a_user_id = ? THEN w.b_user_id ELSE w.a_user_id END "
		"JOIN absences x ON x.user_id = p.id "
		"WHERE w.active = 1 AND (w.a_user_id = ? OR w.b_user_id = ?) "
		"AND x.start_date <= ? AND x.end_date >= ? ORDER BY w.venue_id, w.number, x.start_date "
		"LIMIT 1",
		"iiitt", user_id, user_id, user_id, end, start);
	if (!st)
		return -1;
	int rc = db_step(st, err);
	if (rc == DB_ROW) {
		bool colleague_is_a = db_col_int(st, 3) != user_id;
		bm_error_set(err, 409, "ab_both_absent",
			     "%s %lld 号窗口（%s）的 %s岗 %s 已登记 %s 至 %s %s，A、B 岗不能同时离岗",
			     db_col_text(st, 0), (long long)db_col_int(st, 1), db_col_text(st, 2),
			     colleague_is_a ? "A" : "B", db_col_text(st, 4), db_col_text(st, 6),
			     db_col_text(st, 7), absence_kind_label(db_col_text(st, 5)));
	}
	db_reset(st);
	return rc == DB_DONE ? 0 : -1;
}

int absence_check_pair(struct db *db, int64_t a, int64_t b, const char *from_date,
		       struct bm_error *err)
{
	struct db_stmt *st = db_query(
		db, err,
		"SELECT ua.display_name, xa.start_date, xa.end_date, ub.display_name, xb.start_date, "
		"xb.end_date FROM absences xa JOIN absences xb ON xb.start_date <= xa.end_date "
		"AND xb.end_date >= xa.start_date JOIN users ua ON ua.id = xa.user_id "
		"JOIN users ub ON ub.id = xb.user_id WHERE xa.user_id = ? AND xb.user_id = ? "
		"AND xa.end_date >= ? AND xb.end_date >= ? ORDER BY xa.start_date LIMIT 1",
		"iitt", a, b, from_date, from_date);
	if (!st)
		return -1;
	int rc = db_step(st, err);
	if (rc == DB_ROW)
		bm_error_set(err, 409, "ab_both_absent",
			     "%s（%s 至 %s）与 %s（%s 至 %s）离岗日期重叠，不能同时担任同一岗位的 A、B 岗",
			     db_col_text(st, 0), db_col_text(st, 1), db_col_text(st, 2),
			     db_col_text(st, 3), db_col_text(st, 4), db_col_text(st, 5));
	db_reset(st);
	return rc == DB_DONE ? 0 : -1;
}

int absence_book(struct db *db, json_t *body, const struct audit_actor *actor, int64_t now,
		 int64_t *id, struct bm_error *err)
{
	char path[256];
	if (jcheck_object(body, absence_fields, "", err) < 0)
		return -1;
	int64_t user_id = json_integer_value(json_object_get(body, "user_id"));
	const char *kind = json_string_value(json_object_get(body, "kind"));
	const char *start = json_string_value(json_object_get(body, "start_date"));
	const char *end = json_string_value(json_object_get(body, "end_date"));
	json_t *note = json_object_get(body, "note");
	if (strcmp(end, start) < 0) {
		bm_error_set(err, 400, "invalid_field", "结束日期（end_date）不能早于开始日期");
		return bm_error_field(err, "end_date");
	}
	if (absence_user_org_path(db, user_id, path, err) < 0 ||
	    check_own_overlap(db, user_id, start, end, err) < 0 ||
	    check_ab_rule(db, user_id, start, end, err) < 0 || duty_sync_user(db, user_id, now, err) < 0)
		return -1;
	if (db_query_int(db, err, id,
			 "INSERT INTO absences (user_id, kind, start_date, end_date, note, created_by, "
			 "created_at) VALUES (?, ?, ?, ?, ?, NULLIF(CAST(? AS BIGINT), 0), ?) RETURNING id",
			 "itttt" "ii", user_id, kind, start, end,
			 json_is_string(note) ? json_string_value(note) : "", actor->user_id,
			 now) != 1)
		return -1;
	json_t *after = NULL;
	char id_text[24];
	snprintf(id_text, sizeof id_text, "%lld", (long long)*id);
	if (absence_get(db, *id, &after, err) < 0)
		return -1;
	int rc = audit_append(db, actor, now, "absence.book", "absence", id_text, NULL, after, err);
	json_decref(after);
	return rc < 0 ? -1 : duty_sync_user(db, user_id, now, err);
}

int absence_cancel(struct db *db, int64_t id, const struct audit_actor *actor, int64_t now,
		   struct bm_error *err)
{
	json_t *before = NULL;
	char id_text[24];
	if (absence_get(db, id, &before, err) < 0)
		return -1;
	int64_t user_id = json_integer_value(json_object_get(json_object_get(before, "user"), "id"));
	snprintf(id_text, sizeof id_text, "%lld", (long long)id);
	int rc = duty_sync_user(db, user_id, now, err);
	if (rc == 0)
		rc = db_exec_params(db, err, "DELETE FROM absences WHERE id = ?", "i", id) < 0 ? -1 : 0;
	if (rc == 0)
		rc = audit_append(db, actor, now, "absence.cancel", "absence", id_text, before, NULL,
				  err);
	if (rc == 0)
		rc = duty_sync_user(db, user_id, now, err);
	json_decref(before);
	return rc;
}

#define ABSENCE_FILTER                                                                             \
	"JOIN orgs o ON o.code = u.org_code WHERE o.path LIKE ? "                                   \
	"AND (CAST(? AS BIGINT) = 0 OR u.id IN (SELECT a_user_id FROM windows WHERE venue_id = ? "  \
	"AND a_user_id IS NOT NULL UNION SELECT b_user_id FROM windows WHERE venue_id = ? "         \
	"AND b_user_id IS NOT NULL)) "                                                              \
	"AND (CAST(? AS BIGINT) = 0 OR u.id = ?) "                                                  \
	"AND (CAST(? AS TEXT) IS NULL OR x.end_date >= ?) "                                         \
	"AND (CAST(? AS TEXT) IS NULL OR x.start_date <= ?) "

int absence_list(struct db *db, const struct absence_filter *f, int64_t limit, int64_t offset,
		 json_t **items, int64_t *total, struct bm_error *err)
{
	char like[260];
	snprintf(like, sizeof like, "%s%%", f->scope_path);
	if (db_query_int(db, err, total,
			 "SELECT COUNT(*) FROM absences x JOIN users u ON u.id = x.user_id "
			 ABSENCE_FILTER,
			 "tiiiiitttt", like, f->venue_id, f->venue_id, f->venue_id, f->user_id,
			 f->user_id, f->from, f->from, f->to, f->to) < 0)
		return -1;
	struct db_stmt *st = db_query(db, err,
				      ABSENCE_SELECT ABSENCE_FILTER
				      "ORDER BY x.start_date DESC, x.id DESC LIMIT ? OFFSET ?",
				      "tiiiiitttt" "ii", like, f->venue_id, f->venue_id, f->venue_id,
				      f->user_id, f->user_id, f->from, f->from, f->to, f->to, limit,
				      offset);
	if (!st)
		return -1;
	*items = json_array();
	int rc;
	while ((rc = db_step(st, err)) == DB_ROW)
		json_array_append_new(*items, absence_row(st));
	db_reset(st);
	if (rc < 0) {
		json_decref(*items);
		return -1;
	}
	return 0;
}
