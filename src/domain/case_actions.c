/*
** case_actions.c — the moves of a case (POST /api/v1/cases/{no}/{action}), materials handed in
** later, process steps, and the 容缺 expiry sweep.
**
** Every move takes the same path, case_move(): load the case, check the caller may act on it
** here, ask case_check_move() whether the state machine allows it, let the action's own
** function check its body and write what it changes, save the case, and write the timeline
** event and the audit entry. The actions' functions are a table indexed by enum case_action,
** each with the jcheck table of its body.
**
** The steps a move finishes or opens (hand-overs, forwards, the item's process steps) are
** case_steps.c's; the rule of which move does what with them: a forward finishes the open
** process step (that venue's part is done) and starts a hand-over/forward step; the receiving
** venue's accept, notice or reject finishes that, and its accept opens the next process step;
** "advance" finishes the open process step and opens the next; "complete" finishes it.
*/
#include "domain/case_internal.h"
#include "domain/stats.h"

#include "core/date.h"
#include "core/jcheck.h"
#include "db/db.h"
#include "domain/venue.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NOTE_SIZE 600

/* The receiving venue takes up a case that was handed over or forwarded to it. */
static int receive_forwarded(struct case_op *op, enum case_state from, struct bm_error *err)
{
	if (from != CASE_STATE_FORWARDED)
		return 0;
	if (case_finish_open_steps(op, NULL, "已接收", true, err) < 0)
		return -1;
	return db_exec_params(op->db, err, "UPDATE cases SET holder_id = ? WHERE no = ?", "it",
			      op->who ? op->who->user_id : 0, op->c.no) < 0
		   ? -1
		   : 0;
}

/* ---- materials ---- */

/* Marks the named materials received (names already checked). */
static int mark_received(struct case_op *op, json_t *names, struct bm_error *err)
{
	size_t i;
	json_t *n;
	json_array_foreach(names, i, n)
		if (db_exec_params(op->db, err,
				   "UPDATE case_materials SET received = 1, received_at = ? "
				   "WHERE case_no = ? AND name = ? AND received = 0",
				   "itt", op->now, op->c.no, json_string_value(n)) < 0)
			return -1;
	return 0;
}

/* The names of the materials still missing, of one necessity (NULL: any), as a JSON array;
 * when `text` is given, also joined with "、". Caller owns the array. */
static json_t *missing_materials(struct case_op *op, const char *necessity, char *text, size_t size,
				 struct bm_error *err)
{
	struct db_stmt *st =
	    db_query(op->db, err,
		     "SELECT name FROM case_materials WHERE case_no = ? AND received = 0 "
		     "AND (CAST(? AS TEXT) IS NULL OR necessity = ?) ORDER BY seq",
		     "ttt", op->c.no, necessity, necessity);
	if (!st)
		return NULL;
	json_t *names = json_array();
	if (text && size)
		text[0] = '\0';
	int rc;
	while ((rc = db_step(st, err)) == DB_ROW) {
		const char *name = db_col_text(st, 0);
		if (text && size)
			snprintf(text + strlen(text), size - strlen(text), "%s%s",
				 text[0] ? "、" : "", name);
		json_array_append_new(names, json_string(name));
	}
	db_reset(st);
	if (rc < 0) {
		json_decref(names);
		return NULL;
	}
	return names;
}

/* The item's materials as a checked list for this case (shared by notice and accept). */
static int check_names_against_item(struct case_op *op, json_t *names, const char *field,
				    struct bm_error *err)
{
	json_t *item;
	if (!names || case_item_doc(op, &item, err) < 0)
		return names ? -1 : 0;
	int rc = case_check_material_names(json_object_get(item, "materials"), names, field, err);
	json_decref(item);
	return rc;
}

/* When the 容缺 materials are all in, the promise is kept. */
static int note_deferred_supplied(struct case_op *op, struct bm_error *err)
{
	if (!op->c.deferred || op->c.supplied_at)
		return 0;
	json_t *left = missing_materials(op, "deferrable", NULL, 0, err);
	if (!left)
		return -1;
	if (json_array_size(left) == 0)
		op->c.supplied_at = op->now;
	json_decref(left);
	return 0;
}

/* ---- the actions ---- */

struct move {
	struct case_op *op;
	json_t *body;
	enum case_state from;
	char note[NOTE_SIZE];
};

static const char *body_text(json_t *body, const char *key)
{
	return json_string_value(json_object_get(body, key));
}

/* One material of the item as a notice lists it. */
static json_t *notice_material(json_t *item, const char *name)
{
	size_t i;
	json_t *m;
	json_array_foreach(json_object_get(item, "materials"), i, m)
		if (strcmp(body_text(m, "name"), name) == 0)
			return json_pack("{s:s, s:O, s:O, s:O, s:O}", "name", name, "necessity",
					 json_object_get(m, "necessity"), "form",
					 json_object_get(m, "form"), "copies",
					 json_object_get(m, "copies"), "source",
					 json_object_get(m, "source"));
	return json_pack("{s:s}", "name", name);
}

/* The 一次性告知书: the materials with the item's conditions, process, time limit and basis. */
static json_t *notice_doc(json_t *item, json_t *names)
{
	json_t *materials = json_array(), *process = json_array();
	size_t i;
	json_t *e;
	json_array_foreach(names, i, e)
		json_array_append_new(materials, notice_material(item, json_string_value(e)));
	json_array_foreach(json_object_get(item, "steps"), i, e)
		json_array_append_new(process,
				      json_pack("{s:O, s:O}", "name", json_object_get(e, "name"),
						"days", json_object_get(e, "days")));
	char limit[64];
	json_t *days = json_object_get(item, "promised_days");
	if (strcmp(body_text(item, "kind"), "instant") == 0)
		snprintf(limit, sizeof limit, "即办");
	else
		snprintf(limit, sizeof limit, "受理后 %lld 个工作日内办结",
			 (long long)json_integer_value(days));
	return json_pack("{s:o, s:O, s:o, s:s, s:O}", "materials", materials, "conditions",
			 json_object_get(item, "conditions"), "process", process, "time_limit",
			 limit, "legal_basis", json_object_get(item, "legal_basis"));
}

/* The materials of the first notice, or NULL when none was issued. Caller owns. */
static int first_notice_materials(struct case_op *op, json_t **out, struct bm_error *err)
{
	*out = NULL;
	struct db_stmt *st =
	    db_query(op->db, err, "SELECT doc FROM case_notices WHERE case_no = ? AND seq = 1", "t",
		     op->c.no);
	if (!st)
		return -1;
	int rc = db_step(st, err);
	if (rc == DB_ROW) {
		json_t *doc = json_loads(db_col_text(st, 0), 0, NULL);
		*out = json_incref(json_object_get(doc, "materials"));
		json_decref(doc);
	}
	db_reset(st);
	return rc < 0 ? -1 : 0;
}

/* A later request for materials the first notice did not list breaches 一次性告知. */
static int record_notice_breaches(struct case_op *op, json_t *names, struct bm_error *err)
{
	json_t *listed;
	if (first_notice_materials(op, &listed, err) < 0)
		return -1;
	int rc = 0;
	if (listed) {
		size_t i;
		json_t *n;
		json_array_foreach(names, i, n) {
			if (rc == 0 && case_request_is_breach(listed, json_string_value(n))) {
				char detail[300];
				snprintf(detail, sizeof detail,
					 "再次要求补充一次性告知书未列明的材料“%s”",
					 json_string_value(n));
				rc = case_add_breach(op, "notice_not_listed", detail, err);
			}
		}
	}
	json_decref(listed);
	return rc;
}

static int do_notice(struct move *m, struct bm_error *err)
{
	struct case_op *op = m->op;
	json_t *names = json_object_get(m->body, "materials"), *item = NULL;
	if (receive_forwarded(op, m->from, err) < 0 ||
	    check_names_against_item(op, names, "materials", err) < 0)
		return -1;
	names = names ? json_incref(names) : missing_materials(op, NULL, NULL, 0, err);
	if (!names)
		return -1;
	int64_t seq = 0;
	int rc = 0;
	if (json_array_size(names) == 0)
		rc = bm_error_set(err, 409, "no_missing_materials", "材料已齐全，无需一次性告知");
	if (rc == 0)
		rc = record_notice_breaches(op, names, err);
	if (rc == 0)
		rc = case_item_doc(op, &item, err);
	if (rc == 0)
		rc = db_query_int(
			 op->db, err, &seq,
			 "SELECT COALESCE(MAX(seq), 0) + 1 FROM case_notices WHERE case_no = ?",
			 "t", op->c.no) < 0
			 ? -1
			 : 0;
	if (rc == 0) {
		json_t *doc = notice_doc(item, names);
		char *text = json_dumps(doc, JSON_COMPACT | JSON_SORT_KEYS);
		json_decref(doc);
		rc = text ? 0 : bm_error_oom(err);
		if (rc == 0)
			rc = db_exec_params(
				 op->db, err,
				 "INSERT INTO case_notices (case_no, seq, issued_at, issued_by, "
				 "doc) VALUES (?, ?, ?, ?, ?)",
				 "tiitt", op->c.no, seq, op->now, case_actor(op).name, text) < 0
				 ? -1
				 : 0;
		free(text);
	}
	json_decref(item);
	if (rc == 0) {
		size_t off = 0;
		size_t i;
		json_t *n;
		off += snprintf(m->note, sizeof m->note, "%s：",
				seq == 1 ? "一次性告知" : "再次要求补充");
		json_array_foreach(names, i, n)
			if (off < sizeof m->note)
				off += snprintf(m->note + off, sizeof m->note - off, "%s%s",
						i ? "、" : "", json_string_value(n));
	}
	json_decref(names);
	return rc;
}

/* 容缺受理: the promise and supply date for the outstanding secondary materials. */
static int accept_deferred(struct move *m, json_t *deferrable, const char *list,
			   struct bm_error *err)
{
	struct case_op *op = m->op;
	json_t *deferred = json_object_get(m->body, "deferred");
	if (json_array_size(deferrable) == 0) {
		if (!json_is_object(deferred))
			return 0;
		bm_error_set(err, 400, "invalid_field", "容缺受理（deferred）：没有缺少的容缺材料");
		return bm_error_field(err, "deferred");
	}
	if (!json_is_object(deferred))
		return bm_error_set(err, 409, "deferred_promise_required",
				    "缺少容缺材料（%s），须申请人书面承诺补齐日期后容缺受理", list);
	int supply;
	date_parse(body_text(deferred, "supply_date"), &supply);
	if (case_deferred_supply_valid(op->cal, op->today, op->c.promised_days, supply, err) < 0)
		return bm_error_field(err, "deferred.supply_date");
	char *names = json_dumps(deferrable, JSON_COMPACT);
	char supply_text[11];
	case_date_text(supply, supply_text);
	int64_t rc =
	    db_exec_params(op->db, err,
			   "UPDATE cases SET deferred_materials = ?, deferred_promise = ?, "
			   "deferred_supply_date = ? WHERE no = ?",
			   "tttt", names, body_text(deferred, "promise"), supply_text, op->c.no);
	free(names);
	if (rc < 0)
		return -1;
	op->c.deferred = true;
	op->c.supply_date = supply;
	snprintf(m->note, sizeof m->note, "容缺受理，承诺 %s 前补齐：%s", supply_text, list);
	return 0;
}

static int do_accept(struct move *m, struct bm_error *err)
{
	struct case_op *op = m->op;
	if (receive_forwarded(op, m->from, err) < 0)
		return -1;
	if (op->c.accepted_at) { /* a forwarded case taken up at the next venue */
		snprintf(m->note, sizeof m->note, "接收转办");
		return case_open_next_process_step(op, err) < 0 ? -1
								: case_steps_recompute(op, err);
	}
	json_t *received = json_object_get(m->body, "materials_received");
	if (check_names_against_item(op, received, "materials_received", err) < 0 ||
	    mark_received(op, received, err) < 0)
		return -1;
	char list[400];
	json_t *required = missing_materials(op, "required", list, sizeof list, err);
	if (!required)
		return -1;
	size_t nreq = json_array_size(required);
	json_decref(required);
	if (nreq)
		return bm_error_set(err, 409, "materials_missing", "缺少必要材料：%s", list);
	json_t *deferrable = missing_materials(op, "deferrable", list, sizeof list, err);
	if (!deferrable)
		return -1;
	int rc = accept_deferred(m, deferrable, list, err);
	json_decref(deferrable);
	if (rc < 0)
		return -1;
	int due = CASE_NO_DATE;
	if (case_due_date(op->cal, op->today, op->c.promised_days, op->c.kind, &due, err) < 0)
		return -1;
	op->c.accepted_at = op->now;
	op->c.due = due;
	json_t *item;
	if (case_item_doc(op, &item, err) < 0)
		return -1;
	rc = case_create_process_steps(op, item, err);
	json_decref(item);
	if (rc < 0)
		return -1;
	return db_exec_params(op->db, err, "UPDATE cases SET holder_id = ? WHERE no = ?", "it",
			      op->who ? op->who->user_id : 0, op->c.no) < 0
		   ? -1
		   : 0;
}

static int do_reject(struct move *m, struct bm_error *err)
{
	const char *reasons = body_text(m->body, "reasons");
	size_t len = reasons ? strspn(reasons, " \t\r\n") : 0;
	if (!reasons || reasons[len] == '\0') {
		bm_error_set(err, 400, "reasons_required", "不予受理须说明理由（reasons）");
		return bm_error_field(err, "reasons");
	}
	if (receive_forwarded(m->op, m->from, err) < 0)
		return -1;
	snprintf(m->note, sizeof m->note, "%s", reasons);
	return db_exec_params(m->op->db, err, "UPDATE cases SET result = ? WHERE no = ?", "tt",
			      reasons, m->op->c.no) < 0
		   ? -1
		   : 0;
}

static const char *const suspend_kinds[] = {"supplement", "hearing",       "inspection",
					    "appraisal",  "expert_review", NULL};
static const char *const suspend_labels[] = {"补正",         "听证",     "现场核查",
					     "检验检测鉴定", "专家评审", NULL};

static int do_suspend(struct move *m, struct bm_error *err)
{
	struct case_op *op = m->op;
	const char *kind = body_text(m->body, "reason_kind");
	const char *label = kind;
	for (int i = 0; suspend_kinds[i]; i++)
		if (strcmp(kind, suspend_kinds[i]) == 0)
			label = suspend_labels[i];
	snprintf(m->note, sizeof m->note, "%s：%s", label, body_text(m->body, "reason"));
	return db_exec_params(op->db, err,
			      "INSERT INTO case_suspensions (case_no, seq, reason_kind, reason, "
			      "started_at) SELECT ?, COALESCE(MAX(seq), 0) + 1, ?, ?, ? "
			      "FROM case_suspensions WHERE case_no = ?",
			      "tttit", op->c.no, kind, body_text(m->body, "reason"), op->now,
			      op->c.no) < 0
		   ? -1
		   : 0;
}

static int do_resume(struct move *m, struct bm_error *err)
{
	struct case_op *op = m->op;
	int64_t seq = 0, started = 0;
	if (db_query_int(
		op->db, err, &seq,
		"SELECT MAX(seq) FROM case_suspensions WHERE case_no = ? AND ended_at IS NULL", "t",
		op->c.no) < 0 ||
	    db_query_int(op->db, err, &started,
			 "SELECT started_at FROM case_suspensions WHERE case_no = ? AND seq = ?",
			 "ti", op->c.no, seq) < 0)
		return -1;
	int paused = 0;
	if (started &&
	    case_paused_days(op->cal, date_of_epoch(started), op->today, &paused, err) < 0)
		return -1;
	if (op->c.due != CASE_NO_DATE &&
	    calendar_add_working_days(op->cal, op->c.due, paused, &op->c.due, err) < 0)
		return -1;
	if (db_exec_params(op->db, err,
			   "UPDATE case_suspensions SET ended_at = ?, paused_days = ? "
			   "WHERE case_no = ? AND seq = ?",
			   "iiti", op->now, (int64_t)paused, op->c.no, seq) < 0 ||
	    db_exec_params(
		op->db, err,
		"UPDATE case_steps SET paused = paused + ? WHERE case_no = ? "
		"AND kind = 'process' AND started_at IS NOT NULL AND finished_at IS NULL",
		"it", (int64_t)paused, op->c.no) < 0 ||
	    case_extend_open_hops(op, paused, err) < 0 || case_steps_recompute(op, err) < 0)
		return -1;
	const char *note = body_text(m->body, "note");
	snprintf(m->note, sizeof m->note, "暂停 %d 个工作日%s%s", paused, note ? "：" : "",
		 note ? note : "");
	return 0;
}

/* A village room hands over to its town, a town forwards (转报) to the county: always to a
 * venue of the parent org. */
static int forward_target(struct case_op *op, int64_t id, struct venue_brief *to,
			  struct bm_error *err)
{
	struct venue_brief here;
	int found = venue_brief_get(op->db, id, to, err);
	if (found < 0 || venue_brief_get(op->db, op->c.current_venue_id, &here, err) < 0)
		return -1;
	if (found == 0) {
		bm_error_set(err, 404, "venue_not_found", "服务场所不存在");
		return bm_error_field(err, "to_venue_id");
	}
	if (strcmp(to->org_code, here.parent_code) != 0) {
		bm_error_set(err, 409, "invalid_forward_target",
			     "只能转交上级的服务场所（村转镇，镇转报县）");
		return bm_error_field(err, "to_venue_id");
	}
	return 0;
}

static int do_forward(struct move *m, struct bm_error *err)
{
	struct case_op *op = m->op;
	struct venue_brief to;
	json_t *id = json_object_get(m->body, "to_venue_id");
	if (forward_target(op, json_integer_value(id), &to, err) < 0 ||
	    case_finish_open_steps(op, NULL, "已接收", true, err) < 0 ||
	    case_finish_open_steps(op, "process", "转报上级", true, err) < 0)
		return -1;
	bool handover = strcmp(op->c.current_level, "village") == 0;
	int due = CASE_NO_DATE;
	if (handover && case_handover_due(op->cal, date_of_epoch(op->c.created_at), op->c.urgent,
					  &due, err) < 0)
		return -1;
	int64_t seq;
	char name[200], due_text[11];
	snprintf(name, sizeof name, "%s%s", handover ? "代办转交" : "转报", to.name);
	case_date_text(due, due_text);
	if (case_next_step_seq(op, &seq, err) < 0 ||
	    db_exec_params(op->db, err,
			   "INSERT INTO case_steps (case_no, seq, kind, name, venue_id, actor_id, "
			   "started_at, due_date) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
			   "tittiiit", op->c.no, seq, handover ? "handover" : "forward", name,
			   to.id, op->who ? op->who->user_id : 0, op->now,
			   due == CASE_NO_DATE ? NULL : due_text) < 0)
		return -1;
	op->c.current_venue_id = to.id;
	const char *note = body_text(m->body, "note");
	snprintf(m->note, sizeof m->note, "%s%s%s", name, note ? "：" : "", note ? note : "");
	if (case_add_venue(op, to.id, err) < 0)
		return -1;
	return db_exec_params(op->db, err, "UPDATE cases SET holder_id = NULL WHERE no = ?", "t",
			      op->c.no) < 0
		   ? -1
		   : 0;
}

static int do_complete(struct move *m, struct bm_error *err)
{
	struct case_op *op = m->op;
	bool approved = strcmp(body_text(m->body, "outcome"), "approved") == 0;
	if (case_check_completion(approved, op->c.deferred && !op->c.supplied_at, err) < 0 ||
	    case_finish_open_steps(op, "process", approved ? "准予" : "不予批准", true, err) < 0)
		return -1;
	json_t *docs = json_object_get(m->body, "documents");
	char *docs_text = json_is_array(docs) ? json_dumps(docs, JSON_COMPACT) : strdup("[]");
	int64_t rc = db_exec_params(op->db, err,
				    "UPDATE cases SET completed_at = ?, outcome = ?, result = ?, "
				    "documents = ? WHERE no = ?",
				    "ittt"
				    "t",
				    op->now, body_text(m->body, "outcome"),
				    body_text(m->body, "result"), docs_text, op->c.no);
	free(docs_text);
	if (rc < 0 || stats_case_completed(op->db, op->c.no, err) < 0)
		return -1;
	/* The result travels back to where the citizen applied, for delivery there. */
	op->c.current_venue_id = op->c.origin_venue_id;
	snprintf(m->note, sizeof m->note, "%s：%s", approved ? "准予" : "不予批准",
		 body_text(m->body, "result"));
	return 0;
}

static const char *const delivery_methods[] = {"window_pickup", "post", "to_village", "to_door",
					       NULL};

static int do_deliver(struct move *m, struct bm_error *err)
{
	const char *note = body_text(m->body, "note");
	snprintf(m->note, sizeof m->note, "%s%s%s", body_text(m->body, "method"), note ? "：" : "",
		 note ? note : "");
	return db_exec_params(m->op->db, err,
			      "UPDATE cases SET delivered_at = ?, delivery = ? WHERE no = ?", "itt",
			      m->op->now, body_text(m->body, "method"), m->op->c.no) < 0
		   ? -1
		   : 0;
}

static int do_terminate(struct move *m, struct bm_error *err)
{
	struct case_op *op = m->op;
	snprintf(m->note, sizeof m->note, "%s", body_text(m->body, "reason"));
	if (case_finish_open_steps(op, NULL, "终止", false, err) < 0 ||
	    case_finish_open_steps(op, "process", "终止", false, err) < 0)
		return -1;
	return db_exec_params(op->db, err,
			      "UPDATE case_suspensions SET ended_at = ? WHERE case_no = ? "
			      "AND ended_at IS NULL",
			      "it", op->now, op->c.no) < 0
		   ? -1
		   : 0;
}

static const struct jcheck_field notice_spec[] = {
	{"materials", "告知材料", JC_STRINGS, false, 1, 100, 128, NULL, NULL},
	{"note", "备注", JC_TEXT, false, 0, 500, 0, NULL, NULL},
	{NULL, NULL, 0, false, 0, 0, 0, NULL, NULL},
};
static const struct jcheck_field deferred_spec[] = {
	{"promise", "承诺内容", JC_TEXT, true, 1, 500, 0, NULL, NULL},
	{"supply_date", "承诺补齐日期", JC_DATE, true, 0, 0, 0, NULL, NULL},
	{NULL, NULL, 0, false, 0, 0, 0, NULL, NULL},
};
static const struct jcheck_field accept_spec[] = {
	{"materials_received", "已收材料", JC_STRINGS, false, 0, 100, 128, NULL, NULL},
	{"deferred", "容缺受理", JC_OBJECT, false, 0, 0, 0, NULL, deferred_spec},
	{"note", "备注", JC_TEXT, false, 0, 500, 0, NULL, NULL},
	{NULL, NULL, 0, false, 0, 0, 0, NULL, NULL},
};
static const struct jcheck_field reject_spec[] = {
	{"reasons", "不予受理理由", JC_TEXT, false, 0, 1000, 0, NULL, NULL},
	{NULL, NULL, 0, false, 0, 0, 0, NULL, NULL},
};
static const struct jcheck_field suspend_spec[] = {
	{"reason_kind", "暂停原因类别", JC_ENUM, true, 0, 0, 0, suspend_kinds, NULL},
	{"reason", "暂停原因", JC_TEXT, true, 1, 500, 0, NULL, NULL},
	{NULL, NULL, 0, false, 0, 0, 0, NULL, NULL},
};
static const struct jcheck_field note_spec[] = {
	{"note", "备注", JC_TEXT, false, 0, 500, 0, NULL, NULL},
	{NULL, NULL, 0, false, 0, 0, 0, NULL, NULL},
};
static const struct jcheck_field forward_spec[] = {
	{"to_venue_id", "转交场所", JC_INT, true, 1, INT64_MAX, 0, NULL, NULL},
	{"note", "备注", JC_TEXT, false, 0, 500, 0, NULL, NULL},
	{NULL, NULL, 0, false, 0, 0, 0, NULL, NULL},
};
static const char *const outcomes[] = {"approved", "disapproved", NULL};
static const struct jcheck_field complete_spec[] = {
	{"outcome", "办理结果", JC_ENUM, true, 0, 0, 0, outcomes, NULL},
	{"result", "结果说明", JC_TEXT, true, 1, 1000, 0, NULL, NULL},
	{"documents", "结果文书", JC_STRINGS, false, 0, 20, 128, NULL, NULL},
	{NULL, NULL, 0, false, 0, 0, 0, NULL, NULL},
};
static const struct jcheck_field deliver_spec[] = {
	{"method", "送达方式", JC_ENUM, true, 0, 0, 0, delivery_methods, NULL},
	{"note", "备注", JC_TEXT, false, 0, 500, 0, NULL, NULL},
	{NULL, NULL, 0, false, 0, 0, 0, NULL, NULL},
};
static const struct jcheck_field terminate_spec[] = {
	{"reason", "终止理由", JC_TEXT, true, 1, 500, 0, NULL, NULL},
	{NULL, NULL, 0, false, 0, 0, 0, NULL, NULL},
};

static const struct {
	const struct jcheck_field *spec;
	int (*fn)(struct move *m, struct bm_error *err);
} actions[CASE_ACTION_COUNT] = {
	[CASE_ACTION_NOTICE] = {notice_spec, do_notice},
	[CASE_ACTION_ACCEPT] = {accept_spec, do_accept},
	[CASE_ACTION_REJECT] = {reject_spec, do_reject},
	[CASE_ACTION_SUSPEND] = {suspend_spec, do_suspend},
	[CASE_ACTION_RESUME] = {note_spec, do_resume},
	[CASE_ACTION_FORWARD] = {forward_spec, do_forward},
	[CASE_ACTION_COMPLETE] = {complete_spec, do_complete},
	[CASE_ACTION_DELIVER] = {deliver_spec, do_deliver},
	[CASE_ACTION_TERMINATE] = {terminate_spec, do_terminate},
};

/* One move on a loaded case whose place the caller was checked for. */
static int case_move(struct case_op *op, enum case_action action, json_t *body,
		     struct bm_error *err)
{
	struct move m = {.op = op, .body = body, .from = op->c.status};
	enum case_state to;
	if (case_check_move(m.from, action, op->c.accepted_at != 0, &to, err) < 0)
		return -1;
	json_t *before = case_core_json(op);
	if (actions[action].fn(&m, err) < 0) {
		json_decref(before);
		return -1;
	}
	op->c.status = to;
	if (case_save(op, err) < 0) {
		json_decref(before);
		return -1;
	}
	return case_record_change(op, case_action_name(action), m.from, before,
				  m.note[0] ? m.note : NULL, err);
}

/* Checks the caller and the body, loads the case and checks the caller may act on it here. */
static int begin_on_case(struct case_op *op, struct db *db, const struct principal *who,
			 int64_t now, const char *no, json_t *body, const struct jcheck_field *spec,
			 struct bm_error *err)
{
	memset(op, 0, sizeof *op);
	if ((who && auth_require(who, ACT_CASE_WRITE, err) < 0) ||
	    jcheck_object(body, spec, "", err) < 0 || case_op_begin(op, db, who, now, err) < 0)
		return -1;
	return case_load(op, no, err) < 0 ? -1 : case_require_here(op, err);
}

int case_act(struct db *db, const struct principal *who, int64_t now, const char *no,
	     enum case_action action, json_t *body, struct bm_error *err)
{
	if ((unsigned)action >= CASE_ACTION_COUNT)
		return bm_error_internal(err, "case_act: action out of range");
	json_t *empty = body ? NULL : json_object();
	struct case_op op;
	int rc =
	    begin_on_case(&op, db, who, now, no, body ? body : empty, actions[action].spec, err);
	if (rc == 0)
		rc = case_move(&op, action, body ? body : empty, err);
	case_op_end(&op);
	json_decref(empty);
	return rc;
}

static const struct jcheck_field materials_spec[] = {
	{"received", "收到的材料", JC_STRINGS, true, 1, 100, 128, NULL, NULL},
	{NULL, NULL, 0, false, 0, 0, 0, NULL, NULL},
};

int case_receive_materials(struct db *db, const struct principal *who, int64_t now, const char *no,
			   json_t *body, struct bm_error *err)
{
	struct case_op op;
	int rc = begin_on_case(&op, db, who, now, no, body, materials_spec, err);
	json_t *names = json_object_get(body, "received");
	if (rc == 0 && case_state_is_final(op.c.status))
		rc = bm_error_set(err, 409, "case_closed", "办件已%s，不能再收取材料",
				  case_state_label(op.c.status));
	json_t *before = rc == 0 ? case_core_json(&op) : NULL;
	if (rc == 0)
		rc = check_names_against_item(&op, names, "received", err);
	if (rc == 0)
		rc = mark_received(&op, names, err);
	if (rc == 0)
		rc = note_deferred_supplied(&op, err);
	if (rc == 0)
		rc = case_save(&op, err);
	if (rc == 0) {
		char note[NOTE_SIZE];
		size_t off = snprintf(note, sizeof note, "收到材料：");
		size_t i;
		json_t *n;
		json_array_foreach(names, i, n)
			if (off < sizeof note)
				off += snprintf(note + off, sizeof note - off, "%s%s",
						i ? "、" : "", json_string_value(n));
		rc = case_record_change(&op, "materials", op.c.status, before, note, err);
		before = NULL;
	}
	json_decref(before);
	case_op_end(&op);
	return rc;
}

static const struct jcheck_field advance_spec[] = {
	{"outcome", "环节结果", JC_STRING, false, 1, 200, 0, NULL, NULL},
	{NULL, NULL, 0, false, 0, 0, 0, NULL, NULL},
};

int case_advance(struct db *db, const struct principal *who, int64_t now, const char *no,
		 json_t *body, struct bm_error *err)
{
	struct case_op op;
	int64_t open = 0;
	int rc = begin_on_case(&op, db, who, now, no, body, advance_spec, err);
	if (rc == 0 && op.c.status != CASE_STATE_ACCEPTED)
		rc = bm_error_set(err, 409, "illegal_transition",
				  "办件当前状态为“%s”，不能推进办理环节",
				  case_state_label(op.c.status));
	if (rc == 0)
		rc = db_query_int(
			 op.db, err, &open,
			 "SELECT COUNT(*) FROM case_steps WHERE case_no = ? AND kind = 'process' "
			 "AND started_at IS NOT NULL AND finished_at IS NULL",
			 "t", op.c.no) < 0
			 ? -1
			 : 0;
	if (rc == 0 && open == 0)
		rc = bm_error_set(err, 409, "no_open_step", "没有正在办理的环节");
	json_t *before = rc == 0 ? case_core_json(&op) : NULL;
	const char *outcome = json_string_value(json_object_get(body, "outcome"));
	if (rc == 0)
		rc = case_finish_open_steps(&op, "process", outcome ? outcome : "完成", true, err);
	if (rc == 0)
		rc =
		    case_open_next_process_step(&op, err) < 0 ? -1 : case_steps_recompute(&op, err);
	if (rc == 0) {
		rc = case_record_change(&op, "advance", op.c.status, before, outcome, err);
		before = NULL;
	}
	json_decref(before);
	case_op_end(&op);
	return rc;
}

/* ---- 容缺 expiry ---- */

#define SWEEP_BATCH 200

struct sweep_ctx {
	int64_t now;
	int terminated;
};

static int sweep_txn(struct db *db, void *vctx, struct bm_error *err)
{
	struct sweep_ctx *ctx = vctx;
	int64_t now = ctx->now;
	char today[11], nos[SWEEP_BATCH][CASE_NO_SIZE];
	case_date_text(date_of_epoch(now), today);
	int n = 0, rc = DB_DONE, done = 0;
	struct db_stmt *st =
	    db_query(db, err,
		     "SELECT no, deferred_supply_date FROM cases "
		     "WHERE deferred_supply_date < ? AND deferred_supplied_at IS NULL "
		     "AND status IN ('accepted', 'forwarded', 'suspended') ORDER BY no",
		     "t", today);
	if (!st)
		return -1;
	while (n < SWEEP_BATCH && (rc = db_step(st, err)) == DB_ROW)
		if (case_deferred_expired(case_date_col(db_col_text(st, 1)), date_of_epoch(now)))
			snprintf(nos[n++], CASE_NO_SIZE, "%s", db_col_text(st, 0));
	db_reset(st);
	if (rc < 0)
		return -1;
	json_t *body = json_pack("{s:s}", "reason", "容缺材料逾期未补齐，终止办理");
	for (int i = 0; i < n && done >= 0; i++)
		done = case_act(db, NULL, now, nos[i], CASE_ACTION_TERMINATE, body, err) < 0
			   ? -1
			   : done + 1;
	json_decref(body);
	ctx->terminated = done;
	return done < 0 ? -1 : 0;
}

int case_sweep_deferred(struct db *db, int64_t now, struct bm_error *err)
{
	struct sweep_ctx ctx = {now, 0};
	return db_transaction(db, sweep_txn, &ctx, err) < 0 ? -1 : ctx.terminated;
}
