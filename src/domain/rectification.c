/*
** rectification.c — the rectification task of a 差评 stored (see rectification.h). Each move is
** one function of the same shape (validate its body, check the order, write its columns),
** chosen from a table; scope, the closed check and the audit entry are shared, in
** rectification_act().
*/
#include "domain/rectification.h"
#include "core/date.h"
#include "core/jcheck.h"
#include "db/db.h"
#include "db/row_json.h"
#include "domain/audit.h"
#include "domain/rating_rules.h"
#include "domain/stats.h"

#include <stdio.h>
#include <string.h>

int rectification_open(struct db *db, int64_t rating_id, const struct calendar *cal,
		       int rectify_days, int64_t now, struct bm_error *err)
{
	int due;
	char due_text[DATE_TEXT_SIZE];
	if (rectify_due_date(cal, date_of_epoch(now), rectify_days, &due) < 0)
		return bm_error_internal(err, "negative rectification period");
	date_format(due, due_text);
	return db_exec_params(db, err,
			      "INSERT INTO rectifications (rating_id, venue_id, org_code, "
			      "responsible_id, status, due_date, opened_at) SELECT id, venue_id, "
			      "org_code, staff_id, 'open', ?, ? FROM ratings WHERE id = ?",
			      "tii", due_text, now, rating_id) < 0
		   ? -1
		   : 0;
}

int rectification_cancel(struct db *db, int64_t rating_id, const char *reason,
			 struct bm_error *err)
{
	return db_exec_params(db, err,
			      "UPDATE rectifications SET status = 'cancelled', cancelled_reason = ? "
			      "WHERE rating_id = ? AND status = 'open'",
			      "ti", reason, rating_id) < 0
		   ? -1
		   : 0;
}

int rectification_each_open(struct db *db, rectification_fn fn, void *ctx, struct bm_error *err)
{
	struct db_stmt *st = db_query(db, err,
				      "SELECT t.id, t.rating_id, r.case_no, t.venue_id, t.org_code, "
				      "t.responsible_id, t.due_date, t.followed_up_at FROM "
				      "rectifications t JOIN ratings r ON r.id = t.rating_id WHERE "
				      "t.status = 'open' ORDER BY t.due_date, t.id",
				      "");
	if (!st)
		return -1;
	int rc;
	while ((rc = db_step(st, err)) == DB_ROW) {
		struct rectification_due task = {db_col_int(st, 0), db_col_int(st, 1), "",
						 db_col_int(st, 3), "", db_col_int(st, 5), "",
						 db_col_int(st, 7)};
		snprintf(task.case_no, sizeof task.case_no, "%s", db_col_text(st, 2));
		snprintf(task.org_code, sizeof task.org_code, "%s", db_col_text(st, 4));
		snprintf(task.due_date, sizeof task.due_date, "%s", db_col_text(st, 6));
		int stop = fn(&task, ctx);
		if (stop < 0) {
			rc = stop;
			break;
		}
	}
	db_reset(st);
	return rc < 0 ? rc : 0;
}

/* ---- reading ---- */

#define TASK_SELECT                                                                           \
	"SELECT t.id AS id, t.rating_id AS rating_id, r.case_no AS case_no, r.level AS level, " \
	"r.comment AS comment, t.venue_id AS venue_id, v.name AS venue_name, t.org_code AS "    \
	"org_code, t.responsible_id AS responsible_id, u.display_name AS responsible_name, "    \
	"t.status AS status, t.due_date AS due_date, t.opened_at AS opened_at, "                \
	"t.followed_up_at AS followed_up_at, t.follow_up_note AS follow_up_note, "              \
	"t.rectified_at AS rectified_at, t.outcome AS outcome, t.citizen_view AS "              \
	"citizen_view, t.citizen_note AS citizen_note, t.cancelled_reason AS "                  \
	"cancelled_reason, o.path AS org_path "                                                 \
	"FROM rectifications t JOIN ratings r ON r.id = t.rating_id JOIN venues v ON v.id = "  \
	"t.venue_id JOIN orgs o ON o.code = t.org_code LEFT JOIN users u ON u.id = "           \
	"t.responsible_id "
#define TASK_TYPES "iittti" "ttit" "ttT" "TtTtttt" /* then org_path */

/* Adds "overdue" (open past its due date) and "on_time" (rectified by it). */
static void finish_task(json_t *task, int today)
{
	char day[DATE_TEXT_SIZE];
	date_format(today, day);
	const char *status = json_string_value(json_object_get(task, "status"));
	const char *due = json_string_value(json_object_get(task, "due_date"));
	bool open = strcmp(status, "open") == 0;
	json_object_set_new(task, "overdue", json_boolean(open && strcmp(due, day) < 0));
	json_object_del(task, "org_path");
}

static int task_load(struct db *db, int64_t id, const struct principal *who, json_t **out,
		     struct bm_error *err)
{
	struct db_stmt *st = db_query(db, err, TASK_SELECT "WHERE t.id = ?", "i", id);
	int found = st ? row_json_one(st, TASK_TYPES "t", out, err) : -1;
	if (found == 1 &&
	    !auth_in_scope(who, json_string_value(json_object_get(*out, "org_path")))) {
		json_decref(*out);
		found = 0;
	}
	if (found <= 0)
		return found < 0 ? -1
				 : bm_error_set(err, 404, "rectification_not_found", "整改任务不存在");
	return 0;
}

int rectification_get_json(struct db *db, int64_t id, const struct principal *who, int today,
			   json_t **out, struct bm_error *err)
{
	if (auth_require(who, ACT_RATING_READ, err) < 0 || task_load(db, id, who, out, err) < 0)
		return -1;
	finish_task(*out, today);
	return 0;
}

int rectification_list(struct db *db, const struct principal *who, const char *view, int today,
		       int64_t limit, int64_t offset, json_t **items, int64_t *total,
		       struct bm_error *err)
{
	view = view ? view : "all";
	bool all = strcmp(view, "all") == 0, overdue = strcmp(view, "overdue") == 0;
	if (!all && !overdue && strcmp(view, "open") != 0)
		return bm_error_set(err, 400, "invalid_query", "查询参数 view 应为 all、open 或 overdue");
	if (auth_require(who, ACT_RATING_READ, err) < 0)
		return -1;
	char like[264], day[DATE_TEXT_SIZE];
	snprintf(like, sizeof like, "%s%%", who->org_path);
	date_format(today, day);
#define TASK_WHERE                                                                            \
	"WHERE o.path LIKE ? AND (CAST(? AS BIGINT) = 1 OR t.status = 'open') AND "              \
	"(CAST(? AS BIGINT) = 0 OR t.due_date < ?) "
	if (db_query_int(db, err, total,
			 "SELECT COUNT(*) FROM rectifications t JOIN orgs o ON o.code = "
			 "t.org_code " TASK_WHERE,
			 "tiit", like, (int64_t)all, (int64_t)overdue, day) < 0)
		return -1;
	struct db_stmt *st = db_query(db, err,
				      TASK_SELECT TASK_WHERE
				      "ORDER BY CASE WHEN t.status = 'open' THEN 0 ELSE 1 END, "
				      "t.due_date, t.id LIMIT ? OFFSET ?",
				      "tiitii", like, (int64_t)all, (int64_t)overdue, day, limit,
				      offset);
	if (!st || row_json_all(st, TASK_TYPES "t", items, err) < 0)
		return -1;
	size_t i;
	json_t *task;
	json_array_foreach(*items, i, task)
		finish_task(task, today);
	return 0;
}

/* ---- moves ---- */

static const char *const views[] = {"satisfied", "basically_satisfied", "unsatisfied",
				    "no_response", NULL};

static const struct jcheck_field follow_up_fields[] = {
	{"note", "回访情况", JC_TEXT, true, 1, 1000, 0, NULL, NULL},
	{NULL, NULL, 0, false, 0, 0, 0, NULL, NULL},
};
static const struct jcheck_field fix_fields[] = {
	{"outcome", "整改结果", JC_TEXT, true, 1, 2000, 0, NULL, NULL},
	{NULL, NULL, 0, false, 0, 0, 0, NULL, NULL},
};
static const struct jcheck_field citizen_fields[] = {
	{"view", "群众评价", JC_ENUM, true, 0, 0, 0, views, NULL},
	{"note", "群众意见", JC_TEXT, false, 0, 1000, 0, NULL, NULL},
	{NULL, NULL, 0, false, 0, 0, 0, NULL, NULL},
};

static bool has(json_t *task, const char *key)
{
	json_t *v = json_object_get(task, key);
	return v && !json_is_null(v);
}

static const char *text_of(json_t *obj, const char *key)
{
	return json_string_value(json_object_get(obj, key));
}

static int follow_up(struct db *db, json_t *task, json_t *body, const struct principal *who,
		     int64_t now, struct bm_error *err)
{
	if (has(task, "followed_up_at"))
		return bm_error_set(err, 409, "task_closed", "已回访过");
	return db_exec_params(db, err,
			      "UPDATE rectifications SET followed_up_at = ?, follow_up_by = ?, "
			      "follow_up_note = ? WHERE id = ?",
			      "iiti", now, who->user_id, text_of(body, "note"),
			      json_integer_value(json_object_get(task, "id"))) < 0
		   ? -1
		   : 0;
}

static int fix(struct db *db, json_t *task, json_t *body, const struct principal *who,
	       int64_t now, struct bm_error *err)
{
	char day[DATE_TEXT_SIZE];
	if (!has(task, "followed_up_at"))
		return bm_error_set(err, 409, "follow_up_first", "请先完成回访再登记整改");
	if (strcmp(text_of(task, "status"), "open") != 0)
		return bm_error_set(err, 409, "task_closed", "整改任务已办结");
	date_format(date_of_epoch(now), day);
	return db_exec_params(db, err,
			      "UPDATE rectifications SET status = 'rectified', rectified_at = ?, "
			      "rectified_on = ?, rectified_by = ?, outcome = ? WHERE id = ?",
			      "ititi", now, day, who->user_id, text_of(body, "outcome"),
			      json_integer_value(json_object_get(task, "id"))) < 0 ||
			       stats_rectified(db, json_integer_value(json_object_get(task, "rating_id")),
					       err) < 0
		   ? -1
		   : 0;
}

static int citizen_view(struct db *db, json_t *task, json_t *body, const struct principal *who,
			int64_t now, struct bm_error *err)
{
	if (strcmp(text_of(task, "status"), "rectified") != 0)
		return bm_error_set(err, 409, "not_rectified", "整改完成后才能记录群众评价");
	if (has(task, "citizen_view"))
		return bm_error_set(err, 409, "task_closed", "已记录过群众对整改的评价");
	return db_exec_params(db, err,
			      "UPDATE rectifications SET citizen_view = ?, citizen_note = ?, "
			      "citizen_view_at = ? WHERE id = ?",
			      "ttii", text_of(body, "view"), text_of(body, "note"), now,
			      json_integer_value(json_object_get(task, "id"))) < 0
		   ? -1
		   : 0;
}

typedef int (*move_fn)(struct db *db, json_t *task, json_t *body, const struct principal *who,
		       int64_t now, struct bm_error *err);

static const struct {
	const char *name;
	const char *audit_action;
	const struct jcheck_field *fields;
	move_fn move;
} moves[] = {
	[RECTIFY_FOLLOW_UP] = {"follow-up", "rectification.follow_up", follow_up_fields, follow_up},
	[RECTIFY_FIX] = {"rectify", "rectification.rectify", fix_fields, fix},
	[RECTIFY_CITIZEN_VIEW] = {"citizen-view", "rectification.citizen_view", citizen_fields,
				  citizen_view},
};

int rectification_action_parse(const char *name, enum rectification_action *out)
{
	for (size_t i = 0; name && i < sizeof moves / sizeof *moves; i++) {
		if (strcmp(name, moves[i].name) == 0) {
			*out = (enum rectification_action)i;
			return 0;
		}
	}
	return -1;
}

int rectification_act(struct db *db, int64_t id, enum rectification_action action, json_t *body,
		      const struct principal *who, int64_t now, struct bm_error *err)
{
	json_t *task;
	if (auth_require(who, ACT_RECTIFY, err) < 0 ||
	    jcheck_object(body, moves[action].fields, "", err) < 0 ||
	    task_load(db, id, who, &task, err) < 0)
		return -1;
	int rc = 0;
	if (strcmp(text_of(task, "status"), "cancelled") == 0)
		rc = bm_error_set(err, 409, "task_closed", "评价经申诉已撤销，整改任务已取消");
	if (rc == 0)
		rc = moves[action].move(db, task, body, who, now, err);
	json_decref(task);
	if (rc < 0)
		return -1;
	char id_text[24];
	snprintf(id_text, sizeof id_text, "%lld", (long long)id);
	struct audit_actor actor = {who->user_id, who->username};
	return audit_append(db, &actor, now, moves[action].audit_action, "rectification", id_text,
			    NULL, body, err);
}
