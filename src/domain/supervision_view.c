/*
** supervision_view.c — reading supervision alerts: the scoped list (with the `mine` view of
** the responsible person), one alert, and the open counts per org for the map.
*/
#include "domain/supervision.h"

#include "db/db.h"
#include "db/row_json.h"
#include "domain/supervision_rules.h"

#include <stdio.h>
#include <string.h>

static const char *const kinds[] = {
    "case_due",  "step_due",          "inquiry_open", "petition_accept",   "petition_reply",
    "late_step", "notice_not_listed", "window_gap",   "rectification_due", NULL};

static bool known_kind(const char *kind)
{
	for (size_t i = 0; kinds[i]; i++)
		if (strcmp(kinds[i], kind) == 0)
			return true;
	return false;
}

int sv_scope_path(struct db *db, const struct principal *who, const char *org, char *path,
                  size_t size, struct bm_error *err)
{
	if (!org || !*org) {
		snprintf(path, size, "%s", who->org_path);
		return 0;
	}
	if (auth_require_scope(db, who, org, err) < 0)
		return -1;
	struct db_stmt *st = db_query(db, err, "SELECT path FROM orgs WHERE code = ?", "t", org);
	if (!st)
		return -1;
	int rc = db_step(st, err);
	if (rc == DB_ROW)
		snprintf(path, size, "%s", db_col_text(st, 0));
	db_reset(st);
	return rc == DB_ROW ? 0 : -1;
}

#define ALERT_COLUMNS                                                                              \
	"SELECT a.id AS id, a.kind AS kind, a.level AS level, a.entity AS entity, "                \
	"a.entity_id AS entity_id, a.case_no AS case_no, a.title AS title, "                       \
	"a.due_date AS due_date, a.responsible_id AS responsible_id, "                             \
	"u.display_name AS responsible_name, a.venue_id AS venue_id, v.name AS venue_name, "       \
	"a.org_code AS org_code, o.name AS org_name, a.opened_at AS opened_at, "                   \
	"a.yellow_at AS yellow_at, a.red_at AS red_at, a.closed_at AS closed_at, "                 \
	"a.closed_by_fix AS closed_by_fix, "                                                       \
	"(SELECT COUNT(*) FROM accountability_records r WHERE r.alert_id = a.id) "                 \
	"AS accountability_count, a.org_path AS org_path "                                         \
	"FROM supervision_alerts a JOIN orgs o ON o.code = a.org_code "                            \
	"LEFT JOIN users u ON u.id = a.responsible_id LEFT JOIN venues v ON v.id = a.venue_id "
#define ALERT_TYPES "itttttttititttTTTTbi-"

/* Labels for people. */
static void label_alert(json_t *a)
{
	enum sv_level level = SV_NONE;
	sv_level_parse(json_string_value(json_object_get(a, "level")), &level);
	json_object_set_new(a, "level_label", json_string(sv_level_label(level)));
	json_object_set_new(a, "open", json_boolean(json_is_null(json_object_get(a, "closed_at"))));
}

#define ALERT_WHERE                                                                                \
	"WHERE (CAST(? AS BIGINT) = 1 OR a.org_path LIKE ?) "                                      \
	"AND (CAST(? AS TEXT) IS NULL OR a.level = ?) AND (CAST(? AS TEXT) IS NULL OR a.kind = "   \
	"?) "                                                                                      \
	"AND (CAST(? AS BIGINT) < 0 OR (CAST(? AS BIGINT) = 1 AND a.closed_at IS NULL) "           \
	"OR (CAST(? AS BIGINT) = 0 AND a.closed_at IS NOT NULL)) "                                 \
	"AND (CAST(? AS BIGINT) = 0 OR a.responsible_id = ?) "

int supervision_alerts_list(struct db *db, const struct principal *who, const struct sv_filter *f,
                            int64_t limit, int64_t offset, json_t **items, int64_t *total,
                            struct bm_error *err)
{
	enum sv_level ignored;
	if (!f->mine && auth_require(who, ACT_SUPERVISION_READ, err) < 0)
		return -1;
	if (f->level && sv_level_parse(f->level, &ignored) < 0)
		return bm_error_set(err, 400, "invalid_query",
		                    "查询参数 level 应为 warning、yellow、red 或 breach");
	if (f->kind && !known_kind(f->kind))
		return bm_error_set(err, 400, "invalid_query", "查询参数 kind 的取值无效");
	char path[256], like[264];
	if (sv_scope_path(db, who, f->org, path, sizeof path, err) < 0)
		return -1;
	snprintf(like, sizeof like, "%s%%", path);
	int64_t person = f->mine ? who->user_id : f->person_id, open = f->open;
	int64_t any_place = f->mine && !f->org ? 1 : 0;
	if (db_query_int(db, err, total, "SELECT COUNT(*) FROM supervision_alerts a " ALERT_WHERE,
	                 "itttttiiiii", any_place, like, f->level, f->level, f->kind, f->kind, open,
	                 open, open, person, person) < 0)
		return -1;
	struct db_stmt *st = db_query(
	    db, err,
	    ALERT_COLUMNS ALERT_WHERE
	    "ORDER BY CASE a.level WHEN 'red' THEN 0 WHEN 'breach' THEN 1 WHEN 'yellow' THEN 2 "
	    "ELSE 3 END, a.opened_at DESC, a.id DESC LIMIT ? OFFSET ?",
	    "itttttiiiiiii", any_place, like, f->level, f->level, f->kind, f->kind, open, open,
	    open, person, person, limit, offset);
	if (!st || row_json_all(st, ALERT_TYPES, items, err) < 0)
		return -1;
	size_t i;
	json_t *a;
	json_array_foreach(*items, i, a) label_alert(a);
	return 0;
}

int supervision_alert_get(struct db *db, const struct principal *who, int64_t id, json_t **out,
                          struct bm_error *err)
{
	if (auth_require(who, ACT_SUPERVISION_READ, err) < 0)
		return -1;
	struct db_stmt *st = db_query(db, err, ALERT_COLUMNS "WHERE a.id = ?", "i", id);
	if (!st)
		return -1;
	int rc = db_step(st, err);
	bool found = rc == DB_ROW && auth_in_scope(who, db_col_text(st, 20));
	*out = found ? row_json(st, ALERT_TYPES) : NULL;
	db_reset(st);
	if (rc < 0)
		return -1;
	if (!found)
		return bm_error_set(err, 404, "alert_not_found", "监察记录不存在");
	label_alert(*out);
	return 0;
}

#define COUNT_LEVEL(l) "SUM(CASE WHEN a.level = '" l "' THEN 1 ELSE 0 END) AS " l

int supervision_summary(struct db *db, const struct principal *who, const char *org, json_t **out,
                        struct bm_error *err)
{
	if (auth_require(who, ACT_SUPERVISION_READ, err) < 0)
		return -1;
	const char *code = org && *org ? org : who->org_code;
	char path[256], like[264];
	if (sv_scope_path(db, who, code, path, sizeof path, err) < 0)
		return -1;
	snprintf(like, sizeof like, "%s%%", path);
	json_t *items = NULL, *total = NULL, *self = NULL;
	struct db_stmt
	    *
	        st =
	            db_query(db, err,
	                     "SELECT o.code AS code, o.name AS name, o.level AS "
	                     "level, " COUNT_LEVEL("warning") ", " COUNT_LEVEL(
	                         "yellow") ", " COUNT_LEVEL("red") ", " COUNT_LEVEL("breach") " "
	                                                                                      "FROM"
	                                                                                      " org"
	                                                                                      "s o "
	                                                                                      "LEFT"
	                                                                                      " JOI"
	                                                                                      "N "
	                                                                                      "supe"
	                                                                                      "rvis"
	                                                                                      "ion_"
	                                                                                      "aler"
	                                                                                      "ts "
	                                                                                      "a "
	                                                                                      "ON "
	                                                                                      "a."
	                                                                                      "clos"
	                                                                                      "ed_"
	                                                                                      "at "
	                                                                                      "IS "
	                                                                                      "NULL"
	                                                                                      " "
	                                                                                      "AND "
	                                                                                      "a."
	                                                                                      "org_"
	                                                                                      "path"
	                                                                                      " LIK"
	                                                                                      "E "
	                                                                                      "o."
	                                                                                      "path"
	                                                                                      " || "
	                                                                                      "'%' "
	                                                                                      "WHER"
	                                                                                      "E "
	                                                                                      "o."
	                                                                                      "pare"
	                                                                                      "nt_"
	                                                                                      "code"
	                                                                                      " = "
	                                                                                      "? "
	                                                                                      "GROU"
	                                                                                      "P "
	                                                                                      "BY "
	                                                                                      "o."
	                                                                                      "code"
	                                                                                      ", "
	                                                                                      "o."
	                                                                                      "name"
	                                                                                      ", "
	                                                                                      "o."
	                                                                                      "leve"
	                                                                                      "l "
	                                                                                      "ORDE"
	                                                                                      "R "
	                                                                                      "BY "
	                                                                                      "o."
	                                                                                      "cod"
	                                                                                      "e",
	                     "t", code);
	if (!st || row_json_all(st, "tttiiii", &items, err) < 0)
		return -1;
	st = db_query(
	    db, err,
	    "SELECT " COUNT_LEVEL("warning") ", " COUNT_LEVEL("yellow") ", " COUNT_LEVEL(
	        "red") ", " COUNT_LEVEL("breach") " FROM supervision_alerts a "
	                                          "WHERE a.closed_at IS NULL AND a.org_path LIKE ?",
	    "t", like);
	int rc = st ? row_json_one(st, "iiii", &total, err) : -1;
	if (rc >= 0) {
		st = db_query(db, err, "SELECT code AS code, name AS name FROM orgs WHERE code = ?",
		              "t", code);
		rc = st ? row_json_one(st, "tt", &self, err) : -1;
	}
	if (rc < 0) {
		json_decref(items);
		json_decref(total);
		return -1;
	}
	/* SUM over no rows is NULL: zero is what people mean. */
	size_t i;
	json_t *row;
	const char *levels[] = {"warning", "yellow", "red", "breach"};
	json_array_foreach(items, i,
	                   row) for (size_t k = 0; k < 4;
	                             k++) if (json_is_null(json_object_get(row, levels[k])))
	    json_object_set_new(row, levels[k], json_integer(0));
	for (size_t k = 0; total && k < 4; k++)
		if (json_is_null(json_object_get(total, levels[k])))
			json_object_set_new(total, levels[k], json_integer(0));
	*out = json_pack("{s:o, s:o, s:o}", "org", self ? self : json_null(), "total",
	                 total ? total : json_object(), "items", items);
	return 0;
}
