/*
** rating_appeal.c — appeals (申诉) against mistaken or malicious ratings, decided by the county
** (see rating.h). An upheld appeal excludes its rating from the figures, keeping the reason,
** and cancels the rating's open rectification task.
*/
#include "core/jcheck.h"
#include "db/db.h"
#include "db/row_json.h"
#include "domain/rating.h"
#include "domain/rectification.h"
#include "domain/stats.h"

#include <stdio.h>
#include <string.h>

static const char *const reason_kinds[] = {"mistaken", "malicious", NULL};
static const char *const decisions[] = {"upheld", "rejected", NULL};

static const struct jcheck_field appeal_fields[] = {
	{"reason_kind", "申诉类型", JC_ENUM, true, 0, 0, 0, reason_kinds, NULL},
	{"reason", "申诉理由", JC_TEXT, true, 1, 1000, 0, NULL, NULL},
	{NULL, NULL, 0, false, 0, 0, 0, NULL, NULL},
};

static const struct jcheck_field decision_fields[] = {
	{"decision", "复核结论", JC_ENUM, true, 0, 0, 0, decisions, NULL},
	{"reason", "复核意见", JC_TEXT, true, 1, 1000, 0, NULL, NULL},
	{NULL, NULL, 0, false, 0, 0, 0, NULL, NULL},
};

static const char *text_of(json_t *obj, const char *key)
{
	return json_string_value(json_object_get(obj, key));
}

static int audit_appeal(struct db *db, const struct principal *who, int64_t now,
			const char *action, int64_t id, json_t *after, struct bm_error *err)
{
	char id_text[24];
	snprintf(id_text, sizeof id_text, "%lld", (long long)id);
	struct audit_actor actor = {who->user_id, who->username};
	int rc = audit_append(db, &actor, now, action, "rating_appeal", id_text, NULL, after, err);
	json_decref(after);
	return rc;
}

int appeal_file(struct db *db, int64_t rating_id, json_t *body, const struct principal *who,
		int64_t now, int64_t *id, struct bm_error *err)
{
	json_t *rating;
	int64_t n;
	if (auth_require(who, ACT_RATING_APPEAL, err) < 0 ||
	    jcheck_object(body, appeal_fields, "", err) < 0 ||
	    rating_get_json(db, rating_id, who, &rating, err) < 0)
		return -1;
	json_decref(rating);
	if (db_query_int(db, err, &n, "SELECT COUNT(*) FROM rating_appeals WHERE rating_id = ?",
			 "i", rating_id) < 0)
		return -1;
	if (n > 0)
		return bm_error_set(err, 409, "appeal_exists", "该评价已申诉过");
	int found = db_query_int(db, err, id,
				 "INSERT INTO rating_appeals (rating_id, reason_kind, reason, status, "
				 "filed_by, filed_at) VALUES (?, ?, ?, 'pending', ?, ?) RETURNING id",
				 "ittii", rating_id, text_of(body, "reason_kind"),
				 text_of(body, "reason"), who->user_id, now);
	if (found <= 0)
		return found < 0 ? -1 : bm_error_internal(err, "INSERT RETURNING gave no row");
	return audit_appeal(db, who, now, "rating.appeal", *id,
			    json_pack("{s:I, s:s, s:s}", "rating_id", (json_int_t)rating_id,
				      "reason_kind", text_of(body, "reason_kind"), "reason",
				      text_of(body, "reason")),
			    err);
}

#define APPEAL_SELECT                                                                         \
	"SELECT a.id AS id, a.rating_id AS rating_id, a.reason_kind AS reason_kind, a.reason "  \
	"AS reason, a.status AS status, f.display_name AS filed_by, a.filed_at AS filed_at, "   \
	"d.display_name AS decided_by, a.decided_at AS decided_at, a.decision AS decision, "    \
	"r.case_no AS case_no, r.level AS level, r.comment AS comment, r.venue_id AS "          \
	"venue_id, v.name AS venue_name, o.path AS org_path "                                   \
	"FROM rating_appeals a JOIN ratings r ON r.id = a.rating_id "                           \
	"JOIN venues v ON v.id = r.venue_id JOIN orgs o ON o.code = r.org_code "                \
	"JOIN users f ON f.id = a.filed_by LEFT JOIN users d ON d.id = a.decided_by "
#define APPEAL_TYPES "iittttTtTttttit-"

int appeal_get_json(struct db *db, int64_t id, const struct principal *who, json_t **out,
		    struct bm_error *err)
{
	struct db_stmt *st = db_query(db, err, APPEAL_SELECT "WHERE a.id = ?", "i", id);
	int found = st ? row_json_one(st, "iittttTtTttttitt", out, err) : -1;
	if (found == 1 && !auth_in_scope(who, text_of(*out, "org_path"))) {
		json_decref(*out);
		found = 0;
	}
	if (found <= 0)
		return found < 0 ? -1 : bm_error_set(err, 404, "appeal_not_found", "申诉不存在");
	json_object_del(*out, "org_path");
	return 0;
}

int appeal_decide(struct db *db, int64_t appeal_id, json_t *body, const struct principal *who,
		  int64_t now, struct bm_error *err)
{
	json_t *appeal;
	if (auth_require(who, ACT_APPEAL_DECIDE, err) < 0 ||
	    jcheck_object(body, decision_fields, "", err) < 0 ||
	    appeal_get_json(db, appeal_id, who, &appeal, err) < 0)
		return -1;
	bool pending = strcmp(text_of(appeal, "status"), "pending") == 0;
	int64_t rating_id = json_integer_value(json_object_get(appeal, "rating_id"));
	json_decref(appeal);
	if (!pending)
		return bm_error_set(err, 409, "appeal_decided", "该申诉已复核");
	const char *decision = text_of(body, "decision");
	const char *reason = text_of(body, "reason");
	if (db_exec_params(db, err,
			   "UPDATE rating_appeals SET status = ?, decided_by = ?, decided_at = ?, "
			   "decision = ? WHERE id = ?",
			   "tiiti", decision, who->user_id, now, reason, appeal_id) < 0)
		return -1;
	if (strcmp(decision, "upheld") == 0 &&
	    (stats_rating_counted(db, rating_id, -1, err) < 0 ||
	     db_exec_params(db, err,
			    "UPDATE ratings SET excluded = 1, excluded_reason = ? WHERE id = ?", "ti",
			    reason, rating_id) < 0 ||
	     rectification_cancel(db, rating_id, reason, err) < 0))
		return -1;
	return audit_appeal(db, who, now, "rating.appeal_decide", appeal_id,
			    json_pack("{s:I, s:s, s:s}", "rating_id", (json_int_t)rating_id,
				      "decision", decision, "reason", reason),
			    err);
}

static const char *const appeal_statuses[] = {"pending", "upheld", "rejected"};

int appeal_list(struct db *db, const struct principal *who, const char *status, int64_t limit,
		int64_t offset, json_t **items, int64_t *total, struct bm_error *err)
{
	bool known = !status;
	for (size_t i = 0; status && i < sizeof appeal_statuses / sizeof *appeal_statuses; i++)
		known = known || strcmp(status, appeal_statuses[i]) == 0;
	if (!known)
		return bm_error_set(err, 400, "invalid_query", "查询参数 status 无效");
	char like[264];
	snprintf(like, sizeof like, "%s%%", who->org_path);
#define APPEAL_WHERE "WHERE o.path LIKE ? AND (CAST(? AS TEXT) IS NULL OR a.status = ?) "
	if (db_query_int(db, err, total,
			 "SELECT COUNT(*) FROM rating_appeals a JOIN ratings r ON r.id = "
			 "a.rating_id JOIN orgs o ON o.code = r.org_code " APPEAL_WHERE,
			 "ttt", like, status, status) < 0)
		return -1;
	struct db_stmt *st = db_query(db, err,
				      APPEAL_SELECT APPEAL_WHERE
				      "ORDER BY CASE WHEN a.status = 'pending' THEN 0 ELSE 1 END, "
				      "a.filed_at, a.id LIMIT ? OFFSET ?",
				      "tttii", like, status, status, limit, offset);
	return st ? row_json_all(st, APPEAL_TYPES, items, err) : -1;
}
