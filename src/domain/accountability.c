/*
** accountability.c — accountability records made from supervision alerts (accountability.h).
*/
#include "domain/accountability.h"

#include "core/jcheck.h"
#include "db/db.h"
#include "db/row_json.h"
#include "domain/audit.h"
#include "domain/supervision.h"

#include <stdio.h>

static const char *const measures[] = {"talk", "criticism", "notice", NULL};

static const struct jcheck_field record_spec[] = {
    {"measure", "追究方式", JC_ENUM, true, 0, 0, 0, measures, NULL},
    {"decision", "处理决定", JC_TEXT, true, 1, 2000, 0, NULL, NULL},
    {NULL, NULL, 0, false, 0, 0, 0, NULL, NULL},
};

#define RECORD_COLUMNS                                                                             \
	"SELECT r.id AS id, r.alert_id AS alert_id, r.measure AS measure, "                        \
	"CASE r.measure WHEN 'talk' THEN '约谈' WHEN 'criticism' THEN '书面批评' "           \
	"ELSE '通报' END AS measure_label, r.decision AS decision, r.person_id AS person_id, "   \
	"u.display_name AS person_name, r.venue_id AS venue_id, v.name AS venue_name, "            \
	"r.org_code AS org_code, o.name AS org_name, a.kind AS alert_kind, "                       \
	"a.level AS alert_level, a.title AS alert_title, d.username AS decided_by, "               \
	"r.decided_at AS decided_at "                                                              \
	"FROM accountability_records r JOIN supervision_alerts a ON a.id = r.alert_id "            \
	"JOIN orgs o ON o.code = r.org_code JOIN users d ON d.id = r.decided_by "                  \
	"LEFT JOIN users u ON u.id = r.person_id LEFT JOIN venues v ON v.id = r.venue_id "
#define RECORD_TYPES "iitttititttttttT"

int accountability_create(struct db *db, const struct principal *who, int64_t now, int64_t alert_id,
                          json_t *body, json_t **out, struct bm_error *err)
{
	json_t *alert;
	if (auth_require(who, ACT_ACCOUNTABILITY, err) < 0 ||
	    jcheck_object(body, record_spec, "", err) < 0 ||
	    supervision_alert_get(db, who, alert_id, &alert, err) < 0)
		return -1;
	json_t *person = json_object_get(alert, "responsible_id"),
	       *venue = json_object_get(alert, "venue_id");
	const char *org = json_string_value(json_object_get(alert, "org_code"));
	int64_t id = 0;
	int rc = db_query_int(
	    db, err, &id,
	    "INSERT INTO accountability_records (alert_id, measure, decision, person_id, venue_id, "
	    "org_code, org_path, decided_by, decided_at) SELECT a.id, CAST(? AS TEXT), "
	    "CAST(? AS TEXT), a.responsible_id, "
	    "a.venue_id, a.org_code, a.org_path, CAST(? AS BIGINT), CAST(? AS BIGINT) "
	    "FROM supervision_alerts a WHERE a.id = ? "
	    "RETURNING id",
	    "ttiii", json_string_value(json_object_get(body, "measure")),
	    json_string_value(json_object_get(body, "decision")), who->user_id, now, alert_id);
	if (rc == 0)
		rc = bm_error_internal(err, "accountability: alert vanished");
	/* A breach is dealt with by the record; a card waits for the fix. */
	if (rc > 0 && db_exec_params(db, err,
	                             "UPDATE supervision_alerts SET closed_at = ?, open_key = NULL "
	                             "WHERE id = ? AND level = 'breach' AND closed_at IS NULL",
	                             "ii", now, alert_id) < 0)
		rc = -1;
	json_t *record = NULL;
	if (rc > 0) {
		struct db_stmt *st = db_query(db, err, RECORD_COLUMNS "WHERE r.id = ?", "i", id);
		rc = st ? row_json_one(st, RECORD_TYPES, &record, err) : -1;
	}
	char entity_id[24];
	snprintf(entity_id, sizeof entity_id, "%lld", (long long)id);
	struct audit_actor actor = {who->user_id, who->username};
	json_t *after =
	    rc > 0 ? json_pack("{s:I, s:O, s:O?, s:O?, s:s?, s:O, s:O}", "alert_id",
	                       (json_int_t)alert_id, "measure", json_object_get(body, "measure"),
	                       "person_id", person, "venue_id", venue, "org_code", org, "decision",
	                       json_object_get(body, "decision"), "alert_title",
	                       json_object_get(alert, "title"))
	           : NULL;
	if (rc > 0 && audit_append(db, &actor, now, "accountability.create", "accountability",
	                           entity_id, NULL, after, err) < 0)
		rc = -1;
	json_decref(after);
	json_decref(alert);
	if (rc < 0) {
		json_decref(record);
		return -1;
	}
	*out = record;
	return 0;
}

#define RECORD_WHERE                                                                               \
	"WHERE r.org_path LIKE ? AND (CAST(? AS BIGINT) = 0 OR r.person_id = ?) "                  \
	"AND (CAST(? AS BIGINT) = 0 OR r.alert_id = ?) "

int accountability_list(struct db *db, const struct principal *who,
                        const struct accountability_filter *f, int64_t limit, int64_t offset,
                        json_t **items, int64_t *total, struct bm_error *err)
{
	char path[256], like[264];
	if (auth_require(who, ACT_SUPERVISION_READ, err) < 0 ||
	    sv_scope_path(db, who, f->org, path, sizeof path, err) < 0)
		return -1;
	snprintf(like, sizeof like, "%s%%", path);
	if (db_query_int(db, err, total,
	                 "SELECT COUNT(*) FROM accountability_records r " RECORD_WHERE, "tiiii",
	                 like, f->person_id, f->person_id, f->alert_id, f->alert_id) < 0)
		return -1;
	struct db_stmt *st = db_query(
	    db, err, RECORD_COLUMNS RECORD_WHERE "ORDER BY r.id DESC LIMIT ? OFFSET ?", "tiiiiii",
	    like, f->person_id, f->person_id, f->alert_id, f->alert_id, limit, offset);
	return st ? row_json_all(st, RECORD_TYPES, items, err) : -1;
}
