/*
** call.c — telephone calls and callbacks (see call.h).
*/
#include "domain/call.h"
#include "core/clock.h"
#include "core/jcheck.h"
#include "db/db.h"
#include "db/row_json.h"
#include "domain/audit.h"
#include "domain/phone.h"

#include <stdio.h>
#include <string.h>

#define CALL_BACKDATE_LIMIT (30 * 86400)

static const struct jcheck_field call_fields[] = {
	{"venue_id", "服务场所", JC_INT, false, 1, INT64_MAX, 0, NULL, NULL},
	{"caller_name", "来电人", JC_STRING, false, 0, 40, 0, NULL, NULL},
	{"phone", "来电号码", JC_STRING, true, 1, 20, 0, NULL, NULL},
	{"question", "咨询内容", JC_TEXT, true, 1, 2000, 0, NULL, NULL},
	{"item_code", "事项编码", JC_STRING, false, 1, 40, 0, NULL, NULL},
	{"answer", "答复内容", JC_TEXT, false, 1, 2000, 0, NULL, NULL},
	{"case_no", "办件编号", JC_STRING, false, 1, 20, 0, NULL, NULL},
	{"callback_due_at", "回电时限", JC_STRING, false, 1, 40, 0, NULL, NULL},
	{"called_at", "来电时间", JC_STRING, false, 1, 40, 0, NULL, NULL},
	{NULL, NULL, 0, false, 0, 0, 0, NULL, NULL},
};

static const char *text_of(json_t *body, const char *field)
{
	return json_string_value(json_object_get(body, field));
}

static int field_error(struct bm_error *err, const char *code, const char *field,
		       const char *message)
{
	bm_error_set(err, 400, code, "%s", message);
	return bm_error_field(err, field);
}

/* "YYYYMMDD-NNNNNN", the case number of docs/api.md. */
static bool case_no_valid(const char *no)
{
	if (strlen(no) != 15 || no[8] != '-')
		return false;
	for (int i = 0; i < 15; i++)
		if (i != 8 && (no[i] < '0' || no[i] > '9'))
			return false;
	return true;
}

/* The venue the call is logged at: the one given (in scope), else the caller's org's own. */
static int call_venue(struct db *db, json_t *body, const struct principal *who, int64_t *venue,
		      struct bm_error *err)
{
	json_t *given = json_object_get(body, "venue_id");
	if (given) {
		char org[16] = "";
		struct db_stmt *st = db_query(db, err, "SELECT org_code FROM venues WHERE id = ?", "i",
					      (int64_t)json_integer_value(given));
		if (!st)
			return -1;
		int rc = db_step(st, err);
		if (rc == DB_ROW)
			snprintf(org, sizeof org, "%s", db_col_text(st, 0));
		db_reset(st);
		if (rc < 0)
			return -1;
		if (rc == DB_DONE) {
			bm_error_set(err, 404, "venue_not_found", "服务场所不存在");
			return bm_error_field(err, "venue_id");
		}
		if (auth_require_scope(db, who, org, err) < 0)
			return bm_error_field(err, "venue_id");
		*venue = json_integer_value(given);
		return 0;
	}
	/* The org's main venue: its hall, centre or room before any department hall. */
	int found = db_query_int(db, err, venue,
				 "SELECT id FROM venues WHERE org_code = ? ORDER BY CASE WHEN kind = "
				 "'dept_hall' THEN 1 ELSE 0 END, id LIMIT 1",
				 "t", who->org_code);
	if (found < 0)
		return -1;
	if (!found) {
		bm_error_set(err, 400, "missing_field", "本单位没有服务场所，请指定服务场所（venue_id）");
		return bm_error_field(err, "venue_id");
	}
	return 0;
}

/* Reads an optional RFC 3339 time into *out (fallback when absent). */
static int optional_time(json_t *body, const char *field, const char *label, int64_t fallback,
			 int64_t *out, struct bm_error *err)
{
	const char *text = text_of(body, field);
	*out = fallback;
	if (text && clock_parse_rfc3339(text, out) < 0) {
		bm_error_set(err, 400, "invalid_field", "%s（%s）应为 RFC 3339 时间，如 2025-09-26T09:00:00+08:00",
			     label, field);
		return bm_error_field(err, field);
	}
	return 0;
}

static int check_call(json_t *body, int64_t now, int64_t *called_at, int64_t *due,
		      struct bm_error *err)
{
	const char *case_no = text_of(body, "case_no");
	if (!phone_is_valid(text_of(body, "phone")))
		return field_error(err, "invalid_phone", "phone",
				   "来电号码（phone）应为 11 位手机号码或带区号的固定电话");
	if (case_no && !case_no_valid(case_no))
		return field_error(err, "invalid_case_no", "case_no",
				   "办件编号（case_no）应形如 20250926-000123");
	if (optional_time(body, "called_at", "来电时间", now, called_at, err) < 0 ||
	    optional_time(body, "callback_due_at", "回电时限", 0, due, err) < 0)
		return -1;
	if (*called_at > now + 60 || *called_at < now - CALL_BACKDATE_LIMIT)
		return field_error(err, "invalid_field", "called_at",
				   "来电时间（called_at）应在此前 30 天之内，且不晚于现在");
	if (text_of(body, "callback_due_at") && *due <= *called_at)
		return field_error(err, "invalid_field", "callback_due_at",
				   "回电时限（callback_due_at）应晚于来电时间");
	if (!text_of(body, "answer") && !case_no && !text_of(body, "callback_due_at"))
		return field_error(err, "call_outcome_required", "answer",
				   "请记录答复内容、电话受理的办件编号或约定回电时间之一");
	return 0;
}

int call_log(struct db *db, json_t *body, const struct principal *who, int64_t now, int64_t *id,
	     struct bm_error *err)
{
	int64_t venue, called_at, due;
	const char *item = text_of(body, "item_code");
	if (jcheck_object(body, call_fields, "", err) < 0 ||
	    check_call(body, now, &called_at, &due, err) < 0 ||
	    call_venue(db, body, who, &venue, err) < 0)
		return -1;
	if (item) {
		int64_t exists;
		int found = db_query_int(db, err, &exists, "SELECT 1 FROM items WHERE code = ?", "t",
					 item);
		if (found <= 0)
			return found < 0 ? -1
					 : field_error(err, "item_not_found", "item_code", "事项不存在");
	}
	const char *caller = text_of(body, "caller_name");
	int found = db_query_int(
		db, err, id,
		"INSERT INTO calls (venue_id, staff_id, called_at, caller_name, phone, question, "
		"item_code, answer, case_no, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
		"RETURNING id",
		"iiitttttti", venue, who->user_id, called_at, caller ? caller : "",
		text_of(body, "phone"), text_of(body, "question"), item, text_of(body, "answer"),
		text_of(body, "case_no"), now);
	if (found <= 0)
		return found < 0 ? -1 : bm_error_internal(err, "INSERT RETURNING gave no row");
	if (text_of(body, "callback_due_at") &&
	    db_exec_params(db, err, "UPDATE calls SET callback_due_at = ? WHERE id = ?", "ii", due,
			   *id) < 0)
		return -1;
	char id_text[24];
	snprintf(id_text, sizeof id_text, "%lld", (long long)*id);
	struct audit_actor actor = {who->user_id, who->username};
	return audit_append(db, &actor, now, "call.log", "call", id_text, NULL, body, err);
}

/* ---- reading ---- */

#define CALL_SELECT                                                                           \
	"SELECT c.id AS id, c.venue_id AS venue_id, v.name AS venue_name, "                     \
	"v.org_code AS org_code, u.username AS staff_username, u.display_name AS staff_name, "  \
	"c.called_at AS called_at, c.caller_name AS caller_name, c.phone AS phone, "            \
	"c.question AS question, c.item_code AS item_code, s.name AS item_name, "               \
	"c.answer AS answer, c.case_no AS case_no, c.callback_due_at AS callback_due_at, "      \
	"c.callback_done_at AS callback_done_at, b.username AS callback_by, "                   \
	"c.callback_note AS callback_note, CASE WHEN c.callback_due_at IS NULL THEN NULL "      \
	"WHEN c.callback_done_at IS NOT NULL THEN 'done' WHEN c.callback_due_at < ? "           \
	"THEN 'overdue' ELSE 'due' END AS callback_state, o.path AS org_path "                  \
	"FROM calls c JOIN venues v ON v.id = c.venue_id JOIN orgs o ON o.code = v.org_code "  \
	"JOIN users u ON u.id = c.staff_id LEFT JOIN users b ON b.id = c.callback_by "         \
	"LEFT JOIN item_search s ON s.code = c.item_code "
#define CALL_TYPES "iittttTtttttttTTtttt"

/* The phone in full only for the venue's own org; the org path is for scope, not shown. */
static void finish_call(json_t *call, const struct principal *who)
{
	const char *org = json_string_value(json_object_get(call, "org_code"));
	if (!org || strcmp(org, who->org_code) != 0) {
		char masked[PHONE_SIZE];
		phone_mask(json_string_value(json_object_get(call, "phone")), masked);
		json_object_set_new(call, "phone", json_string(masked));
	}
	json_object_del(call, "org_path");
}

int call_get(struct db *db, int64_t id, const struct principal *who, int64_t now, json_t **out,
	     struct bm_error *err)
{
	struct db_stmt *st = db_query(db, err, CALL_SELECT "WHERE c.id = ?", "ii", now, id);
	int found = st ? row_json_one(st, CALL_TYPES, out, err) : -1;
	if (found <= 0)
		return found < 0 ? -1 : bm_error_set(err, 404, "call_not_found", "来电记录不存在");
	if (!auth_in_scope(who, json_string_value(json_object_get(*out, "org_path")))) {
		json_decref(*out);
		return bm_error_set(err, 403, "out_of_scope", "无权访问本辖区以外的来电记录");
	}
	finish_call(*out, who);
	return 0;
}

int call_list(struct db *db, const struct call_filter *f, const struct principal *who,
	      int64_t now, int64_t limit, int64_t offset, json_t **items, int64_t *total,
	      struct bm_error *err)
{
	const char *view = f->view ? f->view : "log";
	bool callbacks = strcmp(view, "callbacks") == 0;
	if (!callbacks && strcmp(view, "log") != 0)
		return bm_error_set(err, 400, "invalid_query", "查询参数 view 应为 log 或 callbacks");
	char like[264];
	snprintf(like, sizeof like, "%s%%", f->scope_path);
#define CALL_WHERE                                                                            \
	"WHERE o.path LIKE ? AND (CAST(? AS BIGINT) = 0 OR c.venue_id = ?) "                    \
	"AND (CAST(? AS BIGINT) = 0 OR (c.callback_due_at IS NOT NULL AND "                     \
	"c.callback_done_at IS NULL)) "
	if (db_query_int(db, err, total,
			 "SELECT COUNT(*) FROM calls c JOIN venues v ON v.id = c.venue_id "
			 "JOIN orgs o ON o.code = v.org_code " CALL_WHERE,
			 "tiii", like, f->venue_id, f->venue_id, (int64_t)callbacks) < 0)
		return -1;
	struct db_stmt *st = db_query(db, err,
				      CALL_SELECT CALL_WHERE
				      "ORDER BY CASE WHEN CAST(? AS BIGINT) = 1 THEN "
				      "c.callback_due_at ELSE -c.called_at END, c.id DESC "
				      "LIMIT ? OFFSET ?",
				      "itiiiiii", now, like, f->venue_id, f->venue_id,
				      (int64_t)callbacks, (int64_t)callbacks, limit, offset);
	if (!st || row_json_all(st, CALL_TYPES, items, err) < 0)
		return -1;
	size_t i;
	json_t *call;
	json_array_foreach(*items, i, call)
		finish_call(call, who);
	return 0;
}

/* ---- callbacks ---- */

static const struct jcheck_field callback_fields[] = {
	{"note", "回电情况", JC_TEXT, true, 1, 2000, 0, NULL, NULL},
	{NULL, NULL, 0, false, 0, 0, 0, NULL, NULL},
};

int call_callback_done(struct db *db, int64_t id, json_t *body, const struct principal *who,
		       int64_t now, struct bm_error *err)
{
	json_t *call;
	if (jcheck_object(body, callback_fields, "", err) < 0 ||
	    call_get(db, id, who, now, &call, err) < 0)
		return -1;
	const char *state = json_string_value(json_object_get(call, "callback_state"));
	int rc = 0;
	if (!state)
		rc = bm_error_set(err, 409, "no_callback", "该来电未约定回电");
	else if (strcmp(state, "done") == 0)
		rc = bm_error_set(err, 409, "callback_already_done", "该来电已回电");
	json_decref(call);
	if (rc < 0)
		return -1;
	const char *note = json_string_value(json_object_get(body, "note"));
	if (db_exec_params(db, err,
			   "UPDATE calls SET callback_done_at = ?, callback_by = ?, callback_note = ? "
			   "WHERE id = ?",
			   "iiti", now, who->user_id, note, id) < 0)
		return -1;
	char id_text[24];
	snprintf(id_text, sizeof id_text, "%lld", (long long)id);
	struct audit_actor actor = {who->user_id, who->username};
	json_t *after = json_pack("{s:s}", "callback_note", note);
	rc = audit_append(db, &actor, now, "call.callback_done", "call", id_text, NULL, after, err);
	json_decref(after);
	return rc;
}
