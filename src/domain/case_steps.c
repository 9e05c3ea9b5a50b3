/*
** case_steps.c — the steps of a case: hand-overs and forwards between venues, and the item's
** process steps (办理环节) with their due dates (see case_internal.h).
**
** A hand-over (village → town) or forward (转报) runs from the forward until the receiving venue
** takes the case up. Process steps are created from the item at the first acceptance, the first
** one open; their due dates are always recomputed together by case_steps_due(), since each
** starts when the previous one finished (or, while that is open, at its due date). A step
** finished after its due date is a late_step breach.
*/
#include "domain/case_internal.h"

#include "core/date.h"
#include "db/db.h"

#include <stdio.h>
#include <string.h>

/* Finishes the open steps of `kind` ("process", or NULL for hand-overs and forwards), with
 * `outcome`; when check_late, a step finished after its due date is a late_step breach. */
int case_finish_open_steps(struct case_op *op, const char *kind, const char *outcome,
			   bool check_late, struct bm_error *err)
{
	struct open_step {
		int64_t seq;
		char name[128];
		int due;
	} open[8];
	int n = 0, rc = DB_DONE;
	struct db_stmt *st =
	    db_query(op->db, err,
		     "SELECT seq, name, due_date FROM case_steps WHERE case_no = ? "
		     "AND started_at IS NOT NULL AND finished_at IS NULL "
		     "AND ((CAST(? AS TEXT) IS NULL AND kind <> 'process') OR kind = ?) "
		     "ORDER BY seq",
		     "ttt", op->c.no, kind, kind);
	if (!st)
		return -1;
	while (n < 8 && (rc = db_step(st, err)) == DB_ROW) {
		open[n].seq = db_col_int(st, 0);
		snprintf(open[n].name, sizeof open[n].name, "%s", db_col_text(st, 1));
		open[n].due = case_date_col(db_col_text(st, 2));
		n++;
	}
	db_reset(st);
	if (rc < 0)
		return -1;
	int64_t actor = op->who ? op->who->user_id : 0;
	for (int i = 0; i < n; i++) {
		if (db_exec_params(op->db, err,
				   "UPDATE case_steps SET finished_at = ?, outcome = ?, "
				   "actor_id = COALESCE(NULLIF(CAST(? AS BIGINT), 0), actor_id) "
				   "WHERE case_no = ? AND seq = ?",
				   "ititi", op->now, outcome, actor, op->c.no, open[i].seq) < 0)
			return -1;
		if (check_late && open[i].due != CASE_NO_DATE &&
		    case_step_is_late(open[i].due, op->today)) {
			char due[11], detail[300];
			case_date_text(open[i].due, due);
			snprintf(detail, sizeof detail, "环节“%s”应于 %s 前完成，逾期 %d 天后完成",
				 open[i].name, due, op->today - open[i].due);
			if (case_add_breach(op, "late_step", detail, err) < 0)
				return -1;
		}
	}
	return kind ? case_steps_recompute(op, err) : 0;
}

/* Opens the first process step not yet started, at the current venue. Returns 1 when one was
 * opened, 0 when none is left. */
int case_open_next_process_step(struct case_op *op, struct bm_error *err)
{
	int64_t seq = 0;
	int found =
	    db_query_int(op->db, err, &seq,
			 "SELECT seq FROM case_steps WHERE case_no = ? AND kind = 'process' "
			 "AND started_at IS NULL ORDER BY seq LIMIT 1",
			 "t", op->c.no);
	if (found <= 0)
		return found;
	if (db_exec_params(op->db, err,
			   "UPDATE case_steps SET started_at = ?, venue_id = ?, actor_id = ? "
			   "WHERE case_no = ? AND seq = ?",
			   "iiiti", op->now, op->c.current_venue_id, op->who ? op->who->user_id : 0,
			   op->c.no, seq) < 0)
		return -1;
	return 1;
}

int case_next_step_seq(struct case_op *op, int64_t *seq, struct bm_error *err)
{
	return db_query_int(op->db, err, seq,
			    "SELECT COALESCE(MAX(seq), 0) + 1 FROM case_steps WHERE case_no = ?",
			    "t", op->c.no) < 0
		   ? -1
		   : 0;
}

/* The item's process steps, the first one open. */
int case_create_process_steps(struct case_op *op, json_t *item, struct bm_error *err)
{
	int64_t seq;
	if (case_next_step_seq(op, &seq, err) < 0)
		return -1;
	size_t i;
	json_t *s;
	json_array_foreach(json_object_get(item, "steps"), i, s) {
		json_t *days = json_object_get(s, "days");
		if (db_exec_params(
			op->db, err,
			"INSERT INTO case_steps (case_no, seq, kind, name, days) "
			"VALUES (?, ?, 'process', ?, ?)",
			"titi", op->c.no, seq + (int64_t)i,
			json_string_value(json_object_get(s, "name")),
			(int64_t)(json_is_integer(days) ? json_integer_value(days) : 0)) < 0)
			return -1;
	}
	if (case_open_next_process_step(op, err) < 0)
		return -1;
	return case_steps_recompute(op, err);
}

/* Moves the due dates of the open hand-over/forward steps by `paused` working days. */
int case_extend_open_hops(struct case_op *op, int paused, struct bm_error *err)
{
	struct db_stmt *st =
	    db_query(op->db, err,
		     "SELECT seq, due_date FROM case_steps WHERE case_no = ? "
		     "AND kind <> 'process' AND finished_at IS NULL AND due_date IS NOT NULL",
		     "t", op->c.no);
	if (!st)
		return -1;
	int64_t seqs[8];
	int dues[8], n = 0, rc = DB_DONE;
	while (n < 8 && (rc = db_step(st, err)) == DB_ROW) {
		seqs[n] = db_col_int(st, 0);
		dues[n++] = case_date_col(db_col_text(st, 1));
	}
	db_reset(st);
	if (rc < 0)
		return -1;
	for (int i = 0; i < n; i++) {
		int due;
		char text[11];
		if (calendar_add_working_days(op->cal, dues[i], paused, &due, err) < 0)
			return -1;
		case_date_text(due, text);
		if (db_exec_params(
			op->db, err,
			"UPDATE case_steps SET due_date = ? WHERE case_no = ? AND seq = ?", "tti",
			text, op->c.no, seqs[i]) < 0)
			return -1;
	}
	return 0;
}

#define MAX_STEPS 32

int case_steps_recompute(struct case_op *op, struct bm_error *err)
{
	if (op->c.accepted_at == 0)
		return 0;
	struct case_step_time steps[MAX_STEPS];
	int64_t seqs[MAX_STEPS];
	size_t n = 0;
	struct db_stmt *st = db_query(op->db, err,
				      "SELECT seq, days, paused, finished_at FROM case_steps "
				      "WHERE case_no = ? AND kind = 'process' ORDER BY seq",
				      "t", op->c.no);
	if (!st)
		return -1;
	int rc = DB_DONE;
	while (n < MAX_STEPS && (rc = db_step(st, err)) == DB_ROW) {
		seqs[n] = db_col_int(st, 0);
		steps[n].days = (int)db_col_int(st, 1);
		steps[n].paused = (int)db_col_int(st, 2);
		steps[n].finished =
		    db_col_is_null(st, 3) ? CASE_NO_DATE : date_of_epoch(db_col_int(st, 3));
		n++;
	}
	db_reset(st);
	if (rc < 0 || case_steps_due(op->cal, date_of_epoch(op->c.accepted_at), steps, n, err) < 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		char due[11];
		case_date_text(steps[i].due, due);
		if (db_exec_params(
			op->db, err,
			"UPDATE case_steps SET due_date = ? WHERE case_no = ? AND seq = ?", "tti",
			due, op->c.no, seqs[i]) < 0)
			return -1;
	}
	return 0;
}
