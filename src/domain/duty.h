/*
** duty.h — who is on duty (在岗), coverage, the AB reports, live gap alerts (窗口断档) and the
** duty history kept for assessment (F4).
**
** A window is in a gap when the venue is open (domain/hours.h) and nobody is on duty at it
** (window_on_duty_post(): A unless absent, else B unless absent). Coverage: every item the venue
** claimed must be served by an active window, through one of its active groups, with someone on
** duty today. The reports also list active posts without a B holder and people holding more
** posts than the setting "max_posts_per_person" allows (default DUTY_DEFAULT_MAX_POSTS; A and
** B posts both count).
**
** The history (table duty_log) is a sequence of intervals per window: on duty (user, post A or
** B) or gap (user NULL), only while the venue is open. It is derived, not entered: duty_sync()
** replays the time since the venue was last synced over the instants where the state can
** change (midnight, every opening and closing), using the current holders and absences, which
** have not changed since then because every change of them (windows, absences, hours) syncs
** before and after itself. So the history is exact however rarely it is synced; a stretch
** longer than DUTY_REPLAY_DAYS is cut to its last DUTY_REPLAY_DAYS days. duty_log rows are
** derived data and not audited (the changes that cause them are).
*/
#ifndef BM_DUTY_H
#define BM_DUTY_H

#include "core/error.h"

#include <jansson.h>
#include <stdint.h>

struct db;

#define DUTY_DEFAULT_MAX_POSTS 2
#define DUTY_REPLAY_DAYS 31

/* Brings the duty history of one venue up to `now`. Writes: run inside a transaction. */
int duty_sync(struct db *db, int64_t venue_id, int64_t now, struct bm_error *err);

/* duty_sync() for every venue where the user holds a post. */
int duty_sync_user(struct db *db, int64_t user_id, int64_t now, struct bm_error *err);

/* The setting max_posts_per_person (DUTY_DEFAULT_MAX_POSTS when unset or invalid). */
int duty_max_posts(struct db *db, int64_t *max, struct bm_error *err);

/* The venue manager's view at `now` (syncs first):
 *   {venue_id, at, date, open_now, max_posts,
 *    windows:[window (window.h) + {on_duty:{id,username,display_name,post}|null,
 *             a_absence, b_absence ({kind,kind_label,start_date,end_date}|null), gap, gap_since}],
 *    coverage:{claimed, covered, uncovered:[{code,name,reason,reason_label}]},
 *    no_b:[{id,number,name}], overloaded:[{user:{id,username,display_name}, posts,
 *    windows:[{venue_name,number,name,post}]}]}
 * reason: no_window (no active window's group covers it) or nobody_on_duty. */
int duty_board(struct db *db, int64_t venue_id, int64_t now, json_t **out, struct bm_error *err);

/* The live gaps of every venue under scope_path (each synced first), ordered by org and
 * window: [{venue:{id,name,org_code,org_name}, window:{id,number,name}, since,
 * a_user, b_user}] (holders as display names or null). */
int duty_gaps(struct db *db, const char *scope_path, int64_t now, json_t **items,
	      struct bm_error *err);

/* The history of a venue's windows over the days [from, to] ('YYYY-MM-DD'; syncs first):
 * {items:[{window:{id,number,name}, user:{id,username,display_name}|null, post, gap,
 * started_at, ended_at (null: running), minutes}], gap_minutes (total)}. */
int duty_history(struct db *db, int64_t venue_id, const char *from, const char *to,
		 int64_t now, json_t **out, struct bm_error *err);

/* The public post board (岗位公示) at `now`, nothing private (no ids, usernames or
 * absences): {venue:{id,name,hours,phone}, open_now, windows:[{number,name,kind,kind_label,
 * status (on_duty|vacant), on_duty:{name,post}|null, a_name, b_name, items:[{code,name}]}]}
 * with the active windows only. Reads only. 404 venue_not_found. */
int duty_public_posts(struct db *db, int64_t venue_id, int64_t now, json_t **out,
		      struct bm_error *err);

#endif
