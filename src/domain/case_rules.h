/*
** case_rules.h — the rules a case (办件) obeys, without storage: which moves are legal, when it
** is due, and what counts as a breach of 一次性告知 (requirements.md §3 "Working rules").
**
** Everything here is a pure function of its arguments and the working-day calendar, so the
** persistence layer (case.c, later) calls these inside its transaction and the rules are tested
** without a database. Dates are day numbers (date.h); nothing here reads the clock.
**
** The moves (the table in case_rules.c is the authority; case_transition() reads it):
**
**   draft, notified, forwarded   notice → notified, accept → accepted,
**                                reject → rejected_at_intake, forward → forwarded,
**                                terminate → terminated (but a forwarded case that was
**                                accepted earlier takes no notice or reject: case_check_move())
**   accepted                     suspend → suspended, forward → forwarded,
**                                complete → completed, terminate → terminated
**   suspended                    resume → accepted, terminate → terminated
**   completed                    deliver → delivered
**   rejected_at_intake, delivered, terminated   none (final)
**
** A notice from "notified" is a later request for materials: it is allowed, and every material
** on it that the first notice did not list is a breach (case_request_is_breach()). After
** acceptance, 补正 is a suspension. Forwarding does not stop the clock; only suspending does.
**
** 容缺受理 is not a state of its own. A case accepted with secondary materials outstanding is
** "accepted" and carries a flag (and the promised supply date) in its record: its clock, steps,
** suspensions and forwarding work exactly like any accepted case, and a separate state would
** double those rows and need the history to know where "resume" returns to. What the flag
** changes is checked by case_check_completion() (no approval while materials are outstanding)
** and case_deferred_expired() (terminate when the date passes unmet).
*/
#ifndef BM_CASE_RULES_H
#define BM_CASE_RULES_H

#include "core/calendar.h"
#include "core/error.h"

#include <jansson.h>
#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

enum case_state {
	CASE_STATE_DRAFT,              /* "draft" 登记中: intake, materials being checked */
	CASE_STATE_NOTIFIED,           /* "notified" 已一次性告知: waiting for missing materials */
	CASE_STATE_ACCEPTED,           /* "accepted" 已受理 (also 容缺受理): the clock runs */
	CASE_STATE_FORWARDED,          /* "forwarded" 转办中: handed to another venue, in transit */
	CASE_STATE_SUSPENDED,          /* "suspended" 暂停计时中: 补正, hearing, inspection ... */
	CASE_STATE_COMPLETED,          /* "completed" 已办结: decided, approved or not */
	CASE_STATE_REJECTED_AT_INTAKE, /* "rejected_at_intake" 不予受理, with stated reasons */
	CASE_STATE_DELIVERED,          /* "delivered" 已送达: the result reached the applicant */
	CASE_STATE_TERMINATED,         /* "terminated" 已终止: withdrawn, or 容缺 materials unmet */
	CASE_STATE_COUNT
};

/* The actions of POST /api/v1/cases/{no}/{action}. */
enum case_action {
	CASE_ACTION_NOTICE,    /* "notice" 一次性告知 */
	CASE_ACTION_ACCEPT,    /* "accept" 受理 */
	CASE_ACTION_REJECT,    /* "reject" 不予受理 */
	CASE_ACTION_SUSPEND,   /* "suspend" 暂停计时 */
	CASE_ACTION_RESUME,    /* "resume" 恢复计时 */
	CASE_ACTION_FORWARD,   /* "forward" 转办 (village → town hand-over, town → county 转报) */
	CASE_ACTION_COMPLETE,  /* "complete" 办结 */
	CASE_ACTION_DELIVER,   /* "deliver" 送达 */
	CASE_ACTION_TERMINATE, /* "terminate" 终止办理 */
	CASE_ACTION_COUNT
};

/* Names are the stable snake_case words of the API and the database; labels are Chinese, for
 * people. All four answer NULL for a value out of range. The strings are static. */
const char *case_state_name(enum case_state state);
const char *case_state_label(enum case_state state);
const char *case_action_name(enum case_action action);
const char *case_action_label(enum case_action action);

/* The value with this exact name. Returns 0, or -1 (and *out untouched) for an unknown name. */
int case_state_parse(const char *name, enum case_state *out);
int case_action_parse(const char *name, enum case_action *out);

/* True for the states no action leaves: delivered, rejected_at_intake, terminated. (completed
 * is not final: it still awaits delivery.) */
bool case_state_is_final(enum case_state state);

/* The state that `act` leads to from `from`, by the transition table. Fails with 409
 * "illegal_transition" ("办件当前状态为“已办结”，不能执行“暂停计时”") when the table has no such
 * move, or 500 for a value out of range. *to is written only on success. */
int case_transition(enum case_state from, enum case_action act, enum case_state *to,
		    struct bm_error *err);

/* case_transition() plus the one rule the state alone cannot tell: whether the case was ever
 * accepted (accepted_at is set). A case accepted at one venue and forwarded to another stays
 * accepted — its clock keeps running from the first acceptance — so the receiving venue may
 * "accept" it (that records receipt and changes no due date) but may no longer issue a one-time
 * notice or refuse it at intake: 409 "already_accepted" (补正 goes through "suspend", a refusal
 * is a completion with outcome 不予批准). */
int case_check_move(enum case_state from, enum case_action act, bool accepted_before,
		    enum case_state *to, struct bm_error *err);

/* Whether a case may be completed with this outcome: an approval (准予) waits until the
 * promised 容缺 materials are in, 409 "deferred_materials_outstanding"; a disapproval may be
 * decided at any time. Returns 0 or -1. */
int case_check_completion(bool approved, bool deferred_outstanding, struct bm_error *err);

/* ---- deadlines (限时办结) ---- */

/* A day number that is no date: an open step's finish date, for instance. */
#define CASE_NO_DATE INT_MIN

/* The item's kind, as item documents spell it: "instant" 即办件, "promised" 承诺件. */
enum case_kind {
	CASE_KIND_INSTANT,
	CASE_KIND_PROMISED,
};
int case_kind_parse(const char *name, enum case_kind *out); /* 0, or -1 when unknown */

/* The due date of a case accepted on accept_date: for a 承诺件, promised_days working days
 * later, the day of acceptance not counted (accepted Wed 2025-04-30 with 1 day: 2025-05-06).
 * Returns 1 with *due set; 0 for a 即办件, which is done on the spot and has no due date (*due
 * untouched, promised_days ignored); -1 with *err: 400 "invalid_promised_days" for a 承诺件
 * with fewer than 1 day, or a calendar error ("calendar_year_not_loaded" ...). */
int case_due_date(const struct calendar *cal, int accept_date, int promised_days,
		  enum case_kind kind, int *due, struct bm_error *err);

/* The working days a suspension from pause_start to pause_end does not count: those in
 * (pause_start, pause_end]. The rule, in whole days since times of day are not compared: the
 * day the clock stops was a day of work on the case (it was handled until it was suspended),
 * and the day it restarts is not counted, exactly like the day of acceptance — resuming is a
 * fresh start of the remaining time, as 补正 materials received restart it under 行政许可法.
 * Suspending and resuming on the same day therefore pauses nothing. The counted time of a case
 * is then (accept, pause_start] plus (pause_end, due], and the arithmetic composes: several
 * pauses add up, in any order. 400 "invalid_pause" when pause_end is before pause_start. */
int case_paused_days(const struct calendar *cal, int pause_start, int pause_end, int *days,
		     struct bm_error *err);

/* The due date after a suspension: `due` plus case_paused_days() working days. This holds
 * whether the pause ends before or after the old due date; a case already overdue when it was
 * suspended stays overdue by the same working days. Returns 0 or -1. */
int case_extend_for_pause(const struct calendar *cal, int due, int pause_start, int pause_end,
			  int *new_due, struct bm_error *err);

/* One process step (办理环节) of a case. Steps run one after another: a step starts when the
 * previous one finished (the first when the case was accepted), or, while the previous is still
 * open, at the previous one's due date — so future steps show planned due dates. */
struct case_step_time {
	int days;     /* in: the step's own limit in working days (>= 0) */
	int paused;   /* in: working days it was suspended, case_paused_days() summed (>= 0) */
	int finished; /* in: the day it finished, or CASE_NO_DATE while open */
	int due;      /* out: start + days + paused working days, the start day not counted */
};

/* Fills steps[i].due for all n steps. 400 "invalid_step_days" for a negative days or paused
 * value, or a calendar error. Returns 0 or -1 (then some due dates may be unset). */
int case_steps_due(const struct calendar *cal, int accept_date, struct case_step_time *steps,
		   size_t n, struct bm_error *err);

/* A step finished (or, while it is open, looked at on) `date` is late when `date` is after its
 * due date; working on the due date itself is on time. A late step is a breach even when the
 * case as a whole ends on time, which case_is_late() answers in the same way. */
bool case_step_is_late(int step_due, int date);
bool case_is_late(int due, int date);

/* ---- village agency (帮办代办) ---- */

#define CASE_HANDOVER_DAYS 3

/* When a village agent must have handed the materials received on received_date to the town
 * window: CASE_HANDOVER_DAYS working days later (the day of receipt not counted), or the same
 * day when urgent. Returns 0 or -1 (a calendar error). */
int case_handover_due(const struct calendar *cal, int received_date, bool urgent, int *due,
		      struct bm_error *err);

/* ---- 容缺受理 ---- */

/* Whether supply_date is an acceptable promise for the outstanding 容缺 materials of a case
 * accepted on accept_date with promised_days: no earlier than the acceptance and no later than
 * the promised due date (case_due_date()). 400 "invalid_supply_date" naming both bounds
 * otherwise; 400 "invalid_promised_days" when promised_days < 1 (a 即办件 has no time limit
 * to promise against). Returns 0 or -1. */
int case_deferred_supply_valid(const struct calendar *cal, int accept_date, int promised_days,
			       int supply_date, struct bm_error *err);

/* True when the promised supply date has passed (today is after it) and the case is to be
 * terminated if the materials are still outstanding. */
bool case_deferred_expired(int supply_date, int today);

/* ---- 一次性告知 ---- */

/* True when asking for `material_name` after the one-time notice breaches it: the notice did
 * not list that material. notice_materials is the notice's list as stored, a JSON array whose
 * elements are material names or objects with a "name" member; names compare exactly, after
 * trimming ASCII white space. No notice at all (NULL, or not an array) lists nothing, so every
 * later request is a breach. An empty or NULL material_name requests nothing: false. */
bool case_request_is_breach(json_t *notice_materials, const char *material_name);

#endif
