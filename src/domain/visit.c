/*
** visit.c — door-to-door service requests (domain/visit.h).
*/
#include "domain/visit.h"
#include "core/date.h"
#include "core/jcheck.h"
#include "db/db.h"
#include "db/row_json.h"
#include "domain/audit.h"
#include "domain/phone.h"

#include <stdio.h>
#include <string.h>

static const char *const flag_values[] = {"elderly", "disabled", "ill", "left_behind", NULL};
static const char *const urgencies[] = {"normal", "urgent", NULL};

static const struct jcheck_field create_fields[] = {
	{"org_code", "受理单位", JC_STRING, false, .min = 6, .max = 12},
	{"person_name", "服务对象", JC_STRING, true, .min = 1, .max = 40},
	{"phone", "联系电话", JC_STRING, false, .min = 0, .max = 20},
	{"address", "上门地址", JC_STRING, true, .min = 2, .max = 200},
	{"flags", "重点人群", JC_ENUMS, false, .min = 0, .max = 4, .values = flag_values},
	{"item_code", "事项", JC_STRING, false, .min = 1, .max = 40},
	{"need", "服务需求", JC_TEXT, true, .min = 2, .max = 1000},
	{"urgency", "紧急程度", JC_ENUM, true, .values = urgencies},
	{NULL},
};

static const struct jcheck_field assign_fields[] = {
	{"assignee_id", "上门人员", JC_INT, false, .min = 1, .max = INT32_MAX},
	{"assignee_username", "上门人员账号", JC_STRING, false, .min = 1, .max = 64},
	{"due_on", "完成期限", JC_DATE, true, .min = 0},
	{NULL},
};

static const struct jcheck_field record_fields[] = {
	{"outcome", "上门结果", JC_TEXT, true, .min = 2, .max = 1000},
	{"case_no", "办件编号", JC_STRING, false, .min = 1, .max = 40},
	{NULL},
};

static const struct jcheck_field cancel_fields[] = {
	{"reason", "取消原因", JC_STRING, true, .min = 2, .max = 200},
	{NULL},
};

static int audit(struct db *db, const struct principal *who, int64_t now, const char *action,
		 int64_t id, json_t *detail, struct bm_error *err)
{
	char id_text[24];
	snprintf(id_text, sizeof id_text, "%lld", (long long)id);
	struct audit_actor actor = {who->user_id, who->username};
	return audit_append(db, &actor, now, action, "home_visit", id_text, NULL, detail, err);
}

static int field_error(struct bm_error *err, const char *field, const char *message)
{
	bm_error_set(err, 400, "invalid_field", "%s", message);
	return bm_error_field(err, field);
}

/* --- reading ------------------------------------------------------------------------------ */

#define VISIT_SELECT                                                                           \
	"SELECT h.id AS id, h.org_code AS org_code, o.name AS org_name, "                      \
	"h.person_name AS person_name, h.phone AS phone, h.address AS address, "               \
	"h.flags AS flags, h.item_code AS item_code, i.name AS item_name, h.need AS need, "    \
	"h.urgency AS urgency, h.status AS status, h.due_on AS due_on, h.outcome AS outcome, " \
	"h.visited_at AS visited_at, h.case_no AS case_no, cu.username AS created_by, "        \
	"h.created_at AS created_at, h.updated_at AS updated_at, "                             \
	"h.assignee_id AS assignee_id, au.username AS assignee_username, "                     \
	"au.display_name AS assignee_name, o.path AS org_path "                                \
	"FROM home_visits h JOIN orgs o ON o.code = h.org_code "                               \
	"LEFT JOIN item_search i ON i.code = h.item_code "                                           \
	"LEFT JOIN users au ON au.id = h.assignee_id JOIN users cu ON cu.id = h.created_by "
#define VISIT_TYPES "itttttttttttttTttTTitt"

/* Shapes a row for `who`: nests org and assignee, splits the flags, hides what the
 * assignee outside the org's scope may not see. */
static json_t *visit_json(struct db_stmt *st, const struct principal *who)
{
	json_t *v = row_json(st, VISIT_TYPES);
	bool in_scope = auth_in_scope(who, db_col_text(st, 22));
	json_object_set_new(v, "org", json_pack("{s:O, s:O}", "code", json_object_get(v, "org_code"),
						"name", json_object_get(v, "org_name")));
	json_object_del(v, "org_code");
	json_object_del(v, "org_name");
	json_t *assignee = json_null();
	if (!db_col_is_null(st, 19))
		assignee = json_pack("{s:I, s:s, s:s}", "id", (json_int_t)db_col_int(st, 19),
				     "username", db_col_text(st, 20), "display_name",
				     db_col_text(st, 21));
	json_object_set_new(v, "assignee", assignee);
	json_object_del(v, "assignee_id");
	json_object_del(v, "assignee_username");
	json_object_del(v, "assignee_name");
	json_t *flags = json_array();
	char buf[128];
	snprintf(buf, sizeof buf, "%s", db_col_text(st, 6));
	for (char *save, *f = strtok_r(buf, ",", &save); f; f = strtok_r(NULL, ",", &save))
		json_array_append_new(flags, json_string(f));
	json_object_set_new(v, "flags_hidden", json_boolean(!in_scope));
	if (in_scope) {
		json_object_set_new(v, "flags", flags);
	} else {
		char masked[PHONE_SIZE];
		phone_mask(db_col_text(st, 4), masked);
		json_object_set_new(v, "phone", json_string(masked));
		json_object_set_new(v, "flags", json_null());
		json_decref(flags);
	}
	return v;
}

static bool may_see(struct db_stmt *st, const struct principal *who)
{
	return auth_in_scope(who, db_col_text(st, 22)) ||
	       (!db_col_is_null(st, 19) && db_col_int(st, 19) == who->user_id);
}

int visit_get(struct db *db, int64_t id, const struct principal *who, json_t **out,
	      struct bm_error *err)
{
	struct db_stmt *st = db_query(db, err, VISIT_SELECT "WHERE h.id = ?", "i", id);
	if (!st)
		return -1;
	int rc = db_step(st, err);
	bool seen = rc == DB_ROW && may_see(st, who);
	if (seen)
		*out = visit_json(st, who);
	db_reset(st);
	if (rc < 0)
		return -1;
	if (rc != DB_ROW)
		return bm_error_set(err, 404, "visit_not_found", "上门服务申请不存在");
	return seen ? 0 : bm_error_set(err, 403, "out_of_scope", "无权查看该上门服务申请");
}

int visit_list(struct db *db, const struct principal *who, const char *status, json_t **out,
	       struct bm_error *err)
{
	char prefix[260];
	snprintf(prefix, sizeof prefix, "%s%%", who->org_path);
	struct db_stmt *st = db_query(
		db, err,
		VISIT_SELECT "WHERE (o.path LIKE ? OR h.assignee_id = ?) "
			     "AND (CAST(? AS TEXT) IS NULL OR h.status = CAST(? AS TEXT)) "
			     "ORDER BY CASE h.status WHEN 'open' THEN 0 WHEN 'assigned' THEN 1 ELSE 2 END, "
			     "CASE h.urgency WHEN 'urgent' THEN 0 ELSE 1 END, h.due_on, h.id DESC "
			     "LIMIT 500",
		"titt", prefix, who->user_id, status, status);
	if (!st)
		return -1;
	json_t *list = json_array();
	int rc;
	while ((rc = db_step(st, err)) == DB_ROW)
		json_array_append_new(list, visit_json(st, who));
	db_reset(st);
	if (rc < 0) {
		json_decref(list);
		return -1;
	}
	*out = list;
	return 0;
}

/* --- writing ------------------------------------------------------------------------------ */

/* The flags as stored: "elderly,ill". */
static void flags_text(json_t *flags, char *out, size_t size)
{
	size_t i, used = 0;
	json_t *f;
	out[0] = '\0';
	json_array_foreach(flags, i, f)
		used += (size_t)snprintf(out + used, size - used, "%s%s", used ? "," : "",
					 json_string_value(f));
}

static int check_create(struct db *db, json_t *body, const struct principal *who,
			struct bm_error *err)
{
	if (jcheck_object(body, create_fields, "", err) < 0)
		return -1;
	const char *phone = json_string_value(json_object_get(body, "phone"));
	if (phone && *phone && !phone_is_valid(phone)) {
		bm_error_set(err, 400, "invalid_phone", "联系电话格式不正确");
		return bm_error_field(err, "phone");
	}
	const char *item = json_string_value(json_object_get(body, "item_code"));
	int64_t one;
	int found = item ? db_query_int(db, err, &one, "SELECT 1 FROM items WHERE code = ?", "t", item)
			 : 1;
	if (found < 0)
		return -1;
	if (!found)
		return field_error(err, "item_code", "事项不存在");
	const char *org = json_string_value(json_object_get(body, "org_code"));
	return auth_require_scope(db, who, org ? org : who->org_code, err);
}

int visit_create(struct db *db, json_t *body, const struct principal *who, int64_t now,
		 int64_t *id, struct bm_error *err)
{
	char flags[80];
	if (check_create(db, body, who, err) < 0)
		return -1;
	const char *org = json_string_value(json_object_get(body, "org_code"));
	const char *phone = json_string_value(json_object_get(body, "phone"));
	flags_text(json_object_get(body, "flags"), flags, sizeof flags);
	if (db_query_int(db, err, id,
			 "INSERT INTO home_visits (org_code, person_name, phone, address, flags, "
			 "item_code, need, urgency, status, created_by, created_at, updated_at) "
			 "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?, ?) RETURNING id",
			 "ttttttttiii", org ? org : who->org_code,
			 json_string_value(json_object_get(body, "person_name")), phone ? phone : "",
			 json_string_value(json_object_get(body, "address")), flags,
			 json_string_value(json_object_get(body, "item_code")),
			 json_string_value(json_object_get(body, "need")),
			 json_string_value(json_object_get(body, "urgency")), who->user_id, now,
			 now) <= 0)
		return -1;
	return audit(db, who, now, "visit.create", *id, body, err);
}

/* The request's status and org path, checked against the caller: staff in scope, or (when
 * `assignee_may`) its assignee. */
static int load_for_change(struct db *db, int64_t id, const struct principal *who,
			   bool assignee_may, char status[16], char org_path[256],
			   struct bm_error *err)
{
	struct db_stmt *st = db_query(db, err,
				      "SELECT h.status, o.path, h.assignee_id FROM home_visits h "
				      "JOIN orgs o ON o.code = h.org_code WHERE h.id = ?",
				      "i", id);
	if (!st)
		return -1;
	int rc = db_step(st, err);
	int64_t assignee = 0;
	if (rc == DB_ROW) {
		snprintf(status, 16, "%s", db_col_text(st, 0));
		snprintf(org_path, 256, "%s", db_col_text(st, 1));
		assignee = db_col_int(st, 2);
	}
	db_reset(st);
	if (rc != DB_ROW)
		return rc < 0 ? -1 : bm_error_set(err, 404, "visit_not_found", "上门服务申请不存在");
	if (auth_in_scope(who, org_path) || (assignee_may && assignee == who->user_id))
		return 0;
	return bm_error_set(err, 403, "out_of_scope", "无权处理该上门服务申请");
}

static int illegal(const char *status, struct bm_error *err)
{
	return bm_error_set(err, 409, "illegal_transition", "当前状态（%s）不能进行此操作", status);
}

/* 400 unless the user may be sent: enabled, a role that visits, of the org or below it. */
static int check_assignee(struct db *db, int64_t user_id, const char *org_path,
			  struct bm_error *err)
{
	char prefix[260];
	int64_t one;
	snprintf(prefix, sizeof prefix, "%s%%", org_path);
	int found = db_query_int(db, err, &one,
				 "SELECT 1 FROM users u JOIN orgs o ON o.code = u.org_code "
				 "WHERE u.id = ? AND u.disabled = 0 AND o.path LIKE ? AND u.role IN "
				 "('village_agent', 'window_staff', 'venue_manager')",
				 "it", user_id, prefix);
	if (found < 0)
		return -1;
	return found ? 0 : field_error(err, "assignee_id", "上门人员应为本单位或下级的工作人员、代办员");
}

int visit_assign(struct db *db, int64_t id, json_t *body, const struct principal *who,
		 int64_t now, struct bm_error *err)
{
	char status[16], org_path[256], today[DATE_TEXT_SIZE];
	if (jcheck_object(body, assign_fields, "", err) < 0 ||
	    load_for_change(db, id, who, false, status, org_path, err) < 0)
		return -1;
	if (strcmp(status, "open") != 0 && strcmp(status, "assigned") != 0)
		return illegal(status, err);
	int64_t assignee = json_integer_value(json_object_get(body, "assignee_id"));
	const char *username = json_string_value(json_object_get(body, "assignee_username"));
	if (!assignee && username &&
	    db_query_int(db, err, &assignee, "SELECT id FROM users WHERE username = ?", "t",
			 username) < 0)
		return -1;
	const char *due = json_string_value(json_object_get(body, "due_on"));
	date_format(date_of_epoch(now), today);
	if (strcmp(due, today) < 0)
		return field_error(err, "due_on", "完成期限不能早于今天");
	if (check_assignee(db, assignee, org_path, err) < 0 ||
	    db_exec_params(db, err,
			   "UPDATE home_visits SET status = 'assigned', assignee_id = ?, due_on = ?, "
			   "updated_at = ? WHERE id = ?",
			   "itii", assignee, due, now, id) < 0)
		return -1;
	return audit(db, who, now, "visit.assign", id, body, err);
}

int visit_record(struct db *db, int64_t id, json_t *body, const struct principal *who,
		 int64_t now, struct bm_error *err)
{
	char status[16], org_path[256];
	if (jcheck_object(body, record_fields, "", err) < 0 ||
	    load_for_change(db, id, who, true, status, org_path, err) < 0)
		return -1;
	if (strcmp(status, "assigned") != 0)
		return illegal(status, err);
	const char *case_no = json_string_value(json_object_get(body, "case_no"));
	int64_t one;
	int found = case_no ? db_query_int(db, err, &one, "SELECT 1 FROM cases WHERE no = ?", "t",
					   case_no)
			    : 1;
	if (found < 0)
		return -1;
	if (!found)
		return field_error(err, "case_no", "办件编号不存在");
	if (db_exec_params(db, err,
			   "UPDATE home_visits SET status = 'done', outcome = ?, case_no = ?, "
			   "visited_at = ?, updated_at = ? WHERE id = ?",
			   "ttiii", json_string_value(json_object_get(body, "outcome")), case_no, now,
			   now, id) < 0)
		return -1;
	return audit(db, who, now, "visit.record", id, body, err);
}

int visit_cancel(struct db *db, int64_t id, json_t *body, const struct principal *who,
		 int64_t now, struct bm_error *err)
{
	char status[16], org_path[256];
	if (jcheck_object(body, cancel_fields, "", err) < 0 ||
	    load_for_change(db, id, who, false, status, org_path, err) < 0)
		return -1;
	if (strcmp(status, "open") != 0 && strcmp(status, "assigned") != 0)
		return illegal(status, err);
	if (db_exec_params(db, err,
			   "UPDATE home_visits SET status = 'cancelled', outcome = ?, updated_at = ? "
			   "WHERE id = ?",
			   "tii", json_string_value(json_object_get(body, "reason")), now, id) < 0)
		return -1;
	return audit(db, who, now, "visit.cancel", id, body, err);
}
