/*
** stats.h — maintained statistics (issue 8): counters per (org, local day) for the dashboard and
** the bulletins, kept in stats_daily by the events themselves, and the records behind a figure.
**
** Every counter is the count of one kind of event, dated by the Asia/Shanghai day it happened
** and filed under the org of the venue concerned:
**   received            a case registered (its receiving venue, created_at)
**   completed, on_time  a case reaching 办结 (its receiving venue, completed_at); on time when
**                       that day is on or before its due date (a 即办件 has none: on time)
**   overdue             a 黄牌 raised on a case (supervision kind case_due; the alert's org)
**   ratings, satisfied, bad   a rating given and not excluded by an upheld appeal (the rating's
**                       org, created_at); satisfied = the first three levels, bad = 差评
**   bad_rectified_on_time     a 差评 whose rectification was done by its due date (filed under
**                       the rating's org and day, so that it is a part of `bad`)
**   warnings, yellow_cards, red_cards   a supervision alert opened as a warning, reaching
**                       yellow, reaching red (any kind; the alert's org and the time of the step)
**   petitions, petitions_closed, petitions_on_time   a petition registered, closed (declined
**                       or closed), closed on or before its reply (else acceptance) due date
**   window_gaps         a window-gap alert (窗口断档) opened
**   open_post_seconds, staffed_seconds, a_post_seconds   window time while the venue was open,
**                       from the duty history (duty_log, domain/duty.h) when an interval ends
**                       (the venue's org, the day the interval started): all of it, the part
**                       someone was on duty (A or B), the part the A holder was. Coverage
**                       (在岗率) = staffed / open, attendance (A岗出勤率) = A / open.
**
** The hooks below are each called from the one place their event happens, inside that event's
** transaction. stats_rebuild() recomputes every counter from the base tables; the maintained
** counters must always equal a rebuild (tests check it; `bianmin stats rebuild --check`).
*/
#ifndef BM_STATS_H
#define BM_STATS_H

#include "core/error.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

struct db;

/* The counters, in the order of struct stats_totals and of the stats_daily columns. */
enum stats_measure {
	STATS_RECEIVED,
	STATS_COMPLETED,
	STATS_ON_TIME,
	STATS_OVERDUE,
	STATS_RATINGS,
	STATS_SATISFIED,
	STATS_BAD,
	STATS_BAD_RECTIFIED_ON_TIME,
	STATS_WARNINGS,
	STATS_YELLOW_CARDS,
	STATS_RED_CARDS,
	STATS_PETITIONS,
	STATS_PETITIONS_ON_TIME,
	STATS_PETITIONS_CLOSED,
	STATS_WINDOW_GAPS,
	STATS_OPEN_POST_SECONDS,
	STATS_STAFFED_SECONDS,
	STATS_A_POST_SECONDS,
	STATS_MEASURES
};

/* The stable snake_case name (also the column name), or NULL out of range. Static strings. */
const char *stats_measure_name(enum stats_measure m);

struct stats_totals {
	long received;  /* cases registered in the range (by the receiving venue's org) */
	long completed; /* cases that reached 办结 in the range */
	long on_time;   /* of those, completed on or before their due date */
	long overdue;   /* cases that went overdue (黄牌 raised on a case) in the range */
	long ratings;   /* ratings counted (given in the range, not excluded by appeal) */
	long satisfied; /* of those, 非常满意/满意/基本满意 */
	long bad;       /* of those, 差评 (不满意/非常不满意) */
	long bad_rectified_on_time; /* of those 差评, rectified on time */
	long warnings, yellow_cards,
	    red_cards;          /* supervision alerts raised in the range, all kinds */
	long petitions;         /* petitions registered in the range */
	long petitions_on_time; /* petitions closed in the range within their limit */
	long petitions_closed;  /* petitions closed in the range */
	long window_gaps;       /* window-gap alerts (窗口断档) raised in the range */
	long open_post_seconds; /* window time while open, duty intervals started in the range */
	long staffed_seconds;   /* of it, someone on duty (A or B) */
	long a_post_seconds;    /* of it, the A holder on duty */
};

/* The counter `m` of a totals struct (m in range). */
long *stats_totals_at(struct stats_totals *t, enum stats_measure m);

/* Totals over the org's whole subtree and the days from_day..to_day ('YYYY-MM-DD', inclusive),
 * read from the maintained counters. 404 "org_not_found", 400 "invalid_date" (error.field
 * "from"/"to"). Returns 0 or -1 with err filled. */
int stats_totals_for(struct db *db, const char *org_code, const char *from_day, const char *to_day,
                     struct stats_totals *out, struct bm_error *err);

/* The records behind one figure, newest first: a JSON array (caller owns) of objects with
 * {"kind": "case"|"rating"|"alert"|"petition"|"duty", "id", "no" (cases, ratings: the case;
 * petitions), "org_code", "org_name", "venue_name", "item_name" (cases, ratings; duty: the
 * window), "day", "at", "due_date", "title" (alerts, petitions; duty: who was on duty),
 * "level" (ratings, alerts; duty: "A", "B" or "gap"), "seconds" (duty only)}. A case's "id" is
 * its number's digits (20250926-000001 -> 20250926000001). measure is one of the stable names
 * above, "late" (completed after the due date), "gap_seconds" (duty intervals nobody was on)
 * or "not_a_post_seconds" (intervals the A holder was not on). Unknown measure -> 400
 * "unknown_measure". *total gets the full count; limit/offset page the array. Returns 0 or -1. */
int stats_records(struct db *db, const char *measure, const char *org_code, const char *from_day,
                  const char *to_day, long limit, long offset, json_t **out, long *total,
                  struct bm_error *err);

/* ---- the dashboard: figures from the counters only ---- */

enum stats_bucket { STATS_BY_DAY, STATS_BY_WEEK, STATS_BY_MONTH, STATS_BY_ALL };

/* Counters and their rates as one JSON object (caller owns): every measure by name, "late"
 * (completed - on_time), and on_time_rate, satisfaction_rate, rectification_rate,
 * petition_on_time_rate, coverage_rate (staffed / open post time), attendance_rate (A / open
 * post time) (0..1 to three decimals; null when the denominator is 0). */
json_t *stats_figures_json(const long c[STATS_MEASURES]);

/* Per org at `level` ("town", "village"; NULL: the level below the org's) in org's subtree and
 * per bucket of the range: {"org": {code, name, level}, "from", "to", "by", "level",
 * "buckets": ["2025-09", ...], "series": [{"org_code", "org_name", "self", "values": [figures
 * per bucket]}]}. Rows of the org itself (e.g. the county centre) form a line of their own with
 * "self": true, listed only when it has counters. Buckets are named by their first day (day,
 * week: Monday) or 'YYYY-MM'. 400 "invalid_query" (level), "range_too_long" (> 800 buckets). */
int stats_series(struct db *db, const char *org_code, const char *from_day, const char *to_day,
                 enum stats_bucket by, const char *level, json_t **out, struct bm_error *err);

/* The range's totals and one item per child org: {"org", "from", "to", "total": figures,
 * "items": [{"org_code", "org_name", "self", figures...}]}. */
int stats_summary(struct db *db, const char *org_code, const char *from_day, const char *to_day,
                  json_t **out, struct bm_error *err);

/* ---- the hooks: each called once, inside the event's transaction ---- */

int stats_case_received(struct db *db, const char *case_no, struct bm_error *err);
int stats_case_completed(struct db *db, const char *case_no, struct bm_error *err);
/* An alert was opened or escalated at `now` (after the row is written). */
int stats_alert_raised(struct db *db, int64_t alert_id, int64_t now, struct bm_error *err);
/* A rating starts counting (+1, after it is stored) or stops (-1: an upheld appeal, called
 * before the rating is marked excluded). */
int stats_rating_counted(struct db *db, int64_t rating_id, int delta, struct bm_error *err);
/* The rectification of this rating was closed (after the row is written). */
int stats_rectified(struct db *db, int64_t rating_id, struct bm_error *err);
int stats_petition_registered(struct db *db, int64_t petition_id, struct bm_error *err);
/* Declined or closed (after closed_at is written). */
int stats_petition_closed(struct db *db, int64_t petition_id, struct bm_error *err);
/* A duty_log interval ended (after ended_at is written). */
int stats_duty_ended(struct db *db, int64_t duty_log_id, struct bm_error *err);

/* Recomputes every counter from the base tables (grouped scans), replacing stats_daily. Run it
 * inside a transaction. *rows (may be NULL) gets the number of (org, day) rows written. */
int stats_rebuild(struct db *db, long *rows, struct bm_error *err);

/* Migration 0012 leaves the setting stats_rebuild = 'pending': a database upgraded with history
 * of its own needs its counters computed once. Runs the rebuild and clears the setting in one
 * transaction of its own; does nothing when nothing is pending. Returns 1 when it rebuilt (rows
 * as for stats_rebuild; may be NULL), 0 when there was nothing to do, -1 on error. */
int stats_rebuild_if_pending(struct db *db, long *rows, struct bm_error *err);

/* Compares the maintained counters with a rebuild, changing nothing (the rebuild is rolled
 * back). *mismatches gets the number of (org, day, measure) counters that differ; each is
 * described on `report` when it is not NULL. */
int stats_check(struct db *db, long *mismatches, void (*report)(const char *line, void *ctx),
                void *ctx, struct bm_error *err);

#endif
