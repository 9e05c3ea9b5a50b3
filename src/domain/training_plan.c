/*
** training_plan.c — yearly training plans per venue and how far they are fulfilled, and
** coverage: the staff of a subtree not trained in a year (training.h).
*/
#include "domain/training.h"

#include "core/date.h"
#include "core/jcheck.h"
#include "db/db.h"
#include "db/row_json.h"
#include "domain/audit.h"
#include "domain/training_internal.h"
#include "domain/venue.h"

#include <stdio.h>
#include <string.h>

/* The fields of a plan but its hours (one decimal: training_plan_hours_from_json). */
static const struct jcheck_field plan_spec[] = {
    {"planned_sessions", "计划场次", JC_INT, true, 0, 100, 0, NULL, NULL},
    {"topics", "计划内容", JC_TEXT, false, 0, 1000, 0, NULL, NULL},
    {NULL, NULL, 0, false, 0, 0, 0, NULL, NULL},
};

static int check_year(int year, struct bm_error *err)
{
	if (year < 2000 || year > 2100)
		return bm_error_set(err, 400, "invalid_year", "年度应在 2000 至 2100 之间");
	return 0;
}

/* The sessions a venue counts as held: those held there, and for a hall or centre those its
 * org organised elsewhere (a town's 现场会 at a village room). */
#define HELD_BY_VENUE                                                                              \
	"(s.venue_id = v.id OR (v.kind IN ('center', 'hall') AND s.org_code = v.org_code "         \
	"AND s.venue_path <> s.org_path)) AND s.day >= ? AND s.day <= ?"

/* Plan versus held, one row per venue, in the year (both kinds of session). */
#define PLAN_QUERY                                                                                 \
	"SELECT v.id AS venue_id, v.name AS venue_name, v.org_code AS org_code, "                  \
	"o.name AS org_name, CASE WHEN p.venue_id IS NULL THEN 0 ELSE 1 END AS planned, "          \
	"COALESCE(p.planned_sessions, 0) AS planned_sessions, "                                    \
	"COALESCE(p.planned_hours_tenths, 0) AS planned_hours_tenths, "                            \
	"COALESCE(p.topics, '') AS topics, "                                                       \
	"(SELECT COUNT(*) FROM training_sessions s WHERE " HELD_BY_VENUE ") AS held_sessions, "    \
	"(SELECT COALESCE(SUM(s.hours_tenths), 0) FROM training_sessions s "                       \
	" WHERE " HELD_BY_VENUE ") AS held_hours_tenths "                                          \
	"FROM venues v JOIN orgs o ON o.code = v.org_code "                                        \
	"LEFT JOIN training_plans p ON p.venue_id = v.id AND p.year = ? "
#define PLAN_TYPES "itttbiitii"

/* Adds the fulfilment rates and turns the tenths into hours. */
static void plan_row_finish(json_t *row)
{
	int64_t planned = json_integer_value(json_object_get(row, "planned_sessions")),
	        held = json_integer_value(json_object_get(row, "held_sessions")),
	        planned_h = json_integer_value(json_object_get(row, "planned_hours_tenths")),
	        held_h = json_integer_value(json_object_get(row, "held_hours_tenths"));
	int sessions = training_fulfilment_permille(held, planned),
	    hours = training_fulfilment_permille(held_h, planned_h);
	json_object_set_new(row, "sessions_permille",
	                    sessions < 0 ? json_null() : json_integer(sessions));
	json_object_set_new(row, "hours_permille", hours < 0 ? json_null() : json_integer(hours));
	json_object_set_new(row, "planned_hours", json_real(training_hours_of_tenths(planned_h)));
	json_object_set_new(row, "held_hours", json_real(training_hours_of_tenths(held_h)));
	json_object_del(row, "planned_hours_tenths");
	json_object_del(row, "held_hours_tenths");
}

static int plan_rows(struct db_stmt *st, json_t **items, struct bm_error *err)
{
	if (!st || row_json_all(st, PLAN_TYPES, items, err) < 0)
		return -1;
	size_t i;
	json_t *row;
	json_array_foreach(*items, i, row) plan_row_finish(row);
	return 0;
}

int training_plan_list(struct db *db, const struct principal *who, const char *org, int year,
                       json_t **items, struct bm_error *err)
{
	char like[264], from[DATE_TEXT_SIZE], to[DATE_TEXT_SIZE];
	if (auth_require(who, ACT_TRAINING_READ, err) < 0 || check_year(year, err) < 0 ||
	    training_scope_like(db, who, org, like, err) < 0)
		return -1;
	training_year_range(year, from, to);
	/* The county centre and the town halls always show (a hall without a plan is news);
	 * other venues when they have a plan or held a session. */
	return plan_rows(db_query(db, err,
	                          PLAN_QUERY
	                          "WHERE o.path LIKE ? AND (v.kind IN ('center', 'hall') "
	                          "OR p.venue_id IS NOT NULL OR EXISTS (SELECT 1 FROM "
	                          "training_sessions s WHERE " HELD_BY_VENUE
	                          ")) ORDER BY v.org_code, v.id",
	                          "ttttittt", from, to, from, to, (int64_t)year, like, from, to),
	                 items, err);
}

static int plan_of(struct db *db, int64_t venue_id, int year, json_t **out, struct bm_error *err)
{
	char from[DATE_TEXT_SIZE], to[DATE_TEXT_SIZE];
	json_t *items;
	training_year_range(year, from, to);
	if (plan_rows(db_query(db, err, PLAN_QUERY "WHERE v.id = ?", "ttttii", from, to, from, to,
	                       (int64_t)year, venue_id),
	              &items, err) < 0)
		return -1;
	*out = json_incref(json_array_get(items, 0));
	json_decref(items);
	return *out ? 0 : bm_error_set(err, 404, "venue_not_found", "服务场所不存在");
}

int training_plan_put(struct db *db, const struct principal *who, int64_t now, int64_t venue_id,
                      int year, json_t *body, json_t **out, struct bm_error *err)
{
	struct venue_brief venue;
	int64_t tenths;
	if (auth_require(who, ACT_TRAINING_WRITE, err) < 0 || check_year(year, err) < 0)
		return -1;
	int rc = venue_brief_get(db, venue_id, &venue, err);
	if (rc <= 0)
		return rc < 0 ? -1 : bm_error_set(err, 404, "venue_not_found", "服务场所不存在");
	if (!auth_in_scope(who, venue.org_path))
		return bm_error_set(err, 403, "out_of_scope", "只能为本辖区的场所制定培训计划");
	if (!json_is_object(body))
		return bm_error_set(err, 400, "expected_object", "内容应为 JSON 对象");
	json_t *rest = json_copy(body);
	if (!rest)
		return bm_error_oom(err);
	json_object_del(rest, "planned_hours");
	rc = jcheck_object(rest, plan_spec, "", err);
	json_decref(rest);
	json_t *hours = json_object_get(body, "planned_hours");
	if (rc == 0 && !hours) {
		bm_error_set(err, 400, "missing_field", "缺少必填字段：计划学时（planned_hours）");
		rc = bm_error_field(err, "planned_hours");
	}
	if (rc < 0 || training_plan_hours_from_json(hours, "planned_hours", &tenths, err) < 0)
		return -1;
	json_t *before = NULL, *after = NULL;
	const char *topics = json_string_value(json_object_get(body, "topics"));
	if (plan_of(db, venue_id, year, &before, err) < 0)
		return -1;
	rc = db_exec_params(
	         db, err,
	         "INSERT INTO training_plans (venue_id, year, org_path, planned_sessions, "
	         "planned_hours_tenths, topics, updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, "
	         "?, ?) "
	         "ON CONFLICT (venue_id, year) DO UPDATE SET planned_sessions = "
	         "excluded.planned_sessions, "
	         "planned_hours_tenths = excluded.planned_hours_tenths, topics = excluded.topics, "
	         "updated_by = excluded.updated_by, updated_at = excluded.updated_at",
	         "iitiitii", venue_id, (int64_t)year, venue.org_path,
	         json_integer_value(json_object_get(body, "planned_sessions")), tenths,
	         topics ? topics : "", who->user_id, now) < 0
	         ? -1
	         : plan_of(db, venue_id, year, &after, err);
	char entity_id[40];
	struct audit_actor actor = {who->user_id, who->username};
	snprintf(entity_id, sizeof entity_id, "%lld/%d", (long long)venue_id, year);
	if (rc == 0)
		rc = audit_append(db, &actor, now, "training_plan.put", "training_plan", entity_id,
		                  json_is_true(json_object_get(before, "planned")) ? before : NULL,
		                  after, err);
	json_decref(before);
	if (rc < 0) {
		json_decref(after);
		return -1;
	}
	*out = after;
	return 0;
}

/* --- coverage ------------------------------------------------------------------------------ */

/* One row per staff member of the subtree, by org, with its main venue (as venue_main_of_org
 * picks it) and whether they attended a session in the range. */
#define COVERAGE_QUERY                                                                             \
	"SELECT o.code, o.name, "                                                                  \
	"(SELECT v.id FROM venues v WHERE v.org_code = o.code ORDER BY " MAIN_VENUE_ORDER          \
	" LIMIT 1), "                                                                              \
	"(SELECT v.name FROM venues v WHERE v.org_code = o.code ORDER BY " MAIN_VENUE_ORDER        \
	" LIMIT 1), "                                                                              \
	"u.id, u.username, u.display_name, u.role, "                                               \
	"CASE WHEN EXISTS (SELECT 1 FROM training_attendance a JOIN training_sessions s "          \
	" ON s.id = a.session_id WHERE a.user_id = u.id AND a.attended = 1 AND s.day >= ? "        \
	" AND s.day <= ?) THEN 1 ELSE 0 END "                                                      \
	"FROM users u JOIN orgs o ON o.code = u.org_code "                                         \
	"WHERE o.path LIKE ? AND " TRAINING_STAFF_WHERE "ORDER BY o.code, u.id"
#define MAIN_VENUE_ORDER                                                                           \
	"CASE v.kind WHEN 'room' THEN 0 WHEN 'hall' THEN 1 WHEN 'center' THEN 2 ELSE 3 END, v.id"

/* The entry of the org in the current row: the last of `venues`, or a new one. */
static json_t *coverage_entry(json_t *venues, struct db_stmt *st)
{
	json_t *last = json_array_get(venues, json_array_size(venues) - 1);
	const char *code = db_col_text(st, 0);
	if (last && strcmp(json_string_value(json_object_get(last, "org_code")), code) == 0)
		return last;
	json_t *entry = json_pack(
	    "{s:s, s:s, s:o, s:o, s:i, s:i, s:[]}", "org_code", code, "org_name",
	    db_col_text(st, 1), "venue_id",
	    db_col_is_null(st, 2) ? json_null() : json_integer(db_col_int(st, 2)), "venue_name",
	    db_col_is_null(st, 3) ? json_null() : json_string(db_col_text(st, 3)), "staff", 0,
	    "trained", 0, "untrained");
	json_array_append_new(venues, entry);
	return entry;
}

static void bump(json_t *obj, const char *key)
{
	json_object_set_new(obj, key,
	                    json_integer(json_integer_value(json_object_get(obj, key)) + 1));
}

int training_coverage(struct db *db, const struct principal *who, const char *org, int year,
                      json_t **out, struct bm_error *err)
{
	char like[264], from[DATE_TEXT_SIZE], to[DATE_TEXT_SIZE];
	if (auth_require(who, ACT_TRAINING_READ, err) < 0 || check_year(year, err) < 0 ||
	    training_scope_like(db, who, org, like, err) < 0)
		return -1;
	training_year_range(year, from, to);
	struct db_stmt *st = db_query(db, err, COVERAGE_QUERY, "ttt", from, to, like);
	if (!st)
		return -1;
	json_t *venues = json_array();
	long staff = 0, trained = 0;
	int rc;
	while ((rc = db_step(st, err)) == DB_ROW) {
		json_t *entry = coverage_entry(venues, st);
		bool done = db_col_int(st, 8) != 0;
		staff++;
		bump(entry, "staff");
		if (done) {
			trained++;
			bump(entry, "trained");
			continue;
		}
		json_array_append_new(json_object_get(entry, "untrained"),
		                      json_pack("{s:I, s:s, s:s, s:s}", "user_id",
		                                (json_int_t)db_col_int(st, 4), "username",
		                                db_col_text(st, 5), "display_name",
		                                db_col_text(st, 6), "role", db_col_text(st, 7)));
	}
	db_reset(st);
	if (rc < 0) {
		json_decref(venues);
		return -1;
	}
	*out = json_pack("{s:i, s:s, s:i, s:i, s:i, s:o}", "year", year, "org_code",
	                 org && *org ? org : who->org_code, "staff", (int)staff, "trained",
	                 (int)trained, "untrained", (int)(staff - trained), "venues", venues);
	return 0;
}
