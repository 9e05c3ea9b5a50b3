/*
** case_internal.h — what the case modules share (case_intake.c, case_actions.c, case_view.c,
** case_common.c); not for use outside src/domain/case_*.c.
**
** Files: case_common.c (loading, scope, saving, events and audit), case_steps.c (steps),
** case_intake.c, case_actions.c (moves), case_view.c (JSON).
**
** One operation on one case runs with a struct case_op: the database in its open transaction,
** the caller (NULL for the system), "now", today's date and the working-day calendar, and the
** case row as loaded. Every change goes through case_record_change(), which writes the timeline
** event and the audit entry together, so that no move escapes either.
*/
#ifndef BM_CASE_INTERNAL_H
#define BM_CASE_INTERNAL_H

#include "core/calendar.h"
#include "core/error.h"
#include "domain/auth.h"
#include "domain/case_rules.h"
#include "domain/case_store.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

struct db;

/* The columns of a case that the rules need (the rest is read by case_view.c). */
struct case_row {
	char no[CASE_NO_SIZE];
	enum case_state status;
	char item_code[48];
	int64_t item_version;
	enum case_kind kind;
	int promised_days;
	bool urgent;
	int64_t origin_venue_id;
	int64_t current_venue_id;
	char current_org[16]; /* the current venue's org */
	char current_org_path[256];
	char current_level[16]; /* county, town, village */
	int64_t created_at;
	int64_t accepted_at; /* 0 while never accepted */
	int due;             /* CASE_NO_DATE when none */
	bool deferred;       /* accepted under 容缺 */
	int supply_date;     /* CASE_NO_DATE when not deferred */
	int64_t supplied_at; /* 0 while 容缺 materials are outstanding */
	char phone[32];
	char track_key[40];
};

struct case_op {
	struct db *db;
	const struct principal *who; /* NULL: the system (sweeps) */
	int64_t now;
	int today;
	const struct calendar *cal;
	void *cal_handle;
	struct case_row c;
};

/* Fills op (calendar acquired) without loading a case. Release with case_op_end(). */
int case_op_begin(struct case_op *op, struct db *db, const struct principal *who, int64_t now,
		  struct bm_error *err);
void case_op_end(struct case_op *op);

/* Loads case `no` into op->c. 404 "case_not_found". */
int case_load(struct case_op *op, const char *no, struct bm_error *err);

/* Read scope: 404 "case_not_found" unless a venue the case passed through lies in the
 * caller's subtree (a foreign case is not even admitted to exist). */
int case_require_read_scope(struct case_op *op, struct bm_error *err);

/* Write scope: the case is at a venue of the caller's own org (403 "out_of_scope"). */
int case_require_here(struct case_op *op, struct bm_error *err);
/* Whether the caller's org holds the case now (the test case_require_here() makes after the
 * scope): only then may it act on the case. True without a caller (the system). */
bool case_held_by_caller(const struct case_op *op);

/* Records that the case reached venue_id (scope). */
int case_add_venue(struct case_op *op, int64_t venue_id, struct bm_error *err);

/* The audit actor of op ({0,"system"} for the system). */
struct audit_actor case_actor(const struct case_op *op);

/* Writes the timeline event and the audit entry of one move from `from` to op->c.status
 * ("case.<action>"); `note` may be NULL. The audit's before/after are the case's core
 * fields; `before` is stolen. */
int case_record_change(struct case_op *op, const char *action, enum case_state from, json_t *before,
		       const char *note, struct bm_error *err);

/* The core fields of the case as stored now (for audit before/after). Caller owns. */
json_t *case_core_json(struct case_op *op);

/* Writes the fields of op->c that actions change: status, current venue, dates, 容缺. */
int case_save(struct case_op *op, struct bm_error *err);

/* Records a breach against the case (at the current venue, by the caller). */
int case_add_breach(struct case_op *op, const char *kind, const char *detail, struct bm_error *err);

/* ---- steps (case_steps.c) ---- */

/* Finishes the open steps of `kind` ("process", or NULL for hand-overs and forwards) with
 * `outcome`; when check_late, one finished after its due date is a late_step breach. */
int case_finish_open_steps(struct case_op *op, const char *kind, const char *outcome,
			   bool check_late, struct bm_error *err);
/* Opens the first process step not yet started, at the current venue. Returns 1 when one was
 * opened, 0 when none is left, -1 on error. */
int case_open_next_process_step(struct case_op *op, struct bm_error *err);
/* The next free step number of the case. */
int case_next_step_seq(struct case_op *op, int64_t *seq, struct bm_error *err);
/* The item's process steps (at the first acceptance), the first one open. */
int case_create_process_steps(struct case_op *op, json_t *item, struct bm_error *err);
/* Moves the due dates of the open hand-over/forward steps by `paused` working days. */
int case_extend_open_hops(struct case_op *op, int paused, struct bm_error *err);
/* Recomputes the due dates of the process steps (case_steps_due) after a step finished or a
 * pause ended. */
int case_steps_recompute(struct case_op *op, struct bm_error *err);

/* The item document of the case's version (caller owns *doc). */
int case_item_doc(struct case_op *op, json_t **doc, struct bm_error *err);

/* 400 "unknown_material" (field "<field>[i]") unless every name in the JSON array `names`
 * is a material of the item (item_materials: the item document's "materials"). */
int case_check_material_names(json_t *item_materials, json_t *names, const char *field,
			      struct bm_error *err);

/* Date helpers: "YYYY-MM-DD" or CASE_NO_DATE for NULL/invalid, and back. */
int case_date_col(const char *text);
void case_date_text(int date, char out[11]);

/* The user, as {username, display_name}, or JSON null. Caller owns. */
json_t *case_user_json(struct db *db, int64_t user_id);

#endif
