/*
** case_common.c — loading a case, scope, saving, and the timeline/audit record that every
** move writes (see case_internal.h).
*/
#include "domain/case_internal.h"

#include "core/clock.h"
#include "core/date.h"
#include "db/db.h"
#include "domain/audit.h"
#include "domain/catalog.h"
#include "domain/supervision.h"
#include "domain/workcal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int case_op_begin(struct case_op *op, struct db *db, const struct principal *who, int64_t now,
		  struct bm_error *err)
{
	memset(op, 0, sizeof *op);
	op->db = db;
	op->who = who;
	op->now = now;
	op->today = date_of_epoch(now);
	op->cal = workcal_acquire(db, &op->cal_handle, err);
	return op->cal ? 0 : -1;
}

void case_op_end(struct case_op *op)
{
	if (op->cal_handle)
		workcal_release(op->cal_handle);
	op->cal_handle = NULL;
	op->cal = NULL;
}

int case_date_col(const char *text)
{
	int d;
	return text && date_parse(text, &d) == 0 ? d : CASE_NO_DATE;
}

void case_date_text(int date, char out[11])
{
	if (date == CASE_NO_DATE)
		out[0] = '\0';
	else
		date_format(date, out);
}

static void copy(char *dst, size_t size, const char *src)
{
	snprintf(dst, size, "%s", src ? src : "");
}

#define CASE_ROW_SELECT                                                                            \
	"SELECT c.no, c.status, c.item_code, c.item_version, c.kind, c.promised_days, c.urgent, "  \
	"c.origin_venue_id, c.current_venue_id, v.org_code, o.path, v.level, c.created_at, "       \
	"c.accepted_at, c.due_date, c.deferred_materials, c.deferred_supply_date, "                \
	"c.deferred_supplied_at, c.applicant_phone, c.track_key "                                  \
	"FROM cases c JOIN venues v ON v.id = c.current_venue_id "                                 \
	"JOIN orgs o ON o.code = v.org_code WHERE c.no = ?"

static void case_row_read(struct db_stmt *st, struct case_row *c)
{
	copy(c->no, sizeof c->no, db_col_text(st, 0));
	if (case_state_parse(db_col_text(st, 1), &c->status) < 0)
		c->status = CASE_STATE_DRAFT;
	copy(c->item_code, sizeof c->item_code, db_col_text(st, 2));
	c->item_version = db_col_int(st, 3);
	if (case_kind_parse(db_col_text(st, 4), &c->kind) < 0)
		c->kind = CASE_KIND_PROMISED;
	c->promised_days = (int)db_col_int(st, 5);
	c->urgent = db_col_int(st, 6) != 0;
	c->origin_venue_id = db_col_int(st, 7);
	c->current_venue_id = db_col_int(st, 8);
	copy(c->current_org, sizeof c->current_org, db_col_text(st, 9));
	copy(c->current_org_path, sizeof c->current_org_path, db_col_text(st, 10));
	copy(c->current_level, sizeof c->current_level, db_col_text(st, 11));
	c->created_at = db_col_int(st, 12);
	c->accepted_at = db_col_int(st, 13);
	c->due = case_date_col(db_col_text(st, 14));
	c->deferred = !db_col_is_null(st, 15);
	c->supply_date = case_date_col(db_col_text(st, 16));
	c->supplied_at = db_col_int(st, 17);
	copy(c->phone, sizeof c->phone, db_col_text(st, 18));
	copy(c->track_key, sizeof c->track_key, db_col_text(st, 19));
}

int case_load(struct case_op *op, const char *no, struct bm_error *err)
{
	struct db_stmt *st = db_query(op->db, err, CASE_ROW_SELECT, "t", no);
	if (!st)
		return -1;
	int rc = db_step(st, err);
	if (rc == DB_ROW)
		case_row_read(st, &op->c);
	db_reset(st);
	if (rc < 0)
		return -1;
	if (rc == DB_DONE)
		return bm_error_set(err, 404, "case_not_found", "办件不存在");
	return 0;
}

int case_require_read_scope(struct case_op *op, struct bm_error *err)
{
	if (!op->who)
		return 0;
	char like[300];
	int64_t n = 0;
	snprintf(like, sizeof like, "%s%%", op->who->org_path);
	if (db_query_int(op->db, err, &n,
			 "SELECT COUNT(*) FROM case_venues WHERE case_no = ? AND org_path LIKE ?",
			 "tt", op->c.no, like) < 0)
		return -1;
	if (n == 0)
		return bm_error_set(err, 404, "case_not_found", "办件不存在");
	return 0;
}

bool case_held_by_caller(const struct case_op *op)
{
	return !op->who || strcmp(op->who->org_code, op->c.current_org) == 0;
}

int case_require_here(struct case_op *op, struct bm_error *err)
{
	if (!op->who)
		return 0;
	if (case_require_read_scope(op, err) < 0)
		return -1;
	if (!case_held_by_caller(op))
		return bm_error_set(err, 403, "out_of_scope",
				    "办件当前不在本单位的服务场所，不能办理");
	return 0;
}

int case_add_venue(struct case_op *op, int64_t venue_id, struct bm_error *err)
{
	return db_exec_params(op->db, err,
			      "INSERT INTO case_venues (case_no, venue_id, org_code, org_path) "
			      "SELECT ?, v.id, v.org_code, o.path FROM venues v "
			      "JOIN orgs o ON o.code = v.org_code WHERE v.id = ? "
			      "ON CONFLICT (case_no, venue_id) DO NOTHING",
			      "ti", op->c.no, venue_id) < 0
		   ? -1
		   : 0;
}

struct audit_actor case_actor(const struct case_op *op)
{
	struct audit_actor a = {0, "system"};
	if (op->who) {
		a.user_id = op->who->user_id;
		a.name = op->who->username;
	}
	return a;
}

static json_t *date_or_null(int date)
{
	char text[11];
	case_date_text(date, text);
	return date == CASE_NO_DATE ? json_null() : json_string(text);
}

json_t *case_core_json(struct case_op *op)
{
	const struct case_row *c = &op->c;
	return json_pack("{s:s, s:I, s:o, s:I, s:o, s:b}", "status", case_state_name(c->status),
			 "current_venue_id", (json_int_t)c->current_venue_id, "due_date",
			 date_or_null(c->due), "accepted_at", (json_int_t)c->accepted_at,
			 "supply_date", date_or_null(c->supply_date), "supplied",
			 c->deferred && c->supplied_at != 0);
}

int case_record_change(struct case_op *op, const char *action, enum case_state from, json_t *before,
		       const char *note, struct bm_error *err)
{
	struct audit_actor actor = case_actor(op);
	if (db_exec_params(op->db, err,
			   "INSERT INTO case_events (case_no, at, action, actor, from_status, "
			   "to_status, note) VALUES (?, ?, ?, ?, ?, ?, ?)",
			   "titttt"
			   "t",
			   op->c.no, op->now, action, actor.name, case_state_name(from),
			   case_state_name(op->c.status), note) < 0) {
		json_decref(before);
		return -1;
	}
	char audit_action[48];
	snprintf(audit_action, sizeof audit_action, "case.%s", action);
	json_t *after = case_core_json(op);
	if (after && note)
		json_object_set_new(after, "note", json_string(note));
	int rc = audit_append(op->db, &actor, op->now, audit_action, "case", op->c.no, before,
			      after, err);
	json_decref(before);
	json_decref(after);
	/* Electronic supervision re-evaluates just this case, in the same transaction. */
	return rc < 0 ? -1 : supervision_case_changed(op->db, op->c.no, op->now, err);
}

int case_save(struct case_op *op, struct bm_error *err)
{
	const struct case_row *c = &op->c;
	char due[11];
	case_date_text(c->due, due);
	return db_exec_params(op->db, err,
			      "UPDATE cases SET status = ?, current_venue_id = ?, "
			      "accepted_at = NULLIF(CAST(? AS BIGINT), 0), due_date = ?, "
			      "deferred_supplied_at = NULLIF(CAST(? AS BIGINT), 0), updated_at = ? "
			      "WHERE no = ?",
			      "tiitiit", case_state_name(c->status), c->current_venue_id,
			      c->accepted_at, c->due == CASE_NO_DATE ? NULL : due, c->supplied_at,
			      op->now, c->no) < 0
		   ? -1
		   : 0;
}

int case_add_breach(struct case_op *op, const char *kind, const char *detail, struct bm_error *err)
{
	int64_t user = op->who ? op->who->user_id : 0;
	return db_exec_params(
		   op->db, err,
		   "INSERT INTO case_breaches (case_no, kind, detail, venue_id, user_id, at) "
		   "VALUES (?, ?, ?, ?, NULLIF(CAST(? AS BIGINT), 0), ?)",
		   "tttiii", op->c.no, kind, detail, op->c.current_venue_id, user, op->now) < 0
		   ? -1
		   : 0;
}

int case_item_doc(struct case_op *op, json_t **doc, struct bm_error *err)
{
	int found = catalog_get(op->db, op->c.item_code, op->c.item_version, doc, err);
	if (found < 0)
		return -1;
	if (found == 0)
		return bm_error_set(err, 404, "item_not_found", "事项 %.40s 不存在",
				    op->c.item_code);
	return 0;
}

json_t *case_user_json(struct db *db, int64_t user_id)
{
	struct bm_error err;
	json_t *out = NULL;
	struct db_stmt *st = db_query(
	    db, &err, "SELECT username, display_name FROM users WHERE id = ?", "i", user_id);
	if (st && db_step(st, &err) == DB_ROW)
		out = json_pack("{s:s, s:s}", "username", db_col_text(st, 0), "display_name",
				db_col_text(st, 1));
	if (st)
		db_reset(st);
	return out ? out : json_null();
}
