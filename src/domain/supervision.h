/*
** supervision.h — electronic supervision (电子监察, requirements.md §3): the engine that turns
** due dates and breaches into warnings, cards and breach alerts, and the lists read from them.
**
** What is watched (one `kind` each; the timing rules are supervision_rules.h):
**   case_due         an open case's due date (cases.due_date), paused while suspended;
**                    responsible: the holder at the current venue, else the 首问责任人
**   step_due         an open step (process step, village hand-over) and its due date;
**                    responsible: the step's actor, else the case's holder, else 首问责任人
**   inquiry_open     a first inquiry (首问) still open: due supervision_inquiry_days working
**                    days (default 1) after the day it was logged, warned on the due day only;
**                    responsible: the 首问责任人
**   petition_accept  a petition whose acceptance is not decided by accept_due
**   petition_reply   an accepted or transferred petition not answered by reply_due
**                    (responsible for both: the assignee, else who registered it)
**   late_step, notice_not_listed   breaches recorded by the case store (case_breaches): a step
**                    finished late, a material asked for that the one-time notice did not list;
**                    responsible: the user the breach names
**   window_gap       a window nobody is on duty at while its venue is open (duty.h, 窗口断档);
**                    responsible: the A holder, else the B holder
**   rectification_due  the rectification task of a 差评 (rating.h) not done by its due date:
**                    warned before, yellow when late, red after the extra time; responsible:
**                    the staff member rated
** Not watched, with the reason: refusal without reasons cannot happen (the case store refuses a
** rejection without reasons, 400 reasons_required; petitions likewise need decline reasons);
** fees not on the published list: no feature charges fees yet.
**
** Alerts (table supervision_alerts) are derived from audited changes and are not audited
** themselves, like duty_log; the accountability records made from them are (accountability.h).
** Timed alerts escalate in place and are closed (closed_by_fix = 1) when the matter is done;
** breach alerts stay open until the county supervisor records accountability for them.
**
** Settings: supervision_warn_days (default 1), supervision_red_days (the extra working days
** before a yellow card turns red, default 3), supervision_inquiry_days (default 1).
*/
#ifndef BM_SUPERVISION_H
#define BM_SUPERVISION_H

#include "core/error.h"
#include "domain/auth.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct db;

struct sv_settings {
	int warn_days;
	int red_days;
	int inquiry_days;
};
/* The settings in effect (defaults for unset or invalid values). */
int sv_settings_load(struct db *db, struct sv_settings *out, struct bm_error *err);

struct sv_stats {
	int64_t examined; /* matters looked at */
	int64_t opened, escalated, closed;
};

/* The full pass over every open matter near or past its due date, every new breach, every
 * window and every open alert. Runs in its own transaction (or the caller's). stats may be
 * NULL. Returns 0 or -1. */
int supervision_run(struct db *db, int64_t now, struct sv_stats *stats, struct bm_error *err);

/* The incremental pass after a change of one case: its due date, its steps and its new
 * breaches. Must run inside the transaction of the change. A calendar that does not cover the
 * dates involved skips the case rather than failing the change. Returns 0 or -1. */
int supervision_case_changed(struct db *db, const char *case_no, int64_t now, struct bm_error *err);

/* ---- reading ---- */

struct sv_filter {
	const char *org;   /* org code in scope (default: the caller's org) */
	const char *level; /* warning, yellow, red, breach, or NULL */
	const char *kind;  /* a kind above, or NULL */
	int open;          /* 1 open only, 0 closed only, -1 both */
	bool mine;         /* only alerts naming the caller, in any scope */
	int64_t person_id; /* only alerts naming this user (0: anyone) */
};

/* A page of alerts, the most serious first (docs/api.md "Supervision"). Needs
 * ACT_SUPERVISION_READ unless mine. 400 invalid_query, 403/404 for org. *items caller-owned. */
int supervision_alerts_list(struct db *db, const struct principal *who, const struct sv_filter *f,
                            int64_t limit, int64_t offset, json_t **items, int64_t *total,
                            struct bm_error *err);

/* Open alert counts per child org of `org` (default the caller's):
 * {org:{code,name}, total:{warning,yellow,red,breach}, items:[{code,name,level,warning,yellow,
 * red,breach}]}. *out caller-owned. */
int supervision_summary(struct db *db, const struct principal *who, const char *org, json_t **out,
                        struct bm_error *err);

/* The subtree a query names: the path of `org` when it is in the caller's scope (403/404
 * otherwise), else the caller's own path. */
int sv_scope_path(struct db *db, const struct principal *who, const char *org, char *path,
                  size_t size, struct bm_error *err);

/* One alert as JSON, in the caller's scope (404 alert_not_found otherwise). */
int supervision_alert_get(struct db *db, const struct principal *who, int64_t id, json_t **out,
                          struct bm_error *err);

#endif
