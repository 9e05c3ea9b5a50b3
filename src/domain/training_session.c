/*
** training_session.c — training sessions and their attendance (training.h): create, change,
** delete, read and list sessions; the roll of a session and recording attendance on it; a staff
** member's own attendance.
*/
#include "domain/training.h"

#include "core/date.h"
#include "core/jcheck.h"
#include "db/db.h"
#include "db/row_json.h"
#include "domain/audit.h"
#include "domain/org.h"
#include "domain/training_internal.h"
#include "domain/venue.h"

#include <stdio.h>
#include <string.h>

static const char *const kinds[] = {"training", "site_meeting", NULL};

/* The fields of a session but its hours, which jcheck cannot express (one decimal). */
static const struct jcheck_field session_spec[] = {
    {"venue_id", "举办场所", JC_INT, true, 1, INT64_MAX, 0, NULL, NULL},
    {"org_code", "组织单位", JC_STRING, false, 1, 15, 0, NULL, NULL},
    {"kind", "类型", JC_ENUM, true, 0, 0, 0, kinds, NULL},
    {"topic", "培训主题", JC_STRING, true, 1, 100, 0, NULL, NULL},
    {"day", "培训日期", JC_DATE, true, 0, 0, 0, NULL, NULL},
    {"trainer", "授课人", JC_STRING, true, 1, 50, 0, NULL, NULL},
    {"audience", "参训对象", JC_TEXT, false, 0, 500, 0, NULL, NULL},
    {NULL, NULL, 0, false, 0, 0, 0, NULL, NULL},
};

static const struct jcheck_field patch_spec[] = {
    {"kind", "类型", JC_ENUM, false, 0, 0, 0, kinds, NULL},
    {"topic", "培训主题", JC_STRING, false, 1, 100, 0, NULL, NULL},
    {"day", "培训日期", JC_DATE, false, 0, 0, 0, NULL, NULL},
    {"trainer", "授课人", JC_STRING, false, 1, 50, 0, NULL, NULL},
    {"audience", "参训对象", JC_TEXT, false, 0, 500, 0, NULL, NULL},
    {NULL, NULL, 0, false, 0, 0, 0, NULL, NULL},
};

static const struct jcheck_field attendance_record_spec[] = {
    {"user_id", "人员", JC_INT, true, 1, INT64_MAX, 0, NULL, NULL},
    {"attended", "是否参训", JC_BOOL, true, 0, 0, 0, NULL, NULL},
    {"absence_reason", "缺训原因", JC_STRING, false, 0, 100, 0, NULL, NULL},
    {NULL, NULL, 0, false, 0, 0, 0, NULL, NULL},
};

static const struct jcheck_field attendance_spec[] = {
    {"records", "参训记录", JC_OBJECTS, true, 1, 500, 0, NULL, attendance_record_spec},
    {NULL, NULL, 0, false, 0, 0, 0, NULL, NULL},
};

/* --- reading ------------------------------------------------------------------------------- */

#define SESSION_COLUMNS                                                                            \
	"SELECT s.id AS id, s.venue_id AS venue_id, v.name AS venue_name, s.org_code AS "          \
	"org_code, "                                                                               \
	"o.name AS org_name, s.kind AS kind, "                                                     \
	"CASE s.kind WHEN 'site_meeting' THEN '现场会' ELSE '业务培训' END AS kind_label, " \
	"s.topic AS topic, s.day AS day, s.hours_tenths AS hours_tenths, s.trainer AS trainer, "   \
	"s.audience AS audience, "                                                                 \
	"(SELECT COUNT(*) FROM training_attendance a WHERE a.session_id = s.id "                   \
	" AND a.attended = 1) AS attended, "                                                       \
	"(SELECT COUNT(*) FROM training_attendance a WHERE a.session_id = s.id "                   \
	" AND a.attended = 0) AS absent, "                                                         \
	"c.username AS created_by, s.created_at AS created_at, s.org_path AS org_path, "           \
	"s.venue_path AS venue_path "                                                              \
	"FROM training_sessions s JOIN venues v ON v.id = s.venue_id "                             \
	"JOIN orgs o ON o.code = s.org_code JOIN users c ON c.id = s.created_by "
#define SESSION_TYPES "iitttttttittiitT--"

void training_hours_field(json_t *obj)
{
	json_t *tenths = json_object_get(obj, "hours_tenths");
	if (!tenths)
		return;
	json_object_set_new(obj, "hours",
	                    json_real(training_hours_of_tenths(json_integer_value(tenths))));
	json_object_del(obj, "hours_tenths");
}

void training_hours_fields(json_t *items)
{
	size_t i;
	json_t *item;
	json_array_foreach(items, i, item) training_hours_field(item);
}

/* Where a session belongs: its organiser's subtree and its venue's org. */
struct session_paths {
	char org[256];   /* the organiser's path: write scope, the roll */
	char venue[256]; /* the host venue's org path */
};

/* The session row (no scope check) with its paths. 1 found, 0 not, -1 error. */
static int session_load(struct db *db, int64_t id, json_t **out, struct session_paths *paths,
                        struct bm_error *err)
{
	struct db_stmt *st = db_query(db, err, SESSION_COLUMNS "WHERE s.id = ?", "i", id);
	if (!st)
		return -1;
	int rc = db_step(st, err);
	if (rc == DB_ROW) {
		*out = row_json(st, SESSION_TYPES);
		training_hours_field(*out);
		snprintf(paths->org, sizeof paths->org, "%s", db_col_text(st, 16));
		snprintf(paths->venue, sizeof paths->venue, "%s", db_col_text(st, 17));
	}
	db_reset(st);
	return rc < 0 ? -1 : rc == DB_ROW;
}

static int session_not_found(struct bm_error *err)
{
	return bm_error_set(err, 404, "session_not_found", "培训记录不存在");
}

/* Loads a session the caller may change: ACT_TRAINING_WRITE and the session in scope. */
static int session_for_write(struct db *db, const struct principal *who, int64_t id, json_t **out,
                             struct session_paths *paths, struct bm_error *err)
{
	if (auth_require(who, ACT_TRAINING_WRITE, err) < 0)
		return -1;
	int rc = session_load(db, id, out, paths, err);
	if (rc <= 0)
		return rc < 0 ? -1 : session_not_found(err);
	if (!auth_in_scope(who, paths->org)) {
		json_decref(*out);
		*out = NULL;
		return bm_error_set(err, 403, "out_of_scope", "无权修改本辖区以外的培训");
	}
	return 0;
}

int training_session_get(struct db *db, const struct principal *who, int64_t id, json_t **out,
                         struct bm_error *err)
{
	struct session_paths paths;
	int64_t on_roll = 0;
	if (auth_require(who, ACT_TRAINING_READ, err) < 0)
		return -1;
	int rc = session_load(db, id, out, &paths, err);
	if (rc <= 0)
		return rc < 0 ? -1 : session_not_found(err);
	if (auth_in_scope(who, paths.org) || auth_in_scope(who, paths.venue))
		return 0;
	/* Outside the caller's subtree: readable only to the people on its roll. */
	rc = db_query_int(db, err, &on_roll,
	                  "SELECT COUNT(*) FROM training_attendance WHERE session_id = ? "
	                  "AND user_id = ?",
	                  "ii", id, who->user_id);
	if (rc < 0 || on_roll == 0) {
		json_decref(*out);
		*out = NULL;
		return rc < 0 ? -1 : session_not_found(err);
	}
	return 0;
}

#define SESSION_WHERE                                                                              \
	"WHERE (s.org_path LIKE ? OR s.venue_path LIKE ?) AND s.day >= ? AND s.day <= ? "          \
	"AND (CAST(? AS TEXT) IS NULL OR s.kind = ?) "

int training_session_list(struct db *db, const struct principal *who,
                          const struct training_filter *f, int64_t limit, int64_t offset,
                          json_t **items, int64_t *total, struct bm_error *err)
{
	char like[264], from[DATE_TEXT_SIZE], to[DATE_TEXT_SIZE];
	if (auth_require(who, ACT_TRAINING_READ, err) < 0 ||
	    training_scope_like(db, who, f->org, like, err) < 0)
		return -1;
	if (f->kind && strcmp(f->kind, "training") != 0 && strcmp(f->kind, "site_meeting") != 0)
		return bm_error_set(err, 400, "invalid_query",
		                    "查询参数 kind 应为 training 或 site_meeting");
	training_year_range(f->year, from, to);
	if (db_query_int(db, err, total, "SELECT COUNT(*) FROM training_sessions s " SESSION_WHERE,
	                 "tttttt", like, like, from, to, f->kind, f->kind) < 0)
		return -1;
	struct db_stmt *st = db_query(
	    db, err,
	    SESSION_COLUMNS SESSION_WHERE "ORDER BY s.day DESC, s.id DESC LIMIT ? OFFSET ?",
	    "ttttttii", like, like, from, to, f->kind, f->kind, limit, offset);
	if (!st || row_json_all(st, SESSION_TYPES, items, err) < 0)
		return -1;
	training_hours_fields(*items);
	return 0;
}

/* --- writing sessions ---------------------------------------------------------------------- */

/* Checks a body against spec with the hours taken out (checked by the hours rule). */
static int check_session_body(json_t *body, const struct jcheck_field *spec, bool hours_required,
                              int64_t *tenths, struct bm_error *err)
{
	*tenths = 0;
	if (!json_is_object(body))
		return bm_error_set(err, 400, "expected_object", "内容应为 JSON 对象");
	json_t *rest = json_copy(body);
	if (!rest)
		return bm_error_oom(err);
	json_object_del(rest, "hours");
	int rc = jcheck_object(rest, spec, "", err);
	json_decref(rest);
	if (rc < 0)
		return -1;
	json_t *hours = json_object_get(body, "hours");
	if (!hours || json_is_null(hours)) {
		if (!hours_required)
			return 0;
		bm_error_set(err, 400, "missing_field", "缺少必填字段：学时（hours）");
		return bm_error_field(err, "hours");
	}
	return training_hours_from_json(hours, "hours", tenths, err);
}

static const char *text_or(json_t *body, const char *key, const char *fallback)
{
	const char *v = json_string_value(json_object_get(body, key));
	return v ? v : fallback;
}

static void id_text(int64_t id, char out[24])
{
	snprintf(out, 24, "%lld", (long long)id);
}

static int audit_session(struct db *db, const struct principal *who, int64_t now,
                         const char *action, int64_t id, json_t *before, json_t *after,
                         struct bm_error *err)
{
	char entity_id[24];
	struct audit_actor actor = {who->user_id, who->username};
	id_text(id, entity_id);
	return audit_append(db, &actor, now, action, "training_session", entity_id, before, after,
	                    err);
}

/* Loads a session after a write, audits the change and hands it out. */
static int finish_write(struct db *db, const struct principal *who, int64_t now, const char *action,
                        int64_t id, json_t *before, json_t **out, struct bm_error *err)
{
	struct session_paths paths;
	json_t *after = NULL;
	int rc = session_load(db, id, &after, &paths, err);
	if (rc == 0)
		rc = bm_error_internal(err, "training: session vanished");
	if (rc > 0 && audit_session(db, who, now, action, id, before, after, err) < 0)
		rc = -1;
	json_decref(before);
	if (rc < 0) {
		json_decref(after);
		return -1;
	}
	*out = after;
	return 0;
}

/* The organiser of a new session: body.org_code (the venue's org or one of its ancestors) or
 * the venue's own org, in the caller's scope. */
static int session_organiser(struct db *db, const struct principal *who, json_t *body,
                             const struct venue_brief *venue, struct org *org, struct bm_error *err)
{
	const char *code = text_or(body, "org_code", venue->org_code);
	int rc = org_get(db, code, org, err);
	if (rc <= 0) {
		if (rc == 0)
			bm_error_set(err, 404, "org_not_found", "组织机构 %.32s 不存在", code);
		return -1;
	}
	if (strncmp(venue->org_path, org->path, strlen(org->path)) != 0) {
		bm_error_set(err, 400, "venue_outside_org", "举办场所不在组织单位 %s 的辖区内",
		             org->name);
		return bm_error_field(err, "venue_id");
	}
	if (!auth_in_scope(who, org->path))
		return bm_error_set(err, 403, "out_of_scope", "只能组织本辖区的培训");
	return 0;
}

int training_session_create(struct db *db, const struct principal *who, int64_t now, json_t *body,
                            json_t **out, struct bm_error *err)
{
	int64_t tenths, id = 0;
	struct venue_brief venue;
	struct org org;
	if (auth_require(who, ACT_TRAINING_WRITE, err) < 0 ||
	    check_session_body(body, session_spec, true, &tenths, err) < 0)
		return -1;
	int64_t venue_id = json_integer_value(json_object_get(body, "venue_id"));
	int rc = venue_brief_get(db, venue_id, &venue, err);
	if (rc <= 0) {
		if (rc == 0)
			bm_error_set(err, 404, "venue_not_found", "服务场所不存在");
		return -1;
	}
	if (session_organiser(db, who, body, &venue, &org, err) < 0)
		return -1;
	rc = db_query_int(
	    db, err, &id,
	    "INSERT INTO training_sessions (venue_id, org_code, org_path, venue_path, kind, topic, "
	    "day, hours_tenths, trainer, audience, created_by, created_at, updated_at) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
	    "ittttttittiii", venue_id, org.code, org.path, venue.org_path,
	    text_or(body, "kind", ""), text_or(body, "topic", ""), text_or(body, "day", ""), tenths,
	    text_or(body, "trainer", ""), text_or(body, "audience", ""), who->user_id, now, now);
	if (rc <= 0)
		return rc < 0 ? -1 : bm_error_internal(err, "training: insert returned nothing");
	return finish_write(db, who, now, "training_session.create", id, NULL, out, err);
}

/* 409 session_not_held: attendance is recorded only for a session whose day has come. */
static int check_held(const char *day, int64_t now, struct bm_error *err)
{
	char today[DATE_TEXT_SIZE];
	date_format(date_of_epoch(now), today);
	if (strcmp(day, today) <= 0)
		return 0;
	return bm_error_set(err, 409, "session_not_held",
	                    "培训日期 %.10s 尚未到来，不能登记参训情况", day);
}

/* A session with attendance cannot move to a day still to come. */
static int check_move(struct db *db, int64_t id, const char *day, int64_t now, struct bm_error *err)
{
	int64_t recorded = 0;
	if (db_query_int(db, err, &recorded,
	                 "SELECT COUNT(*) FROM training_attendance WHERE session_id = ?", "i",
	                 id) < 0)
		return -1;
	return recorded ? check_held(day, now, err) : 0;
}

int training_session_update(struct db *db, const struct principal *who, int64_t now, int64_t id,
                            json_t *patch, json_t **out, struct bm_error *err)
{
	struct session_paths paths;
	int64_t tenths;
	json_t *before = NULL;
	if (session_for_write(db, who, id, &before, &paths, err) < 0)
		return -1;
	if (check_session_body(patch, patch_spec, false, &tenths, err) < 0 ||
	    check_move(db, id, text_or(patch, "day", text_or(before, "day", "")), now, err) < 0 ||
	    db_exec_params(db, err,
	                   "UPDATE training_sessions SET kind = COALESCE(CAST(? AS TEXT), kind), "
	                   "topic = COALESCE(CAST(? AS TEXT), topic), "
	                   "day = COALESCE(CAST(? AS TEXT), day), "
	                   "trainer = COALESCE(CAST(? AS TEXT), trainer), "
	                   "audience = COALESCE(CAST(? AS TEXT), audience), "
	                   "hours_tenths = CASE WHEN CAST(? AS BIGINT) > 0 THEN CAST(? AS BIGINT) "
	                   "ELSE hours_tenths END, updated_at = ? WHERE id = ?",
	                   "tttttiiii", text_or(patch, "kind", NULL), text_or(patch, "topic", NULL),
	                   text_or(patch, "day", NULL), text_or(patch, "trainer", NULL),
	                   text_or(patch, "audience", NULL), tenths, tenths, now, id) < 0) {
		json_decref(before);
		return -1;
	}
	return finish_write(db, who, now, "training_session.update", id, before, out, err);
}

int training_session_delete(struct db *db, const struct principal *who, int64_t now, int64_t id,
                            struct bm_error *err)
{
	struct session_paths paths;
	json_t *before = NULL;
	if (session_for_write(db, who, id, &before, &paths, err) < 0)
		return -1;
	/* The audit entry keeps the roll that goes with the session. */
	json_t *roll = NULL;
	struct db_stmt *st = db_query(db, err,
	                              "SELECT user_id, attended, absence_reason FROM "
	                              "training_attendance WHERE session_id = ? ORDER BY user_id",
	                              "i", id);
	int rc = st ? row_json_all(st, "ibt", &roll, err) : -1;
	if (rc == 0)
		json_object_set_new(before, "attendance", roll);
	if (rc < 0 ||
	    db_exec_params(db, err, "DELETE FROM training_attendance WHERE session_id = ?", "i",
	                   id) < 0 ||
	    db_exec_params(db, err, "DELETE FROM training_sessions WHERE id = ?", "i", id) < 0 ||
	    audit_session(db, who, now, "training_session.delete", id, before, NULL, err) < 0)
		rc = -1;
	json_decref(before);
	return rc;
}

/* --- attendance ---------------------------------------------------------------------------- */

#define ROLL_QUERY                                                                                 \
	"SELECT u.id AS user_id, u.username AS username, u.display_name AS display_name, "         \
	"u.role AS role, u.org_code AS org_code, o.name AS org_name, "                             \
	"CASE WHEN a.attended = 1 THEN 'attended' WHEN a.attended = 0 THEN 'absent' "              \
	"ELSE 'unrecorded' END AS status, COALESCE(a.absence_reason, '') AS absence_reason "       \
	"FROM users u JOIN orgs o ON o.code = u.org_code "                                         \
	"LEFT JOIN training_attendance a ON a.session_id = ? AND a.user_id = u.id "                \
	"WHERE (o.path LIKE ? AND " TRAINING_STAFF_WHERE ") OR a.user_id IS NOT NULL "             \
	"ORDER BY o.code, u.id"
#define ROLL_TYPES "ittttttt"

static int roll_of(struct db *db, int64_t session_id, const char *org_path, json_t **out,
                   struct bm_error *err)
{
	char like[264];
	snprintf(like, sizeof like, "%s%%", org_path);
	struct db_stmt *st = db_query(db, err, ROLL_QUERY, "it", session_id, like);
	return st ? row_json_all(st, ROLL_TYPES, out, err) : -1;
}

int training_roll(struct db *db, const struct principal *who, int64_t session_id, json_t **out,
                  struct bm_error *err)
{
	struct session_paths paths;
	json_t *session = NULL;
	if (auth_require(who, ACT_TRAINING_READ, err) < 0)
		return -1;
	int rc = session_load(db, session_id, &session, &paths, err);
	json_decref(session);
	if (rc <= 0 || !(auth_in_scope(who, paths.org) || auth_in_scope(who, paths.venue)))
		return rc < 0 ? -1 : session_not_found(err);
	return roll_of(db, session_id, paths.org, out, err);
}

/* 400 not_trainee unless user_id is active staff of the subtree `like`. */
static int check_trainee(struct db *db, int64_t user_id, const char *like, size_t index,
                         struct bm_error *err)
{
	int64_t ok = 0;
	char field[48];
	if (db_query_int(db, err, &ok,
	                 "SELECT COUNT(*) FROM users u JOIN orgs o ON o.code = u.org_code "
	                 "WHERE u.id = ? AND o.path LIKE ? AND " TRAINING_STAFF_WHERE,
	                 "it", user_id, like) < 0)
		return -1;
	if (ok)
		return 0;
	snprintf(field, sizeof field, "records[%zu].user_id", index);
	bm_error_set(err, 400, "not_trainee", "人员 %lld 不是本次培训所属辖区的在岗工作人员",
	             (long long)user_id);
	return bm_error_field(err, field);
}

/* The stored record of one user on a session as JSON, or JSON null. */
static int record_of(struct db *db, int64_t session_id, int64_t user_id, json_t **out,
                     struct bm_error *err)
{
	struct db_stmt *st =
	    db_query(db, err,
	             "SELECT user_id, attended, absence_reason FROM training_attendance "
	             "WHERE session_id = ? AND user_id = ?",
	             "ii", session_id, user_id);
	if (!st)
		return -1;
	int rc = row_json_one(st, "ibt", out, err);
	if (rc == 0)
		*out = json_null();
	return rc < 0 ? -1 : 0;
}

static int record_one(struct db *db, const struct principal *who, int64_t now, int64_t session_id,
                      const char *like, json_t *rec, size_t index, json_t *before, json_t *after,
                      struct bm_error *err)
{
	int64_t user_id = json_integer_value(json_object_get(rec, "user_id"));
	bool attended = json_is_true(json_object_get(rec, "attended"));
	const char *reason = text_or(rec, "absence_reason", "");
	char field[48];
	if (!attended && !*reason) {
		snprintf(field, sizeof field, "records[%zu].absence_reason", index);
		bm_error_set(err, 400, "reason_required", "缺训须填写原因（%s）", field);
		return bm_error_field(err, field);
	}
	json_t *old;
	if (check_trainee(db, user_id, like, index, err) < 0 ||
	    record_of(db, session_id, user_id, &old, err) < 0)
		return -1;
	json_array_append_new(before, old);
	json_array_append_new(after, json_pack("{s:I, s:b, s:s}", "user_id", (json_int_t)user_id,
	                                       "attended", attended, "absence_reason",
	                                       attended ? "" : reason));
	return db_exec_params(
	           db, err,
	           "INSERT INTO training_attendance (session_id, user_id, attended, "
	           "absence_reason, "
	           "recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?) "
	           "ON CONFLICT (session_id, user_id) DO UPDATE SET attended = excluded.attended, "
	           "absence_reason = excluded.absence_reason, recorded_by = excluded.recorded_by, "
	           "recorded_at = excluded.recorded_at",
	           "iiitii", session_id, user_id, (int64_t)attended, attended ? "" : reason,
	           who->user_id, now) < 0
	           ? -1
	           : 0;
}

int training_attendance_record(struct db *db, const struct principal *who, int64_t now,
                               int64_t session_id, json_t *body, json_t **out, struct bm_error *err)
{
	struct session_paths paths;
	char like[264];
	json_t *session = NULL;
	if (session_for_write(db, who, session_id, &session, &paths, err) < 0)
		return -1;
	int rc = jcheck_object(body, attendance_spec, "", err);
	if (rc == 0)
		rc = check_held(text_or(session, "day", ""), now, err);
	json_decref(session);
	if (rc < 0)
		return -1;
	snprintf(like, sizeof like, "%s%%", paths.org);
	json_t *records = json_object_get(body, "records"), *rec;
	json_t *before = json_array(), *after = json_array();
	size_t i;
	json_array_foreach(records, i, rec)
	{
		if (rc == 0 &&
		    record_one(db, who, now, session_id, like, rec, i, before, after, err) < 0)
			rc = -1;
	}
	char entity_id[24];
	struct audit_actor actor = {who->user_id, who->username};
	id_text(session_id, entity_id);
	if (rc == 0)
		rc = audit_append(db, &actor, now, "training_attendance.record", "training_session",
		                  entity_id, before, after, err);
	json_decref(before);
	json_decref(after);
	return rc < 0 ? -1 : roll_of(db, session_id, paths.org, out, err);
}

int training_my_attendance(struct db *db, const struct principal *who, int year, json_t **items,
                           struct bm_error *err)
{
	char from[DATE_TEXT_SIZE], to[DATE_TEXT_SIZE];
	if (auth_require(who, ACT_TRAINING_READ, err) < 0)
		return -1;
	training_year_range(year, from, to);
	struct db_stmt *st = db_query(
	    db, err,
	    "SELECT s.id AS id, v.name AS venue_name, o.name AS org_name, s.kind AS kind, "
	    "CASE s.kind WHEN 'site_meeting' THEN '现场会' ELSE '业务培训' END AS kind_label, "
	    "s.topic AS topic, s.day AS day, s.hours_tenths AS hours_tenths, s.trainer AS trainer, "
	    "CASE WHEN a.attended = 1 THEN 'attended' ELSE 'absent' END AS status, "
	    "a.absence_reason AS absence_reason "
	    "FROM training_attendance a JOIN training_sessions s ON s.id = a.session_id "
	    "JOIN venues v ON v.id = s.venue_id JOIN orgs o ON o.code = s.org_code "
	    "WHERE a.user_id = ? AND s.day >= ? AND s.day <= ? ORDER BY s.day DESC, s.id DESC",
	    "itt", who->user_id, from, to);
	if (!st || row_json_all(st, "ittttttittt", items, err) < 0)
		return -1;
	training_hours_fields(*items);
	return 0;
}
